/**
 * Lock usage bits, as kernel/locking/lockdep.c numbers them (lockdep_internals.h): for each irq
 * state (HARDIRQ = 0, SOFTIRQ = 1), bit = state·4 + dir·2 + read, where dir 0 is "used in that
 * irq context" (USED_IN) and dir 1 is "used with that irq enabled" (ENABLED), read 1 is a read
 * acquisition. Then LOCK_USED and LOCK_USED_READ. The masks and mask transformations below are
 * lockdep.c's own (exclusive_bit, invert_dir_mask, exclusive_mask, original_mask), kept as bit
 * arithmetic so they can be compared with the source line by line.
 */

export const LOCK_USAGE_READ_MASK = 1;
export const LOCK_USAGE_DIR_MASK = 2;
export const LOCK_USAGE_STATE_MASK = ~(LOCK_USAGE_READ_MASK | LOCK_USAGE_DIR_MASK);

export const LOCK_USED_IN_HARDIRQ = 0;
export const LOCK_USED_IN_HARDIRQ_READ = 1;
export const LOCK_ENABLED_HARDIRQ = 2;
export const LOCK_ENABLED_HARDIRQ_READ = 3;
export const LOCK_USED_IN_SOFTIRQ = 4;
export const LOCK_USED_IN_SOFTIRQ_READ = 5;
export const LOCK_ENABLED_SOFTIRQ = 6;
export const LOCK_ENABLED_SOFTIRQ_READ = 7;
export const LOCK_USED = 8;
export const LOCK_USED_READ = 9;

export const lockFlag = (bit: number): number => 1 << bit;

/** Bits with dir 0 (USED_IN) and dir 1 (ENABLED), over both irq states. */
export const LOCKF_USED_IN_IRQ_ALL = 0b0011_0011;
export const LOCKF_ENABLED_IRQ_ALL = 0b1100_1100;
/** The write (read 0) and read (read 1) bits of both directions and states. */
export const LOCKF_IRQ = 0b0101_0101;
export const LOCKF_IRQ_READ = 0b1010_1010;

const STATES = ['HARDIRQ', 'SOFTIRQ'] as const;

/** usage_str[]: "IN-HARDIRQ-W", "HARDIRQ-ON-R", …, "INITIAL USE". */
export function usageStr(bit: number): string {
  if (bit === LOCK_USED) return 'INITIAL USE';
  if (bit === LOCK_USED_READ) return 'INITIAL READ USE';
  const state = STATES[bit >> 2]!;
  const rw = bit & LOCK_USAGE_READ_MASK ? 'R' : 'W';
  return bit & LOCK_USAGE_DIR_MASK ? `${state}-ON-${rw}` : `IN-${state}-${rw}`;
}

/** state_name(): "HARDIRQ", "SOFTIRQ-READ", … (the irq class a splat title names). */
export function stateName(bit: number): string {
  const state = STATES[bit >> 2]!;
  return bit & LOCK_USAGE_READ_MASK ? `${state}-READ` : state;
}

/** exclusive_bit(): keep the state, flip the direction, strip read. */
export function exclusiveBit(bit: number): number {
  const state = bit & LOCK_USAGE_STATE_MASK;
  const dir = bit & LOCK_USAGE_DIR_MASK;
  return state | (dir ^ LOCK_USAGE_DIR_MASK);
}

export function invertDirMask(mask: number): number {
  return ((mask & LOCKF_ENABLED_IRQ_ALL) >> LOCK_USAGE_DIR_MASK) | ((mask & LOCKF_USED_IN_IRQ_ALL) << LOCK_USAGE_DIR_MASK);
}

/** exclusive_mask(): every usage (read or write) conflicting with any in `mask`. */
export function exclusiveMask(mask: number): number {
  let excl = invertDirMask(mask);
  excl |= (excl & LOCKF_IRQ_READ) >> LOCK_USAGE_READ_MASK;
  excl |= (excl & LOCKF_IRQ) << LOCK_USAGE_READ_MASK;
  return excl;
}

/** original_mask(): the opposite of exclusiveMask (the same computation in lockdep.c). */
export const originalMask = exclusiveMask;

/** find_exclusive_match(): the first pair (bit of `mask`, conflicting bit of `exclMask`), or null. */
export function findExclusiveMatch(mask: number, exclMask: number): { bit: number; excl: number } | null {
  for (let bit = 0; bit < LOCK_USED; bit++) {
    if (!(mask & lockFlag(bit))) continue;
    const excl = exclusiveBit(bit);
    if (exclMask & lockFlag(excl)) return { bit, excl };
    if (exclMask & lockFlag(excl | LOCK_USAGE_READ_MASK)) return { bit, excl: excl | LOCK_USAGE_READ_MASK };
  }
  return null;
}

/** get_usage_char(): '.' unused, '+' enabled, '-' used in the irq, '?' both. */
function usageChar(mask: number, bit: number): string {
  let c = '.';
  if (mask & lockFlag(bit + 2)) c = '+';
  if (mask & lockFlag(bit)) c = mask & lockFlag(bit + 2) ? '?' : '-';
  return c;
}

/** get_usage_chars(): "{+.+.}"'s four characters — hardirq write, hardirq read, softirq write, softirq read. */
export function usageChars(mask: number): string {
  return [LOCK_USED_IN_HARDIRQ, LOCK_USED_IN_HARDIRQ_READ, LOCK_USED_IN_SOFTIRQ, LOCK_USED_IN_SOFTIRQ_READ].map((b) => usageChar(mask, b)).join('');
}
