/**
 * Fixture files (Ruff's habit): realistic modules under test/fixtures/rules/<rule-id>/ where every line that must be
 * flagged ends with a comment `RULE <rule-id>` or `RULE <rule-id>:<messageId>` (`#` in Python, `//` in JS/TS), and
 * no other line may be flagged. A mark without a message id accepts any of the rule's messages on that line.
 *
 * The seed's four examples, kept in examples/ for the demo, must stay free of findings. The marks are the strict
 * level's findings (any unknown size); the recommended level's evidence is tested in unboundedFanout.*.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, grammarForFileName } from '../../../src/engine/languages';
import { ruleById } from '../../../src/engine/rules';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const fixturesRoot = path.join(repoRoot, 'test', 'fixtures', 'rules');
const examplesDirectory = path.join(repoRoot, 'examples');
const grammars = new GrammarLoader(packageWasmLocator());
/** `# RULE unbounded-fanout`, `// RULE unbounded-fanout:perTaskLimiter`, at the end of a line. */
const markPattern = /(?:#|\/\/)\s*RULE\s+([a-z][a-z0-9-]*)(?::(\w+))?\s*$/;

interface Mark {
  /** 1-based, as editors and the marks' readers count. */
  line: number;
  messageId?: string;
}

function marksOf(text: string, ruleId: string): Mark[] {
  return text.split(/\r?\n/).flatMap((lineText, index) => {
    const found = markPattern.exec(lineText);
    if (!found) return [];
    assert.ok(ruleById(found[1]), `line ${index + 1} marks an unknown rule '${found[1]}'`);
    if (found[1] !== ruleId) return [];
    return [{ line: index + 1, messageId: found[2] }];
  });
}

function sourceLine(text: string, line: number): string {
  return text.split(/\r?\n/)[line - 1]?.trim() ?? '';
}

async function findingsIn(file: string, ruleId: string): Promise<{ text: string; findings: Finding[] }> {
  const text = fs.readFileSync(file, 'utf8');
  const grammar = grammarForFileName(file);
  assert.ok(grammar, `${path.relative(repoRoot, file)} is not in a language we analyze`);
  const rule = ruleById(ruleId)!;
  const tree = (await grammars.parserFor(grammar)).parse(text);
  assert.ok(tree, `no tree for ${file}`);
  try {
    return { text, findings: analyze({ tree, text, family: familyOf(grammar), options: { level: 'strict' }, rules: [rule] }).filter(f => f.ruleId === ruleId) };
  } finally {
    tree.delete();
  }
}

/** Asserts the flagged lines equal the marked lines, and the message ids where the marks name one. */
async function checkFixture(file: string, ruleId: string): Promise<void> {
  const { text, findings } = await findingsIn(file, ruleId);
  const marks = marksOf(text, ruleId);
  const messageIds = Object.keys(ruleById(ruleId)!.meta.messages);
  for (const mark of marks) {
    if (mark.messageId) assert.ok(messageIds.includes(mark.messageId), `line ${mark.line}: ${ruleId} has no message '${mark.messageId}' (it has ${messageIds.join(', ')})`);
  }
  const problems: string[] = [];
  const markByLine = new Map(marks.map(mark => [mark.line, mark]));
  const flaggedLines = new Set<number>();
  for (const finding of findings) {
    const line = finding.range.start.line + 1;
    flaggedLines.add(line);
    const mark = markByLine.get(line);
    if (!mark) problems.push(`line ${line} is flagged but not marked: ${finding.messageId}: ${finding.message}\n      ${sourceLine(text, line)}`);
    else if (mark.messageId && mark.messageId !== finding.messageId) problems.push(`line ${line} is marked ${mark.messageId} but flagged ${finding.messageId}: ${finding.message}`);
  }
  for (const mark of marks) {
    if (!flaggedLines.has(mark.line)) problems.push(`line ${mark.line} is marked${mark.messageId ? ` ${mark.messageId}` : ''} but not flagged\n      ${sourceLine(text, mark.line)}`);
  }
  assert.deepEqual(problems, [], `${path.relative(repoRoot, file)}:\n  ${problems.join('\n  ')}`);
}

describe('rule fixtures', () => {
  for (const ruleId of fs.readdirSync(fixturesRoot).sort()) {
    describe(ruleId, () => {
      const files = fs.readdirSync(path.join(fixturesRoot, ruleId)).sort().map(name => path.join(fixturesRoot, ruleId, name));

      it('is a rule the engine knows', () => {
        assert.ok(ruleById(ruleId), `test/fixtures/rules/${ruleId} names no rule`);
      });

      for (const file of files) {
        it(path.basename(file), () => checkFixture(file, ruleId));
      }
    });
  }

  describe('seed examples', () => {
    // The seed's four examples live once, in examples/ (the demo's folder): they must stay free of findings.
    it('all four are in examples/, verbatim code with no marks', () => {
      const seeds = fs.readdirSync(examplesDirectory).filter(name => /^seed_\d_\w+\.py$/.test(name)).sort();
      assert.deepEqual(seeds, ['seed_1_gather.py', 'seed_2_semaphore.py', 'seed_3_queue.py', 'seed_4_timeout.py']);
      for (const name of seeds) assert.doesNotMatch(fs.readFileSync(path.join(examplesDirectory, name), 'utf8'), /RULE\s/);
    });

    // The demo's copies in examples/ (and their JS/TS counterparts) must stay valid too.
    const examples = fs.existsSync(examplesDirectory) ? fs.readdirSync(examplesDirectory).filter(name => name.startsWith('seed_')).sort() : [];
    for (const name of examples) {
      it(`examples/${name} has no unbounded-fanout finding`, async () => {
        const { findings } = await findingsIn(path.join(examplesDirectory, name), 'unbounded-fanout');
        assert.deepEqual(findings.map(f => `${f.range.start.line + 1}: ${f.message}`), []);
      });
    }
  });
});
