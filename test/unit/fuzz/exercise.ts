/**
 * One fuzz input through every path a user can reach: a fresh parse, `analyze()`, the incremental analysis fed the
 * same sequence of texts an editor would see, every quick fix of every finding, every refactoring at several
 * positions, and the visualizer on the file's async functions. Returns what went wrong, as data.
 *
 * What counts as a failure:
 * - exception: anything thrown by the engine (a user can type any text; none of it may crash a path);
 * - hang: a simulation that runs past twice its real-time budget plus some slack;
 * - broken-fix: a proposal whose edits overlap or leave the text, whose selected limit is not the number it wrote,
 *   or whose result has a syntax error when the input had none;
 * - incremental-mismatch: the incremental analysis disagrees with a full analysis of the same text.
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { quickFixes, quickFixesFor, refactorings, refactoringsAt } from '../../../src/engine/actions';
import { ActionContext, applyEdits, CodeActionProposal, QuickFixProvider } from '../../../src/engine/actions/action';
import { RefactoringContext, RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { analyze } from '../../../src/engine/analyze';
import { asyncFunctionsIn, buildModel, visualize } from '../../../src/engine/concurrency/visualize';
import { simulationBounds, SimulationOptions } from '../../../src/engine/concurrency/timeline';
import { Finding } from '../../../src/engine/finding';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { familyOf, GrammarId, LanguageFamily } from '../../../src/engine/languages';
import { Random } from './random';
import { parseForAnalysis } from '../../../src/engine/parseForAnalysis';

export type FailureCategory = 'exception' | 'hang' | 'broken-fix' | 'incremental-mismatch';

export interface FuzzInput {
  grammar: GrammarId;
  text: string;
  /** Where it came from: the file and the mutations, or the prefix. */
  origin: string;
}

export interface Failure {
  category: FailureCategory;
  /** The path that failed: `analyze`, `incremental`, `quick-fix <id>`, `refactoring <id>`, `model`, `visualize`. */
  stage: string;
  /** One line, the same for every occurrence of the same bug (no offsets): failures are grouped by it. */
  detail: string;
  input: FuzzInput;
  /** More to reproduce it: the text a fix produced, the text the incremental analysis saw before, the options. */
  context?: string;
}

/** How a path reports what went wrong. */
type Report = (category: FailureCategory, stage: string, detail: string, context?: string) => void;

export interface ExerciseOptions {
  /** The simulator's real-time budget per run (maxMilliseconds). */
  simulationMilliseconds: number;
  /** A run counts as a hang past 2 x its budget plus this. */
  hangSlackMilliseconds: number;
  /** How many of an input's async functions are simulated (chosen at random; all when thorough). */
  simulationsPerInput: number;
  /** Refactorings at every offset, with every dependency set and Python version (for replaying one small file). */
  thorough?: boolean;
  /** Leave out the model and the simulator (to finish an input whose simulation never returned). */
  skipVisualizer?: boolean;
}

/** The paths in the order they run; a worker that never returns is reported at the last one it entered. */
export const stages = ['parse', 'analyze', 'incremental', 'quick-fix', 'refactoring', 'model', 'visualize'] as const;
export type Stage = typeof stages[number];

/** The limit the fuzz test asks the fixes for: a number unlikely to be in the file already, so a wrong selection shows. */
const maxConcurrency = 7;
/** What add-timeout writes (10 s in Python, 10000 ms in JS). */
const timeoutValues = new Set(['10', '10000']);
const dependencySets: ReadonlyArray<ReadonlySet<string>> = [new Set(), new Set(['p-limit']), new Set(['p-map'])];
const pythonVersions = ['3.10', '3.11', '3.12'];
/** Where refactorings are most often offered: worth a cursor more than a random offset. */
const interestingWords = /\b(?:await|for|gather|Promise|map|fetch|get|sleep)\b/g;

/** The what-if knobs a user can set, within the bounds the settings, panel and CLI enforce. */
function simulationOptions(random: Random, maxMilliseconds: number): Partial<SimulationOptions> {
  return {
    itemCount: random.pick([10, 1, 3, simulationBounds.maxItemCount]),
    defaultLatency: random.pick([0.1, 0, 1, simulationBounds.maxLatencySeconds]),
    limitOverride: random.pick([undefined, undefined, 1, simulationBounds.maxLimit]),
    maxMilliseconds,
  };
}

/** The code actions exercised: the engine's, or (to test the fuzz test itself) broken ones. */
export interface CodeActions {
  quickFixes: readonly QuickFixProvider[];
  refactorings: readonly RefactoringProvider[];
  quickFixesFor(context: ActionContext): CodeActionProposal[];
  refactoringsAt(context: RefactoringContext): CodeActionProposal[];
}

const engineActions: CodeActions = { quickFixes, refactorings, quickFixesFor, refactoringsAt };

export class Exerciser {
  /** What was exercised, for the summary: a fuzz run that checks nothing must show it. */
  readonly stats = { parsedCleanly: 0, proposals: 0, resultsParsed: 0, simulations: 0 };
  /** The last Python input's fixes that tree-sitter accepted, for CPython to judge too (see pythonCompiler.ts). */
  pythonResults: Array<{ stage: string; text: string }> = [];

  constructor(
    private readonly parsers: ReadonlyMap<GrammarId, Parser>,
    private readonly options: ExerciseOptions,
    private readonly enter: (stage: Stage) => void = () => {},
    private readonly actions: CodeActions = engineActions,
  ) {}

  /**
   * Runs every path on `input`. `incremental` is the analysis of the stream the input belongs to (it saw
   * `previous` last); `random` chooses positions, dependencies and knobs.
   */
  exercise(input: FuzzInput, random: Random, incremental?: { analysis: IncrementalAnalysis; previous?: string }): Failure[] {
    const failures: Failure[] = [];
    this.pythonResults = [];
    const fail: Report = (category, stage, detail, context) => failures.push({ category, stage, detail, input, context });
    const parser = this.parsers.get(input.grammar)!;
    let tree: Tree;
    this.enter('parse');
    try {
      tree = parseForAnalysis(parser, input.grammar, input.text);
    } catch (error) {
      fail('exception', 'parse', describeError(error));
      return failures;
    }
    try {
      const family = familyOf(input.grammar);
      const parsedCleanly = !tree.rootNode.hasError;
      if (parsedCleanly) this.stats.parsedCleanly++;
      let findings: Finding[] = [];
      this.enter('analyze');
      try {
        findings = analyze({ tree, text: input.text, family });
      } catch (error) {
        fail('exception', 'analyze', describeError(error));
      }
      this.enter('incremental');
      if (incremental) this.checkIncremental(tree, input, family, findings, incremental, fail);
      const context = { tree, text: input.text, family, grammar: input.grammar, maxConcurrency };
      // Thorough: every dependency set in JS (they choose the fix), every Python version in Python (it chooses the form).
      const dependencySetsToTry = this.options.thorough && family === 'javascript' ? dependencySets : [random.pick(dependencySets)];
      const pythonVersionsToTry = family === 'javascript' ? [undefined] : this.options.thorough ? pythonVersions : [random.pick(pythonVersions)];
      const check = (stage: string, proposal: CodeActionProposal, limitValues: ReadonlySet<string>) => {
        const problem = this.brokenProposal(input, parsedCleanly, proposal, limitValues);
        if (problem.detail) fail('broken-fix', `${stage} ${proposal.id}`, problem.detail, problem.result);
        else if (parsedCleanly && family === 'python') this.pythonResults.push({ stage: `${stage} ${proposal.id}`, text: problem.result });
      };

      this.enter('quick-fix');
      for (const finding of findings) {
        for (const dependencies of dependencySetsToTry) {
          const fixContext: ActionContext = { ...context, finding, dependencies };
          const proposals = attempt(() => this.actions.quickFixesFor(fixContext), error => fail('exception', `quick-fix ${failingProvider(this.actions.quickFixes, fixContext)}`, describeError(error)));
          for (const proposal of proposals ?? []) check('quick-fix', proposal, new Set([String(maxConcurrency)]));
        }
      }

      this.enter('refactoring');
      for (const selection of this.positions(input.text, findings, random)) {
        for (const dependencies of dependencySetsToTry) {
          for (const pythonVersion of pythonVersionsToTry) {
            const refactoringContext: RefactoringContext = { ...context, selection, dependencies, pythonVersion };
            const proposals = attempt(() => this.actions.refactoringsAt(refactoringContext), error => fail('exception', `refactoring ${failingProvider(this.actions.refactorings, refactoringContext)}`, describeError(error)));
            for (const proposal of proposals ?? []) check('refactoring', proposal, proposal.id === 'add-timeout' ? timeoutValues : new Set([String(maxConcurrency)]));
          }
        }
      }

      if (!this.options.skipVisualizer) this.checkVisualizer(tree, input, family, random, fail);
    } finally {
      tree.delete();
    }
    return failures;
  }

  private checkIncremental(
    tree: Tree, input: FuzzInput, family: LanguageFamily, findings: Finding[],
    incremental: { analysis: IncrementalAnalysis; previous?: string },
    fail: Report,
  ): void {
    try {
      const reused = incremental.analysis.analyze({ tree, text: input.text, family });
      const expected = canonical(findings);
      const actual = canonical(reused);
      if (expected.join('\n') !== actual.join('\n')) {
        const missing = without(expected, actual).length;
        const extra = without(actual, expected).length;
        const detail = [missing ? 'misses findings' : '', extra ? 'has findings analyze() has not' : ''].filter(Boolean).join(', ');
        fail('incremental-mismatch', 'incremental', `differs from analyze(): ${detail}`,
          `previous text:\n${incremental.previous ?? '(none)'}\n--- analyze():\n${expected.join('\n')}\n--- incremental:\n${actual.join('\n')}`);
      }
    } catch (error) {
      fail('exception', 'incremental', describeError(error));
    }
  }

  /** What is wrong with a proposal (no `detail`: nothing we can see) and the text it produced. */
  private brokenProposal(input: FuzzInput, parsedCleanly: boolean, proposal: CodeActionProposal, limitValues: ReadonlySet<string>): { detail?: string; result: string } {
    const { text } = input;
    this.stats.proposals++;
    const sorted = [...proposal.edits].sort((a, b) => a.startIndex - b.startIndex);
    for (let i = 0; i < sorted.length; i++) {
      const edit = sorted[i];
      if (!(edit.startIndex >= 0 && edit.startIndex <= edit.endIndex && edit.endIndex <= text.length)) return { detail: 'an edit lies outside the text', result: text };
      if (i > 0 && sorted[i - 1].endIndex > edit.startIndex) return { detail: 'two edits overlap', result: text };
    }
    const result = applyEdits(text, proposal.edits);
    if (proposal.limit) {
      const { startIndex, endIndex } = proposal.limit;
      const selected = result.slice(startIndex, endIndex);
      const around = (result[startIndex - 1] ?? ' ') + (result[endIndex] ?? ' ');
      if (!limitValues.has(selected) || /[\w.]/.test(around)) return { detail: 'the selected limit is not the number written', result: `selected ${JSON.stringify(selected)} at ${startIndex}:\n${result}` };
    }
    if (parsedCleanly) {
      this.stats.resultsParsed++;
      const after = parseForAnalysis(this.parsers.get(input.grammar)!, input.grammar, result);
      try {
        if (after.rootNode.hasError) return { detail: 'the result has a syntax error the input had not', result: `${firstError(after.rootNode)}\n${result}` };
      } finally {
        after.delete();
      }
    }
    return { result };
  }

  /** The cursors (and one selection) refactorings are tried at. */
  private positions(text: string, findings: Finding[], random: Random): Array<{ startIndex: number; endIndex: number }> {
    if (this.options.thorough) return Array.from({ length: text.length + 1 }, (_, i) => ({ startIndex: i, endIndex: i }));
    const offsets = new Set<number>();
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map(m => m.index + 1)];
    for (const finding of random.sample(findings, 1)) offsets.add((lineStarts[finding.range.start.line] ?? 0) + finding.range.start.column);
    for (const match of random.sample([...text.matchAll(interestingWords)], 2)) offsets.add(match.index + random.below(match[0].length + 1));
    offsets.add(random.below(text.length + 1));
    const cursors = [...offsets].map(offset => ({ startIndex: offset, endIndex: offset }));
    const a = random.below(text.length + 1);
    const b = random.below(text.length + 1);
    return [...cursors, { startIndex: Math.min(a, b), endIndex: Math.max(a, b) }];
  }

  private checkVisualizer(tree: Tree, input: FuzzInput, family: LanguageFamily, random: Random, fail: Report): void {
    const source = { tree, text: input.text, family };
    try {
      const functions = asyncFunctionsIn(source);
      if (functions.length === 0) return;
      this.enter('model');
      const modelStarted = startClock();
      buildModel(source);
      const modelTime = modelStarted.elapsed();
      // The model has no budget of its own; a second to lower one small file is a hang in any editor.
      if (modelTime > 1000) fail('hang', 'model', 'building the model took over a second', `${Math.round(modelTime)} ms`);
      const budget = this.options.simulationMilliseconds;
      this.enter('visualize');
      for (const fn of this.options.thorough ? functions : random.sample(functions, this.options.simulationsPerInput)) {
        const options = simulationOptions(random, budget);
        const started = startClock();
        this.stats.simulations++;
        try {
          visualize(source, { offset: fn.startIndex }, options, functions);
        } catch (error) {
          fail('exception', 'visualize', describeError(error), `function ${fn.name}, options ${JSON.stringify(options)}`);
          continue;
        }
        const elapsed = started.elapsed();
        if (elapsed > 2 * budget + this.options.hangSlackMilliseconds) {
          fail('hang', 'visualize', 'a simulation ran past twice its budget', `function ${fn.name} at line ${fn.line}, options ${JSON.stringify(options)}, ${Math.round(elapsed)} ms for a budget of ${budget} ms`);
        }
      }
    } catch (error) {
      fail('exception', 'model', describeError(error));
    }
  }
}

/**
 * A stopwatch for hang checks: the smaller of wall time and this process's CPU time. On a loaded machine (CI shares
 * its cores) wall time runs on while the process waits for a core, which is not a hang; a real hang burns CPU and
 * shows in both. (CPU time alone can run ahead of wall time when the collector works on other threads.)
 */
function startClock(): { elapsed(): number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    elapsed() {
      const used = process.cpuUsage(cpu);
      return Math.min(performance.now() - wall, (used.user + used.system) / 1000);
    },
  };
}

/** What `run` returns, or undefined after handing what it threw to `failed`. */
function attempt<T>(run: () => T, failed: (error: unknown) => void): T | undefined {
  try {
    return run();
  } catch (error) {
    failed(error);
    return undefined;
  }
}

/** Which provider throws on this context (run one by one once the combined call has thrown). */
function failingProvider<C>(providers: ReadonlyArray<{ id: string; provide(context: C): unknown }>, context: C): string {
  for (const provider of providers) {
    try {
      provider.provide(context);
    } catch {
      return provider.id;
    }
  }
  return '(none alone)';
}

/** Findings as sortable strings: the order of two findings at the same place is not something a user sees. */
function canonical(findings: readonly Finding[]): string[] {
  return findings.map(finding => JSON.stringify(finding)).sort();
}

/** `items` less one of each of `removed` (multisets of findings: a finding reported twice is two). */
function without(items: readonly string[], removed: readonly string[]): string[] {
  const left = [...items];
  for (const item of removed) {
    const at = left.indexOf(item);
    if (at >= 0) left.splice(at, 1);
  }
  return left;
}

/** The error's message and the engine's frame it came from: the same bug gives the same text. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown: ${String(error)}`;
  const frame = (error.stack ?? '').split('\n').slice(1).find(line => /src[\\/]engine/.test(line)) ?? '';
  const where = /src[\\/]engine[\\/]([\w/\\.]+?)\.js:\d+/.exec(frame)?.[1] ?? /at (\S+)/.exec(frame)?.[1] ?? 'unknown';
  return `${error.name}: ${error.message.replace(/\d+/g, 'N').slice(0, 160)} (in ${where.replace(/\\/g, '/')})`;
}

function firstError(root: Node): string {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) return `syntax error at line ${node.startPosition.row + 1}, column ${node.startPosition.column + 1}`;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child?.hasError || child?.isMissing) stack.push(child);
    }
  }
  return 'syntax error';
}
