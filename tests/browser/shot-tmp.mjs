import { chromium } from 'playwright-core';
const [,, url, out, width, scroll] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: Number(width || 1280), height: 1400 } });
await page.goto(url);
if (scroll) await page.evaluate((y) => window.scrollTo(0, Number(y)), scroll);
await page.screenshot({ path: out });
await browser.close();
