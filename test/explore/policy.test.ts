import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBudget, EXPLORE_STRATEGIES } from '../../src/explore/explore.js';
import { IN_PROCESS_BUDGET, runsInProcess } from '../../src/explore/parallel.js';
import { SAMPLING_STRATEGIES, strategyFor } from '../../src/explore/portfolio.js';
import { checkTokenScenario, parseScheduleArgument, parseTokenArgument, replayScheme } from '../../src/explore/replay-token.js';
import { UserError } from '../../src/sim/errors.js';

const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v';

describe('exploration policy (src/explore, not the CLI)', () => {
  test('budgets up to 500 and dfs run in-process; larger sampling budgets on workers, when there are several', () => {
    expect(IN_PROCESS_BUDGET).toBe(500);
    expect(runsInProcess('portfolio', 500, 8)).toBe(true);
    expect(runsInProcess('portfolio', 501, 8)).toBe(false);
    expect(runsInProcess('random', 10_000, 1)).toBe(true);
    expect(runsInProcess('dfs', 1_000_000, 8)).toBe(true);
    expect(defaultBudget('portfolio')).toBe(1000);
    expect(defaultBudget('dfs')).toBe(1_000_000);
  });

  test('strategyFor: the portfolio cycles random, timed, PCT d=2, PCT d=3; pct takes --depth', () => {
    expect([0, 1, 2, 3, 4].map((i) => strategyFor('portfolio', 1, i).name)).toEqual(['random', 'timed', 'pct(d=2)', 'pct(d=3)', 'random']);
    expect(strategyFor('pct', 1, 0, 100, 5).name).toBe('pct(d=5)');
    expect([...EXPLORE_STRATEGIES]).toEqual([...SAMPLING_STRATEGIES, 'dfs']);
  });

  test("strategyFor('dfs') does not compile: dfs is a search, not a sampler", () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const dir = mkdtempSync(join(here, '.tsc-'));
    const file = join(dir, 'dfs.ts');
    const portfolio = relative(dir, fileURLToPath(new URL('../../src/explore/portfolio.js', import.meta.url)));
    let tsc: ReturnType<typeof spawnSync> | undefined;
    try {
      writeFileSync(file, `import { strategyFor } from '${portfolio}';\nstrategyFor('dfs', 1, 0);\n`);
      tsc = spawnSync(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '--noEmit', '--strict', '--module', 'nodenext', '--skipLibCheck', '--types', 'node', file],
        { encoding: 'utf8' },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(tsc.stdout).toMatch(/error TS2345: Argument of type '"dfs"' is not assignable/);
  }, 60_000);

  test('--schedule takes a token, a bare schedule string, or a file holding either', () => {
    expect(parseScheduleArgument(TOKEN, '--schedule')).toEqual({
      token: { scenario: 'truncate-vs-aio-write', fs: 'bug-truncate-nowait', schedule: '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v' },
      schedule: '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v',
    });
    expect(parseScheduleArgument('1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v', '--schedule')).toEqual({
      token: null,
      schedule: '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v',
    });
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-schedule-'));
    writeFileSync(join(dir, 'token.txt'), `${TOKEN}\n`);
    writeFileSync(join(dir, 'bare.txt'), '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v\n');
    writeFileSync(join(dir, 'empty.txt'), '\n');
    writeFileSync(join(dir, 'damaged.txt'), '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2w\n');
    expect(parseScheduleArgument(join(dir, 'token.txt'), '--schedule').token?.fs).toBe('bug-truncate-nowait');
    expect(parseScheduleArgument(join(dir, 'bare.txt'), '--schedule')).toEqual({ token: null, schedule: '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v' });
    expect(parseTokenArgument(join(dir, 'token.txt'), 'replay').scenario).toBe('truncate-vs-aio-write');
    expect(() => parseScheduleArgument(join(dir, 'empty.txt'), '--schedule')).toThrow(/empty\.txt: the file is empty/);
    expect(() => parseScheduleArgument(join(dir, 'damaged.txt'), '--schedule')).toThrow(/damaged\.txt: schedule: check characters do not match/);
    expect(() => parseScheduleArgument('', '--schedule')).toThrow(UserError);
    expect(() => parseTokenArgument(join(dir, 'bare.txt'), 'replay')).toThrow(/bare\.txt: schedule: expected "<scenario>@<scheme>@<choices>"/);
  });

  test("a token's scheme is the one it replays under: --fs may repeat it, not contradict it", () => {
    const token = parseScheduleArgument(TOKEN, '--schedule').token;
    expect(replayScheme(token, undefined, 'diocount')).toBe('bug-truncate-nowait');
    expect(replayScheme(token, 'bug-truncate-nowait', 'diocount')).toBe('bug-truncate-nowait');
    expect(() => replayScheme(token, 'hold', 'diocount')).toThrow(/^--fs hold contradicts the replay token, which was recorded under bug-truncate-nowait/);
    expect(replayScheme(null, 'hold', 'diocount')).toBe('hold');
    expect(replayScheme(null, undefined, 'diocount')).toBe('diocount');
  });

  test('a token given with a scenario argument must name that scenario (or the same file)', () => {
    const token = { scenario: 'scenarios/x.yaml', fs: 'hold', schedule: '1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v' };
    expect(() => checkTokenScenario(token, './scenarios/x.yaml')).not.toThrow();
    expect(() => checkTokenScenario(null, 'anything')).not.toThrow();
    expect(() => checkTokenScenario(token, 'extend-then-stat')).toThrow(/the replay token is for scenario scenarios\/x\.yaml, not extend-then-stat/);
  });
});
