/**
 * What a rule reads from the whole text, searched one statement at a time: after an edit, only the statements it
 * changed are searched again, and the result is always what a search of the same text from scratch finds.
 */
import * as assert from 'assert/strict';
import type { Tree } from 'web-tree-sitter';
import { analyze } from '../../../src/engine/analyze';
import { commonPrefixLength, commonSuffixLength, unchangedEnds } from '../../../src/engine/analysisUnits';
import { lastTextSearchRuns } from '../../../src/engine/fanout/javascript';
import { charactersPerScanStep, StatementScan } from '../../../src/engine/fanout/statementScan';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { random } from './randomEdits';

const grammars = new GrammarLoader(packageWasmLocator());

/** The names assigned with `=` in a statement's text, as a rule's text search would read them. */
const assigned = (statement: string) => Array.from(statement.matchAll(/(\w+) =/g), match => match[1]);

const functions = (count: number) => Array.from({ length: count }, (_, i) => `function f${i}() {\n  const a${i} = g(${i});\n  return a${i};\n}\n`).join('');

describe('searching the text statement by statement', () => {
  /** Each edit of a file of 12 functions (after `setup`, an edit searched before it, when there is one). */
  const edits: Array<{ name: string; setup?: [string, string]; find: string; replace: string; searched: number }> = [
    { name: 'a name typed in one function', find: 'const a5 =', replace: 'const a5x =', searched: 1 },
    { name: 'a line added between functions', find: 'function f7()', replace: 'let b = 1;\nfunction f7()', searched: 1 },
    // The diff of the texts cannot tell the removed function's end from the one before it: the next one is read again.
    { name: 'a function removed', find: 'function f3() {\n  const a3 = g(3);\n  return a3;\n}\n', replace: '', searched: 1 },
    // A broken header makes the rest of the file one syntax error: its pieces are searched (the header's three, and
    // the body), the statements it holds that the edit left alone are reused.
    { name: 'a broken function header', find: 'function f4()', replace: 'function f4(', searched: 4 },
    { name: 'the header mended', setup: ['function f4()', 'function f4('], find: 'function f4(', replace: 'function f4()', searched: 1 },
  ];
  for (const edit of edits) {
    it(`after ${edit.name}, searches only what the edit changed and finds what a search from scratch finds`, async () => {
      const parser = await grammars.parserFor('typescript');
      const scan = new StatementScan(assigned);
      let text = functions(12);
      const first = parser.parse(text)!;
      scan.all(first, text);
      first.delete();
      for (const step of [...(edit.setup ? [{ find: edit.setup[0], replace: edit.setup[1] }] : []), edit]) {
        assert.ok(text.includes(step.find), step.find);
        text = text.replace(step.find, step.replace);
        const tree = parser.parse(text)!;
        const found = scan.all(tree, text);
        assert.deepEqual(found, new StatementScan(assigned).all(tree, text));
        if (step === edit) {
          assert.equal(scan.lastRun.searched, edit.searched, 'statements searched');
          assert.ok(scan.lastRun.reused >= 9, `${scan.lastRun.reused} statements reused`);
        }
        tree.delete();
      }
    });
  }

  it('says when a search found the items the last one found, and its items are always those of a search from scratch', async () => {
    const parser = await grammars.parserFor('typescript');
    const scan = new StatementScan(assigned);
    const searched = (tree: Tree, text: string) => {
      const steps = scan.scanSteps(tree, text);
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
      }
    };
    let text = functions(12);
    let tree = parser.parse(text)!;
    let last = searched(tree, text).serial;
    const f3 = 'function f3() {\n  const a3 = g(3);\n  return a3;\n}\n';
    // Each edit of the text before it, and whether the items stay (in any order: a function moved keeps its names).
    const edits: Array<[string, (text: string) => string, boolean]> = [
      ['a return changed', text => text.replace('return a5;', 'return a5 + 1;'), true],
      ['an assignment added', text => text.replace('function f7()', 'let b = 1;\nfunction f7()'), false],
      ['that assignment removed', text => text.replace('let b = 1;\n', ''), false],
      ['an assigned name changed', text => text.replace('const a5 =', 'const a5x ='), false],
      ['a function moved', text => text.replace(f3, '').replace('function f9() {', `${f3}function f9() {`), true],
      ['a function removed', text => text.replace(f3, ''), false],
      ['a broken function header', text => text.replace('function f4()', 'function f4('), true],
      ['the header mended', text => text.replace('function f4(', 'function f4()'), true],
    ];
    for (const [name, edit, same] of edits) {
      const edited = edit(text);
      assert.notEqual(edited, text, name);
      text = edited;
      tree.delete();
      tree = parser.parse(text)!;
      const result = searched(tree, text);
      assert.equal(result.sameItemsAs, same ? last : undefined, `after ${name}`);
      const fresh = new StatementScan(assigned).all(tree, text);
      assert.deepEqual(result.found(), fresh, `found after ${name}`);
      assert.deepEqual(result.items(), fresh.map(found => found.item), `items after ${name}`);
      last = result.serial;
    }
    tree.delete();
  });

  it('searches a large file in steps of a bounded size', async () => {
    const text = functions(8_000);
    const tree = (await grammars.parserFor('typescript')).parse(text)!;
    const steps = new StatementScan(assigned).steps(tree, text);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses >= text.length / charactersPerScanStep - 1, `${pauses} pauses for ${text.length} characters`);
    assert.equal(step.value.length, 8_000);
    tree.delete();
  });

  it('searches one statement longer than a step in pieces, each at its offset in the statement', async () => {
    // A class a bracket left open holds the rest of the file: one statement, searched in steps all the same.
    const lines = Array.from({ length: 30_000 }, (_, i) => `  a${i} = g(${i});\n`).join('');
    const text = `class Big {\n${lines}}\n`;
    const tree = (await grammars.parserFor('typescript')).parse(text)!;
    assert.equal(tree.rootNode.namedChildCount, 1, 'one statement');
    const offsets = new StatementScan((piece, offset) => Array.from(piece.matchAll(/g\(/g), match => offset + match.index));
    const steps = offsets.steps(tree, text);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses >= text.length / charactersPerScanStep - 1, `${pauses} pauses for ${text.length} characters`);
    assert.equal(step.value.length, 30_000);
    assert.ok(step.value.every(({ statementStart, item }) => text.startsWith('g(', statementStart + item)), 'every offset points at its match');
    assert.deepEqual(new StatementScan(assigned).all(tree, text).map(found => found.item), Array.from({ length: 30_000 }, (_, i) => `a${i}`));
    tree.delete();
  });

  it("the fan-out rule's searches for limiter assignments and mapper modules: an edit in one function searches that function only, and the incremental analysis still equals a full one", async () => {
    const parser = await grammars.parserFor('typescript');
    const units = Array.from({ length: 30 }, (_, i) => `export async function load${i}(ids: string[]) {\n  const gate${i} = makeGate(${i});\n  return Promise.all(ids.map(id => gate${i}(() => fetchUser(id))));\n}\n`).join('\n');
    const mapped = 'export async function loadAll(ids: string[]) {\n  return pMap(ids, fetchUser);\n}\n';
    let text = `import pLimit from 'p-limit';\nimport pMap from 'p-map';\n\n${units}\n${mapped}`;
    let tree = parser.parse(text)!;
    const incremental = new IncrementalAnalysis();
    const first = incremental.analyze({ tree, text, family: 'javascript' });
    assert.ok(first.some(finding => finding.range.start.line === text.split('\n').indexOf('  return pMap(ids, fetchUser);')), 'the p-map call is a finding');
    for (const [find, replace] of [['gate7(() =>', 'gate7x(() =>'], ['gate7x(() =>', 'gate7(() =>'], ['const gate9 = makeGate(9);', ''], ["import pMap from 'p-map';", "import pMap from 'p-mapx';"]]) {
      text = text.replace(find, replace);
      tree.delete();
      tree = parser.parse(text)!;
      const findings = incremental.analyze({ tree, text, family: 'javascript' });
      assert.deepEqual(lastTextSearchRuns().limiterAssignments.searched, 1, `statements searched for limiter assignments after replacing ${find}`);
      assert.deepEqual(lastTextSearchRuns().mapperModules.searched, 1, `statements searched for mapper modules after replacing ${find}`);
      assert.deepEqual(findings, analyze({ tree, text, family: 'javascript' }), `after replacing ${find}`);
    }
    const pMapLine = text.split('\n').indexOf('  return pMap(ids, fetchUser);');
    assert.ok(!incremental.analyze({ tree, text, family: 'javascript' }).some(finding => finding.range.start.line === pMapLine), 'not p-map any more');
    tree.delete();
  });
});

describe('the unchanged start and end of two texts', () => {
  it('are those of a comparison from scratch, asked again, for another pair, or in turn for two files', () => {
    const next = random(5);
    const texts = [functions(40)];
    for (let i = 0; i < 30; i++) {
      const last = texts[texts.length - 1];
      const at = next(last.length + 1);
      const removed = next(3) === 0 ? next(20) : 0;
      texts.push(last.slice(0, at) + ['x', '\n', '', 'function g() {}\n'][next(4)] + last.slice(at + removed));
    }
    // Pairs in edit order, each asked twice, interleaved with the pair of another file, and pairs far apart.
    const pairs: Array<[string, string]> = [];
    for (let i = 1; i < texts.length; i++) pairs.push([texts[i - 1], texts[i]], [texts[i - 1], texts[i]], [texts[0], texts[i]], [texts[i - 1], texts[i]]);
    for (const [before, after] of pairs) {
      const prefix = commonPrefixLength(before, after);
      const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
      assert.deepEqual({ ...unchangedEnds(before, after) }, { prefix, suffix });
      // By their content, not their identity: the same texts made again.
      assert.deepEqual({ ...unchangedEnds(before.slice(0, 1) + before.slice(1), after.slice(0, 1) + after.slice(1)) }, { prefix, suffix });
    }
  });
});
