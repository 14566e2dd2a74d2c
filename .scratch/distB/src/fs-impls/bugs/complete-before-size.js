import { Diocount, reportComplete } from '../diocount.js';
export class BugCompleteBeforeSize extends Diocount {
    name = 'bug-complete-before-size';
    *updateSize(dio) {
        reportComplete(this.sb, dio);
        yield* super.updateSize(dio);
    }
}
