/**
 * What the two lowerings share: the source they read, the functions they collect, the library names they resolve,
 * and the guard against nesting deeper than the simulator follows.
 */
import type { Node } from 'web-tree-sitter';
import { LibraryNames } from './libraryNames';
import type { ClassModel, Expr, FunctionModel, Line, ProgramModel } from './model';
import { Nesting, tooDeep } from './nesting';

export abstract class Lowering {
  readonly program: ProgramModel;
  protected readonly nesting = new Nesting();
  /** The function being lowered, innermost last: `yield` marks it a generator, `nonlocal` adds to its outer names. */
  protected readonly functionStack: Array<{ fn: Pick<FunctionModel, 'isGenerator' | 'outer'>; qualifiedName: string }> = [];
  /** The classes being lowered, innermost last: their methods are qualified by them. */
  protected readonly classStack: ClassModel[] = [];

  constructor(readonly text: string, readonly names: LibraryNames, language: 'python' | 'javascript', timeUnit: number) {
    this.program = { language, module: [], functions: [], classes: new Map(), classOf: new Map(), timeUnit };
  }

  protected textOf(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  protected lineOf(node: Node): Line {
    return node.startPosition.row + 1;
  }

  /** The name a function is picked by: `Class.method`, `outer.inner`, or its own. */
  protected qualify(name: string): string {
    const owner = this.classStack.length > 0 && this.functionStack.length === 0 ? this.classStack[this.classStack.length - 1].name
      : this.functionStack.length > 0 ? this.functionStack[this.functionStack.length - 1].qualifiedName : undefined;
    return owner ? `${owner}.${name}` : name;
  }

  /** Lowers `node` one level deeper, or gives up past the depth the simulator follows. */
  protected nested<T>(_node: Node, lower: () => T, tooDeepValue: T): T {
    if (!this.nesting.enter()) return tooDeepValue;
    try {
      return lower();
    } finally {
      this.nesting.leave();
    }
  }

  protected expr(node: Node): Expr {
    return this.nested(node, () => this.lowerExpr(node), tooDeep(node));
  }

  protected abstract lowerExpr(node: Node): Expr;

  protected unknown(node: Node): Expr {
    return { kind: 'unknown', text: this.textOf(node), line: this.lineOf(node) };
  }

  /** A library name (`aio.sleep` → `asyncio.sleep`) when the resolver ties `node` to one. */
  protected global(node: Node): Expr | undefined {
    const name = this.names.qualifiedName(node);
    return name === undefined ? undefined : { kind: 'global', name, text: this.textOf(node), line: this.lineOf(node) };
  }

  /** Registers a function: every function is found by where it is defined. */
  protected addFunction(fn: FunctionModel): void {
    this.program.functions.push(fn);
    const owner = this.classStack.length > 0 && this.functionStack.length === 0 ? this.classStack[this.classStack.length - 1] : undefined;
    if (owner && fn.kind !== 'function') this.program.classOf.set(fn, owner);
  }
}

/** Decodes the escapes of a string literal's text (not of raw strings). */
export function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|\r\n|[\s\S])/g, (_, escape: string) => {
    switch (escape[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': return String.fromCharCode(parseInt(escape, 8));
      case 'x': return String.fromCharCode(parseInt(escape.slice(1), 16));
      case 'u': return String.fromCodePoint(parseInt(escape.replace(/[u{}]/g, ''), 16));
      case '\n': case '\r': return '';
      default: return escape;
    }
  });
}
