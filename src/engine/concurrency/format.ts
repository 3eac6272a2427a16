/**
 * How times and counts are written, the same in the webview, its summary, the CodeLens above each function and the
 * CLI's SVG and HTML timelines, so none of them disagree about "3.0 s".
 */

/** A duration in seconds for people: "3.0 s", "250 ms", "0.5 ms", "120 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (seconds === 0) return '0 s';
  if (seconds >= 100) return `${Math.round(seconds)} s`;
  // Tenths of a second up to 100 s; 0.95 s and up would round to "1.0 s", which is what people expect.
  if (seconds >= 0.95) return `${seconds.toFixed(1)} s`;
  const ms = seconds * 1000;
  if (ms >= 9.95) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** "1.7×"; a speed-up is a ratio, so one decimal is all the precision it deserves. */
export function formatSpeedUp(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '–';
}

/**
 * A count with thousands separators, "10,001". Written out rather than `toLocaleString('en-US')`, whose first call
 * in a page loads the locale data: a third of the visualizer's first draw of 10,000 tasks.
 */
export function formatCount(count: number): string {
  const digits = String(Math.trunc(Math.abs(count)));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 ? `-${grouped}` : grouped;
}

/** The CodeLens title: "3.0 s · 2 at once", or "1.0 s · one at a time" when nothing overlaps. */
export function lensTitle(totalTime: number, peakConcurrency: number): string {
  const concurrency = peakConcurrency <= 1 ? 'one at a time' : `${peakConcurrency} at once`;
  return `${formatSeconds(totalTime)} · ${concurrency}`;
}
