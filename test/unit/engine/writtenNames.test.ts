/**
 * Where names are written in large scopes (WrittenNames): always what searching the scope's text alone finds, for
 * scopes inside scopes searched already and after edits, while an edit costs a search of the edited text only.
 */
import * as assert from 'assert/strict';
import { WrittenNames } from '../../../src/engine/fanout/writtenNames';
import { random } from './randomEdits';

/** What javascriptScopes.ts found before: the scope's text searched alone. */
function searchedAlone(text: string, name: string, start: number, end: number): number[] {
  const pattern = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  return Array.from(text.slice(start, end).matchAll(pattern), match => start + match.index);
}

const pieces = ['a', 'ab', 'b', '$a', 'a$', '.a', 'a.', ' ', '\n', '(', ')', '1', 'ba', '_a', 'é', 'aa'];
const names = ['a', 'ab', '$a', 'a$', 'aa', 'b', '_a'];

describe('WrittenNames', () => {
  it('finds what a search of the scope alone finds, over random texts, scopes and edits', () => {
    const next = random(20251201);
    let text = Array.from({ length: 120 }, () => pieces[next(pieces.length)]).join('');
    for (let version = 0; version < 3000; version++) {
      const written = WrittenNames.of(text);
      for (let ask = 0; ask < 6; ask++) {
        const name = names[next(ask < 3 ? 2 : names.length)]; // the first two names are asked in most versions
        const start = next(text.length + 1);
        const end = start + next(text.length + 1 - start);
        assert.deepEqual(written.offsetsIn(name, start, end), searchedAlone(text, name, start, end), `${JSON.stringify(name)} in [${start}, ${end}) of ${JSON.stringify(text)}`);
      }
      // An edit: a piece typed, or a few characters deleted, somewhere.
      const at = next(text.length + 1);
      text = next(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + next(3)) : text.slice(0, at) + pieces[next(pieces.length)] + text.slice(at);
    }
  });

  it('after a keystroke, searches only the text around it for a name it searched in the last text', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `  const row${i} = compute(rows, ${i});\n`).join('');
    const text = `function f(rows) {\n${body}}\n`;
    const first = WrittenNames.of(text);
    assert.deepEqual(first.offsetsIn('compute', 0, text.length), searchedAlone(text, 'compute', 0, text.length));
    // The function's body, inside the function searched already.
    const searchedBefore = first.charactersSearched;
    const bodyStart = text.indexOf('{') + 1;
    assert.deepEqual(first.offsetsIn('compute', bodyStart, text.length - 2), searchedAlone(text, 'compute', bodyStart, text.length - 2));
    assert.equal(first.charactersSearched, searchedBefore);

    const at = text.indexOf('compute', text.length / 2);
    const typed = text.slice(0, at) + 'x' + text.slice(at);
    const second = WrittenNames.of(typed);
    assert.deepEqual(second.offsetsIn('compute', 0, typed.length), searchedAlone(typed, 'compute', 0, typed.length));
    assert.ok(second.charactersSearched < 100, `searched ${second.charactersSearched} characters`);
  });
});
