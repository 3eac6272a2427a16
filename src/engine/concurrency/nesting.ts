/**
 * How deep the lowering follows nested code. Each level of a model is a level of recursion here and of nested
 * generators in the simulator, so a generated file with a 20,000-term `a + b + ...` or lists nested thousands deep
 * would overflow the JavaScript stack. Past this depth an expression becomes a value the model cannot follow and a
 * statement is left out; real code nests far less, and what it nests that deep never decides timing.
 */
import type { Node } from 'web-tree-sitter';
import { Expr } from './model';

export const maxModelNesting = 200;

/** Counts how deep the lowering is; `enter` says whether one more level may be followed. */
export class Nesting {
  private depth = 0;

  enter(): boolean {
    if (this.depth >= maxModelNesting) return false;
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }
}

/** What an expression nested too deep is lowered to (its text shortened: it only ever labels). */
export function tooDeep(node: Node): Expr {
  return { kind: 'unknown', text: `${node.text.slice(0, 40)}…`, line: node.startPosition.row + 1 };
}
