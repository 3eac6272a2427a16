/**
 * Stub methods: a base class's method that does nothing or raises "not implemented" (`raise NotImplementedError`,
 * `...`, `pass`, a docstring, `throw new Error("not implemented")`, `@abstractmethod`), for a subclass to override.
 * On an instance whose class the file does not show whole, the method that runs is a subclass's: unknown.
 */
import type { Expr, FunctionModel, Stmt } from './model';

/** What an error's message says when the method is left for a subclass (JavaScript has no NotImplementedError). */
const notImplementedPhrases = ['not implemented', 'be implemented', 'be overridden', 'must override', 'abstract', 'implement in subclass', 'implemented by subclass'];

const stubs = new WeakMap<FunctionModel, boolean>();

export function isStub(fn: FunctionModel): boolean {
  let stub = stubs.get(fn);
  if (stub === undefined) {
    stub = fn.kind !== 'getter' && (fn.decorators?.some(isAbstractDecorator) === true || isStubBody(fn.body));
    stubs.set(fn, stub);
  }
  return stub;
}

/**
 * A getter that only raises "not implemented" (`@property def _sorting_bucket(self): raise NotImplementedError`):
 * a subclass gives the value. An empty getter is not one: it reads as `None` / `undefined`.
 */
export function isStubGetter(fn: FunctionModel): boolean {
  return fn.kind === 'getter' && fn.body.length === 1 && isStubBody(fn.body);
}

/** A stub method or a stub getter: on an instance the file does not show whole, a subclass's is what runs. */
export function isOverridable(fn: FunctionModel): boolean {
  return fn.kind === 'getter' ? isStubGetter(fn) : isStub(fn);
}

function isAbstractDecorator(decorator: Expr): boolean {
  return (decorator.kind === 'var' && decorator.name === 'abstractmethod') || (decorator.kind === 'member' && decorator.property === 'abstractmethod');
}

function isStubBody(body: Stmt[]): boolean {
  if (body.length === 0) return true;
  if (body.length !== 1) return false;
  const [only] = body;
  if (only.kind === 'expr') return only.value.kind === 'const' && only.value.value === null;
  return only.kind === 'raise' && only.value !== undefined && raisesNotImplemented(only.value);
}

function raisesNotImplemented(value: Expr): boolean {
  if (value.kind === 'var') return value.name === 'NotImplementedError';
  if (value.kind === 'call' || value.kind === 'new') {
    if (value.callee.kind === 'var' && value.callee.name === 'NotImplementedError') return true;
    // An error class named for it (expo's `new _errors.UnimplementedError()`).
    const callee = value.callee;
    const name = callee.kind === 'var' ? callee.name : callee.kind === 'member' ? callee.property : callee.kind === 'global' ? callee.name.split('.').pop() ?? '' : '';
    if (/^(Not|Un)implemented/i.test(name)) return true;
    // The message may follow other arguments (`new ValidationError(this.name, "initialize() needs to be implemented")`).
    return value.args.some(arg => {
      if (arg.kind !== 'const' || typeof arg.value !== 'string') return false;
      const text = arg.value.toLowerCase();
      return notImplementedPhrases.some(phrase => text.includes(phrase));
    });
  }
  return false;
}
