/**
 * Lowers Python's `match` statement into the model: its subject is kept in a name of its own (evaluated once, as
 * Python does), and its cases become a chain of `if`s whose conditions are `match` expressions (the pattern, then
 * the guard with `and`). An `if` is what the simulator already decides, or says it does not (undecided.ts), so a
 * case the code does not decide is listed as an assumption with its line like any undecided condition.
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../syntax';
import type { Expr, MatchPattern, Stmt } from './model';

export interface MatchLowering {
  expr(node: Node): Expr;
  block(node: Node): Stmt[];
  lineOf(node: Node): number;
  textOf(node: Node): string;
}

export function lowerMatch(node: Node, lowering: MatchLowering): Stmt[] {
  const line = lowering.lineOf(node);
  const subjects = node.childrenForFieldName('subject').filter((n): n is Node => n !== null);
  if (subjects.length === 0) return [];
  // `match a, b:` matches the tuple.
  const value: Expr = subjects.length === 1 ? lowering.expr(subjects[0]) : { kind: 'list', items: subjects.map(s => lowering.expr(s)), tuple: true, line };
  // A name no program can write: nested or repeated matches each have their own (by line and column).
  const name = `match subject ${line}:${node.startPosition.column}`;
  const subject: Expr = { kind: 'var', name, line };
  const clauses = namedChildren(field(node, 'body') ?? node).filter(c => c.type === 'case_clause');
  let chain: Stmt[] = [];
  for (let i = clauses.length - 1; i >= 0; i--) {
    const clause = clauses[i];
    const patterns = namedChildren(clause).filter(c => c.type === 'case_pattern');
    // `case 1, 2:` is a sequence pattern without brackets.
    const pattern: MatchPattern = patterns.length === 1 ? lowerPattern(patterns[0], lowering) : { kind: 'sequence', ...sequenceItems(patterns, lowering) };
    const caseLine = lowering.lineOf(clause);
    let condition: Expr = { kind: 'match', subject, pattern, line: caseLine };
    const guard = field(clause, 'guard');
    const guardValue = guard?.firstNamedChild;
    if (guardValue) condition = { kind: 'logical', operator: 'and', left: condition, right: lowering.expr(guardValue), line: caseLine };
    const consequence = field(clause, 'consequence');
    // The case as written, up to its colon (a mapping pattern has colons of its own).
    const caseText = lowering.textOf(clause).slice(0, consequence ? consequence.startIndex - clause.startIndex : undefined).replace(/\s*:\s*$/, '');
    chain = [{ kind: 'if', condition, then: consequence ? lowering.block(consequence) : [], otherwise: chain, text: caseText, line: caseLine }];
  }
  return [{ kind: 'assign', targets: [{ kind: 'name', name }], value, declare: true, line }, ...chain];
}

function sequenceItems(nodes: Node[], lowering: MatchLowering): { items: MatchPattern[]; star?: number; starName?: string } {
  const items: MatchPattern[] = [];
  let star: number | undefined;
  let starName: string | undefined;
  for (const node of nodes) {
    const inner = node.type === 'case_pattern' ? node.firstNamedChild : node;
    if (inner?.type === 'splat_pattern') {
      star = items.length;
      starName = inner.firstNamedChild?.text;
      items.push({ kind: 'wildcard' });
    } else items.push(lowerPattern(node, lowering));
  }
  return { items, star, starName };
}

function lowerPattern(node: Node, lowering: MatchLowering): MatchPattern {
  if (node.type === 'case_pattern') {
    const inner = node.firstNamedChild;
    // `_` is no named node: the wildcard.
    return inner ? lowerPattern(inner, lowering) : { kind: 'wildcard' };
  }
  const named = namedChildren(node);
  switch (node.type) {
    case 'dotted_name': {
      const parts = named.map(n => n.text);
      if (parts.length === 1) return parts[0] === '_' ? { kind: 'wildcard' } : { kind: 'capture', name: parts[0] };
      return { kind: 'value', value: dotted(node, lowering) };
    }
    case 'as_pattern': {
      const alias = named[named.length - 1];
      return { kind: 'as', pattern: lowerPattern(named[0], lowering), name: alias.text };
    }
    case 'union_pattern': return { kind: 'or', alternatives: named.map(n => lowerPattern(n, lowering)) };
    case 'list_pattern': case 'tuple_pattern': return { kind: 'sequence', ...sequenceItems(named, lowering) };
    case 'dict_pattern': {
      const entries: Array<{ key: Expr; value: MatchPattern }> = [];
      const keys = node.childrenForFieldName('key').filter((n): n is Node => n !== null);
      const values = node.childrenForFieldName('value').filter((n): n is Node => n !== null);
      keys.forEach((key, i) => entries.push({ key: literal(key, lowering), value: values[i] ? lowerPattern(values[i], lowering) : { kind: 'wildcard' } }));
      const splat = named.find(n => n.type === 'splat_pattern');
      return { kind: 'mapping', entries, rest: splat?.firstNamedChild?.text };
    }
    case 'class_pattern': {
      const cls = named[0];
      const args: MatchPattern[] = [];
      const keywords: Array<{ name: string; value: MatchPattern }> = [];
      for (const argument of named.slice(1)) {
        const keyword = argument.type === 'case_pattern' && argument.firstNamedChild?.type === 'keyword_pattern' ? argument.firstNamedChild : argument.type === 'keyword_pattern' ? argument : undefined;
        if (keyword) {
          const [name, value] = namedChildren(keyword);
          keywords.push({ name: name.text, value: value ? lowerPattern(value, lowering) : { kind: 'wildcard' } });
        } else args.push(lowerPattern(argument, lowering));
      }
      return { kind: 'class', cls: dotted(cls, lowering), args, keywords };
    }
    case 'string': case 'concatenated_string': case 'integer': case 'float': case 'none': case 'true': case 'false':
      return { kind: 'value', value: literal(node, lowering) };
    default: return { kind: 'unknown', text: lowering.textOf(node) };
  }
}

/** `a.b.C` of a pattern, a `dotted_name` node (no expression): the first name as any name is read, then attributes. */
function dotted(node: Node, lowering: MatchLowering): Expr {
  const [first, ...rest] = namedChildren(node);
  if (!first) return { kind: 'unknown', text: lowering.textOf(node), line: lowering.lineOf(node) };
  let value = lowering.expr(first);
  for (const part of rest) value = { kind: 'member', object: value, property: part.text, line: lowering.lineOf(part) };
  return value;
}

/** A literal of a pattern; `-1` has its sign as a token before the number. */
function literal(node: Node, lowering: MatchLowering): Expr {
  const value = lowering.expr(node);
  if (node.previousSibling?.type === '-') return { kind: 'unary', operator: '-', operand: value, line: lowering.lineOf(node) };
  return value;
}
