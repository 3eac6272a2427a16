/**
 * The fix loop never loops blindly: each finding's fixes are asked for once, there are never more rounds than
 * findings + 1, and a fix that breaks the syntax stops everything before anything is written. Quick fixes are
 * replaced by doubles here, to be the broken fixes the real ones must never be.
 */
import * as assert from 'assert/strict';
import { CodeActionProposal, ActionContext } from '../../../src/engine/actions/action';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { allRules } from '../../../src/engine/rules';
import { fixText, FixRequest } from '../../../src/cli/fixLoop';

const gather = (name: string) => `async def ${name}(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n`;

function request(text: string, quickFixes: (context: ActionContext) => CodeActionProposal[]): FixRequest {
  return { file: 'test.py', text, grammar: 'python', rules: allRules, locateWasm: packageWasmLocator(), quickFixes };
}

/** A quick-fix double that counts its calls and answers with `edits(context)` (none: no fix). */
function countingFixes(edits: (context: ActionContext) => CodeActionProposal['edits'] | undefined) {
  const calls: number[] = [];
  const quickFixes = (context: ActionContext): CodeActionProposal[] => {
    calls.push(context.finding.range.start.line);
    const proposed = edits(context);
    return proposed ? [{ id: 'double', title: 'double', kind: 'quickfix', isPreferred: true, edits: proposed }] : [];
  };
  return { calls, quickFixes };
}

describe('the fix loop', () => {
  it('asks once per finding that has no fix, in one round, and leaves them all', async () => {
    const text = `import asyncio\n\n${Array.from({ length: 50 }, (_, i) => gather(`f${i}`)).join('\n')}`;
    const { calls, quickFixes } = countingFixes(() => undefined);
    const outcome = await fixText(request(text, quickFixes));
    assert.equal(calls.length, 50);
    assert.ok(outcome.kind === 'fixed');
    assert.equal(outcome.text, text);
    assert.equal(outcome.fixedCount, 0);
    assert.equal(outcome.remaining.length, 50);
  });

  // Identical findings are told apart by where they are, carried through each fix: identified by their line's text
  // and rank among identical lines, every other one was skipped once the first was fixed (50 of 100 left).
  it('fixes every one of many identical findings', async () => {
    const text = `import asyncio\n\n${Array.from({ length: 30 }, () => gather('f')).join('\n')}`;
    const { calls, quickFixes } = countingFixes(context => {
      const at = context.text.indexOf('*[fetch(u)', context.text.split('\n').slice(0, context.finding.range.start.line).join('\n').length);
      return [{ startIndex: at, endIndex: at + 1, newText: '*limited(' }, { startIndex: context.text.indexOf(']', at) + 1, endIndex: context.text.indexOf(']', at) + 1, newText: ')' }];
    });
    const outcome = await fixText(request(text, quickFixes));
    assert.ok(outcome.kind === 'fixed');
    assert.equal(calls.length, 30);
    assert.equal((outcome.text.match(/\*limited\(\[fetch/g) ?? []).length, 30);
  });

  it('says why a finding left has no automatic fix, when the actions say', async () => {
    const text = 'import asyncio\n\n\nasync def wait_all(tasks):\n    return await asyncio.gather(*tasks)\n';
    const outcome = await fixText({ file: 'test.py', text, grammar: 'python', rules: allRules, locateWasm: packageWasmLocator() });
    assert.ok(outcome.kind === 'fixed');
    assert.equal(outcome.remaining.length, 1);
    assert.match(outcome.noFixReasons.get(outcome.remaining[0]) ?? '', /^`tasks` is made elsewhere \(a parameter\)/);
  });

  it('does not retry a fix that leaves its finding in place, and counts it as not fixed', async () => {
    const text = `import asyncio\n\n${gather('f')}`;
    const { calls, quickFixes } = countingFixes(() => [{ startIndex: 0, endIndex: 0, newText: '# touched\n' }]);
    const outcome = await fixText(request(text, quickFixes));
    assert.equal(calls.length, 1);
    assert.ok(outcome.kind === 'fixed');
    assert.equal(outcome.text, `# touched\n${text}`);
    assert.equal(outcome.fixedCount, 0);
    assert.equal(outcome.remaining.length, 1);
  });

  it('stops after findings + 1 rounds when each fix makes a new finding', async () => {
    const text = `import asyncio\n\n${gather('f')}`;
    let made = 0;
    const { calls, quickFixes } = countingFixes(context => [{ startIndex: context.text.length, endIndex: context.text.length, newText: `\n${gather(`g${made++}`)}` }]);
    const outcome = await fixText(request(text, quickFixes));
    assert.equal(calls.length, 2, 'one finding at first: at most two rounds');
    assert.ok(outcome.kind === 'fixed');
    assert.equal(outcome.remaining.length, 3);
  });

  it('stops at a fix that breaks the syntax, naming the rule and the line, with no text to write', async () => {
    const text = `import asyncio\n\n${gather('f')}`;
    const { quickFixes } = countingFixes(context => [{ startIndex: context.text.indexOf('return'), endIndex: context.text.indexOf('return'), newText: 'def (:' }]);
    const outcome = await fixText(request(text, quickFixes));
    assert.deepEqual(outcome, { kind: 'fix-broke-syntax', ruleId: 'unbounded-fanout', line: 4 });
  });

  it('refuses text with syntax errors before asking for any fix', async () => {
    const { calls, quickFixes } = countingFixes(() => undefined);
    const outcome = await fixText(request(`import asyncio\n\n${gather('f')}\nx = (\n`, quickFixes));
    assert.deepEqual(outcome, { kind: 'syntax-errors', line: 6 });
    assert.equal(calls.length, 0);
  });
});
