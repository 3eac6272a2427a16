import * as assert from 'assert/strict';
import { treeSitterEditOf } from '../../../src/engine/textChange';

describe('editor changes as tree-sitter edits', () => {
  const at = (line: number, character: number) => ({ line, character });
  const cases = [
    {
      name: 'a character typed mid-line',
      change: { rangeOffset: 10, rangeLength: 0, range: { start: at(1, 4), end: at(1, 4) }, text: 'x' },
      edit: { startIndex: 10, oldEndIndex: 10, newEndIndex: 11, startPosition: { row: 1, column: 4 }, oldEndPosition: { row: 1, column: 4 }, newEndPosition: { row: 1, column: 5 } },
    },
    {
      name: 'a deletion across lines',
      change: { rangeOffset: 3, rangeLength: 9, range: { start: at(0, 3), end: at(2, 1) }, text: '' },
      edit: { startIndex: 3, oldEndIndex: 12, newEndIndex: 3, startPosition: { row: 0, column: 3 }, oldEndPosition: { row: 2, column: 1 }, newEndPosition: { row: 0, column: 3 } },
    },
    {
      name: 'a paste of two lines ending without a newline',
      change: { rangeOffset: 5, rangeLength: 0, range: { start: at(0, 5), end: at(0, 5) }, text: 'ab\ncde' },
      edit: { startIndex: 5, oldEndIndex: 5, newEndIndex: 11, startPosition: { row: 0, column: 5 }, oldEndPosition: { row: 0, column: 5 }, newEndPosition: { row: 1, column: 3 } },
    },
    {
      name: 'a paste ending with a Windows newline',
      change: { rangeOffset: 0, rangeLength: 0, range: { start: at(4, 0), end: at(4, 0) }, text: 'x = 1\r\n' },
      edit: { startIndex: 0, oldEndIndex: 0, newEndIndex: 7, startPosition: { row: 4, column: 0 }, oldEndPosition: { row: 4, column: 0 }, newEndPosition: { row: 5, column: 0 } },
    },
    {
      // An emoji is two UTF-16 code units: columns count code units, as VS Code does.
      name: 'an emoji typed after another',
      change: { rangeOffset: 2, rangeLength: 0, range: { start: at(0, 2), end: at(0, 2) }, text: '😀' },
      edit: { startIndex: 2, oldEndIndex: 2, newEndIndex: 4, startPosition: { row: 0, column: 2 }, oldEndPosition: { row: 0, column: 2 }, newEndPosition: { row: 0, column: 4 } },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(treeSitterEditOf(c.change), c.edit));
});
