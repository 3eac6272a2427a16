import * as assert from 'assert/strict';
import { simulationBounds } from '../../../src/engine/concurrency/timeline';
import { isFromWebview, isToWebview, optionBounds, simulationOptionsOf, ViewOptions, withRequestedOptions } from '../../../src/webview/protocol';
import { timelineToWire } from '../../../src/webview/wireTimeline';
import { semaphoreTimeline } from './fakeTimelines';

/** The semaphore timeline as the host sends it. */
const wire = () => timelineToWire(semaphoreTimeline());

const options: ViewOptions = { itemCount: 10, defaultLatencyMs: 100 };

/** The semaphore timeline on the wire with its first span's columns replaced by `columns` (one value each). */
function withSpans(columns: Record<string, unknown[]>): unknown {
  const timeline = wire();
  const spans: Record<string, unknown[]> = { ...timeline.spans };
  for (const [name, values] of Object.entries(columns)) spans[name] = values.length === 0 ? [] : [values[0], ...spans[name].slice(1)];
  return { ...timeline, spans };
}

describe('webview protocol', () => {
  describe('host to webview', () => {
    it('accepts a timeline, fresh or stale, and a status', () => {
      assert.ok(isToWebview({ type: 'timeline', timeline: wire(), options, functionName: 'main' }));
      assert.ok(isToWebview({ type: 'timeline', timeline: wire(), options, functionName: 'main', stale: 'has syntax errors' }));
      assert.ok(isToWebview({ type: 'status', message: 'The cursor is not in an async function' }));
      assert.ok(isToWebview({ type: 'timeline', timeline: wire(), options, functionName: 'main', document: 'file:///a.py' }));
    });
    const ignored: Array<[string, unknown]> = [
      ['an unknown type', { type: 'explode' }],
      ['a message with no type', { timeline: wire() }],
      ['not an object', 'timeline'],
      ['null', null],
      ['a timeline without spans', { type: 'timeline', timeline: { ...wire(), spans: undefined }, options, functionName: 'main' }],
      ['a timeline without options', { type: 'timeline', timeline: wire(), functionName: 'main' }],
      ['a timeline sent as objects (an older host)', { type: 'timeline', timeline: semaphoreTimeline(), options, functionName: 'main' }],
      ['a span whose label is not in the table', { type: 'timeline', timeline: withSpans({ label: [99] }), options, functionName: 'main' }],
      ['a span of an unknown state', { type: 'timeline', timeline: withSpans({ state: [17] }), options, functionName: 'main' }],
      ['columns of different lengths', { type: 'timeline', timeline: withSpans({ start: [] }), options, functionName: 'main' }],
      ['a start that is not a number', { type: 'timeline', timeline: withSpans({ start: ['0'] }), options, functionName: 'main' }],
      ['a status without a message', { type: 'status' }],
      ['a timeline whose document is not a string', { type: 'timeline', timeline: wire(), options, functionName: 'main', document: 42 }],
    ];
    for (const [what, message] of ignored) it(`ignores ${what}`, () => assert.equal(isToWebview(message), false));
  });

  describe('webview to host', () => {
    it('accepts ready, reveal, setOptions and rendered', () => {
      assert.ok(isFromWebview({ type: 'ready' }));
      assert.ok(isFromWebview({ type: 'reveal', line: 12 }));
      assert.ok(isFromWebview({ type: 'setOptions', itemCount: 50 }));
      assert.ok(isFromWebview({ type: 'setOptions', limitOverride: null }));
      assert.ok(isFromWebview({ type: 'rendered', functionName: 'main', total: '3.0 s', peak: '2', stale: '', status: '', limitHint: '', revealLines: [4, 9] }));
    });
    const ignored: Array<[string, unknown]> = [
      ['an unknown type', { type: 'runCode', code: 'rm -rf /' }],
      ['a reveal of line 0', { type: 'reveal', line: 0 }],
      ['a reveal of a fractional line', { type: 'reveal', line: 1.5 }],
      ['a reveal without a line', { type: 'reveal' }],
      ['setOptions with text', { type: 'setOptions', itemCount: '50' }],
      ['setOptions with NaN', { type: 'setOptions', defaultLatencyMs: NaN }],
      ['rendered without its reveal lines', { type: 'rendered', functionName: 'main', total: '3.0 s', peak: '2', stale: '', status: '', limitHint: '' }],
      ['undefined', undefined],
    ];
    for (const [what, message] of ignored) it(`ignores ${what}`, () => assert.equal(isFromWebview(message), false));
  });

  describe('options', () => {
    it('converts milliseconds to the seconds the simulator uses', () => {
      assert.deepEqual(simulationOptionsOf({ itemCount: 5, defaultLatencyMs: 250 }), { itemCount: 5, defaultLatency: 0.25 });
      assert.deepEqual(simulationOptionsOf({ itemCount: 5, defaultLatencyMs: 250, limitOverride: 3 }), { itemCount: 5, defaultLatency: 0.25, limitOverride: 3 });
    });
    it('applies what was asked and keeps the rest', () => {
      assert.deepEqual(withRequestedOptions(options, { type: 'setOptions', itemCount: 50 }), { itemCount: 50, defaultLatencyMs: 100 });
      assert.deepEqual(withRequestedOptions(options, { type: 'setOptions', limitOverride: 4 }), { ...options, limitOverride: 4 });
      assert.deepEqual(withRequestedOptions({ ...options, limitOverride: 4 }, { type: 'setOptions', limitOverride: null }), options);
    });
    it('keeps the current value instead of one a simulation cannot use', () => {
      assert.deepEqual(withRequestedOptions(options, { type: 'setOptions', itemCount: 0, defaultLatencyMs: -5, limitOverride: 2.5 }), options);
    });
    it('keeps the current value instead of one above its maximum (a page is not trusted to have checked)', () => {
      assert.deepEqual(withRequestedOptions(options, { type: 'setOptions', itemCount: 10_001, defaultLatencyMs: 86_400_001, limitOverride: 10_001 }), options);
      assert.deepEqual(withRequestedOptions(options, { type: 'setOptions', itemCount: 1e9 }), options);
    });
    it('accepts each maximum', () => {
      assert.deepEqual(withRequestedOptions(options, { type: 'setOptions', itemCount: 10_000, defaultLatencyMs: 86_400_000, limitOverride: 10_000 }),
        { itemCount: 10_000, defaultLatencyMs: 86_400_000, limitOverride: 10_000 });
    });
    it('takes its maxima from the engine\'s bounds', () => {
      assert.deepEqual([optionBounds.itemCount.max, optionBounds.defaultLatencyMs.max, optionBounds.limitOverride.max],
        [simulationBounds.maxItemCount, simulationBounds.maxLatencySeconds * 1000, simulationBounds.maxLimit]);
    });
  });
});
