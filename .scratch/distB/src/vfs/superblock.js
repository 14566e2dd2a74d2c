/**
 * The mounted file system: device, allocator, the name space (path → inode), the file
 * system's ops table, and the helpers every scheme shares — i_size updates, extent mapping,
 * writing and freeing blocks, eviction, and the use-after-free check on inodes.
 *
 * Oracles observe the VFS through hooks (`onDeviceWrite`, `onDeviceRead`) so the VFS never
 * knows which checks run.
 */
import { Fence } from '../locks/fence.js';
import { DioCount } from '../locks/dio-count.js';
import { kfree } from '../locks/kfree.js';
import { lockClass } from '../locks/lock-class.js';
import { RwSemaphore } from '../locks/rwsem.js';
import { taskName } from '../sim/context.js';
import { BlockAllocator } from './block-allocator.js';
import { BlockDevice } from './block-device.js';
export class SuperBlock {
    sim;
    lockdep;
    dev;
    alloc;
    iRwsemClass = lockClass('&sb->s_type->i_mutex_key');
    dentries = new Map();
    inodes = [];
    /** Called just before a write reaches the device (the ownership oracle listens). */
    onDeviceWrite = [];
    fs;
    nextIno = 12;
    uafReported = new Set();
    constructor(sim, lockdep, blockSize, blocks, arena) {
        this.sim = sim;
        this.lockdep = lockdep;
        this.dev = new BlockDevice(blockSize, blocks, arena);
        this.alloc = new BlockAllocator(sim, blocks);
    }
    get blockSize() {
        return this.dev.blockSize;
    }
    newInode(path) {
        const ino = this.nextIno++;
        const inode = {
            ino,
            path,
            i_size: 0,
            extents: new Map(),
            i_rwsem: new RwSemaphore(this.lockdep, `i_rwsem (ino ${ino})`, this.iRwsemClass),
            i_dio: new DioCount(this.lockdep, `i_dio_count (ino ${ino})`),
            i_fence: new Fence(this.lockdep, `i_fence (ino ${ino})`, lockClass('&ei->i_fence')),
            nlink: 1,
            openCount: 0,
            state: 'live',
        };
        this.inodes.push(inode);
        this.dentries.set(path, inode);
        return inode;
    }
    /** Touching an inode after it was freed is a use-after-free (KASAN's report), once per inode. */
    touch(inode, what) {
        if (inode.state !== 'freed' || this.uafReported.has(inode.ino))
            return;
        this.uafReported.add(inode.ino);
        const who = this.sim.currentId >= 0 ? taskName(this.sim.current) : 'the kernel';
        this.sim.report('use-after-free', `${who} touched inode ${inode.ino} (${inode.path}) in ${what} after it was evicted and freed`, {
            ino: inode.ino,
            path: inode.path,
            call: what,
        });
    }
    i_size_write(inode, size) {
        this.touch(inode, 'i_size_write');
        const old = inode.i_size;
        inode.i_size = size;
        if (this.sim.trace.recording)
            this.sim.emit({ t: this.sim.now, ctx: this.sim.currentId, type: 'i_size', ino: inode.ino, size, old });
    }
    /** Writes `access.length` copies of `byte` into a block: bio completions, zeroing, buffered writes. */
    writeBlock(access, byte) {
        for (const hook of this.onDeviceWrite)
            hook(access);
        this.dev.fill(access.block, access.offset, access.length, byte);
    }
    /** Frees every block of `inode` from file block `from` on (truncate, punch, evict). */
    freeBlocksFrom(inode, from, to = Infinity) {
        for (const fb of [...inode.extents.keys()].sort((a, b) => b - a)) {
            if (fb < from || fb >= to)
                continue;
            this.alloc.release(inode.extents.get(fb).block);
            inode.extents.delete(fb);
        }
    }
    /** The last reference is gone: the file system frees the blocks, then the inode memory. */
    *evict(inode) {
        if (inode.state !== 'live')
            return;
        inode.state = 'freeing';
        yield* this.fs.evict_inode(inode);
        kfree(this.lockdep, `inode ${inode.ino}`, [inode.i_rwsem, inode.i_fence.sem]);
        inode.state = 'freed';
    }
}
