import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { aiosim } from './run-cli.js';

/** Each task holds one spinlock and spin_trylocks the other's until it gets it: a livelock. */
const livelock = fileURLToPath(new URL('../scenario/trylock-livelock.yaml', import.meta.url));

describe('step limit from the command line', () => {
  test('run: a livelock ends with the step-limit result, naming the limit, who kept running and how to raise it (exit 1)', () => {
    const r = aiosim(['run', livelock, '--seed', '2', '--json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      violations: Array<{ kind: string; message: string; details: { limit: number; keptRunning: Array<{ context: string }> } }>;
    };
    const v = out.violations.find((x) => x.kind === 'step-limit')!;
    expect(v.details.limit).toBe(100_000);
    expect(v.details.keptRunning.map((k) => k.context.split('/')[0])).toEqual(['t1', 't2']);
    expect(v.message).toContain('--step-limit 1000000');
  });

  test('run: --step-limit below the default is honoured', () => {
    const r = aiosim(['run', livelock, '--seed', '2', '--step-limit', '500', '--json']);
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { violations: Array<{ details: { limit?: number } }> }).violations.map((v) => v.details.limit)).toContain(500);
  });

  test('explore: step-limited executions are counted and the exploration goes on (no violation, exit 0)', () => {
    const r = aiosim(['explore', livelock, '--budget', '4', '--step-limit', '2000', '--workers', '1', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout) as { executions: number; violations: unknown[]; stepLimited: number };
    expect([out.executions, out.violations.length]).toEqual([4, 0]);
    expect(out.stepLimited).toBeGreaterThan(1);
    const text = aiosim(['explore', livelock, '--budget', '4', '--step-limit', '2000', '--workers', '1']);
    expect(text.stdout).toMatch(/\? \d executions reached the step limit/);
  });
});
