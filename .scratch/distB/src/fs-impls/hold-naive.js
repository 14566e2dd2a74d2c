import { unlock } from './diocount.js';
import { Hold } from './hold.js';
export class HoldNaive extends Hold {
    name = 'hold-naive';
    *before_async_return(_dio) { }
    *releaseAfterIo(dio) {
        yield* unlock(dio.inode, dio.fsPrivate.mode);
    }
}
