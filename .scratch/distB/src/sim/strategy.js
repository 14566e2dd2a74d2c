/** Time at which a context could run: now for runnable ones, wakeAt for sleepers. */
export function readyAt(ctx, now) {
    return ctx.state === 'sleeping' && ctx.wakeAt > now ? ctx.wakeAt : now;
}
