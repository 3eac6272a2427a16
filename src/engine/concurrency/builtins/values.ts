/** Methods of the simulator's callables, generators and iterators: `bind` / `call` / `apply`, `next`, `send`. */
import { callValue } from '../calls';
import { resumeGenerator } from '../iteration';
import type { Simulation } from '../simulation';
import { done, GeneratorValue, IteratorValue, isObject, list, NativeFunction, record, Thrown, unbound, Value } from '../values';

export function functionMember(sim: Simulation, callee: Value, name: string): Value | typeof unbound {
  if (!isObject(callee) || (callee.t !== 'function' && callee.t !== 'native' && callee.t !== 'class')) return unbound;
  switch (name) {
    case 'bind':
      return native(name, (_t, args) => {
        const [self, ...bound] = args;
        const target = callee.t === 'function' || callee.t === 'native' ? { ...callee, self } : callee;
        if (bound.length === 0) return target;
        return native(`bound ${name}`, function* (t, more, keywords, site) { return yield* callValue(sim, t, target, [...bound, ...more], keywords, site); });
      });
    case 'call':
      return native(name, function* (t, args, keywords, site) {
        const [self, ...rest] = args;
        return yield* callValue(sim, t, callee.t === 'function' || callee.t === 'native' ? { ...callee, self } : callee, rest, keywords, site);
      });
    case 'apply':
      return native(name, function* (t, args, keywords, site) {
        const [self, given] = args;
        const rest = isObject(given) && given.t === 'list' ? given.items : [];
        return yield* callValue(sim, t, callee.t === 'function' || callee.t === 'native' ? { ...callee, self } : callee, rest, keywords, site);
      });
    case 'name': case '__name__': return callee.t === 'function' ? callee.fn.name : callee.name;
    case 'length': return callee.t === 'function' ? callee.fn.params.filter(p => !p.default && !p.rest).length : 0;
    default: return unbound;
  }
}

function native(name: string, call: NativeFunction['call']): NativeFunction {
  return { t: 'native', name, call };
}

/** A JavaScript iterator result: `{ value, done }`. */
function iteratorResult(value: Value, finished: boolean): Value {
  return record(new Map<string, Value>([['value', value], ['done', finished]]));
}

export function generatorMember(sim: Simulation, generator: GeneratorValue, name: string): Value | typeof unbound {
  const step = (input: { value: Value } | { error: Thrown }, javascript: boolean) => function* (t: import('../scheduler').SimTask) {
    const item = yield* resumeGenerator(sim, t, generator, input);
    if (javascript) return iteratorResult(item === done ? undefined : item, item === done);
    if (item === done) throw sim.error(generator.isAsync ? 'StopAsyncIteration' : 'StopIteration', '', generator.line);
    return item;
  };
  const javascript = sim.language === 'javascript';
  switch (name) {
    case 'next': case '__next__': case '__anext__': case 'asend': case 'send':
      return native(name, function* (t, args) {
        const run = step({ value: args[0] }, javascript);
        if (!generator.isAsync || !javascript) return yield* run(t);
        // An async generator's next() is a promise of its next item.
        const promise = sim.scheduler.newPromise(generator.label, generator.line, 'promise');
        sim.scheduler.startTask(t.row, inner => (function* () {
          try { sim.scheduler.settle(promise, { value: yield* run(inner) }); } catch (error) {
            if (!(error instanceof Thrown)) throw error;
            sim.scheduler.settle(promise, { error });
          }
          return undefined;
        })(), true, t);
        return promise;
      });
    case 'throw': case 'athrow':
      return native(name, function* (t, args, _k, site) { return yield* step({ error: new Thrown(args[0], site.line) }, javascript)(t); });
    case 'return': case 'aclose': case 'close':
      return native(name, () => { generator.done = true; return javascript ? iteratorResult(undefined, true) : null; });
    default: return unbound;
  }
}

export function iteratorMember(sim: Simulation, iterator: IteratorValue, name: string): Value | typeof unbound {
  if (name !== 'next' && name !== '__next__') return unbound;
  return native(name, (_t, _args, _k, site) => {
    const item = iterator.next();
    if (sim.language === 'javascript') return iteratorResult(item === done ? undefined : item, item === done);
    if (item === done) throw sim.error('StopIteration', '', site.line);
    return item;
  });
}

export { list };
