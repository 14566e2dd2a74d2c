import { Diocount } from '../diocount.js';
export class BugUnlockedRead extends Diocount {
    name = 'bug-unlocked-read';
    *dioReadLock(_inode) {
        return false;
    }
}
