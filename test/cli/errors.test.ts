import { describe, expect, test } from 'vitest';
import { CommanderError } from 'commander';
import { failure } from '../../cli/errors.js';
import { ExecutionFailed } from '../../src/explore/failure.js';
import { InvariantError, UserError } from '../../src/sim/errors.js';
import { ScheduleExhausted } from '../../src/sim/strategies/replay.js';

describe('how a failed command ends: exit 2 (usage, bad input) or 3 (a bug), one line, no stack trace', () => {
  test('a usage error is one line with the hint, whatever commander put on separate lines', () => {
    const err = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--sed'\n(Did you mean --seed?)");
    expect(failure(err)).toEqual({ status: 2, line: "aiosim: error: unknown option '--sed' (did you mean --seed?) (run with --help for usage)" });
  });

  test('help: asked for, exit 0; shown because no command was given, exit 2', () => {
    expect(failure(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({ status: 0, line: null });
    expect(failure(new CommanderError(0, 'commander.version', '0.1.0'))).toEqual({ status: 0, line: null });
    expect(failure(new CommanderError(0, 'commander.help', '(outputHelp)'))).toEqual({ status: 0, line: null });
    expect(failure(new CommanderError(1, 'commander.help', '(outputHelp)'))).toEqual({ status: 2, line: null });
  });

  test('bad input (ScheduleExhausted is one) is exit 2; an internal error or a failed execution is exit 3', () => {
    expect(failure(new UserError('scenario.yaml: tasks[0]: bad'))).toEqual({ status: 2, line: 'aiosim: scenario.yaml: tasks[0]: bad' });
    expect(failure(new ScheduleExhausted(4, 'which context runs')).status).toBe(2);
    expect(failure(new InvariantError('x\ny'))).toEqual({
      status: 3,
      line: 'aiosim: internal error (a bug in aiosim, please report it with the command you ran): internal invariant broken (a bug in aiosim): x y',
    });
    const failed = failure(new ExecutionFailed("boom (in execution 3 of the exploration; replay it: aiosim replay 'a@hold@1.0.aa')"));
    expect(failed.status).toBe(3);
    expect(failed.line).toMatch(/boom \(in execution 3 of the exploration; replay it: aiosim replay 'a@hold@1\.0\.aa'\)$/);
  });
});
