/**
 * `async-patterns timeline FILE [--function NAME | Class.method] [--format json|svg|html] [--items N] [--latency SECONDS] [--limit N]`:
 * the visualizer's prediction for one async function, for CI logs, docs and people without the editor.
 * Exit codes: 0 printed, 2 bad usage, unreadable file, or no such async function (the ones found are listed).
 */
import { namedAsyncFunctions, visualize } from '../engine/concurrency/visualize';
import { simulationBounds, SimulationOptions } from '../engine/concurrency/timeline';
import { GrammarLoader } from '../engine/grammarLoader';
import { familyOf, grammarForFileName } from '../engine/languages';
import type { CliEnvironment } from './run';
import { readSourceText } from './sourceFile';
import { timelineHtml, timelineSvg } from './timelineSvg';
import { oneOf, parseCommandLine, seconds, UsageError, wholeNumber } from './usage';
import { parseForAnalysis } from '../engine/parseForAnalysis';

export const timelineFormats = ['json', 'svg', 'html'] as const;

export async function runTimeline(args: readonly string[], env: CliEnvironment): Promise<number> {
  const { values, positionals } = parseCommandLine('timeline', args);
  if (positionals.length !== 1) throw new UsageError('timeline takes exactly one file');
  const format = oneOf('format', values.format ?? 'json', timelineFormats);
  const options: Partial<SimulationOptions> = {};
  if (values.items !== undefined) options.itemCount = wholeNumber('--items', values.items, simulationBounds.maxItemCount);
  if (values.limit !== undefined) options.limitOverride = wholeNumber('--limit', values.limit, simulationBounds.maxLimit);
  if (values.latency !== undefined) options.defaultLatency = seconds('--latency', values.latency, simulationBounds.maxLatencySeconds);

  const [file] = positionals;
  const grammar = grammarForFileName(file);
  if (!grammar) throw new UsageError(`${file} is not a Python, JavaScript or TypeScript file`);
  const source = await readSourceText(file, undefined, env.fileSystem);
  if (source.kind !== 'text') {
    env.stderr(`async-patterns: ${source.kind === 'skipped' ? 'skipped' : 'cannot read'} ${file}: ${source.reason}\n`);
    return 2;
  }
  const tree = parseForAnalysis(await new GrammarLoader(env.locateWasm).parserFor(grammar), grammar, source.text);
  try {
    const input = { tree, text: source.text, family: familyOf(grammar) };
    let name = values.function;
    if (name === undefined) {
      const functions = namedAsyncFunctions(input);
      // One async function needs no name; with several, the user picks (a method as Class.method).
      if (functions.length !== 1) {
        env.stderr(`async-patterns: ${functions.length === 0 ? `${file} has no async function` : `--function is needed: ${file} has ${functions.map(f => f.qualifiedName).join(', ')}`}\n`);
        return 2;
      }
      name = functions[0].qualifiedName;
    }
    const result = visualize(input, { name }, options);
    if (result.kind === 'error') {
      env.stderr(`async-patterns: ${result.message}\n`);
      return 2;
    }
    if (tree.rootNode.hasError) env.stderr(`async-patterns: ${file} has syntax errors; the prediction covers what parsed\n`);
    const timeline = result.timeline;
    if (format === 'json') env.stdout(`${JSON.stringify(timeline, null, 2)}\n`);
    else if (format === 'svg') env.stdout(`${timelineSvg(timeline)}\n`);
    else env.stdout(timelineHtml(timeline));
    return 0;
  } finally {
    tree.delete();
  }
}
