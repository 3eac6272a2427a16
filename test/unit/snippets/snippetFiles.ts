/**
 * The snippets as the manifest contributes them, and the programs the tests build around them: a snippet body is
 * expanded (defaults, or what a test types at a tab stop) and placed where it is meant to be used.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expandSnippet } from './snippetSyntax';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export type SnippetFamily = 'python' | 'javascript' | 'typescript';

export interface ContributedSnippet {
  /** The key in the snippet file: what `editor.action.insertSnippet` calls `name`. */
  name: string;
  prefix: string;
  description: string;
  body: string;
  /** The manifest's `path`, e.g. `./snippets/python.json`. */
  file: string;
  family: SnippetFamily;
  /** The VS Code language ids the file is contributed for. */
  languages: string[];
}

interface SnippetEntry {
  prefix: string;
  body: string | string[];
  description: string;
}

export function manifestSnippetEntries(): { language: string; path: string }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return manifest.contributes.snippets;
}

const familyOfFile: Record<string, SnippetFamily> = {
  './snippets/python.json': 'python',
  './snippets/javascript.json': 'javascript',
  './snippets/typescript.json': 'typescript',
};

/** Every snippet of every contributed file, once per file, with the languages the file is contributed for. */
export function contributedSnippets(): ContributedSnippet[] {
  const languagesOf = new Map<string, string[]>();
  for (const { language, path: file } of manifestSnippetEntries()) languagesOf.set(file, [...(languagesOf.get(file) ?? []), language]);
  return [...languagesOf].flatMap(([file, languages]) => {
    const family = familyOfFile[file];
    if (!family) throw new Error(`unexpected snippet file ${file}`);
    const entries: Record<string, SnippetEntry> = JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));
    return Object.entries(entries).map(([name, entry]) => ({
      name,
      prefix: entry.prefix,
      description: entry.description,
      body: Array.isArray(entry.body) ? entry.body.join('\n') : entry.body,
      file,
      family,
      languages,
    }));
  });
}

export function snippetOf(family: SnippetFamily, prefix: string): ContributedSnippet {
  const found = contributedSnippets().find(s => s.family === family && s.prefix === prefix);
  if (!found) throw new Error(`no ${family} snippet ${prefix}`);
  return found;
}

/**
 * Where a snippet is meant to be typed: the module's top level (an entry point, a helper declaration) or the body
 * of an async function (everything that awaits). Kept as data: the descriptions say the same to users.
 */
const moduleLevel = new Set(['python:arun', 'javascript:psleep', 'typescript:psleep']);

export function isModuleLevel(snippet: ContributedSnippet): boolean {
  return moduleLevel.has(`${snippet.family}:${snippet.prefix}`);
}

/**
 * The text the editor inserts, with leading tabs as the indentation unit (VS Code converts them the same way),
 * `values` typed at tab stops and `atCursor` typed where `$0` leaves the cursor.
 */
export function insertedText(snippet: ContributedSnippet, options: { values?: Record<number, string>; atCursor?: string; indentUnit?: string } = {}): string {
  const { values = {}, atCursor = '', indentUnit = snippet.family === 'python' ? '    ' : '  ' } = options;
  const { text, finalCursor } = expandSnippet(snippet.body, { values });
  return (text.slice(0, finalCursor) + atCursor + text.slice(finalCursor)).replace(/^\t+/gm, tabs => indentUnit.repeat(tabs.length));
}

export interface ProgramOptions {
  values?: Record<number, string>;
  atCursor?: string;
  /** Code before the snippet, at module level. */
  prelude?: string;
  /** Code after the snippet, in `main` (at module level for module-level snippets). */
  after?: string;
  /** Code at the very end, after `main` has finished or failed. */
  epilogue?: string;
}

/**
 * A whole program around the snippet: `prelude` at the top, then the snippet at module level, or inside
 * `main` (an `async def` / `async function`), then `after`, then the code that runs `main` (a failure of `main`
 * is printed, so that tests can expect one), then `epilogue`.
 */
export function programAround(snippet: ContributedSnippet, options: ProgramOptions = {}): string {
  const { prelude = '', after = '', epilogue = '' } = options;
  const text = insertedText(snippet, options);
  const indent = (code: string, unit: string) => code.split('\n').map(line => (line.trim() ? unit + line : '')).join('\n');
  if (isModuleLevel(snippet)) return `${prelude}\n${text}\n${after}\n${epilogue}\n`;
  if (snippet.family === 'python') {
    const run = 'try:\n    asyncio.run(main())\nexcept Exception as error:\n    print("main raised:", repr(error))';
    return `${prelude}\n\nasync def main():\n${indent(text, '    ')}\n${indent(after || 'pass', '    ')}\n\n\n${run}\n${epilogue}\n`;
  }
  const run = "await main().catch((error) => console.log('main rejected:', error.name, error.message));";
  return `${prelude}\n\nasync function main() {\n${indent(text, '  ')}\n${indent(after, '  ')}\n}\n\n${run}\n${epilogue}\n`;
}
