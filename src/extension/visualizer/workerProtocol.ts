/**
 * The messages between the extension host and the simulation worker (simulationWorker.ts). The host never
 * simulates: it sends a document's text (only when the worker does not have that version yet) and what to simulate,
 * and gets back a plain `SimulationOutcome`. Free of `vscode`, like both ends.
 */
import type { SimulationOptions } from '../../engine/concurrency/timeline';
import type { GrammarId } from '../../engine/languages';
import type { ViewOptions } from '../../webview/protocol';
import type { FunctionTarget, SimulationOutcome } from './simulation';

/** One version of a document. `text` is left out when the worker was sent this version already. */
export interface WorkerDocument {
  key: string;
  version: number;
  grammar: GrammarId;
  text?: string;
}

export interface SimulationRequest {
  id: number;
  document: WorkerDocument;
  target: FunctionTarget;
  options: ViewOptions;
  /** The engine's limits for this request (the CodeLens allows fewer tasks, the panel more real time). */
  limits: Partial<SimulationOptions>;
}

export type WorkerReply =
  /** The worker no longer has this version (it keeps a few documents): send it again with the text. */
  | { id: number; kind: 'needsText' }
  /** The text is parsed and the simulation starts: its deadline starts now. */
  | { id: number; kind: 'parsed' }
  | { id: number; kind: 'done'; outcome: SimulationOutcome }
  /** The request could not be served (the text could not be parsed); `message` says why, for the log. */
  | { id: number; kind: 'failed'; message: string };

/** What the worker is started with. */
export interface WorkerData {
  /** The folder of the bundled `.wasm` files (`dist/`); absent when run from source (tests), which use node_modules. */
  wasmDirectory?: string;
}
