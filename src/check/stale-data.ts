/**
 * Stale-data oracle: a read may only return bytes its file held at that offset at some time —
 * its initial contents, zeros (holes, zeroing, truncation), or the byte of some write of the
 * scenario to that file covering that offset. Anything else came from somewhere else: another
 * file's data, or a freed block's old contents (an information leak).
 */
import type { OracleScenario as Scenario } from './oracle-scenario.js';
import type { Simulator } from '../sim/simulator.js';
import type { HistoryOp } from './history.js';
import { runsOf } from './runs.js';

export function printable(byte: number): string {
  return byte === 0 ? '.' : String.fromCharCode(byte);
}

/** Per file: byte value → the byte ranges where the file may hold it. Computed once per scenario. */
type Allowed = Map<string, Map<number, Array<readonly [number, number]>>>;
const cache = new WeakMap<Scenario, Allowed>();

function allowedRanges(scenario: Scenario): Allowed {
  let allowed = cache.get(scenario);
  if (allowed) return allowed;
  allowed = new Map();
  const add = (file: string, byte: number, from: number, to: number): void => {
    let perFile = allowed!.get(file);
    if (!perFile) allowed!.set(file, (perFile = new Map()));
    let ranges = perFile.get(byte);
    if (!ranges) perFile.set(byte, (ranges = []));
    ranges.push([from, to]);
  };
  for (const f of scenario.files) if (f.fill) add(f.path, f.fill.charCodeAt(0), 0, f.size);
  for (const t of scenario.tasks)
    for (const o of t.ops) if (o.op === 'write' || o.op === 'aio_write') add(o.file, o.fill.charCodeAt(0), o.offset, o.offset + o.length);
  cache.set(scenario, allowed);
  return allowed;
}

function covered(ranges: ReadonlyArray<readonly [number, number]> | undefined, x: number): boolean {
  return !!ranges && ranges.some(([a, b]) => a <= x && x < b);
}

export function checkReadNotStale(sim: Simulator, scenario: Scenario, read: HistoryOp): void {
  if (!read.data || !read.file) return;
  const allowed = allowedRanges(scenario).get(read.file);
  for (const [a, b, byte] of runsOf(read.data, read.offset)) {
    const ranges = allowed?.get(byte);
    // A run is explained if every offset in it is; ranges are few, so test the run's edges and the ranges' edges inside it.
    const probes = [a, b - 1, ...(ranges ?? []).flatMap(([ra, rb]) => [ra - 1, rb]).filter((x) => x >= a && x < b)];
    const x = probes.find((p) => !covered(ranges, p));
    if (x === undefined) continue;
    const source = [
      ...new Set([
        ...scenario.files.filter((f) => f.path !== read.file && f.fill?.charCodeAt(0) === byte).map((f) => f.path),
        ...scenario.tasks
          .flatMap((t) => t.ops)
          .filter((o) => 'fill' in o && o.fill.charCodeAt(0) === byte && o.file !== read.file)
          .map((o) => ('file' in o ? o.file : '')),
      ]),
    ];
    sim.report(
      'stale-data',
      `read ${read.id} of ${read.file} returned '${printable(byte)}' at offset ${x}, which ${read.file} never held there${source.length ? ` (it is ${source.join(', ')}'s data)` : ''}`,
      { op: read.id, file: read.file, offset: x, byte: printable(byte), source },
    );
    return;
  }
}
