/**
 * A reference model of the rwsem rules, written independently of src/locks/rwsem.ts in the
 * plainest possible style: who holds, who waits in which order. Time never advances in the
 * property test, so the handoff bit (≈4 ms) never comes into play here; it has its own test.
 */
export type ModelOp = 'read' | 'write' | 'tryread' | 'trywrite' | 'up_read' | 'up_write' | 'downgrade';

export interface Waiting {
  readonly id: number;
  readonly type: 'read' | 'write';
}

export class RwsemModel {
  writer: number | null = null;
  readers: number[] = [];
  queue: Waiting[] = [];

  private held(): boolean {
    return this.writer !== null || this.readers.length > 0;
  }

  /** The operation `id` starts now, atomically. Returns the trylock result where there is one. */
  invoke(id: number, op: ModelOp): boolean | undefined {
    switch (op) {
      case 'read':
        if (this.writer === null && this.queue.length === 0) this.readers.push(id);
        else if (this.writer === null && this.readers.length === 0) {
          this.readers.push(id); // steals a free lock
          this.grantReadersAtHead(true);
        } else {
          this.queue.push({ id, type: 'read' });
          this.afterQueueing();
        }
        return undefined;
      case 'write':
        if (!this.held() && this.queue.length === 0) this.writer = id;
        else {
          this.queue.push({ id, type: 'write' });
          if (this.queue[0]!.id !== id) this.afterQueueing();
          this.writerTries(id);
        }
        return undefined;
      case 'tryread': {
        const ok = this.writer === null && this.queue.length === 0;
        if (ok) this.readers.push(id);
        return ok;
      }
      case 'trywrite': {
        const ok = !this.held() && this.queue.length === 0;
        if (ok) this.writer = id;
        return ok;
      }
      case 'up_read':
        this.readers.splice(this.readers.indexOf(id), 1);
        if (this.readers.length === 0) this.grantReadersAtHead(false);
        return undefined;
      case 'up_write':
        this.writer = null;
        this.grantReadersAtHead(false);
        return undefined;
      case 'downgrade':
        this.writer = null;
        this.readers.push(id);
        this.grantReadersAtHead(true);
        return undefined;
    }
  }

  /** `id` runs again after sleeping: a writer retries, a reader finds itself granted. */
  resume(id: number): void {
    if (this.queue.some((w) => w.id === id && w.type === 'write')) this.writerTries(id);
  }

  private writerTries(id: number): void {
    if (this.held()) return;
    this.queue = this.queue.filter((w) => w.id !== id);
    this.writer = id;
  }

  private afterQueueing(): void {
    if (this.writer === null) this.grantReadersAtHead(this.readers.length > 0);
  }

  /** If a reader is first in line, every queued reader gets the lock; a writer first is only woken. */
  private grantReadersAtHead(_readOwned: boolean): void {
    if (this.queue[0]?.type !== 'read' || this.writer !== null) return;
    const granted = this.queue.filter((w) => w.type === 'read').slice(0, 256);
    this.readers.push(...granted.map((w) => w.id));
    this.queue = this.queue.filter((w) => !granted.includes(w));
  }
}
