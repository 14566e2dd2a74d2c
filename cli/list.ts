/** `aiosim list`: the built-in scenarios, or (`--schemes`) the file-system schemes and the historic bugs. */
import { type Command, Option } from 'commander';
import { useScheme } from '../src/fs-impls/load-scheme.js';
import { UserError } from '../src/sim/errors.js';
import { type Chalk, terminalChalk } from '../src/report/colour.js';
import { catalog, lockPrograms } from '../src/scenario/catalog.js';
import { SCHEMES, type SchemeInfo, schemeNamed } from '../src/fs-impls/schemes.js';
import { out } from './output.js';

export interface ListCommandOptions {
  readonly schemes?: boolean;
  /** With --schemes: scheme files to load and list after the built-in ones (kind `user`). */
  readonly fs?: string[];
  readonly json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Columns: the name, then the kind, as wide as the longest kind and a space. */
const NAME_WIDTH = 26;
const KIND_WIDTH = SCHEMES.reduce((m, s) => Math.max(m, s.kind.length), 0) + 1;

/** A scheme's line, and under it (for the historic bugs) where it was fixed and the scenario that shows it, if there is one. */
export function schemeLines(s: Omit<SchemeInfo, 'create'>, chalk: Chalk): string[] {
  const lines = [`${chalk.bold(`${s.name.padEnd(NAME_WIDTH - 1)} `)}${chalk.gray(s.kind.padEnd(KIND_WIDTH))}${s.summary}`];
  const history = [s.history, s.scenario === undefined ? undefined : `scenario: ${s.scenario}`].filter((x) => x !== undefined);
  if (history.length) lines.push(`${' '.repeat(NAME_WIDTH + KIND_WIDTH)}${chalk.gray(history.join(' · '))}`);
  return lines;
}

export function addListCommand(program: Command): void {
  program
    .command('list')
    .description('list the built-in scenarios and lock programs (or, with --schemes, the file-system schemes)')
    .option('--schemes', 'list the file-system schemes and the historic bugs instead')
    .option('--json', 'print JSON')
    .addOption(new Option('--fs <file...>', 'with --schemes: also load and list these scheme files (kind user)').argParser(collect))
    .action(async (o: ListCommandOptions) => {
      const chalk = terminalChalk();
      if (o.fs && !o.schemes) throw new UserError('--fs: lists scheme files with --schemes only');
      if (o.schemes) {
        for (const f of o.fs ?? []) await useScheme(f);
        const all = [...SCHEMES, ...(o.fs ?? []).map((f) => schemeNamed(f)!)];
        if (o.json) return out(JSON.stringify(all.map(({ create: _c, ...info }) => info)));
        for (const s of all) for (const line of schemeLines(s, chalk)) out(line);
        return;
      }
      const all = catalog();
      const programs = lockPrograms();
      if (o.json) {
        const entry = (s: (typeof all)[number], kind: string) => ({ name: s.name, title: s.title, kind, fs: s.fs, references: s.references });
        return out(JSON.stringify([...all.map((s) => entry(s, 'file-system')), ...programs.map((s) => entry(s, 'lock-program'))]));
      }
      for (const s of all) out(`${chalk.bold(s.name.padEnd(34))}${s.title}`);
      out('');
      out(chalk.gray('lock programs (the kernel lock types and lockdep; no file system):'));
      for (const s of programs) out(`${chalk.bold(s.name.padEnd(34))}${s.title}`);
    });
}
