/**
 * Table-driven simulation tests: each case is a small program, the async function to simulate, and what the event
 * loop would do with it (total, peak, outcome, and where it matters exact spans and what is said).
 */
import * as assert from 'assert/strict';
import { SimulationOptions, Timeline } from '../../../src/engine/concurrency/timeline';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { timelineOf } from './timelineOf';

export interface SimulationCase {
  name: string;
  grammar: GrammarId;
  source: string;
  fn?: string;
  total: number;
  peak: number;
  sequential?: number;
  outcome?: Timeline['outcome'];
  /** `task label: state start-end` lines that must be among the timeline's spans. */
  spans?: string[];
  options?: Partial<SimulationOptions>;
  /** Substrings expected in the assumptions or notes. */
  says?: string[];
  /** Substrings that must not be in them. */
  saysNot?: string[];
  /** 1-based lines the assumptions and notes must all carry (none is 0). */
  linesOf?: Record<string, number>;
}

/** Spans as `task label: state start-end` lines, sorted, for exact comparisons. */
export function spanLines(timeline: Timeline): string[] {
  const label = (id: number) => timeline.tasks.find(t => t.id === id)!.label;
  return timeline.spans.map(s => `${label(s.task)}: ${s.state} ${s.start}-${s.end}`).sort();
}

export const py = (source: string) => `import asyncio\n\n${dedent(source)}`;
export const js = (source: string) => `const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));\n\n${dedent(source)}`;

export function runCases(cases: SimulationCase[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      const timeline = await timelineOf(c.grammar, c.source, c.fn ?? 'main', c.options);
      const said = [...timeline.assumptions, ...timeline.notes];
      const text = said.map(a => `${a.line}: ${a.message}`).join('\n');
      assert.equal(timeline.outcome, c.outcome ?? 'returned', `outcome; said:\n${text}`);
      assert.equal(timeline.totalTime, c.total, `total time; said:\n${text}`);
      assert.equal(timeline.peakConcurrency, c.peak, 'peak concurrency');
      if (c.sequential !== undefined) assert.equal(timeline.sequentialTime, c.sequential, 'sequential time');
      if (c.spans) for (const span of c.spans) assert.ok(spanLines(timeline).includes(span), `span ${span} in\n${spanLines(timeline).join('\n')}`);
      for (const words of c.says ?? []) assert.ok(said.some(a => a.message.includes(words)), `"${words}" in\n${text}`);
      for (const words of c.saysNot ?? []) assert.ok(!said.some(a => a.message.includes(words)), `"${words}" not in\n${text}`);
      for (const [words, line] of Object.entries(c.linesOf ?? {})) {
        assert.equal(said.find(a => a.message.includes(words))?.line, line, `line of "${words}" in\n${text}`);
      }
      assert.ok(said.every(a => a.line !== undefined && a.line > 0), `every assumption and note has a line:\n${text}`);
    });
  }
}
