export function fsck(sb) {
    const problems = [];
    const referenced = new Map();
    for (const inode of sb.inodes) {
        if (inode.state === 'freed' && inode.extents.size > 0)
            problems.push(`evicted inode ${inode.ino} (${inode.path}) still has ${inode.extents.size} extents`);
        const firstPastEof = Math.ceil(inode.i_size / sb.blockSize);
        for (const [fb, ext] of inode.extents) {
            const here = `${inode.path} (ino ${inode.ino}) file block ${fb}`;
            const prior = referenced.get(ext.block);
            if (prior)
                problems.push(`device block ${ext.block} is used by both ${prior} and ${here}`);
            referenced.set(ext.block, here);
            const owner = sb.alloc.owner[ext.block];
            if (!owner || owner.ino !== inode.ino || owner.fileBlock !== fb)
                problems.push(`${here} points at device block ${ext.block}, which the allocator ${owner ? `gives to ino ${owner.ino} file block ${owner.fileBlock}` : 'has as free'}`);
            if (fb >= firstPastEof && ext.state === 'mapped')
                problems.push(`${here} holds data past EOF (i_size ${inode.i_size})`);
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
