import { isPureOverwrite } from './block-ops.js';
import { Diocount } from './diocount.js';
export class DiocountOverwriteShared extends Diocount {
    name = 'diocount-overwrite-shared';
    unalignedSerialization(iocb) {
        return isPureOverwrite(this.sb, iocb.inode, iocb.pos, iocb.count) ? 'none' : super.unalignedSerialization(iocb);
    }
}
