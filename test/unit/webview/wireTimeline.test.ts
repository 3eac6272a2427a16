import * as assert from 'assert/strict';
import { spanStates, type Timeline } from '../../../src/engine/concurrency/timeline';
import { isToWebview } from '../../../src/webview/protocol';
import { timelineFromWire, timelineToWire } from '../../../src/webview/wireTimeline';
import { fanoutTimeline, semaphoreTimeline } from './fakeTimelines';

/** Every state once, a task without a parent and labels shared between tasks and spans. */
function everyState(): Timeline {
  const timeline = semaphoreTimeline();
  timeline.spans = spanStates.map((state, i) => ({ task: i % timeline.tasks.length, label: i % 2 ? 'fetch(url)' : timeline.tasks[0].label, start: i * 0.25, end: i * 0.25 + 0.1, state, line: 3 + i }));
  return timeline;
}

describe('the timeline on the wire', () => {
  const cases: Array<[string, Timeline]> = [
    ['a semaphore timeline', semaphoreTimeline()],
    ['a fan-out of 2,000 tasks', fanoutTimeline(2000, 16)],
    ['every span state', everyState()],
  ];
  for (const [what, timeline] of cases) {
    it(`rebuilds ${what} exactly`, () => {
      const wire = timelineToWire(timeline);
      assert.ok(isToWebview({ type: 'timeline', timeline: wire, options: { itemCount: 10, defaultLatencyMs: 100 }, functionName: 'main' }));
      // Through JSON, as VS Code carries it to the page.
      assert.deepEqual(timelineFromWire(JSON.parse(JSON.stringify(wire))), timeline);
    });
  }

  it('carries each label once, however many tasks and spans share it', () => {
    for (const timeline of [fanoutTimeline(2000, 16), everyState()]) {
      const wire = timelineToWire(timeline);
      const labels = new Set([...timeline.tasks.map(task => task.label), ...timeline.spans.map(span => span.label)]);
      assert.deepEqual(new Set(wire.strings), labels);
      assert.equal(wire.strings.length, labels.size);
      assert.equal(wire.tasks.id.length, timeline.tasks.length);
    }
  });

  it('keeps the summary the host and the CodeLens read as it is', () => {
    const timeline = semaphoreTimeline();
    const wire = timelineToWire(timeline);
    for (const key of ['function', 'language', 'line', 'totalTime', 'peakConcurrency', 'sequentialTime', 'speedUp', 'concurrency', 'assumptions', 'notes', 'outcome', 'truncated'] as const) {
      assert.deepEqual(wire[key], timeline[key], key);
    }
  });
});
