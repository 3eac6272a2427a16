/**
 * Waiting for many: `gather` / `Promise.all` / `allSettled` / `any` / `race` start everything at once and settle
 * by their rule (gather's children keep running when one fails; cancelling gather cancels them; JavaScript cancels
 * nothing); `asyncio.wait` returns (done, pending) when `return_when` holds or `timeout` passes, cancelling
 * nothing; `as_completed` hands results over as they finish, and raises TimeoutError at its deadline; a TaskGroup
 * waits for its tasks, and the first failure cancels the others and the block (an ExceptionGroup at its end).
 */
import { cancelPromise, promiseOf, taskOf } from '../awaiting';
import { callValue } from '../calls';
import type { Context } from '../contexts';
import { settledPromise } from '../promises';
import { itemsOf } from '../iteration';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, CoroutineValue, done, list, NativeObject, PromiseValue, record, Resumption, Thrown, unbound, Value, Wait } from '../values';
import { newSet } from './collections';
import { cancelledError, exceptionGroup, exceptionInstance, isCancellation } from './exceptions';
import { native, Registry } from './index';

type Mode = 'all' | 'allSettled' | 'any' | 'race';

export function registerCombinators(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('gather', () => native('gather', function* (task, args, keywords, site) {
    const children: PromiseValue[] = [];
    for (const arg of args) children.push(yield* promiseOf(sim, task, arg, site));
    return combine(sim, children, keywords?.get('return_exceptions') === true ? 'gatherSettled' : 'all', site);
  }));
  for (const mode of ['all', 'allSettled', 'any', 'race'] as const) {
    builtins.set(mode, () => native(`Promise.${mode}`, function* (task, args, _k, site) {
      const children: PromiseValue[] = [];
      for (const item of yield* itemsOf(sim, task, args[0], site.line)) children.push(yield* promiseOf(sim, task, item, site));
      return combine(sim, children, mode, site);
    }));
  }
  builtins.set('resolve', () => native('Promise.resolve', (task, args, _k, site) => settledPromise(sim, task, { value: args[0] }, site)));
  builtins.set('createTask', () => native('create_task', (task, args, _k, site) => taskOf(sim, task, args[0], site)));
  builtins.set('shield', () => native('shield', (task, args, _k, site) => shield(sim, taskOf(sim, task, args[0], site), site)));
  builtins.set('wait', () => native('wait', function* (task, args, keywords, site) {
    const children: PromiseValue[] = [];
    for (const item of yield* itemsOf(sim, task, args[0], site.line)) children.push(taskOf(sim, task, item, site));
    // asyncio refuses an empty set: waiting on nothing would never end.
    if (children.length === 0) throw sim.error('ValueError', 'Set of Tasks/Futures is empty.', site.line);
    return waitCoroutine(sim, children, args[1] ?? keywords?.get('timeout'), keywords?.get('return_when') ?? 'ALL_COMPLETED', site);
  }));
  builtins.set('asCompleted', () => native('as_completed', function* (task, args, keywords, site) {
    const children: PromiseValue[] = [];
    for (const item of yield* itemsOf(sim, task, args[0], site.line)) children.push(taskOf(sim, task, item, site));
    return asCompleted(sim, children, args[1] ?? keywords?.get('timeout'), site);
  }));
  builtins.set('taskGroup', () => native('TaskGroup', () => ({ t: 'object', kind: 'taskGroup', tasks: [], errors: [], aborting: false, inBody: false })));
  registry.members.set('taskGroup', (group, name) => {
    if (name === 'create_task') return native(name, (task, args, _k, site) => addToGroup(sim, group, taskOf(sim, task, args[0], site)));
    if (name === 'start_soon') {
      return native(name, function* (task, args, keywords, site) {
        const coroutine = yield* callValue(sim, task, args[0], args.slice(1), keywords, site);
        addToGroup(sim, group, taskOf(sim, task, coroutine, site));
        return null;
      });
    }
    return unbound;
  });
  registry.contexts.set('taskGroup', (group, site) => taskGroupContext(sim, group, site));
}

/** A promise that settles as gather / Promise.all / allSettled / any / race over `children`. */
function combine(sim: Simulation, children: PromiseValue[], mode: Mode | 'gatherSettled', site: CallSite): PromiseValue {
  const scheduler = sim.scheduler;
  const combined = scheduler.newPromise(shorten(site.text), site.line, sim.language === 'python' ? 'future' : 'promise');
  combined.children = children;
  let doneCount = 0;
  const results = (): Value => list(children.map(child => {
    if (mode === 'allSettled') {
      return child.state === 'fulfilled'
        ? record(new Map<string, Value>([['status', 'fulfilled'], ['value', child.value]]))
        : record(new Map<string, Value>([['status', 'rejected'], ['reason', child.error!.value]]));
    }
    return child.state === 'fulfilled' ? child.value : child.error!.value;
  }));
  const settleOne = (child: PromiseValue) => {
    if (combined.state !== 'pending') return;
    doneCount++;
    if (mode === 'race') return scheduler.settle(combined, child.state === 'fulfilled' ? { value: child.value } : { error: child.error! });
    if (mode === 'any') {
      if (child.state === 'fulfilled') return scheduler.settle(combined, { value: child.value });
      if (doneCount === children.length) return scheduler.settle(combined, { error: new Thrown(exceptionInstance(sim, 'AggregateError', 'All promises were rejected'), site.line) });
      return;
    }
    if (mode === 'all' && child.state === 'rejected') return scheduler.settle(combined, { error: child.error! });
    if (doneCount === children.length) scheduler.settle(combined, { value: results() });
  };
  if (children.length === 0) {
    if (mode === 'any') scheduler.settle(combined, { error: new Thrown(exceptionInstance(sim, 'AggregateError', 'All promises were rejected'), site.line) });
    else if (mode !== 'race') scheduler.settle(combined, { value: list([]) });
    return combined;
  }
  for (const child of children) scheduler.whenSettled(child, settleOne);
  return combined;
}

/** `asyncio.shield(aw)`: a future that follows the task; cancelling it leaves the task running. */
function shield(sim: Simulation, inner: PromiseValue, site: CallSite): PromiseValue {
  const outer = sim.scheduler.newPromise(shorten(site.text), site.line, 'future');
  outer.shielded = true;
  sim.scheduler.whenSettled(inner, settled => sim.scheduler.settle(outer, settled.state === 'rejected' ? { error: settled.error! } : { value: settled.value }));
  return outer;
}

/** Waits until `holds()` or the deadline; the wait ends as soon as either comes, leaving no timer behind. */
function* waitUntil(sim: Simulation, children: PromiseValue[], holds: () => boolean, deadline: number | undefined, site: CallSite): Generator<Wait, boolean, Resumption> {
  while (!holds()) {
    if (deadline !== undefined && sim.now >= deadline) return false;
    const outcome = (yield {
      state: 'awaiting', label: shorten(site.text), line: site.line,
      register: resume => {
        const undo: Array<() => void> = [];
        const settle = () => { for (const u of undo) u(); resume({ value: undefined }); };
        for (const child of children) if (child.state === 'pending') undo.push(sim.scheduler.whenSettled(child, settle));
        if (deadline !== undefined) {
          const timer = sim.scheduler.schedule(deadline - sim.now, settle);
          undo.push(() => { timer.cancelled = true; });
        }
        return () => { for (const u of undo) u(); };
      },
    }) as Resumption;
    if ('error' in outcome) throw outcome.error;
  }
  return true;
}

/** `asyncio.wait(...)`: a coroutine that returns the sets (done, pending). */
function waitCoroutine(sim: Simulation, children: PromiseValue[], timeout: Value, returnWhen: Value, site: CallSite): CoroutineValue {
  const label = shorten(site.text);
  return {
    t: 'coroutine', label, line: site.line, ownRow: false,
    run: function* () {
      const deadline = typeof timeout === 'number' ? sim.now + timeout : undefined;
      const finished = () => children.filter(c => c.state !== 'pending');
      const holds = () => {
        if (returnWhen === 'FIRST_COMPLETED') return finished().length > 0;
        if (returnWhen === 'FIRST_EXCEPTION' && children.some(c => c.state === 'rejected')) return true;
        return finished().length === children.length;
      };
      yield* waitUntil(sim, children, holds, deadline, site);
      return list([newSet(finished()), newSet(children.filter(c => c.state === 'pending'))], true);
    },
  };
}

/** `asyncio.as_completed(aws, timeout=)`: the k-th awaitable gives the k-th result to come, or TimeoutError. */
function asCompleted(sim: Simulation, children: PromiseValue[], timeout: Value, site: CallSite): Value {
  const completed: PromiseValue[] = [];
  for (const child of children) sim.scheduler.whenSettled(child, settled => completed.push(settled));
  const deadline = typeof timeout === 'number' ? sim.now + timeout : undefined;
  const label = shorten(site.text);
  const next = (k: number): CoroutineValue => ({
    t: 'coroutine', label, line: site.line, ownRow: false,
    run: function* () {
      const arrived = yield* waitUntil(sim, children, () => completed.length > k, deadline, site);
      if (!arrived) throw sim.error('TimeoutError', '', site.line);
      const result = completed[k];
      if (result.state === 'rejected') throw result.error!;
      return result.value;
    },
  });
  let k = 0;
  return { t: 'iterator', next: () => (k < children.length ? next(k++) : done), label };
}

function addToGroup(sim: Simulation, group: NativeObject, child: PromiseValue): PromiseValue {
  const tasks = group.tasks as PromiseValue[];
  tasks.push(child);
  sim.scheduler.whenSettled(child, settled => {
    if (settled.state !== 'rejected' || isCancellation(sim, settled.error!.value)) return;
    (group.errors as Value[]).push(settled.error!.value);
    abortGroup(sim, group);
  });
  return child;
}

/** The first failure: every other task is cancelled, and the block too while it runs. */
function abortGroup(sim: Simulation, group: NativeObject): void {
  if (group.aborting) return;
  group.aborting = true;
  for (const task of group.tasks as PromiseValue[]) cancelPromise(sim, task, group);
  const parent = group.parent as SimTask | undefined;
  if (parent && group.inBody) {
    group.cancelledParent = true;
    sim.scheduler.cancel(parent, cancelledError(sim, (group.line as number) ?? 0), group);
  }
}

function taskGroupContext(sim: Simulation, group: NativeObject, site: CallSite): Context {
  return {
    enter: function* (task) {
      group.parent = task;
      group.inBody = true;
      group.line = site.line;
      return group;
    },
    exit: function* (task, error) {
      group.inBody = false;
      let cancelledFromOutside: Thrown | undefined;
      if (error) {
        if (!isCancellation(sim, error.value)) { (group.errors as Value[]).push(error.value); abortGroup(sim, group); }
        else if (!group.cancelledParent) { cancelledFromOutside = error; abortGroup(sim, group); }
      }
      const tasks = group.tasks as PromiseValue[];
      for (;;) {
        const open = tasks.filter(t => t.state === 'pending');
        if (open.length === 0) break;
        try {
          yield* waitUntil(sim, open, () => open.some(t => t.state !== 'pending'), undefined, { line: site.line, text: 'async with TaskGroup' });
        } catch (thrown) {
          // Cancelled while it waits (a deadline around the block): the group cancels its tasks and still waits.
          if (!(thrown instanceof Thrown) || !isCancellation(sim, thrown.value)) throw thrown;
          cancelledFromOutside = thrown;
          abortGroup(sim, group);
        }
      }
      if (group.cancelledParent) {
        // The cancellation the group asked for is done with.
        task.cancelRequests = Math.max(0, task.cancelRequests - 1);
        task.cancelReasons = task.cancelReasons.filter(reason => reason !== group);
        task.cancelPending = undefined;
      }
      const errors = group.errors as Value[];
      if (cancelledFromOutside && (errors.length === 0 || task.cancelReasons.length > 0)) throw cancelledFromOutside;
      if (errors.length > 0) throw new Thrown(exceptionGroup(sim, 'unhandled errors in a TaskGroup', errors), site.line);
      return false;
    },
  };
}
