import * as assert from 'assert/strict';
import { findSuppressions } from '../../../src/engine/suppressions';

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
});
