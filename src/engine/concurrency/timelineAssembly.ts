/** Turns what a simulation recorded (tasks, spans, assumptions, notes) into the `Timeline` the views draw. */
import type { BudgetKind } from './budget';
import type { FunctionModel } from './model';
import { round } from './text';
import type { Assumption, Timeline, TimelineSpan, TimelineTask } from './timeline';
import type { SimError, SimTask } from './values';

export interface Recorded {
  language: 'python' | 'javascript';
  tasks: SimTask[];
  spans: TimelineSpan[];
  /** The clock when the simulation ended. */
  now: number;
  assumptions: Assumption[];
  /** Notes so far; the assembly adds its own (deadlock, exception, what was left running). */
  note: (message: string, line?: number) => void;
  notes: () => Assumption[];
  truncated: boolean;
  budgetExhausted?: BudgetKind;
}

export function assembleTimeline(fn: FunctionModel, root: SimTask, finishedAt: number | undefined, recorded: Recorded): Timeline {
  const visible = recorded.tasks.filter(t => !t.hidden);
  const spans = mergeAdjacent(recorded.spans.filter(s => s.end > s.start)).sort((a, b) => a.start - b.start || a.task - b.task);
  const work = spans.filter(s => s.state === 'running' || s.state === 'cancelled');
  const concurrency = concurrencySteps(work);
  const peakConcurrency = concurrency.reduce((peak, step) => Math.max(peak, step.count), 0);
  const sequentialTime = round(work.reduce((sum, s) => sum + (s.end - s.start), 0));
  const totalTime = round(finishedAt ?? recorded.now);
  const outcome = finishedAt === undefined ? (recorded.truncated ? 'truncated' : 'deadlocked') : root.result && 'error' in root.result ? 'raised' : 'returned';
  if (outcome === 'deadlocked' && !recorded.truncated) {
    const stuck = visible.filter(t => !t.done && t.pending).map(t => `${t.label} (${t.pending!.effect.label}, line ${t.pending!.effect.line})`);
    recorded.note(`${fn.name} never finishes: ${stuck.length > 0 ? `still waiting: ${stuck.slice(0, 5).join('; ')}` : 'nothing is left to run'}.`, fn.line);
  }
  if (outcome === 'raised') recorded.note(`${fn.name} raises ${(root.result as { error: SimError }).error.name}.`, (root.result as { error: SimError }).error.line);
  if (finishedAt !== undefined) {
    const leftRunning = new Set(work.filter(s => s.end > finishedAt).map(s => s.task));
    if (leftRunning.size > 0) {
      recorded.note(`${leftRunning.size} task${leftRunning.size === 1 ? ' was' : 's were'} still running when ${fn.name} returned${recorded.language === 'javascript' ? ' (Promise.race and Promise.any do not cancel the others)' : ''}.`, fn.line);
    }
  }
  return {
    function: fn.name,
    language: recorded.language,
    line: fn.line,
    totalTime,
    peakConcurrency,
    sequentialTime,
    speedUp: totalTime > 0 && sequentialTime > 0 ? round(sequentialTime / totalTime) : 1,
    tasks: visible.map(t => ({ id: t.id, label: t.label, parent: visibleParent(recorded.tasks, t), line: t.line }) satisfies TimelineTask),
    spans: spans.map(s => { s.start = round(s.start); s.end = round(s.end); return s; }),
    concurrency,
    assumptions: recorded.assumptions,
    notes: recorded.notes(),
    truncated: recorded.truncated,
    outcome,
    ...(recorded.truncated && recorded.budgetExhausted ? { budgetExhausted: recorded.budgetExhausted } : {}),
  };
}

function visibleParent(tasks: SimTask[], task: SimTask): number | undefined {
  let parent = task.parent === undefined ? undefined : tasks[task.parent];
  while (parent && parent.hidden) parent = parent.parent === undefined ? undefined : tasks[parent.parent];
  return parent?.id;
}

/** One span where a task waited on the same thing in several steps (a TaskGroup woken by each finished task). */
function mergeAdjacent(spans: TimelineSpan[]): TimelineSpan[] {
  const last = new Map<number, TimelineSpan>();
  const merged: TimelineSpan[] = [];
  for (const span of spans) {
    const previous = last.get(span.task);
    if (previous && previous.end === span.start && previous.label === span.label && previous.line === span.line && previous.state === span.state && span.state !== 'running') {
      previous.end = span.end;
      continue;
    }
    merged.push(span);
    last.set(span.task, span);
  }
  return merged;
}

export function concurrencySteps(work: TimelineSpan[]): Array<{ time: number; count: number }> {
  // Starts and ends sorted apart, then merged: at equal times ends come first, so a task that hands over its permit
  // does not overlap its successor. Typed arrays: no object per change (a fan-out has tens of thousands).
  const starts = Float64Array.from(work, span => span.start).sort();
  const ends = Float64Array.from(work, span => span.end).sort();
  const steps: Array<{ time: number; count: number }> = [];
  let count = 0;
  let i = 0, j = 0;
  while (i < starts.length || j < ends.length) {
    const isEnd = j < ends.length && (i >= starts.length || ends[j] <= starts[i]);
    const time = round(isEnd ? ends[j++] : starts[i++]);
    count += isEnd ? -1 : 1;
    if (steps.length > 0 && steps[steps.length - 1].time === time) steps[steps.length - 1].count = count;
    else steps.push({ time, count });
  }
  return steps;
}
