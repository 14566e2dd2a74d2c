/**
 * `aiosim explain --format commit`: the race diagram of every catalog bug, pinned in
 * test/golden/explain/<scheme>.txt (read once by hand: each must let a kernel developer see the
 * race without the tool). Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/cli/explain.test.ts
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { renderCommitDiagram } from '../../src/report/commit-diagram.js';
import { type FoundBug, foundBugs } from './explain-bugs.js';

const GOLDEN = 'test/golden/explain';
let bugs: FoundBug[] = [];
beforeAll(() => {
  bugs = foundBugs();
});

describe('explain --format commit (golden diagrams of the catalog bugs)', () => {
  test('every catalog bug: the critical path at 72 columns, as pinned', () => {
    expect(bugs.length).toBeGreaterThan(0);
    for (const { scheme, token, run } of bugs) {
      const text = `$ aiosim explain '${token}' --width 72\n\n${renderCommitDiagram(run, { width: 72 })}`;
      const file = `${GOLDEN}/${scheme}.txt`;
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
      expect(text, file).toBe(readFileSync(file, 'utf8'));
    }
  });

  test('at --width 72 no line is wider than 72 columns; without it the diagram is not wrapped', () => {
    for (const { scheme, run } of bugs) {
      const lines = renderCommitDiagram(run, { width: 72 }).split('\n');
      expect(
        lines.filter((l) => l.length > 72),
        scheme,
      ).toEqual([]);
      const wide = renderCommitDiagram(run).split('\n');
      expect(wide.length, scheme).toBeLessThan(lines.length);
      expect(
        wide.some((l) => l.length > 72),
        scheme,
      ).toBe(true);
    }
  });

  test('columns: one per task, then irq and kworker work in their own; each event in its column', () => {
    const trunc = bugs.find((b) => b.scheme === 'bug-truncate-nowait')!;
    const lines = renderCommitDiagram(trunc.run).split('\n');
    const head = lines.find((l) => l.startsWith('app'))!;
    expect(head.split(/\s+/)).toEqual(['app', 'admin', 'irq']);
    const col = (label: string) => head.indexOf(label);
    const at = (text: string) => lines.find((l) => l.includes(text))!;
    expect(at('io_submit(/a, PWRITE, 12288, 4096)').indexOf('io_submit')).toBe(col('app'));
    expect(at('ftruncate(/a, 4096)').indexOf('ftruncate')).toBe(col('admin'));
    expect(at("bio#1 w1: 'W' lands in pblk 3").indexOf('bio#1')).toBe(col('irq'));
    // The bio lands in a block another file owns now, and the diagram says whose.
    expect(at("bio#1 w1: 'W' lands in pblk 3")).toContain('# now /b lblk 2!');
    const fal = bugs.find((b) => b.scheme === 'bug-fallocate-isize')!;
    const f = renderCommitDiagram(fal.run).split('\n');
    const fhead = f.find((l) => l.startsWith('qemu'))!;
    expect(fhead.split(/\s+/)).toEqual(['qemu', 'admin', 'irq', 'kworker']);
    expect(f.find((l) => l.includes('i_size 0 -> 8192'))!.indexOf('i_size')).toBe(fhead.indexOf('kworker'));
  });

  test('syscalls carry their arguments; drains carry i_dio_count at that moment; the verdict comes last', () => {
    const text = renderCommitDiagram(bugs.find((b) => b.scheme === 'bug-fallocate-isize')!.run);
    expect(text).toMatch(/^ *fallocate\(0, 0, 4096\)$/m);
    expect(text).toMatch(/^ *io_submit\(PWRITE, 0, 8192\) {2}\[append\]/m);
    expect(text).toMatch(/^ *inode_dio_wait\(\) {2}i_dio_count=1$/m);
    expect(text).toMatch(/^ *<drained> {2}i_dio_count=0$/m);
    expect(text.trimEnd().split('\n').pop()).toMatch(/completion order: append → falloc gives size 8192$/);
    expect(text).toMatch(/\n\nnot-linearizable: no order of the 2 operations on \/a/);
  });

  test('--full draws every step; the default, only the critical path', () => {
    const run = bugs.find((b) => b.scheme === 'bug-truncate-nowait')!.run;
    const critical = renderCommitDiagram(run);
    const full = renderCommitDiagram(run, { full: true });
    // The read of /b after the race is not on the critical path of the freed-block write.
    expect(critical).not.toContain('pread64(/b, 0, 12288)');
    expect(full).toContain('pread64(/b, 0, 12288)  [rb]');
    expect(full).toContain('close(/b)  [exit]');
  });
});
