/** Contexts that must not sleep: hard-irq handlers and timer (softirq) callbacks. */
export function isAtomicContext(ctx) {
    return ctx.kind === 'irq' || ctx.kind === 'timer';
}
/** The name lockdep and the reports print: comm/pid as in kernel splats. */
export function taskName(ctx) {
    return `${ctx.name}/${ctx.id}`;
}
