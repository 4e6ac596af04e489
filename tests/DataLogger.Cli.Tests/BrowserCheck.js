// Opens a page in Debian's headless Chromium at phone size and reports what a person would see.
// node BrowserCheck.js URL SCREENSHOT.png [DARK_SCREENSHOT.png]  ->  one line of JSON
const { chromium } = require('playwright-core');
(async () => {
  const [url, screenshot, darkScreenshot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
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
      };
    });
    await page.screenshot({ path: screenshot, fullPage: true });

    // The narrowest phone the page is made for, and the dark scheme.
    await page.setViewportSize({ width: 360, height: 740 });
    report.pageWidth360 = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize({ width: 390, height: 844 });
    const colours = () => ({ background: getComputedStyle(document.body).backgroundColor, ink: getComputedStyle(document.body).color });
    report.light = await page.evaluate(colours);
    await page.emulateMedia({ colorScheme: 'dark' });
    report.dark = await page.evaluate(colours);
    if (darkScreenshot) {
      await page.screenshot({ path: darkScreenshot, fullPage: true });
    }

    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(error.message); process.exit(1); });
