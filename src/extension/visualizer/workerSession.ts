/**
 * What the simulation worker does with each request: parses the document with its own grammars (once per
 * version; it keeps the last version of a few documents), finds the function and simulates it. Kept apart from the
 * thread's wiring (simulationWorker.ts) so it is tested without a thread.
 */
import type { Tree } from 'web-tree-sitter';
import { AsyncFunctionInfo, asyncFunctionsIn, VisualizeInput } from '../../engine/concurrency/visualize';
import { GrammarLoader } from '../../engine/grammarLoader';
import { familyOf, GrammarId } from '../../engine/languages';
import { simulateTarget } from './simulation';
import { SimulationRequest, WorkerReply } from './workerProtocol';
import { parseForAnalysis } from '../../engine/parseForAnalysis';

/** Documents whose last parse is kept: the panel's and those of the editors in view, in the common case. */
const keptDocuments = 4;

interface ParsedVersion {
  version: number;
  grammar: GrammarId;
  input: VisualizeInput & { tree: Tree };
  functions: AsyncFunctionInfo[];
}

export class WorkerSession {
  /** By document key, least recently used first. */
  private readonly documents = new Map<string, ParsedVersion>();

  constructor(private readonly grammars: GrammarLoader) {}

  /** Serves one request; `onParsed` is called when the simulation itself starts. */
  async handle(request: SimulationRequest, onParsed: () => void): Promise<WorkerReply> {
    const { id, document } = request;
    let parsed = this.documents.get(document.key);
    if (document.text !== undefined) {
      try {
        parsed = await this.parse(document.grammar, document.text, document.version);
      } catch (error) {
        return { id, kind: 'failed', message: `could not parse ${document.key}: ${error instanceof Error ? error.message : String(error)}` };
      }
      this.keep(document.key, parsed);
    } else if (!parsed || parsed.version !== document.version || parsed.grammar !== document.grammar) {
      return { id, kind: 'needsText' };
    } else {
      this.keep(document.key, parsed);
    }
    onParsed();
    const outcome = simulateTarget(parsed.input, request.target, request.options, request.limits, parsed.functions);
    return { id, kind: 'done', outcome };
  }

  private async parse(grammar: GrammarId, text: string, version: number): Promise<ParsedVersion> {
    const tree = parseForAnalysis(await this.grammars.parserFor(grammar), grammar, text);
    const input = { tree, text, family: familyOf(grammar) };
    return { version, grammar, input, functions: asyncFunctionsIn(input) };
  }

  /** Makes `parsed` the document's current parse and its most recently used; frees what it replaces or pushes out. */
  private keep(key: string, parsed: ParsedVersion): void {
    const previous = this.documents.get(key);
    this.documents.delete(key);
    if (previous && previous !== parsed) previous.input.tree.delete();
    this.documents.set(key, parsed);
    while (this.documents.size > keptDocuments) {
      const [oldestKey, oldest] = this.documents.entries().next().value!;
      this.documents.delete(oldestKey);
      oldest.input.tree.delete();
    }
  }

  /** How many documents are kept (for tests). */
  get size(): number {
    return this.documents.size;
  }
}
