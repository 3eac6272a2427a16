import { suppressOnLine } from '../../../src/engine/actions/suppressOnLine';
import { checkAction } from './actionTester';

describe('suppress-on-line', () => {
  const cases: Array<{ name: string; grammar: 'python' | 'typescript'; before: string; after: string }> = [
    { name: 'python_at_the_end_of_the_line', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      after: 'import asyncio\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore[unbounded-fanout]\n' },
    { name: 'python_alone_above_a_line_that_has_a_comment', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])  # all of them\n',
      after: 'import asyncio\nasync def main(urls):\n    # async-patterns: ignore[unbounded-fanout]\n    await asyncio.gather(*[fetch(u) for u in urls])  # all of them\n' },
    { name: 'typescript_on_the_line_above_with_its_indentation', grammar: 'typescript',
      before: 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n',
      after: 'export async function f(ids: string[]) {\n  // async-patterns-disable-next-line unbounded-fanout\n  return Promise.all(ids.map(fetchUser));\n}\n' },
  ];
  for (const c of cases) it(`suppress_on_line_${c.name}`, () => checkAction(suppressOnLine, c.grammar, c.before, c.after));
});
