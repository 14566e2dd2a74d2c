/**
 * The built-in scenarios: every YAML file in `scenarios/` at the package root (file-system
 * scenarios, which every scheme runs), and the lock programs in `scenarios/locks/` (the kernel's
 * lock types and lockdep, no file system involved). A name that is not a built-in but names a
 * file is loaded from that file.
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

function scenariosIn(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadScenarioFile(join(dir, f)));
}

/** The file-system scenarios (schemes are judged on these). */
export function catalog(): Scenario[] {
  return scenariosIn(catalogDir());
}

/** The lock programs (lockdep and the kernel's lock types; the scheme plays no part). */
export function lockPrograms(): Scenario[] {
  return scenariosIn(join(catalogDir(), 'locks'));
}

export function loadScenario(nameOrFile: string): Scenario {
  if (/[/\\]|\.(ya?ml|json)$/.test(nameOrFile)) return loadScenarioFile(nameOrFile);
  for (const dir of [catalogDir(), join(catalogDir(), 'locks')]) {
    const file = join(dir, `${nameOrFile}.yaml`);
    if (existsSync(file)) return loadScenarioFile(file);
  }
  const names = [...catalog(), ...lockPrograms()].map((s) => s.name);
  throw new UserError(`scenario ${JSON.stringify(nameOrFile)} is not built in (try: ${names.join(', ')}) and is not a file path`);
}
