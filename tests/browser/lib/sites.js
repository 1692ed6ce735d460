// Builds sites with the real safeguard binary, as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
export const AS_OF = '2026-11-22';

let built;

/** The binary under test: `SAFEGUARD_BIN`, or a debug build made here (a no-op when fresh). */
export function binary() {
  if (process.env.SAFEGUARD_BIN) return process.env.SAFEGUARD_BIN;
  if (!built) {
    const r = spawnSync('cargo', ['build', '--quiet', '--bin', 'safeguard'], {
      cwd: REPO,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error('cargo build failed');
    built = path.join(REPO, 'target', 'debug', 'safeguard');
  }
  return built;
}

export function run(args, cwd = REPO, timeout = 60_000) {
  const r = spawnSync(binary(), args, { cwd, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The path part of `base_url` in a site's site.yaml, always ending in `/`. */
export function basePath(root) {
  const text = readFileSync(path.join(root, 'site.yaml'), 'utf8');
  const m = text.match(/^base_url:\s*["']?([^"'\s#]+)/m);
  let p = m ? new URL(m[1], 'http://localhost/').pathname : '/';
  if (!p.endsWith('/')) p += '/';
  return p;
}

/**
 * Builds the site at `root` into a fresh folder and returns where it went.
 * `expectOk: false` lets a caller inspect a failing build itself.
 */
export function build(name, root, extraArgs = [], timeout = 60_000) {
  if (!existsSync(path.join(root, 'site.yaml'))) throw new Error(`${root} has no site.yaml`);
  const output = path.join(mkdtempSync(path.join(tmpdir(), `sg-${name}-`)), 'out');
  const r = run(['build', '--root', root, '--output', output, '--as-of', AS_OF, ...extraArgs], REPO, timeout);
  if (r.code !== 0) {
    throw new Error(`building ${name} failed (exit ${r.code}):\n${r.stderr}`);
  }
  return { name, root, output, basePath: basePath(root), log: r.stderr };
}

/** A site made by `safeguard new`, so the scaffold is held to the same bar. */
export function scaffold() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sg-new-')), 'site');
  const r = run(['new', dir]);
  if (r.code !== 0) throw new Error(`safeguard new failed:\n${r.stderr}`);
  return dir;
}

/**
 * A site made by `safeguard new`, then a file of each kind from `safeguard add` and
 * its schemas made again by `safeguard schema`, so what `add` writes is held to the
 * same bar as the rest.
 */
export function scaffoldWithAdditions() {
  const dir = scaffold();
  for (const args of [
    ['page', 'content/about-us'],
    ['module', 'content/training/02-next-module'],
    ['paper', 'content/papers/2027-update'],
    ['framework', 'content/audits/quality'],
    ['audit', 'content/audits/2027/royal-hospital', '--framework', 'quality'],
    // Last: it lists the organisations the returns already name.
    ['organisations', 'content/organisations'],
    // After the registry: their starter rows name its first organisation.
    ['indicators', 'content/figures/partnership-kpis'],
    ['training', 'content/figures/safeguarding-training'],
  ]) {
    const r = run(['add', ...args, '--root', dir]);
    if (r.code !== 0) throw new Error(`safeguard add ${args.join(' ')} failed:\n${r.stderr}`);
  }
  // The schemas again, as README tells a user to after an update: the site still builds.
  const r = run(['schema', path.join(dir, '.safeguard', 'schemas')]);
  if (r.code !== 0) throw new Error(`safeguard schema failed:\n${r.stderr}`);
  return dir;
}

/**
 * A site with more returns in one period than fit one grid page (51), so the split
 * framework grid and its page links are checked too.
 */
export function manyReturns(count = 51) {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sg-grid-')), 'site');
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  write('site.yaml', 'title: Many returns\ndefault_visibility: public\n');
  write('content/_index.md', '---\ntitle: Many returns\n---\n\nA framework with many returns.\n');
  write(
    'content/f.yaml',
    'kind: framework\nid: f\ntitle: Two-level framework\nscale:\n  - { value: 0, label: Not met, colour: red }\n  - { value: 1, label: Met, colour: green }\nstandards:\n  - id: S\n    title: Safer recruitment\n    criteria:\n      - { id: S1, text: Checks are made before staff start. }\n      - { id: S2, text: Checks are renewed. }\n',
  );
  for (let i = 0; i < count; i += 1) {
    const n = String(i).padStart(3, '0');
    write(
      `content/returns/${n}.yaml`,
      `kind: audit\nframework: f\norganisation: Organisation ${n}\nperiod: "2026"\nresults:\n  - { criterion: S1, grade: 1 }\n  - { criterion: S2, grade: ${i % 2} }\nactions:\n  - { id: A1, criterion: S2, action: Renew checks., due: 2027-01-31, status: open }\n`,
    );
  }
  return dir;
}

/**
 * A site whose pages each show one thing search must do: other forms of a word,
 * accents, numbers kept whole, phrases, words together in a title, an excerpt from deep
 * in a long page, a glossary entry.
 */
export function searchFixture() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sg-find-')), 'site');
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const page = (name, title, body) => write(`content/${name}.md`, `---\ntitle: ${title}\n---\n\n${body}\n`);
  write('site.yaml', 'title: Search fixture\ndefault_visibility: public\n');
  write('content/_index.md', '---\ntitle: Home\n---\n\nPages for search to find.\n');
  page('together', 'Safer recruitment checks', 'What the board asks of its managers.');
  page('apart', 'Checks on staff', 'Recruitment is covered elsewhere. Working practices should be safer.');
  page('phrase', 'Agencies', 'The duty to cooperate applies to every agency.');
  page('reversed', 'Working well', 'Cooperate well: it is a duty of every agency.');
  page('standard', 'Supervision', 'Standard 6.4 covers supervision of staff.');
  page('counts', 'Leads', 'There are 6 leads and 4 deputies.');
  page('accent', 'The Climbié inquiry', 'Lord Laming reported in 2003.');
  page('plural', 'Reviews', 'Three inquiries were held in those years.');
  const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} says nothing of note about the board and its work.`).join('\n\n');
  const words = (n) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');
  page('long', 'A long page', `${filler}\n\n## Deep down\n\n${words(60)} A rare word, zebracrossing, stands here. ${words(60)}`);
  // A word with thousands of pairs after it in the index: its longer forms and its
  // pairs must still be found past them.
  const crowd = Array.from({ length: 3000 }, (_, i) => `care a${i}`).join(' ');
  page('crowd', 'Care everywhere', crowd);
  page('plan', 'Planning', 'The care plan is agreed.');
  page('carers', 'Support', 'Carers need support.');
  write('content/glossary.yaml', 'kind: glossary\nterms:\n  CSPR: Child Safeguarding Practice Review\n');
  return dir;
}
