import * as assert from 'assert/strict';
import { contentSecurityPolicy, makeNonce, visualizerHtml } from '../../../src/extension/visualizer/html';

const resources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/timeline.css',
};

describe('visualizer page', () => {
  const html = visualizerHtml(resources);
  it('allows nothing by default, scripts only by nonce, styles only from the extension', () => {
    const csp = contentSecurityPolicy(resources);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, new RegExp(`style-src ${resources.cspSource.replace(/[.+]/g, '\\$&')}(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
    assert.ok(html.includes(`content="${csp}"`));
  });
  it('loads exactly one script, with the nonce, and no inline script or style', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="abc123" src="${resources.scriptUri}">`]);
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/);
  });
  it('refers to nothing remote', () => {
    for (const [, url] of html.matchAll(/(?:src|href)="([^"]*)"/g)) assert.ok(url.startsWith(resources.cspSource), url);
  });
  it('has the summary fields tests and screen readers read', () => {
    for (const id of ['total', 'peak', 'sequential', 'speedup', 'assumptions', 'notes', 'gantt', 'concurrency', 'itemCount', 'latency', 'limit', 'limitHint']) {
      assert.match(html, new RegExp(`id="${id}"`));
    }
    assert.match(html, /id="gantt" tabindex="0"/);
  });
  it('bounds each control as the host does', () => {
    assert.match(html, /id="itemCount" type="number" min="1" max="10000"/);
    assert.match(html, /id="latency" type="number" min="0" max="86400000"/);
    assert.match(html, /id="limit" type="number" min="1" max="10000"/);
  });
  it('makes a fresh 32-character alphanumeric nonce each time', () => {
    const [a, b] = [makeNonce(), makeNonce()];
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, b);
  });
});
