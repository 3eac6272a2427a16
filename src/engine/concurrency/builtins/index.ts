/**
 * The library's registry: what each family of builtins (timers, combinators, limiters, locks and events, queues,
 * timeouts, the languages' own library) provides, found by the catalogue's `builtin` id for library names
 * (semantics/catalog/*.json), by qualified name for the languages' modules, by kind for the simulator's objects.
 */
import { catalogFor, Catalog, CatalogEntry } from '../../semantics/catalog';
import { superMember } from '../attributes';
import type { Context } from '../contexts';
import type { Line } from '../model';
import { promiseMember } from '../promises';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { CallSite, ClassValue, Env, isObject, NativeFunction, NativeObject, opaque, unbound, Value } from '../values';
import { registerBarriers } from './barriers';
import { dictMember, listMember, setMember } from './collections';
import { registerCombinators } from './combinators';
import { exceptionClasses } from './exceptions';
import { inheritedContextObject } from './extending';
import { registerJavaScriptLibrary } from './javascriptLibrary';
import { registerLimiters } from './limiters';
import { registerPythonLibrary } from './pythonLibrary';
import { registerQueues } from './queues';
import { numberMember, stringMember } from './strings';
import { registerSync } from './sync';
import { registerTimeouts } from './timeouts';
import { registerTimers } from './timers';
import { functionMember, generatorMember, iteratorMember } from './values';

export interface Registry {
  sim: Simulation;
  /** By the catalogue's builtin id: the value of a library name, made from its entry (where its permits are...). */
  builtins: Map<string, (entry: CatalogEntry) => Value>;
  /** The languages' own modules by qualified name (`json.dumps`, `collections.Counter`). */
  qualified: Map<string, Value>;
  /** The language's builtins, as the outermost scope. */
  globals: Env;
  /** Attributes of the simulator's own objects, by kind (a semaphore's `acquire`, a signal's `aborted`). */
  members: Map<string, (object: NativeObject, name: string, task: SimTask, line: Line) => Value | typeof unbound>;
  /** How each kind of object is entered by `with` / `async with`. */
  contexts: Map<string, (object: NativeObject, site: CallSite) => Context>;
  exceptions: Map<string, ClassValue>;
}

export interface Library {
  catalog: Catalog;
  globals: Env;
  exceptions: Map<string, ClassValue>;
  registry: Registry;
  /** The value of a library name the resolver found (`asyncio.sleep`), or an unknown value standing for it. */
  global(name: string, text: string, line: Line): Value;
  /**
   * A member of a library value by its qualified name, when the catalogue knows it: `require('events').EventEmitter`
   * is `events.EventEmitter` (a module's export read from the module's value at run time, not from an import).
   */
  memberOf(object: Value, member: string, line: Line): Value | typeof unbound;
}

export function libraryFor(sim: Simulation): Library {
  const registry: Registry = {
    sim, builtins: new Map(), qualified: new Map(), globals: new Env(), members: new Map(), contexts: new Map(), exceptions: exceptionClasses(sim),
  };
  for (const [name, cls] of registry.exceptions) registry.globals.declare(name, cls);
  registry.builtins.set('exception', entry => registry.exceptions.get(String(entry.value)) ?? opaque(entry.name, 0));
  registry.builtins.set('currentTask', () => native('current_task', task => task.promise));
  registry.members.set('super', (proxy, name, task, line) => superMember(sim, task, proxy as unknown as { home: ClassValue; self: Value }, name, line));
  registerTimers(registry);
  registerCombinators(registry);
  registerLimiters(registry);
  registerSync(registry);
  registerQueues(registry);
  registerBarriers(registry);
  registerTimeouts(registry);
  if (sim.language === 'python') registerPythonLibrary(registry);
  else registerJavaScriptLibrary(registry);
  const catalog = catalogFor(sim.language);
  const values = new Map<string, Value>();
  const qualifiedNames = new WeakMap<object, string>();
  return {
    catalog,
    globals: registry.globals,
    exceptions: registry.exceptions,
    registry,
    memberOf(object, member, line) {
      const owner = isObject(object) ? qualifiedNames.get(object) : undefined;
      if (owner === undefined) return unbound;
      const name = `${owner}.${member}`;
      return catalog.entry(name) ? this.global(name, name, line) : unbound;
    },
    global(name, text, line) {
      let value = values.get(name);
      if (value === undefined && !values.has(name)) {
        const entry = catalog.entry(name);
        const make = entry?.builtin !== undefined ? registry.builtins.get(entry.builtin) : undefined;
        if (make && entry) value = make(entry);
        else if (entry?.role === 'constant' && entry.value !== undefined) value = entry.value;
        else if (registry.qualified.has(name)) value = registry.qualified.get(name);
        else {
          const global = dottedGlobal(registry, name);
          value = global !== unbound ? global : opaque(text, line, entry ? { entry } : undefined);
        }
        values.set(name, value);
        if (isObject(value) && !qualifiedNames.has(value)) qualifiedNames.set(value, name);
      }
      return value;
    },
  };
}

/** A language global by a dotted name (`process.nextTick`): the global, then its members. */
function dottedGlobal(registry: Registry, name: string): Value | typeof unbound {
  const [head, ...rest] = name.split('.');
  let value = registry.globals.lookup(head);
  for (const part of rest) {
    if (value === unbound || !isObject(value) || (value.t !== 'record' && value.t !== 'class') || !value.props.has(part)) return unbound;
    value = value.props.get(part);
  }
  return value;
}

/** An attribute the library gives a value (methods of strings, lists, dicts, promises, the simulator's objects). */
export function libraryMember(sim: Simulation, task: SimTask, object: Value, name: string, line: Line): Value | typeof unbound {
  if (typeof object === 'string') return stringMember(sim, object, name);
  if (typeof object === 'number') return numberMember(sim, object, name);
  if (!isObject(object)) return unbound;
  switch (object.t) {
    case 'list': return listMember(sim, task, object, name);
    case 'dict': return dictMember(sim, task, object, name);
    case 'set': return setMember(sim, object, name);
    case 'promise': return promiseMember(sim, task, object, name) ?? unbound;
    case 'generator': return generatorMember(sim, object, name);
    case 'iterator': return iteratorMember(sim, object, name);
    case 'function': case 'native': case 'class': return functionMember(sim, object, name);
    case 'object': {
      const members = sim.library.registry.members.get(object.kind);
      return members ? members(object, name, task, line) : unbound;
    }
    default: return unbound;
  }
}

/** How `with` enters a library object (or an instance of a program's subclass of its class), if it is one. */
export function contextOf(sim: Simulation, value: Value, site: CallSite): Context | undefined {
  const object = isObject(value) && value.t === 'record' ? inheritedContextObject(value) : value;
  if (!isObject(object) || object.t !== 'object') return undefined;
  return sim.library.registry.contexts.get(object.kind)?.(object, site);
}

/** A native function of a family. */
export function native(name: string, call: NativeFunction['call'], construct?: NativeFunction['construct']): NativeFunction {
  return construct ? { t: 'native', name, call, construct } : { t: 'native', name, call };
}

/** Where the catalogue says a number is written in a call (`permits`, `capacity`, a delay), with its default. */
export function argumentOf(spec: CatalogEntry['permits'], args: Value[], keywords: Map<string, Value> | undefined): Value {
  if (!spec) return undefined;
  if (spec.fixed !== undefined) return spec.fixed;
  let value: Value = spec.argument !== undefined ? args[spec.argument] : undefined;
  if (value === undefined && spec.keyword !== undefined) value = keywords?.get(spec.keyword);
  if (spec.option !== undefined) {
    const options = spec.argument !== undefined ? args[spec.argument] : undefined;
    if (isObject(options) && options.t === 'record') value = options.props.get(spec.option);
  }
  return value === undefined ? spec.default : value;
}
