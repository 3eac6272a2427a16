/**
 * A panel restored after a window reload shows the document its saved state names only if the user has that
 * document open now: the state comes from the page, which must not be able to make the extension open anything.
 */
import * as assert from 'assert/strict';
import { restorableView } from '../../../src/extension/visualizer/restore';
import { timelineToWire } from '../../../src/webview/wireTimeline';
import { semaphoreTimeline } from '../webview/fakeTimelines';

const open = new Set(['file:///work/app.py', 'untitled:Untitled-1']);
const options = { itemCount: 10, defaultLatencyMs: 100 };
const stateFor = (document: unknown, extra: Record<string, unknown> = {}) =>
  ({ message: { type: 'timeline', timeline: timelineToWire(semaphoreTimeline()), options, functionName: 'main', document, ...extra } });

describe('visualizer panel restored after a reload', () => {
  it('shows a document that is open in the editor, with its function and line', () => {
    assert.deepEqual(restorableView(stateFor('file:///work/app.py'), open), { document: 'file:///work/app.py', functionName: 'main', line: 9 });
    assert.equal(restorableView(stateFor('untitled:Untitled-1'), open)?.document, 'untitled:Untitled-1');
  });

  it('keeps the limit override that was set, when it is one the controls allow', () => {
    assert.equal(restorableView(stateFor('file:///work/app.py', { options: { ...options, limitOverride: 4 } }), open)?.limitOverride, 4);
    assert.equal(restorableView(stateFor('file:///work/app.py', { options: { ...options, limitOverride: 1e9 } }), open)?.limitOverride, undefined);
  });

  const refused: Array<[string, unknown]> = [
    ['a file that is not open', stateFor('file:///etc/passwd')],
    ['another scheme', stateFor('command:workbench.action.reloadWindow')],
    ['a remote URI', stateFor('https://example.com/app.py')],
    ['a URI that differs from an open one only in case', stateFor('file:///work/APP.py')],
    ['no document', stateFor(undefined)],
    ['a document that is not a string', stateFor(42)],
    ['a status message', { message: { type: 'status', message: 'hello' } }],
    ['a timeline that is not one', { message: { type: 'timeline', timeline: { function: 'main' }, options, functionName: 'main', document: 'file:///work/app.py' } }],
    ['a line that is not one', stateFor('file:///work/app.py', { timeline: { ...timelineToWire(semaphoreTimeline()), line: 0 } })],
    ['no state', undefined],
    ['a string', 'file:///work/app.py'],
  ];
  for (const [what, state] of refused) it(`shows nothing for ${what}`, () => assert.equal(restorableView(state, open), undefined));
});
