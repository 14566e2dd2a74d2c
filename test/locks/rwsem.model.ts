/**
 * A reference model of the rwsem rules, written independently of src/locks/rwsem.ts in the
 * plainest possible style: who holds, who waits in which order, the handoff bit with its jiffy
 * deadline (time_after(jiffies, queued-at jiffy + DIV_ROUND_UP(HZ, 250))), and, with writer
 * spinning on, writers that spin unqueued for a window of `spinSteps` scheduling points.
 */
export type ModelOp = 'read' | 'write' | 'tryread' | 'trywrite' | 'up_read' | 'up_write' | 'downgrade';

export interface Waiting {
  readonly id: number;
  readonly type: 'read' | 'write';
  /** The jiffy after which this waiter may set the handoff bit. */
  readonly timeout: number;
  handoffSet: boolean;
}

export interface ModelConfig {
  readonly hz: number;
  /** 0: writers queue at once. */
  readonly spinSteps: number;
}

export class RwsemModel {
  writer: number | null = null;
  readers: number[] = [];
  queue: Waiting[] = [];
  handoff = false;
  /** Spinning writers and how many spins they have had. */
  private readonly spinning = new Map<number, number>();

  constructor(readonly config: ModelConfig = { hz: 1000, spinSteps: 0 }) {}

  private held(): boolean {
    return this.writer !== null || this.readers.length > 0;
  }

  private jiffies(now: number): number {
    return Math.floor(now / (1e9 / this.config.hz));
  }

  private enqueue(id: number, type: 'read' | 'write', now: number): void {
    this.queue.push({ id, type, timeout: this.jiffies(now) + Math.ceil(this.config.hz / 250), handoffSet: false });
  }

  /** The operation `id` starts now, atomically. Returns the trylock result where there is one. */
  invoke(id: number, op: ModelOp, now: number): boolean | undefined {
    switch (op) {
      case 'read':
        if (this.writer === null && this.queue.length === 0 && !this.handoff) this.readers.push(id);
        else if (this.writer === null && this.readers.length === 0 && !this.handoff) {
          this.readers.push(id); // steals a free lock, and brings the readers at the head along
          if (this.queue.length > 0) this.wake('read-owned');
        } else {
          this.enqueue(id, 'read', now);
          this.afterQueueing();
        }
        return undefined;
      case 'write':
        if (!this.held() && this.queue.length === 0 && !this.handoff) this.writer = id;
        else if (this.config.spinSteps > 0) {
          if (this.unqueuedTake(id)) return undefined;
          this.spinning.set(id, 1);
        } else this.queueWriter(id, now);
        return undefined;
      case 'tryread': {
        const ok = this.writer === null && this.queue.length === 0 && !this.handoff;
        if (ok) this.readers.push(id);
        return ok;
      }
      case 'trywrite': {
        const ok = !this.held() && this.queue.length === 0 && !this.handoff;
        if (ok) this.writer = id;
        return ok;
      }
      case 'up_read':
        this.readers.splice(this.readers.indexOf(id), 1);
        if (this.readers.length === 0 && this.queue.length > 0) this.wake('any');
        return undefined;
      case 'up_write':
        this.writer = null;
        if (this.queue.length > 0) this.wake('any');
        return undefined;
      case 'downgrade':
        this.writer = null;
        this.readers.push(id);
        if (this.queue.length > 0) this.wake('read-owned');
        return undefined;
    }
  }

  /** `id` runs again: a spinning writer spins once more, a queued writer retries, a reader finds itself granted. */
  resume(id: number, now: number): void {
    const spins = this.spinning.get(id);
    if (spins !== undefined) {
      if (this.unqueuedTake(id)) return;
      if (spins < this.config.spinSteps) this.spinning.set(id, spins + 1);
      else {
        this.spinning.delete(id);
        this.queueWriter(id, now);
      }
      return;
    }
    if (this.queue.some((w) => w.id === id && w.type === 'write')) this.writerTries(id, now);
  }

  /** A spinning writer takes a lock nobody holds, past the queue, unless the handoff bit is set. */
  private unqueuedTake(id: number): boolean {
    if (this.held() || this.handoff) return false;
    this.spinning.delete(id);
    this.writer = id;
    return true;
  }

  private queueWriter(id: number, now: number): void {
    this.enqueue(id, 'write', now);
    if (this.queue[0]!.id !== id) this.afterQueueing();
    this.writerTries(id, now);
  }

  private writerTries(id: number, now: number): void {
    const first = this.queue[0]!;
    const me = this.queue.find((w) => w.id === id)!;
    if (this.handoff && first.handoffSet && me !== first) return;
    if (this.held()) {
      if (this.handoff || !(this.jiffies(now) > me.timeout)) return;
      this.handoff = true;
      first.handoffSet = true;
      return;
    }
    this.queue = this.queue.filter((w) => w !== me);
    this.handoff = false;
    this.writer = id;
  }

  private afterQueueing(): void {
    if (this.writer === null) this.wake(this.readers.length > 0 ? 'readers' : 'any');
  }

  /** A reader first in line: every queued reader gets the lock (up to 256); a writer first is only woken. */
  private wake(type: 'any' | 'readers' | 'read-owned'): void {
    if (this.queue[0]?.type !== 'read') return;
    if (type !== 'read-owned' && this.writer !== null) return;
    const granted = this.queue.filter((w) => w.type === 'read').slice(0, 256);
    this.readers.push(...granted.map((w) => w.id));
    this.queue = this.queue.filter((w) => !granted.includes(w));
    if (granted.length > 0 || this.queue.length === 0) this.handoff = false;
  }
}
