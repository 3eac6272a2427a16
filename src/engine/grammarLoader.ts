/**
 * Loads web-tree-sitter and the grammars' own `.wasm` files lazily: the runtime on first parse, each grammar
 * on the first parse of its language, and each exactly once (concurrent first uses share one load).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import grammarFiles from './grammars.json';
import { GrammarId, wasmFileOf } from './languages';

/** Where the `.wasm` files are: the bundle's own folder when shipped, `node_modules` when run from source. */
export type WasmLocator = (wasmFileName: string) => string;

/** The shipped layout: `dist/tree-sitter.wasm` and `dist/grammars/*.wasm`, next to the bundle. */
export function bundledWasmLocator(bundleDirectory: string): WasmLocator {
  return fileName =>
    fileName === 'tree-sitter.wasm'
      ? path.join(bundleDirectory, fileName)
      : path.join(bundleDirectory, 'grammars', fileName);
}

/** web-tree-sitter's runtime is one per process (`Parser.init` is static), so its loading is shared too. */
let runtimeReady: Promise<void> | undefined;

function initRuntime(locateWasm: WasmLocator): Promise<void> {
  if (!runtimeReady) {
    runtimeReady = Parser.init({ locateFile: (name: string) => locateWasm(name) });
    runtimeReady.catch(() => (runtimeReady = undefined));
  }
  return runtimeReady;
}

/**
 * Where a grammar's `.wasm` comes from: an npm package, or a folder of this project (a grammar we build ourselves,
 * see scripts/grammar/build.js).
 */
export type GrammarSource = { readonly package: string; readonly wasm: string } | { readonly folder: string; readonly wasm: string };

/** The development layout: each `.wasm` where its npm package or our own folder has it (unit tests, running from source). */
export function packageWasmLocator(): WasmLocator {
  const sources: GrammarSource[] = [...Object.values(grammarFiles), { package: 'web-tree-sitter', wasm: 'tree-sitter.wasm' }];
  return fileName => {
    const source = sources.find(candidate => candidate.wasm === fileName);
    if (!source) throw new Error(`no package ships ${fileName}`);
    return 'package' in source ? require.resolve(`${source.package}/${fileName}`) : nearestAbove(__dirname, path.join(source.folder, fileName));
  };
}

/** The nearest `relativePath` above a folder: our own grammars are in the project's root, above src/ and out/. */
function nearestAbove(start: string, relativePath: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relativePath);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${relativePath} not found above ${start}`);
  }
}

export class GrammarLoader {
  private readonly parsers = new Map<GrammarId, Promise<Parser>>();
  /** How many grammars have been loaded so far: lets tests prove loading is lazy and happens once. */
  loadCount = 0;

  constructor(private readonly locateWasm: WasmLocator) {}

  /** A parser for the grammar, loading the runtime and the grammar on first use. */
  parserFor(grammar: GrammarId): Promise<Parser> {
    let parser = this.parsers.get(grammar);
    if (!parser) {
      parser = this.loadParser(grammar);
      // A failed load is not cached, so a later call can try again (e.g. after a file was restored).
      parser.catch(() => this.parsers.delete(grammar));
      this.parsers.set(grammar, parser);
    }
    return parser;
  }

  private async loadParser(grammar: GrammarId): Promise<Parser> {
    await initRuntime(this.locateWasm);
    const language = await Language.load(this.locateWasm(wasmFileOf(grammar)));
    this.loadCount++;
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  }
}
