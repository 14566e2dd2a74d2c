export function attachOwnershipOracle(sb) {
    const reported = new Set();
    sb.onDeviceWrite.push((access) => {
        const owner = sb.alloc.owner[access.block];
        const meant = access.intendedFor;
        if (owner && owner.ino === meant.ino && owner.fileBlock === meant.fileBlock)
            return;
        const key = `${access.by}:${access.block}`;
        if (reported.has(key))
            return;
        reported.add(key);
        const meantFor = sb.inodes.find((i) => i.ino === meant.ino);
        const nowOwner = owner ? sb.inodes.find((i) => i.ino === owner.ino) : undefined;
        const now = owner ? `now belongs to ${nowOwner?.path ?? `ino ${owner.ino}`} (ino ${owner.ino}) file block ${owner.fileBlock}` : 'is free';
        sb.sim.report('freed-block-write', `${access.by} wrote ${access.length} bytes into device block ${access.block} for ${meantFor?.path ?? 'ino'} (ino ${meant.ino}) file block ${meant.fileBlock}, but that block ${now}`, { block: access.block, by: access.by, intendedFor: meant, owner });
    });
}
