/** asyncio's Queue: `get` blocks until an item is there, `put` while it is full, `join` until every item is `task_done()`. */
import { operation } from '../calls';
import type { Expr } from '../model';
import type { Simulation } from '../simulation';
import { exprText } from '../text';
import { Queue, SimError, Value } from '../values';

export function newQueue(args: Value[], keywords: Record<string, Value>): Value {
  const maxsize = args[0] ?? keywords.maxsize ?? 0;
  return { t: 'queue', queue: { items: [], maxsize: typeof maxsize === 'number' ? maxsize : 0, getters: [], putters: [], unfinished: 0, joiners: [] } };
}

export function queueMethod(sim: Simulation, queue: Queue, name: string, args: Value[], expr: Extract<Expr, { kind: 'call' }>): Value {
  const line = expr.line;
  const label = `${exprText(expr.callee)}()`;
  const put = (item: Value) => {
    queue.items.push(item);
    queue.unfinished++;
    queue.getters.shift()?.();
  };
  const take = (): Value => {
    const item = queue.items.shift()!;
    queue.putters.shift()?.();
    return item;
  };
  switch (name) {
    case 'put': return operation(sim, label, line, function* () {
      while (queue.maxsize > 0 && queue.items.length >= queue.maxsize) yield* sim.scheduler.waitIn(queue.putters, 'blocked', `${label}: queue full`, line);
      put(args[0] ?? null);
    });
    case 'put_nowait':
      if (queue.maxsize > 0 && queue.items.length >= queue.maxsize) throw new SimError('QueueFull', line);
      put(args[0] ?? null);
      return null;
    case 'get': return operation(sim, label, line, function* () {
      while (queue.items.length === 0) yield* sim.scheduler.waitIn(queue.getters, 'blocked', `${label}: queue empty`, line);
      return take();
    });
    case 'get_nowait':
      if (queue.items.length === 0) throw new SimError('QueueEmpty', line);
      return take();
    case 'task_done':
      if (queue.unfinished <= 0) throw new SimError('ValueError', line);
      if (--queue.unfinished === 0) for (const joiner of queue.joiners.splice(0)) joiner();
      return null;
    case 'join': return operation(sim, label, line, function* () {
      if (queue.unfinished > 0) yield* sim.scheduler.waitIn(queue.joiners, 'blocked', `${label}: waiting for task_done()`, line);
    });
    case 'qsize': return queue.items.length;
    case 'empty': return queue.items.length === 0;
    case 'full': return queue.maxsize > 0 && queue.items.length >= queue.maxsize;
  }
  return null;
}
