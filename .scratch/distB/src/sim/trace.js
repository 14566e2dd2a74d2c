export class Trace {
    recording;
    events = [];
    /**
     * @param recording false drops events (benchmarks, exploration runs that only need verdicts);
     *   verdicts are kept by the Simulator either way.
     */
    constructor(recording = true) {
        this.recording = recording;
    }
    /** Appends an event and returns its index (the `at` of verdicts). */
    emit(event) {
        if (!this.recording)
            return -1;
        return this.events.push(event) - 1;
    }
    get length() {
        return this.events.length;
    }
    /** The canonical serialisation: what "byte-identical trace" means. */
    serialize() {
        return this.events.map((e) => JSON.stringify(e)).join('\n');
    }
}
