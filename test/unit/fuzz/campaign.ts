/**
 * A fuzz campaign: the inputs (every prefix of the examples, then mutated examples and rule fixtures in streams of
 * edits, as an editor sees them), each through `Exerciser`, and a summary. Everything random comes from one seed,
 * so a campaign is replayed exactly by its seed and size; each failing input is also written to a file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import { Worker } from 'worker_threads';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId, grammarForFileName, grammarIds } from '../../../src/engine/languages';
import { Exerciser, ExerciseOptions, Failure, FailureCategory, FuzzInput, Stage, stages } from './exercise';
import { KnownFailure, knownFailureOf, knownFailures } from './knownFailures';
import { mutate } from './mutations';
import { PythonCompiler } from './pythonCompiler';
import { Random } from './random';
import type { WorkerRequest, WorkerResponse } from './worker';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export interface CampaignOptions {
  seed: number;
  /** How many mutated inputs (the prefixes of the examples come on top). */
  mutatedInputs: number;
  /** Character-granular prefixes per example file, on top of one prefix per line. */
  characterPrefixesPerFile: number;
  exercise: ExerciseOptions;
  /** An input still running after this long is a hang no budget stopped: its worker is terminated. */
  hardTimeoutMilliseconds?: number;
  /** Where failing inputs are written (a fresh temporary folder by default). */
  outputFolder?: string;
  log?: (line: string) => void;
}

export interface FailureGroup {
  category: FailureCategory;
  stage: string;
  detail: string;
  count: number;
  /** The shortest input that showed it. */
  example: Failure;
  known?: KnownFailure;
  /** Where the example's input (and context) were written. */
  file?: string;
}

export interface CampaignSummary {
  seed: number;
  inputs: number;
  /** Inputs without syntax errors (their fixes' results must parse), proposals checked, results parsed, simulations run. */
  stats: Exerciser['stats'];
  counts: Record<FailureCategory, number>;
  /** Counts of failures covered by the known-failures list (owned elsewhere). */
  knownCounts: Record<FailureCategory, number>;
  groups: FailureGroup[];
  seconds: number;
  /** Why CPython could not check the Python fixes, when it could not (no python3). */
  pythonCompilerUnavailable?: string;
  /** Of those, spent on inputs with a known hang (what the campaign will save once the hangs are fixed). */
  secondsInKnownHangs: number;
}

export interface SourceFile {
  file: string;
  grammar: GrammarId;
  text: string;
}

/** The examples and the rule fixtures: real code of both languages with every pattern the engine knows. */
export function loadCorpus(): { examples: SourceFile[]; fixtures: SourceFile[] } {
  const read = (folder: string): SourceFile[] => filesUnder(path.join(repoRoot, folder))
    .map(file => ({ file: path.relative(repoRoot, file), grammar: grammarForFileName(file)!, text: fs.readFileSync(file, 'utf8') }))
    .filter(source => source.grammar);
  return { examples: read('examples'), fixtures: read(path.join('test', 'fixtures', 'rules')) };
}

function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true })
    .flatMap(entry => (entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [path.join(folder, entry.name)]))
    .sort();
}

export async function loadParsers(): Promise<Map<GrammarId, Parser>> {
  const grammars = new GrammarLoader(packageWasmLocator());
  return new Map(await Promise.all(grammarIds.map(async grammar => [grammar, await grammars.parserFor(grammar)] as const)));
}

const emptyCounts = (): Record<FailureCategory, number> => ({ 'exception': 0, 'hang': 0, 'broken-fix': 0, 'incremental-mismatch': 0 });

export async function runCampaign(options: CampaignOptions): Promise<CampaignSummary> {
  const started = performance.now();
  const random = new Random(options.seed);
  const corpus = loadCorpus();
  const all = [...corpus.examples, ...corpus.fixtures];
  const host = new WorkerHost(options.exercise, options.hardTimeoutMilliseconds ?? 3000);
  await host.start();
  const compiler = new PythonCompiler();
  const groups = new Map<string, FailureGroup>();
  const stats: Exerciser['stats'] = { parsedCleanly: 0, proposals: 0, resultsParsed: 0, simulations: 0 };
  const summary: CampaignSummary = { seed: options.seed, inputs: 0, stats, counts: emptyCounts(), knownCounts: emptyCounts(), groups: [], seconds: 0, secondsInKnownHangs: 0 };
  const log = options.log ?? (() => {});
  let streams = 0;

  const record = (failure: Failure) => {
    const known = knownFailureOf(failure);
    (known ? summary.knownCounts : summary.counts)[failure.category]++;
    const key = `${failure.category}|${failure.stage}|${failure.detail}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { category: failure.category, stage: failure.stage, detail: failure.detail, count: 1, example: failure, known });
    else {
      group.count++;
      if (failure.input.text.length < group.example.input.text.length) group.example = failure;
    }
  };
  const run = async (input: FuzzInput, stream: number) => {
    summary.inputs++;
    const inputStarted = performance.now();
    const failures: Failure[] = [];
    const request: WorkerRequest = { input, seed: random.below(2 ** 32), stream, skipVisualizer: false };
    let response = await host.exercise(request);
    if ('timedOutIn' in response) {
      failures.push({ category: 'hang', stage: response.timedOutIn, detail: `never returned (stopped after ${host.hardTimeout} ms)`, input });
      // The rest of the paths still run on this input, without the one that hung if it was the visualizer's.
      if (response.timedOutIn === 'model' || response.timedOutIn === 'visualize') response = await host.exercise({ ...request, skipVisualizer: true });
    }
    if (!('timedOutIn' in response)) {
      failures.push(...response.failures, ...(await compilerRejections(compiler, input, response.pythonResults)));
      for (const key of Object.keys(stats) as Array<keyof typeof stats>) stats[key] += response.stats[key];
    }
    failures.forEach(record);
    if (failures.some(failure => failure.category === 'hang' && knownFailureOf(failure))) summary.secondsInKnownHangs += (performance.now() - inputStarted) / 1000;
  };

  // Every prefix of each example, as if typed from the top: each line, and a sample of cuts inside lines.
  for (const example of corpus.examples) {
    const stream = streams++;
    const lineEnds = [...example.text.matchAll(/\n/g)].map(match => match.index + 1);
    const cuts = new Set([0, ...lineEnds, example.text.length]);
    for (let i = 0; i < options.characterPrefixesPerFile; i++) cuts.add(random.below(example.text.length + 1));
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      await run({ grammar: example.grammar, text: example.text.slice(0, cut), origin: `${example.file}, prefix of ${cut} characters` }, stream);
    }
  }
  log(`prefixes: ${summary.inputs} inputs, ${Math.round(performance.now() - started)} ms`);

  // Mutated files, in streams of edits: each stream one document being edited, with its own incremental analysis.
  let mutated = 0;
  while (mutated < options.mutatedInputs) {
    const base = random.pick(all);
    const sameLanguage = all.filter(source => source.grammar === base.grammar);
    const other = () => (random.chance(0.8) ? random.pick(sameLanguage) : random.pick(all)).text;
    const stream = streams++;
    let current = base.text;
    let origin = base.file;
    const length = Math.min(random.between(1, 12), options.mutatedInputs - mutated);
    for (let i = 0; i < length; i++) {
      // Mostly further edits of the same document; sometimes back to the original (an undo, a reverted file).
      const fromBase = random.chance(0.25);
      const result = mutate(fromBase ? base.text : current, random, other);
      origin = `${fromBase ? base.file : origin} -> ${result.description}`;
      current = result.text;
      await run({ grammar: base.grammar, text: current, origin }, stream);
      mutated++;
      if (mutated % 1000 === 0) log(`${mutated} mutated inputs, ${Math.round((performance.now() - started) / 1000)} s`);
    }
  }

  await host.close();
  compiler.close();
  summary.pythonCompilerUnavailable = compiler.unavailable;
  summary.groups = [...groups.values()].sort((a, b) => Number(!!a.known) - Number(!!b.known) || b.count - a.count);
  if (summary.groups.length > 0) {
    const folder = options.outputFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `async-patterns-fuzz-${options.seed}-`));
    summary.groups.forEach((group, i) => (group.file = writeFailure(folder, i, group)));
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Which known failures still show on their reproducers: an entry whose reproducers all pass can be removed. */
export async function checkKnownFailures(options: { exercise: ExerciseOptions; hardTimeoutMilliseconds?: number }): Promise<Array<{ id: string; stillFailing: number; reproducers: number }>> {
  const host = new WorkerHost(options.exercise, options.hardTimeoutMilliseconds ?? 3000);
  await host.start();
  let stream = 0;
  try {
    const results = [];
    for (const known of knownFailures) {
      let stillFailing = 0;
      for (const reproducer of known.reproducers) {
        const id = stream++;
        const input = (text: string) => ({ grammar: reproducer.grammar, text, origin: known.id });
        if (reproducer.previous !== undefined) await host.exercise({ input: input(reproducer.previous), seed: 1, stream: id, skipVisualizer: true });
        // Every simulation knob: some hangs show only with some of them.
        let shows = false;
        for (let seed = 1; seed <= 8 && !shows; seed++) {
          const response = await host.exercise({ input: input(reproducer.text), seed, stream: reproducer.previous === undefined ? stream++ : id, skipVisualizer: false });
          shows = 'timedOutIn' in response
            ? known.matches({ category: 'hang', stage: response.timedOutIn, detail: `never returned (stopped after ${host.hardTimeout} ms)`, input: input(reproducer.text) })
            : response.failures.some(failure => known.matches(failure));
        }
        if (shows) stillFailing++;
      }
      results.push({ id: known.id, stillFailing, reproducers: known.reproducers.length });
    }
    return results;
  } finally {
    await host.close();
  }
}

/** Refactorings at every offset take time: a few milliseconds per character is not a hang. */
function thoroughTimeout(text: string): number {
  return Math.max(3000, text.length * 30);
}

/** Every path on one input, refactorings at every offset, in a worker: what failed (a hang included). */
export async function replay(input: FuzzInput, options: { exercise: ExerciseOptions; hardTimeoutMilliseconds?: number }): Promise<Failure[]> {
  const host = new WorkerHost({ ...options.exercise, thorough: true }, options.hardTimeoutMilliseconds ?? thoroughTimeout(input.text));
  await host.start();
  try {
    const response = await host.exercise({ input, seed: 1, stream: 0, skipVisualizer: false });
    if (!('timedOutIn' in response)) return response.failures;
    const hang: Failure = { category: 'hang', stage: response.timedOutIn, detail: `never returned (stopped after ${host.hardTimeout} ms)`, input };
    const rest = await host.exercise({ input, seed: 1, stream: 1, skipVisualizer: true });
    return [hang, ...('failures' in rest ? rest.failures : [])];
  } finally {
    await host.close();
  }
}

/**
 * The smallest input we can find that still shows `failure` (the same category, path and detail): whole lines
 * dropped first, then ever smaller runs of characters. Every offset is tried for refactorings, so the failure does
 * not depend on where a random cursor fell.
 */
export async function shrink(failure: Failure, options: { exercise: ExerciseOptions; hardTimeoutMilliseconds?: number; log?: (line: string) => void }): Promise<string> {
  const host = new WorkerHost({ ...options.exercise, thorough: true }, options.hardTimeoutMilliseconds ?? thoroughTimeout(failure.input.text));
  await host.start();
  let stream = 0;
  const shows = async (text: string): Promise<boolean> => {
    const input = { ...failure.input, text };
    const response = await host.exercise({ input, seed: 1, stream: stream++, skipVisualizer: false });
    if ('timedOutIn' in response) return failure.category === 'hang' && failure.stage === response.timedOutIn && failure.detail.startsWith('never returned');
    return response.failures.some(found => found.category === failure.category && found.stage === failure.stage && found.detail === failure.detail);
  };
  try {
    let text = failure.input.text;
    if (!(await shows(text))) return text;
    for (const unit of ['line', 'character'] as const) {
      const pieces = () => (unit === 'line' ? text.split(/(?<=\n)/) : [...text]);
      for (let size = Math.max(1, Math.floor(pieces().length / 2)); size >= 1; size = Math.floor(size / 2)) {
        for (let start = 0; start < pieces().length;) {
          const all = pieces();
          const candidate = [...all.slice(0, start), ...all.slice(start + size)].join('');
          if (candidate !== text && (await shows(candidate))) text = candidate;
          else start += size;
        }
        options.log?.(`${unit}s of ${size}: ${text.length} characters`);
      }
    }
    return text;
  } finally {
    await host.close();
  }
}

/** The fixes of a Python input that CPython rejects though it accepts the input (tree-sitter accepted both). */
async function compilerRejections(compiler: PythonCompiler, input: FuzzInput, results: WorkerResponse['pythonResults']): Promise<Failure[]> {
  if (results.length === 0) return [];
  const errors = await compiler.errors(input.text, results.map(result => result.text));
  return errors.map(([i, message]) => ({
    category: 'broken-fix', stage: results[i].stage, detail: `CPython rejects the result: ${message}`, input, context: results[i].text,
  }));
}

/** The worker the inputs run in, replaced by a fresh one when an input never returns or crashes it. */
class WorkerHost {
  private worker: Worker | undefined;
  private readonly stageBuffer = new SharedArrayBuffer(4);
  private readonly stage = new Int32Array(this.stageBuffer);

  constructor(private readonly options: ExerciseOptions, readonly hardTimeout: number) {}

  /** A new worker, once its grammars are loaded. */
  start(): Promise<void> {
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { stageBuffer: this.stageBuffer, options: this.options } });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  }

  async exercise(request: WorkerRequest): Promise<WorkerResponse | { timedOutIn: Stage }> {
    const worker = this.worker!;
    Atomics.store(this.stage, 0, 0);
    const outcome = await new Promise<WorkerResponse | { timedOutIn: Stage } | { crashed: string }>(resolve => {
      const timer = startWatchdog(this.hardTimeout, () => resolve({ timedOutIn: stages[Atomics.load(this.stage, 0)] }));
      const onError = (error: Error) => {
        clearInterval(timer);
        resolve({ crashed: String(error) });
      };
      worker.once('error', onError);
      worker.once('message', (response: WorkerResponse) => {
        clearInterval(timer);
        worker.off('error', onError);
        resolve(response);
      });
      worker.postMessage(request);
    });
    if ('failures' in outcome) return outcome;
    await worker.terminate();
    await this.start();
    if ('crashed' in outcome) {
      return { failures: [{ category: 'exception', stage: stages[Atomics.load(this.stage, 0)], detail: `the worker crashed: ${outcome.crashed.slice(0, 160)}`, input: request.input }], stats: { parsedCleanly: 0, proposals: 0, resultsParsed: 0, simulations: 0 }, pythonResults: [] };
    }
    return outcome;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}


/** The failing input, under its language's extension, and next to it what is needed to see the failure. */
function writeFailure(folder: string, i: number, group: FailureGroup): string {
  fs.mkdirSync(folder, { recursive: true });
  const extension = { python: '.py', typescript: '.ts', tsx: '.tsx' }[group.example.input.grammar as string] ?? '.txt';
  const file = path.join(folder, `failure_${i + 1}${extension}`);
  fs.writeFileSync(file, group.example.input.text);
  fs.writeFileSync(`${file}.txt`, [
    `${group.category} in ${group.stage}: ${group.detail}`,
    `grammar: ${group.example.input.grammar}`,
    `origin: ${group.example.input.origin}`,
    group.example.context ? `\n${group.example.context}` : '',
  ].join('\n'));
  return file;
}

/** The summary as text: totals, then each distinct failure with its count and where its input was written. */
export function formatSummary(summary: CampaignSummary): string {
  const lines = [
    `seed ${summary.seed}: ${summary.inputs} inputs (${summary.stats.parsedCleanly} without syntax errors) in ${summary.seconds.toFixed(1)} s: ${summary.stats.proposals} code actions applied (${summary.stats.resultsParsed} results parsed), ${summary.stats.simulations} simulations`,
    `exceptions: ${summary.counts.exception}, hangs: ${summary.counts.hang}, broken fixes: ${summary.counts['broken-fix']}, incremental mismatches: ${summary.counts['incremental-mismatch']}`,
    `known failures owned elsewhere (knownFailures.ts): exceptions: ${summary.knownCounts.exception}, hangs: ${summary.knownCounts.hang} (${summary.secondsInKnownHangs.toFixed(1)} s of the run), broken fixes: ${summary.knownCounts['broken-fix']}, incremental mismatches: ${summary.knownCounts['incremental-mismatch']}`,
  ];
  if (summary.pythonCompilerUnavailable) lines.push(`CPython did not check the Python fixes (${summary.pythonCompilerUnavailable})`);
  for (const group of summary.groups) {
    lines.push(`  ${group.known ? `[known: ${group.known.id}] ` : ''}${group.count} x ${group.category} in ${group.stage}: ${group.detail}`);
    lines.push(`      ${group.example.input.origin.slice(0, 300)}`);
    if (group.file) lines.push(`      input: ${group.file}`);
  }
  return lines.join('\n');
}

/**
 * Calls `timedOut` once this process has used `cpuMilliseconds` of CPU since the call, or after `wallMilliseconds` of
 * wall time (twenty times the CPU limit unless given); the caller clears the returned timer when the work ends first. The fuzz's worker is stopped this way:
 * on a loaded machine (CI, or other work beside the fuzz run) an input waits for a core, and wall time alone called
 * inputs that finish within a second of CPU "hangs" (two at a load of 12 on 2 cores, both clean on replay). The
 * process's CPU time is the worker's: the main thread only waits, and the Python compiler is a child process. The
 * wall-time cap still stops a worker blocked without using CPU.
 */
export function startWatchdog(cpuMilliseconds: number, timedOut: () => void, wallMilliseconds = 20 * cpuMilliseconds): NodeJS.Timeout {
  const wallStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  const timer = setInterval(() => {
    const used = process.cpuUsage(cpuStarted);
    if ((used.user + used.system) / 1000 > cpuMilliseconds || performance.now() - wallStarted > wallMilliseconds) {
      clearInterval(timer);
      timedOut();
    }
  }, 50);
  return timer;
}
