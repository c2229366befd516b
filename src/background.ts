/**
 * Work a request starts and its answer does not wait for (the bank four-element check of 银联认证找回,
 * whose time would otherwise tell whether an account exists). Each piece runs on this node; what
 * it throws goes to its `onError`, and anything that escapes that is dropped, so no rejection is
 * ever unhandled. `settled()` lets the server finish the work before its store closes, and tests
 * wait for it instead of sleeping. `inBackground()` tells a statement run by such work from one on a
 * request's path (the statement counts of test/integration/*-cost.test.ts leave the former out).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<true>();

/** Whether the caller runs inside work started by `BackgroundWork.run`. */
export const inBackground = (): boolean => scope.getStore() === true;

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  /** Starts `work` without waiting for it; a failure is handed to `onError`. */
  run(work: () => Promise<void>, onError: (err: unknown) => Promise<void>): void {
    const task: Promise<void> = scope
      .run(true, async () => {
        try {
          await work();
        } catch (err) {
          await onError(err);
        }
      })
      .catch(() => {
        // onError itself failed (the store closing under a stopping node): nothing left to tell.
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once everything started so far, and anything that started meanwhile, has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
