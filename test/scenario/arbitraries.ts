/** fast-check generators of valid random scenarios (the oracles must accept whatever Linux allows). */
import fc from 'fast-check';
import { validateScenario } from '../../src/scenario/validate.js';
import type { Scenario } from '../../src/scenario/schema.js';

const BS = 4096;
const FILES = ['/a', '/b', '/c'];

const position = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((b) => b * BS), // aligned
  fc.integer({ min: 0, max: 6 * BS - 1 }), // anywhere
);
const length = fc.oneof(
  fc.integer({ min: 1, max: 2 }).map((b) => b * BS),
  fc.integer({ min: 1, max: 2 * BS }),
);
// Direct I/O is sector-aligned (512 bytes, the default geometry.sectorSize), sub-block or not; Linux refuses the rest.
const SECTOR = 512;
const sectorPosition = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((b) => b * BS),
  fc.integer({ min: 0, max: (6 * BS) / SECTOR - 1 }).map((s) => s * SECTOR),
);
const sectorLength = fc.oneof(
  fc.integer({ min: 1, max: 2 }).map((b) => b * BS),
  fc.integer({ min: 1, max: (2 * BS) / SECTOR }).map((s) => s * SECTOR),
);
const file = fc.constantFrom(...FILES);
const syncIo = (op: 'write' | 'read') =>
  fc
    .boolean()
    .chain((direct) =>
      fc.record({ op: fc.constant(op), file, offset: direct ? sectorPosition : position, length: direct ? sectorLength : length, direct: fc.constant(direct) }),
    );

type Draft = Record<string, unknown>;
const opDraft: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({ op: fc.constant('aio_write'), file, offset: sectorPosition, length: sectorLength }),
  fc.record({ op: fc.constant('aio_read'), file, offset: sectorPosition, length: sectorLength }),
  syncIo('write'),
  syncIo('read'),
  fc.record({ op: fc.constant('wait') }),
  fc.record({ op: fc.constant('truncate'), file, size: position }),
  fc.record({ op: fc.constantFrom('fallocate'), file, mode: fc.constantFrom('allocate', 'keep_size', 'punch_hole', 'zero_range'), offset: position, length }),
  fc.record({ op: fc.constant('fsync'), file }),
  fc.record({ op: fc.constant('close'), file }),
  fc.record({ op: fc.constant('sleep'), us: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ op: fc.constant('create'), file: fc.constant('/c') }),
  fc.record({ op: fc.constant('unlink'), file: fc.constantFrom('/b', '/c') }),
  // FIFREEZE … FITHAW, with what the freezing task may do meanwhile (validate.ts): reads, waits, sleeps.
  fc
    .array(
      fc.oneof(
        fc.record({ op: fc.constant('aio_read'), file, offset: sectorPosition, length: sectorLength }),
        syncIo('read'),
        fc.record({ op: fc.constant('wait') }),
        fc.record({ op: fc.constant('sleep'), us: fc.integer({ min: 1, max: 300 }) }),
      ),
      { maxLength: 2 },
    )
    .map((inner) => ({ op: 'freeze-window', inner })),
);

/** A freeze window drafts as one op and becomes freeze, its inner ops, thaw. */
const expand = (op: Draft): Draft[] => (op.op === 'freeze-window' ? [{ op: 'freeze' }, ...(op.inner as Draft[]), { op: 'thaw' }] : [op]);

/** io_setup of 'ctx' first and every AIO through it (setup), and io_destroy at the end (destroy; of the implicit context without setup). */
function withContext(ops: Draft[], { setup, destroy }: { setup: boolean; destroy: boolean }): Draft[] {
  const aio = (op: Draft): Draft => (setup && (op.op === 'aio_write' || op.op === 'aio_read') ? { ...op, ctx: 'ctx' } : op);
  return [...(setup ? [{ op: 'io_setup', ctx: 'ctx' }] : []), ...ops.map(aio), ...(destroy ? [{ op: 'io_destroy', ...(setup ? { ctx: 'ctx' } : {}) }] : [])];
}

export const randomScenario: fc.Arbitrary<Scenario> = fc
  .record({
    sizeA: position,
    fillA: fc.boolean(),
    sizeB: position,
    tasks: fc.array(fc.array(opDraft, { minLength: 2, maxLength: 6 }), { minLength: 2, maxLength: 4 }),
    // Per task: its AIO through an io_setup context ('ctx'), and whether it ends with io_destroy.
    contexts: fc.array(fc.record({ setup: fc.boolean(), destroy: fc.boolean() }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ sizeA, fillA, sizeB, tasks, contexts }) => {
    let n = 0;
    // Ops may name /c only if some task creates it (it may still run first and find no file).
    const createsC = tasks.some((ops) => ops.some((op) => op.op === 'create'));
    const fixFile = (op: Draft): Draft => (op.file === '/c' && !createsC ? { ...op, file: '/a' } : op);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const data = {
      version: 1,
      name: 'random',
      title: 'random scenario',
      geometry: { blockSize: BS, blocks: 96 },
      device: { queueDepth: 3, latency: { min: 20, max: 400 } },
      files: [
        { path: '/a', size: sizeA, ...(fillA ? { fill: 'a' } : {}) },
        { path: '/b', size: sizeB, fill: 'b' },
      ],
      tasks: tasks.map((ops, t) => ({
        name: `t${t}`,
        ops: withContext(ops.flatMap(expand), contexts[t]!)
          .map(fixFile)
          .map((op) => {
            const id = `o${++n}`;
            const withFill = op.op === 'aio_write' || op.op === 'write' ? { fill: letters[n % letters.length] } : {};
            return { ...op, ...withFill, id };
          }),
      })),
    };
    return validateScenario(data, 'generated');
  });
