import { describe, expect, test } from 'vitest';
import { aiosim } from './run-cli.js';

describe('aiosim demo (what npm start shows)', () => {
  test('demo: prints the writer-bias timeline and the hand-off splats, exit 0, byte-identical twice', () => {
    const first = aiosim(['demo']);
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('r2/3 queues for i_rwsem (read)');
    expect(first.stdout).toContain('try/4 trylock fails on i_rwsem (read)');
    expect(first.stdout).toContain('WARNING: lock held when returning to user space!');
    expect(first.stdout).toContain('WARNING: bad unlock balance detected!');
    expect(first.stdout).not.toMatch(/\u001b\[/); // not a TTY and FORCE_COLOR=0: plain text
    expect(aiosim(['demo']).stdout).toBe(first.stdout);
  });

  test('demo: NO_COLOR wins even over a forced colour level', () => {
    const coloured = aiosim(['demo'], { FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/\u001b\[/);
    expect(aiosim(['demo'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
  });

  test('bad flag: one line naming the option, exit 2, no stack trace', () => {
    const r = aiosim(['demo', '--seed', 'minus-one']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("option '--seed <n>' argument 'minus-one' is invalid");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('unknown command: exit 2; --help: exit 0 on stdout', () => {
    expect(aiosim(['frobnicate']).status).toBe(2);
    const help = aiosim(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('demo');
  });
});
