#!/usr/bin/env node
/**
 * The aiosim command line. Exit codes (design §8): 0 no violation, 1 violation found,
 * 2 bad input or usage. Bad input never prints a stack trace: one line naming what was wrong.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { UserError } from '../src/sim/errors.js';
import { terminalChalk } from '../src/report/colour.js';
import { runDemo } from './demo.js';
import { addScenarioCommands } from './commands.js';
import { addBenchCommand } from './bench.js';
import { parseSeed, terminalWidth } from './options.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('aiosim')
    .description('Deterministic simulator of Linux asynchronous direct I/O and its locking (i_rwsem, i_dio_count, lockdep)')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('demo')
    .description('show the lock model at work: rwsem writer bias, and i_rwsem held across an async I/O with and without a lockdep hand-off')
    .option('--seed <n>', 'seed for tie-breaking between simultaneous events', parseSeed, 1)
    .addHelpText('after', '\nExamples:\n  $ aiosim demo\n  $ NO_COLOR=1 aiosim demo | less')
    .action((opts: { seed: number }) => {
      const chalk = terminalChalk();
      process.stdout.write(`${runDemo(opts.seed, chalk, Math.min(terminalWidth() - 16, 120))}\n`);
    });

  addScenarioCommands(program);
  addBenchCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every usage error is exit 2 (commander would say 1).
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    if (err instanceof UserError) {
      process.stderr.write(`aiosim: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`aiosim: internal error (a bug in aiosim, please report it with the command you ran): ${message}\n`);
    return 3;
  }
}

// `aiosim run … | head`: when the reader goes away, stop quietly, as a C tool killed by SIGPIPE
// would, instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(Number(process.exitCode ?? 0));
  });
}

process.exitCode = await main(process.argv);
