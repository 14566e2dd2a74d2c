/**
 * fsck at the end of a run: the metadata must be consistent once every I/O has finished.
 * - every allocated block is referenced by exactly the extent its owner record names (no leak,
 *   no block owned twice);
 * - an evicted inode owns nothing;
 * - no extent holding data lies wholly past EOF (allocated-but-unwritten preallocation may).
 */
import type { SuperBlock } from '../vfs/superblock.js';

export function fsck(sb: SuperBlock): void {
  const problems: string[] = [];
  const referenced = new Map<number, string>();
  for (const inode of sb.inodes) {
    if (inode.state === 'freed' && inode.extents.size > 0) problems.push(`evicted inode ${inode.ino} (${inode.path}) still has ${inode.extents.size} extents`);
    const firstPastEof = Math.ceil(inode.i_size / sb.blockSize);
    for (const [fb, ext] of inode.extents) {
      const here = `${inode.path} (ino ${inode.ino}) file block ${fb}`;
      const prior = referenced.get(ext.block);
      if (prior) problems.push(`device block ${ext.block} is used by both ${prior} and ${here}`);
      referenced.set(ext.block, here);
      const owner = sb.alloc.owner[ext.block];
      if (!owner || owner.ino !== inode.ino || owner.fileBlock !== fb)
        problems.push(
          `${here} points at device block ${ext.block}, which the allocator ${owner ? `gives to ino ${owner.ino} file block ${owner.fileBlock}` : 'has as free'}`,
        );
      if (fb >= firstPastEof && ext.state === 'mapped') problems.push(`${here} holds data past EOF (i_size ${inode.i_size})`);
    }
  }
  sb.alloc.owner.forEach((owner, block) => {
    if (owner && !referenced.has(block))
      problems.push(`device block ${block} is allocated to ino ${owner.ino} file block ${owner.fileBlock} but no file references it (leaked)`);
  });
  if (problems.length > 0) {
    sb.sim.report('fsck', `fsck: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`, { problems });
  }
}
