import * as assert from 'assert/strict';
import { simulationBounds } from '../../../src/engine/concurrency/timeline';
import { isFromWebview, isToWebview, optionBounds, simulationOptionsOf, ViewOptions, withRequestedOptions } from '../../../src/webview/protocol';
import { semaphoreTimeline } from './fakeTimelines';

const options: ViewOptions = { itemCount: 10, defaultLatencyMs: 100 };

describe('webview protocol', () => {
  describe('host to webview', () => {
    it('accepts a timeline, fresh or stale, and a status', () => {
      assert.ok(isToWebview({ type: 'timeline', timeline: semaphoreTimeline(), options, functionName: 'main' }));
      assert.ok(isToWebview({ type: 'timeline', timeline: semaphoreTimeline(), options, functionName: 'main', stale: 'has syntax errors' }));
      assert.ok(isToWebview({ type: 'status', message: 'The cursor is not in an async function' }));
      assert.ok(isToWebview({ type: 'timeline', timeline: semaphoreTimeline(), options, functionName: 'main', document: 'file:///a.py' }));
    });
    const ignored: Array<[string, unknown]> = [
      ['an unknown type', { type: 'explode' }],
      ['a message with no type', { timeline: semaphoreTimeline() }],
      ['not an object', 'timeline'],
      ['null', null],
      ['a timeline without spans', { type: 'timeline', timeline: { ...semaphoreTimeline(), spans: undefined }, options, functionName: 'main' }],
      ['a timeline without options', { type: 'timeline', timeline: semaphoreTimeline(), functionName: 'main' }],
      ['a status without a message', { type: 'status' }],
      ['a timeline whose document is not a string', { type: 'timeline', timeline: semaphoreTimeline(), options, functionName: 'main', document: 42 }],
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
