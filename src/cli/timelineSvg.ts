/**
 * A timeline as a standalone SVG (and an HTML page around it) for `async-patterns timeline --format svg|html`:
 * one row per task, spans coloured by state, a concurrency-over-time chart below, and a summary line on top.
 * Rows past `maxRows` are summed up in one line, so a 10,000-task fan-out still gives a file a browser opens at once.
 */
import { formatSeconds, formatSpeedUp, lensTitle } from '../engine/concurrency/format';
import { SpanState, spanStateNames as stateNames, Timeline } from '../engine/concurrency/timeline';

/** Colours that read on white, one hue per meaning; the editor's webview uses theme colours instead. */
export const stateColors: Record<SpanState, string> = {
  running: '#2f7ed8',
  waiting: '#e3a21a',
  blocked: '#9b59b6',
  awaiting: '#c8ccd2',
  cancelled: '#d9534f',
  timedOut: '#a8322d',
};

/**
 * Characters XML 1.0 forbids even as references (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF;
 * a surrogate without its pair, as a label cut in the middle of an emoji has): a source's `"\x1b[31m"` must not make
 * the file unreadable.
 */
// eslint-disable-next-line no-control-regex
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML and HTML: markup escaped, forbidden characters replaced by U+FFFD. */
export const escapeXml = (text: string) => text.replace(notXml, '\uFFFD').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** The time at the chart's right edge: the latest end (a loop, not `Math.max(...spans)`, which overflows the stack). */
function chartEnd(timeline: Timeline): number {
  let end = Number.isFinite(timeline.totalTime) ? Math.max(timeline.totalTime, 1e-9) : 1e-9;
  for (const span of timeline.spans) if (span.end > end && Number.isFinite(span.end)) end = span.end;
  return end;
}

/** The CodeLens's words ("3.0 s · 2 at once"), then the sequential time and the speed-up. */
export function summaryOf(timeline: Timeline): string {
  return `${timeline.function}: ${lensTitle(timeline.totalTime, timeline.peakConcurrency)} · ` +
    `${formatSeconds(timeline.sequentialTime)} one after another (${formatSpeedUp(timeline.speedUp)} faster)`;
}

export function timelineSvg(timeline: Timeline, maxRows = 200): string {
  const width = 960, labelWidth = 220, rowHeight = 18, top = 48, chartHeight = 80;
  const rows = timeline.tasks.slice(0, maxRows);
  const hidden = timeline.tasks.length - rows.length;
  const end = chartEnd(timeline);
  const x = (t: number) => labelWidth + (t / end) * (width - labelWidth - 16);
  const rowOf = new Map(rows.map((task, i) => [task.id, i]));
  const ganttBottom = top + rows.length * rowHeight + (hidden > 0 ? rowHeight : 0);
  const height = ganttBottom + chartHeight + 56;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<title>${escapeXml(summaryOf(timeline))}</title>`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(`<text x="8" y="20" font-size="14" font-weight="600">${escapeXml(summaryOf(timeline))}</text>`);
  // Time axis: five ticks.
  for (let i = 0; i <= 4; i++) {
    const t = (end * i) / 4;
    parts.push(`<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${ganttBottom}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${x(t)}" y="${top - 10}" text-anchor="middle" fill="#555">${escapeXml(formatSeconds(t))}</text>`);
  }
  rows.forEach((task, i) => {
    parts.push(`<text x="8" y="${top + i * rowHeight + 13}">${escapeXml(task.label.length > 32 ? `${task.label.slice(0, 31)}…` : task.label)}</text>`);
  });
  for (const span of timeline.spans) {
    const row = rowOf.get(span.task);
    if (row === undefined) continue;
    const thin = span.state === 'awaiting';
    const y = top + row * rowHeight + (thin ? 7 : 3);
    parts.push(`<rect x="${x(span.start)}" y="${y}" width="${Math.max(1, x(span.end) - x(span.start))}" height="${thin ? 4 : 12}" rx="2" fill="${stateColors[span.state]}">` +
      `<title>${escapeXml(`${span.label} (line ${span.line}): ${stateNames[span.state]} ${formatSeconds(span.start)}–${formatSeconds(span.end)}`)}</title></rect>`);
  }
  if (hidden > 0) parts.push(`<text x="8" y="${ganttBottom - 5}" fill="#555">… and ${hidden} more tasks</text>`);
  // Concurrency chart: a step line of running tasks over time.
  const chartTop = ganttBottom + 24;
  const peak = Math.max(1, timeline.peakConcurrency);
  const y = (count: number) => chartTop + chartHeight - (count / peak) * chartHeight;
  let path = `M ${x(0)} ${y(0)}`;
  for (const step of timeline.concurrency) path += ` H ${x(step.time)} V ${y(step.count)}`;
  path += ` H ${x(end)}`;
  parts.push(`<text x="8" y="${chartTop + 12}">running at once (peak ${timeline.peakConcurrency})</text>`);
  parts.push(`<line x1="${labelWidth}" y1="${y(0)}" x2="${x(end)}" y2="${y(0)}" stroke="#999"/>`);
  parts.push(`<path d="${path}" fill="none" stroke="${stateColors.running}" stroke-width="2"/>`);
  // Legend.
  let legendX = 8;
  for (const state of Object.keys(stateColors) as SpanState[]) {
    parts.push(`<rect x="${legendX}" y="${height - 20}" width="10" height="10" fill="${stateColors[state]}"/><text x="${legendX + 14}" y="${height - 11}">${stateNames[state]}</text>`);
    legendX += 24 + stateNames[state].length * 6.5;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export function timelineHtml(timeline: Timeline): string {
  const list = (title: string, items: Timeline['assumptions']) => items.length === 0 ? '' :
    `<h2>${title}</h2><ul>${items.map(a => `<li>${escapeXml(a.message)}${a.line ? ` <small>(line ${a.line})</small>` : ''}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeXml(summaryOf(timeline))}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328}dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px}dt{color:#555}</style></head>
<body>
<h1>${escapeXml(timeline.function)}</h1>
<dl>
<dt>Total</dt><dd id="total">${formatSeconds(timeline.totalTime)}</dd>
<dt>Peak</dt><dd id="peak">${timeline.peakConcurrency} at once</dd>
<dt>One after another</dt><dd>${formatSeconds(timeline.sequentialTime)}</dd>
<dt>Speed-up</dt><dd>${formatSpeedUp(timeline.speedUp)}</dd>
<dt>Outcome</dt><dd>${timeline.outcome}${timeline.truncated ? ' (simulation cut short)' : ''}</dd>
</dl>
${timelineSvg(timeline)}
${list('Notes', timeline.notes)}
${list('Assumptions', timeline.assumptions)}
</body>
</html>
`;
}
