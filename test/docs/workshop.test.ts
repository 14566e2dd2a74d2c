import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * Every `aiosim …` command in the workshop pages runs here, as written, so the docs never rot.
 * In a ```sh block, `# expect: text` lines after a command must appear in its output, and
 * `# input: line` lines are typed into it (for `aiosim step`).
 */
interface DocCommand {
  readonly page: string;
  readonly line: string;
  readonly expects: string[];
  readonly input: string[];
}

function splitArgs(line: string): string[] {
  const args: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) args.push(m[1] ?? m[2] ?? m[3]!);
  return args;
}

function commandsOf(page: string, text: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('aiosim ')) out.push({ page, line, expects: [], input: [] });
      else if (line.startsWith('# expect: ')) out.at(-1)?.expects.push(line.slice('# expect: '.length));
      else if (line.startsWith('# input: ')) out.at(-1)?.input.push(line.slice('# input: '.length));
    }
  }
  return out;
}

/**
 * The exit code each workshop command must end with (0: no violation, 1: violation found), keyed
 * by the command line as the page writes it. A command missing here, or an entry no page has any
 * more, fails the suite: a page that starts showing (or stops showing) a bug is a change to review.
 */
const EXIT: Record<string, 0 | 1> = {
  'aiosim demo': 0,
  'aiosim run hold-naive-splats': 1, // its default scheme is hold-naive: lockdep splats
  'aiosim run lock-aa': 1, // lock programs: lockdep's verdicts are violations
  'aiosim run lock-abba': 1,
  'aiosim run lock-abbcca': 1,
  'aiosim run lock-irq-inversion': 1,
  'aiosim run truncate-vs-aio-write --events': 0,
  'aiosim explore truncate-vs-aio-write --fs bug-truncate-nowait': 1,
  "aiosim replay 'truncate-vs-aio-write@bug-truncate-nowait@1.110001T7~h0P800V400zb2~60wd00V100O811.e2'": 1,
  'aiosim compare unaligned-aio-same-block --budget 300': 1, // the bug schemes' rows
  'aiosim explore fallocate-vs-appending-aio --fs bug-fallocate-isize': 1,
  'aiosim step fallocate-vs-appending-aio --fs bug-fallocate-isize': 0, // quit (q) before any violation
  'aiosim run hold-naive-splats --fs hold': 0, // the hand-off keeps lockdep quiet
  'aiosim compare truncate-vs-aio-write --budget 200': 1,
  'aiosim run fence-on-eviction --events': 0,
  'aiosim run allocating-aio-writers --fs diocount': 0,
  'aiosim run allocating-aio-writers --fs hold': 0,
  'aiosim run allocating-aio-writers --fs hold-downgrade': 0,
  'aiosim run freeze-vs-aio-write --events': 0,
  'aiosim explore freeze-vs-aio-write --fs bug-aio-freeze': 1,
  'aiosim compare freeze-vs-aio-write --budget 200': 1,
};

const dir = 'docs/workshop';
const pages = readdirSync(dir).filter((f) => f.endsWith('.md'));
const commands = pages.flatMap((p) => commandsOf(p, readFileSync(join(dir, p), 'utf8')));

describe('workshop pages: every command runs and shows what the page says', () => {
  test('there are at least 8 exercises, each with a question, an answer and a command', () => {
    const exercises = pages.filter((p) => /^\d\d-/.test(p));
    expect(exercises.length).toBeGreaterThanOrEqual(8);
    for (const p of exercises) {
      const text = readFileSync(join(dir, p), 'utf8');
      expect(text, p).toContain('**Question.**');
      expect(text, p).toContain('<summary>Answer</summary>');
      expect(
        commands.some((c) => c.page === p),
        p,
      ).toBe(true);
    }
  });

  test('every command has its expected exit code in EXIT, and EXIT names no command the pages lost', () => {
    const lines = commands.map((c) => c.line);
    expect(lines.filter((l) => !(l in EXIT))).toEqual([]);
    expect(Object.keys(EXIT).filter((l) => !lines.includes(l))).toEqual([]);
  });

  for (const c of commands) {
    test(`${c.page}: ${c.line}`, () => {
      const r = spawnSync(process.execPath, ['dist/cli/main.js', ...splitArgs(c.line).slice(1)], {
        input: c.input.length ? `${c.input.join('\n')}\n` : '',
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      expect(r.status, `${c.line}\n${r.stderr}`).toBe(EXIT[c.line]);
      for (const text of c.expects) expect(r.stdout, `${c.line} should print "${text}"`).toContain(text);
    });
  }
});
