import * as assert from 'assert/strict';
import { ganttIndex, nextSpan, niceTicks, spanAt, spanRect, timeAt, timeScale, visibleRows, xOf } from '../../../src/webview/layout';
import { fanoutTimeline, semaphoreTimeline } from './fakeTimelines';

describe('webview layout', () => {
  describe('time scale', () => {
    const scale = timeScale(100, 600, 3);
    it('puts time 0 at the left edge and the duration at the right edge', () => {
      assert.equal(xOf(scale, 0), 100);
      assert.equal(xOf(scale, 3), 700);
      assert.equal(xOf(scale, 1.5), 400);
    });
    it('maps x back to the same time', () => assert.equal(timeAt(scale, xOf(scale, 2.25)), 2.25));
    it('gives an empty timeline a scale instead of dividing by zero', () => {
      assert.ok(Number.isFinite(xOf(timeScale(0, 100, 0), 0)));
      assert.ok(Number.isFinite(xOf(timeScale(0, 0, 0), 1)));
    });
  });

  describe('ticks', () => {
    it('steps 1, 2 or 5 times a power of ten', () => {
      assert.deepEqual(niceTicks(3, 6), [0, 0.5, 1, 1.5, 2, 2.5, 3]);
      assert.deepEqual(niceTicks(10, 5), [0, 2, 4, 6, 8, 10]);
      assert.deepEqual(niceTicks(0.3, 3), [0, 0.1, 0.2, 0.3]);
    });
    it('has one tick for an empty timeline', () => assert.deepEqual(niceTicks(0), [0]));
  });

  describe('visible rows', () => {
    it('are the rows between the scroll offset and the bottom of the viewport', () => {
      assert.deepEqual(visibleRows(0, 100, 20, 10000), { first: 0, last: 4 });
      assert.deepEqual(visibleRows(30, 100, 20, 10000), { first: 1, last: 6 });
    });
    it('stop at the last row', () => assert.deepEqual(visibleRows(0, 1000, 20, 3), { first: 0, last: 2 }));
    it('are none without rows', () => assert.deepEqual(visibleRows(0, 100, 20, 0), { first: 0, last: -1 }));
    it('cost the same for 10,000 tasks as for 10: a few dozen rows', () => {
      const { first, last } = visibleRows(20 * 5000, 600, 20, 10000);
      assert.equal(first, 5000);
      assert.equal(last - first + 1, 30);
    });
  });

  describe('hit testing', () => {
    const timeline = semaphoreTimeline();
    const index = ganttIndex(timeline);
    const scale = timeScale(200, 600, timeline.totalTime); // 200 px per second
    const rowHeight = 20;
    const hit = (x: number, row: number) => {
      const found = spanAt(index, scale, rowHeight, x, row * rowHeight + 10);
      return found === undefined ? undefined : timeline.spans[found];
    };
    it('finds the span under the pointer', () => {
      assert.equal(hit(300, 0)?.label, 'asyncio.gather(*tasks)');
      assert.equal(hit(300, 1)?.state, 'running');
      // Task 3 waits for the semaphore during its first second, then runs.
      assert.equal(hit(250, 3)?.state, 'waiting');
      assert.equal(hit(450, 3)?.state, 'running');
    });
    it('finds nothing after a task ends, in the label column or below the last row', () => {
      assert.equal(hit(500, 1), undefined);
      assert.equal(hit(150, 1), undefined);
      assert.equal(hit(300, 6), undefined);
    });
    it('hits an instant over the minimum width it is drawn with', () => {
      const instant = { ...timeline, spans: [{ task: 0, label: 'cancel', start: 1, end: 1, state: 'cancelled' as const, line: 3 }] };
      const instantIndex = ganttIndex(instant);
      assert.equal(spanRect(scale, instant.spans[0]).width, 2);
      assert.equal(spanAt(instantIndex, scale, rowHeight, 401, 5), 0);
      assert.equal(spanAt(instantIndex, scale, rowHeight, 404, 5), undefined);
    });
    it('answers quickly for 10,000 tasks', () => {
      const big = fanoutTimeline(10000, 50);
      const started = performance.now();
      const bigIndex = ganttIndex(big);
      const bigScale = timeScale(200, 800, big.totalTime);
      for (let i = 0; i < 1000; i++) spanAt(bigIndex, bigScale, rowHeight, 200 + (i % 800), (i * 10) * rowHeight + 3);
      assert.ok(performance.now() - started < 200, `indexing and 1,000 hit tests took ${performance.now() - started} ms`);
    });
  });

  describe('keyboard moves', () => {
    const timeline = semaphoreTimeline();
    const index = ganttIndex(timeline);
    const label = (span: number | undefined) => span === undefined ? undefined : `${timeline.spans[span].task}:${timeline.spans[span].state}`;
    it('starts at the first span', () => assert.equal(label(nextSpan(index, undefined, 'right')), '0:awaiting'));
    it('moves along a task with left and right, and stays at its ends', () => {
      const waiting = timeline.spans.findIndex(s => s.task === 3 && s.state === 'waiting');
      const running = nextSpan(index, waiting, 'right');
      assert.equal(label(running), '3:running');
      assert.equal(nextSpan(index, running, 'right'), running);
      assert.equal(nextSpan(index, running, 'left'), waiting);
      assert.equal(nextSpan(index, waiting, 'left'), waiting);
    });
    it('moves between tasks with up and down to the span nearest in time', () => {
      const running3 = timeline.spans.findIndex(s => s.task === 3 && s.state === 'running'); // starts at 1 s
      assert.equal(label(nextSpan(index, running3, 'down')), '4:running');
      assert.equal(label(nextSpan(index, running3, 'up')), '2:running');
    });
    it('jumps to the first and last task with home and end', () => {
      assert.equal(label(nextSpan(index, 3, 'end')), '5:waiting');
      assert.equal(label(nextSpan(index, 3, 'home')), '0:awaiting');
    });
  });
});
