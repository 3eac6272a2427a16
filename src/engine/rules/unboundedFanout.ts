/**
 * unbounded-fanout (documentation: docs/rules/unbounded-fanout.md, kept equal to the block below by a test)
 *
 * DOCS-PLACEHOLDER
 */
import type { Node } from 'web-tree-sitter';
import { findJavaScriptFanOuts } from '../fanout/javascript';
import { findPythonFanOuts } from '../fanout/python';
import { FanOut } from '../fanout/types';
import { Rule, RuleContext } from '../rule';
import { rangeOf, shortText } from '../syntax';

export const unboundedFanout: Rule = {
  meta: {
    id: 'unbounded-fanout',
    description: 'Flags one task per element of a large or unknown-size collection started with no concurrency limit.',
    languages: ['python', 'javascript'],
    defaultSeverity: 'warning',
    messages: {
      unknownSize: '`{callee}` starts one task per element of `{collection}` (size unknown) with no concurrency limit',
      largeSize: '`{callee}` starts one task per element of `{collection}` ({size} elements, more than {max}) with no concurrency limit',
      perTaskLimiter: '`{limiter}` is created once per task, so each task gets its own and nothing is limited: create it once, before `{callee}`, and share it',
    },
  },
  check(context) {
    const scope = { ranges: context.ranges, noteDependency: context.noteDependency };
    const fanOuts = context.family === 'python'
      ? findPythonFanOuts(context.tree, context.text, scope)
      : findJavaScriptFanOuts(context.tree, context.text, scope);
    for (const fanOut of fanOuts) reportIfUnbounded(fanOut, context);
  },
};

function reportIfUnbounded(fanOut: FanOut, context: RuleContext): void {
  const { size, limit } = fanOut;
  const max = context.options.maxConcurrency;
  if (size.kind === 'known' && size.count <= max) return;
  if (limit.kind === 'shared') return;
  const collection = shortText(fanOut.collection);
  const related = size.kind === 'unknown' && size.origin ? [originNote(size.origin, collection)] : [];
  if (limit.kind === 'perTask') {
    context.report({ node: fanOut.call, messageId: 'perTaskLimiter', data: { limiter: shortText(limit.limiter, 60), callee: fanOut.callee, collection }, related });
    return;
  }
  if (size.kind === 'known') {
    context.report({ node: fanOut.call, messageId: 'largeSize', data: { callee: fanOut.callee, collection, size: size.count, max } });
    return;
  }
  context.report({ node: fanOut.call, messageId: 'unknownSize', data: { callee: fanOut.callee, collection }, related });
}

function originNote(origin: Node, collection: string) {
  return { range: rangeOf(origin), message: `\`${collection}\` comes from here; nothing bounds its size` };
}
