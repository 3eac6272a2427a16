/**
 * The visualizer page's HTML: a fixed skeleton that dist/webview.js fills in. Kept free of `vscode` so the
 * security-relevant parts (the CSP, the nonce) are unit-tested.
 *
 * The CSP allows nothing by default; the one script runs by nonce, styles and images come only from the
 * extension's own folders (`cspSource`), and nothing remote is ever loaded.
 */
import { randomBytes } from 'crypto';
import { spanStateNames, spanStates } from '../../engine/concurrency/timeline';
import { optionBounds } from '../../webview/protocol';

export interface PageResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per page. */
  nonce: string;
  /** `asWebviewUri` of dist/webview.js and media/timeline.css. */
  scriptUri: string;
  styleUri: string;
}


/** 32 characters from [A-Za-z0-9], from a cryptographic source: a nonce must not be guessable. */
export function makeNonce(random: (size: number) => Uint8Array = randomBytes): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), byte => alphabet[byte % alphabet.length]).join('');
}

export function contentSecurityPolicy({ cspSource, nonce }: Pick<PageResources, 'cspSource' | 'nonce'>): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

/** The `min` and `max` attributes of a control, from the bounds the host checks too. */
const range = (option: keyof typeof optionBounds) => `min="${optionBounds[option].min}" max="${optionBounds[option].max}"`;

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function visualizerHtml(resources: PageResources): string {
  const legend = spanStates
    .map(state => `<li><canvas data-state="${state}" aria-hidden="true"></canvas>${spanStateNames[state]}</li>`)
    .join('\n          ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(resources))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${escapeAttribute(resources.styleUri)}" rel="stylesheet">
  <title>Concurrency</title>
</head>
<body>
  <header>
    <h1><span class="muted">Concurrency of</span> <span id="title">…</span></h1>
    <p id="status" role="status" aria-live="polite">Waiting for the extension…</p>
    <p id="stale" class="stale" role="alert" hidden></p>
  </header>
  <main id="content" hidden>
    <section class="summary" aria-label="Summary">
      <dl>
        <div><dt>Total</dt><dd id="total">–</dd></div>
        <div><dt>Peak</dt><dd id="peak">–</dd></div>
        <div><dt>Sequential</dt><dd id="sequential">–</dd></div>
        <div><dt>Speed-up</dt><dd id="speedup">–</dd></div>
        <div><dt>Tasks</dt><dd id="taskCount">–</dd></div>
        <div><dt>Outcome</dt><dd id="outcome">–</dd></div>
      </dl>
    </section>
    <form id="controls" class="controls" aria-label="Assumptions">
      <label>Items in unknown collections <input id="itemCount" type="number" ${range('itemCount')} step="1" required></label>
      <label>Latency of unknown calls (ms) <input id="latency" type="number" ${range('defaultLatencyMs')} step="10" required></label>
      <label>Limit every limiter to <input id="limit" type="number" ${range('limitOverride')} step="1" placeholder="as written" aria-describedby="limitHint"></label>
      <span id="limitHint" class="muted" role="status" hidden></span>
    </form>
    <section aria-label="Legend">
      <ul id="legend" class="legend">
          ${legend}
      </ul>
    </section>
    <section class="gantt" aria-label="Timeline">
      <canvas id="axis" aria-hidden="true"></canvas>
      <!-- role="application": screen readers pass the arrow keys to the timeline instead of reading the page. -->
      <div id="gantt-scroll" class="gantt-scroll">
        <canvas id="gantt" tabindex="0" role="application" aria-roledescription="timeline"
          aria-label="Timeline of tasks. Arrow keys move between spans, Enter shows the span's line in the editor."></canvas>
        <div id="gantt-spacer"></div>
      </div>
    </section>
    <section class="chart" aria-label="Tasks running over time">
      <h2>Running at once</h2>
      <canvas id="concurrency" role="img" aria-label="Number of tasks running over time"></canvas>
    </section>
    <section class="lists">
      <div><h2>Assumptions</h2><ul id="assumptions"></ul></div>
      <div><h2>Notes</h2><ul id="notes"></ul></div>
    </section>
  </main>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
  <div id="announcer" class="visually-hidden" aria-live="polite"></div>
  <script nonce="${resources.nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
</body>
</html>`;
}
