function banner(title) {
    const rule = '='.repeat(title.length + 2);
    return [rule, title, '-'.repeat(title.length + 2)];
}
export function heldLine(h, index) {
    const prefix = index === undefined ? ' ' : ` #${index}: `;
    return `${prefix}(${h.lock.className}${h.subclass ? `/${h.subclass}` : ''}){${h.mode === 'read' ? '++++' : '+.+.'}}, at: ${h.at} [${h.lock.name}]`;
}
export function heldList(task, held) {
    if (held.length === 0)
        return [`no locks held by ${task}.`];
    return [`${held.length} lock${held.length > 1 ? 's' : ''} held by ${task}:`, ...held.map((h, i) => heldLine(h, i))];
}
export function recursiveSplat(task, next, prev) {
    return [
        ...banner('WARNING: possible recursive locking detected'),
        `${task} is trying to acquire lock:`,
        heldLine(next),
        '',
        'but task is already holding lock:',
        heldLine(prev),
        '',
        'other info that might help us debug this:',
        ' Possible unsafe locking scenario:',
        '',
        '       CPU0',
        '       ----',
        `  lock(${prev.lock.className});`,
        `  lock(${next.lock.className});`,
        '',
        ' *** DEADLOCK ***',
        '',
        ' May be due to missing lock nesting notation',
    ].join('\n');
}
export function circularSplat(task, next, prev, chain, held) {
    const a = prev.lock.className;
    const b = next.lock.className;
    return [
        ...banner('WARNING: possible circular locking dependency detected'),
        `${task} is trying to acquire lock:`,
        heldLine(next),
        '',
        'but task is already holding lock:',
        heldLine(prev),
        '',
        'which lock already depends on the new lock.',
        '',
        'the existing dependency chain (in reverse order) is:',
        ...chain.map((l, i) => `-> #${chain.length - i} (${l.to}): taken while holding (${l.from}) by ${l.task}`),
        '',
        'other info that might help us debug this:',
        ' Possible unsafe locking scenario:',
        '',
        '       CPU0                    CPU1',
        '       ----                    ----',
        `  lock(${a});`,
        `                               lock(${b});`,
        `                               lock(${a});`,
        `  lock(${b});`,
        '',
        ' *** DEADLOCK ***',
        '',
        ...heldList(task, held),
    ].join('\n');
}
export function badUnlockSplat(task, lockName, className, at, held) {
    return [
        ...banner('WARNING: bad unlock balance detected!'),
        `${task} is trying to release lock (${className}) [${lockName}] at:`,
        `${at}`,
        'but there are no more locks to release!',
        '',
        'other info that might help us debug this:',
        ...heldList(task, held),
    ].join('\n');
}
export function userReturnSplat(task, syscall, held) {
    return [
        ...banner('WARNING: lock held when returning to user space!'),
        `${task} is leaving the kernel with locks still held! (returning from ${syscall})`,
        ...heldList(task, held),
    ].join('\n');
}
export function sleepInAtomicSplat(task, kind, at) {
    return [
        `BUG: sleeping function called from invalid context at kernel/locking/rwsem.c (${at})`,
        `in_atomic(): 1, irqs_disabled(): ${kind === 'irq' ? 1 : 0}, non_block: 0, name: ${task}`,
        `preempt_count: ${kind === 'irq' ? '10000 (hardirq)' : '100 (softirq)'}`,
    ].join('\n');
}
export function inconsistentSplat(task, lock, oldUsage, newUsage, registeredBy) {
    return [
        ...banner('WARNING: inconsistent lock state'),
        `inconsistent {${oldUsage}} -> {${newUsage}} usage.`,
        `${task} takes:`,
        heldLine(lock),
        `{${oldUsage}} state was registered at:`,
        `  ${registeredBy}`,
        '',
        'other info that might help us debug this:',
        ' Possible unsafe locking scenario:',
        '',
        '       CPU0',
        '       ----',
        `  lock(${lock.lock.className});`,
        '  <Interrupt>',
        `    lock(${lock.lock.className});`,
        '',
        ' *** DEADLOCK ***',
    ].join('\n');
}
export function heldFreedSplat(task, what, held, inFlight) {
    return [
        ...banner('WARNING: held lock freed!'),
        `${task} is freeing memory ${what}, with a lock still held there!`,
        ...held.map((h) => heldLine(h)),
        ...inFlight.map((s) => ` ${s}`),
    ].join('\n');
}
