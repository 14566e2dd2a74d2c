import { Diocount } from '../diocount.js';
export class BugEarlyDioEnd extends Diocount {
    name = 'bug-early-dio-end';
    *end_io_irq(dio) {
        yield* this.dioEnd(dio);
    }
}
