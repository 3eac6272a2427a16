/**
 * Each rule's documentation lives twice, by design: as the docs block at the top of its source file (Ruff's habit:
 * written next to the code) and as docs/rules/<id>.md (what users, SARIF help and diagnostics link to). They must
 * not drift apart.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../../src/engine/rules';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const headings = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Options', '## When not to use it', '## References'];

/** The markdown in a rule file's first comment, after its one-line title and a blank line, without ` * ` prefixes. */
function docsBlockOf(source: string): string {
  const block = source.slice(source.indexOf('/**') + 3, source.indexOf('*/'));
  const lines = block.split('\n').slice(1).map(line => line.replace(/^ \*( |$)/, ''));
  return lines.slice(lines.findIndex(line => line === '') + 1).join('\n').trim() + '\n';
}

describe('rule documentation', () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    const page = path.join(repoRoot, 'docs', 'rules', `${id}.md`);
    const sourceFile = path.join(repoRoot, 'src', 'engine', 'rules', `${id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}.ts`);

    it(`${id} has a page with every heading, in order`, () => {
      const text = fs.readFileSync(page, 'utf8');
      assert.ok(text.startsWith(`# ${id}\n`));
      const positions = headings.map(heading => text.indexOf(`\n${heading}\n`));
      assert.ok(positions.every(p => p > 0), `missing: ${headings.filter((_, i) => positions[i] < 0).join(', ')}`);
      assert.deepEqual([...positions].sort((a, b) => a - b), positions);
    });

    it(`${id}'s page equals the docs block of ${path.basename(sourceFile)}`, () => {
      assert.equal(docsBlockOf(fs.readFileSync(sourceFile, 'utf8')), fs.readFileSync(page, 'utf8'));
    });

    it(`${id} is in the README's rules table, linking its page`, () => {
      const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
      assert.match(readme, new RegExp(`\\[\`${id}\`\\]\\(docs/rules/${id}\\.md\\)`));
    });
  }
});
