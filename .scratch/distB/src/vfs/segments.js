export function* blockSegments(start, end, blockSize) {
    for (let pos = start; pos < end;) {
        const fileBlock = Math.floor(pos / blockSize);
        const from = pos - fileBlock * blockSize;
        const to = Math.min(end - fileBlock * blockSize, blockSize);
        yield { fileBlock, from, to, pos };
        pos = fileBlock * blockSize + to;
    }
}
