import { paint, runsOf } from './runs.js';
import { printable } from './stale-data.js';
function clip(runs, size) {
    return paint(runs, size, Number.MAX_SAFE_INTEGER, 0);
}
export function describeContents(size, runs) {
    const parts = clip(runs, size).map(([a, b, c]) => `[${a},${b})='${printable(c)}'`);
    return `size ${size}${parts.length ? `, ${parts.join(' ')}` : ', all zeros'}`;
}
function stateKey(s) {
    return `${s.size}:${s.runs.map((r) => r.join(',')).join(';')}`;
}
function describeProjection(p) {
    return p.kind === 'size' ? 'its size' : `block ${p.index} (bytes ${p.from}-${p.to - 1})`;
}
function piecesFor(op, p) {
    const base = { op, start: op.start, end: op.end, observes: false };
    const result = op.result ?? -1;
    if (result < 0)
        return [];
    const overlap = (a, b) => {
        if (p.kind !== 'block')
            return null;
        const lo = Math.max(a, p.from);
        const hi = Math.min(b, p.to);
        return lo < hi ? [lo, hi] : null;
    };
    switch (op.kind) {
        case 'write':
        case 'aio_write': {
            const end = op.offset + result;
            if (p.kind === 'size')
                return [{ ...base, apply: (s) => ({ size: Math.max(s.size, end), runs: s.runs }) }];
            const r = overlap(op.offset, end);
            return r ? [{ ...base, apply: (s) => ({ size: s.size, runs: paint(s.runs, r[0], r[1], op.fill) }) }] : [];
        }
        case 'read':
        case 'aio_read': {
            if (p.kind === 'size') {
                return [{ ...base, observes: true, apply: (s) => (result === Math.max(0, Math.min(op.length, s.size - op.offset)) ? s : null) }];
            }
            const r = overlap(op.offset, op.offset + result);
            if (!r)
                return [];
            // What the read returned for this block, as runs, computed once; each check compares run slices.
            const returned = slice(runsOf((op.data ?? Buffer.alloc(0)).subarray(r[0] - op.offset, r[1] - op.offset), r[0]), r[0], r[1]);
            return [{ ...base, observes: true, apply: (s) => (slice(s.runs, r[0], r[1]) === returned ? s : null) }];
        }
        case 'truncate':
            if (p.kind === 'size')
                return [{ ...base, apply: (s) => ({ size: op.size, runs: s.runs }) }];
            return [{ ...base, apply: (s) => ({ size: s.size, runs: paint(s.runs, Math.max(op.size, p.from), p.to, 0) }) }];
        case 'fallocate': {
            const end = op.offset + op.length;
            if (p.kind === 'size') {
                const grows = op.mode === 'allocate' || op.mode === 'zero_range';
                return grows ? [{ ...base, apply: (s) => ({ size: Math.max(s.size, end), runs: s.runs }) }] : [];
            }
            const r = overlap(op.offset, end);
            const zeroes = op.mode === 'punch_hole' || op.mode === 'zero_range';
            return r && zeroes ? [{ ...base, apply: (s) => ({ size: s.size, runs: paint(s.runs, r[0], r[1], 0) }) }] : [];
        }
        default:
            return [];
    }
}
/** The bytes [from, to) of `runs`, as a comparable key. */
function slice(runs, from, to) {
    return paint(paint(runs, 0, from, 0), to, Number.MAX_SAFE_INTEGER, 0).map((r) => r.join(',')).join(';');
}
export const SEARCH_LIMIT = 200_000;
/** Wing & Gong search over one projection, memoised on (pieces done, state). */
function search(pieces, initial, matchesFinal) {
    const n = pieces.length;
    const done = new Uint8Array(n);
    const memo = new Set();
    let explored = 0;
    const dfs = (state, count) => {
        // Observations that hold now are placed now (see the header); undone on backtrack.
        const greedy = [];
        for (let progress = true; progress;) {
            progress = false;
            const minEnd = minPendingEnd(pieces, done);
            for (let i = 0; i < n; i++) {
                const p = pieces[i];
                if (done[i] || !p.observes || !(p.start < minEnd || p.end === minEnd) || !p.apply(state))
                    continue;
                done[i] = 1;
                greedy.push(i);
                progress = true;
            }
        }
        const undo = (r) => {
            for (const i of greedy)
                done[i] = 0;
            return r;
        };
        const total = count + greedy.length;
        if (total === n)
            return undo(matchesFinal(state));
        if (++explored > SEARCH_LIMIT)
            return undo('limit');
        const key = `${done.join('')}|${stateKey(state)}`;
        if (memo.has(key))
            return undo(false);
        memo.add(key);
        const minEnd = minPendingEnd(pieces, done);
        for (let i = 0; i < n; i++) {
            const p = pieces[i];
            if (done[i] || !(p.start < minEnd || p.end === minEnd))
                continue;
            const next = p.apply(state);
            if (!next)
                continue;
            done[i] = 1;
            const r = dfs(next, total + 1);
            done[i] = 0;
            if (r)
                return undo(r);
        }
        return undo(false);
    };
    const found = dfs(initial, 0);
    return { found, explored };
}
/** Pieces by completion, then invocation: an order the real-time constraint always allows. */
function completionOrder(pieces) {
    return [...pieces].sort((a, b) => a.end - b.end || a.start - b.start);
}
/**
 * The order most runs are explained by, tried before the search: finding one valid order
 * proves the projection linearizable, and it costs one pass instead of a search.
 */
function completionOrderExplains(pieces, initial, matchesFinal) {
    let s = initial;
    for (const piece of completionOrder(pieces))
        if (!(s = piece.apply(s)))
            return false;
    return matchesFinal(s);
}
function minPendingEnd(pieces, done) {
    let minEnd = Infinity;
    for (let i = 0; i < pieces.length; i++)
        if (!done[i] && pieces[i].end < minEnd)
            minEnd = pieces[i].end;
    return minEnd;
}
/**
 * Checks the size projection and every block's projection. A sequential order of the whole
 * history projects onto a valid order of each, so this never flags what the joint check would
 * accept; every consequence the historic bugs have (lost or zeroed data, a wrong size, a read
 * that saw an old size or foreign bytes) shows in one projection.
 */
export function checkLinearizable(input) {
    const bs = input.blockSize;
    const ops = input.ops;
    // A removed file that nobody read leaves nothing to observe: any order explains it.
    if (!input.final && !ops.some((op) => op.kind === 'read' || op.kind === 'aio_read'))
        return { ok: true, explored: 0 };
    let extent = Math.max(input.initial.size, input.final?.size ?? 0);
    for (const op of ops)
        if ((op.result ?? -1) > 0 && (op.kind === 'write' || op.kind === 'aio_write' || op.kind === 'read' || op.kind === 'aio_read'))
            extent = Math.max(extent, op.offset + op.result);
    const projections = [{ kind: 'size' }];
    for (let b = 0; b * bs < extent; b++)
        projections.push({ kind: 'block', index: b, from: b * bs, to: (b + 1) * bs });
    let explored = 0;
    for (const p of projections) {
        const pieces = ops.flatMap((op) => piecesFor(op, p));
        const final = input.final;
        const matchesFinal = (s) => {
            if (!final)
                return true;
            if (p.kind === 'size')
                return s.size === final.size;
            const to = Math.min(p.to, final.size);
            return to <= p.from || slice(s.runs, p.from, to) === slice(final.runs, p.from, to);
        };
        if (completionOrderExplains(pieces, input.initial, matchesFinal))
            continue;
        const r = search(pieces, input.initial, matchesFinal);
        explored += r.explored;
        if (r.found === 'limit')
            return { ok: 'inconclusive', explored };
        if (r.found)
            continue;
        return explain(input, p, pieces, explored);
    }
    return { ok: true, explored };
}
/** Explains a failure with the one order a person expects: by completion, then invocation. */
function explain(input, p, pieces, explored) {
    const order = completionOrder(pieces);
    let s = input.initial;
    let failedRead = null;
    for (const piece of order) {
        const next = piece.apply(s);
        if (!next) {
            failedRead ??= piece.op.id;
            continue;
        }
        s = next;
    }
    const final = input.final;
    const read = failedRead ? input.ops.find((o) => o.id === failedRead) : undefined;
    const returned = read?.data ? `${read.result} bytes at ${read.offset}: ${describeContents(read.offset + read.data.length, runsOf(read.data, read.offset)).replace(/^size \d+(, )?/, '') || 'all zeros'}` : null;
    // A block projection does not track the size: show the block's bytes (the observed ones up to the real EOF).
    const view = (st, upTo = p.kind === 'block' ? p.to : 0) => p.kind === 'size' ? `size ${st.size}` : describeContents(Math.min(p.to, upTo), paint(st.runs, 0, p.from, 0)).replace(/^size \d+, /, '');
    return {
        ok: false,
        explored,
        exampleOrder: `${[...new Set(order.map((x) => x.op.id))].join(' → ')} gives ${view(s)}`,
        observed: final ? `${describeProjection(p)}: ${view(final, final.size)}` : '(file removed)',
        failedRead,
        readReturned: returned,
    };
}
