/**
 * A bare file system on the generic DIO layer, for testing iomap-dio.ts alone: iomap_begin maps
 * the extent or allocates a new block for a write into a hole; the dio ops only log where they
 * run; its completion is two steps, `end_io_irq` (in the interrupt, when the completion starts
 * there) and `end_io` (converts the I/O's unwritten blocks and updates i_size). No lock is taken.
 */
import { RequestQueue } from '../../src/aio/blk-queue.js';
import { newKiocb } from '../../src/aio/aio.js';
import {
  type CompletionStart,
  type DioCompletion,
  type IomapDio,
  type IomapDioOps,
  type IomapMapping,
  type IomapOps,
  KI_COMPLETE,
  iomap_dio_rw,
} from '../../src/aio/iomap-dio.js';
import type { Context } from '../../src/sim/context.js';
import type { Sim } from '../../src/sim/sim.js';
import type { Strategy } from '../../src/sim/strategy.js';
import type { Inode } from '../../src/vfs/inode.js';
import type { Kiocb } from '../../src/vfs/kiocb.js';
import type { SuperBlock } from '../../src/vfs/superblock.js';
import { volume } from '../vfs/world.js';

export const BS = 4096;

/** Runs a submitter ('process') or a completion (irq, kworker) whenever one is enabled, else the first enabled context. */
export function prefer(who: 'process' | 'completion'): Strategy {
  const wanted = (c: Context) => (c.kind === 'process') === (who === 'process');
  return { name: `prefer-${who}`, pickContext: (enabled) => Math.max(0, enabled.findIndex(wanted)), sample: (min) => min };
}

type BareStep = 'end_io_irq' | 'end_io';

class BareFs implements IomapOps, IomapDioOps<unknown, BareStep> {
  readonly log: string[] = [];
  constructor(
    readonly sb: SuperBlock,
    readonly q: RequestQueue,
  ) {}

  /** Logs where an op runs, and how many bios were still in flight then. */
  private note(what: string): void {
    this.log.push(`${what} (${this.sb.sim.current.kind}, ${this.q.inflight} in flight)`);
  }

  *iomap_begin(inode: Inode, fileBlock: number, write: boolean): Sim<IomapMapping | null> {
    yield 'iomap_begin';
    const ext = inode.extents.get(fileBlock);
    if (ext) return { state: ext.state, block: ext.block, isNew: false };
    if (!write) return { state: 'hole', block: -1, isNew: false };
    const block = this.sb.alloc.alloc({ ino: inode.ino, fileBlock });
    if (block === null) return null;
    inode.extents.set(fileBlock, { block, state: 'unwritten' });
    return { state: 'unwritten', block, isNew: true };
  }

  *dio_begin(_dio: IomapDio): Sim<void> {
    this.note('dio_begin');
  }

  /** A scheduling point, as a lock hand-off with a CPU cost is: completions may run before the bias drops. */
  *before_async_return(_dio: IomapDio): Sim<void> {
    yield 'before_async_return';
    this.note('before_async_return');
  }

  completion(_dio: IomapDio, start: CompletionStart): DioCompletion<BareStep> {
    return { irq: start === 'irq' ? ['end_io_irq'] : [], complete: ['end_io', KI_COMPLETE] };
  }

  *end_io_step(step: BareStep, dio: IomapDio): Sim<void> {
    this.note(step);
    if (step === 'end_io_irq') return;
    for (const [fb, ext] of dio.inode.extents) if (ext.state === 'unwritten') dio.inode.extents.set(fb, { block: ext.block, state: 'mapped' });
    const end = dio.pos + dio.count;
    if (dio.iocb.dir === 'write' && end > dio.inode.i_size) this.sb.i_size_write(dio.inode, end);
  }
}

export interface DioRequest {
  readonly dir?: 'read' | 'write';
  readonly pos: number;
  readonly count: number;
  readonly sync?: boolean;
}

/** A volume with one file /f, a request queue and the bare file system; `dio()` spawns a submitter. */
export function dioWorld(options: { strategy: Strategy; queueDepth?: number; latencyUs?: number }) {
  const v = volume({ blockSize: BS, blocks: 16, strategy: options.strategy });
  const { sim, sb } = v;
  const q = new RequestQueue(sb, { queueDepth: options.queueDepth ?? 8, latency: { min: options.latencyUs ?? 100, max: options.latencyUs ?? 100 } });
  const fs = new BareFs(sb, q);
  const file = sb.newInode('/f');
  const completions: Array<{ id: string; result: number; kind: string }> = [];
  /** Spawns task `name` running iomap_dio_rw for `req`; `returned` gets iomap_dio_rw's return value. */
  const dio = (name: string, req: DioRequest) => {
    const out: { returned?: number; iocb?: Kiocb; task?: Context } = {};
    function* submit() {
      const io = { id: name, inode: file, dir: req.dir ?? 'write', pos: req.pos, count: req.count, fill: 'W'.charCodeAt(0), direct: true } as const;
      const notify = (done: Kiocb) => completions.push({ id: done.id, result: done.result!, kind: sim.current.kind });
      const iocb = newKiocb(sim, sim.current, io, req.sync ?? false, notify);
      out.iocb = iocb;
      out.returned = yield* iomap_dio_rw(sb, q, iocb, fs, fs);
    }
    out.task = sim.spawn('process', name, submit());
    return out;
  };
  /** Gives file block `fb` a written block of `fill` (initial contents). */
  const mapped = (fb: number, fill: string) => {
    const block = sb.alloc.alloc({ ino: file.ino, fileBlock: fb })!;
    sb.dev.fill(block, 0, BS, fill.charCodeAt(0));
    file.extents.set(fb, { block, state: 'mapped' });
    return block;
  };
  /** The bytes of device block `block`, runs compressed: "1000×. 1000×W 2096×.". */
  const contents = (block: number) => {
    const buf = Buffer.alloc(BS);
    sb.readBlock(block, 0, BS, buf, 0);
    const runs: string[] = [];
    for (let i = 0; i < BS; ) {
      let j = i;
      while (j < BS && buf[j] === buf[i]) j++;
      runs.push(`${j - i}×${buf[i] === 0 ? '.' : String.fromCharCode(buf[i]!)}`);
      i = j;
    }
    return runs.join(' ');
  };
  return { ...v, q, fs, file, completions, dio, mapped, contents };
}
