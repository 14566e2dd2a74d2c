/**
 * The built-in scenarios: every YAML file in `scenarios/` at the package root. A name that is
 * not a built-in but names a file is loaded from that file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../sim/errors.js';
import type { Scenario } from './schema.js';
import { loadScenarioFile } from './validate.js';

/** scenarios/ next to package.json, from src/ (tests) or dist/src/ (the built CLI). */
export function catalogDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package root not found');
    dir = up;
  }
  return join(dir, 'scenarios');
}

export function catalog(): Scenario[] {
  const dir = catalogDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadScenarioFile(join(dir, f)));
}

export function loadScenario(nameOrFile: string): Scenario {
  if (/[/\\]|\.(ya?ml|json)$/.test(nameOrFile)) return loadScenarioFile(nameOrFile);
  const file = join(catalogDir(), `${nameOrFile}.yaml`);
  if (existsSync(file)) return loadScenarioFile(file);
  const names = catalog().map((s) => s.name);
  throw new UserError(`scenario ${JSON.stringify(nameOrFile)} is not built in (try: ${names.join(', ')}) and is not a file path`);
}
