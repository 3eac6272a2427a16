/**
 * Timelines made by hand, shaped like the simulator's, for testing the webview's logic without the engine:
 * the semaphore seed (5 tasks of 1 s through Semaphore(2): 3.0 s, 2 at once) and a large fan-out.
 */
import type { Timeline, TimelineSpan, TimelineTask } from '../../../src/engine/concurrency/timeline';

/** `main` gathers five `limited_fetch` tasks of 1 s each behind `asyncio.Semaphore(2)`. */
export function semaphoreTimeline(): Timeline {
  const tasks: TimelineTask[] = [{ id: 0, label: 'main()', line: 9 }];
  const spans: TimelineSpan[] = [{ task: 0, label: 'asyncio.gather(*tasks)', start: 0, end: 3, state: 'awaiting', line: 12 }];
  for (let i = 0; i < 5; i++) {
    const id = i + 1;
    const start = Math.floor(i / 2);
    tasks.push({ id, label: `limited_fetch(semaphore, ${i})`, parent: 0, line: 11 });
    if (start > 0) spans.push({ task: id, label: 'async with sem', start: 0, end: start, state: 'waiting', line: 4 });
    spans.push({ task: id, label: 'asyncio.sleep(1)', start, end: start + 1, state: 'running', line: 6 });
  }
  return {
    function: 'main', language: 'python', line: 9, totalTime: 3, peakConcurrency: 2, sequentialTime: 5, speedUp: 5 / 3,
    tasks, spans,
    concurrency: [{ time: 0, count: 2 }, { time: 1, count: 2 }, { time: 2, count: 1 }, { time: 3, count: 0 }],
    assumptions: [], notes: [], truncated: false, outcome: 'returned', limiters: 1,
  };
}

/** `count` tasks of `latency` s each, `limit` at a time, with a parent awaiting them all. */
export function fanoutTimeline(count: number, limit: number, latency = 0.1): Timeline {
  const tasks: TimelineTask[] = [{ id: 0, label: 'main()', line: 1 }];
  const spans: TimelineSpan[] = [];
  const concurrency: Timeline['concurrency'] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(i / limit) * latency;
    tasks.push({ id: i + 1, label: `fetch(${i})`, parent: 0, line: 3 });
    if (start > 0) spans.push({ task: i + 1, label: 'limit', start: 0, end: start, state: 'waiting', line: 2 });
    spans.push({ task: i + 1, label: `fetch(${i})`, start, end: start + latency, state: 'running', line: 3 });
  }
  const batches = Math.ceil(count / limit);
  for (let b = 0; b < batches; b++) concurrency.push({ time: b * latency, count: Math.min(limit, count - b * limit) });
  const totalTime = batches * latency;
  concurrency.push({ time: totalTime, count: 0 });
  spans.push({ task: 0, label: 'Promise.all', start: 0, end: totalTime, state: 'awaiting', line: 4 });
  return {
    function: 'main', language: 'javascript', line: 1, totalTime, peakConcurrency: Math.min(limit, count),
    sequentialTime: count * latency, speedUp: (count * latency) / totalTime, tasks, spans, concurrency,
    assumptions: [{ message: `items has ${count} elements (asyncPatterns.visualizer.itemCount)`, line: 2 }],
    notes: [], truncated: false, outcome: 'returned', limiters: 1,
  };
}
