/**
 * Loading and validating scenario files. Every problem becomes one UserError line naming the
 * file, the path to the field, and what was expected — never a stack trace:
 *
 *   my.yaml: tasks[1].ops[0].offset: expected a whole number ≥ 0, got -4
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../sim/errors.js';
import { SCHEME_NAMES } from '../fs-impls/schemes.js';
import { scenarioSchema } from './schema.js';
function fieldPath(path) {
    let out = '';
    for (const p of path)
        out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
    return out || '(top level)';
}
function describeIssue(issue, input) {
    let value = input;
    for (const p of issue.path)
        value = value && typeof value === 'object' ? value[p] : undefined;
    const got = value === undefined ? 'nothing' : JSON.stringify(value);
    switch (issue.code) {
        case 'unrecognized_keys':
            return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo?)`;
        case 'invalid_union':
            return 'options' in issue && Array.isArray(issue.options)
                ? `expected one of ${(issue.options).map(String).join(', ')}, got ${got}`
                : `${issue.message}, got ${got}`;
        case 'too_small':
        case 'too_big':
        case 'invalid_type':
        case 'invalid_value':
            return `${issue.message.replace(/^Invalid input: /, '').replace(/^Too (small|big): /, '')}, got ${got}`;
        default:
            return `${issue.message}, got ${got}`;
    }
}
/** Validates parsed data; `source` names the file in messages. */
export function validateScenario(data, source) {
    const parsed = scenarioSchema.safeParse(data);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = fieldPath(issue.path);
        throw new UserError(`${source}: ${at}: ${describeIssue(issue, data).replace('got nothing', 'missing')}`);
    }
    const s = parsed.data;
    checkReferences(s, source);
    return s;
}
function checkReferences(s, source) {
    const fail = (where, msg) => {
        throw new UserError(`${source}: ${where}: ${msg}`);
    };
    if (!SCHEME_NAMES.includes(s.fs))
        fail('fs', `unknown scheme "${s.fs}"; expected one of ${SCHEME_NAMES.join(', ')}`);
    const capacity = s.geometry.blockSize * s.geometry.blocks;
    if ((s.geometry.blockSize & (s.geometry.blockSize - 1)) !== 0 || s.geometry.blockSize < 512)
        fail('geometry.blockSize', `expected a power of two ≥ 512, got ${s.geometry.blockSize}`);
    const files = new Set();
    s.files.forEach((f, i) => {
        if (files.has(f.path))
            fail(`files[${i}].path`, `"${f.path}" is listed twice`);
        if (f.size > capacity)
            fail(`files[${i}].size`, `${f.size} bytes do not fit on a device of ${capacity} bytes (geometry)`);
        files.add(f.path);
    });
    const ids = new Map();
    const taskNames = new Set();
    s.tasks.forEach((t, ti) => {
        if (taskNames.has(t.name))
            fail(`tasks[${ti}].name`, `task "${t.name}" is defined twice`);
        taskNames.add(t.name);
        t.ops.forEach((op, oi) => {
            const where = `tasks[${ti}].ops[${oi}]`;
            if (op.id) {
                if (ids.has(op.id))
                    fail(`${where}.id`, `id "${op.id}" is used twice`);
                ids.set(op.id, { task: ti, op: op.op });
            }
            if ('file' in op && !files.has(op.file) && !s.tasks.some((x) => x.ops.some((o) => o.op === 'create' && o.file === op.file))) {
                fail(`${where}.file`, `"${op.file}" is neither in files nor created by a create op`);
            }
            if ('offset' in op && op.offset + op.length > capacity)
                fail(`${where}.length`, `offset + length = ${op.offset + op.length} is past the device capacity of ${capacity} bytes`);
            if (op.op === 'truncate' && op.size > capacity)
                fail(`${where}.size`, `${op.size} is past the device capacity of ${capacity} bytes`);
            if (op.op === 'wait' && op.for) {
                const target = ids.get(op.for);
                if (!target || target.task !== ti || (target.op !== 'aio_write' && target.op !== 'aio_read')) {
                    fail(`${where}.for`, `"${op.for}" must name an earlier aio_write or aio_read of this task`);
                }
            }
        });
    });
    s.tasks.forEach((t, ti) => t.ops.forEach((op, oi) => {
        if (!op.after)
            return;
        const target = ids.get(op.after);
        if (!target)
            fail(`tasks[${ti}].ops[${oi}].after`, `no op has id "${op.after}"`);
        if (target.task === ti)
            fail(`tasks[${ti}].ops[${oi}].after`, `"${op.after}" is in the same task; ops of one task already run in order`);
    }));
}
/** Reads a .yaml/.yml/.json file and validates it. */
export function loadScenarioFile(file) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new UserError(`${file}: cannot read the file (${err.code ?? 'error'})`);
    }
    let data;
    try {
        data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    }
    catch (err) {
        const first = String(err.message).split('\n')[0];
        throw new UserError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${first}`);
    }
    return validateScenario(data, file);
}
