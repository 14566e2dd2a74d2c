import { abandonWriter, beginWrite, endReader, exitReader, reenterReader, tryBeginRead } from '../locks/fence.js';
import { up_write } from '../locks/rwsem.js';
import { InvariantError } from '../sim/errors.js';
import { Diocount } from './diocount.js';
export class FenceFs extends Diocount {
    name = 'fence';
    *drain(inode) {
        yield* beginWrite(inode.i_fence);
        yield* up_write(inode.i_fence.sem);
    }
    *dio_begin(dio) {
        // Submitters hold i_rwsem and fence writers hold it exclusive, so no writer can be queued here.
        if (!(yield* tryBeginRead(dio.inode.i_fence)))
            throw new InvariantError(`fence of ino ${dio.inode.ino} refused a reader under i_rwsem`);
    }
    *before_async_return(dio) {
        dio.fsPrivate.fenceToken = exitReader(dio.inode.i_fence);
    }
    *dioEnd(dio) {
        const token = dio.fsPrivate.fenceToken;
        if (token)
            reenterReader(dio.inode.i_fence, token);
        yield* endReader(dio.inode.i_fence);
    }
    *evict_inode(inode) {
        yield* beginWrite(inode.i_fence);
        yield* abandonWriter(inode.i_fence);
        yield* super.evict_inode(inode);
    }
}
