import * as assert from 'assert/strict';
import { applyEdits } from '../../../src/engine/actions/action';
import { suppressOnLine } from '../../../src/engine/actions/suppressOnLine';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { checkAction, proposalAt } from './actionTester';

const grammars = new GrammarLoader(packageWasmLocator());

describe('suppress-on-line', () => {
  const cases: Array<{ name: string; grammar: GrammarId; before: string; after: string }> = [
    // Python: at the end of the flagged line, unless that line already ends in a comment.
    { name: 'python_at_the_end_of_the_line', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      after: 'import asyncio\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore[unbounded-fanout]\n' },
    { name: 'python_alone_above_a_line_that_has_a_comment', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])  # all of them\n',
      after: 'import asyncio\nasync def main(urls):\n    # async-patterns: ignore[unbounded-fanout]\n    await asyncio.gather(*[fetch(u) for u in urls])  # all of them\n' },
    { name: 'python_a_method_indented_with_tabs', grammar: 'python',
      before: 'import asyncio\nclass Crawler:\n\tasync def crawl(self, urls):\n\t\treturn await $0asyncio.gather(*(self.fetch(u) for u in urls))\n',
      after: 'import asyncio\nclass Crawler:\n\tasync def crawl(self, urls):\n\t\treturn await asyncio.gather(*(self.fetch(u) for u in urls))  # async-patterns: ignore[unbounded-fanout]\n' },
    // The directive must be on the line the finding starts on: the first line of a call written over several.
    { name: 'python_a_call_over_several_lines_on_its_first_line', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    results = await $0asyncio.gather(\n        *[fetch(u) for u in urls],\n        return_exceptions=True,\n    )\n    return results\n',
      after: 'import asyncio\nasync def main(urls):\n    results = await asyncio.gather(  # async-patterns: ignore[unbounded-fanout]\n        *[fetch(u) for u in urls],\n        return_exceptions=True,\n    )\n    return results\n' },
    { name: 'python_a_hash_inside_a_string_is_not_a_comment', grammar: 'python',
      before: 'import asyncio\nasync def tag_all(urls):\n    await $0asyncio.gather(*[post(u, "#done") for u in urls])\n',
      after: 'import asyncio\nasync def tag_all(urls):\n    await asyncio.gather(*[post(u, "#done") for u in urls])  # async-patterns: ignore[unbounded-fanout]\n' },
    // A comment at the end of the line would be text of a string that goes on there, or a SyntaxError after a `\`.
    { name: 'python_alone_above_a_line_that_ends_inside_a_multiline_string', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[post(u, """\n    hello""") for u in urls])\n',
      after: 'import asyncio\nasync def main(urls):\n    # async-patterns: ignore[unbounded-fanout]\n    await asyncio.gather(*[post(u, """\n    hello""") for u in urls])\n' },
    { name: 'python_alone_above_a_line_continued_by_a_backslash', grammar: 'python',
      before: 'import asyncio\nasync def main(urls):\n    return await $0asyncio.gather(*[fetch(u) for u in urls]) \\\n        or []\n',
      after: 'import asyncio\nasync def main(urls):\n    # async-patterns: ignore[unbounded-fanout]\n    return await asyncio.gather(*[fetch(u) for u in urls]) \\\n        or []\n' },
    { name: 'python_before_the_line_break_of_a_crlf_file', grammar: 'python',
      before: 'import asyncio\r\nasync def main(urls):\r\n    await $0asyncio.gather(*[fetch(u) for u in urls])\r\n',
      after: 'import asyncio\r\nasync def main(urls):\r\n    await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore[unbounded-fanout]\r\n' },
    // JS/TS: a line of its own above, indented like the flagged line.
    { name: 'typescript_on_the_line_above_with_its_indentation', grammar: 'typescript',
      before: 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n',
      after: 'export async function f(ids: string[]) {\n  // async-patterns-disable-next-line unbounded-fanout\n  return Promise.all(ids.map(fetchUser));\n}\n' },
    { name: 'javascript_a_method_indented_with_tabs_without_semicolons', grammar: 'tsx',
      before: 'class Loader {\n\tasync load(ids) {\n\t\treturn $0Promise.all(ids.map(id => this.fetch(id)))\n\t}\n}\n',
      after: 'class Loader {\n\tasync load(ids) {\n\t\t// async-patterns-disable-next-line unbounded-fanout\n\t\treturn Promise.all(ids.map(id => this.fetch(id)))\n\t}\n}\n' },
    { name: 'typescript_a_fan_out_in_the_middle_of_a_line_indented_by_four', grammar: 'typescript',
      before: 'export async function f(ids: string[]) {\n    const users = await $0Promise.all(ids.map(fetchUser));\n    return users;\n}\n',
      after: 'export async function f(ids: string[]) {\n    // async-patterns-disable-next-line unbounded-fanout\n    const users = await Promise.all(ids.map(fetchUser));\n    return users;\n}\n' },
    { name: 'typescript_a_top_level_await_without_indentation', grammar: 'typescript',
      before: "import { ids } from './ids';\nexport const users = await $0Promise.all(ids.map(fetchUser));\n",
      after: "import { ids } from './ids';\n// async-patterns-disable-next-line unbounded-fanout\nexport const users = await Promise.all(ids.map(fetchUser));\n" },
    { name: 'typescript_an_arrow_body_on_its_own_line', grammar: 'typescript',
      before: 'export const load = async (ids: string[]) =>\n  $0Promise.all(\n    ids.map(fetchUser),\n  );\n',
      after: 'export const load = async (ids: string[]) =>\n  // async-patterns-disable-next-line unbounded-fanout\n  Promise.all(\n    ids.map(fetchUser),\n  );\n' },
  ];
  for (const c of cases) {
    it(`suppress_on_line_${c.name}`, async () => {
      const after = await checkAction(suppressOnLine, c.grammar, c.before, c.after);
      // The directive it writes must be one the analysis honours: the fixed file has no finding left.
      const tree = (await grammars.parserFor(c.grammar)).parse(after)!;
      assert.deepEqual(analyze({ tree, text: after, family: familyOf(c.grammar) }).map(f => f.range.start.line), []);
      tree.delete();
    });
  }

  it('suppress_on_line_not_applicable_to_a_line_that_begins_inside_a_template_literal', async () => {
    // A line above would be text of the template.
    const { proposal } = await proposalAt(suppressOnLine, 'typescript', 'export async function f(ids: string[]) {\n  return `users:\n${await $0Promise.all(ids.map(fetchUser))}`;\n}\n');
    assert.equal(proposal, undefined);
  });

  // Offered for every finding, so "not applicable" is a line that no longer has one: the fix is not offered twice.
  it('suppress_on_line_not_applicable_once_the_line_is_suppressed', async () => {
    const { text, proposal } = await proposalAt(suppressOnLine, 'python', 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])\n');
    const once = applyEdits(text, proposal!.edits);
    const tree = (await grammars.parserFor('python')).parse(once)!;
    assert.equal(analyze({ tree, text: once, family: 'python' }).length, 0);
    tree.delete();
    await assert.rejects(proposalAt(suppressOnLine, 'python', once.replace('await asyncio', 'await $0asyncio')), /a finding starts at \$0/);
  });
});
