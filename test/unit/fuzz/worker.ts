/**
 * Runs `Exerciser` in a worker thread, so that an input on which the engine never returns (a loop no budget stops)
 * is a finding the campaign reports, not a fuzz run that hangs: the campaign terminates the worker and reads here,
 * in shared memory, which path it was in.
 */
import { parentPort, workerData } from 'worker_threads';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { loadParsers } from './campaign';
import { Exerciser, ExerciseOptions, Failure, FuzzInput, stages } from './exercise';
import { Random } from './random';

export interface WorkerRequest {
  input: FuzzInput;
  /** Seeds the input's own choices (positions, dependencies, knobs). */
  seed: number;
  /** Inputs of one stream are one document's successive texts: one incremental analysis sees them all. */
  stream: number;
  skipVisualizer: boolean;
}

export interface WorkerResponse {
  failures: Failure[];
  stats: Exerciser['stats'];
  pythonResults: Exerciser['pythonResults'];
}

const stage = new Int32Array(workerData.stageBuffer as SharedArrayBuffer);
const options = workerData.options as ExerciseOptions;
const ready = loadParsers();
void ready.then(() => parentPort!.postMessage('ready'));
let stream = { id: -1, analysis: new IncrementalAnalysis(), previous: undefined as string | undefined };

parentPort!.on('message', async (request: WorkerRequest) => {
  const exerciser = new Exerciser(await ready, { ...options, skipVisualizer: options.skipVisualizer || request.skipVisualizer }, entered => Atomics.store(stage, 0, stages.indexOf(entered)));
  if (request.stream !== stream.id) stream = { id: request.stream, analysis: new IncrementalAnalysis(), previous: undefined };
  const failures = exerciser.exercise(request.input, new Random(request.seed), stream);
  stream.previous = request.input.text;
  parentPort!.postMessage({ failures, stats: exerciser.stats, pythonResults: exerciser.pythonResults } satisfies WorkerResponse);
});
