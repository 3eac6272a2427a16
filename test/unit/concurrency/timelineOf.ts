/** Simulates the named async function of a source text, failing the test if it cannot be found or modelled. */
import * as assert from 'assert/strict';
import { SimulationOptions, Timeline } from '../../../src/engine/concurrency/timeline';
import { visualize } from '../../../src/engine/concurrency/visualize';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

export async function timelineOf(grammar: GrammarId, source: string, name: string, options: Partial<SimulationOptions> = {}): Promise<Timeline> {
  const text = dedent(source);
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    // No real-time budget in tests: a loaded machine must not cut a simulation short (the step budget still holds).
    const result = visualize({ tree, text, family: familyOf(grammar) }, { name }, { maxMilliseconds: Infinity, ...options });
    assert.equal(result.kind, 'timeline', result.kind === 'error' ? result.message : '');
    return (result as { timeline: Timeline }).timeline;
  } finally {
    tree.delete();
  }
}
