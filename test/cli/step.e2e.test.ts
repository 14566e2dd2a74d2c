import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Drives `aiosim step` with typed lines, as a teacher at a plain terminal would. */
function step(args: string[], keys: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', 'step', ...args], {
    input: `${keys.join('\n')}\n`,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, out: r.stdout };
}

describe('aiosim step (interactive)', () => {
  test('shows contexts, their next actions, locks, files and keys; a number runs that context', () => {
    const r = step(['truncate-vs-aio-write'], ['2', '2', '2', 'q']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('keys: <n> run context n');
    expect(r.out).toMatch(/step 2 [\s\S]* 2 {2}admin\/2 \(process\) +runnable +next down_write/);
    // The third step performs down_write: admin holds i_rwsem for write, and lockdep's held stack says so.
    expect(r.out).toMatch(/step 3 ·[\s\S]*i_rwsem \(ino 12\): held by admin\/2 \(write\)/);
    expect(r.out).toMatch(/admin\/2 \(process\) +runnable +next inode_dio_wait · held sb_writers\[read\], i_rwsem \(ino 12\)\[write\]/);
  });

  test('each screen narrates the step just taken; a lock waited for is "waiting for", not "held"', () => {
    const r = step(['truncate-vs-aio-write'], ['2', '2', '2', '1', '1', '1', 'q']);
    expect(r.out).toContain('last step: admin/2: down_write(i_rwsem (ino 12)) → acquired');
    expect(r.out).toContain('last step: app/1: down_read(i_rwsem (ino 12)) → must wait (queued)');
    const blocked = r.out.split('\n').find((l) => l.startsWith(' 1  app/1') && l.includes('blocked'))!;
    expect(blocked).toMatch(/blocked +waiting for i_rwsem \(ino 12\) for read$/); // lockdep has it on app's stack already: not held
  });

  test('undo returns to the previous step exactly; s saves a schedule that replays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-step-'));
    const file = join(dir, 'schedule.txt');
    const r = step(['truncate-vs-aio-write', '--fs', 'bug-truncate-nowait'], ['2', '2', 'u', `s ${file}`, 'q']);
    const screens = r.out.split('── truncate-vs-aio-write').slice(1);
    expect(screens).toHaveLength(5); // start, after 2, after 2, after undo, after save
    const screen = (s: string) => s.slice(0, s.indexOf('keys:'));
    expect(screen(screens[3]!)).toBe(screen(screens[1]!)); // undo gives back the step-1 screen
    expect(r.out).toContain('undone.');
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^truncate-vs-aio-write@bug-truncate-nowait@1\./);
    // A session saved mid-run is a prefix: replay says so and how to continue it …
    const replay = spawnSync(process.execPath, ['dist/cli/main.js', 'replay', token, '--json'], { encoding: 'utf8' });
    expect(replay.status).toBe(2);
    expect(replay.stderr).toContain(`continue it with: aiosim step truncate-vs-aio-write --schedule '${token}'`);
    // … or, with --prefix, reports it as far as it goes (the stepper's own resume).
    const html = join(dir, 'prefix.html');
    const prefix = spawnSync(process.execPath, ['dist/cli/main.js', 'replay', file, '--prefix', '--html', html], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(prefix.status).toBe(0);
    expect(prefix.stdout).toContain('stopped in 1 steps');
    expect(prefix.stdout).toContain('? no violation so far: the run stopped mid-way');
    expect(readFileSync(html, 'utf8')).toContain('<svg id="swimlane"');
    // … and step --schedule resumes exactly where it was saved.
    const resumed = step(['truncate-vs-aio-write', '--schedule', token], ['q']);
    expect(screen(resumed.out.split('── truncate-vs-aio-write')[1]!)).toBe(screen(screens[1]!));
  });

  test('hint names the next step that can lead to a violation; c finishes the run, and its token replays that run', () => {
    const r = step(['truncate-vs-aio-write', '--fs', 'bug-truncate-nowait'], ['h', '1', 'c']);
    expect(r.out).toMatch(/1 app: \d+ of 150 continuations end in freed-block-write/);
    expect(r.status).toBe(1);
    const token = /replay: aiosim replay '([^']+)'/.exec(r.out)![1]!;
    const replay = spawnSync(process.execPath, ['dist/cli/main.js', 'replay', token, '--json'], { encoding: 'utf8' });
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(1);
    const result = JSON.parse(replay.stdout) as { fs: string; schedule: string; violations: Array<{ kind: string; message: string }> };
    expect(result).toMatchObject({ fs: 'bug-truncate-nowait', schedule: token });
    // The same verdicts c printed, message for message.
    const printed = r.out.slice(r.out.lastIndexOf('> ') + 2);
    expect(result.violations.length).toBeGreaterThan(0);
    for (const v of result.violations) {
      expect(printed).toContain(`✗ ${v.kind}`);
      expect(printed).toContain(v.message);
    }
  });

  test('a context that cannot run is refused with a one-line reason, and the session goes on', () => {
    const r = step(['truncate-vs-aio-write'], ['9', 'x', 'q']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('cannot run now (choose one of 1, 2)');
    expect(r.out).toContain('unknown key "x"');
  });
});
