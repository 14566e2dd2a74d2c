export function criticalSteps(events, verdictIndex, limit = 10) {
    const v = events[verdictIndex].verdict;
    const d = v.details;
    const blocks = new Set();
    let related;
    switch (v.kind) {
        case 'freed-block-write':
            related = (e) => (e.type === 'alloc' && e.block === d.block) || (e.type === 'bio' && (e.block === d.block || e.by === d.by));
            break;
        case 'stale-data': {
            for (const e of events)
                if (e.type === 'bio' && e.by === d.op)
                    blocks.add(Number(e.block));
            related = (e) => (e.type === 'bio' && (e.by === d.op || (blocks.has(Number(e.block)) && e.dir === 'write'))) || (e.type === 'alloc' && blocks.has(Number(e.block)));
            break;
        }
        case 'not-linearizable':
        case 'fsck':
        case 'use-after-free': {
            const ino = d.ino;
            related = (e) => (e.type === 'i_size' && (ino === undefined || e.ino === ino)) ||
                (e.type === 'bio' && e.dir === 'write' && (ino === undefined || e.ino === ino)) ||
                (e.type === 'alloc' && e.op === 'free' && (ino === undefined || e.ino === ino)) ||
                (e.type === 'syscall-enter' && ['ftruncate', 'fallocate', 'pread64'].includes(String(e.name))) ||
                e.type === 'ki_complete';
            break;
        }
        case 'lockdep':
            related = (e) => e.type === 'lock' && (e.lock === d.lock || e.lock === d.holding || e.lock === d.acquiring || (Array.isArray(d.held) && d.held.includes(e.lock)));
            break;
        case 'deadlock':
            related = (e) => e.type === 'block' || (e.type === 'lock' && e.op === 'acquire');
            break;
        default:
            related = () => false;
    }
    const picked = [];
    for (let i = verdictIndex - 1; i >= 0 && picked.length < limit; i--)
        if (related(events[i]))
            picked.push(i);
    return picked.reverse().concat(verdictIndex);
}
