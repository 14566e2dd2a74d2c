import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { sampleServiceUs } from './service-time.js';
import { NO_CPU_COST, cpu } from './cpu-cost.js';
export class RequestQueue {
    sb;
    params;
    cpuCosts;
    inflight = 0;
    nextId = 1;
    tagWait;
    constructor(sb, params, cpuCosts = NO_CPU_COST) {
        this.sb = sb;
        this.params = params;
        this.cpuCosts = cpuCosts;
        this.tagWait = new WaitQueue(sb.sim, 'a free request tag', () => [`${this.inflight} requests in flight on the device`]);
    }
    takeId() {
        return this.nextId++;
    }
}
function emit(q, op, id, bio) {
    const sim = q.sb.sim;
    if (!sim.trace.recording)
        return;
    sim.emit({
        t: sim.now, ctx: sim.currentId, type: 'bio', op, id, dir: bio.op, block: bio.block, offset: bio.offset,
        length: bio.length, fill: bio.fill, ino: bio.intendedFor.ino, by: bio.by,
    });
}
export function* submit_bio(q, bio) {
    yield 'submit_bio';
    const sim = q.sb.sim;
    yield* cpu(sim, q.cpuCosts.submit, 'submit_bio (CPU)');
    yield* wait_event(q.tagWait, () => q.inflight < q.params.queueDepth, 'blk_mq_get_tag (sleeping)');
    q.inflight++;
    const id = q.takeId();
    emit(q, 'submit', id, bio);
    const latencyUs = sampleServiceUs(sim, q.params.latency);
    sim.spawn('irq', `irq/blk#${id}`, complete_request(q, id, bio), { at: sim.now + latencyUs * 1000 });
}
function* complete_request(q, id, bio) {
    const sb = q.sb;
    if (bio.op === 'write') {
        sb.writeBlock({ block: bio.block, offset: bio.offset, length: bio.length, intendedFor: bio.intendedFor, by: bio.by }, bio.fill);
    }
    else {
        sb.dev.readInto(bio.block, bio.offset, bio.length, bio.dest.buffer, bio.dest.offset);
    }
    q.inflight--;
    emit(q, 'complete', id, bio);
    wake_up_all(q.tagWait);
    yield* bio.end_io(bio);
}
