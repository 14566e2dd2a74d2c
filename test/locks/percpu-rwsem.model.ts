/**
 * A reference model of the percpu_rw_semaphore rules, written independently of
 * src/locks/percpu-rwsem.ts as a plain state machine per context: where each operation may
 * stop (its scheduling points) and what it changes at each. `step(id)` is called once per
 * resumption of that context's current operation and says whether it yields again.
 */
export type PercpuOp = 'read' | 'tryread' | 'write' | 'up_read' | 'up_write';

type Pc = 'read-slow' | 'read-queued' | 'write-start' | 'write-gp' | 'write-queued' | 'write-drain' | 'up-write';

export class PercpuModel {
  gp = 0;
  count = 0;
  block = false;
  writer: number | null = null;
  readers: number[] = [];
  queue: { id: number; reader: boolean; granted: boolean }[] = [];
  rcuwait: number | null = null;
  private readonly pc = new Map<number, Pc>();
  private readonly granted = new Set<number>();

  /** Starts `op` in context `id`; returns true if it yields (stays in progress), and a trylock's result. */
  invoke(id: number, op: PercpuOp): { yields: boolean; result?: boolean } {
    switch (op) {
      case 'read':
        if (this.gp === 0) {
          this.addReader(id);
          return { yields: false };
        }
        this.pc.set(id, 'read-slow');
        return { yields: true };
      case 'tryread':
        if (this.gp === 0 || !this.block) {
          this.addReader(id);
          return { yields: false, result: true };
        }
        return { yields: false, result: false };
      case 'up_read':
        this.count--;
        this.readers.splice(this.readers.indexOf(id), 1);
        return { yields: false };
      case 'write':
        this.pc.set(id, 'write-start');
        return { yields: true };
      case 'up_write':
        this.pc.set(id, 'up-write');
        return { yields: true };
    }
  }

  /** Resumes context `id`'s operation; returns whether it yields again. */
  resume(id: number): boolean {
    const pc = this.pc.get(id)!;
    switch (pc) {
      case 'read-slow':
        if (!this.block) {
          this.addReader(id);
          return this.done(id);
        }
        this.queue.push({ id, reader: true, granted: false });
        this.pc.set(id, 'read-queued');
        return true;
      case 'read-queued':
        return this.granted.delete(id) ? this.done(id) : true;
      case 'write-start':
        if (this.gp++ === 0) {
          this.pc.set(id, 'write-gp');
          return true;
        }
        return this.writeTry(id);
      case 'write-gp':
        return this.writeTry(id);
      case 'write-queued':
        return this.granted.delete(id) ? this.drain(id) : true;
      case 'write-drain':
        return this.drain(id);
      case 'up-write': {
        this.writer = null;
        this.block = false;
        while (this.queue.length > 0) {
          const head = this.queue[0]!;
          if (this.block) break; // a trylock fails only once a writer got block
          this.queue.shift();
          this.granted.add(head.id);
          if (head.reader) this.addReader(head.id);
          else {
            this.block = true;
            break;
          }
        }
        this.gp--;
        return this.done(id);
      }
    }
  }

  private writeTry(id: number): boolean {
    if (!this.block) {
      this.block = true;
      return this.drain(id);
    }
    this.queue.push({ id, reader: false, granted: false });
    this.pc.set(id, 'write-queued');
    return true;
  }

  private drain(id: number): boolean {
    if (this.count > 0) {
      this.rcuwait = id;
      this.pc.set(id, 'write-drain');
      return true;
    }
    this.rcuwait = null;
    this.writer = id;
    return this.done(id);
  }

  private addReader(id: number): void {
    this.count++;
    this.readers.push(id);
  }

  private done(id: number): false {
    this.pc.delete(id);
    return false;
  }
}
