#!/usr/bin/env node
// Save-to-visible latency of `safeguard serve`: starts the preview on a site, opens a
// page in Chromium, then repeatedly edits the page's source and times how long the new
// text takes to appear in the open tab. Prints the median and the worst.
//
//   node bench/preview_latency.mjs SITE_ROOT CONTENT_FILE URL_PATH [ROUNDS]
//
// Run from tests/browser's node_modules: NODE_PATH=tests/browser/node_modules.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.resolve('tests/browser/package.json'));
const { chromium } = require('playwright-core');
const [root, file, urlPath, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 20);
const bin = process.env.SAFEGUARD_BIN ?? 'target/release/safeguard';

const child = spawn(bin, ['serve', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
if (process.env.SHOW_SERVE) child.stdout.on('data', (d) => process.stderr.write(d));
const base = await new Promise((resolve) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/http:\/\/[^/\s]+\//);
    if (m) resolve(m[0]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(base + urlPath);
// An author opens the page, then edits: let the first load settle before timing.
await page.waitForLoadState('networkidle');
await new Promise((r) => setTimeout(r, 1000));
const source = path.join(root, file);
const original = readFileSync(source, 'utf8');
const times = [];
try {
  for (let i = 0; i < rounds; i += 1) {
    const marker = `Latency marker ${i} ${Date.now()}`;
    const started = performance.now();
    writeFileSync(source, `${original}\n${marker}\n`);
    await page.waitForFunction((m) => document.body?.textContent.includes(m), marker, { polling: 'raf', timeout: 30_000 });
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 150));
  }
} finally {
  writeFileSync(source, original);
  await browser.close();
  child.kill();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`save to visible over ${rounds} edits: median ${median.toFixed(0)} ms, worst ${times.at(-1).toFixed(0)} ms (${root})`);
