import { describe, expect, test } from 'vitest';
import { plain } from '../../src/report/colour.js';
import { compareTable } from '../../cli/compare.js';
import { schemeLines } from '../../cli/list.js';
import { SCHEMES } from '../../src/fs-impls/schemes.js';
import type { Verdict } from '../../src/sim/verdict.js';

const v = (kind: Verdict['kind'], subkind?: Verdict['subkind']): Verdict => ({ kind, ...(subkind ? { subkind } : {}), message: '', at: 0, details: {} });

describe('CLI tables', () => {
  test('compare: a long verdict list never runs into the next column; short ones keep the old widths', () => {
    const rows = [
      {
        fs: 'hold-naive',
        violations: [v('lockdep', 'held-at-user-return'), v('lockdep', 'bad-unlock'), v('lockdep', 'held-at-user-return')],
        schedule: 's@hold-naive@1.~i0.ob',
      },
      { fs: 'a-scheme-brought-by-a-user-with-a-long-name', violations: [], schedule: '' },
      { fs: 'diocount', violations: [], schedule: '' },
    ];
    const lines = compareTable(rows, plain);
    expect(lines[1]).toContain('lockdep/held-at-user-return, lockdep/bad-unlock  s@hold-naive@');
    expect(lines[2]).toMatch(/^a-scheme-brought-by-a-user-with-a-long-name {2}none/);
    // Every column starts where its header does.
    const at = (line: string, text: string) => line.indexOf(text);
    for (const line of lines.slice(1)) expect(line.search(/ (none|lockdep)/) + 1).toBe(at(lines[0]!, 'verdicts'));
    const short = compareTable([{ fs: 'diocount', violations: [v('not-linearizable')], schedule: 'x@diocount@1.0.aa' }], plain);
    expect(short).toEqual([
      `${'scheme'.padEnd(27)}${'verdicts'.padEnd(44)}first violating schedule`,
      `${'diocount'.padEnd(27)}${'not-linearizable'.padEnd(44)}x@diocount@1.0.aa`,
    ]);
  });

  test('list --schemes: a historic bug without a scenario prints its history alone, never "scenario: undefined"', () => {
    const [head, history] = schemeLines({ name: 'bug-x', kind: 'bug', summary: 'a bug', history: 'ext4 0123456789ab (2024)' }, plain);
    expect(head).toMatch(/^bug-x +bug +a bug$/);
    expect(history!.trim()).toBe('ext4 0123456789ab (2024)');
    expect(schemeLines({ name: 'x', kind: 'correct', summary: 's' }, plain)).toHaveLength(1);
    const withScenario = SCHEMES.find((s) => s.name === 'bug-truncate-nowait')!;
    expect(schemeLines(withScenario, plain)[1]!.trim()).toBe('xfs 2cf7f0da3ae2 (2008) · scenario: truncate-vs-aio-write');
  });
});
