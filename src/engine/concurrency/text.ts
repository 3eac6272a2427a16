/** How the simulator writes values and source into labels. */
import type { Expr } from './model';
import type { Simulation } from './simulation';
import { isObject, Value } from './values';

export function round(seconds: number): number {
  // Beyond a billion seconds a microsecond is below a double's precision: the number is kept as it is.
  return Math.abs(seconds) > 1e9 ? seconds : Math.round(seconds * 1e6) / 1e6;
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

/** An argument as a call's label shows it: `fetch(2)`, `work(sem, 'a')`, `load(url)`. */
export function argumentLabel(sim: Simulation, value: Value, expr: Expr | undefined): string {
  if (typeof value === 'number' || typeof value === 'boolean') return sim.semantics.repr(value);
  if (value === null) return sim.language === 'python' ? 'None' : 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return shorten(value, 20);
  if (isObject(value) && value.t === 'opaque') return shorten(value.text, 20);
  if (expr?.kind === 'var') return expr.name;
  return '…';
}
