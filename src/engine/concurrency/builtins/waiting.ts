/**
 * What the builtins that make a task wait share: parking it in a list of waiters until another task calls the waiter
 * it left there (a queue's getters, an event's waiters), and the coroutine a native async method returns.
 */
import type { SimTask } from '../scheduler';
import { shorten } from '../text';
import { CallSite, CoroutineValue, Resumption, Value, Wait } from '../values';

export type Waiter = () => void;

/**
 * Waits in `waiters` until someone calls the waiter it leaves there; `state` says how the timeline draws the wait
 * (`blocked` on a full or empty queue, `waiting` for an event).
 */
export function* waitIn(waiters: Waiter[], state: Wait['state'], label: string, line: number): Generator<Wait, void, Resumption> {
  const outcome = (yield {
    state, label, line,
    register: resume => {
      const waiter = () => resume({ value: undefined });
      waiters.push(waiter);
      return () => { const i = waiters.indexOf(waiter); if (i >= 0) waiters.splice(i, 1); };
    },
  }) as Resumption;
  if ('error' in outcome) throw outcome.error;
}

/** The coroutine a native async method (`queue.get()`, `event.wait()`) returns, labelled with its call. */
export function nativeCoroutine(site: CallSite, run: (task: SimTask) => Generator<Wait, Value, Resumption>): CoroutineValue {
  return { t: 'coroutine', label: shorten(site.text), line: site.line, ownRow: false, run };
}
