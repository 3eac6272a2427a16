/**
 * What the TypeScript grammar still gets wrong (docs/parsing.md, "Known limitations"), as it behaves today: each
 * construct that still parses with errors keeps its error to itself, so the rest of the file is analysed as usual.
 * When a grammar update fixes one of these, its test fails: move the construct to typescriptGrammar.test.ts and
 * update the docs.
 */
import * as assert from 'assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';

const grammars = new GrammarLoader(packageWasmLocator());

const fanOut = `
export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => fetch(\`/users/\${id}\`)));
}
`;

/** [what, a line real declaration files have, seen in]. */
const stillErrors: Array<[string, string]> = [
  ['a parenthesized type that starts with an import type', "declare let plugins: (import('./types').Plugin | { name: string })[];"],
  ['a nested destructuring pattern in a function type', 'declare const check: ({ config: { site } }: Options) => void;'],
];

describe('known limitations of the TypeScript grammar', () => {
  for (const [what, line] of stillErrors) {
    it(`parses ${what} with an error, and still reports the fan-out after it`, async () => {
      const text = `${line}\n${fanOut}`;
      const tree = (await grammars.parserFor('typescript')).parse(text)!;
      try {
        assert.equal(tree.rootNode.hasError, true, 'fixed upstream or by our patch: update docs/parsing.md');
        const findings = analyze({ tree, text, family: 'javascript', options: { level: 'strict' } });
        assert.deepEqual(findings.map(finding => [finding.ruleId, finding.range.start.line]), [['unbounded-fanout', 3]]);
      } finally {
        tree.delete();
      }
    });
  }

  it('parses `await f<T>(x)` as a call of `await f` (no error, but the wrong nesting)', async () => {
    const tree = (await grammars.parserFor('typescript')).parse('const users = await Promise.all<User>(ids.map(fetchUser));')!;
    try {
      assert.equal(tree.rootNode.hasError, false);
      assert.match(tree.rootNode.toString(), /\(call_expression function: \(await_expression \(member_expression/);
    } finally {
      tree.delete();
    }
  });
});
