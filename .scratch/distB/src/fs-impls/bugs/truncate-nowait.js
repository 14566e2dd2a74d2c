import { Diocount } from '../diocount.js';
export class BugTruncateNowait extends Diocount {
    name = 'bug-truncate-nowait';
    *setattrDrain(_inode) { }
}
