/**
 * The before/after examples of the actions' docs blocks (rust-analyzer's `// Assist:` habit): read from the comment
 * at the top of each action's file, applied through the engine, and run.
 *
 * An example in a docs block reads:
 *
 *     Example (python):            the grammar (python, typescript, tsx) and options, comma-separated:
 *     ```                          `python 3.10` (asyncPatterns.python.version), `depends on p-limit`,
 *     <the program before>         `commonjs` / `esm` (the file's module system)
 *     ```
 *     becomes:                     or `becomes (disabled):` for a fix that says why it cannot be made
 *     ```
 *     <the program after>          or the reason it gives
 *     ```
 *
 * `$0` marks the cursor (a refactoring) or where the finding starts (a quick fix); the code lines are the comment's
 * lines without their leading ` * `, and `*\/` in them stands for the end of a comment (which would end the docs
 * block).
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, CodeActionProposal, FileKind, QuickFixProvider } from '../../../src/engine/actions/action';
import { quickFixes, refactorings } from '../../../src/engine/actions/index';
import { RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const grammars = new GrammarLoader(packageWasmLocator());

export interface DocsExample {
  actionId: string;
  /** `src/engine/actions/<file>.ts` and the 1-based line of the example's header, for messages. */
  file: string;
  line: number;
  grammar: GrammarId;
  pythonVersion?: string;
  dependencies: string[];
  moduleSystem?: FileKind['moduleSystem'];
  /** With `$0`. */
  before: string;
  /** The program after, or (disabled) the reason given. */
  after: string;
  disabled: boolean;
}

export type ActionProvider = { kind: 'quickfix'; provider: QuickFixProvider } | { kind: 'refactoring'; provider: RefactoringProvider };

/** Every action the engine offers, by id. */
export function allActions(): Map<string, ActionProvider> {
  const actions = new Map<string, ActionProvider>();
  for (const provider of quickFixes) actions.set(provider.id, { kind: 'quickfix', provider });
  for (const provider of refactorings) actions.set(provider.id, { kind: 'refactoring', provider });
  return actions;
}

/** `limit-with-p-limit` lives in `src/engine/actions/limitWithPLimit.ts`. */
export function fileOfAction(id: string): string {
  return `src/engine/actions/${id.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}.ts`;
}

/** The docs block: the first `/** ... *\/` comment of the file, as lines without their ` * `. */
function docsBlockLines(source: string): { lines: string[]; firstLine: number } {
  const start = source.indexOf('/**');
  const end = source.indexOf('*/', start);
  if (start < 0 || end < 0) return { lines: [], firstLine: 0 };
  // A comment cannot hold `*/`: the docs write it `*\/` (a helper's own doc comment in an after).
  const lines = source.slice(start, end).split('\n').slice(1).map(line => line.replace(/^\s*\*( |$)/, '').replaceAll('*\\/', '*/'));
  return { lines, firstLine: source.slice(0, start).split('\n').length + 1 };
}

const header = /^Example \(([^)]*)\):$/;

export function examplesIn(actionId: string, source: string, file = fileOfAction(actionId)): DocsExample[] {
  const { lines, firstLine } = docsBlockLines(source);
  const examples: DocsExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = header.exec(lines[i]);
    if (!match) continue;
    const where = `${file}:${firstLine + i}`;
    const [grammar, ...options] = match[1].split(',').map(part => part.trim());
    if (grammar !== 'python' && grammar !== 'typescript' && grammar !== 'tsx') throw new Error(`${where}: unknown grammar ${grammar}`);
    const before = fenced(lines, i + 1, where);
    const becomes = lines[before.next];
    if (becomes !== 'becomes:' && becomes !== 'becomes (disabled):') throw new Error(`${where}: expected "becomes:" after the example's code`);
    const after = fenced(lines, before.next + 1, where);
    const example: DocsExample = { actionId, file, line: firstLine + i, grammar, dependencies: [], before: before.text, after: after.text, disabled: becomes === 'becomes (disabled):' };
    for (const option of options) {
      if (/^python \d+\.\d+$/.test(option)) example.pythonVersion = option.slice('python '.length);
      else if (option.startsWith('depends on ')) example.dependencies.push(option.slice('depends on '.length));
      else if (option === 'esm' || option === 'commonjs') example.moduleSystem = option;
      else throw new Error(`${where}: unknown option ${option}`);
    }
    examples.push(example);
    i = after.next - 1;
  }
  return examples;
}

/** The code between a ``` line at `from` and the next ```: its text (ending in a newline) and the line after it. */
function fenced(lines: string[], from: number, where: string): { text: string; next: number } {
  if (lines[from] !== '```') throw new Error(`${where}: expected a \`\`\` line`);
  const close = lines.indexOf('```', from + 1);
  if (close < 0) throw new Error(`${where}: the code is not closed by a \`\`\` line`);
  return { text: `${lines.slice(from + 1, close).join('\n')}\n`, next: close + 1 };
}

export function examplesOf(actionId: string): DocsExample[] {
  const file = fileOfAction(actionId);
  return examplesIn(actionId, fs.readFileSync(path.join(repoRoot, file), 'utf8'), file);
}

/** The findings of every rule, at the strict level (any collection of unknown size), so examples keep their finding. */
export async function findingsOf(grammar: GrammarId, text: string): Promise<Finding[]> {
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    return analyze({ tree, text, family: familyOf(grammar), options: { level: 'strict' } });
  } finally {
    tree.delete();
  }
}

/** Applies the example's action at `$0`: the proposal and the text it makes (undefined when not offered). */
export async function applyExample(example: DocsExample, action: ActionProvider): Promise<{ text: string; proposal: CodeActionProposal | undefined; result: string | undefined }> {
  const cursor = example.before.indexOf('$0');
  if (cursor < 0) throw new Error(`${example.file}:${example.line}: the example marks the cursor with $0`);
  const text = example.before.replace('$0', '');
  const family = familyOf(example.grammar);
  const tree = (await grammars.parserFor(example.grammar)).parse(text)!;
  try {
    const common = { tree, text, family, grammar: example.grammar, maxConcurrency: 16, level: 'strict' as const, dependencies: new Set(example.dependencies), moduleSystem: example.moduleSystem };
    let proposal: CodeActionProposal | undefined;
    if (action.kind === 'quickfix') {
      const findings = analyze({ tree, text, family, options: { level: 'strict' } });
      const finding = findings.find(f => offsetOf(text, f.range.start.line, f.range.start.column) === cursor);
      if (!finding) throw new Error(`${example.file}:${example.line}: no finding starts at $0`);
      proposal = action.provider.provide({ ...common, finding });
    } else {
      proposal = action.provider.provide({ ...common, selection: { startIndex: cursor, endIndex: cursor }, pythonVersion: example.pythonVersion });
    }
    return { text, proposal, result: proposal && !proposal.disabledReason ? applyEdits(text, proposal.edits) : undefined };
  } finally {
    tree.delete();
  }
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
}
