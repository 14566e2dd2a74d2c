import { Diocount } from '../diocount.js';
export class BugUnalignedSubmitOnly extends Diocount {
    name = 'bug-unaligned-submit-only';
    unalignedSerialization(_iocb) {
        return 'drain-before';
    }
}
