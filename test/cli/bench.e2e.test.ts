import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aiosim } from './run-cli.js';
import { cleanSchemes } from '../../src/fs-impls/schemes.js';

describe('aiosim bench (performance model)', () => {
  test('by default, one row per scheme expected clean; --json and --svg give the same numbers', () => {
    const clean = cleanSchemes().map((s) => s.name);
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-bench-'));
    const svg = join(dir, 'chart.svg');
    const table = aiosim(['bench', 'mixed', '--ios', '16', '--seeds', '1']);
    expect(table.status).toBe(0);
    for (const fs of clean) expect(table.stdout).toContain(fs);
    const json = aiosim(['bench', 'mixed', '--ios', '16', '--seeds', '1', '--json', '--svg', svg]);
    const result = JSON.parse(json.stdout) as { rows: Array<{ fs: string; iops: number }> };
    expect(result.rows.map((r) => r.fs)).toEqual(clean);
    const chart = readFileSync(svg, 'utf8');
    expect(chart).toMatch(/^<svg /);
    expect(chart.match(/class="iops"/g)).toHaveLength(clean.length);
    expect(table.stdout).toContain(Math.round(result.rows[0]!.iops).toLocaleString('en'));
  });

  test('a corrupting scheme is marked and the exit code says so', () => {
    const r = aiosim(['bench', 'append', '--schemes', 'bug-eof-zero-nodrain', '--ios', '12', '--seeds', '1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗');
  });

  test('bad flags are usage errors (exit 2), and nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-bench-'));
    for (const args of [
      ['bench', 'nosuch'],
      ['bench', 'mixed', '--latency', '9-3'],
      ['bench', 'mixed', '--schemes', 'zfs', '--svg', join(dir, 'x.svg')],
      ['bench', 'mixed', '--depth', '0'],
    ]) {
      const r = aiosim(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
