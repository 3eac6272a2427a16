/**
 * The visualizer's page (bundled to dist/webview.js): a Gantt chart of the predicted timeline on a canvas, a
 * concurrency-over-time chart, a summary and the assumption controls. The host sends pictures and statuses
 * (protocol.ts); the page sends back reveals, option changes and what it rendered.
 *
 * The Gantt is a canvas drawn only for the rows in view (a tall spacer gives the native scrollbar its range), so
 * 10,000 tasks cost the same per frame as 30. Colours come from the theme's CSS variables, read at draw time, so a
 * theme switch only needs a redraw.
 */
import { spanStateNames, spanStates, type SpanState, type Timeline, type TimelineSpan } from '../engine/concurrency/timeline';
import { formatCount, formatSeconds, formatSpeedUp } from '../engine/concurrency/format';
import { ganttIndex, GanttIndex, KeyMove, nextSpan, niceTicks, spanAt, spanRect, timeScale, TimeScale, visibleRows, xOf } from './layout';
import { FromWebview, isAllowedOption, isToWebview, ToWebview } from './protocol';
import { timelineFromWire } from './wireTimeline';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the panel being hidden and shown again (the page itself is thrown away meanwhile). */
interface SavedState {
  message?: ToWebview;
  scrollTop?: number;
  focused?: number;
}

const vscode = acquireVsCodeApi();

const rowHeight = 22;
const axisHeight = 22;
const chartHeight = 90;


const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const elements = {
  title: byId<HTMLElement>('title'),
  status: byId<HTMLElement>('status'),
  stale: byId<HTMLElement>('stale'),
  content: byId<HTMLElement>('content'),
  total: byId<HTMLElement>('total'),
  peak: byId<HTMLElement>('peak'),
  sequential: byId<HTMLElement>('sequential'),
  speedUp: byId<HTMLElement>('speedup'),
  taskCount: byId<HTMLElement>('taskCount'),
  outcome: byId<HTMLElement>('outcome'),
  itemCount: byId<HTMLInputElement>('itemCount'),
  latency: byId<HTMLInputElement>('latency'),
  limit: byId<HTMLInputElement>('limit'),
  limitHint: byId<HTMLElement>('limitHint'),
  legend: byId<HTMLElement>('legend'),
  axis: byId<HTMLCanvasElement>('axis'),
  scroller: byId<HTMLElement>('gantt-scroll'),
  gantt: byId<HTMLCanvasElement>('gantt'),
  spacer: byId<HTMLElement>('gantt-spacer'),
  chart: byId<HTMLCanvasElement>('concurrency'),
  assumptions: byId<HTMLUListElement>('assumptions'),
  notes: byId<HTMLUListElement>('notes'),
  tooltip: byId<HTMLElement>('tooltip'),
  announcer: byId<HTMLElement>('announcer'),
};

/** The picture on screen, and where the user is in it. */
let shown: { message: Extract<ToWebview, { type: 'timeline' }>; index: GanttIndex } | undefined;
let focusedSpan: number | undefined;
let hoveredSpan: number | undefined;

// ---- Theme ----------------------------------------------------------------------------------------------------

interface Palette {
  state: Record<SpanState, string>;
  foreground: string;
  muted: string;
  grid: string;
  focus: string;
  rowStripe: string;
  contrastBorder: string;
  font: string;
}

function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Read at every draw: cheap for a handful of variables, and always the current theme's. */
function palette(): Palette {
  const state = {} as Record<SpanState, string>;
  for (const name of spanStates) state[name] = cssVariable(`--state-${name}`, '#888');
  return {
    state,
    foreground: cssVariable('--vscode-foreground', '#ccc'),
    muted: cssVariable('--vscode-descriptionForeground', '#999'),
    grid: cssVariable('--grid-color', 'rgba(128,128,128,0.25)'),
    focus: cssVariable('--vscode-focusBorder', '#007fd4'),
    rowStripe: cssVariable('--row-stripe', 'rgba(128,128,128,0.06)'),
    contrastBorder: cssVariable('--vscode-contrastBorder', ''),
    font: `${cssVariable('--vscode-editor-font-size', '12px').replace(/^(\d+)$/, '$1px')} ${cssVariable('--vscode-font-family', 'sans-serif')}`,
  };
}

// ---- Canvas helpers -------------------------------------------------------------------------------------------

/** Sizes a canvas for the device's pixel ratio and returns a context drawing in CSS pixels. */
function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const context = canvas.getContext('2d')!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

/**
 * One span, drawn so that its state is told by shape as well as colour (for colour-blind users and high
 * contrast): running is a full bar, awaiting a thin one, waiting and blocked hollow with a tinted fill,
 * cancelled and timed out a full bar ending in a mark.
 */
function drawSpan(context: CanvasRenderingContext2D, colours: Palette, state: SpanState, x: number, y: number, width: number, height: number): void {
  const colour = colours.state[state];
  context.fillStyle = colour;
  context.strokeStyle = colour;
  context.lineWidth = 1;
  switch (state) {
    case 'awaiting': {
      const thin = Math.max(3, Math.round(height / 4));
      context.fillRect(x, y + (height - thin) / 2, width, thin);
      break;
    }
    case 'waiting':
    case 'blocked':
      context.globalAlpha = 0.3;
      context.fillRect(x, y, width, height);
      context.globalAlpha = 1;
      if (state === 'blocked') {
        // Hatched, so a queue wait is told from a limiter wait even where yellow and orange look alike.
        context.save();
        context.beginPath();
        context.rect(x, y, width, height);
        context.clip();
        context.beginPath();
        for (let stripe = x - height; stripe < x + width; stripe += 5) {
          context.moveTo(stripe, y + height);
          context.lineTo(stripe + height, y);
        }
        context.stroke();
        context.restore();
      }
      context.strokeRect(x + 0.5, y + 0.5, Math.max(0, width - 1), height - 1);
      break;
    case 'cancelled':
    case 'timedOut':
      context.fillRect(x, y, width, height);
      context.fillStyle = colours.foreground;
      context.fillRect(x + width - 2, y - 1, 2, height + 2);
      break;
    default:
      context.fillRect(x, y, width, height);
  }
  if (colours.contrastBorder && state !== 'awaiting') {
    context.strokeStyle = colours.contrastBorder;
    context.strokeRect(x + 0.5, y + 0.5, Math.max(0, width - 1), height - 1);
  }
}

function fitText(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (context.measureText(`${text.slice(0, middle)}…`).width <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low)}…`;
}

// ---- Layout ---------------------------------------------------------------------------------------------------

/** The widest task label, measured once per timeline (over the first few hundred: enough to size the column). */
let widestLabel = 0;

function measureLabels(timeline: Timeline): void {
  const context = elements.gantt.getContext('2d');
  if (!context) return;
  context.font = palette().font;
  widestLabel = 0;
  for (const task of timeline.tasks.slice(0, 300)) widestLabel = Math.max(widestLabel, context.measureText(task.label).width + (task.parent === undefined ? 4 : 14));
}

/** Room for the labels, but never more than 40% of the width: the timeline is the point. */
function labelWidth(width: number): number {
  return Math.round(Math.min(width * 0.4, Math.max(90, widestLabel + 12)));
}

function currentScale(): TimeScale {
  const width = elements.scroller.clientWidth;
  const left = labelWidth(width);
  return timeScale(left, width - left - 12, shown?.message.timeline.totalTime ?? 1);
}

/** The Gantt viewport: all rows when they fit, else most of the window, scrolled. */
function ganttViewportHeight(rows: number): number {
  return Math.min(rows * rowHeight, Math.max(160, Math.round(window.innerHeight * 0.55)));
}

// ---- Drawing --------------------------------------------------------------------------------------------------

function drawAxis(scale: TimeScale, colours: Palette): void {
  const width = elements.scroller.clientWidth;
  const context = prepare(elements.axis, width, axisHeight);
  context.font = colours.font;
  context.fillStyle = colours.muted;
  context.strokeStyle = colours.grid;
  context.textBaseline = 'middle';
  const ticks = niceTicks(scale.duration, Math.max(2, Math.floor(scale.width / 80)));
  ticks.forEach((tick, i) => {
    const x = xOf(scale, tick);
    context.beginPath();
    context.moveTo(Math.round(x) + 0.5, axisHeight - 6);
    context.lineTo(Math.round(x) + 0.5, axisHeight);
    context.stroke();
    const text = formatSeconds(tick);
    const textWidth = context.measureText(text).width;
    context.textAlign = 'left';
    // The last label is kept inside the canvas rather than centred on its tick.
    const textX = i === 0 ? x : Math.min(x - textWidth / 2, width - textWidth - 2);
    context.fillText(text, textX, axisHeight / 2 - 2);
  });
  context.textAlign = 'left';
  context.fillText('task', 4, axisHeight / 2 - 2);
}

function drawGantt(): void {
  if (!shown) return;
  const { index } = shown;
  const colours = palette();
  const scale = currentScale();
  const rows = index.taskIds.length;
  const viewport = ganttViewportHeight(rows);
  const width = elements.scroller.clientWidth;
  elements.scroller.style.height = `${viewport}px`;
  elements.spacer.style.height = `${Math.max(0, rows * rowHeight - viewport)}px`;
  drawAxis(scale, colours);
  const context = prepare(elements.gantt, width, viewport);
  // Where time starts and how wide it runs, for UI scripts that point at a span (scripts/screenshots.js).
  elements.gantt.dataset.timeLeft = String(scale.left);
  elements.gantt.dataset.timeWidth = String(scale.width);
  const scrollTop = elements.scroller.scrollTop;
  const { first, last } = visibleRows(scrollTop, viewport, rowHeight, rows);
  const timeline = index.timeline;
  context.font = colours.font;
  context.textBaseline = 'middle';

  // Grid lines at the axis' ticks.
  context.strokeStyle = colours.grid;
  for (const tick of niceTicks(scale.duration, Math.max(2, Math.floor(scale.width / 80)))) {
    const x = Math.round(xOf(scale, tick)) + 0.5;
    context.beginPath();
    context.moveTo(x, 0);
    context.lineTo(x, viewport);
    context.stroke();
  }
  for (let row = first; row <= last; row++) {
    const y = row * rowHeight - scrollTop;
    if (row % 2 === 1) {
      context.fillStyle = colours.rowStripe;
      context.fillRect(0, y, width, rowHeight);
    }
    const task = index.taskById.get(index.taskIds[row]);
    context.fillStyle = colours.foreground;
    // Children are indented under their parent, so the tree of tasks reads from the labels.
    const indent = task?.parent === undefined ? 4 : 14;
    context.fillText(fitText(context, task?.label ?? '', scale.left - indent - 6), indent, y + rowHeight / 2);
    for (const spanIndex of index.spansByRow[row]) {
      const span = timeline.spans[spanIndex];
      const { x, width: spanWidth } = spanRect(scale, span);
      drawSpan(context, colours, span.state, x, y + 4, spanWidth, rowHeight - 8);
    }
  }
  for (const [spanIndex, lineWidth] of [[hoveredSpan, 1], [focusedSpan, 2]] as const) {
    if (spanIndex === undefined || !timeline.spans[spanIndex]) continue;
    const span = timeline.spans[spanIndex];
    const row = index.rowOf.get(span.task) ?? 0;
    if (row < first || row > last) continue;
    const { x, width: spanWidth } = spanRect(scale, span);
    context.strokeStyle = spanIndex === focusedSpan ? colours.focus : colours.foreground;
    context.lineWidth = lineWidth;
    context.strokeRect(x - 1.5, row * rowHeight - scrollTop + 2.5, spanWidth + 3, rowHeight - 5);
    context.lineWidth = 1;
  }
}

function drawConcurrency(): void {
  if (!shown) return;
  const timeline = shown.index.timeline;
  const colours = palette();
  const scale = currentScale();
  const width = elements.scroller.clientWidth;
  const context = prepare(elements.chart, width, chartHeight);
  const top = 12;
  const bottom = chartHeight - 6;
  const peak = Math.max(1, timeline.peakConcurrency);
  const yOf = (count: number) => bottom - (count / peak) * (bottom - top);
  context.font = colours.font;
  context.textBaseline = 'middle';
  context.fillStyle = colours.muted;
  context.fillText('0', scale.left - 16, bottom);
  context.fillText(String(peak), scale.left - 16, yOf(peak));
  // The step function as one path: O(steps), fine for the 20,000 steps the engine can produce.
  context.beginPath();
  context.moveTo(xOf(scale, 0), bottom);
  let previous = 0;
  for (const step of timeline.concurrency) {
    const x = xOf(scale, step.time);
    context.lineTo(x, yOf(previous));
    context.lineTo(x, yOf(step.count));
    previous = step.count;
  }
  context.lineTo(xOf(scale, scale.duration), yOf(previous));
  context.lineTo(xOf(scale, scale.duration), bottom);
  context.closePath();
  context.globalAlpha = 0.35;
  context.fillStyle = colours.state.running;
  context.fill();
  context.globalAlpha = 1;
  context.strokeStyle = colours.state.running;
  context.stroke();
  // The peak, dashed, so "2 at once" can be read off the chart.
  context.setLineDash([4, 3]);
  context.strokeStyle = colours.muted;
  context.beginPath();
  context.moveTo(scale.left, Math.round(yOf(peak)) + 0.5);
  context.lineTo(scale.left + scale.width, Math.round(yOf(peak)) + 0.5);
  context.stroke();
  context.setLineDash([]);
}

function drawLegend(): void {
  const colours = palette();
  for (const canvas of Array.from(elements.legend.querySelectorAll<HTMLCanvasElement>('canvas[data-state]'))) {
    const context = prepare(canvas, 28, 14);
    drawSpan(context, colours, canvas.dataset.state as SpanState, 1, 1, 26, 12);
  }
}

function redraw(): void {
  drawLegend();
  drawGantt();
  drawConcurrency();
}

// ---- Summary and text ------------------------------------------------------------------------------------------

function fillList(list: HTMLUListElement, items: Array<{ message: string; line?: number }>, empty: string): void {
  list.replaceChildren();
  if (items.length === 0) {
    const item = document.createElement('li');
    item.className = 'empty';
    item.textContent = empty;
    list.append(item);
    return;
  }
  for (const { message, line } of items) {
    const item = document.createElement('li');
    if (line !== undefined) {
      // A real button: reachable with Tab and Enter, unlike a clickable list item.
      const button = document.createElement('button');
      button.className = 'link';
      button.dataset.line = String(line);
      button.textContent = `line ${line}`;
      button.addEventListener('click', () => post({ type: 'reveal', line }));
      item.append(button, ` ${message}`);
    } else item.textContent = message;
    list.append(item);
  }
}

function totalText(timeline: Timeline): string {
  return timeline.truncated ? `≥ ${formatSeconds(timeline.totalTime)}` : formatSeconds(timeline.totalTime);
}

function outcomeText(timeline: Timeline): string {
  switch (timeline.outcome) {
    case 'raised':
      return 'raises';
    case 'deadlocked':
      return 'never returns (deadlock)';
    case 'truncated':
      return 'not reached (stopped early)';
    default:
      return 'returns';
  }
}

function showSummary(message: Extract<ToWebview, { type: 'timeline' }>, timeline: Timeline): void {
  const { options } = message;
  elements.title.textContent = `${message.functionName}()`;
  elements.total.textContent = totalText(timeline);
  elements.peak.textContent = String(timeline.peakConcurrency);
  elements.sequential.textContent = formatSeconds(timeline.sequentialTime);
  elements.speedUp.textContent = formatSpeedUp(timeline.speedUp);
  elements.taskCount.textContent = formatCount(timeline.tasks.length);
  elements.outcome.textContent = outcomeText(timeline);
  elements.stale.hidden = message.stale === undefined;
  elements.stale.textContent = message.stale === undefined ? '' : `Showing the last good picture: ${message.functionName} ${message.stale}.`;
  elements.status.textContent = '';
  // The engine's notes say why a simulation stopped early; the summary marks its numbers as lower bounds.
  const notes = timeline.notes;
  fillList(elements.assumptions, timeline.assumptions, 'None: the code says everything the prediction needed.');
  fillList(elements.notes, notes, 'None.');
  // Never overwrite a field the user is typing in: their value is on its way to the host.
  const set = (input: HTMLInputElement, value: string) => {
    if (document.activeElement !== input) input.value = value;
  };
  set(elements.itemCount, String(options.itemCount));
  set(elements.latency, String(options.defaultLatencyMs));
  set(elements.limit, options.limitOverride === undefined ? '' : String(options.limitOverride));
  // A limit with nothing to limit would otherwise change nothing, silently.
  const nothingToLimit = options.limitOverride !== undefined && timeline.limiters === 0;
  elements.limitHint.hidden = !nothingToLimit;
  elements.limitHint.textContent = nothingToLimit ? `${message.functionName} creates no limiter: the limit changes nothing.` : '';
}

// ---- Messages ---------------------------------------------------------------------------------------------------

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function show(message: ToWebview, restored?: SavedState): void {
  if (message.type === 'status') {
    // The host keeps a picture of the current function when it has one (sent as stale), so a status means
    // whatever is drawn belongs to another function: say only the status.
    shown = undefined;
    elements.title.textContent = '';
    elements.status.textContent = message.message;
    elements.content.hidden = true;
    hideTooltip();
    saveState();
    reportRendered('');
    return;
  }
  const sameFunction = shown?.message.functionName === message.functionName;
  lastStatus = undefined;
  const timeline = timelineFromWire(message.timeline);
  shown = { message, index: ganttIndex(timeline) };
  elements.content.hidden = false;
  if (!sameFunction) {
    focusedSpan = restored?.focused;
    elements.scroller.scrollTop = 0;
  }
  if (focusedSpan !== undefined && !timeline.spans[focusedSpan]) focusedSpan = undefined;
  hoveredSpan = undefined;
  hideTooltip();
  showSummary(message, timeline);
  measureLabels(timeline);
  redraw();
  if (restored?.scrollTop) elements.scroller.scrollTop = restored.scrollTop;
  saveState();
  reportRendered(message.functionName);
}

/** Tells the host what the page now shows, read from the DOM itself (see `rendered` in protocol.ts). */
function reportRendered(functionName: string): void {
  const visible = !elements.content.hidden;
  post({
    type: 'rendered',
    functionName,
    total: visible ? elements.total.textContent ?? '' : '',
    peak: visible ? elements.peak.textContent ?? '' : '',
    stale: visible && !elements.stale.hidden ? elements.stale.textContent ?? '' : '',
    status: elements.status.textContent ?? '',
    limitHint: visible && !elements.limitHint.hidden ? elements.limitHint.textContent ?? '' : '',
    revealLines: visible ? [...document.querySelectorAll<HTMLButtonElement>('#assumptions button[data-line], #notes button[data-line]')].map(button => Number(button.dataset.line)) : [],
  });
}

let lastStatus: ToWebview | undefined;
function saveState(): void {
  const message = shown?.message ?? lastStatus;
  vscode.setState({ message, scrollTop: elements.scroller.scrollTop, focused: focusedSpan });
}

window.addEventListener('message', event => {
  const message: unknown = event.data;
  if (!isToWebview(message)) return; // from another version of the extension, or not for us
  if (message.type === 'status') lastStatus = message;
  show(message);
});

// ---- Pointer ----------------------------------------------------------------------------------------------------

function describe(spanIndex: number): { title: string; lines: string[] } | undefined {
  if (!shown) return undefined;
  const timeline = shown.index.timeline;
  const span: TimelineSpan | undefined = timeline.spans[spanIndex];
  if (!span) return undefined;
  const task = shown.index.taskById.get(span.task);
  return {
    title: task?.label ?? `task ${span.task}`,
    lines: [
      `${span.label}: ${spanStateNames[span.state]}`,
      `${formatSeconds(span.start)} → ${formatSeconds(span.end)} (${formatSeconds(span.end - span.start)})`,
      `line ${span.line}`,
    ],
  };
}

function showTooltip(spanIndex: number, clientX: number, clientY: number): void {
  const description = describe(spanIndex);
  if (!description) return hideTooltip();
  const title = document.createElement('strong');
  title.textContent = description.title;
  elements.tooltip.replaceChildren(title, ...description.lines.map(line => {
    const div = document.createElement('div');
    div.textContent = line;
    return div;
  }));
  elements.tooltip.hidden = false;
  const { width, height } = elements.tooltip.getBoundingClientRect();
  const x = Math.min(clientX + 12, window.innerWidth - width - 4);
  const y = clientY + 16 + height > window.innerHeight ? clientY - height - 8 : clientY + 16;
  elements.tooltip.style.left = `${Math.max(4, x)}px`;
  elements.tooltip.style.top = `${Math.max(4, y)}px`;
}

function hideTooltip(): void {
  elements.tooltip.hidden = true;
}

function spanUnderPointer(event: MouseEvent): number | undefined {
  if (!shown) return undefined;
  const bounds = elements.gantt.getBoundingClientRect();
  const x = event.clientX - bounds.left;
  const y = event.clientY - bounds.top + elements.scroller.scrollTop;
  return spanAt(shown.index, currentScale(), rowHeight, x, y);
}

elements.gantt.addEventListener('mousemove', event => {
  const found = spanUnderPointer(event);
  if (found !== hoveredSpan) {
    hoveredSpan = found;
    drawGantt();
  }
  elements.gantt.classList.toggle('over-span', found !== undefined);
  if (found === undefined) hideTooltip();
  else showTooltip(found, event.clientX, event.clientY);
});

elements.gantt.addEventListener('mouseleave', () => {
  hoveredSpan = undefined;
  hideTooltip();
  drawGantt();
});

elements.gantt.addEventListener('click', event => {
  const found = spanUnderPointer(event);
  if (found === undefined || !shown) return;
  focusedSpan = found;
  drawGantt();
  saveState();
  post({ type: 'reveal', line: shown.index.timeline.spans[found].line });
});

// ---- Keyboard ---------------------------------------------------------------------------------------------------

const keyMoves: Record<string, KeyMove> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down', Home: 'home', End: 'end' };

function scrollToSpan(spanIndex: number): void {
  if (!shown) return;
  const row = shown.index.rowOf.get(shown.index.timeline.spans[spanIndex].task) ?? 0;
  const viewport = elements.scroller.clientHeight;
  const top = row * rowHeight;
  if (top < elements.scroller.scrollTop) elements.scroller.scrollTop = top;
  else if (top + rowHeight > elements.scroller.scrollTop + viewport) elements.scroller.scrollTop = top + rowHeight - viewport;
}

function announce(spanIndex: number): void {
  const description = describe(spanIndex);
  if (description) elements.announcer.textContent = `${description.title}. ${description.lines.join('. ')}. Enter reveals it.`;
}

/** Puts the keyboard on a span: scrolls it into view, draws the focus ring, says what it is, shows its tooltip. */
function focusSpan(spanIndex: number): void {
  focusedSpan = spanIndex;
  scrollToSpan(spanIndex);
  drawGantt();
  announce(spanIndex);
  saveState();
  if (!shown) return;
  const span = shown.index.timeline.spans[spanIndex];
  const bounds = elements.gantt.getBoundingClientRect();
  const row = shown.index.rowOf.get(span.task) ?? 0;
  const { x, width } = spanRect(currentScale(), span);
  showTooltip(spanIndex, bounds.left + x + width / 2, bounds.top + row * rowHeight - elements.scroller.scrollTop + rowHeight / 2);
}

elements.gantt.addEventListener('keydown', event => {
  if (!shown) return;
  const move = keyMoves[event.key];
  if (move) {
    event.preventDefault();
    const next = nextSpan(shown.index, focusedSpan, move);
    if (next !== undefined) focusSpan(next);
  } else if ((event.key === 'Enter' || event.key === ' ') && focusedSpan !== undefined) {
    event.preventDefault();
    post({ type: 'reveal', line: shown.index.timeline.spans[focusedSpan].line });
  } else if (event.key === 'Escape') hideTooltip();
});

elements.gantt.addEventListener('focus', () => {
  if (!shown) return;
  const start = focusedSpan ?? nextSpan(shown.index, undefined, 'right');
  if (start !== undefined) focusSpan(start);
});
elements.gantt.addEventListener('blur', () => hideTooltip());

// ---- Scrolling, resizing, theme --------------------------------------------------------------------------------

let frame = 0;
/** At most one redraw per animation frame, however many scroll or resize events arrive. */
function scheduleRedraw(all = false): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (all) redraw();
    else drawGantt();
  });
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
elements.scroller.addEventListener('scroll', () => {
  hideTooltip();
  scheduleRedraw();
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveState, 200);
});
new ResizeObserver(() => scheduleRedraw(true)).observe(elements.scroller);
window.addEventListener('resize', () => scheduleRedraw(true));
// VS Code switches themes by changing the body's class and CSS variables: redraw with the new colours.
new MutationObserver(() => scheduleRedraw(true)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ---- Controls -----------------------------------------------------------------------------------------------------

let optionsTimer: ReturnType<typeof setTimeout> | undefined;
/** Sends the controls' valid values a moment after the last keystroke: each change re-runs the simulation. */
function sendOptions(): void {
  clearTimeout(optionsTimer);
  optionsTimer = setTimeout(() => {
    const request: Extract<FromWebview, { type: 'setOptions' }> = { type: 'setOptions' };
    const itemCount = elements.itemCount.valueAsNumber;
    const latency = elements.latency.valueAsNumber;
    const limit = elements.limit.valueAsNumber;
    if (isAllowedOption('itemCount', itemCount)) request.itemCount = itemCount;
    if (isAllowedOption('defaultLatencyMs', latency)) request.defaultLatencyMs = latency;
    if (elements.limit.value.trim() === '') request.limitOverride = null;
    else if (isAllowedOption('limitOverride', limit)) request.limitOverride = limit;
    for (const input of [elements.itemCount, elements.latency, elements.limit]) input.setAttribute('aria-invalid', String(!input.checkValidity()));
    post(request);
  }, 150);
}
for (const input of [elements.itemCount, elements.latency, elements.limit]) input.addEventListener('input', sendOptions);
byId<HTMLFormElement>('controls').addEventListener('submit', event => event.preventDefault());

// ---- Start --------------------------------------------------------------------------------------------------------

const saved = vscode.getState() as SavedState | undefined;
if (saved?.message && isToWebview(saved.message)) {
  if (saved.message.type === 'status') lastStatus = saved.message;
  show(saved.message, saved);
}
drawLegend();
post({ type: 'ready' });
