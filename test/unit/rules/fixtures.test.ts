/**
 * Fixture files (Ruff's habit): realistic modules where every line that must be flagged ends with a comment
 * `RULE <id>` or `RULE <id>:<messageId>`; no other line may be flagged. The seed's examples carry no marks.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, grammarForFileName } from '../../../src/engine/languages';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'rules');
/** The seed's four examples (and their JS/TS counterparts) in examples/ must stay valid for every rule. */
const seedExamples = fs.readdirSync(path.join(repoRoot, 'examples')).filter(name => name.startsWith('seed_')).map(name => path.join(repoRoot, 'examples', name));
const grammars = new GrammarLoader(packageWasmLocator());
const mark = /(?:#|\/\/)\s*RULE\s+([a-z-]+)(?::(\w+))?\s*$/;

describe('rule fixtures', () => {
  for (const ruleId of fs.readdirSync(fixtures)) {
    const files = [...fs.readdirSync(path.join(fixtures, ruleId)).sort().map(name => path.join(fixtures, ruleId, name)), ...seedExamples];
    for (const file of files) {
      it(`${ruleId}: ${path.relative(repoRoot, file)}`, async () => {
        const text = fs.readFileSync(file, 'utf8');
        const grammar = grammarForFileName(file);
        assert.ok(grammar, `${file} is a language we analyze`);
        const expected = text.split('\n').flatMap((line, index) => {
          const found = mark.exec(line);
          return found && found[1] === ruleId ? [found[2] ? `${index + 1} ${found[2]}` : `${index + 1}`] : [];
        });
        const tree = (await grammars.parserFor(grammar)).parse(text)!;
        const findings = analyze({ tree, text, family: familyOf(grammar) }).filter(f => f.ruleId === ruleId);
        tree.delete();
        const actual = findings.map(f => {
          const line = f.range.start.line + 1;
          return expected.includes(`${line}`) ? `${line}` : `${line} ${f.messageId}`;
        });
        assert.deepEqual(actual, expected, findings.map(f => `${f.range.start.line + 1}: ${f.message}`).join('\n'));
      });
    }
  }
});
