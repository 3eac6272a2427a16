/**
 * Every action's docs block holds at least one before/after example (docsExamples.ts says how they are written), and
 * each one is true: the action, applied through the engine at `$0`, turns the before into exactly the after; our
 * rules find nothing in the after (every rule, the strict level); and both programs run (python3, or node after
 * transpiling TypeScript as a build would) and print the same thing. An example that drifts from what the action
 * does, or that stops running, fails here.
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { allActions, applyExample, DocsExample, examplesIn, examplesOf, findingsOf, repoRoot } from './docsExamples';

/** Runs a program in a folder of the checkout (so `p-limit` and `p-map` resolve from its node_modules). */
function run(example: DocsExample, source: string): string {
  const folder = fs.mkdtempSync(path.join(repoRoot, 'out', 'docs-example-'));
  try {
    if (example.grammar === 'python') {
      const file = path.join(folder, 'program.py');
      fs.writeFileSync(file, source);
      return execFileSync('python3', [file], { encoding: 'utf8' });
    }
    const commonjs = example.moduleSystem === 'commonjs';
    const output = ts.transpileModule(source, {
      compilerOptions: { module: commonjs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.React },
      fileName: example.grammar === 'tsx' ? 'program.tsx' : 'program.ts',
    }).outputText;
    const file = path.join(folder, commonjs ? 'program.cjs' : 'program.mjs');
    fs.writeFileSync(file, output);
    return execFileSync(process.execPath, [file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe('the actions\' docs examples', () => {
  const actions = allActions();

  it('the reader finds an example and says where one is malformed', () => {
    const block = (body: string) => `/**\n * x: does y.\n *\n${body.split('\n').map(line => (line ? ` * ${line}` : ' *')).join('\n')}\n */\n`;
    const [example] = examplesIn('x', block('Example (python, python 3.10):\n```\nawait $0f()\n```\nbecomes:\n```\nawait g()\n```'));
    assert.deepEqual([example.grammar, example.pythonVersion, example.before, example.after], ['python', '3.10', 'await $0f()\n', 'await g()\n']);
    assert.throws(() => examplesIn('x', block('Example (python):\n```\nawait $0f()\n```\n```\nawait g()\n```')), /expected "becomes:"/);
    assert.throws(() => examplesIn('x', block('Example (cobol):\n```\nx\n```\nbecomes:\n```\ny\n```')), /unknown grammar/);
  });

  for (const [id, action] of actions) {
    const examples = examplesOf(id);

    it(`${id} has an example in its docs block`, () => {
      assert.ok(examples.length > 0, `${id}'s docs block has no "Example (...):"`);
    });

    examples.forEach((example, i) => {
      it(`${id.replace(/-/g, '_')}_docs_example_${i + 1}_${example.grammar} (${example.file}:${example.line})`, async () => {
        const { text, proposal, result } = await applyExample(example, action);
        assert.ok(proposal, `${id} is offered at $0 of ${example.file}:${example.line}`);
        if (example.disabled) {
          assert.equal(proposal.edits.length, 0);
          assert.equal(proposal.disabledReason, example.after.replace(/\s*\n\s*/g, ' ').trim(), 'the reason the docs give');
          return;
        }
        assert.equal(result, example.after, `the docs' "becomes:" of ${example.file}:${example.line}`);
        assert.deepEqual((await findingsOf(example.grammar, result)).map(f => `${f.range.start.line + 1}: ${f.message}`), [], 'the after is clean under all rules');
        const before = run(example, text);
        assert.ok(before.trim().length > 0, 'the example prints what it computes');
        assert.equal(run(example, result), before, 'the after prints what the before printed');
      });
    });
  }
});
