/**
 * `aiosim new-scheme <name> [--from <scheme>] [-o <dir>]`: writes a starting point for a scheme
 * of one's own — a scheme file extending a built-in scheme with the hooks most worth editing
 * spelled out, a scenario that runs it (a hole punched under an in-flight AIO write, then
 * another file reusing the blocks), and a vitest test that explores that scenario with dfs and
 * passes as written. Nothing is overwritten: an existing file is an error (exit 2).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { UserError } from '../src/sim/errors.js';
import { out } from './output.js';

/** The built-in schemes a scheme file can extend, by the class api.ts exports (bug schemes are not a base to build on). */
const BASES: Readonly<Record<string, string>> = {
  diocount: 'Diocount',
  'diocount-overwrite-shared': 'DiocountOverwriteShared',
  hold: 'Hold',
  'hold-downgrade': 'HoldDowngrade',
  'hold-naive': 'HoldNaive',
  fence: 'FenceFs',
};

export interface NewSchemeOptions {
  readonly from: string;
  readonly output?: string;
}

const className = (name: string): string => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/^(\d)/, 'S$1');

export function schemeTemplate(name: string, from: string): string {
  const base = BASES[from]!;
  return `/**
 * ${name}: a file-system locking scheme for aiosim, extending the built-in \`${from}\`.
 * Every method below is a hook of the base class, shown with what \`${from}\` does, so that
 * editing one line is trying one design. docs/schemes.md lists every hook in the order a
 * write goes through them, and what a \`yield\` means.
 *
 *   aiosim explore ${name}.yaml --strategy dfs       # every interleaving up to 2 preemptions
 *   aiosim explore ${name}.yaml                      # a sampled search (portfolio)
 */
import { ${base}, grownSize } from 'aiosim';

export default class ${className(name)} extends ${base} {
  static summary = '${name}: ${from}, edited';

  /**
   * fallocate (punch_hole, zero_range, allocate): in-flight direct I/O must finish before the
   * new size is computed and blocks are freed, or a late write lands in freed blocks.
   */
  *fallocateNewSize(inode, mode, offset, length) {
    yield* this.drain(inode);
    return grownSize(this.sb, inode, mode, offset, length);
  }

  /** truncate: the same wait before the blocks past the new EOF are freed. */
  *setattrDrain(inode) {
    yield* this.drain(inode);
  }
}
`;
}

export function scenarioTemplate(name: string): string {
  return `version: 1
name: ${name}
title: A hole punched under an in-flight AIO direct write
description: |
  \`app\` writes the third block of \`/a\` with an asynchronous direct write. \`admin\` punches
  that block out with fallocate(PUNCH_HOLE), then creates \`/b\` and writes it: with LIFO
  block reuse \`/b\` gets the block \`/a\` gave back. A scheme that punches without waiting for
  in-flight direct I/O lets the late write land in \`/b\`'s data.
references:
  - "written by aiosim new-scheme"
fs: ./${name}.mjs
geometry: { blockSize: 4096, blocks: 16 }
device: { queueDepth: 4, latency: { min: 50, max: 500 } }
files:
  - { path: /a, size: 16384, fill: "a" }
tasks:
  - name: app
    ops:
      - { op: aio_write, file: /a, offset: 8192, length: 4096, fill: "W", id: w1 }
      - { op: wait, for: w1 }
  - name: admin
    ops:
      - { op: fallocate, file: /a, mode: punch_hole, offset: 8192, length: 4096, id: p1 }
      - { op: create, file: /b }
      - { op: write, file: /b, offset: 0, length: 4096, fill: "b", id: wb }
`;
}

export function testTemplate(name: string, cli: string): string {
  return `// A test of the ${name} scheme (vitest): it runs the aiosim CLI on ${name}.yaml, as you would.
// Set AIOSIM_CLI to use another aiosim than the one that wrote this file.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const AIOSIM = process.env.AIOSIM_CLI ?? ${JSON.stringify(cli)};
const here = fileURLToPath(new URL('.', import.meta.url));

function aiosim(...args) {
  const r = spawnSync(process.execPath, [AIOSIM, ...args], { cwd: here, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('${name}', () => {
  it('dfs finds no violation in ${name}.yaml within 2 preemptions', () => {
    const r = aiosim('explore', '${name}.yaml', '--strategy', 'dfs', '--preemptions', '2', '--json');
    expect(r.stderr).not.toMatch(/^aiosim:/m);
    const result = JSON.parse(r.stdout);
    expect(result.violations).toEqual([]);
    expect(result.dfs.complete).toBe(true);
    expect(r.status).toBe(0);
  }, 300_000);
});
`;
}

export function addNewSchemeCommand(program: Command): void {
  program
    .command('new-scheme')
    .description('write a scheme file of your own (extending a built-in scheme), a scenario that runs it, and a test')
    .argument('<name>', 'the scheme name, lower case letters, digits and dashes (my-punch)')
    .addOption(new Option('--from <scheme>', 'the built-in scheme to extend').choices(Object.keys(BASES)).default('diocount'))
    .addOption(new Option('-o, --output <dir>', 'the directory to write into (default: ./<name>; created if missing)'))
    .addHelpText(
      'after',
      `
Writes <dir>/<name>.mjs (the scheme), <dir>/<name>.yaml (a scenario whose fs: is the scheme
file) and <dir>/<name>.test.mjs (a vitest test running aiosim explore --strategy dfs on it).
docs/schemes.md describes the hooks; the scheme imports what it needs from 'aiosim'.

Example:
  $ aiosim new-scheme my-punch --from diocount -o my-punch
  $ aiosim explore my-punch/my-punch.yaml --strategy dfs`,
    )
    .action((name: string, o: NewSchemeOptions) => {
      if (!/^[a-z][a-z0-9-]*$/.test(name))
        throw new UserError(`new-scheme: the name "${name}" must be lower case letters, digits and dashes, starting with a letter`);
      const dir = o.output ?? name;
      const cli = resolve(fileURLToPath(new URL('main.js', import.meta.url)));
      const files: [string, string][] = [
        [`${name}.mjs`, schemeTemplate(name, o.from)],
        [`${name}.yaml`, scenarioTemplate(name)],
        [`${name}.test.mjs`, testTemplate(name, cli)],
      ];
      for (const [f] of files)
        if (existsSync(join(dir, f))) throw new UserError(`new-scheme: ${join(dir, f)} exists; nothing was written (choose another -o or name)`);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new UserError(`-o ${dir}: cannot create the directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      for (const [f, text] of files) writeFileSync(join(dir, f), text, { flag: 'wx' });
      for (const [f] of files) out(`wrote ${join(dir, f)}`);
      out(`next: aiosim explore ${join(dir, `${name}.yaml`)} --strategy dfs`);
    });
}
