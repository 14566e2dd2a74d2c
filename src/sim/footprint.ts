/**
 * Footprints: which shared objects one scheduling step touched. Two steps of different
 * contexts that touch no common object are independent — running them in either order leads
 * to the same state — which is what the `dfs` explorer's sleep sets rely on to skip
 * interleavings equivalent to explored ones.
 *
 * Recorded, by key:
 *   - every shared object of the world, wrapped by `shared()` when it is created: locks and
 *     wait queues (by name), kiocbs and DIOs (by op id), the AIO contexts, the request queue,
 *     the allocator, the name space; inodes field by field (`ino:12.i_size`), their extent maps
 *     entry by entry (`ino:12.extents:3`, sharedEntries), their open counts by
 *     SuperBlock.fileRefs; i_dio_count by its own functions (dio-count.ts);
 *   - device blocks (`blk:3`), recorded by the superblock on every transfer;
 *   - the history, by the parts of it the oracles judge separately (`history:/a:size`,
 *     `history:/a:3`; check/history-keys.ts), and the set of ended ops (`done:<op id>`);
 *   - the simulator's own: the running context, every context it wakes, and every context whose
 *     state another looks at (`ctx:4`: lockdep's check of who holds freed locks), context
 *     creation (`spawn`), and the clock (`clock`: moved by picking a sleeper, read by sleeps,
 *     rwsem handoff timeouts and device latencies; latency statistics read it unrecorded). A
 *     strategy may leave the clock out while it cannot decide anything (StepRecorder.clockMayDecide).
 * An access is exclusive unless it names a way of commuting: two accesses to one object conflict
 * unless both are of the same commuting kind — `read` (reading a plain field, a lookup), `max`
 * (the clock moving forward), `add` (counters away from their threshold: request tags, a DIO's
 * bios, open counts, i_dio_count, extent-map membership), `wake` (waking a wait queue or a
 * context), `spawn` (creating contexts: only the numbering of the new ones depends on the order,
 * and nothing observes it), `begin` and `end` (ops starting, or ending: only an end against a start orders
 * the history). Where unsure, a wrapper records exclusive: coarser, never unsound.
 *
 * Left out on purpose: lockdep's per-class history. Its verdicts are about the set of
 * dependencies and usages seen, which independent steps cannot change; only the order of
 * two splats' messages could differ.
 *
 * Wrapping costs a Proxy per access, so it happens only in runs whose strategy brings a
 * recorder (`sim.footprints`); every other run uses the objects as they are.
 *
 * What a new shared object must do for dfs to stay sound (a missing access is a false proof):
 * CONTRIBUTING.md, "Footprints: what every shared object must record".
 */

/**
 * Where shared objects report their accesses: the simulator, which passes them to the run's
 * StepRecorder (step-recorder.ts) when its strategy brought one. Everything here depends on this
 * interface only, so footprints know nothing of the scheduler.
 */
export interface AccessRecorder {
  /** Whether this run records footprints; wrappers and keys are made only then. */
  readonly footprints: boolean;
  /** The running step touched the shared object `key`. */
  access(key: string, mode?: AccessMode): void;
}

const NONE: ReadonlySet<never> = new Set();

/** The never-changing fields of a named lock-like object. */
export const NAMED_UNTRACKED: ReadonlySet<'lockdep' | 'name' | 'wq'> = new Set(['lockdep', 'name', 'wq'] as const);

/**
 * `obj`, recording `key` in the running step's footprint on every property read or write
 * except those in `untracked`: fields that never change (an inode's number), or whose accesses
 * the owner records itself, more precisely. Reading a field that holds a plain value is a
 * `read`; reading one that holds an object is exclusive, since the caller may change the
 * object through it. Methods of Map and Set are bound to the real object, which their internal
 * slots require; their lookups are reads. `perField`: each field is an object of its own
 * (`key.field`), for objects whose fields different paths use separately (an inode's size,
 * state and link count).
 */
export function shared<T extends object>(sim: AccessRecorder, obj: T, key: string, untracked: ReadonlySet<keyof T> = NONE, perField = false): T {
  if (!sim.footprints) return obj;
  // Typed by T's keys where declared (a misspelt field is a compile error); looked up by any property.
  const skip = untracked as ReadonlySet<PropertyKey>;
  const collection = obj instanceof Map || obj instanceof Set;
  const keyOf = (prop: PropertyKey): string => (perField ? `${key}.${String(prop)}` : key);
  return new Proxy(obj, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, collection ? target : receiver);
      if (collection) {
        if (!skip.has(prop)) sim.access(key, LOOKUPS.has(prop) ? 'read' : EXCLUSIVE);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      if (!skip.has(prop)) sim.access(keyOf(prop), typeof value === 'object' && value !== null ? EXCLUSIVE : 'read');
      return value;
    },
    set(target, prop, value) {
      if (!skip.has(prop)) sim.access(keyOf(prop));
      // Onto the object itself: the shared classes have data fields, no setters, and a receiver
      // that is the Proxy would send every write through its slow define path.
      return Reflect.set(target, prop, value);
    },
  });
}

/**
 * A Map whose entries different paths use separately (an inode's extent map): each entry is an
 * object of its own (`key:entry`), and which entries exist is `key`. A lookup reads its entry;
 * a set or delete writes its entry and changes membership as an `add`, so changes to different
 * entries commute; iterating or asking the size reads membership, so it conflicts with every
 * change. Values are never changed in place (a lookup is only a read): replace them with set.
 * Iteration order is insertion order, which independent changes may swap: code must not depend
 * on it (sort the keys).
 */
export function sharedEntries<K, V>(sim: AccessRecorder, map: Map<K, V>, key: string): Map<K, V> {
  if (!sim.footprints) return map;
  const proxy: Map<K, V> = new Proxy(map, {
    get(target, prop) {
      switch (prop) {
        case 'get':
        case 'has':
          return (k: K) => {
            sim.access(`${key}:${String(k)}`, 'read');
            return prop === 'get' ? target.get(k) : target.has(k);
          };
        case 'set':
          return (k: K, v: V) => {
            sim.access(`${key}:${String(k)}`);
            sim.access(key, 'add');
            target.set(k, v);
            return proxy;
          };
        case 'delete':
          return (k: K) => {
            sim.access(`${key}:${String(k)}`);
            sim.access(key, 'add');
            return target.delete(k);
          };
        case 'size':
          sim.access(key, 'read');
          return target.size;
        case 'keys':
        case 'values':
        case 'entries':
        case 'forEach':
        case Symbol.iterator: {
          sim.access(key, 'read');
          const method = Reflect.get(target, prop, target) as (...args: unknown[]) => unknown;
          return method.bind(target);
        }
        default:
          throw new Error(`sharedEntries: Map.${String(prop)} is not tracked`);
      }
    },
  });
  return proxy;
}

/** How a step touched an object: exclusively (''), or in a kind that commutes with itself. */
export type AccessMode = '' | 'read' | 'max' | 'add' | 'wake' | 'spawn' | 'begin' | 'end';
export const EXCLUSIVE: AccessMode = '';

/** Objects touched by one step, with how. */
export type Footprint = ReadonlyMap<string, AccessMode>;

/** Map and Set methods that only look. */
const LOOKUPS: ReadonlySet<PropertyKey> = new Set(['get', 'has', 'size', 'keys', 'values', 'entries', 'forEach', Symbol.iterator]);

/** Adds an access to a footprint under construction: two different kinds make it exclusive. */
export function record(footprint: Map<string, AccessMode>, key: string, mode: AccessMode): void {
  const had = footprint.get(key);
  footprint.set(key, had === undefined || had === mode ? mode : EXCLUSIVE);
}

/**
 * The running step changed a counter whose value decides something only at one threshold (who
 * takes the last request tag, which bio completes the I/O). Changes that keep clear of it
 * commute, whatever their order: `clear` says this one did, and records it as an `add`; a change
 * that reaches the threshold is exclusive.
 */
export function countAccess(sim: AccessRecorder, key: string, clear: boolean): void {
  if (sim.footprints) sim.access(key, clear ? 'add' : EXCLUSIVE);
}

/**
 * For a counter whose only observed value is 0 (open file references, i_dio_count): a change
 * that keeps it at 2 or more on both sides is clear of the threshold — moved past another such
 * change, the count shifts by 1, never to 0.
 */
export function clearOfZero(before: number, after: number): boolean {
  return Math.min(before, after) >= 2;
}

/** The running step touched device block `block` (its data or its owner record). */
export function touchBlock(sim: AccessRecorder, block: number): void {
  if (sim.footprints) sim.access(`blk:${block}`);
}

/** Two steps commute: every object both touched, both touched in the same commuting kind. */
export function independent(a: Footprint, b: Footprint): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [key, mode] of small) {
    const other = large.get(key);
    if (other !== undefined && (mode === EXCLUSIVE || mode !== other)) return false;
  }
  return true;
}
