/**
 * fsck at the end of a run: the metadata must be consistent once every I/O has finished.
 * - every allocated block is referenced by exactly the extent its owner record names (no leak,
 *   no block owned twice);
 * - an evicted inode owns nothing;
 * - no extent holding data lies wholly past EOF (allocated-but-unwritten preallocation may).
 *
 * It walks runs (the extent maps' and the allocator's), never every block of the device: a
 * block is looked at one by one only where a run disagrees, and then each such block is a
 * problem to report.
 */
import { type Run, RunMap, type RunValue } from '../vfs/run-map.js';
import type { SuperBlock } from '../vfs/superblock.js';

/** Who references a device block: a file block of an inode (shifts along the run). */
interface Ref {
  readonly ino: number;
  readonly path: string;
  readonly fb: number;
}
const REF_RUNS: RunValue<Ref> = { shift: (r, d) => (d === 0 ? r : { ...r, fb: r.fb + d }), same: (a, b) => a.ino === b.ino && a.fb === b.fb };

const describe = (r: Ref): string => `${r.path} (ino ${r.ino}) file block ${r.fb}`;

export function fsck(sb: SuperBlock): void {
  const problems: string[] = [];
  const referenced = new RunMap(REF_RUNS);
  for (const inode of sb.inodes) {
    if (inode.state === 'freed' && inode.extents.size > 0) problems.push(`evicted inode ${inode.ino} (${inode.path}) still has ${inode.extents.size} extents`);
    const firstPastEof = Math.ceil(inode.i_size / sb.blockSize);
    for (const run of inode.extents.runs()) {
      const { start, end, value: ext } = run;
      const b0 = ext.block;
      const toBlock = (fb: number): number => b0 + (fb - start);
      // File blocks of this run that some check flags, in order.
      const flagged = new Set<number>();
      for (const r of referenced.runs(b0, b0 + (end - start))) for (let b = r.start; b < r.end; b++) flagged.add(start + (b - b0));
      for (const gap of ownerMismatches(sb, inode.ino, run)) for (let fb = gap.start; fb < gap.end; fb++) flagged.add(fb);
      if (ext.state === 'mapped') for (let fb = Math.max(start, firstPastEof); fb < end; fb++) flagged.add(fb);
      for (const fb of [...flagged].sort((a, b) => a - b)) {
        const block = toBlock(fb);
        const here = describe({ ino: inode.ino, path: inode.path, fb });
        const prior = referenced.get(block);
        if (prior) problems.push(`device block ${block} is used by both ${describe(prior)} and ${here}`);
        const owner = sb.alloc.ownerOf(block);
        if (!owner || owner.ino !== inode.ino || owner.fileBlock !== fb)
          problems.push(
            `${here} points at device block ${block}, which the allocator ${owner ? `gives to ino ${owner.ino} file block ${owner.fileBlock}` : 'has as free'}`,
          );
        if (fb >= firstPastEof && ext.state === 'mapped') problems.push(`${here} holds data past EOF (i_size ${inode.i_size})`);
        referenced.set(block, block + 1, { ino: inode.ino, path: inode.path, fb });
      }
      // Blocks nobody flagged: reference the rest of the run in one go.
      let at = start;
      for (const fb of [...flagged, end].sort((a, b) => a - b)) {
        if (fb > at) referenced.set(toBlock(at), toBlock(fb), { ino: inode.ino, path: inode.path, fb: at });
        at = fb + 1;
      }
    }
  }
  for (const o of sb.alloc.owners.runs()) {
    let at = o.start;
    const leak = (to: number): void => {
      for (let b = at; b < to; b++)
        problems.push(
          `device block ${b} is allocated to ino ${o.value.ino} file block ${o.value.fileBlock + (b - o.start)} but no file references it (leaked)`,
        );
    };
    for (const r of referenced.runs(o.start, o.end)) {
      leak(r.start);
      at = r.end;
    }
    leak(o.end);
  }
  if (problems.length > 0) {
    sb.sim.report('fsck', `fsck: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`, { problems });
  }
}

/** The file blocks of an extent run whose device blocks the allocator does not give to exactly them. */
function ownerMismatches(sb: SuperBlock, ino: number, run: Run<{ readonly block: number }>): Array<{ start: number; end: number }> {
  const b0 = run.value.block;
  const n = run.end - run.start;
  const out: Array<{ start: number; end: number }> = [];
  let at = b0;
  const mismatch = (from: number, to: number): void => {
    if (to > from) out.push({ start: run.start + (from - b0), end: run.start + (to - b0) });
  };
  for (const o of sb.alloc.owners.runs(b0, b0 + n)) {
    mismatch(at, o.start);
    if (o.value.ino !== ino || o.value.fileBlock !== run.start + (o.start - b0)) mismatch(o.start, o.end);
    at = o.end;
  }
  mismatch(at, b0 + n);
  return out;
}
