/**
 * asyncio's queues: `get` blocks while the queue is empty, `put` while it is full (backpressure), `join` until
 * every item put has been marked `task_done()`. LIFO queues hand the last item out; priority queues keep their items
 * in a heap, as asyncio does (heapq.ts), so the smallest by `<` comes out, the program's `__lt__` deciding.
 */
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import type { SimTask } from '../scheduler';
import { NativeObject, Resumption, unbound, Value, Wait } from '../values';
import { heapPop, heapPush } from './heapq';
import { extendable } from './extending';
import { argumentOf, native, Registry } from './index';
import { nativeCoroutine, waitIn, Waiter } from './waiting';

export function registerQueues(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('queue', entry => extendable(native(entry.name, (_t, args, keywords) => {
    const maxsize = argumentOf(entry.capacity, args, keywords);
    return { t: 'object', kind: 'queue', order: entry.order ?? 'fifo', items: [], maxsize: typeof maxsize === 'number' ? maxsize : 0, getters: [], putters: [], unfinished: 0, joiners: [] };
  })));
  registry.members.set('queue', (queue, name) => queueMember(sim, queue, name));
}

function queueMember(sim: Simulation, queue: NativeObject, name: string): Value | typeof unbound {
  const items = queue.items as Value[];
  const getters = queue.getters as Waiter[];
  const putters = queue.putters as Waiter[];
  const joiners = queue.joiners as Waiter[];
  const full = () => (queue.maxsize as number) > 0 && items.length >= (queue.maxsize as number);
  const put = function* (task: SimTask, item: Value, line: number): Generator<Wait, void, Resumption> {
    if (queue.order === 'priority') yield* heapPush(sim, task, items, item, line);
    else {
      sim.budget.allocate(1);
      items.push(item);
    }
    queue.unfinished = (queue.unfinished as number) + 1;
    getters.shift()?.();
  };
  const take = function* (task: SimTask, line: number): Generator<Wait, Value, Resumption> {
    const item = queue.order === 'priority' ? yield* heapPop(sim, task, items, line) : queue.order === 'lifo' ? items.pop() : items.shift();
    putters.shift()?.();
    return item;
  };
  switch (name) {
    case 'put': return native(name, (_t, args, _k, site) => nativeCoroutine(site, function* (task) {
      while (full()) yield* waitIn(putters, 'blocked', `${shorten(site.text)}: queue full`, site.line);
      yield* put(task, args[0], site.line);
      return null;
    }));
    case 'put_nowait': return native(name, function* (task, args, _k, site) {
      if (full()) throw sim.error('QueueFull', '', site.line);
      yield* put(task, args[0], site.line);
      return null;
    });
    case 'get': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* (task) {
      while (items.length === 0) yield* waitIn(getters, 'blocked', `${shorten(site.text)}: queue empty`, site.line);
      return yield* take(task, site.line);
    }));
    case 'get_nowait': return native(name, function* (task, _a, _k, site) {
      if (items.length === 0) throw sim.error('QueueEmpty', '', site.line);
      return yield* take(task, site.line);
    });
    case 'task_done': return native(name, (_t, _a, _k, site) => {
      if ((queue.unfinished as number) <= 0) throw sim.error('ValueError', 'task_done() called too many times', site.line);
      queue.unfinished = (queue.unfinished as number) - 1;
      if (queue.unfinished === 0) for (const joiner of joiners.splice(0)) joiner();
      return null;
    });
    case 'join': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* () {
      if ((queue.unfinished as number) > 0) yield* waitIn(joiners, 'blocked', `${shorten(site.text)}: waiting for task_done()`, site.line);
      return null;
    }));
    case 'qsize': return native(name, () => items.length);
    case 'empty': return native(name, () => items.length === 0);
    case 'full': return native(name, () => full());
    case 'maxsize': return queue.maxsize as number;
    default: return unbound;
  }
}
