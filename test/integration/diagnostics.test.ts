import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { extension, openUntitled, waitFor, workspaceFile } from './helpers';

const pythonFanOut = `import asyncio


async def fetch(url):
    await asyncio.open_connection(url, 80)
    return url


async def main(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])
`;

const typescriptFanOut = `async function fetchUser(id: string): Promise<string> {
  return (await fetch('/users/' + id)).text();
}

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(fetchUser));
}
`;

async function open(language: string, content: string): Promise<vscode.TextEditor> {
  return openUntitled(language, content);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'Async Patterns');
}

/** Waits until our diagnostics for `uri` satisfy `check`. */
async function diagnosticsWhere(uri: vscode.Uri, what: string, check: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  try {
    return await waitFor(what, () => {
      const diagnostics = ours(uri);
      return check(diagnostics) ? diagnostics : undefined;
    });
  } catch (error) {
    // Say what there was instead, so a failure in CI can be understood from its log alone.
    const seen = ours(uri).map(d => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
    const parsed = await extension().exports.parsedDocument(uri);
    throw new Error(`${(error as Error).message}; diagnostics: ${JSON.stringify(seen)}; analyses: ${extension().exports.analysisRuns(uri)}; parsed version: ${parsed?.version}; open: ${vscode.workspace.textDocuments.filter(d => d.uri.toString() === uri.toString()).length}`);
  }
}

async function replaceAll(editor: vscode.TextEditor, content: string): Promise<void> {
  const document = editor.document;
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  assert.ok(await editor.edit(edit => edit.replace(whole, content)));
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('asyncPatterns').update(key, value, vscode.ConfigurationTarget.Global);
}

function rangeText(document: vscode.TextDocument, range: vscode.Range): string {
  return document.getText(range);
}

describe('unbounded-fanout diagnostics', () => {
  afterEach(async () => {
    for (const key of ['fanout.enable', 'fanout.severity', 'fanout.level', 'fanout.maxConcurrency']) await setting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags a Python gather over a parameter, on the call, linking the rule docs and the parameter', async () => {
    const editor = await open('python', pythonFanOut);
    const [diagnostic] = await diagnosticsWhere(editor.document.uri, 'one warning', d => d.length === 1);
    assert.equal(rangeText(editor.document, diagnostic.range), 'asyncio.gather(*[fetch(u) for u in urls])');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.message, '`asyncio.gather` starts one `asyncio.open_connection` call (network) per element of `urls` (the parameter `urls`) with no concurrency limit');
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'unbounded-fanout');
    assert.equal(code.target.toString(), 'https://github.com/async-patterns/async-patterns/blob/main/docs/rules/unbounded-fanout.md');
    assert.equal(diagnostic.relatedInformation?.length, 1);
    assert.equal(rangeText(editor.document, diagnostic.relatedInformation![0].location.range), 'urls');
    assert.equal(diagnostic.relatedInformation![0].location.range.start.line, 8);
  });

  it('flags a TypeScript Promise.all over a parameter, and clears it when a shared limiter is added', async () => {
    const editor = await open('typescript', typescriptFanOut);
    const [diagnostic] = await diagnosticsWhere(editor.document.uri, 'one warning', d => d.length === 1);
    assert.equal(rangeText(editor.document, diagnostic.range), 'Promise.all(ids.map(fetchUser))');
    assert.equal(rangeText(editor.document, diagnostic.relatedInformation![0].location.range), 'ids');
    await replaceAll(editor, `import pLimit from 'p-limit';\nconst limit = pLimit(4);\n${typescriptFanOut.replace('ids.map(fetchUser)', 'ids.map(id => limit(() => fetchUser(id)))')}`);
    await diagnosticsWhere(editor.document.uri, 'no warning once limited', d => d.length === 0);
  });

  it('clears the Python warning when the task takes a shared semaphore', async () => {
    const editor = await open('python', pythonFanOut);
    await diagnosticsWhere(editor.document.uri, 'one warning', d => d.length === 1);
    await replaceAll(editor, pythonFanOut
      .replace('async def fetch(url):\n    await', 'sem = asyncio.Semaphore(4)\n\n\nasync def fetch(url):\n    async with sem:\n        await')
      .replace('    return url', '        return url'));
    await diagnosticsWhere(editor.document.uri, 'no warning once limited', d => d.length === 0);
  });

  it('honours the suppression comments', async () => {
    const python = await open('python', pythonFanOut);
    await diagnosticsWhere(python.document.uri, 'one warning', d => d.length === 1);
    await replaceAll(python, pythonFanOut.replace('for u in urls])', 'for u in urls])  # async-patterns: ignore[unbounded-fanout]'));
    await diagnosticsWhere(python.document.uri, 'suppressed', d => d.length === 0);

    const ts = await open('typescript', typescriptFanOut);
    await diagnosticsWhere(ts.document.uri, 'one warning', d => d.length === 1);
    await replaceAll(ts, typescriptFanOut.replace('  return Promise.all', '  // async-patterns-disable-next-line unbounded-fanout\n  return Promise.all'));
    await diagnosticsWhere(ts.document.uri, 'suppressed', d => d.length === 0);
  });

  it('follows asyncPatterns.fanout.severity and asyncPatterns.fanout.enable', async () => {
    const editor = await open('typescript', typescriptFanOut);
    await diagnosticsWhere(editor.document.uri, 'a warning', d => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Warning);
    await setting('fanout.severity', 'error');
    await diagnosticsWhere(editor.document.uri, 'an error', d => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Error);
    await setting('fanout.enable', false);
    await diagnosticsWhere(editor.document.uri, 'nothing when the rule is off', d => d.length === 0);
    await setting('fanout.enable', true);
    await diagnosticsWhere(editor.document.uri, 'back when on again', d => d.length === 1);
  });

  it('follows asyncPatterns.fanout.maxConcurrency for collections of known size', async () => {
    // At the default level a count written in the code is evidence from 100 on (fewer is a choice): 200 is over both.
    const editor = await open('python', 'import asyncio\n\n\nasync def work(i):\n    await asyncio.open_connection("db", 5432 + i)\n\n\nasync def main():\n    await asyncio.gather(*[work(i) for i in range(200)])\n');
    const [diagnostic] = await diagnosticsWhere(editor.document.uri, 'range(200) flagged at 16', d => d.length === 1);
    assert.match(diagnostic.message, /`range\(200\)` \(200 elements\)/);
    await setting('fanout.maxConcurrency', 256);
    await diagnosticsWhere(editor.document.uri, 'range(200) accepted at 256', d => d.length === 0);
  });

  it('analyzes at asyncPatterns.fanout.level (an unknown value is the default), telling the rules the file\'s path', async () => {
    const untitled = await open('python', pythonFanOut);
    const optionsOf = (uri: vscode.Uri) => extension().exports.analysisOptions(uri);
    await diagnosticsWhere(untitled.document.uri, 'one warning', d => d.length === 1);
    assert.deepEqual(optionsOf(untitled.document.uri), { maxConcurrency: 16, level: 'recommended', filePath: undefined });
    await setting('fanout.level', 'strict');
    await waitFor('an analysis at strict', () => (optionsOf(untitled.document.uri)?.level === 'strict' ? true : undefined));
    await setting('fanout.level', 'loose');
    await waitFor('back to recommended', () => (optionsOf(untitled.document.uri)?.level === 'recommended' ? true : undefined));

    const file = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('seed_1_gather.py')));
    await waitFor('the file analyzed', () => optionsOf(file.document.uri));
    assert.equal(optionsOf(file.document.uri)?.filePath, file.document.uri.fsPath);
  });

  it('reports at strict what recommended leaves alone (a gather over handlers that never await I/O)', async () => {
    const editor = await open('python', 'import asyncio\n\n\nasync def call(handler):\n    return handler.__name__\n\n\nasync def run_all(handlers):\n    return await asyncio.gather(*[call(h) for h in handlers])\n');
    await diagnosticsWhere(editor.document.uri, 'nothing at recommended', d => d.length === 0 && extension().exports.analysisRuns(editor.document.uri) > 0);
    await setting('fanout.level', 'strict');
    await diagnosticsWhere(editor.document.uri, 'one warning at strict', d => d.length === 1);
  });

  it('keeps each published finding, with its message id and data, for the quick fixes of its diagnostic', async () => {
    const editor = await open('python', pythonFanOut);
    const [diagnostic] = await diagnosticsWhere(editor.document.uri, 'one warning', d => d.length === 1);
    const finding = extension().exports.publishedFinding(editor.document.uri, diagnostic);
    assert.equal(finding?.messageId, 'unboundedWork');
    assert.deepEqual(finding?.data, {
      callee: 'asyncio.gather', collection: 'urls', work: '`asyncio.open_connection` call (network)',
      workCallee: 'asyncio.open_connection', resource: 'network', source: 'the parameter `urls`',
    });
    const moved = new vscode.Diagnostic(diagnostic.range.with(diagnostic.range.start.translate(1)), diagnostic.message);
    moved.code = diagnostic.code;
    assert.equal(extension().exports.publishedFinding(editor.document.uri, moved), undefined, 'not for another range');
    assert.ok(await editor.edit(edit => edit.insert(new vscode.Position(0, 0), '# edited\n')));
    assert.equal(extension().exports.publishedFinding(editor.document.uri, diagnostic), undefined, 'not once the text changed');
  });

  it('a setting of the wrong type falls back to its default', async () => {
    await setting('fanout.severity', 'loud');
    const editor = await open('typescript', typescriptFanOut);
    await diagnosticsWhere(editor.document.uri, 'a warning', d => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Warning);
  });

  it('clears a document\'s diagnostics when it is closed', async () => {
    const editor = await open('typescript', typescriptFanOut);
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, 'one warning', d => d.length === 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await diagnosticsWhere(uri, 'cleared on close', d => d.length === 0);
  });

  it('still reports in a well-formed function when another part has a syntax error', async () => {
    const editor = await open('python', `def broken(:\n    pass\n\n${pythonFanOut}`);
    assert.equal((await extension().exports.parsedDocument(editor.document.uri))?.hasSyntaxErrors, true, 'the premise: the tree has an error');
    const [diagnostic] = await diagnosticsWhere(editor.document.uri, 'one warning', d => d.length === 1);
    assert.equal(rangeText(editor.document, diagnostic.range), 'asyncio.gather(*[fetch(u) for u in urls])');
  });

  it('a large document edited while its first analysis runs (in slices) ends with the findings of its last text', async () => {
    const functions = Array.from({ length: 2000 }, (_, i) => `async def load_${i}(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n`);
    const editor = await open('python', `import asyncio\n\n\n${functions.join('\n\n')}`);
    const uri = editor.document.uri;
    // No waiting: these edits arrive while the analysis of the opened text is still under way.
    const last = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit(edit => edit.insert(last, '\n\nasync def added(ids):\n    return await asyncio.gather(*[fetch(i) for i in ids])\n')));
    const first = editor.document.getText().indexOf('for u in urls');
    assert.ok(await editor.edit(edit => edit.replace(new vscode.Range(editor.document.positionAt(first), editor.document.positionAt(first + 'for u in urls'.length)), 'for u in urls[:3]')));
    const expected = editor.document.getText().split('\n').flatMap((line, i) => (/asyncio\.gather\(\*\[fetch\(\w\) for \w in (urls|ids)\]\)/.test(line) ? [i] : []));
    const flaggedLines = (d: readonly vscode.Diagnostic[]) => [...new Set(d.map(x => x.range.start.line))].sort((a, b) => a - b);
    // The opened text's own 2,000 findings may be published first (a fast machine ends that analysis before the
    // edits arrive): wait for the last text's, then check that nothing older replaces them.
    await diagnosticsWhere(uri, '2,000 warnings (one removed, one added)', d => d.length === 2000 && JSON.stringify(flaggedLines(d)) === JSON.stringify(expected));
    await new Promise(resolve => setTimeout(resolve, 1000));
    assert.deepEqual(flaggedLines(ours(uri)), expected);
  });

  it('analyzes after typing pauses, not on every keystroke', async () => {
    const editor = await open('typescript', typescriptFanOut);
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, 'one warning', d => d.length === 1);
    const before = extension().exports.analysisRuns(uri);
    const typedAt: number[] = [];
    for (const char of '// a comment typed fast') {
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      assert.ok(await editor.edit(edit => edit.insert(end, char)));
      typedAt.push(Date.now());
    }
    await waitFor('the analysis after the pause', () => (extension().exports.analysisRuns(uri) > before ? true : undefined));
    await new Promise(resolve => setTimeout(resolve, 500));
    const runs = extension().exports.analysisRuns(uri) - before;
    // Each real pause in the typing (a busy machine can make one) may add an analysis; keystrokes never do.
    const pauses = typedAt.slice(1).filter((time, i) => time - typedAt[i] >= 150).length;
    assert.ok(runs >= 1 && runs <= 2 + pauses, `${runs} analyses for 23 keystrokes with ${pauses} pauses`);
    assert.equal(ours(uri).length, 1);
  });
});
