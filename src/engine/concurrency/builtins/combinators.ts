/**
 * Waiting for many: gather / Promise.all / allSettled / any / race start everything at once and settle by their
 * rule; asyncio.wait returns (done, pending) when `return_when` holds or `timeout` passes, cancelling nothing;
 * as_completed hands results over as they finish; a TaskGroup waits for its tasks and a failure cancels the rest.
 */
import { operation, startCoroutine } from '../calls';
import { block, itemsOf } from '../interpreter';
import type { Line, Stmt } from '../model';
import type { Simulation } from '../simulation';
import { Effect, Env, Resumption, SimError, SimTask, Value } from '../values';

export type CombineMode = 'all' | 'allSettled' | 'any' | 'race';

/** `gather(*aws)`, `Promise.all(xs)` and friends: a hidden task that settles as its mode says. */
export function combinator(sim: Simulation, task: SimTask, builtin: 'gather' | CombineMode, args: Value[], keywords: Record<string, Value>, label: string, line: Line): Value {
  const items = builtin === 'gather' ? args : itemsOf(sim, args[0] ?? null, line);
  const children = items.map(item => startCoroutine(sim, item, task));
  const returnExceptions = builtin === 'gather' && keywords.return_exceptions === true;
  const mode: CombineMode = builtin === 'gather' ? (returnExceptions ? 'allSettled' : 'all') : builtin;
  return { t: 'task', task: combine(sim, task, children, mode, returnExceptions, label, line) };
}

/** A hidden task that settles as gather / Promise.all / allSettled / any / race over `children`. */
function combine(sim: Simulation, parent: SimTask, children: SimTask[], mode: CombineMode, returnExceptions: boolean, label: string, line: Line): SimTask {
  const scheduler = sim.scheduler;
  const combined = scheduler.spawn(label, line, parent, undefined, { depth: parent.depth, callChain: parent.callChain }, true);
  // Counted as children finish, in completion order (the first to finish decides a race): O(1) per child.
  let doneCount = 0;
  let firstDone: SimTask | undefined;
  let firstFailed: SimTask | undefined;
  let firstFulfilled: SimTask | undefined;
  const settle = () => {
    if (combined.done) return;
    if (mode === 'race' && firstDone) return scheduler.finish(combined, firstDone.result!);
    if (mode === 'any') {
      if (firstFulfilled) return scheduler.finish(combined, firstFulfilled.result!);
      if (doneCount === children.length) return scheduler.finish(combined, { error: new SimError('AggregateError', line) });
      return;
    }
    if (mode === 'all' && firstFailed) return scheduler.finish(combined, firstFailed.result!);
    if (doneCount === children.length) {
      const items = children.map(c => {
        const r = c.result!;
        if ('value' in r) return returnExceptions || mode !== 'allSettled' ? r.value : ({ t: 'object', properties: new Map<string, Value>([['status', 'fulfilled'], ['value', r.value]]) } as Value);
        return returnExceptions ? ({ t: 'unknown', text: r.error.name, line } as Value) : ({ t: 'object', properties: new Map<string, Value>([['status', 'rejected']]) } as Value);
      });
      scheduler.finish(combined, { value: { t: 'list', items } });
    }
  };
  const record = (child: SimTask) => {
    doneCount++;
    firstDone ??= child;
    if ('error' in child.result!) firstFailed ??= child;
    else firstFulfilled ??= child;
  };
  for (const child of children) {
    if (child.done) record(child);
    else child.onDone.push(() => { record(child); settle(); });
  }
  if (children.length === 0) scheduler.finish(combined, { value: { t: 'list', items: [] } });
  else settle();
  combined.children = children;
  return combined;
}

/** `asyncio.wait(aws, timeout=, return_when=)` */
export function wait(sim: Simulation, task: SimTask, args: Value[], keywords: Record<string, Value>, label: string, line: Line): Value {
  const children = itemsOf(sim, args[0] ?? null, line).map(item => startCoroutine(sim, item, task));
  const timeout = args[1] ?? keywords.timeout ?? null;
  const mode = keywords.return_when ?? 'ALL_COMPLETED';
  const deadline = typeof timeout === 'number' ? sim.now + timeout : undefined;
  return operation(sim, label, line, function* () {
    const holds = () => {
      const done = children.filter(c => c.done);
      if (mode === 'FIRST_COMPLETED') return done.length > 0;
      if (mode === 'FIRST_EXCEPTION' && done.some(c => 'error' in c.result!)) return true;
      return done.length === children.length;
    };
    while (!holds() && (deadline === undefined || sim.now < deadline)) {
      yield sim.scheduler.awaitAnyUntil(children.filter(c => !c.done), deadline, label, line);
    }
    const asList = (tasks: SimTask[]): Value => ({ t: 'list', items: tasks.map(c => ({ t: 'task', task: c }) as Value) });
    return { t: 'list', items: [asList(children.filter(c => c.done)), asList(children.filter(c => !c.done))] };
  });
}

/** `asyncio.as_completed(aws)`: one awaitable per task; the k-th resolves with the k-th task to finish. */
export function asCompleted(sim: Simulation, task: SimTask, args: Value[], label: string, line: Line): Value {
  const children = itemsOf(sim, args[0] ?? null, line).map(item => startCoroutine(sim, item, task));
  const completed: SimTask[] = [];
  for (const child of children) child.onDone.push(() => completed.push(child));
  return {
    t: 'list', items: children.map((_, k) => operation(sim, label, line, function* () {
      while (completed.length <= k) yield sim.scheduler.awaitAny(children.filter(c => !c.done), label, line);
      const result = completed[k].result!;
      if ('error' in result) throw result.error;
      return result.value;
    })),
  };
}

/** `async with asyncio.TaskGroup() as tg:` */
export function* withTaskGroup(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'with' }>, group: Extract<Value, { t: 'taskGroup' }>, env: Env): Generator<Effect, void, Resumption> {
  if (statement.name) env.declare(statement.name, group);
  let failure: SimError | undefined;
  try {
    yield* block(sim, task, statement.body, env);
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    failure = error;
  }
  // Leaving the block waits for every task; the first failure cancels the rest (TaskGroup's contract).
  for (;;) {
    const open = group.tasks.filter(t => !t.done);
    const failed = group.tasks.find(t => t.done && t.result && 'error' in t.result && t.result.error.name !== 'CancelledError');
    if (failed && !failure) {
      failure = (failed.result as { error: SimError }).error;
      for (const t of open) sim.scheduler.cancel(t);
    }
    if (open.length === 0) break;
    try {
      yield sim.scheduler.awaitAny(open, `async with TaskGroup`, statement.line);
    } catch (error) {
      // Cancelled while waiting (a timeout around the block): the group cancels its tasks and waits for them.
      if (!(error instanceof SimError) || error.name !== 'CancelledError') throw error;
      failure = error;
      for (const t of open) sim.scheduler.cancel(t);
    }
  }
  if (failure) throw failure.name === 'CancelledError' ? failure : new SimError(failure.name, failure.line);
}
