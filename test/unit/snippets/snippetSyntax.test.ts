import * as assert from 'assert/strict';
import { expandSnippet, ExpandOptions, tabStopsOf } from './snippetSyntax';

describe('snippet expander (the test tool the snippet tests rely on)', () => {
  // body → the text VS Code inserts with every default accepted; `|` in `expected` marks where `$0` leaves the cursor.
  const cases: { name: string; body: string; expected: string; options?: ExpandOptions }[] = [
    // Tab stops and placeholders
    { name: 'plain text, cursor at the end', body: 'await x', expected: 'await x|' },
    { name: 'an empty tab stop inserts nothing', body: 'f($1)', expected: 'f()|' },
    { name: 'braced tab stop', body: 'f(${1})', expected: 'f()|' },
    { name: 'placeholder default', body: 'f(${1:items})', expected: 'f(items)|' },
    { name: 'mirror before its placeholder', body: '$1 = ${1:limit}', expected: 'limit = limit|' },
    { name: 'mirror after its placeholder', body: 'for ${1:item} in xs: f($1)', expected: 'for item in xs: f(item)|' },
    { name: 'nested placeholder', body: '${1:timeout=${2:10}}', expected: 'timeout=10|' },
    { name: 'mirror of a nested placeholder', body: '${1:a ${2:b}} $2', expected: 'a b b|' },
    { name: '$0 sets the final cursor', body: 'x\n$0\ny', expected: 'x\n|\ny' },
    { name: '$0 with a placeholder', body: '${0:rest}', expected: '|rest' },
    // Choices
    { name: 'choice takes the first option', body: 'x=${1|False,True|}', expected: 'x=False|' },
    { name: 'mirror of a choice', body: '${1|a,b|} $1', expected: 'a a|' },
    { name: 'escaped comma and pipe in a choice', body: '${1|a\\,b,c\\|d|}', expected: 'a,b|' },
    // Variables
    { name: 'known variable', body: '# $TM_FILENAME', expected: '# main.py|', options: { variables: { TM_FILENAME: 'main.py' } } },
    { name: 'empty variable falls back to its default', body: '${TM_SELECTED_TEXT:work()}', expected: 'work()|', options: { variables: { TM_SELECTED_TEXT: '' } } },
    { name: 'known variable wins over its default', body: '${TM_SELECTED_TEXT:work()}', expected: 'job()|', options: { variables: { TM_SELECTED_TEXT: 'job()' } } },
    { name: 'unknown variable becomes its name', body: '${NOT_A_VARIABLE}', expected: 'NOT_A_VARIABLE|' },
    // Escapes and plain characters
    { name: 'escaped dollar', body: '`\\${ms} ms`', expected: '`${ms} ms`|' },
    { name: 'escaped brace inside a placeholder', body: '${1:{ a: 1 \\}}', expected: '{ a: 1 }|' },
    { name: 'escaped backslash', body: 'a\\\\b', expected: 'a\\b|' },
    { name: 'braces at the top level are text', body: 'function f() {\n\t$0\n}', expected: 'function f() {\n\t|\n}' },
    { name: 'a lone dollar is text', body: 'cost $ 5', expected: 'cost $ 5|' },
    { name: 'other backslashes stay', body: "'\\n'", expected: "'\\n'|" },
    // What the tests type instead of a default
    { name: 'typed value replaces the default and its mirrors', body: 'for ${1:item} in xs: f($1)', expected: 'for u in xs: f(u)|', options: { values: { 1: 'u' } } },
    { name: 'typed value replaces a choice', body: 'x=${1|False,True|}', expected: 'x=True|', options: { values: { 1: 'True' } } },
  ];
  for (const { name, body, expected, options } of cases) {
    it(name, () => {
      const { text, finalCursor } = expandSnippet(body, options);
      assert.equal(`${text.slice(0, finalCursor)}|${text.slice(finalCursor)}`, expected);
    });
  }

  it('tells what each tab stop holds, mirrors included', () => {
    const { tabStopTexts } = expandSnippet('for ${1:item} in ${2:items}: f($1, ${3:x=${4:1}})$0');
    assert.deepEqual([...tabStopTexts].sort(([a], [b]) => a - b), [[1, ['item', 'item']], [2, ['items']], [3, ['x=1']], [4, ['1']]]);
  });

  it('lists tab stops in order of appearance, each once, nested ones included', () => {
    assert.deepEqual(tabStopsOf('${1:a ${2:b}} $3 $1 ${4|x,y|} $0'), [1, 2, 3, 4, 0]);
  });

  it('rejects what it does not understand rather than guessing', () => {
    assert.throws(() => expandSnippet('${1/(.*)/$1/}'), /transforms are not supported/);
    assert.throws(() => expandSnippet('${1:unclosed'), /expected "}"/);
    assert.throws(() => expandSnippet('${1|a,b'), /unterminated choice/);
  });
});
