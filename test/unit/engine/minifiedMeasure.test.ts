/**
 * Whether a file's opening reads as minified (the fan-out rule skips such files): the measure stops as soon as the
 * lines it counted rule out an average above the limit, and must answer as a reading of every line would.
 */
import * as assert from 'assert/strict';
import { isMinifiedText } from '../../../src/engine/fanout/javascript';
import { random } from './randomEdits';

/** Every line read: lines (a source map comment left out) over 200 characters on average, one of 1,000 or more. */
function readingEveryLine(text: string): boolean {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const counted = lines.filter(line => !line.startsWith('//# sourceMappingURL=data:'));
  const characters = counted.reduce((sum, line) => sum + line.length, 0);
  return counted.some(line => line.length >= 1000) && characters / counted.length > 200;
}

describe('the minified measure', () => {
  it('answers as a reading of every line, when the long lines come late in the text too', () => {
    const next = random(11);
    const sourceMap = `//# sourceMappingURL=data:application/json;base64,${'A'.repeat(3000)}`;
    let minified = 0;
    for (let i = 0; i < 600; i++) {
      const lines: string[] = [];
      const count = 1 + next(120);
      for (let j = 0; j < count; j++) {
        const kind = next(25);
        lines.push(kind === 0 ? 'x'.repeat(1000 + next(4000)) : kind === 1 ? sourceMap : kind === 2 ? '' : 'y'.repeat(next(160)));
      }
      const text = lines.join('\n') + (next(2) ? '\n' : '');
      const expected = readingEveryLine(text);
      if (expected) minified++;
      assert.equal(isMinifiedText(text), expected, `text ${i}: ${lines.map(line => line.length).join(', ')}`);
    }
    // Both answers are met often enough for the comparison to mean something.
    assert.ok(minified > 60 && minified < 540, `${minified} of 600 minified`);
  });
});
