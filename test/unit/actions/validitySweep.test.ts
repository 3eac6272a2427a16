/**
 * Every quick fix offered at every finding of every fixture and example, applied: the result must parse with no
 * syntax error the original did not have, Python must pass `python3 -m py_compile`, TypeScript `tsc --noEmit`,
 * JavaScript and TypeScript `node --check` (TypeScript transpiled first, as a build would), and our own rules must
 * not flag what the fix wrote (no finding the file did not have, the fixed one gone). The action tests check the
 * same of every before/after case (actionTester.ts).
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { quickFixesFor } from '../../../src/engine/actions';
import { applyEdits } from '../../../src/engine/actions/action';
import { fileKindOf } from '../../../src/engine/actions/fileKind';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, grammarForFileName } from '../../../src/engine/languages';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const grammars = new GrammarLoader(packageWasmLocator());
const sources = [
  ...fs.readdirSync(path.join(repoRoot, 'test', 'fixtures', 'rules', 'unbounded-fanout')).map(name => path.join(repoRoot, 'test', 'fixtures', 'rules', 'unbounded-fanout', name)),
  ...fs.readdirSync(path.join(repoRoot, 'examples')).map(name => path.join(repoRoot, 'examples', name)),
].filter(file => grammarForFileName(file));

function errorCount(node: import('web-tree-sitter').Node): number {
  if (!node.hasError) return 0;
  let count = node.isError || node.isMissing ? 1 : 0;
  for (const child of node.children) if (child) count += errorCount(child);
  return count;
}

describe('validity sweep of quick fixes', function () {
  this.timeout(120000);
  const outputs: { file: string; action: string; text: string; limit?: string; finding: Finding }[] = [];

  before(async () => {
    for (const file of sources) {
      const grammar = grammarForFileName(file)!;
      const text = fs.readFileSync(file, 'utf8');
      const parser = await grammars.parserFor(grammar);
      const tree = parser.parse(text)!;
      const family = familyOf(grammar);
      for (const dependencies of [new Set<string>(), new Set(['p-limit']), new Set(['p-map'])]) {
        for (const finding of analyze({ tree, text, family })) {
          for (const proposal of quickFixesFor({ tree, text, family, grammar, finding, maxConcurrency: 8, dependencies, ...fileKindOf(file) })) {
            if (proposal.disabledReason) continue;
            const result = applyEdits(text, proposal.edits);
            const limit = proposal.limit && result.slice(proposal.limit.startIndex, proposal.limit.endIndex);
            outputs.push({ file, action: `${proposal.id} at ${finding.range.start.line + 1}`, text: result, limit, finding });
          }
        }
      }
      tree.delete();
    }
  });

  it('offers fixes for the fixtures at all', () => assert.ok(outputs.length >= 20, `${outputs.length} outputs`));

  it('every limit the editor leaves selected is the number written in the result', () => {
    const withLimit = outputs.filter(output => output.limit !== undefined);
    assert.ok(withLimit.length > 0);
    for (const output of withLimit) assert.equal(output.limit, '8', `${path.basename(output.file)}: ${output.action}`);
  });

  it('every output parses with no new syntax errors', async () => {
    for (const output of outputs) {
      const grammar = grammarForFileName(output.file)!;
      const parser = await grammars.parserFor(grammar);
      const before = parser.parse(fs.readFileSync(output.file, 'utf8'))!;
      const after = parser.parse(output.text)!;
      assert.ok(errorCount(after.rootNode) <= errorCount(before.rootNode), `${path.basename(output.file)}: ${output.action}`);
      before.delete();
      after.delete();
    }
  });

  it('every output obeys our rules: no finding the file did not have, the fixed one gone', async () => {
    for (const output of outputs) {
      const grammar = grammarForFileName(output.file)!;
      const parser = await grammars.parserFor(grammar);
      const keysOf = (text: string) => {
        const tree = parser.parse(text)!;
        const keys = analyze({ tree, text, family: familyOf(grammar) }).map(f => JSON.stringify([f.ruleId, f.messageId, f.data]));
        tree.delete();
        return keys;
      };
      const expected = keysOf(fs.readFileSync(output.file, 'utf8'));
      expected.splice(expected.indexOf(JSON.stringify([output.finding.ruleId, output.finding.messageId, output.finding.data])), 1);
      const unexpected = keysOf(output.text).filter(key => {
        const at = expected.indexOf(key);
        if (at >= 0) expected.splice(at, 1);
        return at < 0;
      });
      assert.deepEqual(unexpected, [], `${path.basename(output.file)}: ${output.action}`);
    }
  });

  it('every JavaScript and TypeScript output passes node --check (TypeScript transpiled as a build would)', () => {
    // The same text (a fix that does not depend on p-limit or p-map) is checked once.
    const scripts = [...new Map(outputs.filter(o => !o.file.endsWith('.py')).map(o => [o.text, o])).values()];
    assert.ok(scripts.length > 0);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-sweep-js-'));
    try {
      scripts.forEach((output, i) => {
        const typescript = /\.[cm]?tsx?$/.test(output.file);
        // An ES module stays one (.mjs): `import` and top-level `await` parse only there; CommonJS as .cjs.
        const esm = /^\s*(?:import|export)\b/m.test(output.text) || /\.m[jt]s$/.test(output.file);
        // JSX is compiled away as a build would, too: node checks JavaScript.
        const javascript = typescript || output.file.endsWith('.jsx')
          ? ts.transpileModule(output.text, { fileName: output.file, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.React } }).outputText
          : output.text;
        const file = path.join(folder, `out_${i}.${esm ? 'mjs' : 'cjs'}`);
        fs.writeFileSync(file, javascript);
        try {
          execFileSync(process.execPath, ['--check', file], { encoding: 'utf8', stdio: 'pipe' });
        } catch (error) {
          assert.fail(`${path.basename(output.file)}: ${output.action}: ${(error as { stderr?: string }).stderr ?? error}`);
        }
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('every Python output compiles with python3 -m py_compile', () => {
    const python = outputs.filter(o => o.file.endsWith('.py'));
    assert.ok(python.length > 0);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-sweep-'));
    try {
      const files = python.map((output, i) => {
        const file = path.join(folder, `out_${i}.py`);
        fs.writeFileSync(file, output.text);
        return file;
      });
      // One python3 for all of them (py_compile's own compile per file), each failure named.
      const report = execFileSync('python3', ['-c', 'import py_compile, sys\nfor f in sys.argv[1:]:\n    try:\n        py_compile.compile(f, doraise=True)\n    except py_compile.PyCompileError as e:\n        print(f, e.msg.strip().replace("\\n", " "))', ...files], { encoding: 'utf8' });
      const failures = report.split('\n').filter(Boolean).map(line => {
        const i = files.indexOf(line.split(' ')[0]);
        return `${path.basename(python[i].file)}: ${python[i].action}: ${line}`;
      });
      assert.deepEqual(failures, []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('every TypeScript output passes tsc --noEmit', () => {
    const typescript = outputs.filter(o => o.file.endsWith('.ts') || o.file.endsWith('.tsx'));
    if (typescript.length === 0) return;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-sweep-ts-'));
    const files = typescript.map((output, i) => {
      const file = path.join(folder, `out_${i}${path.extname(output.file)}`);
      // Declarations the fixtures assume (their own imports are stubbed): tsc checks what the fixes wrote.
      fs.writeFileSync(file, `${output.text}\nexport {};\n`);
      return file;
    });
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '--target', 'ES2022', '--lib', 'ES2022,DOM', '--module', 'esnext', '--moduleResolution', 'bundler',
        '--jsx', 'preserve', '--skipLibCheck', ...files], { encoding: 'utf8', cwd: folder, stdio: 'pipe' });
    } catch (error) {
      const report = String((error as { stdout?: string }).stdout ?? error);
      // The fixtures call functions and import modules this sweep does not have (TS2304 cannot find name, TS2307 and
      // TS2792 cannot find module, TS2580 require): those are the fixtures' own. Any other error is the fix's.
      const errors = report.split('\n').filter(line => /error TS\d+:/.test(line) && !/error TS(2304|2307|2792|2580):/.test(line));
      assert.deepEqual(errors, []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
