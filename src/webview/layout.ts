/**
 * The geometry of the Gantt chart, kept apart from the DOM so it can be unit-tested: where a time falls on the
 * x axis, which rows are visible, which span is under the pointer, and which span the arrow keys move to.
 * Everything here is O(visible rows) or O(log spans) per call, so 10,000 tasks cost no more to draw than 30.
 */
import type { Timeline, TimelineSpan, TimelineTask } from '../engine/concurrency/timeline';

/** Maps seconds to pixels across the chart's drawing area (after the label column). */
export interface TimeScale {
  /** x of time 0. */
  left: number;
  /** Pixels for the whole timeline. */
  width: number;
  /** The time at the right edge; never 0, so an empty timeline still has a scale. */
  duration: number;
}

export function timeScale(left: number, width: number, duration: number): TimeScale {
  return { left, width: Math.max(1, width), duration: duration > 0 ? duration : 1 };
}

export function xOf(scale: TimeScale, time: number): number {
  return scale.left + (time / scale.duration) * scale.width;
}

export function timeAt(scale: TimeScale, x: number): number {
  return ((x - scale.left) / scale.width) * scale.duration;
}

/**
 * Tick marks at 1, 2 or 5 × 10^k seconds, so that about `target` of them fit: the steps people read easily.
 */
export function niceTicks(duration: number, target = 8): number[] {
  if (!(duration > 0)) return [0];
  const rough = duration / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map(m => m * power).find(candidate => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  // Rounded to the step's precision so that 0.1 + 0.2 is drawn (and labelled) as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; i * step <= duration * (1 + 1e-9); i++) ticks.push(Number((i * step).toFixed(digits)));
  return ticks;
}

/** The rows (tasks, by index) that a viewport `height` pixels tall, scrolled to `scrollTop`, shows. */
export function visibleRows(scrollTop: number, height: number, rowHeight: number, rowCount: number): { first: number; last: number } {
  if (rowCount === 0 || height <= 0) return { first: 0, last: -1 };
  const first = Math.min(rowCount - 1, Math.max(0, Math.floor(scrollTop / rowHeight)));
  const last = Math.min(rowCount - 1, Math.max(first, Math.ceil((scrollTop + height) / rowHeight) - 1));
  return { first, last };
}

/**
 * The timeline arranged for drawing: one row per task in the engine's order, each row's spans sorted by start.
 * Built once per timeline; every later question (draw, hover, keys) is answered from it.
 */
export interface GanttIndex {
  readonly timeline: Timeline;
  /** Row → task id. */
  readonly taskIds: number[];
  /** Task id → row. */
  readonly rowOf: Map<number, number>;
  /** Task id → task. */
  readonly taskById: Map<number, TimelineTask>;
  /** Row → indexes into timeline.spans, sorted by start time. */
  readonly spansByRow: number[][];
}

export function ganttIndex(timeline: Timeline): GanttIndex {
  const taskIds = timeline.tasks.map(task => task.id);
  const rowOf = new Map<number, number>();
  taskIds.forEach((id, row) => rowOf.set(id, row));
  const spansByRow: number[][] = taskIds.map(() => []);
  timeline.spans.forEach((span, index) => {
    const row = rowOf.get(span.task);
    if (row !== undefined) spansByRow[row].push(index);
  });
  for (const row of spansByRow) row.sort((a, b) => timeline.spans[a].start - timeline.spans[b].start || a - b);
  const taskById = new Map(timeline.tasks.map(task => [task.id, task]));
  return { timeline, taskIds, rowOf, taskById, spansByRow };
}

/** Where a span is drawn: never narrower than `minWidth` pixels, so an instant still has something to point at. */
export function spanRect(scale: TimeScale, span: TimelineSpan, minWidth = 2): { x: number; width: number } {
  const x = xOf(scale, span.start);
  return { x, width: Math.max(minWidth, xOf(scale, span.end) - x) };
}

/**
 * The span under a point of the chart (content coordinates: y includes the scroll offset, x the label column),
 * or undefined. Spans drawn at their minimum width are hit over that width, like they look; where spans of one
 * row overlap, the one drawn last (the later start) wins, as it is the one on top.
 */
export function spanAt(index: GanttIndex, scale: TimeScale, rowHeight: number, x: number, y: number, minWidth = 2): number | undefined {
  const row = Math.floor(y / rowHeight);
  if (row < 0 || row >= index.spansByRow.length || x < scale.left) return undefined;
  const spans = index.timeline.spans;
  const candidates = index.spansByRow[row];
  // Binary search for the last span starting at or before x (in pixels, so minimum widths are respected).
  let low = 0;
  let high = candidates.length - 1;
  let lastStarted = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (xOf(scale, spans[candidates[middle]].start) <= x) {
      lastStarted = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  for (let i = lastStarted; i >= 0; i--) {
    const rect = spanRect(scale, spans[candidates[i]], minWidth);
    if (x <= rect.x + rect.width) return candidates[i];
    // Spans of a task seldom overlap, so a few steps back is enough; stop where nothing earlier can reach x.
    if (lastStarted - i > 16) break;
  }
  return undefined;
}

export type KeyMove = 'left' | 'right' | 'up' | 'down' | 'home' | 'end';

/**
 * The span the keyboard moves to from `current`: left/right within its task, up/down to the span of the
 * neighbouring task nearest in time, home/end to the first/last task's first span. Undefined `current` starts at
 * the first span. Returns `current` when there is nowhere to go.
 */
export function nextSpan(index: GanttIndex, current: number | undefined, move: KeyMove): number | undefined {
  const spans = index.timeline.spans;
  const firstOfRow = (row: number) => index.spansByRow[row]?.[0];
  const rowsWithSpans = (from: number, step: number): number | undefined => {
    for (let row = from; row >= 0 && row < index.spansByRow.length; row += step) if (index.spansByRow[row].length > 0) return row;
    return undefined;
  };
  if (current === undefined || spans[current] === undefined) {
    const row = rowsWithSpans(0, 1);
    return row === undefined ? undefined : firstOfRow(row);
  }
  const row = index.rowOf.get(spans[current].task) ?? 0;
  const inRow = index.spansByRow[row];
  const position = inRow.indexOf(current);
  switch (move) {
    case 'left':
      return position > 0 ? inRow[position - 1] : current;
    case 'right':
      return position < inRow.length - 1 ? inRow[position + 1] : current;
    case 'home': {
      const first = rowsWithSpans(0, 1);
      return first === undefined ? current : firstOfRow(first);
    }
    case 'end': {
      const last = rowsWithSpans(index.spansByRow.length - 1, -1);
      return last === undefined ? current : firstOfRow(last);
    }
    case 'up':
    case 'down': {
      const target = rowsWithSpans(row + (move === 'up' ? -1 : 1), move === 'up' ? -1 : 1);
      if (target === undefined) return current;
      const time = spans[current].start;
      let best = index.spansByRow[target][0];
      for (const candidate of index.spansByRow[target]) {
        if (Math.abs(spans[candidate].start - time) < Math.abs(spans[best].start - time)) best = candidate;
      }
      return best;
    }
  }
}
