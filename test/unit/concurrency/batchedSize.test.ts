/**
 * `itertools.batched(items, n)` with `n` below one: Python raises ValueError. The simulator stepped through the
 * items by `n` and never ended (inside one builtin call, where no budget is counted), until the process ran out of
 * memory (found by the fuzz test, seed 20251111: `batched(order_ids, -0.5)`).
 */
import * as assert from 'assert/strict';
import { timelineOf } from './timelineOf';

const sizes = ['0', '-1', '-0.5'];

describe('itertools.batched with a size below one', () => {
  for (const size of sizes) {
    it(`batched(ids, ${size}) raises ValueError, as Python does`, async () => {
      const timeline = await timelineOf('python', `
        import asyncio
        from itertools import batched

        async def main(ids):
            for batch in batched(ids, ${size}):
                await asyncio.gather(*[asyncio.sleep(1) for _ in batch])
      `, 'main', { itemCount: 10 });
      assert.equal(timeline.outcome, 'raised');
      assert.ok([...timeline.assumptions, ...timeline.notes].some(note => note.message.includes('ValueError')), 'says ValueError');
    });
  }
});
