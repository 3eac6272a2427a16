/**
 * The messages between the visualizer's host (src/extension/visualizer) and its webview (src/webview/main.ts).
 * Both sides import this file, so a change to a message breaks the build on both; it imports neither `vscode`
 * nor the DOM. Each side checks what it receives with the guard below and ignores anything else: a webview can
 * outlive an update of the extension, and a message from an older or newer protocol must not break it.
 */
import { simulationBounds, type SimulationOptions } from '../engine/concurrency/timeline';
import { hasWireColumns, type WireTimeline } from './wireTimeline';

/** The knobs the webview shows: what the simulation assumed, in the units the user sees (latency in ms). */
export interface ViewOptions {
  itemCount: number;
  defaultLatencyMs: number;
  /** Undefined: every limiter admits what the code says. */
  limitOverride?: number;
}

export type ToWebview =
  /**
   * A picture to show. `stale` says why it is the last good one rather than the current code's
   * (e.g. "has syntax errors", "no longer exists"); absent when it is up to date. The timeline travels as columns
   * (wireTimeline.ts): the page rebuilds it.
   */
  | {
    type: 'timeline'; timeline: WireTimeline; options: ViewOptions; functionName: string; stale?: string;
    /** The visualized document's URI: the page keeps it in its state, so a panel restored after a reload finds it. */
    document?: string;
  }
  /** Nothing to show yet (no async function at the cursor, the file is not analyzed, ...). */
  | { type: 'status'; message: string };

export type FromWebview =
  /** The webview's script is running and listening; the host answers with the current picture. */
  | { type: 'ready' }
  /** Show this 1-based line of the visualized document in the editor. */
  | { type: 'reveal'; line: number }
  /** Re-run the simulation with these assumptions; a missing key keeps its value, `limitOverride: null` clears it. */
  | { type: 'setOptions'; itemCount?: number; defaultLatencyMs?: number; limitOverride?: number | null }
  /**
   * What the webview drew, read back from its own DOM, so tests in the extension host (which cannot see the
   * webview's DOM) can check the page rather than the data sent to it.
   */
  | {
    type: 'rendered'; functionName: string; total: string; peak: string; stale: string; status: string;
    /** What the page says next to the limit control (a limit with no limiter to change), or ''. */
    limitHint: string;
    /** The lines of the assumptions' and notes' reveal buttons, in the order shown. */
    revealLines: number[];
  };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isOptionalNumber = (value: unknown) => value === undefined || isFiniteNumber(value);

/** The timeline's fields the webview reads before drawing, and whole columns of tasks and spans. */
function looksLikeTimeline(value: unknown): value is WireTimeline {
  return isObject(value) && typeof value.function === 'string' && isFiniteNumber(value.totalTime)
    && isFiniteNumber(value.peakConcurrency) && hasWireColumns(value)
    && Array.isArray(value.concurrency) && Array.isArray(value.assumptions) && Array.isArray(value.notes);
}

function looksLikeViewOptions(value: unknown): value is ViewOptions {
  return isObject(value) && isFiniteNumber(value.itemCount) && isFiniteNumber(value.defaultLatencyMs) && isOptionalNumber(value.limitOverride);
}

/** Used by the webview on what the host posts. */
export function isToWebview(message: unknown): message is ToWebview {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'timeline':
      return looksLikeTimeline(message.timeline) && looksLikeViewOptions(message.options)
        && typeof message.functionName === 'string' && isOptionalString(message.stale) && isOptionalString(message.document);
    case 'status':
      return typeof message.message === 'string';
    default:
      return false;
  }
}

/** Used by the host on what the webview posts. */
export function isFromWebview(message: unknown): message is FromWebview {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'ready':
      return true;
    case 'reveal':
      return Number.isInteger(message.line) && (message.line as number) >= 1;
    case 'setOptions':
      return isOptionalNumber(message.itemCount) && isOptionalNumber(message.defaultLatencyMs)
        && (message.limitOverride === null || isOptionalNumber(message.limitOverride));
    case 'rendered':
      return typeof message.functionName === 'string' && typeof message.total === 'string'
        && typeof message.peak === 'string' && typeof message.stale === 'string' && typeof message.status === 'string'
        && typeof message.limitHint === 'string' && Array.isArray(message.revealLines) && message.revealLines.every(line => Number.isInteger(line));
    default:
      return false;
  }
}

/** The engine's options from what the user set: the simulator works in seconds, people think in milliseconds. */
export function simulationOptionsOf(options: ViewOptions): Partial<SimulationOptions> {
  const simulation: Partial<SimulationOptions> = { itemCount: options.itemCount, defaultLatency: options.defaultLatencyMs / 1000 };
  if (options.limitOverride !== undefined) simulation.limitOverride = options.limitOverride;
  return simulation;
}

/**
 * What each of the page's controls accepts: the page's `min`/`max` attributes, its check before sending, and the
 * host's check of what it receives all read this (a page is not trusted to have checked).
 */
export const optionBounds = {
  itemCount: { min: 1, max: simulationBounds.maxItemCount, whole: true },
  defaultLatencyMs: { min: 0, max: simulationBounds.maxLatencySeconds * 1000, whole: false },
  limitOverride: { min: 1, max: simulationBounds.maxLimit, whole: true },
} as const;

export function isAllowedOption(option: keyof typeof optionBounds, value: number): boolean {
  const bounds = optionBounds[option];
  return (bounds.whole ? Number.isInteger(value) : Number.isFinite(value)) && bounds.min <= value && value <= bounds.max;
}

/**
 * Applies a `setOptions` request to the current options, keeping values a simulation can use: counts are whole,
 * latencies not negative, and each within `optionBounds`. Anything else keeps the current value.
 */
export function withRequestedOptions(current: ViewOptions, request: Extract<FromWebview, { type: 'setOptions' }>): ViewOptions {
  const next: ViewOptions = { ...current };
  if (request.itemCount !== undefined && isAllowedOption('itemCount', request.itemCount)) next.itemCount = request.itemCount;
  if (request.defaultLatencyMs !== undefined && isAllowedOption('defaultLatencyMs', request.defaultLatencyMs)) next.defaultLatencyMs = request.defaultLatencyMs;
  if (request.limitOverride === null) delete next.limitOverride;
  else if (request.limitOverride !== undefined && isAllowedOption('limitOverride', request.limitOverride)) next.limitOverride = request.limitOverride;
  return next;
}
