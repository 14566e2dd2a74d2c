import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { catalog, lockPrograms } from '../../src/scenario/catalog.js';
import type { PageData } from '../../src/play/page.js';
import { aiosim } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'aiosim-play-cli-'));

function pageData(html: string): PageData {
  const json = /<script type="application\/json" id="aiosim-data">(.*?)<\/script>/s.exec(html)![1]!;
  return JSON.parse(json) as PageData;
}

describe('aiosim play', () => {
  test('writes one self-contained page with the whole catalog; it names no resource to fetch', () => {
    const file = join(dir, 'all.html');
    const r = aiosim(['play', '-o', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*all\.html \(\d+ KiB\): open file:\/\/.*all\.html in a browser\n$/);
    const html = readFileSync(file, 'utf8');
    const data = pageData(html);
    expect(data.start).toBeNull();
    expect(data.scenarios.map((s) => s.ref)).toEqual([...catalog(), ...lockPrograms()].map((s) => s.name));
    expect(html).toContain('<script id="aiosim-app">');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import|url\(\s*['"]?https?:/i);
  });

  test('with a scenario and --fs, the page carries that scenario and opens it under that scheme', () => {
    const file = join(dir, 'one.html');
    const r = aiosim(['play', 'truncate-vs-aio-write', '--fs', 'hold', '-o', file]);
    expect(r.status).toBe(0);
    const data = pageData(readFileSync(file, 'utf8'));
    expect(data.start).toEqual({ ref: 'truncate-vs-aio-write', fs: 'hold' });
    expect(data.scenarios.map((s) => s.ref)).toEqual(['truncate-vs-aio-write']);
  });

  test.each([
    [['play', 'no-such-scenario'], /^aiosim: scenario "no-such-scenario" is not built in/],
    [['play', '--fs', 'hold'], /^aiosim: --fs: needs a scenario/],
    [['play', 'truncate-vs-aio-write', '--fs', 'nope'], /^aiosim: error: option '--fs <scheme>' argument 'nope' is invalid/],
    [['play', '-o', '/no/such/dir/play.html'], /^aiosim: --output: cannot write "\/no\/such\/dir\/play.html": no such directory/],
  ])('bad input %j: exit 2, one line, nothing written', (args, message) => {
    const file = join(dir, `bad-${args.join('_').replace(/\W/g, '')}.html`);
    const r = aiosim([...args, ...(args.includes('-o') ? [] : ['-o', file])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
  });

  test('--help shows examples', () => {
    const r = aiosim(['play', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('aiosim play truncate-vs-aio-write --fs bug-truncate-nowait -o race.html');
  });
});
