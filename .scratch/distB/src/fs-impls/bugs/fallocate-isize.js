import { Diocount, grownSize } from '../diocount.js';
export class BugFallocateIsize extends Diocount {
    name = 'bug-fallocate-isize';
    *fallocateNewSize(inode, mode, offset, length) {
        const newSize = grownSize(inode, mode, offset, length);
        yield* this.drain(inode);
        return newSize;
    }
}
