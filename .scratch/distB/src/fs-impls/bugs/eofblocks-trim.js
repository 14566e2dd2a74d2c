import { Diocount } from '../diocount.js';
export class BugEofblocksTrim extends Diocount {
    name = 'bug-eofblocks-trim';
    *freeEofblocksDrain(_inode) { }
}
