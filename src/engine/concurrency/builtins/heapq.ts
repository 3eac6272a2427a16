/**
 * Python's `heapq`, by CPython's algorithm (the same sift steps, so equal items come out in the order they would),
 * ordered by `<` of the program's values (comparisons.ts: a class's `__lt__`, a dataclass's fields, tuples item by
 * item). asyncio.PriorityQueue keeps its items in such a heap (queues.ts).
 */
import { lessThan } from '../comparisons';
import type { Line } from '../model';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { itemsOf } from '../iteration';
import { CallSite, isObject, isOpaque, list, NativeFunction, opaque, Resumption, Value, Wait } from '../values';
import { iteratorOver, sorted } from './collections';
import { native, Registry } from './index';

type Heap = Generator<Wait, void, Resumption>;

/** CPython's `_siftdown`: the item at `position` moves up while it is less than its parent. */
function* siftDown(sim: Simulation, task: SimTask, heap: Value[], start: number, position: number, line: Line): Heap {
  const item = heap[position];
  while (position > start) {
    const parentPosition = (position - 1) >> 1;
    const parent = heap[parentPosition];
    if (!(yield* lessThan(sim, task, item, parent, line))) break;
    heap[position] = parent;
    position = parentPosition;
  }
  heap[position] = item;
}

/** CPython's `_siftup`: the smaller child moves up until a leaf, then the item settles from there. */
function* siftUp(sim: Simulation, task: SimTask, heap: Value[], position: number, line: Line): Heap {
  const end = heap.length;
  const start = position;
  const item = heap[position];
  let child = 2 * position + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(yield* lessThan(sim, task, heap[child], heap[right], line))) child = right;
    heap[position] = heap[child];
    position = child;
    child = 2 * position + 1;
  }
  heap[position] = item;
  yield* siftDown(sim, task, heap, start, position, line);
}

export function* heapPush(sim: Simulation, task: SimTask, heap: Value[], item: Value, line: Line): Heap {
  sim.budget.allocate(1);
  heap.push(item);
  yield* siftDown(sim, task, heap, 0, heap.length - 1, line);
}

/** The smallest item, taken out; the caller makes sure there is one. */
export function* heapPop(sim: Simulation, task: SimTask, heap: Value[], line: Line): Generator<Wait, Value, Resumption> {
  const last = heap.pop();
  if (heap.length === 0) return last;
  const smallest = heap[0];
  heap[0] = last;
  yield* siftUp(sim, task, heap, 0, line);
  return smallest;
}

export function registerHeapq(registry: Registry): void {
  const { sim, qualified } = registry;
  const define = (name: string, call: NativeFunction['call']) => qualified.set(`heapq.${name}`, native(name, call));
  /** The list a function works on in place; undefined when it is unknown (what it does is then unknown too). */
  const heapOf = (value: Value, site: CallSite): Value[] | undefined => {
    if (isOpaque(value)) return undefined;
    if (!isObject(value) || value.t !== 'list' || value.tuple) throw sim.error('TypeError', 'heap argument must be a list', site.line);
    return value.items;
  };
  const nonEmpty = (heap: Value[], site: CallSite) => {
    if (heap.length === 0) throw sim.error('IndexError', 'index out of range', site.line);
  };

  define('heapify', function* (t, args, _k, site) {
    const heap = heapOf(args[0], site);
    if (heap) for (let i = (heap.length >> 1) - 1; i >= 0; i--) yield* siftUp(sim, t, heap, i, site.line);
    return null;
  });
  define('heappush', function* (t, args, _k, site) {
    const heap = heapOf(args[0], site);
    if (heap) yield* heapPush(sim, t, heap, args[1], site.line);
    return null;
  });
  define('heappop', function* (t, args, _k, site) {
    const heap = heapOf(args[0], site);
    if (!heap) return opaque(site.text, site.line);
    nonEmpty(heap, site);
    return yield* heapPop(sim, t, heap, site.line);
  });
  // Pops the smallest, then pushes: the item given may be larger than what it returns.
  define('heapreplace', function* (t, args, _k, site) {
    const heap = heapOf(args[0], site);
    if (!heap) return opaque(site.text, site.line);
    nonEmpty(heap, site);
    const smallest = heap[0];
    heap[0] = args[1];
    yield* siftUp(sim, t, heap, 0, site.line);
    return smallest;
  });
  // Pushes, then pops: an item no greater than the smallest comes straight back.
  define('heappushpop', function* (t, args, _k, site) {
    const heap = heapOf(args[0], site);
    if (!heap) return opaque(site.text, site.line);
    let item = args[1];
    if (heap.length > 0 && (yield* lessThan(sim, t, heap[0], item, site.line))) {
      [item, heap[0]] = [heap[0], item];
      yield* siftUp(sim, t, heap, 0, site.line);
    }
    return item;
  });
  // As the module documents them: `sorted(iterable, key=key)[:n]`, and the same reversed for the largest.
  const selection = (largest: boolean): NativeFunction['call'] => function* (t, args, keywords, site) {
    const [count, iterable] = args;
    if (isOpaque(count) || isOpaque(iterable)) return opaque(site.text, site.line);
    const items = yield* itemsOf(sim, t, iterable, site.line);
    const ordered = yield* sorted(sim, t, items, keywords?.get('key') ?? null, largest, undefined, site);
    return list(ordered.slice(0, Math.max(0, Number(count))));
  };
  define('nsmallest', selection(false));
  define('nlargest', selection(true));
  // The merged items of inputs each already sorted: a stable sort of them all gives the same order.
  define('merge', function* (t, args, keywords, site) {
    const items: Value[] = [];
    for (const arg of args) items.push(...(yield* itemsOf(sim, t, arg, site.line)));
    const reverse = sim.semantics.truthy(keywords?.get('reverse') ?? false) === true;
    return iteratorOver(yield* sorted(sim, t, items, keywords?.get('key') ?? null, reverse, undefined, site));
  });
}
