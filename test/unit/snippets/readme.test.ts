/**
 * The README's Snippets table is what users read before typing a prefix: it must list exactly the contributed
 * snippets, with their languages, names and descriptions as the snippet files give them.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { contributedSnippets, repoRoot } from './snippetFiles';

const languageNames = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript' } as const;

/** The rows of the first table under `## Snippets`, as [prefix, languages, snippet, description]. */
function readmeSnippetRows(): string[][] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find(part => part.startsWith('Snippets\n'));
  assert.ok(section, 'README.md has a "## Snippets" section');
  const tableLines = section.split('\n').filter(line => line.startsWith('|'));
  assert.deepEqual(splitRow(tableLines[0]), ['Prefix', 'Languages', 'Snippet', 'What it guarantees']);
  return tableLines.slice(2).map(splitRow);
}

function splitRow(line: string): string[] {
  return line.slice(1, -1).split('|').map(cell => cell.trim());
}

describe('README snippets table', () => {
  it('lists every contributed snippet once per prefix, with its languages, name and description', () => {
    // A JavaScript snippet and its TypeScript twin share a row (their names and descriptions are equal, as
    // snippets.test.ts checks).
    const expected = new Map<string, string[]>();
    for (const snippet of contributedSnippets()) {
      const key = snippet.family === 'python' ? `python:${snippet.prefix}` : `js:${snippet.prefix}`;
      const row = expected.get(key);
      if (row) row[1] += `, ${languageNames[snippet.family]}`;
      else expected.set(key, [`\`${snippet.prefix}\``, languageNames[snippet.family], snippet.name, snippet.description]);
    }
    assert.deepEqual(readmeSnippetRows(), [...expected.values()]);
  });
});
