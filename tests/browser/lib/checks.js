// The checks every generated page must pass: axe-core's WCAG A and AA rules, the
// Nu HTML Checker, and internal links and fragments that resolve.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require('axe-core').source;
// The package exports the jar's path as a String object.
const VNU_JAR = String(require('vnu-jar'));

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: every rule axe has for them, none off. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Every HTML file of a built site, relative to its output folder, sorted. */
export function htmlFiles(output) {
  return walk(output).filter((f) => f.endsWith('.html'));
}

function walk(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, rel));
    else out.push(rel);
  }
  return out;
}

/** The URL path (under the base path) a file is served at: `a/index.html` → `a/`. */
export function urlOf(rel) {
  if (rel === 'index.html') return '';
  return rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
}

export async function runAxe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** Every reference a page makes (absolute URLs) and every id it has. */
export async function collectRefs(page) {
  return page.evaluate(() => {
    const refs = [];
    const add = (el, attr, value) => {
      if (value == null) return;
      const trimmed = value.trim();
      let url;
      try {
        url = new URL(trimmed, document.baseURI).href;
      } catch {
        url = null;
      }
      refs.push({ tag: el.localName, attr, value: trimmed, url });
    };
    for (const el of document.querySelectorAll('[href]')) {
      if (el.namespaceURI === 'http://www.w3.org/1999/xhtml') add(el, 'href', el.getAttribute('href'));
    }
    for (const attr of ['src', 'poster', 'action', 'data']) {
      for (const el of document.querySelectorAll(`[${attr}]`)) add(el, attr, el.getAttribute(attr));
    }
    for (const el of document.querySelectorAll('[srcset]')) {
      for (const candidate of el.getAttribute('srcset').split(',')) {
        add(el, 'srcset', candidate.trim().split(/\s+/)[0]);
      }
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const names = [...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'));
    return { refs, ids: [...ids, ...names], kind: document.body.className };
  });
}

/**
 * Checks that every internal reference of every page resolves to a file, and every
 * fragment to an id on the page it names. `pages` maps a file (`a/index.html`) to
 * what `collectRefs` found on it. Returns the problems, one line each.
 */
export function checkLinks(site, server, pages) {
  const problems = [];
  let external = 0;
  for (const [file, { refs }] of Object.entries(pages)) {
    for (const ref of refs) {
      const where = `${file}: <${ref.tag} ${ref.attr}="${ref.value}">`;
      if (!ref.url) {
        problems.push(`${where}: not a valid URL`);
        continue;
      }
      const url = new URL(ref.url);
      if (url.protocol === 'javascript:') {
        problems.push(`${where}: javascript: URLs do not work without JavaScript`);
        continue;
      }
      if (['mailto:', 'tel:', 'data:'].includes(url.protocol)) continue;
      if (url.origin !== server.origin) {
        external += 1;
        continue;
      }
      const pathname = decodeURIComponent(url.pathname);
      if (!pathname.startsWith(site.basePath)) {
        problems.push(`${where}: points outside the site's base path ${site.basePath}`);
        continue;
      }
      const rel = pathname.slice(site.basePath.length);
      const target = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
      const full = path.join(site.output, target);
      if (!existsSync(full) || !statSync(full).isFile()) {
        const hint = existsSync(path.join(full, 'index.html')) ? ' (add a trailing slash)' : '';
        problems.push(`${where}: no file ${target}${hint}`);
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      // `#` and `#top` are defined by HTML to mean the top of the page.
      if (fragment === '' || fragment.toLowerCase() === 'top') continue;
      const targetPage = pages[target];
      if (!targetPage) {
        problems.push(`${where}: #${fragment} points into ${target}, which is not a page`);
      } else if (!targetPage.ids.includes(fragment)) {
        problems.push(`${where}: ${target} has no element with id "${fragment}"`);
      }
    }
  }
  problems.push(...checkStylesheetUrls(site));
  return { problems, external };
}

/** `url(...)` references in the site's stylesheets must resolve too. */
function checkStylesheetUrls(site) {
  const problems = [];
  for (const rel of walk(site.output).filter((f) => f.endsWith('.css'))) {
    const text = readFileSync(path.join(site.output, rel), 'utf8');
    for (const m of text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
      const value = m[1];
      if (/^(data:|https?:|#)/.test(value)) continue;
      const target = path.join(path.dirname(path.join(site.output, rel)), value.split(/[?#]/)[0]);
      if (!existsSync(target)) problems.push(`${rel}: url(${value}): no such file`);
    }
  }
  return problems;
}

/** The Nu HTML Checker over every HTML file: its errors and warnings, one line each. */
export function runVnu(output) {
  const files = htmlFiles(output).map((f) => path.join(output, f));
  const r = spawnSync(
    'java',
    ['-Xss8m', '-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error) throw r.error;
  let report;
  try {
    report = JSON.parse(r.stderr);
  } catch {
    throw new Error(`the Nu HTML Checker did not report JSON:\n${r.stderr}\n${r.stdout}`);
  }
  const line = (m) => {
    const file = m.url ? path.relative(output, new URL(m.url).pathname) : '?';
    const at = m.lastLine ? `:${m.firstLine ?? m.lastLine}:${m.firstColumn ?? 1}` : '';
    const extract = m.extract ? `  ${JSON.stringify(m.extract.trim())}` : '';
    return `${file}${at}: ${m.message}${extract}`;
  };
  return {
    checked: files.length,
    errors: report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error').map(line),
    warnings: report.messages.filter((m) => m.type === 'info' && m.subType === 'warning').map(line),
  };
}

/** What is focused and whether a sighted keyboard user can see it. */
export async function focused(page) {
  const info = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    el.setAttribute('data-sg-focused', '');
    const r = el.getBoundingClientRect();
    const label = el.labels?.[0];
    const box = label ? label.getBoundingClientRect() : r;
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const top = document.elementFromPoint(cx, cy);
    return {
      tag: el.localName,
      type: el.getAttribute('type'),
      id: el.id,
      text: (el.textContent || el.getAttribute('aria-label') || label?.textContent || '').trim().slice(0, 60),
      inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
      // WCAG 2.4.11: nothing the author made covers the focused element.
      unobscured: !!top && (el === top || el.contains(top) || top.contains(el) || label?.contains(top)),
      clip: {
        x: Math.max(0, Math.min(r.left, box.left) - 8),
        y: Math.max(0, Math.min(r.top, box.top) - 8),
        width: Math.max(r.right, box.right) - Math.min(r.left, box.left) + 16,
        height: Math.max(r.bottom, box.bottom) - Math.min(r.top, box.top) + 16,
      },
    };
  });
  if (!info) return null;
  // Focus is visible when the pixels around the element change as it gains focus.
  const withFocus = await page.screenshot({ clip: info.clip });
  await page.evaluate(() => document.querySelector('[data-sg-focused]').blur());
  const without = await page.screenshot({ clip: info.clip });
  await page.evaluate(() => {
    const el = document.querySelector('[data-sg-focused]');
    el.removeAttribute('data-sg-focused');
    el.focus({ preventScroll: true });
  });
  return { ...info, visible: !withFocus.equals(without) };
}
