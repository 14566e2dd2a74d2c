/**
 * An inode's extent map (file block → device block, mapped or unwritten; absent = hole), held
 * as runs (run-map.ts): contiguous file blocks on contiguous device blocks in one state are one
 * entry, as a real file system's extent tree holds them. A file filled at creation is one run.
 *
 * The single-block methods (get, has, set, delete, size) are the Map API the kernel paths use,
 * and record the same footprint accesses sharedEntries() records for a Map: `ino:N.extents:fb`
 * per entry, and `ino:N.extents` for membership (see footprint.ts). Whole-map walks go by runs
 * (`runs()`); `entries()` expands them block by block, for small views only (the playground).
 */
import type { AccessRecorder } from '../sim/footprint.js';
import { type Run, RunMap, type RunValue } from './run-map.js';

/** mapped: holds data. unwritten: allocated, reads as zeros until converted (fallocate, in-flight DIO). */
export type ExtentState = 'mapped' | 'unwritten';

export interface Extent {
  readonly block: number;
  /** Changed by replacing the extent in the map, never in place (the map's footprint relies on it). */
  readonly state: ExtentState;
  /** Allocated by fallocate (kept past EOF when a file is closed; XFS's PREALLOC). */
  readonly fallocated?: boolean;
}

const EXTENT_RUNS: RunValue<Extent> = {
  shift: (e, d) => (d === 0 ? e : { ...e, block: e.block + d }),
  same: (a, b) => a.block === b.block && a.state === b.state && !a.fallocated === !b.fallocated,
};

export class ExtentMap {
  private readonly map = new RunMap(EXTENT_RUNS);

  constructor(
    private readonly sim: AccessRecorder,
    /** The footprint key; '' when the run records no footprints. */
    private readonly key: string,
  ) {}

  get(fb: number): Extent | undefined {
    if (this.key) this.sim.access(`${this.key}:${fb}`, 'read');
    return this.map.get(fb);
  }

  has(fb: number): boolean {
    if (this.key) this.sim.access(`${this.key}:${fb}`, 'read');
    return this.map.has(fb);
  }

  set(fb: number, ext: Extent): this {
    this.changed(fb);
    this.map.set(fb, fb + 1, ext);
    return this;
  }

  delete(fb: number): boolean {
    this.changed(fb);
    const had = this.map.has(fb);
    this.map.set(fb, fb + 1, undefined);
    return had;
  }

  /** delete() of every file block in [from, to), at the cost of the runs there. */
  deleteRange(from: number, to: number): void {
    if (this.key) for (let fb = from; fb < to; fb++) this.changed(fb);
    this.map.set(from, to, undefined);
  }

  /**
   * Maps `count` file blocks from `fb` on to device blocks from `ext.block` on: a file's
   * initial contents, created before the run starts (no step, so no footprint).
   */
  setRange(fb: number, count: number, ext: Extent): void {
    this.map.set(fb, fb + count, ext);
  }

  /** Number of file blocks mapped. */
  get size(): number {
    if (this.key) this.sim.access(this.key, 'read');
    return this.map.size;
  }

  /** The runs of mapped file blocks meeting [from, to), ascending: `value` is the extent of `start`. */
  runs(from?: number, to?: number): Generator<Run<Extent>, void, void> {
    if (this.key) this.sim.access(this.key, 'read');
    return this.map.runs(from, to);
  }

  /** Block by block, ascending; a whole file's worth for a filled file: small views only. */
  *entries(): Generator<[number, Extent], void, void> {
    // A snapshot of the runs: a caller may change the map while it walks it.
    for (const r of [...this.runs()]) for (let fb = r.start; fb < r.end; fb++) yield [fb, EXTENT_RUNS.shift(r.value, fb - r.start)];
  }

  *keys(): Generator<number, void, void> {
    for (const [fb] of this.entries()) yield fb;
  }

  [Symbol.iterator](): Generator<[number, Extent], void, void> {
    return this.entries();
  }

  private changed(fb: number): void {
    if (!this.key) return;
    this.sim.access(`${this.key}:${fb}`);
    this.sim.access(this.key, 'add');
  }
}
