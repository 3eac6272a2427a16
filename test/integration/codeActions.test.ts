/**
 * The editor's quick fixes act on the finding their diagnostic was published from (issue 13), not on one rebuilt from
 * what the diagnostic shows. Our provider is asked directly, in the host, with the published findings it is given.
 */
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { analyze } from '../../src/engine/analyze';
import { Finding } from '../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../src/engine/grammarLoader';
import { CodeActions } from '../../src/extension/codeActions';
import { PublishedFindings } from '../../src/extension/diagnostics';
import { DocumentParses } from '../../src/extension/documentParses';
import { openUntitled } from './helpers';

const grammars = new GrammarLoader(packageWasmLocator());

// The flagged call starts where the call in its callee does: a position alone names the wrong call.
const content = 'import asyncio\n\n\nasync def main(ids):\n    for i in ids:\n        asyncio.get_running_loop().create_task(fetch(i))\n';

describe('code actions take the finding they fix', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  async function titlesFor(findings: PublishedFindings): Promise<string[]> {
    const { document } = await openUntitled('python', content);
    const tree = (await grammars.parserFor('python')).parse(content)!;
    try {
      const parses = { current: () => ({ key: document.uri.toString(), grammar: 'python', version: document.version, text: content, tree, parsedBy: 'full' }) };
      const [finding] = analyze({ tree, text: content, family: 'python' });
      // A diagnostic that shows only where the finding starts.
      const start = new vscode.Position(finding.range.start.line, finding.range.start.column);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(start, start), finding.message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Async Patterns';
      diagnostic.code = finding.ruleId;
      const provider = new CodeActions(parses as unknown as DocumentParses, undefined, findings);
      const actions = provider.provideCodeActions(document, diagnostic.range, { diagnostics: [diagnostic], only: vscode.CodeActionKind.QuickFix, triggerKind: vscode.CodeActionTriggerKind.Invoke });
      return actions.map(action => action.title);
    } finally {
      tree.delete();
    }
  }

  it('offers the fix of the published finding\'s call, whatever position its diagnostic shows', async () => {
    const tree = (await grammars.parserFor('python')).parse(content)!;
    let published: Finding;
    try {
      [published] = analyze({ tree, text: content, family: 'python' });
    } finally {
      tree.delete();
    }
    assert.ok((await titlesFor({ findingOf: () => published })).includes('Limit to 16 at once with a shared asyncio.Semaphore'));
  });

  it('without it, the finding rebuilt from that position finds another call, and no fix but the suppression', async () => {
    assert.deepEqual(await titlesFor({ findingOf: () => undefined }), ['Suppress unbounded-fanout on this line']);
  });
});
