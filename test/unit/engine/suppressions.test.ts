import * as assert from 'assert/strict';
import { DirectiveScan, findSuppressions, scanDirectives } from '../../../src/engine/suppressions';
import { random } from './randomEdits';

describe('suppression comments', () => {
  const cases: Array<{ name: string; family: 'python' | 'javascript'; text: string; expected: Array<[number, string[]]> }> = [
    { name: 'JS next line', family: 'javascript', text: 'a();\n// async-patterns-disable-next-line unbounded-fanout\nb();\n', expected: [[2, ['unbounded-fanout']]] },
    { name: 'JS same line', family: 'javascript', text: 'b(); // async-patterns-disable-line unbounded-fanout\n', expected: [[0, ['unbounded-fanout']]] },
    { name: 'JS every rule', family: 'javascript', text: '// async-patterns-disable-next-line\nb();\n', expected: [[1, []]] },
    { name: 'JS with an explanation after --', family: 'javascript', text: '// async-patterns-disable-next-line unbounded-fanout -- ids has 3 items\nb();\n', expected: [[1, ['unbounded-fanout']]] },
    { name: 'JS block comment', family: 'javascript', text: '/* async-patterns-disable-line */ x\n', expected: [] },
    { name: 'Python same line', family: 'python', text: 'x = 1\nawait g()  # async-patterns: ignore[unbounded-fanout]\n', expected: [[1, ['unbounded-fanout']]] },
    { name: 'Python alone on the line before', family: 'python', text: '    # async-patterns: ignore[unbounded-fanout]\n    await g()\n', expected: [[0, ['unbounded-fanout']], [1, ['unbounded-fanout']]] },
    { name: 'Python every rule', family: 'python', text: 'await g()  # async-patterns: ignore\n', expected: [[0, []]] },
    { name: 'Python several rules', family: 'python', text: 'g()  # async-patterns: ignore[unbounded-fanout, other-rule]\n', expected: [[0, ['unbounded-fanout', 'other-rule']]] },
    { name: 'lines counted as tree-sitter counts rows: \\r\\n is one break, a lone \\r none', family: 'python',
      text: 'a = 1\r\nb = 2\rc = 3\nawait g()  # async-patterns: ignore[unbounded-fanout]\n', expected: [[2, ['unbounded-fanout']]] },
    { name: 'several directives far apart, in order', family: 'javascript',
      text: '// async-patterns-disable-next-line\na();\n\n\nb(); // async-patterns-disable-line\n// async-patterns-disable-next-line x-rule\nc();\n', expected: [[1, []], [4, []], [6, ['x-rule']]] },
    { name: 'the other language\'s form does nothing', family: 'python', text: 'g()  // async-patterns-disable-line\n', expected: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = [...findSuppressions(c.text, c.family)].map(([line, rules]) => [line, [...rules]]);
      assert.deepEqual(found, c.expected);
    });
  }

  // After an edit the directives are searched again only near it (scanDirectives with the last scan): the result must
  // be a whole-text search's, also when the edit makes, breaks or moves a directive, or one spans several lines.
  for (const family of ['python', 'javascript'] as const) {
    it(`after random edits, found from the last search as a search of the whole text finds them (${family})`, () => {
      const pieces = family === 'python'
        ? ['#', ' ', '\n', 'async-patterns:', 'ignore', '[unbounded-fanout]', '[', ']', 'x', '  # async-patterns: ignore\n', '\n\n', 'a', '#\n  \n', '\n async-patterns:\n\n ignore']
        : ['//', ' ', '\n', 'async-patterns-disable-', 'next-line', 'line', ' unbounded-fanout', '--', 'x', '// async-patterns-disable-line\n', '\n\n', '*/', '//\n  \n', '\n async-patterns-disable-line'];
      const next = random(family === 'python' ? 20261201 : 20261202);
      let text = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? pieces[9] : `line ${i}\n`)).join('');
      let last: DirectiveScan = scanDirectives(text, family);
      let changedMatches = 0;
      for (let step = 0; step < 2000; step++) {
        // Every 50 steps a fresh directive line, so that the session keeps some to break and move.
        if (step % 50 === 49) text = `${pieces[9]}${text}`;
        const from = next(text.length + 1);
        const to = Math.min(text.length, from + (next(6) === 0 ? next(12) : 0));
        const inserted = next(5) === 0 ? '' : pieces[next(pieces.length)];
        text = text.slice(0, from) + inserted + text.slice(to);
        const scan = scanDirectives(text, family, last);
        assert.deepEqual(scan.matches, scanDirectives(text, family).matches, `step ${step}: ${JSON.stringify(inserted)} at ${from}`);
        if (JSON.stringify(scan.matches.map(m => m.end - m.start)) !== JSON.stringify(last.matches.map(m => m.end - m.start))) changedMatches++;
        last = scan;
      }
      // The session made, broke and changed directives, not only moved them.
      assert.ok(changedMatches > 50, `directives changed in ${changedMatches} steps`);
    });
  }
});

