/** Turns what a simulation recorded (rows, spans, assumptions, notes) into the `Timeline` the views draw. */
import type { BudgetKind } from './budget';
import type { FunctionModel } from './model';
import type { Scheduler } from './scheduler';
import type { LanguageSemantics } from './semantics';
import { round } from './text';
import type { Assumption, SpanState, Timeline, TimelineSpan, TimelineTask } from './timeline';
import { isObject, PromiseValue } from './values';

export interface Recorded {
  semantics: LanguageSemantics;
  scheduler: Scheduler;
  assumptions: Assumption[];
  /** Notes so far; the assembly adds its own (deadlock, exception, what was left running). */
  note: (message: string, line?: number) => void;
  notes: () => Assumption[];
  truncated: boolean;
  budgetExhausted?: BudgetKind;
  limiters: number;
}

const work = new Set<SpanState>(['running', 'cancelled']);

export function assembleTimeline(fn: FunctionModel, root: PromiseValue, finishedAt: number | undefined, recorded: Recorded): Timeline {
  const { scheduler, semantics } = recorded;
  // A span the simulation did not see end (it stopped first) ends where the simulation did.
  for (const span of scheduler.spans) if (span.end > scheduler.now) span.end = scheduler.now;
  // Sorted once, by start then row: merging needs each row's spans in order of start, and keeps the order.
  const spans = mergeAdjacent(withoutCoveredWaits(scheduler.spans.filter(s => s.end > s.start)).sort((a, b) => a.start - b.start || a.task - b.task));
  const running = spans.filter(s => work.has(s.state));
  const concurrency = concurrencySteps(running);
  const peakConcurrency = concurrency.reduce((peak, step) => Math.max(peak, step.count), 0);
  const sequentialTime = round(running.reduce((sum, s) => sum + (s.end - s.start), 0));
  const totalTime = round(finishedAt ?? scheduler.now);
  const outcome = finishedAt === undefined ? (recorded.truncated ? 'truncated' : 'deadlocked') : root.state === 'rejected' ? 'raised' : 'returned';
  if (outcome === 'deadlocked') {
    const waiting = [...scheduler.live].filter(t => t.pending).map(t => `${scheduler.rows[t.row.id].label} (${t.pending!.wait.label || 'a promise'}, line ${t.pending!.wait.line})`);
    recorded.note(`${fn.name} never finishes: nothing is left that could release what it waits for${waiting.length > 0 ? `; still waiting: ${waiting.slice(0, 5).join('; ')}` : ''}.`, fn.line);
  }
  if (outcome === 'raised') {
    const error = root.error!;
    const name = isObject(error.value) && error.value.t === 'record' && error.value.cls ? error.value.cls.name : semantics.toText(error.value);
    const value = error.value;
    const ownMessage = isObject(value) && value.t === 'record' ? value.props.get('message') : undefined;
    const message = typeof ownMessage === 'string' ? ownMessage : isObject(value) && value.t === 'record' ? semantics.toText(value) : '';
    const detail = message && message !== name ? `: ${message.length > 80 ? `${message.slice(0, 79)}…` : message}` : '';
    recorded.note(`${fn.name} raises ${name}${detail}${/[.!?]$/.test(detail) ? '' : '.'}`, error.line || fn.line);
  }
  if (finishedAt !== undefined) {
    const leftRunning = new Set(running.filter(s => s.end > finishedAt).map(s => s.task));
    if (leftRunning.size > 0) {
      recorded.note(`${leftRunning.size} task${leftRunning.size === 1 ? ' was' : 's were'} still running when ${fn.name} returned${semantics.language === 'javascript' ? ' (Promise.race and Promise.any do not cancel the others)' : ''}.`, fn.line);
    }
  }
  return {
    function: fn.name,
    language: semantics.language,
    line: fn.line,
    totalTime,
    peakConcurrency,
    sequentialTime,
    speedUp: totalTime > 0 && sequentialTime > 0 ? round(sequentialTime / totalTime) : 1,
    tasks: scheduler.rows.map(row => ({ id: row.id, label: row.label, parent: row.parent, line: row.line }) satisfies TimelineTask),
    spans: spans.map(s => { s.start = round(s.start); s.end = round(s.end); return s; }),
    concurrency,
    assumptions: recorded.assumptions.map(a => ({ message: a.message, line: a.line !== undefined && a.line > 0 ? a.line : fn.line })),
    notes: recorded.notes().map(a => ({ message: a.message, line: a.line !== undefined && a.line > 0 ? a.line : fn.line })),
    truncated: recorded.truncated,
    outcome,
    limiters: recorded.limiters,
    ...(recorded.truncated && recorded.budgetExhausted ? { budgetExhausted: recorded.budgetExhausted } : {}),
  };
}

/**
 * A row's wait that its own work covers is not shown: `await sleep(100)` in JavaScript is the timer's running span
 * and a wait for its promise, at once; the running span says it all.
 */
function withoutCoveredWaits(spans: TimelineSpan[]): TimelineSpan[] {
  // Only rows that wait need their work listed (a fan-out has thousands of rows that only work).
  const waitingRows = new Set<number>();
  for (const span of spans) if (span.state === 'awaiting') waitingRows.add(span.task);
  if (waitingRows.size === 0) return spans;
  const runningByRow = new Map<number, TimelineSpan[]>();
  for (const span of spans) {
    if (!work.has(span.state) || !waitingRows.has(span.task)) continue;
    let list = runningByRow.get(span.task);
    if (!list) runningByRow.set(span.task, (list = []));
    list.push(span);
  }
  if (runningByRow.size === 0) return spans;
  // Each row's work as disjoint intervals, sorted, made once: a row can wait thousands of times (a loop of sleeps).
  const coverageByRow = new Map<number, Array<{ start: number; end: number }>>();
  for (const [row, running] of runningByRow) coverageByRow.set(row, unionOf(running));
  return spans.filter(span => {
    if (span.state !== 'awaiting') return true;
    const coverage = coverageByRow.get(span.task);
    return !coverage || !covered(span, coverage);
  });
}

/** The union of some spans, as disjoint intervals sorted by start. */
function unionOf(spans: readonly TimelineSpan[]): Array<{ start: number; end: number }> {
  const union: Array<{ start: number; end: number }> = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = union[union.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else union.push({ start: span.start, end: span.end });
  }
  return union;
}

/** Whether one of the disjoint, sorted intervals holds all of `span` (found by binary search on the starts). */
function covered(span: TimelineSpan, coverage: ReadonlyArray<{ start: number; end: number }>): boolean {
  let low = 0;
  let high = coverage.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (coverage[middle].start <= span.start) { found = middle; low = middle + 1; } else high = middle - 1;
  }
  return found >= 0 && coverage[found].end >= span.end;
}

/**
 * One span where a row waited on the same thing in several steps (a TaskGroup woken by each finished task).
 * `spans` are in order of start.
 */
function mergeAdjacent(spans: TimelineSpan[]): TimelineSpan[] {
  // Each row's last span, by row id (rows are numbered from 0): an array, no hashing for 10,000 rows.
  const last: Array<TimelineSpan | undefined> = [];
  const merged: TimelineSpan[] = [];
  for (const span of spans) {
    const previous = last[span.task];
    if (previous && previous.end === span.start && previous.label === span.label && previous.line === span.line && previous.state === span.state && span.state !== 'running') {
      previous.end = span.end;
      continue;
    }
    merged.push(span);
    last[span.task] = span;
  }
  return merged;
}

/** `running` is in order of start (see `assembleTimeline`). */
function concurrencySteps(running: TimelineSpan[]): Array<{ time: number; count: number }> {
  // Starts and ends apart, then merged: at equal times ends come first, so a task that hands over its permit
  // does not overlap its successor. Typed arrays: no object per change (a fan-out has tens of thousands). The
  // starts come sorted (rounding keeps the order); only the ends need sorting.
  const starts = new Float64Array(running.length);
  const ends = new Float64Array(running.length);
  for (let k = 0; k < running.length; k++) {
    starts[k] = round(running[k].start);
    ends[k] = round(running[k].end);
  }
  ends.sort();
  const steps: Array<{ time: number; count: number }> = [];
  let count = 0;
  let i = 0, j = 0;
  while (i < starts.length || j < ends.length) {
    const isEnd = j < ends.length && (i >= starts.length || ends[j] <= starts[i]);
    const time = isEnd ? ends[j++] : starts[i++];
    count += isEnd ? -1 : 1;
    if (steps.length > 0 && steps[steps.length - 1].time === time) steps[steps.length - 1].count = count;
    else steps.push({ time, count });
  }
  return steps;
}
