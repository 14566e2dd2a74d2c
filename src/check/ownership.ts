/**
 * Block-ownership oracle: every transfer that reaches the device says which (inode, file
 * block) it was meant for; if the block is free or belongs to someone else at that instant,
 * the I/O landed in a block the file no longer owns (`freed-block-write`) — another file's
 * data was just overwritten, or freed space was.
 */
import type { SuperBlock } from '../vfs/superblock.js';

export function attachOwnershipOracle(sb: SuperBlock): void {
  const reported = new Set<string>();
  sb.onDeviceWrite.push((access) => {
    const owner = sb.alloc.ownerOf(access.block); // writeBlock recorded blk:N
    const meant = access.intendedFor;
    if (owner && owner.ino === meant.ino && owner.fileBlock === meant.fileBlock) return;
    const key = `${access.by}:${access.block}`;
    if (reported.has(key)) return;
    reported.add(key);
    const meantFor = sb.inodes.find((i) => i.ino === meant.ino);
    const nowOwner = owner ? sb.inodes.find((i) => i.ino === owner.ino) : undefined;
    const now = owner ? `now belongs to ${nowOwner?.path ?? `ino ${owner.ino}`} (ino ${owner.ino}) file block ${owner.fileBlock}` : 'is free';
    sb.sim.report(
      'freed-block-write',
      `${access.by} wrote ${access.length} bytes into device block ${access.block} for ${meantFor?.path ?? 'ino'} (ino ${meant.ino}) file block ${meant.fileBlock}, but that block ${now}`,
      { block: access.block, by: access.by, intendedFor: meant, owner },
    );
  });
}
