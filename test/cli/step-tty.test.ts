import { describe, expect, test } from 'vitest';
import { Readable } from 'node:stream';
import { runStepper } from '../../cli/step.js';
import { Stepper } from '../../src/explore/stepper.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { plain } from '../../src/report/colour.js';

const CLEAR = '\x1b[H\x1b[2J';

async function session(tty: boolean, keys: string[], width = 100): Promise<string> {
  const scenario = loadScenario('truncate-vs-aio-write');
  const stepper = new Stepper(scenario, scenario.name, 'diocount');
  let out = '';
  await runStepper(stepper, plain, Readable.from([`${keys.join('\n')}\n`]), (s) => (out += s), { tty, width });
  return out;
}

describe('aiosim step on a terminal', () => {
  test('a TTY redraws each screen in place (cleared from the top), what a key said on top; lines fit the width', async () => {
    const out = await session(true, ['2', 'u', 'q'], 60);
    const screens = out.split(CLEAR).slice(1);
    expect(screens).toHaveLength(3); // start, after 2, after u
    expect(screens[2]!.startsWith('undone.\n── truncate-vs-aio-write')).toBe(true);
    for (const line of screens.flatMap((x) => x.split('\n'))) expect([...line].length).toBeLessThanOrEqual(60);
  });

  test('not a TTY: screens are appended, never cleared', async () => {
    const out = await session(false, ['2', 'u', 'q']);
    expect(out).not.toContain('\x1b[');
    expect(out.split('── truncate-vs-aio-write')).toHaveLength(4);
    expect(out).toContain('undone.\n── truncate-vs-aio-write');
  });
});
