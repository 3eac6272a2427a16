/**
 * Finds JavaScript/TypeScript promise fan-outs: `Promise.all/allSettled/any/race` over a collection of promises;
 * for each, which collection it maps, how big that is (following names within the file), and whether a shared
 * limiter (p-limit, p-queue, a semaphore) bounds the tasks.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { FileFact, NameFact, nameFactKey, wholeFile } from '../rule';
import { contains, field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { HintName, javascriptCatalog } from '../semantics/catalog';
import { JavaScriptNames } from '../semantics/javascriptNames';
import { ChunkerCall, chunkerCall, JavaScriptCollections } from './evidence/javascriptCollection';
import { JavaScriptTaskWork } from './evidence/javascriptWork';
import { JavaScriptModules } from './evidence/javascriptModules';
import { deliberateParallelMode } from './evidence/javascriptIntent';
import { exempt, FanOutEvidence, knownCountEvidence, TaskWork } from './evidence/types';
import { dependenciesNear } from '../projectDependencies';
import { StatementScan } from './statementScan';
import { functionTypes, JavaScriptBinding, JavaScriptScopes } from './javascriptScopes';
import {
  addSizes, CollectionSize, combineLimits, CycleGuard, evaluateBinary, FanOut, FanOutScope, identifierEndingWith, integerLiteral, knownSize, matchesInRanges, multiplySizes, noLimit,
  TaskLimit, unknownSize,
} from './types';

const catalog = javascriptCatalog;
/**
 * The calls worth a closer look: a callee named like one of the catalogue's combinators (`Promise.all`, a project's
 * own `utils.allSettled`), found in the text and then resolved.
 */
const candidateCall = catalog.callPattern('combinator');
/**
 * The modules of the catalogue's mappers whose bound is optional (`p-map`: Infinity without a `concurrency`): the
 * names a file binds to them are read from where it names the module.
 */
const mapperModule = catalog.quotedModulePattern('boundedMap');
/** Methods that add elements to an array, a Map or a Set. */
const growingMethods = new Set(['push', 'unshift', 'splice', 'set', 'add']);
/** Methods that run work through a limiter. */
const limiterMethods = new Set(['add', 'addAll', 'schedule', 'wrap', 'acquire', 'runExclusive', 'limit', 'run', 'submit']);
const loopTypes = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
/** How far function bodies are followed: enough for real code, bounded against cycles. */
const maxDepth = 6;
/**
 * How far sizes and values are followed through names and expressions (an array mapped from another mapped from a
 * file-level table is several names away). A name met again while its own value is being read is a cycle and
 * unknown (see `throughBinding`), so this only bounds long chains.
 */
const maxSizeDepth = 12;
/** The quoted name of a module of one of the catalogue's limiters or locks (`'p-limit'`). */
const limiterPackageString = catalog.quotedModulePattern('limiter', 'lock');

/**
 * Whether the file names a limiter package anywhere (an import or a require): then a limiter can have any name, and
 * names are resolved to their imports instead of being judged by how they read.
 */
export const limiterPackageMentioned: FileFact = {
  name: 'javascript: a limiter package is named',
  family: 'javascript',
  mayChange: limiterPackageString,
  valueIn: text => String(limiterPackageString.test(text)),
};

/** The lines that name a mapper module (`import pMap from 'p-map'`): a change to them may bind or unbind a mapper. */
const mapperModuleLine = new RegExp('^.*' + mapperModule.source + '.*$', 'gm');

/**
 * The statements naming a mapper module: what makes a name of the file a mapper (`pMap(xs, fn)`), so every verdict
 * depends on them, found in the text (a unit calling `pMap` is checked again when its import is added).
 */
export const mapperModuleNamed: FileFact = {
  name: 'javascript: the statements naming a mapper module',
  family: 'javascript',
  mayChange: mapperModule,
  valueIn: text => [...text.matchAll(mapperModuleLine)].map(match => match[0]).join('\n'),
};

/**
 * Whether a name's file-level definitions make it a limiter factory (`pLimit(4)`) or class (`new PQueue()`), as
 * `namesLimiter` answers for a use that reaches them. Verdicts depend on that answer, not on the definitions' text:
 * `import pLimit from 'p-limit'` edited to `import pLimitx from 'p-limit'` leaves `pLimit` a factory by its name.
 */
export const namesLimiterFactory: NameFact = limiterNameFact('javascript: the file-level definitions of a name make a limiter factory', 'limiterFactoryName');
export const namesLimiterClass: NameFact = limiterNameFact('javascript: the file-level definitions of a name make a limiter class', 'limiterClassName');

function limiterNameFact(name: string, hint: HintName): NameFact {
  let unique = 0;
  return {
    name,
    valueIn: (tree, text, identifier) => {
      const root = tree.rootNode;
      // A lookup reaches file level only through a `program` node; it takes one of the definitions, which one
      // depending on where the name is used: when they answer differently, the answer is no one value.
      const file = javascriptFileOf(tree, text);
      const bindings = root.type === 'program' ? file.scopes.bindingsNamed(root, identifier) : [];
      const answers = new Set(bindings.length ? bindings.map(binding => definesLimiter(file.names, binding, identifier, hint)) : [catalog.nameSays(hint, identifier)]);
      return answers.size === 1 ? String([...answers][0]) : `\u0001${++unique}`;
    },
  };
}

/**
 * What a name bound to `binding` (or to nothing) is, in a file that imports a limiter package: what the resolver says
 * it is bound to (an import or a `require` of one of the catalogue's limiters, under any name), else what the name says.
 */
function definesLimiter(names: JavaScriptNames, binding: JavaScriptBinding | undefined, name: string, hint: HintName): boolean {
  if (binding?.kind === 'import') return isLimiter(names.qualifiedNameOfImport(binding));
  // `var pLimit = require('p-limit')`: the resolver follows only a `const`; the value says what it holds.
  if (binding?.kind === 'variable' && binding.value && isLimiter(names.qualifiedName(binding.value))) return true;
  return catalog.nameSays(hint, name);
}

export function findJavaScriptFanOuts(tree: Tree, text: string, scope: FanOutScope): FanOut[] {
  if (scope.level === 'recommended') {
    // Whether the file reads as minified is the file's, not a unit's: every unit checked depends on it, found or not,
    // so that the incremental analysis checks them again when an edit changes it.
    for (const range of scope.ranges ?? [{ startIndex: 0 }]) scope.noteDependency(range.startIndex, minifiedFile.name);
    // A minified file is built from a source elsewhere: that is where a maintainer would bound a fan-out, not here.
    if (isMinifiedName(scope.filePath) || javascriptFileOf(tree, text).isMinified()) return [];
  }
  return new JavaScriptFanOutAnalysis(tree, text, scope).run();
}

/**
 * How much of a file's opening the minified measure reads: a bundle is long lines from its first statements on (after
 * a licence comment at most), and reading a bounded opening keeps the measure cheap enough to take after every edit.
 */
const minifiedMeasureLength = 64 * 1024;

/** Whether the file reads as minified (see isMinifiedText): taken again after every edit, since any edit may change it. */
export const minifiedFile: FileFact = {
  name: 'javascript: the file reads as minified',
  family: 'javascript',
  mayChange: /[^]/,
  valueIn: text => String(isMinifiedText(text.length > minifiedMeasureLength ? text.slice(0, minifiedMeasureLength) : text)),
};

/**
 * Above this average line length a file is minified (CodeQL's JavaScript extractor skips such files by the same
 * measure, since its 2025-12 release)...
 */
const minifiedAverageLineLength = 200;
/** ...provided one line at least is this long: a short file of one long line (a snippet, a test) is still read. */
const minifiedLongestLine = 1000;

/** `vendor.min.js`, `app-min.mjs`: named as a minifier's output. */
function isMinifiedName(filePath: string | undefined): boolean {
  return !!filePath && /[.-]min\.[cm]?js$/i.test(filePath);
}

/**
 * Whether a text's lines are, on average, longer than a person writes them. An inline source map (one line of base64
 * that compiled code of any style may end with) is left out of the measure.
 */
export function isMinifiedText(text: string): boolean {
  let characters = 0;
  let lines = 0;
  let longest = 0;
  // Once this many lines are counted, their average can no longer exceed the limit (their characters are fewer than
  // the text's): the answer is known after a few hundred lines of ordinary code, not after the whole opening.
  const tooManyLines = text.length / minifiedAverageLineLength;
  // A final newline ends the last line; it does not start another.
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (!text.startsWith('//# sourceMappingURL=data:', start)) {
      characters += end - start;
      longest = Math.max(longest, end - start);
      if (++lines >= tooManyLines) return false;
    }
    start = end + 1;
  }
  return longest >= minifiedLongestLine && characters / lines > minifiedAverageLineLength;
}

/** What a first check of the tree would read from the whole file, a piece per step (see Rule.prepare). */
export function* prepareJavaScriptFanOuts(tree: Tree, text: string, manyChecks: boolean): Generator<string | void> {
  const file = javascriptFileOf(tree, text);
  file.index.topLevelNodes();
  yield;
  // Searched again only where the text changed, in steps: a check would search it in one go.
  for (const _ of file.limiterNameSteps()) yield 'searching limiter assignments';
  yield 'searching limiter assignments';
  for (const _ of file.mapperNameSteps()) yield 'searching mapper modules';
  yield 'searching mapper modules';
  if (!manyChecks) return;
  file.scopes.indexProgramNames();
  yield;
}

/**
 * What every analysis of one tree shares: the index, the name resolution and its caches, and what the whole text
 * says. The incremental analysis checks a tree in several slices; each slice must not pay for the whole file again.
 */
class JavaScriptFile {
  readonly index: SyntaxIndex;
  readonly scopes: JavaScriptScopes;
  /** Hears the file-level names resolved: set by the analysis running now. */
  noteProgramName: (name: string) => void = () => {};
  /** The one resolver of imports and aliases, over this file's scopes (so its look-ups are noted as dependencies). */
  readonly names: JavaScriptNames;
  private limiterPackageValue: boolean | undefined;
  private mapperNameSet: Set<string> | undefined;
  private limiterNameSet: ReadonlySet<string> | undefined;
  /** How many names were looked for in the text one at a time: beyond a few, reading all assignments is cheaper. */
  private namesAsked = 0;

  constructor(private readonly tree: Tree, readonly text: string) {
    this.index = SyntaxIndex.of(tree);
    this.scopes = new JavaScriptScopes(this.index, text, name => this.noteProgramName(name));
    this.names = new JavaScriptNames(this.scopes);
  }

  private evidenceReaders: { work: JavaScriptTaskWork; collections: JavaScriptCollections; modules: JavaScriptModules } | undefined;

  /** What the `recommended` level reads evidence with: made on first use, as most files have no fan-out. */
  evidence(): { work: JavaScriptTaskWork; collections: JavaScriptCollections; modules: JavaScriptModules } {
    this.evidenceReaders ??= { work: new JavaScriptTaskWork(this.scopes, this.names), collections: new JavaScriptCollections(this.scopes, this.names), modules: new JavaScriptModules(this.scopes) };
    return this.evidenceReaders;
  }

  /**
   * The names the file binds to a mapper whose bound is optional (`import pMap from 'p-map'`, TypeScript's
   * `const p_map_1 = __importDefault(require("p-map"))`): read from the statements that name the module.
   */
  mapperNames(): Set<string> {
    if (!this.mapperNameSet) {
      const steps = this.mapperNameSteps();
      while (!steps.next().done) { /* in one go */ }
    }
    return this.mapperNameSet!;
  }

  /** `mapperNames` in steps: the module's quoted names are searched statement by statement (see StatementScan). */
  *mapperNameSteps(): Generator<void> {
    if (this.mapperNameSet) return;
    const mentions = yield* mapperModuleMentions.steps(this.tree, this.text);
    const names = new Set<string>();
    for (const { statementStart, item } of mentions) {
      const module = this.index.nodeAt(statementStart + item);
      const statement = module && [...this.index.ancestry(module)].reverse().find(node => node.type === 'import_statement' || node.type === 'variable_declarator');
      if (!statement) continue;
      const bound = statement.type === 'variable_declarator' ? field(statement, 'name') : namedChildren(statement).find(child => child.type === 'import_clause');
      for (const identifier of bound ? [bound, ...bound.descendantsOfType('identifier')] : []) {
        if (identifier?.type === 'identifier' && unboundedMapper(this.names.qualifiedName(identifier))) names.add(identifier.text);
      }
    }
    this.mapperNameSet = names;
  }

  private minified: boolean | undefined;

  isMinified(): boolean {
    this.minified ??= minifiedFile.valueIn(this.text) === 'true';
    return this.minified;
  }

  importsLimiterPackage(): boolean {
    this.limiterPackageValue ??= limiterPackageMentioned.valueIn(this.text) === 'true';
    return this.limiterPackageValue;
  }

  /**
   * Whether the file assigns a limiter to `name`. Most names asked about (every call in a task) are never assigned
   * at all: their places in the text say so, without reading the whole text for assignments.
   */
  isLimiterName(name: string): boolean {
    if (this.limiterNameSet || ++this.namesAsked > 24) return this.limiterNames().has(name);
    const assignedAfter = /\s*(?::[^=;\n]*)?=/y;
    let places = 0;
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + 1)) {
      assignedAfter.lastIndex = at + name.length;
      // A name written thousands of times (`i`): reading the assignments once is cheaper.
      if (assignedAfter.test(this.text) || ++places > 2000) return this.limiterNames().has(name);
    }
    return false;
  }

  /** Names the file assigns a limiter to (`const limit = pLimit(4)`, `const q = new PQueue(...)`), from its text. */
  limiterNames(): ReadonlySet<string> {
    if (!this.limiterNameSet) {
      const steps = this.limiterNameSteps();
      while (!steps.next().done) { /* in one go */ }
    }
    return this.limiterNameSet!;
  }

  /** `limiterNames` in steps (a first search of a large file takes tens of milliseconds). */
  *limiterNameSteps(): Generator<void> {
    if (this.limiterNameSet) return;
    const assignments = yield* limiterAssignments.scanSteps(this.tree, this.text);
    const importsLimiterPackage = this.importsLimiterPackage();
    // The names follow from the assignments' items and that one fact: when an edit changed neither (most edits touch
    // no call assignment), the names of the last search stand, and 10k lines' items are not read again.
    const last = lastLimiterNames;
    if (last && assignments.sameItemsAs === last.serial && last.importsLimiterPackage === importsLimiterPackage) {
      this.limiterNameSet = last.names;
    } else {
      const names = new Set<string>();
      for (const { name, calleeNamesLimiter } of assignments.items()) {
        if (calleeNamesLimiter || importsLimiterPackage) names.add(name);
      }
      this.limiterNameSet = names;
    }
    lastLimiterNames = { serial: assignments.serial, importsLimiterPackage, names: this.limiterNameSet };
  }
}

/** A name assigned the result of a call or a `new` (`const limit = pLimit(4)`). */
interface CallAssignment {
  readonly name: string;
  /**
   * Whether the callee's last part says it makes a limiter (`pLimit`, `PQueue`), or is a `require`: else the name is
   * a limiter's only in a file that names a limiter package. Kept with the statement, as the name is.
   */
  readonly calleeNamesLimiter: boolean;
}

/** Variables (`const limit = pLimit(4)`) and class fields (`private readonly limit = pLimit(4)`) assigned a call. */
const callAssignment = /(?:\b(?:const|let|var)\s+|^[ \t]*(?:(?:private|public|protected|readonly|static|#)\s*)*)([A-Za-z_$][\w$]*)\s*(?::[^=;\n]*)?=\s*(?:await\s+)?(?:new\s+)?([\w$.]+)\s*(?:<[^>()]*>)?\s*\(/gm;

/**
 * The call assignments of a file, searched statement by statement: after an edit, only the statements it changed are
 * searched again (see StatementScan). A statement's text is searched alone: `^` is its own start too.
 */
const limiterAssignments = new StatementScan<CallAssignment>(
  statement => Array.from(statement.matchAll(callAssignment), match => {
    const callee = match[2].split('.').pop()!;
    return { name: match[1], calleeNamesLimiter: catalog.nameSays('limiterFactoryName', callee) || catalog.nameSays('limiterClassName', callee) || callee === 'require' };
  }),
  ({ name, calleeNamesLimiter }) => `${calleeNamesLimiter ? '+' : '-'}${name}`,
);

/**
 * The limiter names made from the last search of `limiterAssignments` (its serial) and whether that file named a
 * limiter package: the next file's search that found the same items in a file with the same fact has the same names.
 * Never changed once made (the files of older trees may still hold the set).
 */
let lastLimiterNames: { readonly serial: number; readonly importsLimiterPackage: boolean; readonly names: ReadonlySet<string> } | undefined;

const mapperModuleEverywhere = new RegExp(mapperModule.source, 'g');
/** Where statements name a mapper module (`'p-map'`), searched statement by statement (see StatementScan). */
const mapperModuleMentions = new StatementScan<number>((piece, offset) => Array.from(piece.matchAll(mapperModuleEverywhere), match => offset + match.index));

/** How many statements the last searches of call assignments and of mapper modules read, and reused: for tests. */
export function lastTextSearchRuns(): { limiterAssignments: { searched: number; reused: number }; mapperModules: { searched: number; reused: number } } {
  return { limiterAssignments: limiterAssignments.lastRun, mapperModules: mapperModuleMentions.lastRun };
}

/** Trees are never changed after parsing, and a WeakMap forgets a tree's file with the tree. */
const files = new WeakMap<Tree, JavaScriptFile>();

function javascriptFileOf(tree: Tree, text: string): JavaScriptFile {
  let file = files.get(tree);
  if (!file || file.text !== text) {
    file = new JavaScriptFile(tree, text);
    files.set(tree, file);
  }
  return file;
}

interface TaskSource {
  size: CollectionSize;
  collection: Node;
  /** What makes one promise each: a callback passed to `map`, or an expression pushed into an array. */
  tasks: Node[];
  /** The code that runs once per task (a loop body), where a limiter built inside would be per task. */
  perTaskRegions: Node[];
}

class JavaScriptFanOutAnalysis {
  private readonly index: SyntaxIndex;
  private readonly scopes: JavaScriptScopes;
  private readonly file: JavaScriptFile;
  /** Where the fan-out being examined starts: file-level names it looks up are noted against it. */
  private currentSite = 0;

  constructor(tree: Tree, private readonly text: string, private readonly scope: FanOutScope) {
    this.file = javascriptFileOf(tree, text);
    this.file.noteProgramName = name => scope.noteDependency(this.currentSite, name);
    this.index = this.file.index;
    this.scopes = this.file.scopes;
  }

  run(): FanOut[] {
    const fanOuts: FanOut[] = [];
    for (const match of matchesInRanges(this.text, candidateCall, this.scope.ranges)) {
      // The name itself (`all`, `allSettled`), not the end of a longer one (`fetchAll`).
      if (identifierEndingWith(this.text, match.index, match.index + match[0].length, /[\w$]/)?.start !== match.index) continue;
      this.currentSite = match.index;
      const call = this.calleeCallAt(match.index);
      if (!call || !this.isCombinator(call, match[0])) continue;
      const fanOut = this.fanOutOf(call);
      if (fanOut) fanOuts.push(fanOut);
    }
    for (const range of this.scope.ranges ?? []) this.scope.noteDependency(range.startIndex, mapperModuleNamed.name);
    for (const call of this.mapperCalls()) {
      this.currentSite = call.startIndex;
      const fanOut = this.mapperFanOut(call);
      if (fanOut) fanOuts.push(fanOut);
    }
    fanOuts.sort((a, b) => a.call.startIndex - b.call.startIndex);
    return fanOuts;
  }

  /**
   * Whether a call named `name` is one of the catalogue's combinators once resolved (`Promise.all` with `Promise`
   * the global, not a polyfill of the file's), or a project's own wrapper named like one (`utils.allSettled`).
   */
  private isCombinator(call: Node, name: string): boolean {
    const callee = field(call, 'function')!;
    if (catalog.withRole(this.file.names.qualifiedName(callee), 'combinator')) return true;
    if (!catalog.nameSays('combinatorWrapperName', name)) return false;
    // `Promise.allSettled` with a `Promise` of the file's own: that class's method, not a wrapper.
    const method = unwrap(callee);
    const receiver = method.type === 'member_expression' ? field(method, 'object')?.text : undefined;
    return !catalog.withRole(receiver, 'promise');
  }

  /** The calls, in the ranges checked, of the names the file binds to a mapper whose bound is optional (`pMap(xs, fn)`). */
  private mapperCalls(): Node[] {
    const calls: Node[] = [];
    for (const name of this.file.mapperNames()) {
      for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
        if (this.scope.ranges && !this.scope.ranges.some(range => range.startIndex <= at && at < range.endIndex)) continue;
        const call = this.callThrough(at, name);
        if (call && unboundedMapper(this.file.names.qualifiedName(field(call, 'function')!))) calls.push(call);
      }
    }
    return calls;
  }

  /** The call whose callee is the identifier at `offset`, or that identifier's `.default` (`(0, p_map_1.default)(xs, fn)`). */
  private callThrough(offset: number, name: string): Node | undefined {
    let node = this.index.nodeAt(offset);
    if (node?.type !== 'identifier' || node.text !== name || node.startIndex !== offset) return undefined;
    for (let parent = this.index.parent(node); parent; node = parent, parent = this.index.parent(parent)) {
      if (parent.type === 'call_expression') return field(parent, 'function')?.id === node.id ? parent : undefined;
      if (parent.type === 'member_expression' && (field(parent, 'object')?.id !== node.id || field(parent, 'property')?.text !== 'default')) return undefined;
      if (!['member_expression', 'sequence_expression', 'parenthesized_expression'].includes(parent.type)) return undefined;
    }
    return undefined;
  }

  /** The call whose callee is (or ends with, or is compiled from) the identifier at `offset`. */
  private calleeCallAt(offset: number): Node | undefined {
    let node = this.index.nodeAt(offset);
    if (!node || (node.type !== 'identifier' && node.type !== 'property_identifier')) return undefined; // a string or comment
    for (let parent = this.index.parent(node); parent; node = parent, parent = this.index.parent(parent)) {
      if (parent.type === 'call_expression') return field(parent, 'function')?.id === node.id ? parent : undefined;
      if (!['member_expression', 'sequence_expression', 'parenthesized_expression'].includes(parent.type)) return undefined;
      // `utils.allSettled`: the name must be the property, not the object (`allSettled.x(...)`).
      if (parent.type === 'member_expression' && field(parent, 'property')?.id !== node.id) return undefined;
    }
    return undefined;
  }

  /** `pMap(items, fn)` with no `concurrency` option: p-map's default is Infinity, every mapper starts at once. */
  private mapperFanOut(call: Node): FanOut | undefined {
    const args = argumentsOf(call);
    if (args.length < 2) return undefined;
    const options = args[2] && unwrap(args[2]);
    if (options && (options.type !== 'object' || namedChildren(options).some(pair => /^(concurrency|spread)$/.test(field(pair, 'key')?.text ?? pair.text)))) return undefined;
    const source: TaskSource = { size: this.sizeOf(args[0], 1), collection: collectionOf(args[0]), tasks: [args[1]], perTaskRegions: [] };
    const fanOut: FanOut = {
      call,
      callee: calleeName(field(call, 'function')!),
      collection: source.collection,
      size: source.size,
      limit: this.limitOfTask(args[1], [], 0),
    };
    if (this.scope.level === 'recommended') fanOut.evidence = this.recommendedEvidence(call, source);
    return fanOut;
  }

  private fanOutOf(call: Node): FanOut | undefined {
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
    if (args.length === 0) return undefined;
    const source = this.taskSource(args[0], call, 0);
    if (!source) return undefined;
    const fanOut: FanOut = {
      call,
      callee: calleeName(field(call, 'function')!),
      collection: source.collection,
      size: source.size,
      limit: combineLimits(source.tasks.map(task => this.limitOfTask(task, source.perTaskRegions, 0))),
    };
    if (this.scope.level === 'recommended') fanOut.evidence = this.recommendedEvidence(call, source);
    return fanOut;
  }

  /**
   * `Promise.all(await this.generateTemplates(paths))`: a function of this file makes the promises, one per element of
   * what it is given. Any other collection of existing promises is waited on, not started here.
   */
  private evidenceOfProducer(collection: Node): FanOutEvidence {
    let call = unwrap(collection);
    if (call.type === 'await_expression') call = unwrap(namedChildren(call)[0] ?? call);
    if (call.type !== 'call_expression') return exempt('waits on promises that already exist');
    const { work: works, collections } = this.file.evidence();
    const found = works.workOf([call]);
    // A function of another module handed a client makes one promise per element of what it is handed last.
    const handed = !found || found.call.id === call.id ? works.clientHandedTo(call) : undefined;
    if (handed) return this.evidenceOfHanded(handed.work, argumentsOf(call).filter(arg => arg.id !== handed.client.id).at(-1));
    const work = found;
    if (!work || work.call.id === call.id) return exempt('waits on promises that already exist');
    const input = argumentsOf(call)[0];
    const verdict = input ? collections.sourceOf(input) : undefined;
    if (!verdict || verdict.kind === 'small') return exempt(verdict?.reason ?? 'waits on promises that already exist');
    if (work.localFile && !collections.listsFiles(input)) return exempt('writes a local file per element of something other than a listing of files');
    return { kind: 'evidence', work, source: verdict.source };
  }

  /** The evidence of promises made by a function of another module handed a client, from its last other argument. */
  private evidenceOfHanded(work: TaskWork, input: Node | undefined): FanOutEvidence {
    const verdict = input && this.file.evidence().collections.sourceOf(input);
    if (!verdict || verdict.kind === 'small') return exempt(verdict?.reason ?? 'handed no collection');
    return { kind: 'evidence', work, source: verdict.source };
  }

  /** The `recommended` level's evidence for the fan-out at `call`: none when the code chose to run all at once. */
  private recommendedEvidence(call: Node, source: TaskSource): FanOutEvidence {
    const deliberate = deliberateParallelMode(call);
    return deliberate ? exempt(deliberate) : this.evidenceOf(source);
  }

  /** The `recommended` level's evidence: what each task reaches, where the collection comes from, any bound missed. */
  private evidenceOf(source: TaskSource): FanOutEvidence {
    const { work: works, collections, modules } = this.file.evidence();
    if (source.tasks.length === 0) return this.evidenceOfProducer(source.collection);
    const bound = works.boundOf(source.tasks) ?? works.handMadeLimiterIn([...source.perTaskRegions, ...source.tasks]);
    if (bound) return exempt(bound);
    const dispatch = works.dispatchOn(source.tasks);
    if (dispatch) return exempt(dispatch);
    const work = works.workOf(source.tasks);
    if (!work) return exempt('no external work per task');
    const clientBound = works.clientBoundOf(work, () => (this.scope.filePath ? dependenciesNear(this.scope.filePath) : new Set()));
    if (clientBound) return exempt(clientBound);
    const databaseBound = works.databaseBoundOf(work);
    if (databaseBound) return exempt(databaseBound);
    const sessionBound = works.protocolSessionBoundOf(work);
    if (sessionBound) return exempt(sessionBound);
    const projectBound = modules.boundOfCall(work.call, this.scope.filePath);
    if (projectBound) return exempt(projectBound);
    if (source.size.kind === 'known') return knownCountEvidence(work, source.collection, source.size.count);
    // `secrets.map(async secretConfig => ...)`: the code calls each element an entry of configuration.
    const element = source.tasks.map(elementName).find(name => name && catalog.nameSays('configElementName', name));
    if (element) return exempt(`each element is \`${element}\`, an entry of configuration`);
    const verdict = collections.sourceOf(source.collection);
    if (verdict.kind === 'small') return exempt(verdict.reason);
    // One local file written per element: a cost worth bounding only when there are many files (Known limitations).
    if (work.localFile && !collections.listsFiles(source.collection)) return exempt('writes a local file per element of something other than a listing of files');
    return { kind: 'evidence', work, source: verdict.source };
  }

  private taskSource(expression: Node, consumer: Node, depth: number): TaskSource | undefined {
    const node = unwrap(expression);
    const opaque = (size: CollectionSize): TaskSource => ({ size, collection: node, tasks: [], perTaskRegions: [] });
    if (depth > maxSizeDepth) return opaque(unknownSize);
    switch (node.type) {
      case 'call_expression': {
        const callee = field(node, 'function');
        const args = argumentsOf(node);
        if (callee?.type === 'member_expression') {
          const method = field(callee, 'property')?.text;
          const receiver = field(callee, 'object')!;
          if ((method === 'map' || method === 'flatMap') && args[0]) {
            return { size: this.sizeOf(receiver, depth + 1), collection: collectionOf(receiver), tasks: [args[0]], perTaskRegions: [] };
          }
          if (receiver.text === 'Array' && method === 'from' && args[0]) {
            // Array.from({ length: 50 }, fn) makes 50; Array.from(ids, fn) one per id.
            const collection = unwrap(args[0]).type === 'object' ? node : collectionOf(args[0]);
            if (args[1]) return { size: this.sizeOf(node, depth + 1), collection, tasks: [args[1]], perTaskRegions: [] };
            return this.taskSource(args[0], consumer, depth + 1);
          }
        }
        return opaque(this.sizeOf(node, depth + 1));
      }
      case 'array': {
        const parts: TaskSource[] = [];
        for (const element of namedChildren(node)) {
          if (element.type === 'comment') continue;
          if (element.type === 'spread_element') {
            const inner = namedChildren(element)[0];
            const part = inner && this.taskSource(inner, consumer, depth + 1);
            if (!part) return undefined;
            parts.push(part);
          } else parts.push({ size: knownSize(1), collection: element, tasks: [element], perTaskRegions: [] });
        }
        const spreads = namedChildren(node).filter(element => element.type === 'spread_element');
        return {
          size: addSizes(parts.map(part => part.size)),
          collection: spreads.length === 1 && parts.length === 1 ? parts[0].collection : node,
          tasks: parts.flatMap(part => part.tasks),
          perTaskRegions: parts.flatMap(part => part.perTaskRegions),
        };
      }
      case 'identifier': {
        const binding = this.scopes.lookup(node.text, node);
        if (binding?.kind === 'variable' && binding.value) {
          if (isEmptyArray(binding.value)) return this.pushedSource(node, binding, consumer);
          if (this.isReassigned(binding)) return opaque({ kind: 'unknown', origin: binding.node });
          const value = binding.value;
          return this.throughBinding(binding, opaque(unknownSize), () => this.taskSource(value, consumer, depth + 1));
        }
        return opaque(this.sizeOfBinding(node, binding, depth));
      }
      default:
        return opaque(this.sizeOf(node, depth + 1));
    }
  }

  /** `const ps = []; for (const id of ids) ps.push(fetchUser(id)); await Promise.all(ps)`: the loop fans out. */
  private pushedSource(use: Node, binding: JavaScriptBinding & { kind: 'variable' }, consumer: Node): TaskSource | undefined {
    const scope = this.scopes.enclosingFunction(binding.node);
    const pushes = this.mutationsOf(use.text, binding, use);
    if (pushes.some(push => push.method !== 'push' && push.method !== 'unshift')) return undefined;
    // Reassigned (`batch = []` after each flush) or awaited inside the loop that fills it: a batching pattern.
    if (this.isReassigned(binding)) return undefined;
    const sizes: CollectionSize[] = [];
    const tasks: Node[] = [];
    const regions: Node[] = [];
    let collection: Node | undefined;
    for (const push of pushes) {
      const loops = this.enclosingLoops(push.call, scope);
      if (loops.some(loop => contains(loop, consumer))) return undefined;
      if (loops.length && (loops[loops.length - 1].type === 'while_statement' || loops[loops.length - 1].type === 'do_statement')) return undefined;
      const loopSizes = loops.map(loop => this.loopSize(loop));
      // `ps.push(...ids.map(fetchUser))` pushes one promise per id, not one.
      const parts = push.arguments.map(arg => arg.type === 'spread_element' && namedChildren(arg)[0]
        ? this.taskSource(namedChildren(arg)[0], consumer, 1) ?? { size: unknownSize, collection: arg, tasks: [], perTaskRegions: [] }
        : { size: knownSize(1), collection: arg, tasks: [arg], perTaskRegions: [] });
      sizes.push(multiplySizes([...loopSizes, addSizes(parts.map(part => part.size))]));
      const spread = parts.find((_, i) => push.arguments[i].type === 'spread_element');
      collection ??= loops.length ? loopCollection(loops[loops.length - 1]) : spread?.collection;
      tasks.push(...parts.flatMap(part => part.tasks));
      regions.push(...parts.flatMap(part => part.perTaskRegions));
      regions.push(...loops.map(loop => field(loop, 'body')).filter((n): n is Node => !!n));
    }
    return { size: addSizes(sizes), collection: collection ?? use, tasks, perTaskRegions: regions };
  }

  /** The places that change a file-level collection, by the binding's node: read once per file. */
  private readonly programChangesByBinding = new Map<number, Node[]>();

  /**
   * Where the file changes the file-level collection `binding` binds (a local of the same name in a function is
   * another variable): a growing method (`TABLE.push(x)`, a Map's `.set`), an item or property set (`TABLE[k] = v`,
   * `TABLE.extra = v`), `Object.assign(TABLE, ...)`. Found where the text names it, read as nodes.
   */
  private programChanges(binding: JavaScriptBinding & { kind: 'variable' }): Node[] {
    const cached = this.programChangesByBinding.get(binding.node.id);
    if (cached) return cached;
    const name = binding.node.text;
    const changes: Node[] = [];
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
      const node = this.index.nodeAt(at);
      if (node?.type !== 'identifier' || node.text !== name || node.startIndex !== at || node.id === binding.node.id) continue;
      const change = this.changeAt(node);
      if (change && this.scopes.lookup(name, node)?.node.id === binding.node.id) changes.push(change);
    }
    this.programChangesByBinding.set(binding.node.id, changes);
    return changes;
  }

  /**
   * The assignment or call by which the collection named at `identifier` (or a part of it: `TABLE.eu`,
   * `TABLE['us-east']`) is changed, if it is.
   */
  private changeAt(identifier: Node): Node | undefined {
    let target = identifier;
    for (;;) {
      const parent = this.index.parent(target);
      if (!parent || (parent.type !== 'subscript_expression' && parent.type !== 'member_expression') || field(parent, 'object')?.id !== target.id) break;
      const grandparent = this.index.parent(parent);
      if (parent.type === 'member_expression' && grandparent?.type === 'call_expression' && field(grandparent, 'function')?.id === parent.id) {
        return growingMethods.has(field(parent, 'property')?.text ?? '') ? grandparent : undefined;
      }
      target = parent;
    }
    const parent = this.index.parent(target);
    if (target.id !== identifier.id) {
      const isAssigned = (parent?.type === 'assignment_expression' || parent?.type === 'augmented_assignment_expression') && field(parent, 'left')?.id === target.id;
      return isAssigned ? parent : undefined;
    }
    // `Object.assign(TABLE, extra)`: its first argument gets the others' properties.
    const call = parent?.type === 'arguments' ? this.index.parent(parent) : undefined;
    return call && argumentsOf(call)[0]?.id === identifier.id && field(call, 'function')?.text === 'Object.assign' ? call : undefined;
  }

  /** Calls like `name.push(...)` on the array bound by `binding`, between the binding and `use`. */
  private mutationsOf(name: string, binding: JavaScriptBinding, use: Node): { call: Node; method: string; arguments: Node[] }[] {
    const mutations: { call: Node; method: string; arguments: Node[] }[] = [];
    const pattern = new RegExp(`(?<![\\w$.])${escapeName(name)}\\s*\\.\\s*(push|unshift|splice|concat)\\s*\\(`, 'g');
    for (const { match, node } of this.matchesIn(binding.node.endIndex, use.startIndex, pattern, 0)) {
      const member = this.index.parent(node);
      const call = member && this.index.parent(member);
      if (member?.type !== 'member_expression' || call?.type !== 'call_expression' || field(member, 'object')?.id !== node.id) continue;
      mutations.push({ call, method: match[1], arguments: argumentsOf(call) });
    }
    return mutations;
  }

  /** `let xs = ...` assigned again anywhere in its function: its size at any one point is not knowable here. */
  private isReassigned(binding: JavaScriptBinding & { kind: 'variable' }): boolean {
    if (binding.declarationKind === 'const') return false;
    const scope = this.scopes.enclosingFunction(binding.node);
    const pattern = new RegExp(`(?<![\\w$.])${escapeName(binding.node.text)}\\s*(?:(?:[-+*/%&|^]|\\*\\*|<<|>>>?|\\?\\?|&&|\\|\\|)?=(?![=>])|\\+\\+|--)|(?:\\+\\+|--)${escapeName(binding.node.text)}\\b`, 'g');
    for (const { node } of this.matchesIn(scope.startIndex, scope.endIndex, pattern, 0)) {
      if (node.startIndex === binding.node.startIndex) continue;
      const parent = this.index.parent(node);
      if (!parent) continue;
      if ((parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') && field(parent, 'left')?.id === node.id) return true;
      if (parent.type === 'update_expression') return true;
    }
    return false;
  }

  /**
   * Regex matches between two offsets, each with the identifier node where the match (or its group) starts. Matches
   * `wanted` rejects are skipped before their node is looked up: a lookup walks down from the top-level statement,
   * and a body holding many nested callbacks is searched once per callback.
   */
  private *matchesIn(start: number, end: number, pattern: RegExp, group: number, wanted: (match: RegExpMatchArray) => boolean = () => true): Generator<{ match: RegExpMatchArray; node: Node }> {
    for (const match of this.text.slice(start, end).matchAll(pattern)) {
      if (!wanted(match)) continue;
      const within = group === 0 ? 0 : match[0].indexOf(match[group]);
      const offset = start + (match.index ?? 0) + within + (match[0].slice(within).search(/[\w$]/));
      const node = this.index.nodeAt(offset);
      if (node && node.startIndex === offset) yield { match, node };
    }
  }

  /** Bindings whose value is being read now: met again inside, the value depends on itself. */
  private readonly bindingsInProgress = new CycleGuard();

  private throughBinding<T>(binding: JavaScriptBinding, cyclic: T, read: () => T): T {
    return this.bindingsInProgress.through(binding.node.id, cyclic, read);
  }

  sizeOf(expression: Node, depth: number): CollectionSize {
    const node = unwrap(expression);
    if (depth > maxSizeDepth) return unknownSize;
    switch (node.type) {
      case 'array':
        return addSizes(namedChildren(node).filter(element => element.type !== 'comment').map(element =>
          element.type === 'spread_element' ? this.sizeOf(namedChildren(element)[0] ?? element, depth + 1) : knownSize(1)));
      case 'object': {
        const members = namedChildren(node).filter(member => member.type !== 'comment');
        return members.some(member => member.type === 'spread_element') ? unknownSize : knownSize(members.length);
      }
      case 'string':
        return knownSize(namedChildren(node).reduce((n, part) => n + part.text.length, 0));
      case 'call_expression':
        return this.callSize(node, depth);
      case 'new_expression': {
        const constructor = field(node, 'constructor')?.text;
        const args = argumentsOf(node);
        if (constructor === 'Array') return args.length === 1 ? this.arrayLength(args[0], depth) : knownSize(args.length);
        if ((constructor === 'Set' || constructor === 'Map') && args[0]) return this.sizeOf(args[0], depth + 1);
        return unknownSize;
      }
      case 'identifier':
        return this.sizeOfBinding(node, this.scopes.lookup(node.text, node), depth);
      case 'subscript_expression':
      case 'member_expression': {
        // `LATENCY['us-east']`, `REGIONS.eu`: an entry of an object written out (a file-level table); at a key the
        // code does not fix (`STAGES[name].needs`), the largest of the entries it may be.
        const entries = this.entriesOfObjectLiteral(node, depth);
        const sizes = (entries ?? []).map(entry => this.sizeOf(entry, depth + 1));
        return sizes.length && sizes.every(size => size.kind === 'known') ? knownSize(Math.max(...sizes.map(size => (size as { count: number }).count))) : unknownSize;
      }
      case 'await_expression': {
        // `const handles = await Promise.all(EXPORTS.map(start))`: one result per element of what it waits on.
        const inner = unwrap(namedChildren(node)[0] ?? node);
        const callee = inner.type === 'call_expression' ? field(inner, 'function') : undefined;
        const waited = callee && ['all', 'allSettled'].includes(catalog.withRole(this.file.names.qualifiedName(callee), 'combinator')?.builtin ?? '') ? argumentsOf(inner)[0] : undefined;
        return waited ? this.sizeOf(waited, depth + 1) : unknownSize;
      }
      case 'ternary_expression': {
        const sizes = [field(node, 'consequence'), field(node, 'alternative')].map(branch => (branch ? this.sizeOf(branch, depth + 1) : unknownSize));
        const unknown = sizes.find(size => size.kind === 'unknown');
        return unknown ?? knownSize(Math.max(...sizes.map(size => (size as { count: number }).count)));
      }
      default:
        return unknownSize; // `this.ids`, awaited results, anything computed at run time
    }
  }

  /**
   * The values an access (`TABLE['us-east']`, `TABLE.eu`, `TABLE[name]`, `TABLE[name].needs`) may read in object
   * literals written out and known unchanged: the entry of its key, or every entry when the key is not written
   * (`TABLE[name]`); undefined when some object along the way is not such a literal or lacks the key.
   */
  private entriesOfObjectLiteral(access: Node, depth: number): Node[] | undefined {
    if (depth > maxSizeDepth) return undefined;
    const objectNode = field(access, 'object');
    const index = access.type === 'subscript_expression' ? field(access, 'index') : field(access, 'property');
    if (!objectNode || !index) return undefined;
    const key = index.type === 'property_identifier' ? index.text : stringValue(index);
    const objects = this.objectLiteralsOf(objectNode, depth + 1);
    if (!objects) return undefined;
    const values: Node[] = [];
    for (const object of objects) {
      const pairs = namedChildren(object).filter(member => member.type !== 'comment');
      if (pairs.some(member => member.type !== 'pair')) return undefined;
      const chosen = key === undefined ? pairs : pairs.filter(pair => {
        const name = field(pair, 'key');
        return name !== undefined && (name.type === 'property_identifier' ? name.text : stringValue(name)) === key;
      });
      if (chosen.length === 0) return undefined;
      values.push(...chosen.map(pair => field(pair, 'value')!).filter(Boolean));
    }
    return values;
  }

  /** The object literals `node` is, through names bound to one and entries of one (`STAGES`, `STAGES[name]`). */
  private objectLiteralsOf(node: Node, depth: number): Node[] | undefined {
    if (depth > maxSizeDepth) return undefined;
    let object = unwrap(node);
    // A name's table is trusted only while nothing changes it (sizeOf follows its mutations).
    if (object.type === 'identifier' && this.sizeOf(object, depth + 1).kind === 'unknown') return undefined;
    for (let hops = 0; object.type === 'identifier' && hops < maxDepth; hops++) {
      const binding = this.scopes.lookup(object.text, object);
      if (binding?.kind !== 'variable' || !binding.value) return undefined;
      object = unwrap(binding.value);
    }
    if (object.type === 'object') return [object];
    if (object.type !== 'subscript_expression' && object.type !== 'member_expression') return undefined;
    const entries = this.entriesOfObjectLiteral(object, depth + 1);
    const literals = entries?.map(entry => unwrap(entry));
    return literals && literals.every(entry => entry.type === 'object') ? literals : undefined;
  }

  /**
   * `let batch = []` that gets one element per `batch.push(x)`, each push followed in its block by
   * `if (batch.length === K) { ...; batch = []; }`, and is only ever set again to `[]`: a batch flushed whenever it
   * reaches K never holds more than K, wherever it is read.
   */
  private flushedBatchSize(binding: JavaScriptBinding & { kind: 'variable' }): CollectionSize | undefined {
    if (binding.declarationKind === 'const' || !binding.value || !isEmptyArray(binding.value)) return undefined;
    const scope = this.scopes.enclosingFunction(binding.node);
    const name = binding.node.text;
    const flushes: Node[] = [];
    const pushes: Node[] = [];
    for (let at = this.text.indexOf(name, scope.startIndex); at >= 0 && at < scope.endIndex; at = this.text.indexOf(name, at + name.length)) {
      const node = this.index.nodeAt(at);
      if (node?.type !== 'identifier' || node.text !== name || node.startIndex !== at || node.id === binding.node.id) continue;
      if (this.scopes.lookup(name, node)?.node.id !== binding.node.id) continue;
      const parent = this.index.parent(node);
      if (parent?.type === 'assignment_expression' && field(parent, 'left')?.id === node.id) {
        if (!isEmptyArray(field(parent, 'right') ?? parent)) return undefined;
        flushes.push(parent);
      } else if (parent?.type === 'augmented_assignment_expression' || parent?.type === 'update_expression') {
        return undefined;
      } else {
        const change = this.changeAt(node);
        if (!change) continue;
        const args = argumentsOf(change);
        if (field(field(change, 'function') ?? change, 'property')?.text !== 'push' || args.length !== 1 || args[0].type === 'spread_element') return undefined;
        pushes.push(change);
      }
    }
    let cap = 0;
    for (const push of pushes) {
      const limit = this.flushAfter(push, name, flushes);
      if (limit === undefined) return undefined;
      cap = Math.max(cap, limit);
    }
    return pushes.length ? knownSize(cap) : undefined;
  }

  /** K, when the statement after `push` in its block is `if (NAME.length === K) { ... NAME = [] ... }`. */
  private flushAfter(push: Node, name: string, flushes: Node[]): number | undefined {
    const statement = this.index.parent(push);
    if (statement?.type !== 'expression_statement') return undefined;
    let next = statement.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    const condition = next?.type === 'if_statement' ? unwrap(field(next, 'condition') ?? next) : undefined;
    const consequence = next && field(next, 'consequence');
    if (condition?.type !== 'binary_expression' || !consequence || !flushes.some(flush => contains(consequence, flush))) return undefined;
    const operator = field(condition, 'operator')?.text;
    const left = field(condition, 'left');
    const right = field(condition, 'right');
    const isLength = (node: Node | undefined) => node?.type === 'member_expression' && field(node, 'property')?.text === 'length' && field(node, 'object')?.text === name;
    if (isLength(left) && (operator === '===' || operator === '==' || operator === '>=') && right) return this.valueOf(right, 1);
    if (isLength(right) && (operator === '===' || operator === '==' || operator === '<=') && left) return this.valueOf(left, 1);
    return undefined;
  }

  private sizeOfBinding(use: Node, binding: JavaScriptBinding | undefined, depth: number): CollectionSize {
    if (!binding) return unknownSize;
    switch (binding.kind) {
      case 'variable': {
        const value = binding.value;
        const capped = value && this.flushedBatchSize(binding);
        if (capped) return capped;
        if (!value || this.isReassigned(binding)) return { kind: 'unknown', origin: binding.node };
        return this.throughBinding(binding, unknownSize, () => this.withMutations(this.sizeOf(value, depth + 1), use, binding, depth));
      }
      case 'loopVariable': {
        const chunk = binding.operator === 'of' ? this.chunkSizeOf(binding.iterable, depth) : undefined;
        return chunk ?? { kind: 'unknown', origin: binding.node };
      }
      default:
        return { kind: 'unknown', origin: binding.node };
    }
  }

  private withMutations(size: CollectionSize, use: Node, binding: JavaScriptBinding & { kind: 'variable' }, depth: number): CollectionSize {
    if (size.kind === 'unknown') return size;
    if (binding.scope.type === 'program') {
      // A file-level table is known only while nothing in the file changes it: a change anywhere (another function)
      // makes it unknown, so the verdict is checked again after any edit.
      this.scope.noteDependency(this.currentSite, wholeFile);
      const useScope = this.scopes.enclosingFunction(use);
      if (this.programChanges(binding).some(change => useScope.type !== 'program' || this.scopes.enclosingFunction(change).type !== 'program')) {
        return { kind: 'unknown', origin: binding.node };
      }
    }
    const mutations = this.mutationsOf(use.text, binding, use);
    if (mutations.length === 0) return size;
    if (mutations.some(mutation => mutation.method === 'splice' || mutation.method === 'concat')) return { kind: 'unknown', origin: binding.node };
    const scope = this.scopes.enclosingFunction(binding.node);
    const added = mutations.map(mutation => multiplySizes([
      ...this.enclosingLoops(mutation.call, scope).map(loop => this.loopSize(loop)),
      addSizes(mutation.arguments.map(arg => (arg.type === 'spread_element' ? this.sizeOf(namedChildren(arg)[0] ?? arg, depth + 1) : knownSize(1)))),
    ]));
    return addSizes([size, ...added]);
  }

  private callSize(call: Node, depth: number): CollectionSize {
    const callee = field(call, 'function');
    const args = argumentsOf(call);
    const chunks = chunkerCall(call, this.file.names);
    if (chunks) return this.chunkCount(chunks, depth);
    if (callee?.type === 'member_expression') {
      const method = field(callee, 'property')?.text ?? '';
      const receiver = field(callee, 'object')!;
      if (receiver.text === 'Array' && method === 'from' && args[0]) {
        const source = unwrap(args[0]);
        if (source.type === 'object') {
          const lengthPair = namedChildren(source).find(pair => pair.type === 'pair' && field(pair, 'key')?.text === 'length');
          const value = lengthPair && field(lengthPair, 'value');
          return value ? this.arrayLength(value, depth) : unknownSize;
        }
        return this.sizeOf(source, depth + 1);
      }
      if (receiver.text === 'Array' && method === 'of') return knownSize(args.length);
      if (receiver.text === 'Object' && ['keys', 'values', 'entries'].includes(method) && args[0]) return this.sizeOf(args[0], depth + 1);
      switch (method) {
        case 'slice': return this.sliceSize(receiver, args, depth);
        case 'splice': {
          const count = args[1] ? this.valueOf(args[1], depth + 1) : undefined;
          return count === undefined ? this.sizeOf(receiver, depth + 1) : knownSize(Math.max(0, count));
        }
        case 'map': case 'filter': case 'reverse': case 'sort': case 'toSorted': case 'toReversed': case 'fill':
        case 'keys': case 'values': case 'entries': case 'flat':
          return method === 'flat' ? unknownSize : this.sizeOf(receiver, depth + 1);
        case 'concat':
          return addSizes([this.sizeOf(receiver, depth + 1), ...args.map(arg => this.sizeOf(arg, depth + 1))]);
      }
      return unknownSize;
    }
    if (callee?.type === 'identifier' && callee.text === 'Array' && !this.scopes.lookup('Array', callee)) {
      return args.length === 1 ? this.arrayLength(args[0], depth) : knownSize(args.length);
    }
    return unknownSize; // a query result, `fs.readdir(...)`, anything computed at run time
  }

  private chunkCount({ collection, size }: ChunkerCall, depth: number): CollectionSize {
    const whole = collection ? this.sizeOf(collection, depth + 1) : unknownSize;
    const chunk = size ? this.valueOf(size, depth + 1) : undefined;
    return whole.kind === 'known' && chunk ? knownSize(Math.ceil(whole.count / chunk)) : whole;
  }

  /** `for (const batch of chunk(ids, 10))`: each element is an array of at most 10. */
  private chunkSizeOf(iterable: Node, depth: number): CollectionSize | undefined {
    const node = unwrap(iterable);
    if (node.type !== 'call_expression') return undefined;
    const size = chunkerCall(node, this.file.names)?.size;
    const value = size && this.valueOf(size, depth + 1);
    return value ? knownSize(value) : undefined;
  }

  private arrayLength(length: Node, depth: number): CollectionSize {
    const value = this.valueOf(length, depth + 1);
    return value === undefined ? unknownSize : knownSize(Math.max(0, value));
  }

  /** `xs.slice(0, 5)`, `xs.slice(i, i + 10)`: how many elements a slice has at most. */
  private sliceSize(receiver: Node, args: Node[], depth: number): CollectionSize {
    const whole = () => this.sizeOf(receiver, depth + 1);
    if (args.length < 2) {
      const all = whole();
      const start = args[0] ? this.valueOf(args[0], depth + 1) : 0;
      return all.kind === 'known' && start !== undefined && start >= 0 ? knownSize(Math.max(0, all.count - start)) : all;
    }
    const start = this.valueOf(args[0], depth + 1);
    const end = this.valueOf(args[1], depth + 1);
    if (start !== undefined && end !== undefined && start >= 0 && end >= 0) return knownSize(Math.max(0, end - start));
    const offset = offsetFrom(args[0], args[1], node => this.valueOf(node, depth + 1));
    return offset !== undefined ? knownSize(Math.max(0, offset)) : whole();
  }

  /** How many times a loop body runs (for-of over a collection, or a counted `for`). */
  private loopSize(loop: Node): CollectionSize {
    if (loop.type === 'for_in_statement') {
      const right = field(loop, 'right');
      return right ? this.sizeOf(right, 1) : unknownSize;
    }
    if (loop.type !== 'for_statement') return { kind: 'unknown', origin: loop };
    const counted = countedLoop(loop);
    if (!counted) return { kind: 'unknown', origin: loop };
    const start = this.valueOf(counted.start, 1);
    const bound = counted.bound.type === 'member_expression' && field(counted.bound, 'property')?.text === 'length'
      ? this.sizeOf(field(counted.bound, 'object')!, 1)
      : (() => {
          const value = this.valueOf(counted.bound, 1);
          return value === undefined ? this.unknownFrom(counted.bound) : knownSize(value);
        })();
    if (start === undefined || bound.kind === 'unknown') return bound.kind === 'unknown' ? bound : unknownSize;
    const span = bound.count - start + (counted.inclusive ? 1 : 0);
    return knownSize(Math.max(0, Math.ceil(span / counted.step)));
  }

  private unknownFrom(expression: Node): CollectionSize {
    const node = unwrap(expression);
    if (node.type === 'identifier') {
      const binding = this.scopes.lookup(node.text, node);
      if (binding) return { kind: 'unknown', origin: binding.node };
    }
    return unknownSize;
  }

  valueOf(expression: Node, depth: number): number | undefined {
    const node = unwrap(expression);
    if (depth > maxSizeDepth) return undefined;
    switch (node.type) {
      case 'number':
        return integerLiteral(node.text);
      case 'unary_expression': {
        const argument = field(node, 'argument');
        const value = argument && this.valueOf(argument, depth + 1);
        if (value === undefined) return undefined;
        return field(node, 'operator')?.text === '-' ? -value : field(node, 'operator')?.text === '+' ? value : undefined;
      }
      case 'binary_expression': {
        const operator = field(node, 'operator')?.text;
        // JS has no integer division: `/` only for chunk counts, where it rounds up.
        return evaluateBinary(operator === '//' ? undefined : operator, field(node, 'left'), field(node, 'right'), operand => this.valueOf(operand, depth + 1));
      }
      case 'identifier': {
        const binding = this.scopes.lookup(node.text, node);
        const value = binding?.kind === 'variable' ? binding.value : undefined;
        if (!binding || !value || this.isReassigned(binding as JavaScriptBinding & { kind: 'variable' })) return undefined;
        return this.throughBinding(binding, undefined, () => this.valueOf(value, depth + 1));
      }
      case 'member_expression': {
        if (field(node, 'property')?.text !== 'length') return undefined;
        const size = this.sizeOf(field(node, 'object')!, depth + 1);
        return size.kind === 'known' ? size.count : undefined;
      }
      case 'call_expression': {
        const callee = field(node, 'function')?.text;
        if (callee !== 'Math.min' && callee !== 'Math.max') return undefined;
        const values = argumentsOf(node).map(arg => this.valueOf(arg, depth + 1));
        const known = values.filter((v): v is number => v !== undefined);
        if (callee === 'Math.min' && known.length) return Math.min(...known); // Math.min(n, 10) is at most 10
        return known.length && known.length === values.length ? Math.max(...known) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Whether one task (a callback run per element, or an expression pushed per iteration) is bounded. */
  private limitOfTask(task: Node, perTaskRegions: Node[], depth: number): TaskLimit {
    const node = unwrap(task);
    if (depth > maxDepth) return noLimit;
    if (functionTypes.has(node.type)) return this.limitOfFunction(node, [node], depth + 1);
    if (node.type === 'identifier') {
      const definition = this.functionNamed(node);
      return definition ? this.limitOfFunction(definition, [definition], depth + 1) : noLimit;
    }
    if (node.type === 'await_expression') {
      const inner = namedChildren(node)[0];
      return inner ? this.limitOfTask(inner, perTaskRegions, depth + 1) : noLimit;
    }
    if (node.type === 'call_expression') return this.limitOfCall(node, perTaskRegions, depth);
    return noLimit;
  }

  /** A call made once per task: a limiter application (`limit(() => ...)`), or a function of this file. */
  private limitOfCall(call: Node, perTaskRegions: Node[], depth: number): TaskLimit {
    const callee = field(call, 'function');
    if (!callee) return noLimit;
    const applied = this.limiterApplication(callee, perTaskRegions);
    if (applied) return applied;
    const definition = this.functionNamed(callee);
    if (definition) return this.limitOfFunction(definition, [definition], depth + 1);
    return noLimit;
  }

  /**
   * When `callee` runs work through a limiter (`limit`, `queue.add`, `sema.acquire`, `pLimit(4)`), whether that
   * limiter is one shared instance or one built per task (inside any of `perTaskRegions`).
   */
  private limiterApplication(callee: Node, perTaskRegions: Node[]): TaskLimit | undefined {
    const target = callee.type === 'member_expression' && limiterMethods.has(field(callee, 'property')?.text ?? '')
      ? field(callee, 'object')!
      : callee;
    const node = unwrap(target);
    if (this.isLimiterConstruction(node)) return { kind: 'perTask', limiter: node };
    // `this.limit(...)`: `limit` names both the method called and the field holding the limiter.
    if (node.type === 'this' && callee.type === 'member_expression') {
      const name = field(callee, 'property')?.text ?? '';
      return this.isLimiterName(name) || catalog.nameSays('limiterName', name) ? { kind: 'shared' } : undefined;
    }
    if (node.type === 'member_expression') {
      const name = field(node, 'property')?.text ?? '';
      // `this.limit(() => ...)` with a field `limit = pLimit(4)`: one instance per object, shared by its calls.
      const field_ = field(node, 'object')?.text === 'this' && this.isLimiterName(name);
      return field_ || (callee !== target && catalog.nameSays('limiterName', name)) ? { kind: 'shared' } : undefined;
    }
    if (node.type !== 'identifier') return undefined;
    // Most calls in a task are not limiters: only names that the file binds to a limiter, or that are named like
    // one, are worth resolving.
    if (!this.isLimiterName(node.text) && !catalog.nameSays('limiterName', node.text)) return undefined;
    const binding = this.scopes.lookup(node.text, node);
    if (binding?.kind === 'variable' && binding.value) {
      const value = unwrap(binding.value);
      const construction = value.type === 'await_expression' ? unwrap(namedChildren(value)[0] ?? value) : value;
      if (!this.isLimiterConstruction(construction)) return undefined;
      return perTaskRegions.some(region => contains(region, binding.node)) ? { kind: 'perTask', limiter: construction } : { kind: 'shared' };
    }
    // A limiter passed in (a parameter, an import): trust its name only when a limiter method is called on it.
    if (callee !== target && (binding?.kind === 'parameter' || binding?.kind === 'import' || !binding) && catalog.nameSays('limiterName', node.text)) {
      return { kind: 'shared' };
    }
    return undefined;
  }

  private isLimiterConstruction(node: Node): boolean {
    if (node.type === 'new_expression') {
      const constructor = unwrap(field(node, 'constructor') ?? node);
      return this.namesLimiter(constructor, 'limiterClassName');
    }
    if (node.type === 'call_expression') {
      let callee = unwrap(field(node, 'function') ?? node);
      // `(0, utils_1.pLimit)(4)`, `(0, p_limit_1.default)(4)`: TypeScript's compiled call of an imported function.
      if (callee.type === 'sequence_expression') {
        callee = unwrap(namedChildren(callee).at(-1) ?? callee);
        if (isLimiter(this.file.names.qualifiedName(callee))) return true;
      }
      // require('p-limit')(4)
      if (callee.type === 'call_expression') return isLimiter(this.file.names.qualifiedName(callee));
      return this.namesLimiter(callee, 'limiterFactoryName');
    }
    return false;
  }

  /**
   * Whether a name is a limiter factory or class: what the resolver says it is bound to (an import or a `require` of
   * one of the catalogue's limiters, under any name), else what the name says.
   */
  private namesLimiter(node: Node, hint: HintName): boolean {
    if (node.type === 'member_expression') return catalog.nameSays(hint, field(node, 'property')?.text ?? '');
    if (node.type !== 'identifier') return false;
    // Only a file that imports a limiter package can give one another name (`import createLimit from 'p-limit'`).
    if (!this.importsLimiterPackage()) return catalog.nameSays(hint, node.text);
    const fact = hint === 'limiterClassName' ? namesLimiterClass : namesLimiterFactory;
    return definesLimiter(this.file.names, this.lookupAnswering(fact, node), node.text, hint);
  }

  /** `scopes.lookup`, noting a file-level resolution as a dependency on `fact`'s answer rather than on the name. */
  private lookupAnswering(fact: NameFact, node: Node): JavaScriptBinding | undefined {
    const noteName = this.file.noteProgramName;
    this.file.noteProgramName = name => this.scope.noteDependency(this.currentSite, nameFactKey(fact, name));
    try {
      return this.scopes.lookup(node.text, node);
    } finally {
      this.file.noteProgramName = noteName;
    }
  }

  private importsLimiterPackage(): boolean {
    this.scope.noteDependency(this.currentSite, limiterPackageMentioned.name);
    return this.file.importsLimiterPackage();
  }

  /** Whether the file assigns a limiter to `name` anywhere (a variable, a class field). */
  private isLimiterName(name: string): boolean {
    this.scope.noteDependency(this.currentSite, name);
    this.scope.noteDependency(this.currentSite, limiterPackageMentioned.name);
    return this.file.isLimiterName(name);
  }

  /** A function of this file that `callee` names: a declaration, or a const holding a function. */
  private functionNamed(callee: Node): Node | undefined {
    if (callee.type !== 'identifier') return undefined;
    const binding = this.scopes.lookup(callee.text, callee);
    if (binding?.kind === 'function') return binding.node;
    if (binding?.kind === 'variable' && binding.value && functionTypes.has(unwrap(binding.value).type)) return unwrap(binding.value);
    return undefined;
  }

  /** Looks through a function's body for calls through a limiter, and for calls to functions that do. */
  private limitOfFunction(fn: Node, perTaskRegions: Node[], depth: number): TaskLimit {
    const body = field(fn, 'body');
    if (!body || depth > maxDepth) return noLimit;
    const limits: TaskLimit[] = [];
    // Every call in the body whose callee is a plain name or `object.method`: found in the text, read as nodes.
    const calls = /(?<![\w$.])(new\s+)?([A-Za-z_$][\w$]*)(?:\s*\.\s*([A-Za-z_$][\w$]*))?\s*(?:<[^>()]*>)?\s*\(/g;
    const throughLimiter = (match: RegExpMatchArray) => !match[3] || limiterMethods.has(match[3]);
    for (const { match, node } of this.matchesIn(body.startIndex, body.endIndex, calls, 2, throughLimiter)) {
      const method = match[3];
      // Work inside a nested callback (`limit(() => fetch(x))`) runs under the limiter; the call to `limit` counts.
      if (this.scopes.enclosingFunction(node).id !== fn.id) continue;
      const member = method ? this.index.parent(node) : undefined;
      const callee = method ? member : node;
      const call = callee && this.index.parent(callee);
      if (!callee || !call || (call.type !== 'call_expression' && call.type !== 'new_expression')) continue;
      // A limiter built in the task itself (`pLimit(2)(() => ...)`, `new Sema(4)`): one per task.
      if (call.type === 'new_expression' || this.isLimiterConstruction(call)) {
        if (this.isLimiterConstruction(call)) limits.push({ kind: 'perTask', limiter: call });
        continue;
      }
      const applied = this.limiterApplication(callee, perTaskRegions);
      if (applied) {
        limits.push(applied);
        continue;
      }
      const definition = method ? undefined : this.functionNamed(callee);
      if (definition && definition.id !== fn.id) {
        const inner = this.limitOfFunction(definition, [definition], depth + 1);
        if (inner.kind !== 'none') limits.push(inner);
      }
    }
    const perTask = limits.find(limit => limit.kind === 'perTask');
    return perTask ?? (limits.length ? { kind: 'shared' } : noLimit);
  }

  /** The loops around `node` inside `scope` (not beyond a function boundary), outermost first. */
  private enclosingLoops(node: Node, scope: Node): Node[] {
    const loops: Node[] = [];
    const chain = this.index.ancestry(node);
    for (let i = chain.length - 2; i >= 0 && chain[i].id !== scope.id; i--) {
      const current = chain[i];
      if (functionTypes.has(current.type)) {
        // `ids.forEach(id => ps.push(f(id)))` is a loop over `ids` too.
        const call = chain[i - 2];
        if (chain[i - 1]?.type === 'arguments' && call?.type === 'call_expression' &&
            field(field(call, 'function') ?? call, 'property')?.text === 'forEach') {
          loops.push(call);
          i -= 2;
          continue;
        }
        break;
      }
      if (loopTypes.has(current.type) && field(current, 'body')?.id === chain[i + 1].id) loops.push(current);
    }
    loops.reverse();
    const lastWhile = loops.map(loop => loop.type === 'while_statement' || loop.type === 'do_statement').lastIndexOf(true);
    return lastWhile >= 0 && lastWhile < loops.length - 1 ? loops.slice(lastWhile + 1) : loops;
  }
}

/** One of the catalogue's limiters or locks (a lock is a limiter of one). */
function isLimiter(qualifiedName: string | undefined): boolean {
  return catalog.withRole(qualifiedName, 'limiter', 'lock') !== undefined;
}

/**
 * One of the catalogue's mappers of a collection (`pMap(xs, fn, options)`, its options after the collection and the
 * function) with no bound unless its options give one.
 */
function unboundedMapper(qualifiedName: string | undefined): boolean {
  const entry = catalog.withRole(qualifiedName, 'boundedMap');
  return entry?.unboundedWithoutPermits === true && entry.permits?.argument === 2;
}

/** A callee as the message names it: `(0, utils_1.allSettled)` is `utils_1.allSettled`. */
function calleeName(callee: Node): string {
  const node = unwrap(callee);
  const named = node.type === 'sequence_expression' ? unwrap(namedChildren(node).at(-1) ?? node) : node;
  return named.text.replace(/\s+/g, '');
}

function escapeName(name: string): string {
  return name.replace(/\$/g, '\\$');
}

/** The text of a string literal without substitutions. */
function stringValue(node: Node): string | undefined {
  const value = unwrap(node);
  if (value.type !== 'string' && value.type !== 'template_string') return undefined;
  if (namedChildren(value).some(part => part.type === 'template_substitution')) return undefined;
  return value.text.slice(1, -1);
}

/** The name a task function gives its element: `secretConfig` of `async secretConfig => ...` or `function (secretConfig) {}`. */
function elementName(task: Node): string | undefined {
  const fn = unwrap(task);
  if (!functionTypes.has(fn.type)) return undefined;
  const single = field(fn, 'parameter');
  if (single) return single.type === 'identifier' ? single.text : undefined;
  const first = namedChildren(field(fn, 'parameters') ?? fn).find(param => param.type !== 'comment');
  const name = first && (first.type === 'identifier' ? first : field(first, 'pattern'));
  return name?.type === 'identifier' ? name.text : undefined;
}

function argumentsOf(call: Node): Node[] {
  const args = field(call, 'arguments');
  return args ? namedChildren(args).filter(arg => arg.type !== 'comment') : [];
}

/** What a mapped collection is called in messages: `[...ids].map` maps `ids`. */
function collectionOf(receiver: Node): Node {
  const node = unwrap(receiver);
  if (node.type === 'array') {
    const elements = namedChildren(node).filter(element => element.type !== 'comment');
    if (elements.length === 1 && elements[0].type === 'spread_element') return namedChildren(elements[0])[0] ?? node;
  }
  return node;
}

function isEmptyArray(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === 'array') return namedChildren(value).filter(child => child.type !== 'comment').length === 0;
  if (value.type === 'new_expression' || value.type === 'call_expression') {
    const callee = field(value, value.type === 'new_expression' ? 'constructor' : 'function')?.text;
    return callee === 'Array' && argumentsOf(value).length === 0;
  }
  return false;
}

function loopCollection(loop: Node): Node | undefined {
  if (loop.type === 'for_in_statement') return field(loop, 'right');
  if (loop.type === 'call_expression') return field(field(loop, 'function') ?? loop, 'object'); // xs.forEach
  if (loop.type === 'for_statement') {
    const counted = countedLoop(loop);
    if (counted?.bound.type === 'member_expression' && field(counted.bound, 'property')?.text === 'length') return field(counted.bound, 'object');
    return counted?.bound ?? loop;
  }
  return undefined;
}

/** `for (let i = A; i < B; i += K)`: the counter's start, bound and step, when the loop has that shape. */
function countedLoop(loop: Node): { start: Node; bound: Node; inclusive: boolean; step: number } | undefined {
  const initializer = field(loop, 'initializer');
  const condition = field(loop, 'condition');
  const increment = field(loop, 'increment');
  const declarator = initializer && namedChildren(initializer).find(child => child.type === 'variable_declarator');
  const counter = declarator && field(declarator, 'name');
  const start = declarator && field(declarator, 'value');
  const test = condition && (condition.type === 'expression_statement' ? namedChildren(condition)[0] : condition);
  if (!counter || !start || !test || test.type !== 'binary_expression' || !increment) return undefined;
  const operator = field(test, 'operator')?.text;
  const left = field(test, 'left');
  const right = field(test, 'right');
  let bound: Node | undefined;
  let inclusive = false;
  if (left?.text === counter.text && (operator === '<' || operator === '<=')) {
    bound = right;
    inclusive = operator === '<=';
  } else if (right?.text === counter.text && (operator === '>' || operator === '>=')) {
    bound = left;
    inclusive = operator === '>=';
  }
  if (!bound) return undefined;
  let step: number | undefined;
  if (increment.type === 'update_expression' && increment.text.includes('++')) step = 1;
  else if (increment.type === 'augmented_assignment_expression' && field(increment, 'operator')?.text === '+=') {
    const value = field(increment, 'right');
    step = value?.type === 'number' ? Number(value.text) : undefined;
  }
  if (!step || step <= 0) return undefined;
  return { start, bound, inclusive, step };
}

/** `end` written as `start + K` (or `K + start`). */
function offsetFrom(start: Node, end: Node, valueOf: (node: Node) => number | undefined): number | undefined {
  const node = unwrap(end);
  if (node.type !== 'binary_expression' || field(node, 'operator')?.text !== '+') return undefined;
  const left = field(node, 'left');
  const right = field(node, 'right');
  if (!left || !right) return undefined;
  if (unwrap(left).text === unwrap(start).text) return valueOf(right);
  if (unwrap(right).text === unwrap(start).text) return valueOf(left);
  return undefined;
}
