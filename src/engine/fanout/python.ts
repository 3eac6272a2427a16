/**
 * Finds Python asyncio fan-outs: `asyncio.gather(*...)`, `asyncio.wait(...)`, `asyncio.as_completed(...)`, and
 * `create_task` / `ensure_future` in a loop or comprehension; for each, which collection it iterates, how big that
 * is (following names within the file), and whether a shared limiter bounds the tasks.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { NameFact, TextRange, wholeFile } from '../rule';
import { contains, field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { Callees } from '../semantics/callees';
import { CatalogEntry, pythonCatalog } from '../semantics/catalog';
import { moduleChainQuestion, PythonNames } from '../semantics/pythonNames';
import { PythonCollections } from './evidence/pythonCollection';
import { PythonTaskWork } from './evidence/pythonWork';
import { PythonModules } from './evidence/pythonModules';
import { exempt, FanOutEvidence, knownCountEvidence } from './evidence/types';
import { PythonBinding, PythonScopes, runsInScope } from './pythonScopes';
import {
  addSizes, CollectionSize, combineLimits, CycleGuard, evaluateBinary, FanOut, FanOutScope, identifierEndingWith, integerLiteral, knownSize, matchesInRanges, multiplySizes, noLimit,
  TaskLimit, unknownSize,
} from './types';

const catalog = pythonCatalog;
/**
 * The calls worth a closer look: names ending like the catalogue's combinators and spawners (a project's own
 * `safe_gather` too). A text scan finds them far faster than walking the tree; each is then resolved.
 */
const candidateCall = catalog.callPattern('combinator', 'spawner');
const nameCharacter = /\w/;
/** The qualified name of the combinator that takes its awaitables as separate arguments (`gather(a(), *bs)`). */
const awaitablesAsArguments = 'asyncio.gather';
/** The qualified name of the combinator that returns the tasks it was given in two parts (`done, pending`). */
const waitReturningParts = 'asyncio.wait';

/** A call the analysis looks at: a combinator that waits on many tasks, or a spawner that starts one. */
interface Candidate {
  call: Node;
  kind: 'consumer' | 'spawner';
  /** Takes its awaitables as separate arguments, like gather (a project's wrapper of gather does). */
  awaitablesAsArguments?: boolean;
  /** A spawner given a function and its arguments (`start_soon(fetch, url)`), not an awaitable. */
  functionTask?: boolean;
}
const loopTypes = new Set(['for_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const functionTypes = new Set(['function_definition', 'lambda']);
const classTypes = new Set(['class_definition']);
const withItemTypes = new Set(['with_item']);
const statementTypes = new Set(['block', 'module', 'function_definition', 'class_definition']);
/** How far function bodies are followed: enough for real code, bounded against cycles. */
const maxDepth = 6;
/**
 * How far sizes and values are followed through names and expressions: a list made from a comprehension over
 * another made from a module-level table is several names away. A name met again while its own value is being read
 * is a cycle and unknown (see `throughBinding`), so this only bounds long chains.
 */
const maxSizeDepth = 12;

export function findPythonFanOuts(tree: Tree, text: string, scope: FanOutScope): FanOut[] {
  return new PythonFanOutAnalysis(tree, text, scope).run();
}

/** The qualified names of attribute chains on module-level names (see PythonNames.qualifiedNameOfChain). */
export const pythonModuleChains: NameFact = {
  name: moduleChainQuestion,
  valueIn: (tree, text, name, detail) => pythonFileOf(tree, text).callees.python!.answerModuleChainQuestion(tree.rootNode, name, detail),
};

/** What a first check of the tree would read from the whole file, a piece per step (see Rule.prepare). */
export function* preparePythonFanOuts(tree: Tree, text: string, manyChecks: boolean): Generator<void> {
  const file = pythonFileOf(tree, text);
  file.index.topLevelNodes();
  yield;
  if (!manyChecks) return;
  file.callees.python!.readImports();
  yield;
  file.scopes.indexModuleNames();
  yield;
}

/** Where a fan-out's tasks come from. */
interface TaskSource {
  size: CollectionSize;
  collection: Node;
  /** The expressions that create one task each (a coroutine call, a function passed to `map`). */
  tasks: Node[];
  /** The loop or comprehension that produced them, so its `create_task` is not reported a second time. */
  producers: Node[];
}

/**
 * What every analysis of one tree shares: the index, the name resolution and its caches, the asyncio imports. The
 * incremental analysis checks a tree in several slices; each slice must not pay for the whole file again.
 */
class PythonFile {
  readonly index: SyntaxIndex;
  readonly scopes: PythonScopes;
  /** The one resolver of imports and aliases, over this file's scopes (so its look-ups are noted as dependencies). */
  readonly callees: Callees;
  /** Hears the module-level names resolved: set by the analysis running now. */
  noteModuleName: (name: string) => void = () => {};

  constructor(tree: Tree, readonly text: string) {
    this.index = SyntaxIndex.of(tree);
    this.scopes = new PythonScopes(this.index, text, name => this.noteModuleName(name));
    this.callees = new Callees('python', this.index, text, this.scopes);
  }

  private evidenceReaders: { work: PythonTaskWork; collections: PythonCollections; modules: PythonModules } | undefined;

  /** What the `recommended` level reads evidence with: made on first use, as most files have no fan-out. */
  evidence(): { work: PythonTaskWork; collections: PythonCollections; modules: PythonModules } {
    if (!this.evidenceReaders) {
      const names: PythonNames = this.callees.python!;
      this.evidenceReaders = {
        work: new PythonTaskWork(this.index, this.scopes, names),
        collections: new PythonCollections(this.scopes, names),
        modules: new PythonModules(this.scopes),
      };
    }
    return this.evidenceReaders;
  }
}

/** Trees are never changed after parsing, and a WeakMap forgets a tree's file with the tree. */
const files = new WeakMap<Tree, PythonFile>();

function pythonFileOf(tree: Tree, text: string): PythonFile {
  let file = files.get(tree);
  if (!file || file.text !== text) {
    file = new PythonFile(tree, text);
    files.set(tree, file);
  }
  return file;
}

class PythonFanOutAnalysis {
  private readonly index: SyntaxIndex;
  private readonly scopes: PythonScopes;
  private readonly file: PythonFile;
  private readonly coveredProducers = new Set<number>();
  /** Scopes whose consumers outside the ranges were examined already (see coverByConsumersOutsideRanges). */
  private readonly scopesCovered = new Set<number>();

  /** Where the fan-out being examined starts: module-level names it looks up are noted against it. */
  private currentSite = 0;

  constructor(tree: Tree, private readonly text: string, private readonly scope: FanOutScope) {
    const file = pythonFileOf(tree, text);
    file.noteModuleName = name => scope.noteDependency(this.currentSite, name);
    this.index = file.index;
    this.scopes = file.scopes;
    this.file = file;
  }

  run(): FanOut[] {
    const consumers: Candidate[] = [];
    const spawners: Candidate[] = [];
    for (const match of matchesInRanges(this.text, candidateCall, this.scope.ranges)) {
      const name = this.candidateName(match.index, match[0].length);
      if (!name) continue;
      this.currentSite = name.start;
      const candidate = this.candidateAt(name.start, name.name);
      if (candidate) (candidate.kind === 'consumer' ? consumers : spawners).push(candidate);
    }
    const fanOuts: FanOut[] = [];
    // Consumers first: a loop that fills the list a gather consumes is reported at the gather, once.
    for (const candidate of consumers) {
      this.currentSite = candidate.call.startIndex;
      const fanOut = this.consumerFanOut(candidate);
      if (fanOut) fanOuts.push(fanOut);
    }
    for (const candidate of spawners) {
      this.currentSite = candidate.call.startIndex;
      const fanOut = this.spawnerFanOut(candidate);
      if (fanOut) fanOuts.push(fanOut);
    }
    return fanOuts;
  }

  /**
   * The identifier a match of the catalogue's names is: the name itself (`gather`), or a longer one joined by `_`
   * (`safe_gather`, a project's own wrapper, as the catalogue's `combinatorWrapperName` hint may say).
   */
  private candidateName(at: number, length: number): { start: number; name: string } | undefined {
    const name = identifierEndingWith(this.text, at, at + length, nameCharacter);
    return name && (name.start === at || this.text[at - 1] === '_') ? name : undefined;
  }

  /**
   * The call whose callee's name starts at `offset`, when the catalogue says it is a combinator or a spawner: by
   * the qualified name the resolver gives it (`aio.gather` with `import asyncio as aio`, `gather` with `from asyncio
   * import gather`), by a spawner's method name on any receiver (`tg.create_task`, `self._loop.create_task`), or as
   * a project's own wrapper of gather.
   */
  private candidateAt(offset: number, name: string): Candidate | undefined {
    const identifier = this.index.nodeAt(offset);
    if (identifier?.type !== 'identifier' || identifier.text !== name) return undefined; // in a string or comment
    const parent = this.index.parent(identifier);
    if (!parent) return undefined;
    let callee: Node;
    if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) callee = parent;
    else if (parent.type === 'call' && field(parent, 'function')?.id === identifier.id) callee = identifier;
    else return undefined;
    const call = callee === identifier ? parent : this.index.parent(parent);
    if (call?.type !== 'call' || field(call, 'function')?.id !== callee.id) return undefined;
    if (catalog.nameSays('combinatorWrapperName', name)) return { call, kind: 'consumer', awaitablesAsArguments: true };
    const entry = catalog.withRole(this.file.callees.qualifiedName(callee), 'combinator', 'spawner') ?? this.spawnerMethod(callee);
    if (!entry) return undefined;
    if (entry.role === 'combinator') return { call, kind: 'consumer', awaitablesAsArguments: entry.name === awaitablesAsArguments };
    return { call, kind: 'spawner', functionTask: entry.task === 'function' };
  }

  /**
   * A spawner's method called on a receiver the resolver does not follow (`tg.create_task`, `loop.create_task`,
   * `self.ensure_future`): the catalogue's spawner of that name. A name other libraries use for other things
   * (`spawn`, `start`) counts only on a receiver named like a task group.
   */
  private spawnerMethod(callee: Node): CatalogEntry | undefined {
    if (callee.type !== 'attribute') return undefined;
    const method = field(callee, 'attribute')?.text ?? '';
    const entry = catalog.entryEndingWith(method, 'spawner');
    if (!entry || !catalog.nameSays('sharedSpawnerMethod', method)) return entry;
    const receiver = field(callee, 'object')?.text.split('.').pop() ?? '';
    return catalog.nameSays('taskGroupName', receiver) ? entry : undefined;
  }

  private consumerFanOut(candidate: Candidate): FanOut | undefined {
    const { call } = candidate;
    const callee = field(call, 'function')!;
    const args = field(call, 'arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    const positional = namedChildren(args).filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    let source: TaskSource | undefined;
    if (candidate.awaitablesAsArguments) source = this.gatherSource(args, positional);
    else if (positional[0]) source = this.taskSource(positional[0], 0);
    if (!source) return undefined;
    for (const producer of source.producers) this.coveredProducers.add(producer.id);
    const fanOut: FanOut = {
      call,
      callee: callee.text,
      collection: source.collection,
      size: source.size,
      limit: this.limitOfTasks(source),
    };
    if (this.scope.level === 'recommended') fanOut.evidence = this.evidenceOf(source.tasks, source.collection, source.size);
    return fanOut;
  }

  /** The `recommended` level's evidence: what each task reaches, where the collection comes from, any bound missed. */
  private evidenceOf(tasks: Node[], collection: Node, size: CollectionSize): FanOutEvidence {
    const { work: works, collections, modules } = this.file.evidence();
    // `gather(*[t for t in tasks])`, `wait(pending)`: waiting on tasks that exist; nothing starts here.
    const starting = tasks.filter(task => !/^(identifier|attribute|subscript)$/.test(unwrap(task).type) || works.functionNamed(task));
    if (starting.length === 0) return this.evidenceOfProducer(collection);
    const bound = works.boundOf(starting);
    if (bound) return exempt(bound);
    const work = works.workOf(starting);
    if (!work) return exempt('no external work per task');
    const throttled = modules.boundOfReceiver(work.call, this.scope.filePath) ?? works.oneConnectionBoundOf(work);
    if (throttled) return exempt(throttled);
    if (size.kind === 'known') return knownCountEvidence(work, collection, size.count);
    const verdict = collections.sourceOf(collection);
    if (verdict.kind === 'small') return exempt(verdict.reason);
    if (works.isPassedIn(work) && collections.isParameterNotNamedForData(collection)) return exempt('a generic helper: the caller passes in both the work and a collection whose name says nothing of data');
    return { kind: 'evidence', work, source: verdict.source };
  }

  /** `gather(*make_coroutines(xs))`: a function of this file makes the coroutines, one per element of what it is given. */
  private evidenceOfProducer(collection: Node): FanOutEvidence {
    let call = unwrap(collection);
    if (call.type === 'await') call = unwrap(namedChildren(call)[0] ?? call);
    const { work: works, collections } = this.file.evidence();
    const passedIn = works.coroutinesPassedIn(collection);
    if (passedIn) return { kind: 'evidence', work: passedIn, source: { node: collection, description: `the parameter \`${collection.text}\`` } };
    if (call.type !== 'call') return exempt('waits on tasks that already exist');
    const callee = field(call, 'function');
    const definition = callee && works.functionNamed(callee);
    const work = definition && (works.workOf([definition]) ?? works.coroutinesReturnedBy(definition, call));
    if (!work) return exempt('waits on tasks that already exist');
    const oneConnection = works.oneConnectionBoundOf(work);
    if (oneConnection) return exempt(oneConnection);
    const input = namedChildren(field(call, 'arguments') ?? call).find(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    const verdict = input ? collections.sourceOf(input) : undefined;
    if (!verdict || verdict.kind === 'small') return exempt(verdict?.reason ?? 'waits on tasks that already exist');
    return { kind: 'evidence', work, source: verdict.source };
  }

  /** `gather(a(), b())` runs the listed awaitables; `gather(*xs)` one per element; both may mix. */
  private gatherSource(args: Node, positional: Node[], depth = 0): TaskSource | undefined {
    const parts: TaskSource[] = [];
    for (const arg of positional) {
      if (arg.type === 'list_splat') {
        const inner = namedChildren(arg)[0];
        const part = inner && this.taskSource(inner, depth);
        if (!part) return undefined;
        parts.push(part);
      } else {
        parts.push({ size: knownSize(1), collection: arg, tasks: [arg], producers: [] });
      }
    }
    if (parts.length === 0) return undefined;
    const splatted = parts.filter((_, i) => positional[i].type === 'list_splat');
    return {
      size: addSizes(parts.map(part => part.size)),
      collection: splatted.length === 1 ? splatted[0].collection : args,
      tasks: parts.flatMap(part => part.tasks),
      producers: parts.flatMap(part => part.producers),
    };
  }

  /** What a collection of awaitables is made of: one task per element of which collection. */
  private taskSource(expression: Node, depth: number): TaskSource | undefined {
    const node = unwrap(expression);
    if (depth > maxSizeDepth) return { size: unknownSize, collection: node, tasks: [], producers: [] };
    switch (node.type) {
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        const clauses = namedChildren(node).filter(child => child.type === 'for_in_clause');
        const iterables = clauses.map(clause => field(clause, 'right')).filter((n): n is Node => !!n);
        const body = field(node, 'body');
        if (!iterables.length || !body) return undefined;
        return {
          size: multiplySizes(iterables.map(iterable => this.sizeOf(iterable, depth + 1))),
          collection: iterables[0],
          tasks: [body],
          producers: [node],
        };
      }
      case 'call': {
        const callee = field(node, 'function');
        const args = namedChildren(field(node, 'arguments') ?? node).filter(arg => arg.type !== 'keyword_argument');
        if (callee?.type === 'identifier' && callee.text === 'map' && args.length >= 2 && !this.scopes.lookup('map', node)) {
          return { size: this.sizeOf(args[1], depth + 1), collection: args[1], tasks: [args[0]], producers: [] };
        }
        if (callee?.type === 'identifier' && ['list', 'tuple', 'set'].includes(callee.text) && args[0]) {
          return this.taskSource(args[0], depth + 1);
        }
        return { size: this.sizeOf(node, depth + 1), collection: node, tasks: [], producers: [] };
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const parts: TaskSource[] = [];
        for (const element of namedChildren(node)) {
          if (element.type === 'comment') continue;
          if (element.type === 'list_splat') {
            const inner = namedChildren(element)[0];
            const part = inner && this.taskSource(inner, depth + 1);
            if (!part) return undefined;
            parts.push(part);
          } else parts.push({ size: knownSize(1), collection: element, tasks: [element], producers: [] });
        }
        return {
          size: addSizes(parts.map(part => part.size)),
          collection: node,
          tasks: parts.flatMap(part => part.tasks),
          producers: parts.flatMap(part => part.producers),
        };
      }
      case 'identifier': {
        const binding = this.scopes.lookup(node.text, node);
        if (binding?.kind === 'assignment') {
          if (isEmptyList(binding.value)) return this.appendedSource(node, binding);
          const source = this.throughBinding(binding, undefined, () => this.taskSource(binding.value, depth + 1));
          return source && { ...source, size: this.withMutations(source.size, node, binding, depth) };
        }
        return { size: this.sizeOfBinding(node, binding, depth), collection: node, tasks: [], producers: [] };
      }
      default:
        return { size: this.sizeOf(node, depth + 1), collection: node, tasks: [], producers: [] };
    }
  }

  /** `tasks = []` then `tasks.append(f(x))` in a loop: the loop's collection is what fans out. */
  private appendedSource(use: Node, binding: PythonBinding & { kind: 'assignment' }): TaskSource | undefined {
    const appends = this.mutationsOf(use.text, binding, use);
    if (appends.some(append => append.method !== 'append')) {
      return { size: unknownSize, collection: use, tasks: [], producers: [] };
    }
    const sizes: CollectionSize[] = [];
    const tasks: Node[] = [];
    const producers: Node[] = [];
    let collection: Node | undefined;
    for (const append of appends) {
      const loops = enclosingLoops(append.call, binding.scope, this.index);
      if (loops.length && loops[loops.length - 1].type === 'while_statement') return undefined; // not a collection
      const iterables = loops.map(loop => loopIterable(loop)).filter((n): n is Node => !!n);
      sizes.push(multiplySizes(iterables.map(iterable => this.sizeOf(iterable, 1))));
      collection ??= iterables[iterables.length - 1];
      if (append.argument) tasks.push(append.argument);
      producers.push(...loops);
    }
    return { size: addSizes(sizes), collection: collection ?? use, tasks, producers };
  }

  /** Calls like `name.append(...)` on the list bound by `binding`, between the binding and `use`. */
  private mutationsOf(name: string, binding: PythonBinding, use: Node): { call: Node; method: string; argument?: Node }[] {
    const mutations: { call: Node; method: string; argument?: Node }[] = [];
    const pattern = new RegExp(`\\b${name}\\s*\\.\\s*(append|extend|insert)\\s*\\(`, 'g');
    for (const { match, node } of this.matchesIn(binding.node.endIndex, use.startIndex, pattern, 1)) {
      const attribute = this.index.parent(node);
      const call = attribute && this.index.parent(attribute);
      if (attribute?.type !== 'attribute' || call?.type !== 'call' || field(attribute, 'object')?.text !== name) continue;
      if (this.scopes.enclosingScope(call).id !== this.scopes.enclosingScope(binding.node).id) continue;
      const args = namedChildren(field(call, 'arguments') ?? call);
      mutations.push({ call, method: match[1], argument: match[1] === 'insert' ? args[1] : args[0] });
    }
    return mutations;
  }

  /**
   * Regex matches in the text between two offsets, each with the node at the start of capture `group`: the text
   * finds the few places worth reading as nodes, which is far cheaper than walking every node in between.
   */
  private *matchesIn(start: number, end: number, pattern: RegExp, group: number): Generator<{ match: RegExpMatchArray; node: Node }> {
    const region = this.text.slice(start, end);
    for (const match of region.matchAll(pattern)) {
      const offset = start + match.index + match[0].indexOf(match[group]);
      const node = this.index.nodeAt(offset);
      if (node && node.startIndex === offset) yield { match, node };
    }
  }

  /** A list that gets more elements after its assignment is only as known as those additions. */
  private withMutations(size: CollectionSize, use: Node, binding: PythonBinding & { kind: 'assignment' }, depth: number): CollectionSize {
    if (size.kind === 'unknown') return size;
    if (binding.scope.type === 'module') {
      // A module-level table is known only while nothing in the file changes it: a change anywhere (another function)
      // makes it unknown, so the verdict is checked again after any edit.
      this.scope.noteDependency(this.currentSite, wholeFile);
      if (this.moduleChanges(binding).some(change => change.scope.type !== 'module' || this.scopes.enclosingScope(use).type !== 'module')) {
        return { kind: 'unknown', origin: binding.node };
      }
    }
    const mutations = this.mutationsOf(use.text, binding, use);
    if (mutations.length === 0) return size;
    const added: CollectionSize[] = [size];
    for (const mutation of mutations) {
      const loops = enclosingLoops(mutation.call, binding.scope, this.index);
      const times = multiplySizes(loops.map(loop => {
        const iterable = loopIterable(loop);
        return iterable ? this.sizeOf(iterable, depth + 1) : { kind: 'unknown' as const, origin: loop };
      }));
      const each = mutation.method === 'extend' && mutation.argument ? this.sizeOf(mutation.argument, depth + 1) : knownSize(1);
      added.push(multiplySizes([times, each]));
    }
    return addSizes(added);
  }

  /** The places that change a module-level collection, by the binding's node: read once per file. */
  private readonly moduleChangesByBinding = new Map<number, Array<{ node: Node; scope: Node }>>();

  /**
   * Where the file changes the module-level collection `binding` binds, by name and scope (a local of the same name
   * in a function is another variable): a growing method (`TABLE.append(x)`, `.update`), an item set
   * (`TABLE[k] = v`), an augmented assignment (`TABLE += [x]`), or an assignment in a function that declares it
   * `global`. Found where the text names it, read as nodes.
   */
  private moduleChanges(binding: PythonBinding & { kind: 'assignment' }): Array<{ node: Node; scope: Node }> {
    const cached = this.moduleChangesByBinding.get(binding.node.id);
    if (cached) return cached;
    const name = binding.node.text;
    const changes: Array<{ node: Node; scope: Node }> = [];
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
      const node = this.index.nodeAt(at);
      if (node?.type !== 'identifier' || node.text !== name || node.startIndex !== at || node.id === binding.node.id) continue;
      const change = this.changeAt(node);
      if (!change) continue;
      const scope = this.scopes.enclosingScope(node);
      const refersToModule = scope.type === 'module' || declaresGlobal(scope, name) || this.scopes.lookup(name, node)?.scope.type === 'module';
      if (refersToModule) changes.push({ node: change, scope });
    }
    this.moduleChangesByBinding.set(binding.node.id, changes);
    return changes;
  }

  /**
   * The statement or call by which the collection named at `identifier` (or one of its elements: `PAGES[0]`) is
   * changed, if it is.
   */
  private changeAt(identifier: Node): Node | undefined {
    const isLeftOf = (statement: Node | undefined, child: Node) =>
      (statement?.type === 'assignment' || statement?.type === 'augmented_assignment') && field(statement, 'left')?.id === child.id;
    let target = identifier;
    for (let parent = this.index.parent(target); parent?.type === 'subscript' && field(parent, 'value')?.id === target.id; parent = this.index.parent(target)) target = parent;
    const parent = this.index.parent(target);
    if (!parent) return undefined;
    if (parent.type === 'attribute' && field(parent, 'object')?.id === target.id && growingMethods.has(field(parent, 'attribute')?.text ?? '')) {
      const call = this.index.parent(parent);
      return call?.type === 'call' && field(call, 'function')?.id === parent.id ? call : undefined;
    }
    // `TABLE[k] = v`, `TABLE += [x]`
    if (isLeftOf(parent, target) && (target.id !== identifier.id || parent.type === 'augmented_assignment')) return parent;
    // `global TABLE` then `TABLE = load()` in a function: the module's table, bound again.
    if (isLeftOf(parent, identifier) && parent.type === 'assignment') {
      const scope = this.scopes.enclosingScope(identifier);
      return scope.type !== 'module' && declaresGlobal(scope, identifier.text) ? parent : undefined;
    }
    return undefined;
  }

  /** Bindings whose value is being read now: met again inside, the value depends on itself (`x = x + [1]`). */
  private readonly bindingsInProgress = new CycleGuard();

  private throughBinding<T>(binding: PythonBinding, cyclic: T, read: () => T): T {
    return this.bindingsInProgress.through(binding.node.id, cyclic, read);
  }

  /** How many elements iterating `expression` yields. */
  sizeOf(expression: Node, depth: number): CollectionSize {
    const node = unwrap(expression);
    if (depth > maxSizeDepth) return unknownSize;
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set': {
        const sizes = namedChildren(node)
          .filter(element => element.type !== 'comment')
          .map(element => (element.type === 'list_splat' ? this.sizeOf(namedChildren(element)[0] ?? element, depth + 1) : knownSize(1)));
        return addSizes(sizes);
      }
      case 'dictionary': {
        const entries = namedChildren(node).filter(entry => entry.type !== 'comment');
        return entries.some(entry => entry.type === 'dictionary_splat') ? unknownSize : knownSize(entries.length);
      }
      case 'string':
        return knownSize(namedChildren(node).filter(part => part.type === 'string_content').reduce((n, part) => n + part.text.length, 0));
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        const iterables = namedChildren(node).filter(child => child.type === 'for_in_clause').map(clause => field(clause, 'right'));
        return multiplySizes(iterables.map(iterable => (iterable ? this.sizeOf(iterable, depth + 1) : unknownSize)));
      }
      case 'subscript':
        return this.sliceSize(node, depth);
      case 'binary_operator': {
        const operator = field(node, 'operator')?.type;
        const left = field(node, 'left');
        const right = field(node, 'right');
        if (!left || !right) return unknownSize;
        if (operator === '+') return addSizes([this.sizeOf(left, depth + 1), this.sizeOf(right, depth + 1)]);
        if (operator === '*') {
          const times = this.valueOf(right, depth + 1) ?? this.valueOf(left, depth + 1);
          const list = this.valueOf(right, depth + 1) !== undefined ? left : right;
          return times === undefined ? unknownSize : multiplySizes([this.sizeOf(list, depth + 1), knownSize(times)]);
        }
        return unknownSize;
      }
      case 'conditional_expression': {
        const [whenTrue, , whenFalse] = namedChildren(node);
        if (!whenTrue || !whenFalse) return unknownSize;
        const sizes = [this.sizeOf(whenTrue, depth + 1), this.sizeOf(whenFalse, depth + 1)];
        return sizes.every(size => size.kind === 'known') ? knownSize(Math.max(...sizes.map(size => (size as { count: number }).count))) : sizes.find(size => size.kind === 'unknown')!;
      }
      case 'call':
        return this.callSize(node, depth);
      case 'await': {
        // `snapshots = await asyncio.gather(*(snap(v) for v in VOLUMES))`: one result per awaitable gathered.
        const inner = unwrap(namedChildren(node)[0] ?? node);
        return inner.type === 'call' ? this.gatheredResultSize(inner, depth) : unknownSize;
      }
      case 'identifier':
        return this.sizeOfBinding(node, this.scopes.lookup(node.text, node), depth);
      default:
        return node.type === 'attribute' ? this.sizeOfConstructorArgument(node, depth) : unknownSize; // awaited results, anything computed at run time
    }
  }

  /**
   * `rollout.hosts` with `rollout = Rollout(list(HOSTS))` and a class of this file whose `__init__` sets
   * `self.hosts = hosts` and nothing else in the file sets or grows `.hosts`: as big as the argument given.
   */
  private sizeOfConstructorArgument(access: Node, depth: number): CollectionSize {
    const object = unwrap(field(access, 'object') ?? access);
    const name = field(access, 'attribute')?.text;
    const instance = object.type === 'identifier' ? this.scopes.lookup(object.text, object) : undefined;
    const construction = instance?.kind === 'assignment' ? unwrap(instance.value) : undefined;
    const constructor = construction?.type === 'call' ? field(construction, 'function') : undefined;
    const classBinding = constructor?.type === 'identifier' ? this.scopes.lookup(constructor.text, constructor) : undefined;
    const classDefinition = classBinding && this.index.parent(classBinding.node);
    if (!name || !construction || classDefinition?.type !== 'class_definition') return unknownSize;
    this.scope.noteDependency(this.currentSite, wholeFile); // an assignment to `.hosts` anywhere changes the verdict
    const initializer = this.scopes.bindingsNamed(classDefinition, '__init__').find(binding => binding.kind === 'function')?.node;
    const sets = this.attributeChanges(name);
    if (!initializer || sets.length !== 1 || !contains(initializer, sets[0])) return unknownSize;
    const value = unwrap(field(sets[0], 'right') ?? sets[0]);
    const parameter = value.type === 'identifier' ? this.scopes.lookup(value.text, value) : undefined;
    if (parameter?.kind !== 'parameter' || parameter.scope.id !== initializer.id) return unknownSize;
    const argument = argumentFor(parameter, namedChildren(field(construction, 'arguments') ?? construction));
    return argument ? this.sizeOf(argument, depth + 1) : unknownSize;
  }

  /** Every assignment to `<anything>.name`, and every statement or call that grows one, in the file. */
  private attributeChanges(name: string): Node[] {
    const changes: Node[] = [];
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
      const identifier = this.index.nodeAt(at);
      const attribute = identifier && identifier.startIndex === at && identifier.text === name ? this.index.parent(identifier) : undefined;
      if (attribute?.type !== 'attribute' || field(attribute, 'attribute')?.id !== identifier!.id) continue;
      const statement = this.index.parent(attribute);
      if ((statement?.type === 'assignment' || statement?.type === 'augmented_assignment') && field(statement, 'left')?.id === attribute.id) changes.push(statement);
      else {
        const change = this.changeAt(attribute);
        if (change) changes.push(change);
      }
    }
    return changes;
  }

  private sizeOfBinding(use: Node, binding: PythonBinding | undefined, depth: number): CollectionSize {
    if (!binding) return unknownSize;
    switch (binding.kind) {
      case 'assignment':
        return this.throughBinding(binding, unknownSize, () => this.withMutations(this.sizeOf(binding.value, depth + 1), use, binding, depth));
      case 'loopTarget': {
        // `for batch in itertools.batched(xs, 10)`: each batch has at most 10 elements; `for keys in PAGES` with
        // PAGES a table of lists: as many as the longest.
        const chunk = this.chunkSizeOf(binding.iterable, depth) ?? this.largestElementOf(binding.iterable, depth);
        return chunk ?? { kind: 'unknown', origin: binding.node };
      }
      case 'opaque':
        return this.throughBinding(binding, undefined, () => this.partOfWaitedSet(binding, depth)) ?? { kind: 'unknown', origin: binding.node };
      default:
        return { kind: 'unknown', origin: binding.node };
    }
  }

  /**
   * `done, pending = await asyncio.wait(pending, ...)`: both parts are subsets of the set given, so neither is bigger
   * than it was before the call (as long as the function adds nothing to them: `pending.add(...)` makes it unknown).
   */
  private partOfWaitedSet(binding: PythonBinding, depth: number): CollectionSize | undefined {
    let statement = this.index.parent(binding.node);
    while (statement && (statement.type === 'pattern_list' || statement.type === 'tuple_pattern')) statement = this.index.parent(statement);
    if (statement?.type !== 'assignment' || !contains(field(statement, 'left') ?? statement, binding.node)) return undefined;
    let call = unwrap(field(statement, 'right') ?? statement);
    if (call.type === 'await') call = unwrap(namedChildren(call)[0] ?? call);
    const callee = call.type === 'call' ? field(call, 'function') : undefined;
    if (!callee || catalog.withRole(this.file.callees.qualifiedName(callee), 'combinator')?.name !== waitReturningParts) return undefined;
    const given = namedChildren(field(call, 'arguments') ?? call).find(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    if (!given || this.grownIn(binding.scope, binding.node.text) || this.grownIn(binding.scope, unwrap(given).text)) return undefined;
    if (unwrap(given).type !== 'identifier') return this.sizeOf(given, depth + 1);
    // The set given is the name's value before this statement (in a loop: its first value, which only shrinks).
    const earlier = this.scopes.bindingsNamed(binding.scope, unwrap(given).text).filter(other => other.node.startIndex < statement!.startIndex);
    const before = earlier[earlier.length - 1] ?? this.scopes.lookup(unwrap(given).text, statement);
    return before && before.node.id !== binding.node.id ? this.sizeOfBinding(given, before, depth + 1) : undefined;
  }

  /** Whether `scope`'s own code adds to the collection `name` (`pending.add(t)`, `pending |= more`). */
  private grownIn(scope: Node, name: string): boolean {
    for (let at = this.text.indexOf(name, scope.startIndex); at >= 0 && at < scope.endIndex; at = this.text.indexOf(name, at + name.length)) {
      const node = this.index.nodeAt(at);
      if (node?.type === 'identifier' && node.text === name && node.startIndex === at && this.changeAt(node)) return true;
    }
    return false;
  }

  private callSize(call: Node, depth: number): CollectionSize {
    const callee = field(call, 'function');
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    const name = callee?.type === 'identifier' && !this.scopes.lookup(callee.text, call) ? callee.text : callee?.type === 'attribute' ? callee.text : undefined;
    switch (name) {
      case 'range': {
        const values = args.map(arg => this.valueOf(arg, depth + 1));
        if (values.some(value => value === undefined) || values.length === 0) return this.unknownFromArguments(args);
        const [start, stop, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
        return step === 0 ? unknownSize : knownSize(Math.max(0, Math.ceil((stop - start) / step)));
      }
      case 'list': case 'tuple': case 'set': case 'frozenset': case 'sorted': case 'reversed': case 'enumerate': case 'dict':
        return args[0] ? this.sizeOf(args[0], depth + 1) : knownSize(0);
      case 'map': case 'filter':
        return args[1] ? this.sizeOf(args[1], depth + 1) : unknownSize;
      case 'zip': {
        const known = args.map(arg => this.sizeOf(arg, depth + 1)).filter(size => size.kind === 'known') as { count: number }[];
        return known.length ? knownSize(Math.min(...known.map(size => size.count))) : unknownSize;
      }
      case 'itertools.islice': case 'islice': {
        const stop = args.length === 2 ? this.valueOf(args[1], depth + 1) : undefined;
        return stop === undefined ? unknownSize : knownSize(stop);
      }
    }
    const chunks = callee && this.chunkerCall(call, callee);
    if (chunks) {
      const whole = chunks.collection ? this.sizeOf(chunks.collection, depth + 1) : unknownSize;
      const chunk = chunks.size ? this.valueOf(chunks.size, depth + 1) : undefined;
      return whole.kind === 'known' && chunk ? knownSize(Math.ceil(whole.count / chunk)) : whole;
    }
    // `d.keys()`, `d.values()`, `d.items()` are as big as `d`.
    if (callee?.type === 'attribute' && ['keys', 'values', 'items', 'copy'].includes(field(callee, 'attribute')!.text)) {
      const object = field(callee, 'object');
      if (object) return this.sizeOf(object, depth + 1);
    }
    return unknownSize; // a query result, `os.listdir(...)`, anything computed at run time
  }

  /** The number of results `asyncio.gather(...)` gives: as many as the awaitables it is given. */
  private gatheredResultSize(call: Node, depth: number): CollectionSize {
    const callee = field(call, 'function');
    const args = field(call, 'arguments');
    if (!callee || args?.type !== 'argument_list' || this.file.callees.qualifiedName(callee) !== awaitablesAsArguments) return unknownSize;
    const positional = namedChildren(args).filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    // Read at the depth reached so far: `results = await gather(*[f(r) for r in results])` refers to itself.
    return this.gatherSource(args, positional, depth + 1)?.size ?? unknownSize;
  }

  private unknownFromArguments(args: Node[]): CollectionSize {
    for (const arg of args) {
      if (arg.type === 'identifier') {
        const binding = this.scopes.lookup(arg.text, arg);
        if (binding) return { kind: 'unknown', origin: binding.node };
      }
    }
    return unknownSize;
  }

  /** The size of each chunk when iterating `iterable` yields chunks (`batched(xs, 10)`), else undefined. */
  private chunkSizeOf(iterable: Node, depth: number): CollectionSize | undefined {
    const node = unwrap(iterable);
    const callee = node.type === 'call' ? field(node, 'function') : undefined;
    const chunks = callee && this.chunkerCall(node, callee);
    const chunk = chunks?.size ? this.valueOf(chunks.size, depth + 1) : undefined;
    return chunk === undefined ? undefined : knownSize(chunk);
  }

  /**
   * A call of one of the catalogue's chunkers (`itertools.batched(xs, 10)`, `toolz.partition_all(10, xs)`): where
   * its chunk size is written, and the collection (the first other positional argument).
   */
  private chunkerCall(call: Node, callee: Node): { size?: Node; collection?: Node } | undefined {
    const spec = catalog.withRole(this.file.callees.qualifiedName(callee), 'chunker')?.chunkSize;
    if (!spec) return undefined;
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
    const positional = args.filter(arg => arg.type !== 'keyword_argument');
    const byKeyword = spec.keyword === undefined ? undefined : args.find(arg => arg.type === 'keyword_argument' && field(arg, 'name')?.text === spec.keyword);
    const size = byKeyword ? field(byKeyword, 'value') : spec.argument === undefined ? undefined : positional[spec.argument];
    return { size, collection: positional.find((_, i) => i !== spec.argument || byKeyword) };
  }

  /**
   * When `iterable` is (or names) a list, tuple or set written out whose elements are all collections written out
   * (`[["a", "b"], ["c"]]`), the size of the largest; else undefined. The table itself must be known (unchanged).
   */
  private largestElementOf(iterable: Node, depth: number): CollectionSize | undefined {
    if (this.sizeOf(iterable, depth + 1).kind === 'unknown') return undefined;
    let table = unwrap(iterable);
    for (let hops = 0; table.type === 'identifier' && hops < maxDepth; hops++) {
      const binding = this.scopes.lookup(table.text, table);
      if (binding?.kind !== 'assignment') return undefined;
      table = unwrap(binding.value);
    }
    if (!collectionLiteralTypes.has(table.type)) return undefined;
    const elements = namedChildren(table).filter(element => element.type !== 'comment');
    if (elements.length === 0 || !elements.every(element => collectionLiteralTypes.has(unwrap(element).type))) return undefined;
    const sizes = elements.map(element => this.sizeOf(element, depth + 1));
    return sizes.every(size => size.kind === 'known') ? knownSize(Math.max(...sizes.map(size => (size as { count: number }).count))) : undefined;
  }

  /** `xs[:5]`, `xs[i:i + 10]`, `xs[2:]`: how many elements a slice has at most. */
  private sliceSize(subscript: Node, depth: number): CollectionSize {
    const value = field(subscript, 'value');
    const slice = namedChildren(subscript).find(child => child.type === 'slice');
    if (!value || !slice) return unknownSize; // `xs[i]`: an element, not a collection we can size
    const parts: (Node | undefined)[] = [undefined];
    for (let i = 0; i < slice.childCount; i++) {
      const child = slice.child(i)!;
      if (child.type === ':') parts.push(undefined);
      else parts[parts.length - 1] = child;
    }
    const [start, stop, step] = parts;
    const stepValue = step ? this.valueOf(step, depth + 1) : 1;
    if (!stepValue || stepValue < 0) return unknownSize;
    const whole = () => this.sizeOf(value, depth + 1);
    let length: CollectionSize;
    if (stop) {
      const startValue = start ? this.valueOf(start, depth + 1) : 0;
      const stopValue = this.valueOf(stop, depth + 1);
      if (startValue !== undefined && stopValue !== undefined && startValue >= 0 && stopValue >= 0) length = knownSize(Math.max(0, stopValue - startValue));
      else {
        const offset = start ? offsetFrom(start, stop, expression => this.valueOf(expression, depth + 1)) : undefined;
        length = offset !== undefined ? knownSize(Math.max(0, offset)) : whole();
      }
    } else {
      const startValue = start ? this.valueOf(start, depth + 1) : 0;
      const all = whole();
      length = all.kind === 'known' && startValue !== undefined ? knownSize(Math.max(0, all.count - Math.max(0, startValue))) : all;
    }
    return length.kind === 'known' ? knownSize(Math.ceil(length.count / stepValue)) : length;
  }

  /** The integer an expression evaluates to, when the file says so. */
  valueOf(expression: Node, depth: number): number | undefined {
    const node = unwrap(expression);
    if (depth > maxSizeDepth) return undefined;
    switch (node.type) {
      case 'integer':
        return integerLiteral(node.text);
      case 'unary_operator': {
        const operand = field(node, 'argument');
        const value = operand && this.valueOf(operand, depth + 1);
        return value === undefined ? undefined : field(node, 'operator')?.type === '-' ? -value : value;
      }
      case 'binary_operator':
        return evaluateBinary(field(node, 'operator')?.type, field(node, 'left'), field(node, 'right'), operand => this.valueOf(operand, depth + 1));
      case 'identifier': {
        const binding = this.scopes.lookup(node.text, node);
        if (binding?.kind !== 'assignment') return undefined;
        return this.throughBinding(binding, undefined, () => this.valueOf(binding.value, depth + 1));
      }
      case 'call': {
        const callee = field(node, 'function');
        const args = namedChildren(field(node, 'arguments') ?? node);
        if (callee?.text === 'len' && args.length === 1) {
          const size = this.sizeOf(args[0], depth + 1);
          return size.kind === 'known' ? size.count : undefined;
        }
        if ((callee?.text === 'min' || callee?.text === 'max') && args.length >= 2) {
          const values = args.map(arg => this.valueOf(arg, depth + 1));
          const known = values.filter((v): v is number => v !== undefined);
          // min(n, 10) is at most 10 even when n is unknown.
          if (callee.text === 'min' && known.length) return Math.min(...known);
          return known.length === values.length ? Math.max(...known) : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private spawnerFanOut(candidate: Candidate): FanOut | undefined {
    const { call } = candidate;
    const scope = this.scopes.enclosingScope(call);
    const loops = enclosingLoops(call, scope, this.index);
    if (loops.length === 0) return undefined; // one task, not a fan-out
    // `while` loops are not collections: we cannot tell how often they run, so we say nothing.
    if (loops[loops.length - 1].type === 'while_statement') return undefined;
    this.coverByConsumersOutsideRanges(scope);
    if (loops.some(loop => this.coveredProducers.has(loop.id))) return undefined;
    const iterables = loops.map(loop => loopIterable(loop)).filter((n): n is Node => !!n);
    if (iterables.length === 0) return undefined;
    const task = namedChildren(field(call, 'arguments') ?? call)[0];
    const innermost = loops[loops.length - 1];
    const limit = innermost.type === 'for_statement' && acquiresBefore(innermost, call, this.text)
      ? { kind: 'shared' as const }
      : task ? this.withPerTaskRegions(loops.map(loop => field(loop, 'body') ?? loop), () => this.limitOfTask(task, 0)) : noLimit;
    const fanOut: FanOut = {
      call,
      callee: field(call, 'function')!.text,
      collection: iterables[iterables.length - 1],
      size: multiplySizes(iterables.map(iterable => this.sizeOf(iterable, 1))),
      limit,
    };
    if (this.scope.level === 'recommended') {
      const waited = this.awaitedInSameIteration(innermost, call);
      // `tg.start_soon(fetch, url, sem)`: the function and its arguments are the call's; the call stands for the task.
      const functionTask = candidate.functionTask ? [call] : task ? [task] : [];
      fanOut.evidence = waited ? exempt(waited) : this.evidenceOf(functionTask, fanOut.collection, fanOut.size);
    }
    return fanOut;
  }

  /**
   * `t = create_task(f(x)); await t` or `create_task(f(x)); break` in the loop's body: one task runs at a time, or one
   * starts at all. The `await`s after the call are found in the body's text and read as nodes.
   */
  private awaitedInSameIteration(loop: Node, call: Node): string | undefined {
    const body = field(loop, 'body');
    if (!body || loop.type !== 'for_statement') return undefined;
    const after = this.text.slice(call.endIndex, body.endIndex);
    if (/^\s*(break|return)\b/m.test(after)) return 'starts one task, then leaves the loop';
    const assignment = call.parent?.type === 'await' ? undefined : call.parent;
    const target = assignment?.type === 'assignment' ? field(assignment, 'left')?.text : undefined;
    if (!target) return undefined;
    for (const { node } of this.matchesIn(call.endIndex, body.endIndex, /\b(await)\s+/g, 1)) {
      // The keyword's node is unnamed; the expression it starts is its parent.
      const awaited = node.isNamed ? node : this.index.parent(node);
      const argument = awaited?.type === 'await' ? namedChildren(awaited)[0] : undefined;
      if (argument && this.awaitsName(argument, target)) return 'each task is awaited in the iteration that starts it';
    }
    return undefined;
  }

  /** `await t`, `await t[0]`, `await asyncio.wait_for(t, 5)`, `await asyncio.shield(t)`: what is awaited is `name`. */
  private awaitsName(awaited: Node, name: string): boolean {
    if (awaited.type === 'call') {
      const callee = field(awaited, 'function');
      const inner = namedChildren(field(awaited, 'arguments') ?? awaited).find(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
      if (callee && inner && catalog.withRole(this.file.callees.qualifiedName(callee), 'timeout', 'wrapper')) return this.awaitsName(inner, name);
      return callee?.text === name;
    }
    if (awaited.type === 'subscript') return field(awaited, 'value')?.text === name;
    return awaited.text === name;
  }

  /**
   * A loop may fill a list that a gather elsewhere in its scope consumes (and reports). When only some ranges are
   * checked (a long function is checked in parts), the consumers of the loop's scope outside them are examined too.
   * At module level that is any statement of the file: the verdict is then checked again after every edit.
   */
  private coverByConsumersOutsideRanges(scope: Node): void {
    const ranges = this.scope.ranges;
    if (!ranges) return;
    if (scope.type === 'module') this.scope.noteDependency(this.currentSite, wholeFile);
    if (this.scopesCovered.has(scope.id)) return;
    this.scopesCovered.add(scope.id);
    const site = this.currentSite;
    const start = scope.type === 'module' ? 0 : scope.startIndex;
    const end = scope.type === 'module' ? this.text.length : scope.endIndex;
    for (const match of this.text.slice(start, end).matchAll(candidateCall)) {
      const name = this.candidateName(start + match.index, match[0].length);
      if (!name || ranges.some(range => within(name.start, range))) continue;
      const candidate = this.candidateAt(name.start, name.name);
      if (candidate?.kind === 'consumer') this.consumerFanOut(candidate);
    }
    this.currentSite = site;
  }

  private limitOfTasks(source: TaskSource): TaskLimit {
    const loopAcquires = source.producers.some(producer => producer.type === 'for_statement' &&
      source.tasks.some(task => contains(producer, task) && acquiresBefore(producer, task, this.text)));
    if (loopAcquires) return { kind: 'shared' };
    const regions = source.producers.map(producer => field(producer, 'body') ?? producer);
    return this.withPerTaskRegions(regions, () => combineLimits(source.tasks.map(task => this.limitOfTask(task, 0))));
  }

  /** Code that runs once per task (a loop body): a limiter built there is built once per task. */
  private perTaskRegions: Node[] = [];

  private withPerTaskRegions<T>(regions: Node[], compute: () => T): T {
    this.perTaskRegions = regions;
    try {
      return compute();
    } finally {
      this.perTaskRegions = [];
    }
  }

  /** Whether one task (a coroutine call, or a function run per element) is bounded by a shared limiter. */
  private limitOfTask(task: Node, depth: number): TaskLimit {
    const node = unwrap(task);
    if (depth > maxDepth) return noLimit;
    if (node.type === 'await') {
      const inner = namedChildren(node)[0];
      return inner ? this.limitOfTask(inner, depth + 1) : noLimit;
    }
    if (node.type === 'lambda') {
      const body = field(node, 'body');
      return body ? this.limitOfTask(body, depth + 1) : noLimit;
    }
    if (node.type === 'identifier') {
      const definition = this.functionNamed(node);
      return definition ? this.limitOfFunction(definition, [], depth + 1) : noLimit;
    }
    if (node.type !== 'call') return noLimit;
    const args = namedChildren(field(node, 'arguments') ?? node);
    const perTask = args.find(arg => this.isLimiterConstruction(arg));
    if (perTask) return { kind: 'perTask', limiter: perTask };
    const callee = field(node, 'function');
    if (!callee) return noLimit;
    if (this.passesTaskThrough(callee) || callee.text === 'functools.partial' || callee.text === 'partial') {
      const inner = args.find(arg => arg.type !== 'keyword_argument');
      return inner ? this.limitOfTask(inner, depth + 1) : noLimit;
    }
    const definition = this.functionNamed(callee);
    return definition ? this.limitOfFunction(definition, args, depth + 1) : noLimit;
  }

  /**
   * Whether a call passes the awaitable it is given through without changing how many run (the task is its first
   * argument): a spawner of awaitables (`create_task(coro)`), a timeout (`wait_for`), a wrapper (`shield`).
   */
  private passesTaskThrough(callee: Node): boolean {
    const entry = catalog.withRole(this.file.callees.qualifiedName(callee), 'spawner', 'timeout', 'wrapper') ?? this.spawnerMethod(callee);
    return entry !== undefined && (entry.role !== 'spawner' || entry.task === 'awaitable');
  }

  /** The `def` a callee refers to: a name in scope, or `self.method` in the enclosing class. */
  private functionNamed(callee: Node): Node | undefined {
    if (callee.type === 'identifier') {
      const binding = this.scopes.lookup(callee.text, callee);
      return binding?.kind === 'function' ? binding.node : undefined;
    }
    if (callee.type === 'attribute' && field(callee, 'object')?.text === 'self') {
      const method = field(callee, 'attribute')!.text;
      const classDefinition = this.index.closest(callee, classTypes);
      const definition = classDefinition && this.scopes.bindingsNamed(classDefinition, method).find(binding => binding.kind === 'function');
      return definition?.node;
    }
    return undefined;
  }

  /** Looks through a function body for `async with LIMITER:` / `await LIMITER.acquire()`, and what it awaits. */
  private limitOfFunction(definition: Node, callArgs: Node[], depth: number): TaskLimit {
    const body = field(definition, 'body');
    if (!body || depth > maxDepth) return noLimit;
    const limits: TaskLimit[] = [];
    const ownStatement = (node: Node) => this.scopes.enclosingScope(node).id === definition.id;
    // `with` items: the limiter is the item's value (`async with sem:`, `async with sem as slot:`).
    for (const { node } of this.matchesIn(body.startIndex, body.endIndex, /\bwith\s+(\S)/g, 1)) {
      const item = this.index.closest(node, withItemTypes, statementTypes);
      if (!item || !ownStatement(item)) continue;
      let value = field(item, 'value');
      if (value?.type === 'as_pattern') value = namedChildren(value)[0];
      const limit = value && this.limiterKind(value, definition, callArgs);
      if (limit) limits.push(limit);
    }
    // `await sem.acquire()` ... `sem.release()`
    for (const { node } of this.matchesIn(body.startIndex, body.endIndex, /\.\s*(acquire)\s*\(/g, 1)) {
      const attribute = this.index.parent(node);
      const object = attribute?.type === 'attribute' ? field(attribute, 'object') : undefined;
      if (!object || !ownStatement(attribute!)) continue;
      const limit = this.limiterKind(object, definition, callArgs);
      if (limit) limits.push(limit);
    }
    // A helper of this file that does the limiting: `return await bounded(fetch(u))`.
    for (const { node } of this.matchesIn(body.startIndex, body.endIndex, /\bawait\s+((?:self\.)?\w+)\s*\(/g, 1)) {
      const parent = this.index.parent(node);
      const grandparent = parent && this.index.parent(parent);
      const call = node.type === 'identifier' && parent?.type === 'call' ? parent
        : parent?.type === 'attribute' && grandparent?.type === 'call' ? grandparent : undefined;
      if (!call || !ownStatement(call)) continue;
      const inner = this.limitOfTask(call, depth + 1);
      if (inner.kind !== 'none') limits.push(inner);
    }
    const perTask = limits.find(limit => limit.kind === 'perTask');
    return perTask ?? (limits.length ? { kind: 'shared' } : noLimit);
  }

  /** What `expression` used as `async with expression:` in `definition` is: a shared or per-call limiter, or no limiter. */
  private limiterKind(expression: Node, definition: Node, callArgs: Node[]): TaskLimit | undefined {
    const node = unwrap(expression);
    if (this.isLimiterConstruction(node)) return { kind: 'perTask', limiter: node };
    if (node.type === 'attribute') return catalog.nameSays('limiterName', field(node, 'attribute')!.text) ? { kind: 'shared' } : undefined;
    if (node.type !== 'identifier') return undefined;
    const binding = this.scopes.lookup(node.text, node);
    if (binding?.kind === 'assignment') {
      const value = unwrap(binding.value);
      if (this.isLimiterConstruction(value)) {
        // Built in the task's own body: one per call. Built anywhere else: shared by all calls.
        return runsInScope(binding.node, definition, this.scopes) ? { kind: 'perTask', limiter: value } : { kind: 'shared' };
      }
      return catalog.nameSays('limiterName', node.text) ? { kind: 'shared' } : undefined;
    }
    if (binding?.kind === 'parameter' && binding.scope.id === definition.id) {
      const argument = argumentFor(binding, callArgs);
      if (argument) {
        const value = unwrap(argument);
        if (this.isLimiterConstruction(value)) return { kind: 'perTask', limiter: value };
        if (value.type === 'identifier') {
          const argBinding = this.scopes.lookup(value.text, value);
          if (argBinding?.kind === 'assignment' && this.isLimiterConstruction(unwrap(argBinding.value))) {
            const perTask = this.perTaskRegions.some(region => contains(region, argBinding.node));
            return perTask ? { kind: 'perTask', limiter: unwrap(argBinding.value) } : { kind: 'shared' };
          }
        }
      }
      const annotated = binding.annotation && this.annotationNamesLimiter(binding.annotation);
      return annotated || catalog.nameSays('limiterName', node.text) ? { kind: 'shared' } : undefined;
    }
    return catalog.nameSays('limiterName', node.text) ? { kind: 'shared' } : undefined;
  }

  /**
   * `sem: asyncio.Semaphore`, `gate: Optional[CapacityLimiter]`, `lock: "threading.Lock"`: a type the catalogue
   * knows as a limiter or a lock, or a class named like a limiter (a project's own `RateLimiter`).
   */
  private annotationNamesLimiter(annotation: Node): boolean {
    for (const node of [annotation, ...annotation.descendantsOfType(['identifier', 'attribute', 'string_content'])]) {
      if (!node) continue;
      if (node.type === 'string_content') {
        if (node.text.split(/[^\w]+/).some(name => catalog.nameSays('limiterName', name))) return true;
      } else if (node.type === 'identifier' || node.type === 'attribute') {
        if (catalog.withRole(this.file.callees.qualifiedName(node), 'limiter', 'lock')) return true;
        if (node.type === 'identifier' && catalog.nameSays('limiterName', node.text)) return true;
      }
    }
    return false;
  }

  /** A call building a limiter or a lock the catalogue knows (`asyncio.Semaphore(4)`, `anyio.CapacityLimiter(4)`). */
  private isLimiterConstruction(node: Node): boolean {
    if (node.type !== 'call') return false;
    const callee = field(node, 'function');
    return callee !== undefined && catalog.withRole(this.file.callees.qualifiedName(callee), 'limiter', 'lock') !== undefined;
  }
}

const collectionLiteralTypes = new Set(['list', 'tuple', 'set', 'dictionary']);

/** Methods that add elements to a list, set or dict. */
const growingMethods = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault']);

/** Whether a function says `global name` (its assignments to `name` then bind the module's). */
function declaresGlobal(scope: Node, name: string): boolean {
  if (scope.type !== 'function_definition') return false;
  return scope.descendantsOfType('global_statement').some(statement => statement !== null && namedChildren(statement).some(child => child.text === name));
}

function within(offset: number, range: TextRange): boolean {
  return range.startIndex <= offset && offset < range.endIndex;
}

function isEmptyList(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === 'list') return namedChildren(value).filter(child => child.type !== 'comment').length === 0;
  return value.type === 'call' && field(value, 'function')?.text === 'list' && namedChildren(field(value, 'arguments') ?? value).length === 0;
}

/** The loops (and comprehensions) around `node` inside `scope`, outermost first; a loop's iterable is not inside it. */
function enclosingLoops(node: Node, scope: Node, index: SyntaxIndex): Node[] {
  const loops: Node[] = [];
  const chain = index.ancestry(node);
  for (let i = chain.length - 2; i >= 0 && chain[i].id !== scope.id; i--) {
    const current = chain[i];
    const child = chain[i + 1];
    if (functionTypes.has(current.type)) break;
    if ((current.type === 'while_statement' || loopTypes.has(current.type)) && field(current, 'body')?.id === child.id) loops.push(current);
  }
  loops.reverse();
  // Loops outside a `while` repeat what is inside it an unknown number of times; only the inner ones are sized.
  const lastWhile = loops.map(loop => loop.type).lastIndexOf('while_statement');
  return lastWhile >= 0 && lastWhile < loops.length - 1 ? loops.slice(lastWhile + 1) : loops;
}

function loopIterable(loop: Node): Node | undefined {
  if (loop.type === 'for_statement') return field(loop, 'right');
  const clause = namedChildren(loop).find(child => child.type === 'for_in_clause');
  return clause && field(clause, 'right');
}


/** `for x in xs: await sem.acquire(); tg.create_task(work(x))`: the loop waits for a slot before each task. */
function acquiresBefore(loop: Node, task: Node, text: string): boolean {
  const body = field(loop, 'body');
  if (!body || task.startIndex < body.startIndex) return false;
  return /\bawait\s+[\w.]+\.acquire\s*\(/.test(text.slice(body.startIndex, task.startIndex));
}

/** The argument passed for a parameter: by keyword, else by position. */
function argumentFor(parameter: PythonBinding & { kind: 'parameter' }, callArgs: Node[]): Node | undefined {
  for (const arg of callArgs) {
    if (arg.type === 'keyword_argument' && field(arg, 'name')?.text === parameter.name) return field(arg, 'value');
  }
  const positional = callArgs.filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
  // Methods called as `self.m(...)` do not pass `self` explicitly.
  const parameters = field(parameter.scope, 'parameters');
  const first = parameters && namedChildren(parameters)[0];
  const shift = first?.text === 'self' || first?.text === 'cls' ? 1 : 0;
  return positional[parameter.index - shift];
}

/** `stop` written as `start + K` (or `K + start`): the slice has K elements. */
function offsetFrom(start: Node, stop: Node, valueOf: (node: Node) => number | undefined): number | undefined {
  const node = unwrap(stop);
  if (node.type !== 'binary_operator' || field(node, 'operator')?.type !== '+') return undefined;
  const left = field(node, 'left');
  const right = field(node, 'right');
  if (!left || !right) return undefined;
  if (unwrap(left).text === unwrap(start).text) return valueOf(right);
  if (unwrap(right).text === unwrap(start).text) return valueOf(left);
  return undefined;
}
