import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { InvariantError } from '../sim/errors.js';
export class DioCount {
    lockdep;
    name;
    count = 0;
    /** Tags of the I/Os counted, in begin order. */
    inFlight = [];
    wq;
    constructor(lockdep, name) {
        this.lockdep = lockdep;
        this.name = name;
        this.wq = new WaitQueue(lockdep.sim, `${name} to reach 0`, () => this.inFlight.map((t) => `${t} (in flight)`));
    }
}
function emit(dio, op) {
    const sim = dio.lockdep.sim;
    if (!sim.trace.recording)
        return;
    sim.emit({ t: sim.now, ctx: sim.current.id, type: 'dio-count', op, name: dio.name, count: dio.count });
}
export function* inode_dio_begin(dio, tag) {
    yield 'inode_dio_begin';
    dio.count++;
    dio.inFlight.push(tag);
    emit(dio, 'begin');
}
export function* inode_dio_end(dio, tag) {
    yield 'inode_dio_end';
    if (dio.count === 0)
        throw new InvariantError(`inode_dio_end(${dio.name}) with no I/O in flight (${tag})`);
    dio.count--;
    const i = dio.inFlight.indexOf(tag);
    dio.inFlight.splice(i < 0 ? 0 : i, 1);
    emit(dio, 'end');
    if (dio.count === 0)
        wake_up_all(dio.wq);
}
export function* inode_dio_wait(dio) {
    yield 'inode_dio_wait';
    const sim = dio.lockdep.sim;
    dio.lockdep.mightSleep(sim.current, 'inode_dio_wait');
    if (dio.count === 0)
        return;
    emit(dio, 'wait');
    yield* wait_event(dio.wq, () => dio.count === 0, 'inode_dio_wait (sleeping)');
    emit(dio, 'waited');
}
