import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { catalogDigests } from './digest.js';

const file = fileURLToPath(new URL('./catalog-digests.json', import.meta.url));

it('golden: every catalog scenario × scheme × 3 seeds keeps its trace, schedule, token, verdicts and explore result', () => {
  const now = catalogDigests();
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, `${JSON.stringify(now, null, 1)}\n`);
  const golden = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const changed = Object.keys(golden).filter((k) => golden[k] !== now[k]);
  expect(changed).toEqual([]);
  expect(Object.keys(now).sort()).toEqual(Object.keys(golden).sort());
}, 300_000);
