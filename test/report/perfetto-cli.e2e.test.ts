import { describe, expect, test } from 'vitest';
import { aiosim } from '../cli/run-cli.js';

const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4@h1.a802c3cd.e609a241';

describe('--perfetto-step-ns', () => {
  test('stretches each trace event to n ns in the --trace file; a bad value is one line, exit 2', () => {
    const ts = (extra: string[]) => {
      const r = aiosim(['replay', TOKEN, '--trace', '-', ...extra]);
      expect(r.status).toBe(1); // the violation, its result on stderr
      const events = (JSON.parse(r.stdout) as { traceEvents: { ph: string; ts?: number; cat?: string }[] }).traceEvents;
      return events.filter((e) => e.cat === 'alloc').map((e) => e.ts!);
    };
    const [plain, wide] = [ts([]), ts(['--perfetto-step-ns', '1000'])];
    expect(wide.length).toBe(plain.length);
    expect(wide.at(-1)! - wide[0]!).toBeGreaterThan(500 * (plain.at(-1)! - plain[0]!));
    const bad = aiosim(['replay', TOKEN, '--trace', '-', '--perfetto-step-ns', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--perfetto-step-ns');
    expect(bad.stdout).toBe('');
  });
});
