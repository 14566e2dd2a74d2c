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
  "aiosim replay 'truncate-vs-aio-write@bug-truncate-nowait@1.110001T7~h0P800V400zb2~60wd00V100O811.e2' --events": 1,
  'aiosim run allocating-aio-writers --fs diocount --axis time --column-us 50': 0,
  'aiosim run allocating-aio-writers --fs hold --axis time --column-us 50': 0,
  'aiosim run allocating-aio-writers --fs hold-downgrade --axis time --column-us 50': 0,
  'aiosim explore object-count-starves-destroyer --strategy dfs': 1, // claim 1: starvation
  'aiosim explore object-fence-writer-bias --strategy dfs': 0,
  'aiosim explore object-completion-deadlock --strategy dfs': 1, // claim 2: only the hang
  "aiosim run object-completion-deadlock --schedule '1.~4011~40.fa'": 0,
  "aiosim run object-fence-lockdep --schedule '1.~50111000.bu'": 1, // lockdep on a completed run
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

/** Runs the built CLI; stdout. */
function cli(args: string[]): string {
  return spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }).stdout;
}

/**
 * What the worked answers claim beyond their `# expect:` lines, checked against what the
 * commands print now: an answer that stops being true fails here, not in front of a room.
 */
describe("workshop answers: each answer's claims hold", () => {
  test("exercise 4: W lands in /b's block before /b's own write of it completes (so /b ends intact here); /a grows back to 16384", () => {
    const log = cli(['replay', 'truncate-vs-aio-write@bug-truncate-nowait@1.110001T7~h0P800V400zb2~60wd00V100O811.e2', '--events']);
    const w = log.indexOf("completes bio #1: write 4096 bytes at block 3+0 ('W') for w1");
    const b = log.indexOf("completes bio #4: write 4096 bytes at block 3+0 ('b') for wb");
    expect(w).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(w);
    expect(log).toMatch(/297\.000µs {2}irq\/blk#1\/3 completes bio #1/);
    expect(log).toMatch(/405\.000µs {2}irq\/blk#4\/6 completes bio #4/);
    expect(log).toContain('admin/2 sets i_size of ino 12: 16384 → 4096');
    expect(log.indexOf('irq/blk#1/3 sets i_size of ino 12: 4096 → 16384')).toBeGreaterThan(w);
  });

  test('exercise 5: exactly hold-naive (lockdep), bug-unaligned-race and bug-early-dio-end (not-linearizable) show verdicts', () => {
    const rows = cli(['compare', 'unaligned-aio-same-block', '--budget', '300']).split('\n');
    const flagged = rows.filter((r) => /^\S+ +\S/.test(r) && !/^\S+ +none /.test(r) && !r.startsWith('scheme ') && !r.includes('every scheme'));
    expect(flagged.map((r) => r.split(/ +/)[0])).toEqual(['hold-naive', 'bug-unaligned-race', 'bug-early-dio-end']);
    expect(flagged[0]).toMatch(/lockdep\/held-at-user-return, lockdep\/recursive-locking, lockdep\/bad-unlock/);
    for (const r of flagged.slice(1)) expect(r.split(/ +/)[1]).toBe('not-linearizable');
  });

  test('exercise 6: fallocate samples i_size (0) before its drain; the append then sets 8192 and fallocate 4096; diocount samples after the drain', () => {
    const found = JSON.parse(cli(['explore', 'fallocate-vs-appending-aio', '--fs', 'bug-fallocate-isize', '--json'])) as { schedule: string };
    const log = cli(['replay', found.schedule, '--events']);
    const order = [
      'admin/2 samples i_size of ino 12: 0, kept for fallocate (its new size)',
      'admin/2 waits for i_dio_count (ino 12) = 1',
      'sets i_size of ino 12: 0 → 8192',
      'admin/2 sets i_size of ino 12: 8192 → 4096',
    ].map((line) => log.indexOf(line));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const fixed = cli(['run', 'fallocate-vs-appending-aio', '--fs', 'diocount', '--events']);
    const sample = fixed.indexOf('admin/2 samples i_size of ino 12');
    expect(sample).toBeGreaterThan(fixed.indexOf('admin/2 finished waiting for i_dio_count (ino 12) = 0'));
  });

  test('exercise 9: diocount takes i_rwsem shared for the allocating writes, hold exclusive until completion; pictures scale with virtual time', () => {
    const acquires = (fs: string) =>
      cli(['run', 'allocating-aio-writers', '--fs', fs, '--events']).match(/guest\d\/\d acquires i_rwsem \(ino 12\) \((read|write)\)/g)!;
    expect(new Set(acquires('diocount').map((a) => a.slice(-6)))).toEqual(new Set(['(read)']));
    expect(new Set(acquires('hold').map((a) => a.slice(-7)))).toEqual(new Set(['(write)']));
    const width = (fs: string) =>
      [
        ...cli(['run', 'allocating-aio-writers', '--fs', fs, '--axis', 'time', '--column-us', '50'])
          .split('\n')
          .find((l) => l.startsWith('i_rwsem (ino 12)'))!
          .trimEnd(),
      ].length;
    expect(width('diocount')).toBeLessThan(width('hold-downgrade'));
    expect(width('hold-downgrade')).toBeLessThan(width('hold'));
  });
});
