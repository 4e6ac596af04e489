// Adds a note through the page's form in Debian's headless Chromium at phone size, as a person would, and reports
// what the page then shows: the note listed, its marker on the chart and its text on a tap, at 390 and 360 px, light
// and dark; and that the token was kept on the phone.
// node NotesCheck.js PAGE_URL TOKEN TEXT SCREENSHOT.png DARK_SCREENSHOT.png  ->  one line of JSON
const { chromium } = require('playwright-core');

// Taps the chart on the note's line (from the view's data file, as the page's script reads it); what the page says then.
async function tapNote(page, text) {
  const target = await page.evaluate(async (text) => {
    const box = document.querySelector('.chart[data-view]');
    const data = await (await fetch(box.getAttribute('data-view'), { cache: 'no-cache' })).json();
    const note = (data.notes || []).find(n => n.text === text);
    if (!note) return null;
    const img = box.querySelector('img');
    img.scrollIntoView({ block: 'center' });
    const narrow = data.charts.narrow && img.currentSrc.indexOf('-narrow.png') >= 0;
    const chart = narrow ? data.charts.narrow : data.charts.wide;
    const rect = img.getBoundingClientRect(), k = rect.width / chart.width, p = chart.plot;
    const x = p[0] + (note.timestamp - data.start) / (data.end - data.start) * (p[2] - p[0]);
    return { x: rect.left + x * k, y: rect.top + (p[1] + (p[3] - p[1]) * 0.75) * k, number: note.number, narrow };
  }, text);
  if (!target) return null;
  await page.touchscreen.tap(target.x, target.y);
  await page.waitForSelector('.tapped:not([hidden])', { timeout: 5000 });
  return { number: target.number, narrow: target.narrow, text: await page.evaluate(() => document.querySelector('.tapped').textContent) };
}

(async () => {
  const [url, token, text, screenshot, darkScreenshot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const report = { tokenAskedFirst: await page.isVisible('.note-form .token input', { timeout: 1000 }).catch(() => false) };
    await page.click('.add-note summary');
    report.tokenAskedFirst = await page.isVisible('.note-form .token input');
    await page.fill('.note-form input[name=text]', text);
    await page.fill('.note-form input[name=token]', token);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('.note-form button')]);
    report.backAt = page.url();
    report.tokenKept = await page.evaluate(() => window.localStorage.getItem('datalogger-token'));

    // run draws it with its next update: the page reloads itself; here, until the note is listed (at most 30 s).
    for (let i = 0; i < 60; i++) {
      const listed = await page.evaluate(t => [...document.querySelectorAll('.notes li')].some(li => li.textContent.includes(t)), text);
      if (listed) break;
      await page.waitForTimeout(500);
      await page.reload({ waitUntil: 'load' });
    }
    await page.evaluate(() => document.fonts.ready);
    report.notes = await page.evaluate(() => [...document.querySelectorAll('.notes li')].map(li => li.textContent.trim()));
    await page.click('.add-note summary');
    report.tokenAskedAgain = await page.isVisible('.note-form .token input');
    report.ages = await page.evaluate(() => [...document.querySelectorAll('.when')].map(p => p.textContent.trim()));
    report.tap390 = await tapNote(page, text);
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    report.pageWidth360 = await page.evaluate(() => document.documentElement.scrollWidth);
    report.tap360 = await tapNote(page, text);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    report.tapDark = await tapNote(page, text);
    await page.screenshot({ path: darkScreenshot, fullPage: true });

    // The week: the same note on its chart and under it.
    await page.goto(new URL('7d.html', url).toString(), { waitUntil: 'load' });
    report.weekNotes = await page.evaluate(() => [...document.querySelectorAll('.notes li')].map(li => li.textContent.trim()));
    report.weekTap = await tapNote(page, text);
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(error.stack || error.message); process.exit(1); });
