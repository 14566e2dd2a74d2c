import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/catalog.js';
import { Session } from '../../src/play/session.js';
import { type WorkerReply, answer } from '../../src/play/worker.js';

function ask(req: Parameters<typeof answer>[0]): WorkerReply[] {
  const replies: WorkerReply[] = [];
  answer(req, (r) => replies.push(r));
  return replies;
}

describe('playground worker', () => {
  test('hint: after app submits w1, which next choices can still end in a freed-block write', () => {
    const scenario = loadScenario('truncate-vs-aio-write');
    // app starts, opens /a, enters io_submit; admin has not run.
    const session = new Session({ ref: scenario.name, scenario }, 'bug-truncate-nowait');
    for (const app of [1, 1, 1]) session.choose(app);
    const token = session.token();
    const [reply] = ask({ id: 1, kind: 'hint', scenario, token, tries: 60 });
    expect(reply?.kind).toBe('hint');
    if (reply?.kind !== 'hint') return;
    expect(reply.choices.map((c) => c.name).sort()).toEqual(['admin', 'app']);
    expect(reply.choices.some((c) => c.kinds.includes('freed-block-write'))).toBe(true);
  });

  test('prove: the bounded exhaustive search, with its summary', () => {
    const scenario = loadScenario('fence-on-eviction');
    const replies = ask({ id: 2, kind: 'prove', scenario, ref: scenario.name, fs: 'fence', preemptions: 2, budget: 10_000 });
    const last = replies.at(-1)!;
    expect(last).toMatchObject({ id: 2, kind: 'proof', proof: { complete: true, bound: 2, violations: [], token: null } });
  });

  test('a bad request is an error reply, not an exception', () => {
    const scenario = loadScenario('truncate-vs-aio-write');
    const [reply] = ask({ id: 3, kind: 'hint', scenario, token: 'not a token', tries: 1 });
    expect(reply).toMatchObject({ id: 3, kind: 'error' });
  });
});
