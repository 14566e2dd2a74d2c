export class BlockAllocator {
    sim;
    owner;
    /** Free blocks; the top (end) is handed out next. */
    free = [];
    constructor(sim, blocks) {
        this.sim = sim;
        this.owner = new Array(blocks).fill(null);
        for (let b = blocks - 1; b >= 0; b--)
            this.free.push(b);
    }
    get freeCount() {
        return this.free.length;
    }
    /** Returns the block, or null when the device is full (-ENOSPC). */
    alloc(owner) {
        const block = this.free.pop();
        if (block === undefined)
            return null;
        this.owner[block] = owner;
        this.emit('alloc', block, owner);
        return block;
    }
    release(block) {
        const owner = this.owner[block];
        if (!owner)
            return;
        this.owner[block] = null;
        this.free.push(block);
        this.emit('free', block, owner);
    }
    emit(op, block, owner) {
        if (!this.sim.trace.recording)
            return;
        this.sim.emit({ t: this.sim.now, ctx: this.sim.currentId, type: 'alloc', op, block, ino: owner.ino, fileBlock: owner.fileBlock });
    }
}
