/** How the simulator writes model expressions and values into labels. */
import type { Expr, Pattern } from './model';
import { isObject, Value } from './values';

export function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

const shortened = new Map<string, string>();

/** Labels repeat (one per task of a fan-out): computed once per source text. */
export function shorten(text: string, max = 60): string {
  if (max === 60) {
    let label = shortened.get(text);
    if (label === undefined) {
      if (shortened.size > 10000) shortened.clear();
      shortened.set(text, (label = shortenText(text, max)));
    }
    return label;
  }
  return shortenText(text, max);
}

function shortenText(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export function formatArg(value: Value, expr: Expr | undefined): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'None';
  if (typeof value === 'string') return shorten(value, 20);
  if (isObject(value) && value.t === 'unknown') return shorten(value.text, 20);
  if (expr?.kind === 'var' && !expr.name.startsWith('__')) return expr.name;
  return '…';
}

/** Source-like text of a model expression, for labels and dotted-name lookups. */
export function exprText(expr: Expr | Pattern): string {
  if (typeof expr === 'string') return expr;
  if (Array.isArray(expr)) return expr.map(exprText).join(', ');
  switch (expr.kind) {
    case 'var': return expr.name;
    case 'member': return `${exprText(expr.object)}.${expr.property}`;
    case 'const': return String(expr.value);
    case 'call': case 'builtin': case 'io': case 'await': return expr.text;
    case 'unknown': return expr.text;
    default: return expr.kind;
  }
}
