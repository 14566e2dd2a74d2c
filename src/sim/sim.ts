/**
 * Simulated kernel code is written as generator functions returning `Sim<T>`.
 *
 * Every `yield` is a scheduling point: a place where the real kernel could sleep or be
 * preempted. The yielded string labels the action the context will perform when it is
 * scheduled again ("down_read", "submit_bio", …); the interactive stepper shows it.
 * Composition is `yield*`, so kernel paths read top-down:
 *
 *     function* truncate(inode): Sim<void> {
 *       yield* down_write(inode.i_rwsem);
 *       yield* inode_dio_wait(inode.i_dio);
 *       ...
 *     }
 *
 * Generators make every interleaving explicit and replayable by re-execution, with no
 * promise hops (design §2).
 */
export type Sim<T = void> = Generator<string, T, void>;
