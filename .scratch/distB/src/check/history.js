export class History {
    ops = [];
    begin(op) {
        // Field by field rather than by spread: one object shape for every record (a hot path).
        const rec = {
            id: op.id, task: op.task, kind: op.kind, file: op.file, ino: op.ino, offset: op.offset, length: op.length,
            fill: op.fill, size: op.size, mode: op.mode, start: op.start, end: Infinity, startT: op.startT, endT: Infinity,
            result: null, data: null,
        };
        this.ops.push(rec);
        return rec;
    }
}
