/**
 * Work in slices (the editor's analysis and parses): the thread is given back when a slice's time is up, the result
 * is the one-go result, and a run nobody wants any more stops at the next slice. Time is a fake clock here.
 */
import * as assert from 'assert/strict';
import { runInSlices, Slicing } from '../../../src/engine/cooperative';

/** A clock that moves `msPerStep` each time a step runs, and a record of the pauses. */
function fakeSlicing(sliceMs: number): { slicing: Slicing; tick(ms: number): void; pauses: number[] } {
  let time = 0;
  const pauses: number[] = [];
  return {
    slicing: { sliceMs, now: () => time, yieldToEventLoop: async () => void pauses.push(time) },
    tick: ms => (time += ms),
    pauses,
  };
}

function* counting(steps: number, tick: (ms: number) => void, log: string[]): Generator<void, number> {
  try {
    for (let i = 0; i < steps; i++) {
      tick(10);
      log.push(`step ${i}`);
      yield;
    }
    return steps;
  } finally {
    log.push('closed');
  }
}

describe('work in slices', () => {
  it('runs as many steps per slice as fit, gives the thread back between slices, and returns the result', async () => {
    const { slicing, tick, pauses } = fakeSlicing(25);
    const log: string[] = [];
    assert.equal(await runInSlices(counting(7, tick, log), slicing, () => true), 7);
    // 10 ms steps in 25 ms slices: three steps, a pause, three steps, a pause, the last step.
    assert.deepEqual(pauses, [30, 60]);
    assert.equal(log.filter(line => line.startsWith('step')).length, 7);
    assert.equal(log[log.length - 1], 'closed');
  });

  it('drops a run at the next slice once its result is no longer wanted', async () => {
    const { slicing, tick } = fakeSlicing(25);
    const log: string[] = [];
    let wanted = true;
    const run = runInSlices(counting(100, tick, log), { ...slicing, yieldToEventLoop: async () => void (wanted = false) }, () => wanted);
    assert.equal(await run, undefined);
    assert.deepEqual(log, ['step 0', 'step 1', 'step 2', 'closed']);
  });

  it('passes on an error of a step, and closes the run', async () => {
    const { slicing } = fakeSlicing(25);
    let closed = false;
    function* failing(): Generator<void, number> {
      try {
        yield;
        throw new Error('broken step');
      } finally {
        closed = true;
      }
    }
    await assert.rejects(runInSlices(failing(), slicing, () => true), /broken step/);
    assert.ok(closed);
  });
});
