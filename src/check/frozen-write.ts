/**
 * Frozen-write oracle: once freeze_super has returned (FIFREEZE succeeded) and until thaw_super
 * begins, nothing may change the file system — no block written, no extent allocated, converted
 * or freed, no i_size moved. That is what freezing promises (a snapshot of the device taken now
 * is consistent) and what every write path's freeze protection is for. A change while frozen is
 * `frozen-write`. The oracle watches the device and the metadata hooks of the superblock and
 * the superblock's own freeze state; it never asks a scheme what it held.
 */
import type { DeviceAccess, SuperBlock } from '../vfs/superblock.js';
import { SB_FREEZE_COMPLETE } from '../vfs/freeze.js';
import type { Inode } from '../vfs/inode.js';

export function attachFrozenWriteOracle(sb: SuperBlock): void {
  const reported = new Set<string>();
  const frozen = (): boolean => {
    sb.s_writers.access(false);
    return sb.s_writers.frozen === SB_FREEZE_COMPLETE;
  };
  const report = (key: string, message: string, details: Record<string, unknown>): void => {
    if (reported.has(key)) return;
    reported.add(key);
    sb.sim.report('frozen-write', message, details);
  };
  sb.onDeviceWrite.push((access: DeviceAccess) => {
    if (!frozen()) return;
    const inode = sb.inodes.find((i) => i.ino === access.intendedFor.ino);
    report(
      `blk:${access.by}`,
      `${access.by} wrote ${access.length} bytes into device block ${access.block} (${inode?.path ?? `ino ${access.intendedFor.ino}`}) while the file system was frozen`,
      {
        block: access.block,
        by: access.by,
        ino: access.intendedFor.ino,
      },
    );
  });
  sb.onModify.push((inode: Inode, what: string) => {
    if (!frozen()) return;
    const who = sb.sim.currentId >= 0 ? sb.sim.current.name : 'the kernel';
    report(`${inode.ino}:${what}`, `${who} changed ${inode.path} (ino ${inode.ino}) by ${what} while the file system was frozen`, {
      ino: inode.ino,
      path: inode.path,
      change: what,
      by: who,
    });
  });
}
