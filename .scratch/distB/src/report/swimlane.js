import { timelineModel } from './timeline-model.js';
export function renderSwimlane(events, options) {
    const { chalk } = options;
    const model = timelineModel(events, { groupInterrupts: options.groupInterrupts });
    const glyph = {
        idle: ' ',
        runnable: chalk.gray('·'),
        waiting: chalk.yellow('░'),
        read: chalk.green('▓'),
        write: chalk.red('█'),
    };
    const width = Math.max(10, options.width ?? 80);
    const all = model.columns;
    const shown = all.length > width ? all.slice(all.length - width) : all;
    const labelWidth = Math.max(...model.lanes.map((l) => l.name.length), 4) + 1;
    const rows = [];
    if (all.length > width)
        rows.push(chalk.gray(`(last ${width} of ${all.length} turns)`));
    for (const lane of model.lanes) {
        rows.push(`${lane.name.padEnd(labelWidth)}${shown.map((c) => glyph[c.cells.get(lane.id) ?? 'idle']).join('')}`);
        rows.push(`${' '.repeat(labelWidth)}${chalk.gray(shown.map((c) => (c.running === lane.id ? '▔' : ' ')).join(''))}`);
    }
    rows.push(chalk.gray(`${'legend'.padEnd(labelWidth)}█ write-held  ▓ read-held  ░ waiting  · running/runnable  ▔ on CPU`));
    return rows.join('\n');
}
