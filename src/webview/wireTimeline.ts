/**
 * A timeline as it travels from the simulation worker through the extension host to the webview: its tasks and
 * spans as columns of numbers, their labels as indexes into one table of strings. A 10,000-task timeline is
 * 20,000 small objects, and every hop (the worker's structured clone into the host, VS Code's JSON, the webview
 * frames' structured clones) copied them one by one: most of the first draw went there. A few arrays of numbers
 * copy in one piece; the page rebuilds the objects once (`timelineFromWire`). Free of `vscode` and the DOM.
 */
import { spanStates, type SpanState, type Timeline, type TimelineSpan, type TimelineTask } from '../engine/concurrency/timeline';

export interface WireTimeline extends Omit<Timeline, 'tasks' | 'spans'> {
  /** Every label once; tasks and spans name theirs by index. */
  strings: string[];
  /** `parent` is -1 for the function under visualization. */
  tasks: { id: number[]; label: number[]; parent: number[]; line: number[] };
  /** `state` indexes `spanStates`. */
  spans: { task: number[]; label: number[]; start: number[]; end: number[]; state: number[]; line: number[] };
}

export function timelineToWire(timeline: Timeline): WireTimeline {
  const { tasks, spans, ...scalars } = timeline;
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const stringIndex = (text: string): number => {
    let index = indexOf.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      indexOf.set(text, index);
    }
    return index;
  };
  const stateIndex = new Map(spanStates.map((state, index) => [state, index]));
  const wireTasks: WireTimeline['tasks'] = { id: [], label: [], parent: [], line: [] };
  for (const task of tasks) {
    wireTasks.id.push(task.id);
    wireTasks.label.push(stringIndex(task.label));
    wireTasks.parent.push(task.parent ?? -1);
    wireTasks.line.push(task.line);
  }
  const wireSpans: WireTimeline['spans'] = { task: [], label: [], start: [], end: [], state: [], line: [] };
  for (const span of spans) {
    wireSpans.task.push(span.task);
    wireSpans.label.push(stringIndex(span.label));
    wireSpans.start.push(span.start);
    wireSpans.end.push(span.end);
    wireSpans.state.push(stateIndex.get(span.state)!);
    wireSpans.line.push(span.line);
  }
  return { ...scalars, strings, tasks: wireTasks, spans: wireSpans };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** `length` numbers (for `index`: whole numbers below `index`). */
function isColumn(value: unknown, length: number, index?: number): value is number[] {
  if (!Array.isArray(value) || value.length !== length) return false;
  for (const item of value) {
    if (typeof item !== 'number') return false;
    if (index !== undefined && !(Number.isInteger(item) && item >= 0 && item < index)) return false;
  }
  return true;
}

/** Whether `value` is a whole wire timeline's tasks and spans (the scalars are checked with the message). */
export function hasWireColumns(value: Record<string, unknown>): boolean {
  const { strings, tasks, spans } = value;
  if (!Array.isArray(strings) || !strings.every(text => typeof text === 'string') || !isObject(tasks) || !isObject(spans)) return false;
  const taskCount = Array.isArray(tasks.id) ? tasks.id.length : -1;
  const spanCount = Array.isArray(spans.task) ? spans.task.length : -1;
  return isColumn(tasks.id, taskCount) && isColumn(tasks.label, taskCount, strings.length) && isColumn(tasks.parent, taskCount)
    && isColumn(tasks.line, taskCount) && isColumn(spans.task, spanCount) && isColumn(spans.label, spanCount, strings.length)
    && isColumn(spans.start, spanCount) && isColumn(spans.end, spanCount) && isColumn(spans.state, spanCount, spanStates.length)
    && isColumn(spans.line, spanCount);
}

/** The timeline the page draws; `wire` has passed `hasWireColumns`. */
export function timelineFromWire(wire: WireTimeline): Timeline {
  const { strings, tasks: wireTasks, spans: wireSpans, ...scalars } = wire;
  const tasks: TimelineTask[] = new Array(wireTasks.id.length);
  for (let i = 0; i < tasks.length; i++) {
    const parent = wireTasks.parent[i];
    tasks[i] = parent < 0
      ? { id: wireTasks.id[i], label: strings[wireTasks.label[i]], line: wireTasks.line[i] }
      : { id: wireTasks.id[i], label: strings[wireTasks.label[i]], parent, line: wireTasks.line[i] };
  }
  const spans: TimelineSpan[] = new Array(wireSpans.task.length);
  for (let i = 0; i < spans.length; i++) {
    spans[i] = {
      task: wireSpans.task[i], label: strings[wireSpans.label[i]], start: wireSpans.start[i], end: wireSpans.end[i],
      state: spanStates[wireSpans.state[i]] as SpanState, line: wireSpans.line[i],
    };
  }
  return { ...scalars, tasks, spans };
}
