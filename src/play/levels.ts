/**
 * The playground's levels, as data: each workshop exercise (docs/workshop/) and each historic
 * bug (src/fs-impls/schemes.ts) is a level with a goal the oracles decide (goal.ts), like the
 * Deadlock Empire's. A new level is one entry here: a catalog scenario, a scheme, the story, the
 * goal, and what the win screen explains. The kernel fix of a bug level comes from the scheme's
 * own `history`. The page shows the levels whose scenario it carries, in this order.
 */
import type { VerdictKind } from '../sim/verdict.js';
import type { Goal } from './goal.js';

export type Track = 'workshop' | 'bugs' | 'proofs' | 'locks';

export interface Level {
  /** Stable: the key of the player's progress and of `#level=<id>` links. */
  readonly id: string;
  readonly track: Track;
  readonly title: string;
  /** A built-in scenario's name. */
  readonly scenario: string;
  readonly fs: string;
  /** The workshop page this level plays (docs/workshop/<exercise>.md). */
  readonly exercise?: string;
  /** The situation, in two or three sentences. */
  readonly story: string;
  /** The goal as the player reads it. */
  readonly task: string;
  readonly goal: Goal;
  /** A nudge, shown when asked for. */
  readonly tip: string;
  /** The win screen: what happened and why it matters. */
  readonly explain: string;
  /** How the kernel fixed it (bug levels; the commit comes from the scheme's history). */
  readonly fix?: string;
}

/** Verdicts that mean data or metadata was damaged: what a "prove it can't happen" level forbids. */
export const DATA_VERDICTS: readonly VerdictKind[] = ['freed-block-write', 'stale-data', 'not-linearizable', 'fsck', 'use-after-free'];

const I_RWSEM = 'i_rwsem (ino 12)';

export const LEVELS: readonly Level[] = [
  {
    id: 'writer-bias',
    track: 'workshop',
    title: 'rwsem writer bias',
    scenario: 'mixed-aio-workload',
    fs: 'diocount',
    exercise: '01-rwsem-writer-bias',
    story: 'Four tasks share /a. Aligned overwrites take i_rwsem shared; the sub-block write, the appender and admin (punch hole, truncate) need it exclusive.',
    task: 'Make a task queue for i_rwsem in shared mode although only readers hold it, because a writer is already waiting.',
    goal: {
      kind: 'reach',
      clean: false,
      events: [{ match: { type: 'lock', op: 'contend', mode: 'read', lock: I_RWSEM }, lock: { heldBy: 'read', queued: 'write' } }],
    },
    tip: 'Let one task take i_rwsem shared, then run a task that needs it exclusive until it queues, then a reader.',
    explain:
      'The read fast path (rwsem_read_trylock) fails whenever anyone is queued, even when only readers hold the lock: the queued writer would starve under a stream of readers otherwise. The reader sleeps behind the writer; when the holders leave, the writer at the head is woken (not granted: it must win the lock when it runs), and readers at the head are granted in a batch.',
  },
  {
    id: 'lockdep-splats',
    track: 'workshop',
    title: 'Reading lockdep splats',
    scenario: 'hold-naive-splats',
    fs: 'hold-naive',
    exercise: '02-lockdep-splats',
    story: 'app submits an AIO write and an AIO read while holding i_rwsem until each completes; the completion releases it with a plain up_read.',
    task: 'Make lockdep report all three splats: a lock held at the return to user space, a bad unlock, and recursive locking.',
    goal: {
      kind: 'verdict',
      verdicts: [
        { kind: 'lockdep', subkind: 'held-at-user-return' },
        { kind: 'lockdep', subkind: 'bad-unlock' },
        { kind: 'lockdep', subkind: 'recursive-locking' },
      ],
    },
    tip: 'app must submit its second AIO while the first one still holds i_rwsem.',
    explain:
      "Each splat names the task and the rule: app returned from io_submit holding i_rwsem (rule: no lock held at the return to user space); a completion context released a lock lockdep never saw it take (rule: the releaser is the taker); app took i_rwsem again while lockdep believed it still held it. No data was damaged: the lock really is held until each I/O ends. Only lockdep's bookkeeping is wrong, and a kernel turns lockdep off after its first splat.",
  },
  {
    id: 'dio-drain',
    track: 'workshop',
    title: 'i_dio_count and its drain',
    scenario: 'truncate-vs-aio-write',
    fs: 'diocount',
    exercise: '03-i-dio-count',
    story: 'app overwrites the last block of /a with an AIO and returns while it is in flight; admin truncates /a to one block.',
    task: "Make admin's truncate wait in inode_dio_wait for app's write, then finish the run with no verdict.",
    goal: { kind: 'reach', clean: true, events: [{ match: { type: 'dio-count', op: 'wait', name: 'i_dio_count (ino 12)' }, by: 'admin' }] },
    tip: "Let app submit w1 first (its bio goes in flight), then run admin's truncate.",
    explain:
      'admin holds i_rwsem exclusive while it waits: no new direct I/O can start (submission needs i_rwsem), so the count only goes down. The completion (hard-irq here) calls inode_dio_end, the count reaches zero, and only then are the blocks freed. A drain, not a lock.',
  },
  {
    id: 'missed-drain',
    track: 'workshop',
    title: 'A missed drain: truncate (xfs, 2008)',
    scenario: 'truncate-vs-aio-write',
    fs: 'bug-truncate-nowait',
    exercise: '04-missed-drain-truncate',
    story: 'The same race, but this truncate does not call inode_dio_wait. Freed blocks go back to the allocator last-in first-out: the next file gets them.',
    task: "Make app's write w1 land in a block that belongs to another file (freed-block-write).",
    goal: { kind: 'verdict', verdicts: [{ kind: 'freed-block-write' }] },
    tip: "Submit w1, truncate /a, let admin create /b and write it (it gets the freed blocks), and only then fire w1's completion interrupt.",
    explain:
      "w1's bio was aimed at /a's file block 3. Truncate freed that device block, /b got it, and the late write overwrote /b's data. Every system call succeeded: silent corruption, found only because the ownership oracle checks every write against the block's owner at that instant.",
    fix: 'Truncate waits for in-flight direct I/O (inode_dio_wait) after taking i_rwsem exclusive and before freeing blocks.',
  },
  {
    id: 'unaligned-race',
    track: 'workshop',
    title: 'Unaligned writes into one block (2011)',
    scenario: 'unaligned-aio-same-block',
    fs: 'bug-unaligned-race',
    exercise: '05-unaligned-writes',
    story: 'qemu submits two 512-byte AIO writes into the same new block. Each must zero the rest of the block around its data; nothing serializes them.',
    task: "Order the completions so that one write's zeroing wipes the other's data (not-linearizable).",
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: "Complete the second write's data before the first write's zeroing bio.",
    explain:
      "Both writes zeroed the parts of the block they did not write. Whichever zeroing reached the disk last erased the other's data: no order of the two writes and the read explains the zeros the read returned.",
    fix: 'Sub-block direct writes are serialized against all other direct I/O on the inode (ext4 and xfs, 2011).',
  },
  {
    id: 'fallocate-isize',
    track: 'workshop',
    title: 'fallocate and i_size (xfs 2019, generic/586)',
    scenario: 'fallocate-vs-appending-aio',
    fs: 'bug-fallocate-isize',
    exercise: '06-fallocate-isize',
    story: "qemu appends 8 KiB with an AIO; admin's fallocate extends the file to 4 KiB. This fallocate computes the new size before it drains.",
    task: 'Make fallocate cut the appended data off (not-linearizable: the final size no order explains).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: "Submit the append, let admin's fallocate sample i_size, then complete the append before fallocate wakes.",
    explain:
      'The damage was decided when fallocate read i_size (0) and chose 4096 as the new size, before inode_dio_wait. The append completed and moved i_size to 8192; fallocate woke and set 4096: a truncate that removed the appended data. QEMU users lost data.',
    fix: 'fallocate computes the new size after inode_dio_wait, from the drained i_size.',
  },
  {
    id: 'hold-truncate',
    track: 'workshop',
    title: 'Hold i_rwsem until completion: the RFC',
    scenario: 'truncate-vs-aio-write',
    fs: 'hold',
    exercise: '07-hold-until-complete',
    story:
      "Hellwig's RFC: the AIO keeps i_rwsem held until it completes (a lockdep hand-off gives the hold to the completion), so there is no i_dio_count and no drain.",
    task: "Try exercise 4's attack under hold: make admin's truncate ask for i_rwsem while w1 is in flight, and finish the run. Find an order that corrupts data — you can't. Why?",
    goal: {
      kind: 'prove',
      forbidden: DATA_VERDICTS,
      preemptions: 1,
      attempt: [{ match: { type: 'lock', op: 'contend', mode: 'write', lock: I_RWSEM }, by: 'admin', lock: { heldBy: 'read' } }],
    },
    tip: 'Submit w1 first: its hold is handed off to the I/O. Then run admin.',
    explain:
      "admin's down_write queued behind a read hold that belongs to the I/O in flight: taking i_rwsem exclusive is the drain. Only the completion's up_read lets truncate in, so no block is freed under the write.",
  },
  {
    id: 'hold-lockdep',
    track: 'proofs',
    title: 'The hand-off keeps lockdep quiet',
    scenario: 'hold-naive-splats',
    fs: 'hold',
    exercise: '07-hold-until-complete',
    story:
      "Exercise 2's program under hold: the same locking as hold-naive, plus the hand-off: rwsem_exit_hold at -EIOCBQUEUED, rwsem_reenter_hold in the completion.",
    task: "Let a completion take over a handed-off hold and finish the run. Find an order in which lockdep splats — you can't. Why?",
    goal: {
      kind: 'prove',
      forbidden: ['lockdep', ...DATA_VERDICTS],
      preemptions: 1,
      attempt: [{ match: { type: 'lock', op: 'handoff-enter', lock: I_RWSEM } }],
    },
    tip: 'Submit an AIO, then run its completion interrupt.',
    explain:
      "At -EIOCBQUEUED the task leaves the hold (lockdep release, lock still held), so it returns to user space holding nothing in lockdep's books; the completion re-enters the hold before releasing it. A re-entry is a transfer, not an acquisition: no dependency, no IRQ usage, no splat.",
  },
  {
    id: 'fence-eviction',
    track: 'workshop',
    title: "Gunthorpe's fence and inode eviction",
    scenario: 'fence-on-eviction',
    fs: 'fence',
    exercise: '08-fence',
    story: 'app closes /a while its write is in flight and admin unlinks it. The in-flight kiocb holds the last reference; eviction waits on the fence.',
    task: "Make the inode be evicted (the fence writer abandoned) and finish the run. Find an order with a use-after-free or a splat — you can't. Why?",
    goal: { kind: 'prove', forbidden: ['lockdep', ...DATA_VERDICTS], preemptions: 2, attempt: [{ match: { type: 'lock', op: 'abandon' } }] },
    tip: 'Run app (submit, close) and admin (unlink), then the completions and the kworker.',
    explain:
      "Eviction's beginWrite waits for every reader, wherever its hold went (the completion re-entered it); abandonWriter then lets the inode be freed write-held, and no tryBeginRead can ever succeed again. One primitive covers in-flight work and destruction, with writer bias and lockdep.",
  },
  {
    id: 'downgrade-cost',
    track: 'workshop',
    title: "Jan Kara's trade-off",
    scenario: 'allocating-aio-writers',
    fs: 'hold-downgrade',
    exercise: '09-jan-kara-trade-off',
    story: 'Three guests write into holes of a sparse image; hold-downgrade takes i_rwsem exclusive to submit, then downgrades to shared until completion.',
    task: 'Make a writer queue for i_rwsem exclusive behind a downgraded (shared) hold of an I/O in flight, then finish the run.',
    goal: {
      kind: 'reach',
      clean: true,
      events: [
        { match: { type: 'lock', op: 'downgrade', lock: 'i_rwsem (ino 12)' } },
        { match: { type: 'lock', op: 'contend', mode: 'write', lock: 'i_rwsem (ino 12)' }, lock: { heldBy: 'read' } },
      ],
    },
    tip: 'Let guest1 submit (it downgrades), then run guest2 before the completion interrupt.',
    explain:
      "Downgrading lets readers and pure overwrites in, but the next allocating writer needs i_rwsem exclusive to submit: it waits for the previous write's shared hold, which ends only at completion. Writer-to-writer serialization is unchanged, which is why hold-downgrade barely beats hold here.",
  },
  // Lock programs: the kernel's lock types and lockdep, no file system (scenarios/locks/).
  {
    id: 'lock-abba',
    track: 'locks',
    title: 'ABBA without the hang',
    scenario: 'lock-abba',
    fs: 'diocount',
    exercise: '02-lockdep-splats',
    story: 't1 takes mutex A then B; t2 takes B then A. Some orders hang; all of them are wrong.',
    task: 'Make lockdep report the circular dependency on a run that does not deadlock.',
    goal: { kind: 'verdict', verdicts: [{ kind: 'lockdep', subkind: 'circular-dependency' }], without: ['deadlock'] },
    tip: 'Let t1 take and release both mutexes before t2 starts.',
    explain:
      'lockdep recorded A→B while t1 held A, then saw t2 take A while holding B: the graph has a cycle, so some interleaving can deadlock — even though this one did not. lockdep proves deadlocks from the order of acquisitions, not from hangs; that is why it finds them in testing before they hang a machine.',
  },
  {
    id: 'lock-irq-inversion',
    track: 'locks',
    title: 'An interrupt on its own lock',
    scenario: 'lock-irq-inversion',
    fs: 'diocount',
    exercise: '02-lockdep-splats',
    story: 't1 takes spinlock S with interrupts on; the hard interrupt, which may fire at any moment, takes S too.',
    task: 'Fire the interrupt while t1 holds S.',
    goal: { kind: 'verdict', verdicts: [{ kind: 'deadlock' }] },
    tip: 'Let t1 take S, then run the interrupt.',
    explain:
      "The handler runs on t1's CPU and spins on S, which t1 holds and cannot release until the handler returns: a hard lockup. lockdep saw it coming on every schedule ({HARDIRQ-ON-W} -> {IN-HARDIRQ-W}); spin_lock_irq in t1 keeps the interrupt out while S is held.",
  },
  // Jason Gunthorpe's two claims on the fenced-object pattern (docs/locks.md §3b).
  {
    id: 'object-count-starves-destroyer',
    track: 'locks',
    title: 'Claim 1: a count without writer bias',
    scenario: 'object-count-starves-destroyer',
    fs: 'diocount',
    exercise: '10-writer-bias-fence',
    story:
      'The destroyer drops the initial reference and sleeps until the count reaches zero; the submitter takes a reference with atomic_inc_not_zero for each of its four works.',
    task: 'Keep the destroyer asleep while three more submissions get in (starvation).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'starvation' }] },
    tip: 'Let one submission in, then run the destroyer until it sleeps, then the submitter again; keep the kworkers waiting.',
    explain:
      'atomic_inc_not_zero only refuses once the count is zero, and one reference in flight keeps it above zero: every new submitter gets in past the sleeping destroyer, which can wait forever. The fence (object-fence-writer-bias) is an rwsem, whose trylock fails as soon as the destroyer waits: the writer bias.',
  },
  {
    id: 'object-fence-lockdep',
    track: 'locks',
    title: 'Claim 2: lockdep sees the fence',
    scenario: 'object-fence-lockdep',
    fs: 'diocount',
    exercise: '11-naked-completion',
    story: 'The destroyer holds dev_lock while it fences obj; the work item that ends the in-flight reader takes dev_lock.',
    task: 'Make lockdep report the circular dependency on a run that does not deadlock.',
    goal: { kind: 'verdict', verdicts: [{ kind: 'lockdep', subkind: 'circular-dependency' }], without: ['deadlock'] },
    tip: 'Let the submitter and its work item finish before the destroyer takes dev_lock.',
    explain:
      'The work item re-entered the reader, a lockdep re-acquire, then took dev_lock: obj → dev_lock. The destroyer took dev_lock then fenced obj: dev_lock → obj. A cycle, found on a run that completed. With an open-coded count and a completion (object-completion-deadlock), lockdep sees neither order: struct completion has no lockdep map.',
  },
  // The other historic bugs: each scheme's own scenario, one level each.
  {
    id: 'aio-freeze',
    track: 'bugs',
    title: 'Freeze protection dropped at submission (fs/aio.c, 2016)',
    scenario: 'freeze-vs-aio-write',
    fs: 'bug-aio-freeze',
    exercise: '12-freeze-protection',
    story:
      "app submits an AIO write into a hole; admin freezes the file system (FIFREEZE). This kernel ends the write's freeze protection when io_submit returns.",
    task: 'Make the write change the file system after freeze_super returned (frozen-write).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'frozen-write' }] },
    tip: "Let app submit, then run admin's freeze to the end, then the completion interrupt.",
    explain:
      'freeze_super found no writer holding sb_writers: the write had already let go, though its bio and its completion (extent conversion, i_size) were still to come. They changed a frozen file system.',
    fix: 'The AIO write keeps sb_writers until its completion (kiocb_start_write / kiocb_end_write), handing it over with __sb_writers_release / __sb_writers_acquired.',
  },
  {
    id: 'io-destroy-nowait',
    track: 'bugs',
    title: 'io_destroy returns with requests in flight (fs/aio.c, 2014)',
    scenario: 'io-destroy-vs-inflight-aio',
    fs: 'bug-io-destroy-nowait',
    story: 'app submits two AIO reads and destroys its AIO context. This kernel returns from io_destroy at once.',
    task: 'Make a read complete after io_destroy returned (use-after-free of its buffer).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'use-after-free' }] },
    tip: 'Run app to the end of io_destroy before any completion interrupt.',
    explain: 'io_destroy marked the context dead and returned; the application may then free the buffers, but the reads were still in flight and filled them.',
    fix: 'io_destroy waits for the requests in flight: a percpu_ref on them and a completion (ctx->rq_wait) — the open-coded count + completion.',
  },
  {
    id: 'unaligned-submit-only',
    track: 'bugs',
    title: 'Drained before submission only (2019, generic/538)',
    scenario: 'unaligned-then-aligned-aio',
    fs: 'bug-unaligned-submit-only',
    story: 'An unaligned AIO write drains before it submits, then drops i_rwsem; an aligned AIO write over the same block follows.',
    task: "Make the unaligned write's zeroing land after the aligned write's data (not-linearizable).",
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: 'Submit both writes, complete the aligned one first.',
    explain:
      "Nothing waited for the unaligned write once it was in flight: the aligned write took i_rwsem shared and ran alongside it, and the unaligned write's zeroing of the rest of its block erased the aligned write's data.",
    fix: 'Unaligned writes wait for the I/O they submitted before dropping the lock (drain after submission too).',
  },
  {
    id: 'unaligned-past-eof',
    track: 'bugs',
    title: 'Starts at EOF, so "not unaligned" (ext4, 2019)',
    scenario: 'unaligned-aio-past-eof',
    fs: 'bug-unaligned-past-eof',
    story:
      'A 512-byte AIO write starts exactly at EOF inside the EOF block; it is not treated as unaligned, so it is not serialized. A full-block write of the EOF block runs at once.',
    task: "Make the extending write's tail zeroing wipe the other write's data (not-linearizable).",
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: "Complete the full-block write's data before the small write's zeroing.",
    explain: 'The write past EOF zeroed the rest of its block, over the concurrent write of that block: data became zeros.',
    fix: 'An unaligned write is serialized even when it starts at or past EOF.',
  },
  {
    id: 'early-dio-end',
    track: 'bugs',
    title: 'i_dio_count dropped before the conversion (ext4, ~2011)',
    scenario: 'truncate-vs-unwritten-conversion',
    fs: 'bug-early-dio-end',
    story:
      'An extending AIO write into a hole needs its unwritten extent converted in a kworker after the I/O. This end_io drops i_dio_count in the interrupt, before the conversion.',
    task: 'Make truncate run between the interrupt and the conversion, so the conversion maps a block truncate freed (not-linearizable).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: "Run the completion interrupt, then admin's truncate, then the kworker.",
    explain:
      "Truncate's inode_dio_wait returned at once (the count was already 0), freed the blocks, and the late conversion mapped a recycled block still holding /a's old bytes: contents no order of truncate and write produces.",
    fix: 'i_dio_count drops only after the unwritten-extent conversion has run.',
  },
  {
    id: 'unlocked-read',
    track: 'bugs',
    title: 'A direct read without i_rwsem (ext4/btrfs, ~2012)',
    scenario: 'unlocked-read-vs-truncate',
    fs: 'bug-unlocked-read',
    story: "reader's AIO read maps /a's blocks without i_rwsem (dioread_nolock); admin truncates /a, creates /b and writes it.",
    task: "Make the read return /b's data (stale-data: an information leak).",
    goal: { kind: 'verdict', verdicts: [{ kind: 'stale-data' }] },
    tip: 'Let truncate pass its drain, submit the read, then let admin free, reuse and write the blocks before the read bios complete.',
    explain: "The read mapped blocks that truncate freed and /b reused; its bios returned /b's bytes to a reader of /a.",
    fix: 'Unlocked direct reads are serialized with truncate (they take part in i_dio_count under the lock truncate drains).',
  },
  {
    id: 'eof-zero-nodrain',
    track: 'bugs',
    title: 'EOF zeroing from a stale i_size (xfs 2015, generic/114)',
    scenario: 'eof-zeroing-vs-extending-aio',
    fs: 'bug-eof-zero-nodrain',
    story: 'An extending AIO write moves i_size only at completion; a write past EOF zeroes from i_size without draining it.',
    task: 'Make the EOF zeroing erase the extending write (not-linearizable).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: 'Let the extending write land, then the second write zero from the old i_size before i_size moves.',
    explain: 'The zeroing started at the old EOF, over the block the extending write had just written; i_size then moved past zeros.',
    fix: 'Extending and EOF-zeroing writes drain in-flight direct I/O first.',
  },
  {
    id: 'eofblocks-trim',
    track: 'bugs',
    title: 'close trims blocks an AIO still writes (xfs, ~2018)',
    scenario: 'close-trims-eofblocks',
    fs: 'bug-eofblocks-trim',
    story: "writer's extending AIO allocates blocks past EOF; backup opens and closes /a, and xfs_release trims post-EOF blocks without draining.",
    task: "Make the write's bios land in blocks the file gave up (freed-block-write).",
    goal: { kind: 'verdict', verdicts: [{ kind: 'freed-block-write' }] },
    tip: "Let the write submit, then backup's close trim, then the bios complete.",
    explain: 'The trim freed blocks that bios in flight were writing: the writes landed in free space.',
    fix: 'xfs_free_eofblocks waits for in-flight direct I/O (inode_dio_wait) before trimming.',
  },
  {
    id: 'complete-before-size',
    track: 'bugs',
    title: 'Completion before i_size (~2006, aio-dio-extend-stat)',
    scenario: 'extend-then-stat',
    fs: 'bug-complete-before-size',
    story: 'An extending AIO write reports its completion before it updates i_size; app then reads the file.',
    task: 'Make the read after io_getevents miss the completed write (not-linearizable).',
    goal: { kind: 'verdict', verdicts: [{ kind: 'not-linearizable' }] },
    tip: 'Let app reap the completion and read before the size update runs.',
    explain: 'User space was told the write was done, read the file, and found the old size: the completion was reported too early.',
    fix: 'The completion is reported to user space only after i_size has moved.',
  },
  // "Prove it can't happen": the fixes, checked by exhaustive search within a bound.
  {
    id: 'fallocate-fixed',
    track: 'proofs',
    title: 'The fixed fallocate',
    scenario: 'fallocate-vs-appending-aio',
    fs: 'diocount',
    story: "Exercise 6's race under the correct scheme: fallocate samples i_size after inode_dio_wait.",
    task: "Make admin's fallocate wait for the append in flight, and finish. Find an order that loses the appended data — you can't. Why?",
    goal: { kind: 'prove', forbidden: DATA_VERDICTS, preemptions: 2, attempt: [{ match: { type: 'dio-count', op: 'wait' }, by: 'admin' }] },
    tip: 'Submit the append, then run admin.',
    explain: 'Sampling i_size after the drain sees the appended size: fallocate never shrinks the file.',
  },
  {
    id: 'unaligned-serialized',
    track: 'proofs',
    title: 'Serialized sub-block writes',
    scenario: 'unaligned-aio-same-block',
    fs: 'diocount',
    story: "Exercise 5's two sub-block writes under diocount: each drains other direct I/O before and after it submits.",
    task: "Finish a run in which a sub-block write waited for the other. Find a completion order that zeroes data — you can't. Why?",
    goal: { kind: 'prove', forbidden: DATA_VERDICTS, preemptions: 2, attempt: [{ match: { type: 'dio-count', op: 'wait' } }] },
    tip: 'Submit both writes.',
    explain: "The second write cannot start until the first one's I/O, zeroing included, has completed: the zeroings never overlap.",
  },
];

export function levelNamed(id: string): Level | undefined {
  return LEVELS.find((l) => l.id === id);
}
