/**
 * Scenario file format v1 (design §7, a contract): YAML or JSON, validated with zod. Unknown
 * keys are errors so that a typo never passes silently. Cross-field rules (unique ids, `wait.for`
 * naming an earlier AIO of the same task, `after` naming another task's op, files that exist)
 * are checked after the shape, in validate.ts.
 */
import { z } from 'zod';
import type { OpKind as CheckedOpKind } from '../check/oracle-scenario.js';

const name = z.string().regex(/^[a-z0-9-]+$/, 'expected lowercase letters, digits and dashes');
const nat = z.number().int().min(0);
const positive = z.number().int().min(1);
const fill = z.string().length(1, 'expected exactly one character').refine((c) => c.charCodeAt(0) > 0 && c.charCodeAt(0) < 128, 'expected one printable ASCII character');
const path = z.string().regex(/^\/[A-Za-z0-9._/-]+$/, 'expected an absolute path like /a');
const common = { id: name.optional(), after: name.optional() };

const io = { file: path, offset: nat, length: positive };
const op = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('aio_write'), ...io, fill, ...common }),
  z.strictObject({ op: z.literal('aio_read'), ...io, ...common }),
  z.strictObject({ op: z.literal('write'), ...io, fill, direct: z.boolean().default(true), ...common }),
  z.strictObject({ op: z.literal('read'), ...io, direct: z.boolean().default(true), ...common }),
  z.strictObject({ op: z.literal('wait'), for: name.optional(), ...common }),
  z.strictObject({ op: z.literal('truncate'), file: path, size: nat, ...common }),
  z.strictObject({ op: z.literal('fallocate'), file: path, mode: z.enum(['allocate', 'keep_size', 'punch_hole', 'zero_range']), offset: nat, length: positive, ...common }),
  z.strictObject({ op: z.literal('fsync'), file: path, ...common }),
  z.strictObject({ op: z.literal('create'), file: path, ...common }),
  z.strictObject({ op: z.literal('unlink'), file: path, ...common }),
  z.strictObject({ op: z.literal('close'), file: path, ...common }),
  z.strictObject({ op: z.literal('sleep'), us: positive, ...common }),
]);

export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  name,
  title: z.string().min(1),
  description: z.string().default(''),
  references: z.array(z.string()).default([]),
  fs: z.string().default('diocount'),
  geometry: z.strictObject({ blockSize: positive.default(4096), blocks: positive.max(1_000_000).default(64) }).default({ blockSize: 4096, blocks: 64 }),
  device: z
    .strictObject({
      queueDepth: positive.max(1024).default(4),
      /**
       * Service time in virtual µs: uniform in [min, max] by default; `fixed` is always min;
       * `exponential` and `lognormal` have the given `mean` (default the midpoint), clipped to [min, max].
       */
      latency: z
        .strictObject({ min: nat, max: nat, distribution: z.enum(['uniform', 'fixed', 'exponential', 'lognormal']).default('uniform'), mean: nat.optional() })
        .refine((l) => l.min <= l.max, 'expected min ≤ max')
        .default({ min: 50, max: 500, distribution: 'uniform' }),
    })
    .default({ queueDepth: 4, latency: { min: 50, max: 500, distribution: 'uniform' } }),
  /** Optional CPU costs in virtual µs (default 0): per bio submitted, per lock hand-off, per completion. */
  cpu: z.strictObject({ submit: nat.default(0), handoff: nat.default(0), completion: nat.default(0) }).default({ submit: 0, handoff: 0, completion: 0 }),
  files: z.array(z.strictObject({ path, size: nat, fill: fill.optional() })).default([]),
  tasks: z.array(z.strictObject({ name, ops: z.array(op).min(1) })).min(1),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioOp = Scenario['tasks'][number]['ops'][number];
export type OpKind = ScenarioOp['op'];

// The oracles' own list of op kinds (check/oracle-scenario.ts) must be this one, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameOpKinds: Same<OpKind, CheckedOpKind> = true;
void _sameOpKinds;
