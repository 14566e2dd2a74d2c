export function queue_work(sim, what, work) {
    return sim.spawn('worker', `kworker/${what}`, work);
}
