import { Diocount } from '../diocount.js';
export class BugUnalignedPastEof extends Diocount {
    name = 'bug-unaligned-past-eof';
    isUnalignedIo(iocb) {
        return super.isUnalignedIo(iocb) && iocb.pos < iocb.inode.i_size;
    }
}
