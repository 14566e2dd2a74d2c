/**
 * The fast-check side of `npm run bench:explore` must be a fair opponent: it must find the race
 * when truncate does not wait for in-flight direct I/O, never report it when it does, and not
 * find it on the first try (the race needs the completion to wait while truncate runs, as in
 * aiosim). A model that reported a write into a block taken away *before* the write mapped it
 * (no lock, or no allocation for an extending write) would fail the second test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncateRace } from '../../bench/fc-truncate-race.js';

const runsToBug = async (seed: number, waitForDio: boolean, numRuns: number): Promise<number | null> => {
  const r = await fc.check(
    fc.asyncProperty(fc.scheduler(), async (s) => !(await truncateRace(s, { waitForDio }))),
    { seed, numRuns, endOnFailure: true },
  );
  return r.failed ? r.numRuns : null;
};

describe('bench:explore fast-check model of truncate vs an in-flight AIO write', () => {
  it('finds the freed-block write when truncate skips inode_dio_wait, after more than one execution', async () => {
    const found = [await runsToBug(1, false, 20_000), await runsToBug(2, false, 20_000), await runsToBug(3, false, 20_000)];
    expect(found.every((n) => n !== null)).toBe(true);
    expect(found.some((n) => n! > 10)).toBe(true);
  });

  it('never reports it when truncate waits for in-flight direct I/O', async () => {
    expect(await runsToBug(1, true, 1_000)).toBeNull();
  });
});
