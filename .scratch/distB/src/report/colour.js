/**
 * Colour for terminal output. chalk decides from stdout (not a TTY ⇒ plain) and FORCE_COLOR,
 * but does not honour NO_COLOR (verified with chalk 5.6.2), so we do: any non-empty NO_COLOR
 * turns colour off, as no-color.org asks.
 */
import { Chalk as ChalkClass } from 'chalk';
export function terminalChalk() {
    return process.env.NO_COLOR ? new ChalkClass({ level: 0 }) : new ChalkClass();
}
export const plain = new ChalkClass({ level: 0 });
