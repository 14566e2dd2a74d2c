/**
 * Golden text of every splat type against the kernel's layout (test/locks/splat-golden/*.txt).
 *
 * Each golden file was written by hand from the format strings of kernel/locking/lockdep.c
 * (and workqueue.c, sched/core.c, rwsem.c, panic.c, lib/dump_stack.c, arch/x86 dumpstack.c):
 * every line is "<the printk that prints it> | <the text>", so a reader sees which pr_warn
 * produced which line; lines starting with "#" name the input and the real dmesg the layout was
 * checked against. The test compares the text after the first "|" with what the module prints.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  type CallStack,
  type Frames,
  type IrqTraceEvents,
  type SplatClass,
  type SplatHeldLock,
  type SplatTask,
  type Usage,
  type UsageBit,
  type WaitTypes,
  debugRwsemsWarnOn,
  instanceAddress,
  LD_WAIT,
  lockdepSysExit,
  mightResched,
  printBadIrqDependency,
  printCircularBug,
  printDeadlockBug,
  printFreedLockBug,
  printHeldLocksBug,
  printIrqInversionBug,
  printLockContentionBug,
  printLockInvalidWaitContext,
  printUnlockImbalanceBug,
  printUsageBug,
  RWSEM_CONDITIONS,
  savedTrace,
  taskWaitContext,
  usageChar,
  usageChars,
  usageOf,
  workqueueLeak,
} from '../../src/locks/splat-text.js';

/** The expected text of a golden file: what follows the first "|" of each non-comment line. */
function golden(name: string): string {
  const file = fileURLToPath(new URL(`./splat-golden/${name}.txt`, import.meta.url));
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => {
      const bar = l.indexOf('|');
      if (bar < 0) throw new Error(`${name}.txt: line without "|": ${l}`);
      return l.slice(bar + 1);
    })
    .join('\n');
}

// ── fixtures: a DIO writer, its i_rwsem, a page fault's mmap_lock, lock programs' A/B/C ──

const SLEEP: WaitTypes = { inner: LD_WAIT.SLEEP, outer: 0 };
const SPIN: WaitTypes = { inner: LD_WAIT.CONFIG, outer: 0 };
const fio: SplatTask = { comm: 'fio', pid: 101 };
const syscallFrames: Frames = ['vfs_write', 'ksys_write', 'do_syscall_64', 'entry_SYSCALL_64_after_hwframe'];
const workerFrames: Frames = ['worker_thread', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'];
const irqEntry: Frames = ['__handle_irq_event_percpu', 'handle_irq_event', 'handle_edge_irq', '__common_interrupt', 'common_interrupt'];

function cls(name: string, usage: Usage, wait = SLEEP, more: Partial<SplatClass> = {}): SplatClass {
  return { name, usage, wait, ...more };
}
function traced(entries: [UsageBit, Frames][]): Usage {
  return new Map(entries);
}

const iRwsem = cls('&sb->s_type->i_mutex_key', usageOf('ENABLED_HARDIRQ', 'ENABLED_SOFTIRQ', 'USED'), SLEEP, { nameVersion: 13 });
const iRwsemRead = cls(
  '&sb->s_type->i_mutex_key',
  usageOf('ENABLED_HARDIRQ', 'ENABLED_HARDIRQ_READ', 'ENABLED_SOFTIRQ', 'ENABLED_SOFTIRQ_READ', 'USED', 'USED_READ'),
  SLEEP,
  {
    nameVersion: 13,
  },
);
const mmapLock = cls('&mm->mmap_lock', usageOf('ENABLED_HARDIRQ', 'ENABLED_HARDIRQ_READ', 'ENABLED_SOFTIRQ', 'ENABLED_SOFTIRQ_READ', 'USED', 'USED_READ'));
const mutexUsage = usageOf('ENABLED_HARDIRQ', 'ENABLED_SOFTIRQ', 'USED');
const A = cls('A', mutexUsage);
const B = cls('B', mutexUsage);
const C = cls('C', mutexUsage);

const dioWrite: CallStack = { frames: ['down_write', 'xfs_ilock', 'xfs_file_dio_write', ...syscallFrames] };

describe('splat text: the kernel layout of each report, line by line', () => {
  test('recursive locking: print_deadlock_bug', () => {
    const prev: SplatHeldLock = { cls: iRwsem, at: 'xfs_ilock', instance: instanceAddress(1) };
    const next: SplatHeldLock = { cls: iRwsem, at: 'xfs_ilock', instance: instanceAddress(2) };
    expect(printDeadlockBug({ task: fio, held: [prev], stack: dioWrite, next, prev })).toBe(golden('recursive-locking'));
  });

  test('circular dependency, two locks (AB-BA, held for read: "rlock("): print_circular_bug', () => {
    const prev: SplatHeldLock = { cls: mmapLock, at: 'do_user_addr_fault', instance: instanceAddress(3), read: 1 };
    const next: SplatHeldLock = { cls: iRwsem, at: 'xfs_ilock', instance: instanceAddress(1) };
    const mmapUnderIlock = savedTrace(['__might_fault', '_copy_from_user', 'xfs_file_dio_write', ...syscallFrames]);
    const stack: CallStack = {
      frames: ['down_write', 'xfs_ilock', 'xfs_vm_fault', '__do_fault', 'do_user_addr_fault', 'exc_page_fault', 'asm_exc_page_fault'],
    };
    const text = printCircularBug({ task: fio, held: [prev], stack, next, prev, chain: [{ cls: mmapLock, trace: mmapUnderIlock }] });
    expect(text).toBe(golden('circular-2'));
  });

  test('circular dependency, three locks ("Chain exists of:"): print_circular_bug', () => {
    const t3: SplatTask = { comm: 't3', pid: 103 };
    const prev: SplatHeldLock = { cls: C, at: 't3_body', instance: instanceAddress(6) };
    const next: SplatHeldLock = { cls: A, at: 't3_body', instance: instanceAddress(4) };
    const chain = [
      { cls: C, trace: savedTrace(['mutex_lock_nested', 't2_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']) },
      { cls: B, trace: savedTrace(['mutex_lock_nested', 't1_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']) },
    ];
    const stack: CallStack = { frames: ['mutex_lock_nested', 't3_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'] };
    expect(printCircularBug({ task: t3, held: [prev], stack, next, prev, chain })).toBe(golden('circular-3'));
  });

  test('bad unlock balance: print_unlock_imbalance_bug', () => {
    const kworker: SplatTask = { comm: 'kworker/u8:2', pid: 57, workqueue: { name: 'dio/sda', fn: 'iomap_dio_complete_work' } };
    const stack: CallStack = { frames: ['up_read', 'iomap_dio_complete', 'iomap_dio_complete_work', 'process_one_work', ...workerFrames] };
    const text = printUnlockImbalanceBug({ task: kworker, held: [], stack, lockName: '&sb->s_type->i_mutex_key', at: 'iomap_dio_complete' });
    expect(text).toBe(golden('bad-unlock-balance'));
  });

  test('bad contention (CONFIG_LOCK_STAT): print_lock_contention_bug', () => {
    const stack: CallStack = { frames: ['down_write', 'xfs_ilock', 'xfs_file_dio_write', ...syscallFrames] };
    const text = printLockContentionBug({ task: fio, held: [], stack, lockName: '&sb->s_type->i_mutex_key', at: 'down_write' });
    expect(text).toBe(golden('bad-contention'));
  });

  test('held lock freed: print_freed_lock_bug', () => {
    const fence = cls('&fence->sem', usageOf('ENABLED_HARDIRQ', 'ENABLED_HARDIRQ_READ', 'ENABLED_SOFTIRQ', 'ENABLED_SOFTIRQ_READ', 'USED', 'USED_READ'));
    const held: SplatHeldLock = { cls: fence, at: 'dio_fence_enter', instance: instanceAddress(7), read: 1 };
    const stack: CallStack = { frames: ['kfree', 'dio_fence_free', 'xfs_file_dio_write', ...syscallFrames] };
    expect(printFreedLockBug({ task: fio, held: [held], stack, lock: held })).toBe(golden('held-lock-freed'));
  });

  test('still has locks held at exit: print_held_locks_bug', () => {
    const t1: SplatTask = { comm: 't1', pid: 102 };
    const held: SplatHeldLock = { cls: A, at: 't1_body', instance: instanceAddress(4) };
    const stack: CallStack = { frames: ['do_exit', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'] };
    expect(printHeldLocksBug({ task: t1, held: [held], stack })).toBe(golden('held-at-exit'));
  });

  test('lock held when returning to user space: lockdep_sys_exit', () => {
    const held: SplatHeldLock = { cls: iRwsemRead, at: 'xfs_ilock', instance: instanceAddress(1), read: 1 };
    expect(lockdepSysExit({ task: fio, held: [held] })).toBe(golden('held-at-user-return'));
  });

  test('HARDIRQ-safe -> HARDIRQ-unsafe: print_bad_irq_dependency, the safe lock is the held one', () => {
    const t1: SplatTask = { comm: 't1', pid: 104 };
    const sIrq = savedTrace(['_raw_spin_lock', 's_irq_handler', ...irqEntry]);
    const sFirst = savedTrace(['_raw_spin_lock_irq', 't2_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']);
    const uFirst = savedTrace(['_raw_spin_lock', 't3_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']);
    const S = cls(
      'S',
      traced([
        ['USED_IN_HARDIRQ', sIrq],
        ['USED', sFirst],
      ]),
      SPIN,
    );
    const U = cls(
      'U',
      traced([
        ['ENABLED_HARDIRQ', uFirst],
        ['ENABLED_SOFTIRQ', uFirst],
        ['USED', uFirst],
      ]),
      SPIN,
    );
    const prev: SplatHeldLock = { cls: S, at: 't1_body', instance: instanceAddress(8) };
    const next: SplatHeldLock = { cls: U, at: 't1_body', instance: instanceAddress(9) };
    const stack: CallStack = { frames: ['_raw_spin_lock', 't1_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'] };
    const irq = { hardirqContext: 0, hardirqCount: 0, softirqContext: 0, softirqCount: 0, hardirqsEnabled: false, softirqsEnabled: true };
    const text = printBadIrqDependency({
      task: t1,
      held: [prev],
      stack,
      irq,
      irqclass: 'HARDIRQ',
      next,
      prev,
      safe: S,
      safeBit: 'USED_IN_HARDIRQ',
      unsafe: U,
      unsafeBit: 'ENABLED_HARDIRQ',
    });
    expect(text).toBe(golden('hardirq-safe-unsafe'));
  });

  test('SOFTIRQ-safe -> SOFTIRQ-unsafe through a middle lock ("Chain exists of:"): print_bad_irq_dependency', () => {
    const t1: SplatTask = { comm: 't1', pid: 105 };
    const timerSoftirq = savedTrace(['_raw_spin_lock', 'timer_fn', 'call_timer_fn', '__run_timers', 'run_timer_softirq', 'handle_softirqs']);
    const firstUse = (who: string): Frames => savedTrace(['_raw_spin_lock', who, 'kthread', 'ret_from_fork', 'ret_from_fork_asm']);
    const bhUse = savedTrace(['_raw_spin_lock_bh', 't1_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']);
    const timerLock = cls(
      'timer_lock',
      traced([
        ['ENABLED_HARDIRQ', timerSoftirq],
        ['USED_IN_SOFTIRQ', timerSoftirq],
        ['USED', timerSoftirq],
      ]),
      SPIN,
    );
    const listLock = cls(
      'list_lock',
      traced([
        ['ENABLED_HARDIRQ', bhUse],
        ['USED', bhUse],
      ]),
      SPIN,
    );
    const statsLock = cls(
      'stats_lock',
      traced([
        ['ENABLED_HARDIRQ', firstUse('t2_body')],
        ['ENABLED_SOFTIRQ', firstUse('t2_body')],
        ['USED', firstUse('t2_body')],
      ]),
      SPIN,
    );
    const prev: SplatHeldLock = { cls: listLock, at: 't1_body', instance: instanceAddress(11) };
    const next: SplatHeldLock = { cls: statsLock, at: 't1_body', instance: instanceAddress(12) };
    const stack: CallStack = { frames: ['_raw_spin_lock', 't1_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'] };
    const irq = { hardirqContext: 0, hardirqCount: 0, softirqContext: 0, softirqCount: 2, hardirqsEnabled: true, softirqsEnabled: false };
    const text = printBadIrqDependency({
      task: t1,
      held: [prev],
      stack,
      irq,
      irqclass: 'SOFTIRQ',
      next,
      prev,
      safe: timerLock,
      safeBit: 'USED_IN_SOFTIRQ',
      unsafe: statsLock,
      unsafeBit: 'ENABLED_SOFTIRQ',
      backwards: [{ cls: timerLock }, { cls: listLock, acquiredAt: savedTrace(['_raw_spin_lock', 'timer_fn', 'call_timer_fn', '__run_timers']) }],
    });
    expect(text).toBe(golden('softirq-safe-unsafe'));
  });

  test('irq lock inversion: print_irq_inversion_bug, a hardirq takes a lock that took an irq-unsafe one', () => {
    const uFirst = savedTrace(['_raw_spin_lock', 't2_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']);
    const lFirst = savedTrace(['_raw_spin_lock_irqsave', 't2_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm']);
    const irqFrames: Frames = ['_raw_spin_lock', 'l_irq_handler', ...irqEntry];
    const L = cls(
      'L',
      traced([
        ['USED_IN_HARDIRQ', savedTrace(irqFrames)],
        ['USED', lFirst],
      ]),
      SPIN,
    );
    const U = cls(
      'U',
      traced([
        ['ENABLED_HARDIRQ', uFirst],
        ['ENABLED_SOFTIRQ', uFirst],
        ['USED', uFirst],
      ]),
      SPIN,
    );
    const lock: SplatHeldLock = { cls: L, at: 'l_irq_handler', instance: instanceAddress(13) };
    const stack: CallStack = { frames: irqFrames, on: 'IRQ', interrupted: ['asm_common_interrupt', 'fio_loop', ...syscallFrames] };
    const path = [{ cls: U, acquiredAt: savedTrace(['_raw_spin_lock', 't2_body', 'kthread']) }, { cls: L }];
    expect(printIrqInversionBug({ task: fio, held: [], stack, lock, forwards: true, irqclass: 'HARDIRQ', path })).toBe(golden('irq-lock-inversion'));
  });

  test('inconsistent lock state {HARDIRQ-ON-W} -> {IN-HARDIRQ-W}: print_usage_bug in a hardirq', () => {
    const onW = savedTrace(['_raw_spin_lock', 'xfs_dio_submit', 'xfs_file_dio_write', ...syscallFrames]);
    const irqFrames: Frames = ['_raw_spin_lock', 'xfs_dio_end_io', 'bio_endio', 'blk_update_request', 'virtblk_done', 'vring_interrupt', ...irqEntry];
    const ctxLock = cls(
      '&ctx->lock',
      traced([
        ['USED_IN_HARDIRQ', savedTrace(irqFrames)],
        ['ENABLED_HARDIRQ', onW],
        ['ENABLED_SOFTIRQ', onW],
        ['USED', onW],
      ]),
      SPIN,
    );
    const lock: SplatHeldLock = { cls: ctxLock, at: 'xfs_dio_end_io', instance: instanceAddress(14) };
    const held: SplatHeldLock = { cls: iRwsemRead, at: 'xfs_ilock', instance: instanceAddress(1), read: 1 };
    const events: IrqTraceEvents = {
      irqEvents: 4242,
      hardirqEnable: { event: 4241, at: '_raw_spin_unlock_irq' },
      hardirqDisable: { event: 4242, at: 'common_interrupt' },
      softirqEnable: { event: 4100, at: '__local_bh_enable_ip' },
      softirqDisable: { event: 0 },
    };
    const stack: CallStack = { frames: irqFrames, on: 'IRQ', interrupted: ['asm_common_interrupt', 'iomap_dio_rw', 'xfs_file_dio_write', ...syscallFrames] };
    const irq = { hardirqContext: 1, hardirqCount: 1, softirqContext: 0, softirqCount: 0, hardirqsEnabled: false, softirqsEnabled: true };
    const text = printUsageBug({ task: fio, held: [held], stack, irq, lock, prevBit: 'ENABLED_HARDIRQ', newBit: 'USED_IN_HARDIRQ', events });
    expect(text).toBe(golden('inconsistent-lock-state'));
  });

  test('invalid wait context (a mutex under a spinlock_t): print_lock_invalid_wait_context', () => {
    const t1: SplatTask = { comm: 't1', pid: 106 };
    const held: SplatHeldLock = { cls: cls('S', usageOf('ENABLED_HARDIRQ', 'ENABLED_SOFTIRQ', 'USED'), SPIN), at: 't1_body', instance: instanceAddress(8) };
    const lock: SplatHeldLock = { cls: cls('M', usageOf()), at: 't1_body', instance: instanceAddress(15) };
    const stack: CallStack = { frames: ['__mutex_lock', 'mutex_lock_nested', 't1_body', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'] };
    const text = printLockInvalidWaitContext({ task: t1, held: [held], stack, lock, context: taskWaitContext('process') });
    expect(text).toBe(golden('invalid-wait-context'));
  });

  test('workqueue leaked lock: process_one_work', () => {
    const kworker: SplatTask = { comm: 'kworker/0:1', pid: 23, workqueue: { name: 'dio/sda', fn: 'iomap_dio_complete_work' } };
    const held: SplatHeldLock = { cls: iRwsemRead, at: 'iomap_dio_complete', instance: instanceAddress(1), read: 1 };
    const text = workqueueLeak({
      task: kworker,
      held: [held],
      stack: { frames: workerFrames },
      preemptCount: 0,
      lockDepth: [0, 1],
      rcuDepth: [0, 0],
      workfn: 'iomap_dio_complete_work',
    });
    expect(text).toBe(golden('workqueue-leak'));
  });

  test('sleeping function called from invalid context (down_read in a hardirq): __might_resched', () => {
    const events: IrqTraceEvents = {
      irqEvents: 77,
      hardirqEnable: { event: 76, at: 'do_idle' },
      hardirqDisable: { event: 77, at: 'common_interrupt' },
      softirqEnable: { event: 60, at: '__irq_exit_rcu' },
      softirqDisable: { event: 55, at: '__irq_exit_rcu' },
    };
    const stack: CallStack = {
      frames: ['down_read', 'dio_end_io', 'bio_endio', ...irqEntry],
      on: 'IRQ',
      interrupted: ['asm_common_interrupt', 'fio_loop', ...syscallFrames],
    };
    const text = mightResched({
      task: fio,
      held: [],
      stack,
      site: 'kernel/locking/rwsem.c:1524',
      preemptCount: 0x10000,
      irqsDisabled: true,
      events,
      preemptDisabledAt: 'irq_enter_rcu',
    });
    expect(text).toBe(golden('sleeping-in-atomic'));
  });

  test('DEBUG_RWSEMS_WARN_ON up_read underflow: the WARN_ONCE of __up_read', () => {
    const kworker: SplatTask = { comm: 'kworker/u8:2', pid: 57, workqueue: { name: 'dio/sda', fn: 'iomap_dio_complete_work' } };
    const events: IrqTraceEvents = {
      irqEvents: 1000,
      hardirqEnable: { event: 999, at: '_raw_spin_unlock_irq' },
      hardirqDisable: { event: 1000, at: 'up_read' },
      softirqEnable: { event: 900, at: 'process_one_work' },
      softirqDisable: { event: 880, at: 'process_one_work' },
    };
    const text = debugRwsemsWarnOn({
      task: kworker,
      condition: RWSEM_CONDITIONS.underflow,
      count: -256,
      owner: 1,
      waitListEmpty: true,
      stack: { frames: ['up_read', 'iomap_dio_complete', 'iomap_dio_complete_work', 'process_one_work', ...workerFrames] },
      events,
    });
    expect(text).toBe(golden('rwsem-up-read-underflow'));
  });
});

describe('usage characters: get_usage_chars', () => {
  /**
   * get_usage_char transliterated from lockdep.c onto the kernel's bit numbers (lock_flag(bit)
   * = 1 << bit, LOCK_USAGE_DIR_MASK = 2, USED_IN_HARDIRQ = 0 .. ENABLED_HARDIRQ_READ = 3), so the
   * expectation comes from the kernel's function, not from the module's.
   */
  function kernelUsageChar(usageMask: number, bit: number): string {
    let c = '.';
    if (usageMask & (1 << (bit + 2))) {
      c = '+';
      if (usageMask & (1 << bit)) c = '?';
    } else if (usageMask & (1 << bit)) c = '-';
    return c;
  }
  const HARDIRQ: [UsageBit, number][] = [
    ['USED_IN_HARDIRQ', 0],
    ['USED_IN_HARDIRQ_READ', 1],
    ['ENABLED_HARDIRQ', 2],
    ['ENABLED_HARDIRQ_READ', 3],
  ];

  test('all 16 combinations of one irq level (write/read × used-in/enabled) give the kernel characters', () => {
    const seen = new Set<string>();
    for (let mask = 0; mask < 16; mask++) {
      const bits = new Set(HARDIRQ.filter(([, n]) => mask & (1 << n)).map(([b]) => b));
      const expected = kernelUsageChar(mask, 0) + kernelUsageChar(mask, 1);
      expect(usageChar(bits, 'HARDIRQ', false) + usageChar(bits, 'HARDIRQ', true), `mask ${mask.toString(2)}`).toBe(expected);
      expect(usageChars(bits), `mask ${mask.toString(2)}`).toBe(`${expected}..`);
      seen.add(expected);
    }
    expect(seen.size).toBe(16);
  });

  test('the four characters by hand: "." neither, "+" irqs enabled, "-" in irq, "?" both; softirq after hardirq', () => {
    expect(usageChars(new Set<UsageBit>(['USED']))).toBe('....');
    expect(usageChars(new Set<UsageBit>(['ENABLED_HARDIRQ', 'ENABLED_SOFTIRQ', 'USED']))).toBe('+.+.');
    expect(usageChars(new Set<UsageBit>(['USED_IN_HARDIRQ', 'USED_IN_SOFTIRQ']))).toBe('-.-.');
    expect(usageChars(new Set<UsageBit>(['USED_IN_HARDIRQ', 'ENABLED_HARDIRQ', 'ENABLED_SOFTIRQ_READ']))).toBe('?..+');
    expect(usageChars(usageOf('USED_IN_SOFTIRQ_READ', 'ENABLED_HARDIRQ_READ'))).toBe('.+.-');
  });
});
