import { Diocount } from '../diocount.js';
export class BugUnalignedRace extends Diocount {
    name = 'bug-unaligned-race';
    unalignedSerialization(_iocb) {
        return 'none';
    }
}
