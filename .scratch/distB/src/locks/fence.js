import { UserError } from '../sim/errors.js';
import { taskName } from '../sim/context.js';
import { lockClass } from './lock-class.js';
import { RwSemaphore, down_read_trylock, down_write, emit, rwsem_exit_hold, rwsem_reenter_hold, up_read } from './rwsem.js';
export class Fence {
    sem;
    constructor(lockdep, name, cls = lockClass('fence')) {
        this.sem = new RwSemaphore(lockdep, name, cls);
    }
    get abandoned() {
        return this.sem.abandoned;
    }
}
export function tryBeginRead(f) {
    return down_read_trylock(f.sem);
}
export function exitReader(f) {
    return rwsem_exit_hold(f.sem, 'fence_exit_reader');
}
export function reenterReader(f, token) {
    rwsem_reenter_hold(f.sem, token, 'fence_reenter_reader');
}
export function endReader(f) {
    return up_read(f.sem);
}
export function beginWrite(f) {
    return down_write(f.sem);
}
export function* abandonWriter(f) {
    yield 'fence_abandon_writer';
    const sim = f.sem.sim;
    const ctx = sim.current;
    if (f.sem.writer?.ctx !== ctx) {
        throw new UserError(`fence ${f.sem.name}: abandonWriter by ${taskName(ctx)}, which does not hold the writer side`);
    }
    f.sem.lockdep.release(ctx, f.sem, 'fence_abandon_writer');
    f.sem.writer = { ctx: null, note: `abandoned by ${taskName(ctx)}` };
    f.sem.abandoned = true;
    emit(f.sem, ctx, 'abandon', 'write');
}
