import { chromium } from 'playwright-core';
const [,, url, out, width, y, h] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: Number(width || 1200), height: Number(h || 1400) } });
await p.goto(url);
await p.evaluate((y) => window.scrollTo(0, y), Number(y || 0));
await p.screenshot({ path: out });
await b.close();
