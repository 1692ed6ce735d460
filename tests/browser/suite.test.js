// Every page safeguard generates, proven in a real browser: axe-core with the WCAG
// 2.0, 2.1 and 2.2 A and AA rules, the Nu HTML Checker, internal links and
// fragments, keyboard use of a self-check, and screenshots to look at.
//
// Each site is built with the real binary into a fresh folder and served on
// loopback at its base path. Run with `npm test` in this folder (see README).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { checkLinks, collectRefs, focused, htmlFiles, runAxe, runVnu, urlOf } from './lib/checks.js';
import { REPO, binary, build, manyReturns, scaffold, scaffoldWithAdditions, searchFixture } from './lib/sites.js';
import { serve } from './lib/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const WIDTHS = [1280, 375];

/** The sites every check runs on. Each new kind of page joins through one of them. */
const SITES = [
  { name: 'example', root: () => REPO },
  { name: 'example-public', root: () => REPO, args: ['--audience', 'public'] },
  { name: 'kitchen-sink', root: () => path.join(REPO, 'tests', 'sites', 'kitchen-sink'), args: ['--drafts'] },
  { name: 'scaffold', root: scaffold },
  { name: 'scaffold-added', root: scaffoldWithAdditions },
  { name: 'many-returns', root: manyReturns },
];

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The machine has no network: keep Chromium from reaching for one.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/**
 * Builds and serves a site, then visits every page once: axe results, references,
 * ids, JavaScript errors and status per page.
 */
async function inspect(name, root, args = []) {
  const site = build(name, root, args);
  const server = await serve(site.output, site.basePath);
  const files = htmlFiles(site.output);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pages = {};
  const axe = {};
  const failures = [];
  let current = '';
  page.on('pageerror', (e) => failures.push(`${current}: script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`${current}: console error: ${m.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url() !== page.url()) failures.push(`${current}: HTTP ${res.status()} for ${res.url()}`);
  });
  for (const file of files) {
    current = file;
    const response = await page.goto(server.base + urlOf(file), { waitUntil: 'load' });
    if (response.status() !== 200) failures.push(`${file}: HTTP ${response.status()}`);
    pages[file] = await collectRefs(page);
    axe[file] = await runAxe(page);
  }
  // The narrow layout is a different page to axe: target sizes, stacking, contrast.
  await page.setViewportSize({ width: 375, height: 800 });
  for (const file of files) {
    current = `${file} at 375px`;
    await page.goto(server.base + urlOf(file), { waitUntil: 'load' });
    axe[current] = await runAxe(page);
  }
  await context.close();
  return { site, server, files, pages, axe, failures };
}

function axeReport(axe) {
  const lines = [];
  for (const [file, violations] of Object.entries(axe)) {
    for (const v of violations) {
      for (const n of v.nodes) lines.push(`${file}: ${v.rule} (${v.impact}): ${v.help}\n    at ${n.target}\n    ${n.summary?.replaceAll('\n', '\n    ')}`);
    }
  }
  return lines;
}

/** The pass mark: nothing found. Shared by every site and by the broken-site test. */
export function assertClean(what, problems) {
  assert.equal(problems.length, 0, `${problems.length} ${what}:\n${problems.join('\n')}`);
}

for (const spec of SITES) {
  describe(`${spec.name} site`, () => {
    let r;

    before(async () => {
      r = await inspect(spec.name, spec.root(), spec.args);
    });

    after(async () => {
      await r?.server.close();
    });

    test('has pages to check, each served with status 200 and no script errors', () => {
      assert.ok(r.files.length >= 3, `only ${r.files.length} pages`);
      assertClean('page failures', r.failures);
    });

    test('axe-core finds no WCAG 2.2 A or AA violation on any page', () => {
      assertClean('axe violations', axeReport(r.axe));
    });

    test('the Nu HTML Checker finds no error or warning on any page', () => {
      const vnu = runVnu(r.site.output);
      assert.equal(vnu.checked, r.files.length);
      assertClean('HTML errors', vnu.errors);
      assertClean('HTML warnings', vnu.warnings);
    });

    test('every internal link, image, script and fragment resolves', () => {
      const { problems } = checkLinks(r.site, r.server, r.pages);
      assertClean('broken references', problems);
    });

    test('screenshots of each kind of page at 1280 and 375 pixels', async () => {
      // Of each kind, the page with the most in it shows the most that could go wrong.
      const byKind = new Map();
      for (const [file, { kind }] of Object.entries(r.pages)) {
        const name = kind.replace(/^kind-/, '');
        const size = statSync(path.join(r.site.output, file)).size;
        if (!byKind.has(name) || byKind.get(name).size < size) byKind.set(name, { file, size });
      }
      const dir = path.join(SCREENSHOTS, spec.name);
      mkdirSync(dir, { recursive: true });
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        for (const [kind, { file }] of byKind) {
          await page.goto(r.server.base + urlOf(file));
          // Nothing may scroll sideways: WCAG 1.4.10 reflow at 320 CSS pixels and up.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          assert.ok(overflow <= 0, `${file} scrolls sideways by ${overflow}px at ${width}px wide`);
          await page.screenshot({ path: path.join(dir, `${kind}-${width}.png`), fullPage: true });
        }
        await context.close();
      }
      for (const kind of ['home', '404']) {
        assert.ok(byKind.has(kind), `no ${kind} page in ${spec.name}: ${[...byKind.keys()]}`);
      }
    });
  });
}

describe('keyboard use', () => {
  let site;
  let server;

  before(async () => {
    site = build('keyboard', REPO);
    server = await serve(site.output, site.basePath);
  });

  after(async () => {
    await server?.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`a self-check is answered with the keyboard alone, focus always visible (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.base}training/legislation/`);
      const steps = [];
      const step = async (expectation) => {
        const f = await focused(page);
        assert.ok(f, `nothing focused after ${steps.join(' → ')}`);
        steps.push(`${f.tag}${f.type ? `[${f.type}]` : ''} "${f.text}"`);
        assert.ok(f.visible, `focus is not visible on ${steps.at(-1)}`);
        assert.ok(f.inView, `focused element is off screen: ${steps.at(-1)}`);
        assert.ok(f.unobscured, `focused element is covered: ${steps.at(-1)}`);
        if (expectation) expectation(f);
        return f;
      };

      // The first Tab reaches the skip link, and it takes focus to the main content.
      await page.keyboard.press('Tab');
      await step((f) => assert.equal(f.text, 'Skip to main content'));
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

      // Tab on through the page until the first question's options.
      let f;
      for (let i = 0; i < 200; i += 1) {
        await page.keyboard.press('Tab');
        f = await step();
        if (f.tag === 'input' && f.type === 'radio') break;
      }
      assert.equal(f?.type, 'radio', `never reached a question: ${steps.join(' → ')}`);
      const question = await page.evaluate(() => {
        const fieldset = document.activeElement.closest('fieldset');
        const options = [...fieldset.querySelectorAll('.option')];
        return {
          id: fieldset.id,
          right: options.findIndex((o) => o.querySelector('.feedback-right')),
          count: options.length,
        };
      });
      const feedback = (index) =>
        page.evaluate(
          ({ id, index }) => {
            const option = document.querySelectorAll(`#${id} .option`)[index];
            const shown = option.querySelector('.feedback');
            return {
              checked: option.querySelector('input').checked,
              visible: shown.checkVisibility(),
              text: shown.textContent,
            };
          },
          { id: question.id, index },
        );

      // Space chooses the focused option; the arrow keys move to the others.
      await page.keyboard.press('Space');
      await step();
      const wrong = question.right === 0 ? 1 : 0;
      if (wrong === 1) {
        await page.keyboard.press('ArrowDown');
        await step();
      }
      let shown = await feedback(wrong);
      assert.ok(shown.checked && shown.visible, `wrong answer gave no feedback: ${JSON.stringify(shown)}`);
      assert.match(shown.text, /^Not quite\./);

      for (let i = wrong; i !== question.right; ) {
        const key = i < question.right ? 'ArrowDown' : 'ArrowUp';
        await page.keyboard.press(key);
        i += key === 'ArrowDown' ? 1 : -1;
        await step();
      }
      shown = await feedback(question.right);
      assert.ok(shown.checked && shown.visible, `right answer gave no feedback: ${JSON.stringify(shown)}`);
      assert.match(shown.text, /^Correct\./);
      if (javaScriptEnabled) {
        // Screen readers hear the feedback too.
        const live = await page.evaluate((id) => document.querySelector(`#${id} [aria-live]`)?.textContent, question.id);
        assert.equal(live, shown.text);
      }

      // Tab leaves the radio group for "Show the answer", which Enter opens.
      await page.keyboard.press('Tab');
      await step((s) => assert.equal(s.tag, 'summary'));
      await page.keyboard.press('Enter');
      assert.ok(await page.evaluate((id) => document.querySelector(`#${id} details`).open, question.id));

      // The answered state, feedback showing, passes axe too (axe itself needs JavaScript).
      if (javaScriptEnabled) {
        const violations = await runAxe(page);
        assertClean('axe violations after answering', axeReport({ 'training/legislation/': violations }));
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `keyboard-answered-js-${javaScriptEnabled ? 'on' : 'off'}.png`) });
      await context.close();
    });
  }

  test('on a phone the menu folds behind one button that opens with the keyboard, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.base}training/legislation/`);
    const menu = () =>
      page.evaluate(() => {
        const nav = document.querySelector('nav[aria-label="Main"]');
        const shown = [...nav.querySelectorAll('a')].filter((a) => a.checkVisibility());
        const main = document.querySelector('main').getBoundingClientRect().top;
        return { links: shown.length, main, open: nav.querySelector('details').open };
      });
    const folded = await menu();
    assert.equal(folded.links, 0, 'no menu links are shown until the menu is opened');
    assert.ok(folded.main < 320, `the page starts ${folded.main}px down, under the menu`);
    // Tab to the Menu button (past the skip link, the brand and the search form).
    let f;
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press('Tab');
      f = await focused(page);
      assert.ok(f.visible, `focus is not visible on ${f.tag} "${f.text}"`);
      if (f.tag === 'summary') break;
    }
    assert.equal(f.text, 'Menu');
    await page.keyboard.press('Enter');
    const open = await menu();
    assert.ok(open.open && open.links >= 3, `the menu did not open: ${JSON.stringify(open)}`);
    await page.keyboard.press('Tab');
    f = await focused(page);
    assert.equal(f.tag, 'a', 'Tab goes on into the menu');
    assert.ok(f.visible && f.inView, `focus is not visible on the first menu link "${f.text}"`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-menu-open.png') });
    // A wide screen shows the row of links and no button.
    await page.setViewportSize({ width: 1280, height: 800 });
    const wide = await page.evaluate(() => ({
      button: document.querySelector('.nav-fold summary').checkVisibility(),
      links: [...document.querySelectorAll('nav[aria-label="Main"] .nav-row a')].filter((a) => a.checkVisibility()).length,
    }));
    assert.deepEqual({ button: wide.button, some: wide.links >= 3 }, { button: false, some: true });
    await context.close();
  });
});

describe('search', () => {
  let site;
  let server;

  before(async () => {
    site = build('search', REPO);
    server = await serve(site.output, site.basePath);
  });

  after(async () => {
    await server?.close();
  });

  const results = (page) =>
    page.evaluate(() => [...document.querySelectorAll('[data-search-results] > li h2 a')].map((a) => a.getAttribute('href')));

  test('a query typed in the header box finds the page, and the results pass axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const loaded = [];
    page.on('request', (req) => loaded.push(new URL(req.url()).pathname));
    await page.goto(`${server.base}training/legislation/`);
    await page.getByRole('searchbox', { name: /^Search / }).fill('inquiries reviews');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=inquiries\+reviews$/);
    const status = page.locator('[data-search-status]');
    await status.filter({ hasText: 'results for' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('searchbox').inputValue(), 'inquiries reviews');
    assert.equal((await results(page))[0], '../training/learning-from-reviews/');
    assert.ok(await page.locator('[data-search-nojs]').isHidden(), 'the no-JavaScript notice is hidden');
    // Only the pieces of the index the query needs: the entry, a few word pieces,
    // and the pieces of the results shown (two results to a piece).
    const pieces = loaded.filter((p) => p.includes('/search/') && p.endsWith('.js'));
    const words = pieces.filter((p) => /\/search\/w-/.test(p));
    const held = pieces.filter((p) => /\/search\/f\/\d+\.js$/.test(p));
    const shown = (await results(page)).length;
    assert.ok(words.length <= 4, `loaded ${words.length} word pieces: ${words}`);
    assert.equal(new Set(held).size, held.length, `a piece loaded twice: ${held}`);
    assert.ok(held.length >= Math.ceil(shown / 2) && held.length <= shown, `${held.length} result pieces for ${shown} results: ${held}`);
    assert.equal(pieces.length, 1 + words.length + held.length, String(pieces));
    assertClean('axe violations on the results', axeReport({ 'search/?q=…': await runAxe(page) }));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-results.png'), fullPage: true });

    // A word that is on no page says so; the start of a word is enough.
    await page.getByRole('searchbox').fill('zzqqxx');
    await status.filter({ hasText: 'No results for “zzqqxx”. Try fewer' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await results(page), []);
    await page.getByRole('searchbox').fill('safeguardi');
    await status.filter({ hasText: 'results for “safeguardi”' }).waitFor({ timeout: 10_000 });
    assert.ok((await results(page)).length >= 5);

    // The first result leads to its page.
    await page.getByRole('searchbox').fill('inquiries reviews');
    await status.filter({ hasText: 'results for “inquiries reviews”' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-search-results] h2 a').first().click();
    await page.waitForURL(/\/training\/learning-from-reviews\/$/);
    await context.close();
  });

  test('a site opened from a folder on disk searches too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`file://${path.join(site.output, 'search', 'index.html')}?q=section+11`);
    await page.locator('[data-search-status]').filter({ hasText: 'results for' }).waitFor({ timeout: 10_000 });
    assert.ok((await results(page)).includes('../papers/2016-09-section-11-audit/'), String(await results(page)));
    await context.close();
  });

  test('without JavaScript the search page says what to do instead', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.base}search/?q=reviews`);
    const notice = page.locator('[data-search-nojs]');
    assert.ok(await notice.isVisible());
    assert.match(await notice.textContent(), /Search needs JavaScript/);
    await context.close();
  });
});

/** Runs `query` on the search page of `base` and reads what it shows. */
async function searchFor(page, base, query) {
  await page.goto(`${base}search/?q=${encodeURIComponent(query)}`);
  const status = page.locator('[data-search-status]');
  await status.filter({ hasText: /results? for|No results/ }).waitFor({ timeout: 10_000 });
  return {
    status: (await status.textContent()).trim(),
    results: await page.evaluate(() => [...document.querySelectorAll('[data-search-results] > li')].map((li) => ({
      href: li.querySelector('h2 a').getAttribute('href'),
      excerpt: li.querySelector('.search-result-excerpt')?.textContent ?? '',
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      sections: [...li.querySelectorAll('.search-result-sections a')].map((a) => a.getAttribute('href')),
    }))),
  };
}

describe('search finds what people mean', () => {
  let site;
  let server;
  let context;
  let page;

  before(async () => {
    site = build('find', searchFixture());
    server = await serve(site.output, site.basePath);
    context = await browser.newContext();
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await server?.close();
  });

  const hrefs = (found) => found.results.map((r) => r.href);

  test('a word finds its other forms, with or without accents and capitals', async () => {
    const plural = await searchFor(page, server.base, 'inquiries');
    assert.deepEqual(hrefs(plural).sort(), ['../accent/', '../plural/']);
    const accent = plural.results.find((r) => r.href === '../accent/');
    assert.ok(accent.marks.includes('inquiry'), JSON.stringify(accent));
    const bare = await searchFor(page, server.base, 'CLIMBIE');
    assert.deepEqual(hrefs(bare), ['../accent/']);
    assert.ok(bare.results[0].marks.includes('Climbié'), JSON.stringify(bare.results[0]));
  });

  test('a number with a point is one word', async () => {
    const found = await searchFor(page, server.base, '6.4');
    assert.deepEqual(hrefs(found), ['../standard/'], 'not the page with a 6 and a 4');
    assert.deepEqual(found.results[0].marks, ['6.4']);
  });

  test('words in quotes must stand side by side; without quotes they need not', async () => {
    const phrase = await searchFor(page, server.base, '"duty to cooperate"');
    assert.deepEqual(hrefs(phrase), ['../phrase/']);
    assert.equal(phrase.status, '1 result for "duty to cooperate".');
    const loose = await searchFor(page, server.base, 'duty to cooperate');
    assert.deepEqual(hrefs(loose).sort(), ['../phrase/', '../reversed/']);
    const none = await searchFor(page, server.base, '“cooperate duty”');
    assert.deepEqual(hrefs(none), []);
  });

  test('a common word’s longer forms and pairs are found past all its other pairs', async () => {
    assert.deepEqual(hrefs(await searchFor(page, server.base, '"care plan"')), ['../plan/']);
    assert.deepEqual(hrefs(await searchFor(page, server.base, 'carers')), ['../carers/']);
    assert.ok(hrefs(await searchFor(page, server.base, 'care')).includes('../carers/'), 'the start of a word is enough');
  });

  test('words together in a title come first', async () => {
    const found = await searchFor(page, server.base, 'safer recruitment checks');
    assert.deepEqual(hrefs(found), ['../together/', '../apart/']);
  });

  test('a result shows the words it matched, from deep in a long page, and links to their section', async () => {
    const found = await searchFor(page, server.base, 'zebracrossing');
    assert.equal(found.results.length, 1);
    const [r] = found.results;
    // A few words either side of the match, not the page's start or all of it.
    assert.match(r.excerpt, /^… filler5[0-9] .* A rare word, zebracrossing, stands here\. .* …$/);
    assert.ok(r.excerpt.split(' ').length < 40, r.excerpt);
    assert.deepEqual(r.marks, ['zebracrossing']);
    assert.deepEqual(r.sections, ['../long/#deep-down']);
    assertClean('axe violations on an excerpt', axeReport({ 'search/?q=zebracrossing': await runAxe(page) }));
  });

  test('a glossary entry is a result of its own, at its place on the glossary page', async () => {
    const found = await searchFor(page, server.base, 'cspr');
    assert.equal(found.results[0].href, '../glossary/#cspr');
    assert.equal(found.results[0].excerpt, 'Child Safeguarding Practice Review');
    await page.locator('[data-search-results] h2 a').first().click();
    await page.waitForURL(/\/glossary\/#cspr$/);
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), 'cspr');
  });

  test('a misspelt word is offered the word the site uses, and the offer works', async () => {
    const found = await searchFor(page, server.base, 'recruitmnet');
    assert.deepEqual(hrefs(found), []);
    assert.equal(found.status, 'No results for “recruitmnet”. Did you mean recruitment?');
    await page.locator('[data-search-suggestion]').click();
    const status = page.locator('[data-search-status]');
    await status.filter({ hasText: 'results for “recruitment”' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('searchbox').inputValue(), 'recruitment');
    assert.match(page.url(), /\?q=recruitment$/);
    // Nothing near: no offer.
    const far = await searchFor(page, server.base, 'qqqqqqq');
    assert.match(far.status, /Try fewer or different words\.$/);
  });
});

describe('search on 10,000 pages', () => {
  test('a query loads at most 40 KB of the index', { timeout: 600_000 }, async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sg-10k-')), 'site');
    execFileSync('python3', [path.join(REPO, 'bench', 'pages_corpus.py'), dir, '10000']);
    const site = build('10k', dir, [], 600_000);
    const server = await serve(site.output, site.basePath);
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname.includes('/search/') && r.url().includes('.js')) {
        bytes += (await r.body()).length;
      }
    });
    try {
      const sizes = {};
      // A word on every page, a rare pair, a number, a phrase, a misspelling, three words.
      for (const q of ['module', 'module 4989', 'lscb', '"multi-agency safeguarding"', 'safegaurding', 'details measure value']) {
        bytes = 0;
        const found = await searchFor(page, server.base, q);
        await page.waitForLoadState('networkidle');
        sizes[q] = bytes;
        assert.ok(found.results.length > 0 || /Did you mean/.test(found.status), `${q}: ${found.status}`);
      }
      const over = Object.entries(sizes).filter(([, b]) => b > 40 * 1024);
      assert.deepEqual(over, [], `loaded per query: ${JSON.stringify(sizes)}`);
    } finally {
      await context.close();
      await server.close();
    }
  });
});

describe('print', () => {
  let site;
  let server;
  let context;
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-pdf-'));

  before(async () => {
    site = build('print', REPO);
    server = await serve(site.output, site.basePath);
    context = await browser.newContext();
  });

  after(async () => {
    await context?.close();
    await server?.close();
  });

  /** Prints a page to PDF as a browser's "Save as PDF" does; the text of each page. */
  async function printed(url, name) {
    const page = await context.newPage();
    await page.goto(server.base + url);
    const file = path.join(dir, `${name}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    await page.close();
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
    const text = [];
    for (let n = 1; n <= pages; n += 1) {
      text.push(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }));
    }
    return { info, text };
  }
  const firstLines = (page, n = 3) => page.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, n).join(' / ');

  test('a paper prints on A4, its cover sheet first and its body from a fresh page, numbered', async () => {
    const { info, text } = await printed('papers/2016-09-section-11-audit/', 'paper');
    assert.match(info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    assert.match(text[0], /Cover sheet/i);
    assert.match(text[0], /Purpose of the report/);
    const body = text.findIndex((t) => t.includes('1. Background and current situation'));
    assert.ok(body > 0, 'the body is not on the first page');
    assert.ok(!text[body].includes('Purpose of the report') && !text[body].includes('Report sign-off'), `cover and body share page ${body + 1}`);
    // The body's page starts with the body: its contents list, or its first heading.
    assert.match(firstLines(text[body]), /^(Contents|1\. Background and current situation)/);
    assert.match(text[0], new RegExp(`Page 1 of ${text.length}`));
    // The menu and search box are for the screen.
    assert.ok(!text[0].includes('Committee papers') || !text[0].includes('Annual reports'), firstLines(text[0], 8));
  });

  test('the whole course prints as one document, each module from a fresh page, links as text', async () => {
    const { text } = await printed('training/print/', 'course');
    const titles = [...readFileSync(path.join(site.output, 'training', 'print', 'index.html'), 'utf8')
      .matchAll(/<h2 id="m\d+-title">([^<]+)<\/h2>/g)].map((m) => m[1].replaceAll('&#39;', "'"));
    assert.ok(titles.length >= 6, `only ${titles.length} parts`);
    let last = 0;
    for (const title of titles) {
      const at = text.findIndex((t, n) => n >= last && firstLines(t).includes(title));
      assert.ok(at > last - 1 && at >= 0, `"${title}" does not start a page after page ${last + 1}`);
      last = at;
    }
    assert.ok(text.join('\n').includes('(https://'), 'external links show their address');
  });

  test('an annual report prints on A4: its front, then its contents with the figures and tables, then the body, and the checklist from a fresh page', async () => {
    const { info, text } = await printed('reports/2024-25-partnership-yearly-report/', 'report');
    assert.match(info, /\(A4\)/);
    assert.match(text[0], /Sign-off/);
    assert.ok(!text[0].includes('Contents'), firstLines(text[0], 8));
    const contents = text.findIndex((t) => firstLines(t, 1) === 'Contents');
    assert.ok(contents > 0, 'the contents start a page of their own');
    assert.match(text[contents], /Tables/);
    assert.match(text[contents], /Table 1: /);
    const checklist = text.findIndex((t) => firstLines(t, 1).startsWith('How this report meets'));
    assert.ok(checklist > contents + 1, 'the checklist starts a page after the body');
    assert.ok(!text.join('\n').includes('Not yet covered'), 'the example meets its checklist');
    assert.match(text[text.length - 1], new RegExp(`Page ${text.length} of ${text.length}`));
  });

  test('an audit return prints on A4 without the menu or the search box', async () => {
    const { info, text } = await printed('audits/2016/oakfield-community-healthcare/', 'audit');
    assert.match(info, /\(A4\)/);
    assert.ok(!text[0].includes('Search'), firstLines(text[0], 8));
    assert.match(text.join('\n'), /Action plan/);
  });
});

describe('a broken site fails the checks', () => {
  let r;

  before(async () => {
    r = await inspect('broken', path.join(REPO, 'tests', 'sites', 'broken'));
  });

  after(async () => {
    await r?.server.close();
  });

  test('an image without alt text is an axe violation', () => {
    const report = axeReport(r.axe);
    assert.throws(() => assertClean('axe violations', report));
    assert.ok(report.some((l) => l.includes('image-alt')), report.join('\n'));
  });

  test('a duplicate id is an HTML error', () => {
    const vnu = runVnu(r.site.output);
    assert.throws(() => assertClean('HTML errors', vnu.errors));
    assert.ok(vnu.errors.some((l) => /Duplicate ID/i.test(l)), vnu.errors.join('\n'));
  });

  test('a dead link and a missing fragment are broken references', () => {
    const { problems } = checkLinks(r.site, r.server, r.pages);
    assert.throws(() => assertClean('broken references', problems));
    assert.ok(problems.some((p) => p.includes('no file nowhere/index.html')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('no element with id "missing"')), problems.join('\n'));
  });

  test('focus that cannot be seen is caught', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(r.server.base);
    await page.addStyleTag({ content: '*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; background: inherit !important; color: inherit !important; } .skip-link:focus { top: -100px !important; }' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f, 'nothing focused');
    assert.equal(f.visible, false, `focus on ${f.text} was seen as visible`);
    await context.close();
  });
});

describe('live preview', () => {
  let child;
  let base;
  let root;

  before(async () => {
    root = scaffold();
    child = spawn(binary(), ['serve', '--root', root, '--as-of', '2026-11-22'], { stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no address: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/[^/\s]+\//);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
    });
  });

  after(() => {
    child?.kill();
  });

  test('an edit appears in an open tab by itself, keeping the scroll position; an error shows until fixed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 500 } });
    const page = await context.newPage();
    const file = path.join(root, 'content', 'training', '01-first-module.md');
    const original = readFileSync(file, 'utf8');
    await page.goto(`${base}training/first-module/`);
    await page.evaluate(() => window.scrollTo(0, 400));
    const before = await page.evaluate(() => window.scrollY);
    assert.ok(before > 0, 'the page scrolled');

    writeFileSync(file, original.replace('## Who is accountable', 'Edited live in the preview.\n\n## Who is accountable'));
    await page.waitForFunction(() => document.body.textContent.includes('Edited live in the preview.'), null, { timeout: 10_000 });
    await page.waitForLoadState('load');
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, before, { timeout: 5_000 });

    // A broken save shows every message over the page, which stays as it was.
    writeFileSync(file, original.replace('title: Your first module', 'title: Your first module\ntitel: oops'));
    const overlay = page.locator('#safeguard-overlay');
    await overlay.waitFor({ timeout: 10_000 });
    const text = await overlay.textContent();
    assert.match(text, /content\/training\/01-first-module\.md:3:1: error: `titel` is not a key that can be set here: did you mean `title`\?/);
    const violations = await runAxe(page);
    assertClean('axe violations with the error overlay', axeReport({ overlay: violations }));

    writeFileSync(file, original);
    await overlay.waitFor({ state: 'detached', timeout: 10_000 });
    await page.waitForFunction(() => !document.body.textContent.includes('Edited live in the preview.'), null, { timeout: 10_000 });
    await context.close();
  });
});
