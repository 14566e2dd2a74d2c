import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/catalog.js';
import { Session } from '../../src/play/session.js';

const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.110001T7~h0P800V400zb2~60wd00V100O811.e2';

function narration(token: string): readonly string[] {
  const scenario = loadScenario(token.split('@')[0]!);
  return Session.fromToken({ ref: scenario.name, scenario }, token, null).state().narration;
}

describe('narration', () => {
  test("one line per step, from the step's trace events: the kernel function, its lock and outcome, then what else happened", () => {
    const lines = narration(TOKEN);
    expect(lines).toHaveLength(64);
    expect(lines).toContain('admin/2: down_write(i_rwsem (ino 12)) → must wait (queued)');
    expect(lines).toContain('admin/2: down_write(i_rwsem (ino 12)) → acquired');
    expect(lines).toContain('app/1: inode_dio_begin(i_dio_count (ino 12)) → 1');
    expect(lines).toContain(
      'admin/2: xfs_itruncate_extents; frees block 3 (ino 12 file block 3); frees block 2 (ino 12 file block 2); frees block 1 (ino 12 file block 1)',
    );
    // The waker's step says whom it woke; the late write's interrupt says where its data landed.
    expect(lines).toContain(
      'app/1: up_read(i_rwsem (ino 12)) → released; wakes admin/2; io_submit() returns 1 to user space; enters io_getevents(); sleeps: waits for io_getevents of app',
    );
    expect(lines.find((l) => l.startsWith('irq/blk#1/3: starts;'))).toContain(
      "VERDICT freed-block-write; completes bio #1: 4096 B of 'W' land in block 3 (for w1)",
    );
  });

  test("a reader granted by the waker is named in the waker's step; a lock event of a step that is not a lock call is a clause", () => {
    // hold-downgrade: the downgrade grants the queued reader.
    const scenario = loadScenario('allocating-aio-writers');
    const s = new Session({ ref: scenario.name, scenario }, 'hold-downgrade');
    s.runToEnd(1);
    const lines = s.state().narration;
    expect(lines).toContain(
      'guest1/1: downgrade_write(i_rwsem (ino 12)) → downgraded to read; reader/4 is granted i_rwsem (ino 12) (read); wakes reader/4; hands off i_rwsem (ino 12) (read); io_submit() returns 1 to user space; enters io_submit()',
    );
    expect(lines).toContain('reader/4: iomap_begin; hands off i_rwsem (ino 12) (read); takes over the handed-off i_rwsem (ino 12) (read)');
  });
});
