/**
 * Stale-data oracle: a read may only return bytes its file held at that offset at some time —
 * its initial contents, zeros (holes, zeroing, truncation), or the byte of some write of the
 * scenario to that file covering that offset. Anything else came from somewhere else: another
 * file's data, or a freed block's old contents (an information leak).
 */
import type { Scenario } from '../scenario/schema.js';
import type { Simulator } from '../sim/simulator.js';
import type { HistoryOp } from './history.js';

export function printable(byte: number): string {
  return byte === 0 ? '.' : String.fromCharCode(byte);
}

export function checkReadNotStale(sim: Simulator, scenario: Scenario, read: HistoryOp): void {
  if (!read.data || !read.file) return;
  const initial = scenario.files.find((f) => f.path === read.file);
  const writes = scenario.tasks.flatMap((t) => t.ops).filter((o) => (o.op === 'write' || o.op === 'aio_write') && o.file === read.file);
  for (let i = 0; i < read.data.length; i++) {
    const byte = read.data[i]!;
    if (byte === 0) continue;
    const x = read.offset + i;
    if (initial?.fill && x < initial.size && byte === initial.fill.charCodeAt(0)) continue;
    if (writes.some((w) => 'fill' in w && w.fill.charCodeAt(0) === byte && w.offset <= x && x < w.offset + w.length)) continue;
    const owners = scenario.files.filter((f) => f.path !== read.file && f.fill?.charCodeAt(0) === byte).map((f) => f.path);
    const others = scenario.tasks.flatMap((t) => t.ops).filter((o) => 'fill' in o && o.fill.charCodeAt(0) === byte && 'file' in o && o.file !== read.file).map((o) => ('file' in o ? o.file : ''));
    const source = [...new Set([...owners, ...others])];
    sim.report(
      'stale-data',
      `read ${read.id} of ${read.file} returned '${printable(byte)}' at offset ${x}, which ${read.file} never held there${source.length ? ` (it is ${source.join(', ')}'s data)` : ''}`,
      { op: read.id, file: read.file, offset: x, byte: printable(byte), source },
    );
    return;
  }
}
