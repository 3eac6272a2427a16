/**
 * The extension host's side of the simulation worker: requests go to the worker one at a time, the panel's before
 * the CodeLenses', and a newer request for the same slot (the panel, one lens) replaces an older one, whose result
 * is then dropped. Each request has a hard deadline: a worker that has not answered by then is ended (and started
 * again for the next request), and the request resolves as "took too long to predict". The host thread itself
 * never simulates, so no program can freeze typing. Free of `vscode`, so it is tested with a real worker.
 */
import { Worker } from 'worker_threads';
import type { SimulationOptions } from '../../engine/concurrency/timeline';
import type { ParsedDocument } from '../../engine/parseCache';
import type { ViewOptions } from '../../webview/protocol';
import type { FunctionTarget, SimulationOutcome } from './simulation';
import { SimulationRequest, WorkerData, WorkerDocument, WorkerReply } from './workerProtocol';

/** What a caller gets: the outcome, or word that a newer request (or a cancellation) took its place. */
export type ClientOutcome = SimulationOutcome | { kind: 'superseded' };

/** A parse's document as the worker takes it. */
export function workerDocumentOf(parsed: ParsedDocument): Required<WorkerDocument> {
  return { key: parsed.key, version: parsed.version, grammar: parsed.grammar, text: parsed.text };
}

export interface ClientRequest {
  document: Required<WorkerDocument>;
  target: FunctionTarget;
  options: ViewOptions;
  limits: Partial<SimulationOptions>;
}

export interface RequestPolicy {
  /** A newer request with the same slot replaces this one: the panel has one slot, each CodeLens its own. */
  slot: string;
  /** Milliseconds the simulation may take once the text is parsed; past them the worker is ended. */
  deadlineMs: number;
  /** Served before requests that are not (the panel the user is looking at, before the lenses). */
  urgent?: boolean;
  /** Asked just before the request is sent: a lens VS Code no longer needs is not simulated. */
  isCancelled?: () => boolean;
}

export const tookTooLong = 'took too long to predict';

/**
 * Parsing comes first and grows with the file (up to `asyncPatterns.maxFileSizeKB`), not with what the program
 * does, so it has an allowance of its own before the simulation's deadline starts.
 */
const parseAllowanceMs = 10_000;

/**
 * The worker's heap. Its old generation is capped: if the budget ever let a program through, the worker dies, not
 * the host. Its young generation is large: a simulation keeps nearly all it allocates (tasks, promises, spans)
 * until it ends, so with V8's default each of many small scavenges copies thousands of live objects, and GC took
 * a third of a 10,000-task simulation and doubled its median (`npm run bench` measures it in a worker like this).
 */
export const simulationWorkerLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 };

interface Job {
  request: ClientRequest;
  policy: RequestPolicy;
  resolve: (outcome: ClientOutcome) => void;
  settled: boolean;
}

interface Running {
  job: Job;
  id: number;
  timer: ReturnType<typeof setTimeout>;
}

export class SimulationClient {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: Running | undefined;
  private nextId = 1;
  /** What the current worker was sent of each document, so the text crosses only once per version. */
  private readonly sent = new Map<string, { version: number; grammar: string; text: string }>();
  /** Workers ended for taking too long or failing (tests read it). */
  restarts = 0;
  /** Workers started (tests read it). */
  starts = 0;

  constructor(private readonly script: string, private readonly data: WorkerData = {}, private readonly log: (message: string) => void = () => {}) {}

  simulate(request: ClientRequest, policy: RequestPolicy): Promise<ClientOutcome> {
    return new Promise(resolve => {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i].policy.slot === policy.slot) this.settle(this.queue.splice(i, 1)[0], { kind: 'superseded' });
      }
      // The one the worker is on finishes there (its budget bounds it), but nobody waits for it any more.
      if (this.running?.job.policy.slot === policy.slot) this.settle(this.running.job, { kind: 'superseded' });
      const job: Job = { request, policy, resolve, settled: false };
      const firstNotUrgent = policy.urgent ? this.queue.findIndex(queued => !queued.policy.urgent) : -1;
      if (firstNotUrgent >= 0) this.queue.splice(firstNotUrgent, 0, job);
      else this.queue.push(job);
      this.pump();
    });
  }

  dispose(): void {
    for (const job of this.queue.splice(0)) this.settle(job, { kind: 'superseded' });
    if (this.running) {
      clearTimeout(this.running.timer);
      this.settle(this.running.job, { kind: 'superseded' });
      this.running = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private pump(): void {
    while (!this.running && this.queue.length > 0) {
      const job = this.queue.shift()!;
      if (job.settled) continue;
      if (job.policy.isCancelled?.()) {
        this.settle(job, { kind: 'superseded' });
        continue;
      }
      this.send(job, false);
    }
  }

  private send(job: Job, withText: boolean): void {
    const { document, target, options, limits } = job.request;
    let worker: Worker;
    try {
      worker = this.currentWorker();
    } catch (error) {
      this.log(`Visualizer: the simulation worker could not start: ${error instanceof Error ? error.message : String(error)}`);
      this.settle(job, { kind: 'unavailable', reason: 'could not be simulated', target });
      return;
    }
    const last = this.sent.get(document.key);
    const known = !withText && last !== undefined && last.version === document.version && last.grammar === document.grammar && last.text === document.text;
    this.sent.set(document.key, { version: document.version, grammar: document.grammar, text: document.text });
    const id = this.nextId++;
    this.running = { job, id, timer: setTimeout(() => this.tooLong(id), parseAllowanceMs + job.policy.deadlineMs) };
    const message: SimulationRequest = {
      id, target, options, limits,
      document: { key: document.key, version: document.version, grammar: document.grammar, ...(known ? {} : { text: document.text }) },
    };
    worker.postMessage(message);
  }

  private currentWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: this.data, resourceLimits: simulationWorkerLimits });
    this.starts++;
    // The worker must never keep a process alive (the CLI's tests, a host shutting down).
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      if (worker === this.worker) this.onReply(reply);
    });
    worker.on('error', error => {
      if (worker === this.worker) this.onFailure(`the simulation worker failed: ${error.message}`);
    });
    worker.on('exit', code => {
      if (worker === this.worker) this.onFailure(`the simulation worker stopped (exit code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: WorkerReply): void {
    const running = this.running;
    if (!running || reply.id !== running.id) return;
    switch (reply.kind) {
      case 'parsed':
        clearTimeout(running.timer);
        running.timer = setTimeout(() => this.tooLong(running.id), running.job.policy.deadlineMs);
        return;
      case 'needsText':
        clearTimeout(running.timer);
        this.running = undefined;
        this.send(running.job, true);
        return;
      case 'done':
        this.finishRunning(reply.outcome);
        return;
      case 'failed':
        this.log(`Visualizer: ${reply.message}`);
        this.finishRunning({ kind: 'unavailable', reason: 'could not be simulated', target: running.job.request.target });
        return;
    }
  }

  private finishRunning(outcome: ClientOutcome): void {
    const running = this.running!;
    clearTimeout(running.timer);
    this.running = undefined;
    this.settle(running.job, outcome);
    this.pump();
  }

  private tooLong(id: number): void {
    if (this.running?.id !== id) return;
    const { target } = this.running.job.request;
    this.log(`Visualizer: ${target.name} took too long to simulate; the simulation worker is restarted.`);
    this.restart();
    this.finishRunning({ kind: 'unavailable', reason: tookTooLong, target });
  }

  private onFailure(message: string): void {
    this.log(`Visualizer: ${message}; it is restarted.`);
    this.restart();
    if (this.running) this.finishRunning({ kind: 'unavailable', reason: 'could not be simulated', target: this.running.job.request.target });
  }

  /** Ends the worker; the next request starts a new one (which has no document yet). */
  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.sent.clear();
    this.restarts++;
    void worker?.terminate();
  }

  private settle(job: Job, outcome: ClientOutcome): void {
    if (job.settled) return;
    job.settled = true;
    job.resolve(outcome);
  }
}
