/** Flag parsers shared by the commands: every bad value is a usage error (exit 2) naming the flag. */
import { InvalidArgumentError, Option } from 'commander';
import { SCHEME_NAMES } from '../src/fs-impls/schemes.js';
export function wholeNumber(min, max) {
    return (value) => {
        if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
            throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
        }
        return Number(value);
    };
}
export const parseSeed = wholeNumber(0, 0xffffffff);
export const fsOption = () => new Option('--fs <scheme>', 'file-system scheme (default: the scenario\'s own; see `aiosim list --schemes`)').choices(SCHEME_NAMES);
export const seedOption = () => new Option('--seed <n>', 'seed of the first execution').argParser(parseSeed).default(1);
export const jsonOption = () => new Option('--json', 'print one JSON object on stdout (no colour, no timeline)');
export const stepLimitOption = () => new Option('--step-limit <n>', 'end a run with a step-limit verdict after this many steps').argParser(wholeNumber(1, 100_000_000)).default(100_000);
export function terminalWidth() {
    const cols = process.stdout.columns;
    return cols && cols > 0 ? cols : 100; // 0 or undefined on some ptys and in pipes
}
