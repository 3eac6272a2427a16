/**
 * The contributed snippets in a real VS Code host: for each language, every prefix is offered by completion as a
 * snippet, and inserting each snippet by name writes what the unit tests parsed, compiled and ran (the same
 * expansion, with the editor's indentation).
 */
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { contributedSnippets, insertedText, isModuleLevel } from '../unit/snippets/snippetFiles';
import { expandSnippet } from '../unit/snippets/snippetSyntax';
import { openUntitled as openWith, waitFor } from './helpers';

const languages = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

const openUntitled = (language: string, content = '') => openWith(language, content);

async function completionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items;
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

describe('snippets', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  for (const language of languages) {
    const snippets = contributedSnippets().filter(s => s.languages.includes(language));

    describe(language, () => {
      it('has snippets contributed for it', () => assert.ok(snippets.length >= 9, `${snippets.length} snippets`));

      it('offers each snippet by its prefix in completion', async () => {
        const editor = await openUntitled(language);
        for (const snippet of snippets) {
          await editor.edit(edit => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), snippet.prefix));
          const items = await waitFor(`${snippet.prefix} in completion`, async () => {
            const found = (await completionsAt(editor.document.uri, new vscode.Position(0, snippet.prefix.length)))
              .filter(item => item.kind === vscode.CompletionItemKind.Snippet && labelOf(item) === snippet.prefix);
            return found.length > 0 ? found : undefined;
          }, 10000);
          assert.equal(items.length, 1, `one ${snippet.prefix} snippet in ${language}`);
          assert.ok(items[0].detail?.includes(snippet.description), `the description is shown: ${items[0].detail}`);
        }
      });

      it('offers every form of a pattern for the shorter prefix (atimeout, plimit, ptimeout)', async () => {
        const editor = await openUntitled(language);
        const python = language === 'python';
        const groups: Record<string, string[]> = python
          ? { atimeout: ['atimeout', 'atimeoutwith'] }
          : { plimit: ['plimit', 'plimitpkg'], ptimeout: ['ptimeout', 'pwithtimeout'] };
        for (const [typed, expected] of Object.entries(groups)) {
          await editor.edit(edit => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), typed));
          const offered = await waitFor(`${expected.join(', ')} for ${typed}`, async () => {
            const labels = (await completionsAt(editor.document.uri, new vscode.Position(0, typed.length)))
              .filter(item => item.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
            return expected.every(prefix => labels.includes(prefix)) ? labels : undefined;
          }, 10000);
          assert.ok(offered.length >= expected.length);
        }
      });

      // Explicit completion (Ctrl+Space, which executeCompletionItemProvider stands for) offers snippets in strings and
      // comments too, like VS Code's own; while typing, suggestions do not open there. That is what keeps snippets
      // out of the way in strings and comments, so no completion provider of our own is needed.
      it('does not pop snippets up while typing in strings or comments (the editor default we rely on)', () => {
        const quick = vscode.workspace.getConfiguration('editor', { languageId: language }).get<Record<string, unknown>>('quickSuggestions');
        assert.equal(quick?.strings, 'off');
        assert.equal(quick?.comments, 'off');
      });

      it('indents every line of a snippet typed inside an async function like the line it is typed on', async () => {
        const python = language === 'python';
        const head = python ? 'import asyncio\n\n\nasync def main():\n' : 'async function main() {\n';
        const tail = python ? '' : '\n}\n';
        for (const snippet of snippets.filter(s => !isModuleLevel(s))) {
          const editor = await openUntitled(language);
          const { insertSpaces, tabSize } = editor.options;
          const indentUnit = insertSpaces ? ' '.repeat(Number(tabSize)) : '\t';
          await editor.edit(edit => edit.insert(new vscode.Position(0, 0), `${head}${indentUnit}${tail}`));
          const line = head.split('\n').length - 1;
          editor.selection = new vscode.Selection(line, indentUnit.length, line, indentUnit.length);
          await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: language, name: snippet.name });
          const body = insertedText(snippet, { indentUnit }).split('\n').map(l => indentUnit + l).join('\n');
          // VS Code also indents the blank lines of a snippet: trailing whitespace is not what this test is about.
          const trimEnds = (text: string) => text.replace(/[ \t]+$/gm, '');
          assert.equal(trimEnds(editor.document.getText()), trimEnds(`${head}${body}${tail}`), snippet.prefix);
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        }
      });

      for (const snippet of snippets) {
        it(`inserts ${snippet.prefix} (${snippet.name}) as the unit tests expand it`, async () => {
          const editor = await openUntitled(language);
          await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: language, name: snippet.name });
          const { insertSpaces, tabSize } = editor.options;
          const indentUnit = insertSpaces ? ' '.repeat(Number(tabSize)) : '\t';
          assert.equal(editor.document.getText(), insertedText(snippet, { indentUnit }));
          // The snippet session starts on tab stop 1, every mirror of it selected too.
          const first = expandSnippet(snippet.body).tabStopTexts.get(1) ?? [];
          if (first.length) assert.deepEqual(editor.selections.map(selection => editor.document.getText(selection)).sort(), [...first].sort());
        });
      }
    });
  }
});
