/**
 * A byte range cut at block boundaries: the unit every block-level path works in (a bio, a
 * zeroing, a buffered copy never crosses a block here).
 */
export interface Segment {
  readonly fileBlock: number;
  /** Offsets inside the block: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Absolute file offset of `from`. */
  readonly pos: number;
}

export function* blockSegments(start: number, end: number, blockSize: number): Generator<Segment, void, void> {
  for (let pos = start; pos < end; ) {
    const fileBlock = Math.floor(pos / blockSize);
    const from = pos - fileBlock * blockSize;
    const to = Math.min(end - fileBlock * blockSize, blockSize);
    yield { fileBlock, from, to, pos };
    pos = fileBlock * blockSize + to;
  }
}
