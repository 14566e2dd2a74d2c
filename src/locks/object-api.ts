/**
 * The fenced-object pattern as lock-program ops (issue 18, Jason Gunthorpe's reply to the RFC):
 * work that outlives the context that starts it, and a destroyer that must fence it.
 *
 * - The fence (fence.ts): `fence_try_begin_read` … `fence_exit_reader` in the submitter, then
 *   `fence_reenter_reader` … `fence_end_reader` in the interrupt, kworker or timer that ends
 *   the work; the destroyer's `fence_begin_write` waits for every reader wherever it is, and
 *   `fence_abandon_writer` lets the object be freed write-held. It is an rwsem: writer bias
 *   (a try fails once the destroyer waits) and a lockdep map.
 * - Open-coded, as the kernel mostly does it: an `atomic` count (kref, percpu_ref, i_dio_count)
 *   and a `completion` the last put fires — `atomic_inc` / `atomic_inc_not_zero` to begin,
 *   `atomic_dec_and_test` with `complete:` to end (`if (atomic_dec_and_test(&c)) complete(&done)`),
 *   `wait_for_completion` in the destroyer. No writer bias: new readers keep entering while the
 *   destroyer waits. No lockdep: struct completion has no lockdep_map (include/linux/completion.h;
 *   lockdep's cross-release tracking of completions was removed in v4.15 by e966eaeeb623
 *   "locking/lockdep: Remove the cross-release locking checks", Ingo Molnar, Dec 2017).
 * A failed try (`fence_try_begin_read`, `atomic_inc_not_zero`) is the kernel's
 * `if (!try(obj)) return -ENODEV;`: the task skips its following ops on that object up to its
 * hand-off (the next `queue_work` or interrupt block that names it), and that block is not queued.
 */
export const OBJECT_TYPES = ['fence', 'atomic', 'completion'] as const;
export type ObjectTypeName = (typeof OBJECT_TYPES)[number];

export type ObjectAction = 'exit' | 'reenter' | 'abandon' | 'inc' | 'dec' | 'complete' | 'wait';

export const OBJECT_API = {
  fence_try_begin_read: { types: ['fence'], action: 'trylock', mode: 'read' },
  fence_exit_reader: { types: ['fence'], action: 'exit', mode: 'read' },
  fence_reenter_reader: { types: ['fence'], action: 'reenter', mode: 'read' },
  fence_end_reader: { types: ['fence'], action: 'unlock', mode: 'read' },
  fence_begin_write: { types: ['fence'], action: 'lock', mode: 'write' },
  fence_abandon_writer: { types: ['fence'], action: 'abandon', mode: 'write' },
  atomic_inc: { types: ['atomic'], action: 'inc', mode: 'read' },
  atomic_inc_not_zero: { types: ['atomic'], action: 'trylock', mode: 'read' },
  atomic_dec_and_test: { types: ['atomic'], action: 'dec', mode: 'read' },
  complete: { types: ['completion'], action: 'complete', mode: 'write' },
  wait_for_completion: { types: ['completion'], action: 'wait', mode: 'write' },
} as const;
export type ObjectOpName = keyof typeof OBJECT_API;
