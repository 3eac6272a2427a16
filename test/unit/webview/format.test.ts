import * as assert from 'assert/strict';
import { formatCount, formatSeconds, formatSpeedUp, lensTitle } from '../../../src/engine/concurrency/format';

describe('webview formatting', () => {
  const durations: Array<[number, string]> = [
    [3, '3.0 s'], [1, '1.0 s'], [0.999, '1.0 s'], [12.34, '12.3 s'], [150, '150 s'],
    [0.25, '250 ms'], [0.1, '100 ms'], [0.0105, '11 ms'], [0.0005, '0.5 ms'], [0, '0 s'], [Infinity, '∞'],
  ];
  for (const [seconds, text] of durations) it(`writes ${seconds} s as "${text}"`, () => assert.equal(formatSeconds(seconds), text));
  const counts: Array<[number, string]> = [[0, '0'], [7, '7'], [999, '999'], [1000, '1,000'], [10001, '10,001'], [1234567, '1,234,567'], [-4200, '-4,200']];
  for (const [count, text] of counts) it(`writes the count ${count} as "${text}"`, () => assert.equal(formatCount(count), text));
  it('writes a speed-up with one decimal', () => assert.equal(formatSpeedUp(5 / 3), '1.7×'));
  it('titles the CodeLens with the total and the peak', () => {
    assert.equal(lensTitle(3, 2), '3.0 s · 2 at once');
    assert.equal(lensTitle(5, 1), '5.0 s · one at a time');
  });
});
