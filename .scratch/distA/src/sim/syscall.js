/**
 * The user/kernel boundary. A process context enters a syscall, runs kernel code, and returns
 * to user space; the return is an explicit event because lockdep checks it (no lock may be
 * held when returning to user space — one of the two rules the RFC breaks).
 */
import { InvariantError } from './errors.js';
export function* syscall(sim, name, body) {
    const ctx = sim.current;
    if (ctx.kind !== 'process')
        throw new InvariantError(`syscall ${name} made from ${ctx.kind} context ${ctx.name}`);
    if (ctx.syscall)
        throw new InvariantError(`syscall ${name} nested inside ${ctx.syscall}`);
    ctx.syscall = name;
    if (sim.trace.recording)
        sim.emit({ t: sim.now, ctx: ctx.id, type: 'syscall-enter', name });
    const ret = yield* body;
    // The body may have slept; `current` is this context again by construction.
    ctx.syscall = null;
    if (sim.trace.recording)
        sim.emit({ t: sim.now, ctx: ctx.id, type: 'syscall-exit', name, ret });
    const hooks = sim.onUserReturn;
    for (let i = 0; i < hooks.length; i++)
        hooks[i](ctx, name);
    return ret;
}
