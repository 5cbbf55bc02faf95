import { chromium } from 'playwright-core';
import fs from 'node:fs';
const [file, width, out, ...offsets] = process.argv.slice(2);
fs.writeFileSync('/tmp/crop.html', `<html><body style="margin:0"><img src="file://${file}" style="display:block"></body></html>`);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--allow-file-access-from-files'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 1500 } });
await page.goto('file:///tmp/crop.html');
await page.waitForLoadState('load');
for (const [i, y] of offsets.entries()) {
  await page.evaluate((y) => window.scrollTo(0, Number(y)), y);
  await page.screenshot({ path: `${out}-${i}.png` });
}
await browser.close();
