export function ki_complete(sim, iocb, result) {
    iocb.result = result;
    iocb.completedStep = sim.steps;
    iocb.completedAt = sim.now;
    if (sim.trace.recording)
        sim.emit({ t: sim.now, ctx: sim.currentId, type: 'ki_complete', iocb: iocb.id, result });
    iocb.notify?.(iocb);
}
