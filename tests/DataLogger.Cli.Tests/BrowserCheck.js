// Opens a page in Debian's headless Chromium at phone size and reports what a person would see.
// node BrowserCheck.js URL SCREENSHOT.png [DARK_SCREENSHOT.png]  ->  one line of JSON
const { chromium } = require('playwright-core');
// Taps the chart where a reading a third of the way in is drawn (from the view's data file, as the page's script
// reads it) and reports that reading, what the page then says, and whether the mark shows.
async function tap(page) {
  const target = await page.evaluate(async () => {
    const box = document.querySelector('.chart[data-view]');
    if (!box) return null;
    const data = await (await fetch(box.getAttribute('data-view'))).json();
    const rows = data.bands || data.readings;
    const row = rows[Math.floor(rows.length / 3)];
    const img = box.querySelector('img');
    img.scrollIntoView({ block: 'center' });
    const narrow = data.charts.narrow && img.currentSrc.indexOf('-narrow.png') >= 0;
    const chart = narrow ? data.charts.narrow : data.charts.wide;
    const rect = img.getBoundingClientRect(), k = rect.width / chart.width, p = chart.plot;
    const value = data.bands ? row[2] : row[1];
    const x = p[0] + (row[0] - data.start) / (data.end - data.start) * (p[2] - p[0]);
    const y = p[3] - (value - chart.celsius[0]) / (chart.celsius[1] - chart.celsius[0]) * (p[3] - p[1]);
    return { row, x: rect.left + x * k, y: rect.top + y * k, narrow };
  });
  if (!target) return null;
  await page.touchscreen.tap(target.x, target.y);
  await page.waitForSelector('.tapped:not([hidden])', { timeout: 5000 });
  return await page.evaluate(t => {
    const mark = document.querySelector('.chart .mark');
    const m = mark.getBoundingClientRect();
    return { row: t.row, narrow: t.narrow, text: document.querySelector('.tapped').textContent,
             markOff: Math.hypot(m.left + m.width / 2 - t.x, m.top + m.height / 2 - t.y), markShown: !mark.hidden };
  }, target);
}

(async () => {
  const [url, screenshot, darkScreenshot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const report = await page.evaluate(() => {
      const image = document.querySelector('picture img');
      const text = (selector) => document.querySelector(selector)?.textContent?.trim() ?? null;
      return {
        imageNaturalWidth: image ? image.naturalWidth : 0,
        imageSource: image ? image.currentSrc : null,
        imageShownWidth: image ? image.getBoundingClientRect().width : 0,
        latest: text('.now .c'),
        stale: text('.stale'),
        tabs: [...document.querySelectorAll('.tabs a')].map(a => a.textContent.trim()),
        current: text('.tabs a[aria-current]'),
        stats: [...document.querySelectorAll('.stats dd')].map(d => d.textContent.trim()),
        pageWidth: document.documentElement.scrollWidth,
        images: [...document.querySelectorAll('picture img')].map(i => ({ source: i.currentSrc, naturalWidth: i.naturalWidth })),
        series: [...document.querySelectorAll('.series h2')].map(h => h.textContent.trim()),
        latests: [...document.querySelectorAll('.now .c')].map(c => c.textContent.trim()),
        font: document.fonts.check('16px "Humor Sans"') && [...document.fonts].some(f => f.family.includes('Humor Sans') && f.status === 'loaded'),
        forecast: text('.forecast'),
        records: [...document.querySelectorAll('.records tbody tr')].map(r => [...r.children].map(c => c.textContent.trim())),
        target: text('.target'),
        download: document.querySelector('.downloads a')?.getAttribute('href') ?? null,
      };
    });
    report.tap390 = await tap(page);
    if (report.download) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('.downloads a')]);
      const fs = require('fs');
      const lines = fs.readFileSync(await download.path(), 'utf8').split('\n').filter(l => l.length > 0);
      report.csv = { name: download.suggestedFilename(), header: lines[0], rows: lines.length - 1, first: lines[1] ?? null, last: lines[lines.length - 1] };
    }
    await page.screenshot({ path: screenshot, fullPage: true });

    // The narrowest phone the page is made for, and the dark scheme.
    await page.setViewportSize({ width: 360, height: 740 });
    report.pageWidth360 = await page.evaluate(() => document.documentElement.scrollWidth);
    report.tap360 = await tap(page);
    await page.setViewportSize({ width: 390, height: 844 });
    const colours = () => ({ background: getComputedStyle(document.body).backgroundColor, ink: getComputedStyle(document.body).color });
    report.light = await page.evaluate(colours);
    await page.emulateMedia({ colorScheme: 'dark' });
    report.dark = await page.evaluate(colours);
    report.tapDark = await tap(page);
    if (darkScreenshot) {
      await page.screenshot({ path: darkScreenshot, fullPage: true });
    }

    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(error.message); process.exit(1); });
