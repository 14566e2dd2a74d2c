/** `aiosim compare`: one scenario explored under every scheme with the same budget and seed, one row per scheme. */
import { useScheme } from '../src/fs-impls/load-scheme.js';
import { type Command, Option } from 'commander';
import { type Chalk, terminalChalk } from '../src/report/colour.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { comparedSchemes, schemeNamed } from '../src/fs-impls/schemes.js';
import { isSchemePath } from '../src/fs-impls/user-schemes.js';
import { type ExploreResult, explore } from '../src/explore/explore.js';
import { boundToken, parseToken } from '../src/explore/replay-token.js';
import { renderHtmlCompare } from '../src/report/html.js';
import { verdictLabel } from '../src/sim/verdict-label.js';
import { jsonOption, seedOption, stepLimitOption, valueOption, wholeNumber } from './options.js';
import { checkWritable, claimStdout, out } from './output.js';
import { exitFor, writeReports } from './reports.js';

export interface CompareCommandOptions {
  readonly seed: number;
  readonly budget: number;
  readonly schemes?: string;
  readonly json?: boolean;
  readonly stepLimit?: number;
  readonly html?: string;
}

/** Columns of the table, at least as wide as their header line has always been (27 and 44). */
const SCHEME_WIDTH = 27;
const VERDICTS_WIDTH = 44;

/**
 * The table: scheme, verdict labels, first violating token. A column is as wide as its longest
 * cell plus two spaces, so a long verdict list (`lockdep/bad-unlock, …`) never runs into the token.
 */
export function compareTable(rows: readonly Pick<ExploreResult, 'fs' | 'violations' | 'schedule'>[], chalk: Chalk): string[] {
  const cells = rows.map((r) => ({ fs: r.fs, kinds: [...new Set(r.violations.map(verdictLabel))].join(', '), token: r.schedule }));
  const schemeWidth = cells.reduce((m, c) => Math.max(m, c.fs.length + 2), SCHEME_WIDTH);
  const verdictsWidth = cells.reduce((m, c) => Math.max(m, c.kinds.length + 2), VERDICTS_WIDTH);
  const lines = [`${'scheme'.padEnd(schemeWidth)}${'verdicts'.padEnd(verdictsWidth)}first violating schedule`];
  for (const c of cells) {
    const verdicts = c.kinds ? chalk.red(c.kinds.padEnd(verdictsWidth)) : chalk.green('none'.padEnd(verdictsWidth));
    lines.push(`${c.fs.padEnd(schemeWidth)}${verdicts}${c.kinds ? c.token : '-'}`);
  }
  return lines;
}

export function addCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('explore one scenario under every scheme with the same budget and seed; one row per scheme')
    .argument('<scenario>', 'built-in scenario name or a .yaml/.json file')
    .addOption(seedOption())
    .addOption(new Option('--budget <executions>', 'executions per scheme').argParser(wholeNumber(1, 1_000_000)).default(300))
    .addOption(valueOption('--schemes <names>', 'comma-separated subset of schemes (default: every built-in scheme; a claim scheme only on its own scenario)'))
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .addOption(valueOption('--html <file>', 'write the table as a self-contained HTML page (atomically; - for stdout)'))
    .action(async (ref: string, o: CompareCommandOptions) => {
      if (o.json) claimStdout('--json');
      checkWritable('--html', o.html);
      const scenario = loadScenario(ref);
      // A scenario written for a scheme file (fs: ./x.mjs) compares that file too.
      const names = o.schemes
        ? o.schemes.split(',').map((s) => s.trim())
        : [...comparedSchemes(scenario.name), ...(isSchemePath(scenario.fs) ? [scenario.fs] : [])];
      for (const n of names) await useScheme(n, '--schemes');
      const rows = names.map((fs) => {
        const r = explore(scenario, { scenarioRef: ref, fs, strategy: 'portfolio', seed: o.seed, budget: o.budget, stepLimit: o.stepLimit });
        return { ...r, schedule: r.schedule && boundToken(parseToken(r.schedule), scenario) };
      });
      if (o.json) {
        out(
          JSON.stringify({
            scenario: scenario.name,
            budget: o.budget,
            seed: o.seed,
            rows: rows.map((r) => ({ fs: r.fs, executions: r.executions, violations: r.violations, schedule: r.violations.length ? r.schedule : null })),
          }),
        );
      } else {
        const chalk = terminalChalk();
        out(chalk.bold(`${scenario.name}: every scheme, ${o.budget} executions each (portfolio, seed ${o.seed})`));
        for (const line of compareTable(rows, chalk)) out(line);
      }
      const kindOf = (fs: string) => schemeNamed(fs)!.kind;
      const html = () =>
        renderHtmlCompare(
          scenario.name,
          scenario.title,
          o.budget,
          rows.map((r) => ({
            fs: r.fs,
            kind: kindOf(r.fs),
            executions: r.executions,
            violations: r.violations,
            schedule: r.violations.length ? r.schedule : null,
          })),
        );
      exitFor(rows.some((r) => r.violations.length > 0) ? 1 : 0, await writeReports([o.html ? { flag: '--html', file: o.html, content: html } : null]));
    });
}
