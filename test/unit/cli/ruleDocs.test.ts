/**
 * The rule documentation users read (docs/rules/<id>.md, shipped in SARIF help) must tell the truth: its code
 * examples parse, the `## Example` code is flagged by the rule, the code under `## Use instead` is not, and the code
 * under `## When not to use it` is not flagged as written but is once its suppression comments are removed. That the page has every heading and equals the
 * docs block of the rule's source file is asserted by test/unit/engine/ruleDocs.test.ts.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ruleDocs } from '../../../src/cli/ruleDocs';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { Rule } from '../../../src/engine/rule';
import { allRules } from '../../../src/engine/rules';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const docsFolder = path.join(repoRoot, 'docs', 'rules');
const grammars = new GrammarLoader(packageWasmLocator());

/** The grammar for each code fence tag the docs may use. */
const grammarByFence: Readonly<Record<string, GrammarId>> = {
  python: 'python', py: 'python', ts: 'typescript', typescript: 'typescript', js: 'tsx', javascript: 'tsx', tsx: 'tsx', jsx: 'tsx',
};

/** What the rule must say about the code blocks of each section; sections not named here have no expectation. */
const expectedBySection: Readonly<Record<string, 'flagged' | 'not flagged' | 'suppressed'>> = {
  'Example': 'flagged',
  'Use instead': 'not flagged',
  'When not to use it': 'suppressed',
};

const suppressionComment = /\s*(\/\/\s*async-patterns-disable|#\s*async-patterns:).*$/;

/** The code without suppression comments (comment lines go, trailing comments are cut off), and how many there were. */
function withoutSuppressions(code: string): { code: string; comments: number } {
  const lines = code.split('\n');
  const isCommentLine = (line: string) => suppressionComment.test(line) && line.replace(suppressionComment, '').trim() === '';
  const kept = lines.filter(line => !isCommentLine(line));
  return {
    code: kept.map(line => line.replace(suppressionComment, '')).join('\n'),
    comments: lines.filter(line => suppressionComment.test(line)).length,
  };
}

interface CodeBlock {
  /** The `## ` heading the block is under. */
  section: string;
  fence: string;
  code: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
}

/** Fenced code blocks (```tag ... ```) with the section each is in. */
function codeBlocksOf(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.+)$/.exec(lines[i]);
    if (heading) section = heading[1];
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`code block at line ${i + 1} is not closed`);
    blocks.push({ section, fence: fence[1], code: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1 });
    i = end;
  }
  return blocks;
}

async function findingsOf(rule: Rule, grammar: GrammarId, code: string) {
  const tree = (await grammars.parserFor(grammar)).parse(code);
  if (!tree) throw new Error(`the ${grammar} parser returned no tree`);
  try {
    return { hasSyntaxError: tree.rootNode.hasError, findings: analyze({ tree, text: code, family: familyOf(grammar), rules: [rule] }) };
  } finally {
    tree.delete();
  }
}

describe('rule documentation examples', () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    const page = path.join(docsFolder, `${id}.md`);
    const blocks = fs.existsSync(page) ? codeBlocksOf(fs.readFileSync(page, 'utf8')) : [];

    describe(`docs/rules/${id}.md`, () => {
      it('has an example in each language family the rule checks, under Example and under Use instead', () => {
        for (const section of ['Example', 'Use instead']) {
          const families = new Set(blocks.filter(b => b.section === section && grammarByFence[b.fence]).map(b => familyOf(grammarByFence[b.fence])));
          assert.deepEqual([...families].sort(), [...rule.meta.languages].sort(), `## ${section}`);
        }
      });

      for (const block of blocks.filter(b => b.section in expectedBySection)) {
        const expected = expectedBySection[block.section];
        it(`${block.section}, \`\`\`${block.fence} at line ${block.line}: parses, and is ${expected}`, async () => {
          const grammar = grammarByFence[block.fence];
          assert.ok(grammar, `tag the code block with its language (one of ${Object.keys(grammarByFence).join(', ')})`);
          const { hasSyntaxError, findings } = await findingsOf(rule, grammar, block.code);
          assert.equal(hasSyntaxError, false, `syntax error in:\n${block.code}`);
          const messages = findings.map(f => `${f.range.start.line + 1}: ${f.message}`).join('\n');
          if (expected === 'flagged') assert.ok(findings.length > 0, `not flagged:\n${block.code}`);
          else assert.equal(findings.length, 0, `flagged:\n${messages}\nin:\n${block.code}`);
          if (expected === 'suppressed') {
            const unsuppressed = withoutSuppressions(block.code);
            assert.ok(unsuppressed.comments > 0, 'the example shows a suppression comment');
            // Each comment in the example hides one finding, so each is shown to work.
            const { findings: hidden } = await findingsOf(rule, grammar, unsuppressed.code);
            assert.equal(hidden.length, unsuppressed.comments, `findings without the suppression comments, in:\n${unsuppressed.code}`);
          }
        });
      }
    });
  }
});

describe('rule documentation pages', () => {
  it('are what the CLI ships as SARIF help: one per rule, none for a rule that does not exist', () => {
    const shipped = ruleDocs();
    assert.deepEqual([...shipped.keys()].sort(), allRules.map(rule => rule.meta.id).sort());
    for (const [id, markdown] of shipped) assert.equal(markdown, fs.readFileSync(path.join(docsFolder, `${id}.md`), 'utf8'));
  });

  it('are all linked from docs/rules/README.md', () => {
    const index = fs.readFileSync(path.join(docsFolder, 'README.md'), 'utf8');
    for (const rule of allRules) assert.match(index, new RegExp(`\\[\`${rule.meta.id}\`\\]\\(${rule.meta.id}\\.md\\)`));
  });
});
