import { Diocount } from '../diocount.js';
export class BugEofZeroNodrain extends Diocount {
    name = 'bug-eof-zero-nodrain';
    *eofZeroingDrain(_inode) { }
}
