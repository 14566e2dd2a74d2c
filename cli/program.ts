/**
 * The aiosim program: one file per command, wired here; main.ts runs it. Exit codes (design
 * §8): 0 no violation, 1 violation found, 2 bad input or usage, 3 a bug in aiosim (errors.ts).
 * Bad input never prints a stack trace: one line naming what was wrong.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { addDemoCommand } from './demo.js';
import { addListCommand } from './list.js';
import { addRunCommand } from './run.js';
import { addExploreCommand } from './explore.js';
import { addReplayCommand } from './replay.js';
import { addStepCommand } from './step.js';
import { addCompareCommand } from './compare.js';
import { addBenchCommand } from './bench.js';
import { addExplainCommand } from './explain.js';
import { addPlayCommand } from './play.js';
import { addNewSchemeCommand } from './new-scheme.js';
import { failure } from './errors.js';
import { resetOutput } from './output.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('aiosim')
    .description('Deterministic simulator of Linux asynchronous direct I/O and its locking (i_rwsem, i_dio_count, lockdep)')
    .version(pkg.version, '-V, --version')
    // Usage errors are printed by main(), in one line; commander only throws them.
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  // Commands inherit the settings above: add them after.
  const commands = [
    addDemoCommand,
    addListCommand,
    addRunCommand,
    addExploreCommand,
    addReplayCommand,
    addStepCommand,
    addCompareCommand,
    addBenchCommand,
    addExplainCommand,
    addPlayCommand,
    addNewSchemeCommand,
  ];
  for (const add of commands) add(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    const { status, line } = failure(err);
    if (line !== null) process.stderr.write(`${line}\n`);
    return status;
  } finally {
    process.exitCode = undefined; // the status is main's answer; a second run in this process starts clean
    resetOutput();
  }
}
