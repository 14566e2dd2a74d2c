/**
 * `aiosim explain <token>`: the execution a token replays, exported for a kernel developer —
 * `--format commit` (the default) draws the interleaving as kernel commit messages do
 * (src/report/commit-diagram.ts); `--format c` writes a C program that runs the scenario on a
 * real kernel and checks for the violation's consequence (src/report/c-reproducer.ts).
 */
import { Option, type Command } from 'commander';
import { renderCReproducer } from '../src/report/c-reproducer.js';
import { renderCommitDiagram } from '../src/report/commit-diagram.js';
import { boundToken } from '../src/explore/replay-token.js';
import { forceOption, fsOption, stepLimitOption, valueOption, wholeNumber } from './options.js';
import { checkWritable, out, writeFileAtomic } from './output.js';
import { replayToken } from './replay.js';

export const EXPLAIN_FORMATS = ['commit', 'c'] as const;

export interface ExplainCommandOptions {
  readonly format: (typeof EXPLAIN_FORMATS)[number];
  readonly full?: boolean;
  readonly width?: number;
  readonly output?: string;
  readonly fs?: string;
  readonly force?: boolean;
  readonly stepLimit?: number;
}

export function addExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('export the execution a token replays: a race diagram for a commit message, or a C reproducer for a real kernel')
    .argument('<token>', 'a replay token as printed by run, explore or replay (or a file holding one)')
    .addOption(
      new Option('--format <format>', 'commit: the interleaving in CPU columns, as kernel commit messages draw it; c: a C reproducer (pthreads, libaio)')
        .choices([...EXPLAIN_FORMATS])
        .default('commit'),
    )
    .option('--full', 'commit: every step, not only the critical path')
    .addOption(
      new Option('--width <n>', 'commit: fit this many columns, e.g. 72 for a commit message (default: as wide as needed)').argParser(wholeNumber(40, 1000)),
    )
    .addOption(valueOption('-o, --output <file>', 'write to this file instead of stdout'))
    .addOption(fsOption("file-system scheme: the token's (repeating it is fine; another one is an error)"))
    .addOption(forceOption())
    .addOption(stepLimitOption())
    .addHelpText(
      'after',
      `
The commit diagram draws one column per task, then the hard-irq bio completions and the
kworkers; by default only the critical path (the steps that led to the first verdict, the
syscalls they happened in, with their locks and drains), then the verdict.

The C reproducer opens the scenario's files with O_DIRECT in a directory on the file system
under test, runs one pthread per task (libaio for the AIO ops), forces the token's order of
syscalls where user space can (semaphores between threads), and checks afterwards for what
the oracle saw. Build: gcc -Wall -pthread repro.c -o repro -laio; run: ./repro <dir> [runs].

Examples:
  $ aiosim explain 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4' --width 72
  $ aiosim explain token.txt --format c -o repro.c`,
    )
    .action(async (text: string, o: ExplainCommandOptions) => {
      checkWritable('--output', o.output);
      const { token, scenario, run } = await replayToken(text, o, 'explain');
      const replay = boundToken(token, scenario, { embed: token.binding?.payload !== undefined });
      const body = o.format === 'c' ? renderCReproducer(run, { token: replay }) : renderCommitDiagram(run, { full: o.full, width: o.width });
      if (o.output) writeFileAtomic(o.output, body, '--output');
      else out(body.replace(/\n$/, ''));
    });
}
