/**
 * Attributes: reading `x.name` on every kind of value (own properties, then the class's members, bound to the
 * instance, then the library's methods) and writing it, and the classes of the file made into values (bases, class
 * attributes and statics, dataclasses, `super`). Items (`x[key]`) are in items.ts.
 */
import { libraryMember } from './builtins';
import { applyClassDecorators } from './builtins/classDecorators';
import { inheritedLibraryMember, libraryBaseClass } from './builtins/extending';
import { callValue, decorated } from './calls';
import { takeMethodDefaults } from './defaults';
import { evaluate, Evaluation } from './expressions';
import type { ClassModel, FunctionModel, Line } from './model';
import { keyText } from './display';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { attributesSetByMethods } from './setElsewhere';
import { isOverridable } from './stubs';
import {
  ClassValue, Env, FunctionValue, isObject, inheritsFromUnknown, isOpaque, isPartlyUnknown, NativeFunction, opaque, record, RecordValue, unbound, Value,
} from './values';

/** The class value made for each class definition, for methods simulated on their own. */
const classValues = new WeakMap<ClassModel, ClassValue>();
const methodTables = new WeakMap<ClassModel, Map<string, FunctionModel>>();

function methodsOf(model: ClassModel): Map<string, FunctionModel> {
  let table = methodTables.get(model);
  if (!table) {
    table = new Map();
    for (const method of model.methods) {
      // A setter does not hide its getter.
      if (method.kind === 'setter' && table.has(method.name)) continue;
      table.set(method.name, method);
    }
    methodTables.set(model, table);
  }
  return table;
}

/** The class's own setter of `name`, if it has one. */
function setterOf(model: ClassModel, name: string): FunctionModel | undefined {
  return model.methods.find(m => m.kind === 'setter' && m.name === name);
}

/** What `name` is on the class or a base: a class attribute or static, a method, a library method. */
export function classMember(cls: ClassValue, name: string): { value?: Value; method?: FunctionModel; native?: NativeFunction['call']; owner: ClassValue } | undefined {
  for (let current: ClassValue | undefined = cls; current; current = current.base) {
    if (current.props.has(name)) return { value: current.props.get(name), owner: current };
    const method = current.model && methodsOf(current.model).get(name);
    if (method) return { method, owner: current };
    const native = current.native?.methods?.[name];
    if (native) return { native, owner: current };
  }
  return undefined;
}

export function bind(method: FunctionModel, owner: ClassValue, self: Value): FunctionValue {
  const props = owner.methodProps?.get(method.name);
  return props ? { t: 'function', fn: method, closure: owner.closure!, self, home: owner, props } : { t: 'function', fn: method, closure: owner.closure!, self, home: owner };
}

/** A method of the class or a base bound to `self` (`__post_init__`), if the class has one. */
export function boundMethod(cls: ClassValue, name: string, self: Value): FunctionValue | undefined {
  const member = classMember(cls, name);
  return member?.method ? bind(member.method, member.owner, self) : undefined;
}

export function* getAttribute(sim: Simulation, task: SimTask, object: Value, name: string, line: Line): Evaluation {
  if (isObject(object)) {
    switch (object.t) {
      case 'record': return yield* recordAttribute(sim, task, object, name, line);
      case 'class': return yield* classAttribute(sim, task, object, name, line);
      case 'opaque': return opaque(`${object.text}.${name}`, object.line, { receiver: object, member: name, entry: object.entry?.methodsDoIo ? object.entry : undefined, depth: object.depth });
      case 'function':
        if (name === 'name' || name === '__name__') return object.fn.name;
        if (sim.language === 'javascript') {
          const own = functionProperty(object, name);
          if (own !== unbound) return own;
        } else if (object.props?.has(name)) {
          return object.props.get(name);
        }
        break;
    }
  }
  const member = libraryMember(sim, task, object, name, line);
  if (member !== unbound) return member;
  return missingAttribute(sim, object, name, line);
}

/** A property set on a JavaScript function; its `prototype` is an object made on first use, as the engine's is. */
function functionProperty(fn: FunctionValue, name: string): Value | typeof unbound {
  if (fn.props?.has(name)) return fn.props.get(name);
  if (name !== 'prototype' || fn.fn.isArrow) return unbound;
  const prototype = record();
  (fn.props ??= new Map()).set(name, prototype);
  return prototype;
}

/** Whether an object has a `then` method (own, class, base, prototype), found without reading anything unknown. */
export function definesThen(object: RecordValue): boolean {
  const isFunction = (value: Value | undefined) => isObject(value) && (value.t === 'function' || value.t === 'native');
  if (object.props.has('then')) return isFunction(object.props.get('then'));
  const member = object.cls && classMember(object.cls, 'then');
  if (member) return member.method !== undefined || member.native !== undefined || isFunction(member.value);
  const inherited = object.proto ? prototypeMember(object, 'then') : unbound;
  return inherited !== unbound && isFunction(inherited);
}

/** What an object made by `new F()` finds on F's prototype chain: a function there is a method of the object. */
function prototypeMember(object: RecordValue, name: string): Value | typeof unbound {
  for (let proto = object.proto, depth = 0; proto && depth < 64; proto = proto.proto, depth++) {
    if (!proto.props.has(name)) continue;
    const value = proto.props.get(name);
    return isObject(value) && value.t === 'function' ? { ...value, self: object } : value;
  }
  return unbound;
}

/** Whether `new` on a JavaScript function gives its objects a prototype (a function of the file, not an arrow). */
export function prototypeFor(sim: Simulation, fn: FunctionValue): RecordValue | undefined {
  if (sim.language !== 'javascript') return undefined;
  const prototype = functionProperty(fn, 'prototype');
  return prototype !== unbound && isObject(prototype) && prototype.t === 'record' ? prototype : undefined;
}

function missingAttribute(sim: Simulation, object: Value, name: string, line: Line): Value {
  const exported = sim.library.memberOf(object, name, line);
  if (exported !== unbound) return exported;
  // What the simulator's model of a library lacks is unknown, not missing (`Object.getOwnPropertySymbols`): a
  // library class or its instance, a builtin class (`int.from_bytes`, `set.union`), and the library objects the
  // simulator makes (the event loop's `getaddrinfo`, a task group's `__aenter__`), and a builtin function's
  // (`require.resolve`).
  if (isObject(object) && ((object.t === 'record' && object.native?.library) || (object.t === 'class' && object.native))) {
    return opaque(`${object.t === 'class' ? object.name : 'library'}.${name}`, line);
  }
  if (isObject(object) && object.t === 'object') return opaque(`${object.kind}.${name}`, line);
  if (name === 'default' && isObject(object) && (object.t === 'native' || object.t === 'class')) return object;
  if (isObject(object) && object.t === 'native') return opaque(`${object.name}.${name}`, line);
  if (!sim.semantics.missingRaises) {
    if (object === undefined || object === null) return unknownMemberOfNothing(sim, object, name, line);
    // An instance of a class whose base is not known may inherit what it lacks (`this.on(...)` of an emitter).
    if (inheritsFromUnknown(object)) return opaque(`this.${name}`, line);
    // A promise has no other members: one read anyway is of an unknown object taken as a promise because it has
    // `then`/`catch` (renovate's `Result.wrap(...).catch(...).transform(...).unwrap()`, a query builder). Such a
    // method is taken as a step of the chain: it gives the same work back, awaited once.
    if (isObject(object) && object.t === 'promise') return { t: 'native', name, call: () => object };
    return undefined;
  }
  if (isPartlyUnknown(object)) return opaque(`self.${name}`, line);
  const tolerated = sim.tolerate(`${sim.semantics.repr(object)}.${name}`, line);
  if (tolerated) return tolerated;
  throw sim.error('AttributeError', `${sim.semantics.repr(object)} has no attribute '${name}'`, line);
}

/**
 * Whether a method of the instance's class, or of a class between it and `owner` (the class whose attribute is
 * None), sets `name` on the instance: a subclass's constructor that sets `self.peer_addr = peer_addr` over a base's
 * `peer_addr: Optional[LNPeerAddr] = None` (electrum's `LNTransport`).
 */
function setByMethodsOf(cls: ClassValue, owner: ClassValue, name: string, language: 'python' | 'javascript'): boolean {
  for (let current: ClassValue | undefined = cls, depth = 0; current && depth < 64; current = current.base, depth++) {
    if (current.model && attributesSetByMethods(current.model, language).has(name)) return true;
    if (current === owner) break;
  }
  return false;
}

/**
 * `x.name` where the simulation has `x` as undefined or null: running code reads it from a value set where the
 * simulation cannot see (a field a caller fills), so the member is unknown, and said, rather than a TypeError.
 */
function unknownMemberOfNothing(sim: Simulation, object: null | undefined, name: string, line: Line): Value {
  sim.assume(`.${name} is read of a value that is ${object} in the simulation: it is set where the simulation cannot see, an unknown value.`, line);
  return opaque(name, line);
}

function* recordAttribute(sim: Simulation, task: SimTask, object: RecordValue, name: string, line: Line): Evaluation {
  const own = object.props.get(name);
  if (isObject(own) && own.t === 'object' && own.kind === 'getter') return yield* callValue(sim, task, own.get as Value, [], undefined, { line, text: name });
  // An object literal's `get snapshot() {...}` is read by calling it on the object.
  if (isObject(own) && own.t === 'function' && own.fn.kind === 'getter') return yield* callValue(sim, task, { ...own, self: object }, [], undefined, { line, text: name });
  if (own !== undefined || object.props.has(name)) {
    if (object.initializedBy?.names.has(name) && sim.stateUnknown) {
      sim.assume(`${sim.language === 'python' ? 'self' : 'this'}.${name} is what ${object.initializedBy.label} sets it to, and other methods change it before this one runs: an unknown value.`, line);
      return opaque(`${sim.language === 'python' ? 'self' : 'this'}.${name}`, line);
    }
    if (object.initializedBy?.names.has(name)) {
      sim.assume(`${sim.language === 'python' ? 'self' : 'this'}.${name} is what ${object.initializedBy.label} sets it to: the instance is taken as made there, with unknown arguments.`, line);
    }
    return own;
  }
  // An instance's `constructor` is its class (`this.constructor.transformCommand(...)`, a static method), not the
  // class's constructor method.
  if (name === 'constructor' && object.cls && sim.language === 'javascript') return object.cls;
  const member = object.cls && classMember(object.cls, name);
  if (member) {
    if (member.method) {
      if (isPartlyUnknown(object) && !member.method.isStatic && isOverridable(member.method)) {
        sim.assume(`${member.owner.name}.${name} is a stub for a subclass to override: ${member.method.kind === 'getter' ? 'the value is a subclass\'s, unknown' : 'the method that runs is not in the file, an unknown call'}.`, line);
        return opaque(`${sim.language === 'python' ? 'self' : 'this'}.${name}`, line);
      }
      if (member.method.kind === 'getter') return yield* callValue(sim, task, bind(member.method, member.owner, object), [], undefined, { line, text: name });
      if (member.method.isStatic) return { t: 'function', fn: member.method, closure: member.owner.closure!, home: member.owner };
      return bind(member.method, member.owner, object);
    }
    if (member.native) return { t: 'native', name, call: member.native, self: object };
    if (object.assumed && member.value === null && setByMethodsOf(object.cls!, member.owner, name, sim.language)) {
      sim.assume(`${name} of the instance is None in the class and set by its methods: an unknown value.`, line);
      return opaque(`self.${name}`, line);
    }
    // A function among a Python class's attributes is a method of its instances.
    if (sim.language === 'python' && isObject(member.value) && member.value.t === 'function' && member.value.self === undefined) return { ...member.value, self: object };
    // So is what a decorator made of one (`@asynccontextmanager async def session(self)`).
    if (sim.language === 'python' && isObject(member.value) && member.value.t === 'native' && member.value.wrapsFunction && member.value.self === undefined) return { ...member.value, self: object };
    return member.value;
  }
  if (object.proto) {
    const inherited = prototypeMember(object, name);
    // A getter of the prototype (`Proto.prototype = { get snapshot() {...} }`) runs on the object.
    if (inherited !== unbound && isObject(inherited) && inherited.t === 'function' && inherited.fn.kind === 'getter') return yield* callValue(sim, task, inherited, [], undefined, { line, text: name });
    if (inherited !== unbound) return inherited;
  }
  const inherited = inheritedLibraryMember(sim, task, object, name, line);
  if (inherited !== unbound) return inherited;
  if (object.unknownKeys) {
    sim.assume(`${name} is among the properties copied from an unknown object: an unknown value.`, line);
    return opaque(name, line);
  }
  if (object.assumed) {
    sim.assume(`${name} of the instance is set where the simulation cannot see: an unknown value.`, line);
    return opaque(`self.${name}`, line);
  }
  const library = libraryMember(sim, task, object, name, line);
  if (library !== unbound) return library;
  return missingAttribute(sim, object.libraryObject ?? object, name, line);
}

function* classAttribute(sim: Simulation, task: SimTask, cls: ClassValue, name: string, line: Line): Evaluation {
  const member = classMember(cls, name);
  if (member?.method) {
    const decorators = member.method.decorators?.map(d => (d.kind === 'var' ? d.name : '')) ?? [];
    // A classmethod, and in JavaScript any static method called on its class, has the class as `cls` / `this`.
    if (decorators.includes('classmethod') || (sim.language === 'javascript' && member.method.isStatic)) return bind(member.method, member.owner, cls);
    return { t: 'function', fn: member.method, closure: member.owner.closure!, home: member.owner };
  }
  if (member?.native) return { t: 'native', name, call: member.native, self: cls };
  if (member) return member.value;
  if (name === 'name' || name === '__name__') return cls.name;
  const library = libraryMember(sim, task, cls, name, line);
  if (library !== unbound) return library;
  return missingAttribute(sim, cls, name, line);
}

export function setAttribute(sim: Simulation, object: Value, name: string, value: Value, line: Line): void {
  if (!isObject(object)) {
    if (object === undefined || object === null) {
      if (sim.language === 'javascript') {
        sim.assume(`.${name} is set on a value that is ${object} in the simulation: it is set where the simulation cannot see, and what is written is not followed.`, line);
        return;
      }
      throw sim.error('AttributeError', `Cannot set properties of ${sim.semantics.repr(object)} (setting '${name}')`, line);
    }
    return;
  }
  switch (object.t) {
    case 'record': {
      const setter = object.cls && findSetter(object.cls, name);
      if (setter) {
        sim.assume(`The setter ${name} is not followed.`, line);
        return;
      }
      object.props.set(name, value);
      object.initializedBy?.names.delete(name);
      return;
    }
    case 'class': object.props.set(name, value); return;
    case 'object': object[name] = value; return;
    // A function's own attributes: JavaScript's properties, Python's `handler.registered = False`.
    case 'function': (object.props ??= new Map()).set(name, value); return;
    default: return;
  }
}

/** The setter `object.name = value` runs, bound to the instance, so that its getter reads what was set. */
export function boundSetter(object: Value, name: string): FunctionValue | undefined {
  if (!isObject(object) || object.t !== 'record' || !object.cls) return undefined;
  for (let current: ClassValue | undefined = object.cls; current; current = current.base) {
    const setter = current.model && setterOf(current.model, name);
    if (setter) return bind(setter, current, object);
  }
  return undefined;
}

function findSetter(cls: ClassValue, name: string): FunctionModel | undefined {
  for (let current: ClassValue | undefined = cls; current; current = current.base) {
    if (current.model) {
      const setter = setterOf(current.model, name);
      if (setter) return setter;
    }
  }
  return undefined;
}

/** The value of a class definition (`class X(Base):` / `class X extends Base`), made when the definition runs. */
export function* newClass(sim: Simulation, task: SimTask, model: ClassModel, env: Env): Evaluation {
  const cls: ClassValue = { t: 'class', name: model.name, model, closure: env, props: new Map() };
  for (const baseExpr of model.bases) {
    const written = yield* evaluate(sim, task, baseExpr, env);
    const base = isObject(written) && written.t === 'native' ? libraryBaseClass(sim, written) ?? written : written;
    if (isObject(base) && base.t === 'class') { cls.base = base; break; }
    cls.unknownBase = true;
    if (isOpaque(base)) sim.assume(`The base class ${base.text} is not known: what ${model.name} inherits from it is unknown.`, model.line);
  }
  classValues.set(model, cls);
  const scope = new Env(env);
  scope.declare('this', cls);
  for (const field of model.fields) {
    if (sim.language === 'javascript' && !field.isStatic) continue;
    const name = typeof field.name === 'string' ? field.name : keyText(sim, yield* evaluate(sim, task, field.name, scope));
    const value = field.value ? yield* evaluate(sim, task, field.value, scope) : undefined;
    cls.props.set(name, value);
    if (sim.language === 'python') scope.declare(name, value);
  }
  yield* takeMethodDefaults(sim, task, cls, model.methods, scope);
  for (const set of model.methodAttributes ?? []) {
    const value = yield* evaluate(sim, task, set.value, scope);
    cls.methodProps ??= new Map();
    let props = cls.methodProps.get(set.method);
    if (!props) cls.methodProps.set(set.method, (props = new Map()));
    props.set(set.name, value);
  }
  // Methods with decorators of the file's own (a retry wrapper) are class attributes of what the decorators make.
  for (const method of model.methods) {
    if (!method.decorators || sim.language !== 'python') continue;
    const value = yield* decorated(sim, task, { t: 'function', fn: method, closure: env, home: cls }, method.decorators, env);
    if (!(isObject(value) && value.t === 'function' && value.fn === method)) cls.props.set(method.name, value);
  }
  yield* applyClassDecorators(sim, task, cls, env);
  return cls;
}

/** The class value of a definition; one the simulation has not run (a class defined in a function) is made now. */
export function classValueOf(sim: Simulation, model: ClassModel): ClassValue {
  return classValues.get(model) ?? { t: 'class', name: model.name, model, closure: sim.moduleEnv, props: new Map() };
}

/** `super()` (Python) and `super` (JavaScript) in a method: the base of the class it is defined in, bound to self. */
export function superOf(_sim: Simulation, env: Env, line: Line): Value {
  const home = env.lookup('%home');
  const self = env.lookup('%self');
  if (home === unbound || !isObject(home) || home.t !== 'class') return opaque('super', line);
  return { t: 'object', kind: 'super', home, self: self === unbound ? undefined : self };
}

/** A member of a `super` proxy: found from the base of the method's class, bound to the instance. */
export function superMember(sim: Simulation, task: SimTask, proxy: { home: ClassValue; self: Value }, name: string, line: Line): Value {
  const base = proxy.home.base;
  const member = base && classMember(base, name);
  if (member?.method) return bind(member.method, member.owner, proxy.self);
  if (member?.native) return { t: 'native', name, call: member.native, self: proxy.self };
  if (member) return member.value;
  const inherited = inheritedLibraryMember(sim, task, proxy.self, name, line);
  if (inherited !== unbound) return inherited;
  // `super().__init__(...)` of a class with no base of its own does nothing.
  if (name === '__init__' || name === 'constructor') return { t: 'native', name, call: () => undefined };
  sim.assume(`super().${name} is not known: an unknown value.`, line);
  return opaque(`super().${name}`, line);
}

export function isInstanceOf(value: Value, cls: Value): boolean {
  if (!isObject(cls) || cls.t !== 'class') return false;
  if (isObject(value) && value.t === 'record') {
    for (let current = value.cls; current; current = current.base) if (current === cls) return true;
    return false;
  }
  return cls.native?.isInstance?.(value) ?? false;
}

/** A class's constructor (`__init__` / `constructor`) found on it or a base, bound to a new instance. */
export function constructorOf(sim: Simulation, cls: ClassValue, self: RecordValue): FunctionValue | NativeFunction | undefined {
  for (let current: ClassValue | undefined = cls; current; current = current.base) {
    const method = current.model && methodsOf(current.model).get(sim.semantics.constructorName);
    if (method) return bind(method, current, self);
    if (current.props.has('__init__') && isObject(current.props.get('__init__'))) {
      const init = current.props.get('__init__') as FunctionValue | NativeFunction;
      return init.t === 'function' ? { ...init, self } : { ...init, self };
    }
    if (current.native?.init) {
      const init = current.native.init;
      return { t: 'native', name: 'init', call: (task, args, keywords, site) => init(task, self, args, keywords, site), self };
    }
  }
  return undefined;
}
