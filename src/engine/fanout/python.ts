/**
 * Finds Python asyncio fan-outs: `asyncio.gather(*...)`, `asyncio.wait(...)`, `asyncio.as_completed(...)`, and
 * `create_task` / `ensure_future` in a loop or comprehension; for each, which collection it iterates, how big that
 * is (following names within the file), and whether a shared limiter bounds the tasks.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { TextRange, wholeFile } from '../rule';
import { contains, field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { PythonNames } from '../semantics/pythonNames';
import { PythonCollections } from './evidence/pythonCollection';
import { PythonTaskWork } from './evidence/pythonWork';
import { exempt, FanOutEvidence } from './evidence/types';
import { PythonBinding, PythonScopes, runsInScope } from './pythonScopes';
import {
  addSizes, CollectionSize, combineLimits, evaluateBinary, FanOut, FanOutScope, integerLiteral, knownSize, limiterLikeName, matchesInRanges, multiplySizes, noLimit,
  TaskLimit, unknownSize,
} from './types';

/** The names of calls worth a closer look; a text scan finds them far faster than walking the tree. */
const candidateCall = /\b(\w*_gather|gather|wait|as_completed|create_task|ensure_future|start_soon|spawn)\s*\(/g;
const consumerNames = new Set(['gather', 'wait', 'as_completed']);
/** `tg.create_task`, anyio's and trio's `tg.start_soon` / `nursery.start_soon`, aiorpcx's `group.spawn`. */
const spawnerNames = new Set(['create_task', 'ensure_future', 'start_soon', 'spawn']);
/** `spawn` is a task group's only on a receiver named like one (`pexpect.spawn` starts a process, once). */
const taskGroupName = /(^|_)(group|tg|nursery|task_group|taskgroup|tasks)$/i;
/**
 * A project's own wrapper of gather (`safe_gather(*coros)`, `utils.gather_results(...)`): a function named
 * `..._gather` that does not say it limits anything.
 */
const gatherWrapperName = /^(?!.*(limit|bound|concurren|sem|throttl|batch|chunk|pool))\w+_gather$/i;

function isConsumerName(name: string): boolean {
  return consumerNames.has(name) || gatherWrapperName.test(name);
}
/** Calls that wrap a coroutine without changing how many run: the task is their first argument. */
const taskWrappers = new Set(['create_task', 'ensure_future', 'wait_for', 'shield', 'timeout']);
const semaphoreConstructors = /^((asyncio|anyio|trio|threading)\.)?(Semaphore|BoundedSemaphore|Lock|CapacityLimiter)$/;
const loopTypes = new Set(['for_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const functionTypes = new Set(['function_definition', 'lambda']);
const classTypes = new Set(['class_definition']);
const withItemTypes = new Set(['with_item']);
const statementTypes = new Set(['block', 'module', 'function_definition', 'class_definition']);
/** How far name resolution and function bodies are followed: enough for real code, bounded against cycles. */
const maxDepth = 6;

export function findPythonFanOuts(tree: Tree, text: string, scope: FanOutScope): FanOut[] {
  return new PythonFanOutAnalysis(tree, text, scope).run();
}

/** What a first check of the tree would read from the whole file, a piece per step (see Rule.prepare). */
export function* preparePythonFanOuts(tree: Tree, text: string, manyChecks: boolean): Generator<void> {
  const file = pythonFileOf(tree, text);
  file.index.topLevelNodes();
  yield;
  if (!manyChecks) return;
  file.asyncioModuleNames();
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
  private asyncioImports: { moduleNames: Set<string>; functions: Map<string, string> } | undefined;
  /** Hears the module-level names resolved: set by the analysis running now. */
  noteModuleName: (name: string) => void = () => {};

  constructor(tree: Tree, readonly text: string) {
    this.index = SyntaxIndex.of(tree);
    this.scopes = new PythonScopes(this.index, text, name => this.noteModuleName(name));
  }

  private evidenceReaders: { work: PythonTaskWork; collections: PythonCollections } | undefined;

  /** What the `recommended` level reads evidence with: made on first use, as most files have no fan-out. */
  evidence(): { work: PythonTaskWork; collections: PythonCollections } {
    if (!this.evidenceReaders) {
      const names = new PythonNames(this.index, this.text, this.scopes);
      this.evidenceReaders = { work: new PythonTaskWork(this.index, this.scopes, names), collections: new PythonCollections(this.scopes, names) };
    }
    return this.evidenceReaders;
  }

  /** Names asyncio is imported as (`import asyncio as aio`); `asyncio` itself always counts. */
  asyncioModuleNames(): ReadonlySet<string> {
    return this.readAsyncioImports().moduleNames;
  }

  /** Local name → asyncio function name, from `from asyncio import gather as g`. */
  asyncioFunctions(): ReadonlyMap<string, string> {
    return this.readAsyncioImports().functions;
  }

  /** Read when first needed: most checks only meet `asyncio.` itself, and the whole text need not be searched. */
  private readAsyncioImports(): { moduleNames: Set<string>; functions: Map<string, string> } {
    if (this.asyncioImports) return this.asyncioImports;
    const moduleNames = new Set(['asyncio']);
    const functions = new Map<string, string>();
    for (const match of this.text.matchAll(/^[ \t]*import[ \t]+([^\n#;]+)/gm)) {
      for (const part of match[1].split(',')) {
        const alias = /^\s*asyncio\s+as\s+(\w+)\s*$/.exec(part);
        if (alias) moduleNames.add(alias[1]);
      }
    }
    for (const match of this.text.matchAll(/^[ \t]*from[ \t]+asyncio[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)/gm)) {
      for (const part of match[1].replace(/[()]/g, '').split(',')) {
        const imported = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (imported) functions.set(imported[2] ?? imported[1], imported[1]);
      }
    }
    this.asyncioImports = { moduleNames, functions };
    return this.asyncioImports;
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
    const consumers: Node[] = [];
    const spawners: Node[] = [];
    for (const match of matchesInRanges(this.text, candidateCall, this.scope.ranges)) {
      const call = this.callNamed(match.index, match[1]);
      if (!call) continue;
      (isConsumerName(match[1]) ? consumers : spawners).push(call.call);
    }
    const fanOuts: FanOut[] = [];
    // Consumers first: a loop that fills the list a gather consumes is reported at the gather, once.
    for (const call of consumers) {
      this.currentSite = call.startIndex;
      const fanOut = this.consumerFanOut(call);
      if (fanOut) fanOuts.push(fanOut);
    }
    for (const call of spawners) {
      this.currentSite = call.startIndex;
      const fanOut = this.spawnerFanOut(call);
      if (fanOut) fanOuts.push(fanOut);
    }
    return fanOuts;
  }

  /** The call whose callee's name starts at `offset`, if it is the asyncio function (or task method) it looks like. */
  private callNamed(offset: number, name: string): { call: Node } | undefined {
    const identifier = this.index.nodeAt(offset);
    if (identifier?.type !== 'identifier' || identifier.text !== name) return undefined; // in a string or comment
    const parent = this.index.parent(identifier);
    if (!parent) return undefined;
    if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) {
      const call = this.index.parent(parent);
      if (call?.type !== 'call' || field(call, 'function')?.id !== parent.id) return undefined;
      const object = field(parent, 'object');
      if (name === 'spawn') return object && taskGroupName.test(object.text.split('.').pop() ?? '') ? { call } : undefined;
      if (spawnerNames.has(name) || gatherWrapperName.test(name)) return { call }; // tg.create_task, loop.create_task, asyncio.create_task
      if (object?.type !== 'identifier') return undefined;
      // Another name for asyncio comes from an import anywhere in the file (`import asyncio as aio`).
      if (object.text !== 'asyncio') this.scope.noteDependency(offset, object.text);
      return object.text === 'asyncio' || this.file.asyncioModuleNames().has(object.text) ? { call } : undefined;
    }
    if (parent.type === 'call' && field(parent, 'function')?.id === identifier.id) {
      if (gatherWrapperName.test(name)) return { call: parent };
      this.scope.noteDependency(offset, name); // `from asyncio import gather`, anywhere in the file
      return this.file.asyncioFunctions().get(name) === name ? { call: parent } : undefined;
    }
    return undefined;
  }

  private consumerFanOut(call: Node): FanOut | undefined {
    const callee = field(call, 'function')!;
    const written = callee.type === 'attribute' ? field(callee, 'attribute')!.text : this.file.asyncioFunctions().get(callee.text) ?? callee.text;
    const name = gatherWrapperName.test(written) ? 'gather' : written;
    const args = field(call, 'arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    const positional = namedChildren(args).filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    let source: TaskSource | undefined;
    if (name === 'gather') source = this.gatherSource(args, positional);
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
    const { work: works, collections } = this.file.evidence();
    // `gather(*[t for t in tasks])`, `wait(pending)`: waiting on tasks that exist; nothing starts here.
    const starting = tasks.filter(task => !/^(identifier|attribute|subscript)$/.test(unwrap(task).type) || works.functionNamed(task));
    if (starting.length === 0) return this.evidenceOfProducer(collection);
    const bound = works.boundOf(starting);
    if (bound) return exempt(bound);
    const work = works.workOf(starting);
    if (!work) return exempt('no external work per task');
    if (size.kind === 'known') return { kind: 'evidence', work, source: { node: collection, description: `${size.count} elements` } };
    const verdict = collections.sourceOf(collection);
    if (verdict.kind === 'small') return exempt(verdict.reason);
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
    const work = definition && works.workOf([definition]);
    if (!work) return exempt('waits on tasks that already exist');
    const input = namedChildren(field(call, 'arguments') ?? call).find(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    const verdict = input ? collections.sourceOf(input) : undefined;
    if (!verdict || verdict.kind === 'small') return exempt(verdict?.reason ?? 'waits on tasks that already exist');
    return { kind: 'evidence', work, source: verdict.source };
  }

  /** `gather(a(), b())` runs the listed awaitables; `gather(*xs)` one per element; both may mix. */
  private gatherSource(args: Node, positional: Node[]): TaskSource | undefined {
    const parts: TaskSource[] = [];
    for (const arg of positional) {
      if (arg.type === 'list_splat') {
        const inner = namedChildren(arg)[0];
        const part = inner && this.taskSource(inner, 0);
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
    if (depth > maxDepth) return { size: unknownSize, collection: node, tasks: [], producers: [] };
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
          const source = this.taskSource(binding.value, depth + 1);
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

  /** How many elements iterating `expression` yields. */
  sizeOf(expression: Node, depth: number): CollectionSize {
    const node = unwrap(expression);
    if (depth > maxDepth) return unknownSize;
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
      case 'identifier':
        return this.sizeOfBinding(node, this.scopes.lookup(node.text, node), depth);
      default:
        return unknownSize; // attributes (`self.urls`), awaited results, anything not provably bounded
    }
  }

  private sizeOfBinding(use: Node, binding: PythonBinding | undefined, depth: number): CollectionSize {
    if (!binding) return unknownSize;
    switch (binding.kind) {
      case 'assignment':
        return this.withMutations(this.sizeOf(binding.value, depth + 1), use, binding, depth);
      case 'loopTarget': {
        // `for batch in itertools.batched(xs, 10)`: each batch has at most 10 elements.
        const chunk = this.chunkSizeOf(binding.iterable, depth);
        return chunk ?? { kind: 'unknown', origin: binding.node };
      }
      default:
        return { kind: 'unknown', origin: binding.node };
    }
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
      case 'itertools.batched': case 'batched': case 'more_itertools.chunked': case 'chunked': {
        const whole = args[0] ? this.sizeOf(args[0], depth + 1) : unknownSize;
        const chunk = args[1] ? this.valueOf(args[1], depth + 1) : undefined;
        return whole.kind === 'known' && chunk ? knownSize(Math.ceil(whole.count / chunk)) : whole;
      }
    }
    // `d.keys()`, `d.values()`, `d.items()` are as big as `d`.
    if (callee?.type === 'attribute' && ['keys', 'values', 'items', 'copy'].includes(field(callee, 'attribute')!.text)) {
      const object = field(callee, 'object');
      if (object) return this.sizeOf(object, depth + 1);
    }
    return unknownSize; // a query result, `os.listdir(...)`, anything computed at run time
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
    if (node.type !== 'call') return undefined;
    const callee = field(node, 'function')?.text;
    if (!callee || !/^((itertools|more_itertools)\.)?(batched|chunked)$/.test(callee)) return undefined;
    const args = namedChildren(field(node, 'arguments') ?? node).filter(arg => arg.type !== 'keyword_argument');
    const chunk = args[1] ? this.valueOf(args[1], depth + 1) : undefined;
    return chunk === undefined ? undefined : knownSize(chunk);
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
    if (depth > maxDepth) return undefined;
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
        return this.valueOf(binding.value, depth + 1);
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

  private spawnerFanOut(call: Node): FanOut | undefined {
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
      const waited = awaitedInSameIteration(innermost, call, this.text);
      // `tg.start_soon(fetch, url, sem)`: the function and its arguments are the call's; the call stands for the task.
      const functionTask = /\.start_soon$/.test(fanOut.callee) ? [call] : task ? [task] : [];
      fanOut.evidence = waited ? exempt(waited) : this.evidenceOf(functionTask, fanOut.collection, fanOut.size);
    }
    return fanOut;
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
    for (const match of this.text.slice(start, scope.type === 'module' ? this.text.length : scope.endIndex).matchAll(candidateCall)) {
      const offset = start + match.index;
      if (!isConsumerName(match[1]) || ranges.some(range => within(offset, range))) continue;
      const call = this.callNamed(offset, match[1]);
      if (call) this.consumerFanOut(call.call);
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
    const calleeName = callee.type === 'attribute' ? field(callee, 'attribute')!.text : callee.text;
    if (taskWrappers.has(calleeName) || callee.text === 'functools.partial' || callee.text === 'partial') {
      const inner = args.find(arg => arg.type !== 'keyword_argument');
      return inner ? this.limitOfTask(inner, depth + 1) : noLimit;
    }
    const definition = this.functionNamed(callee);
    return definition ? this.limitOfFunction(definition, args, depth + 1) : noLimit;
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
    if (node.type === 'attribute') return limiterLikeName.test(field(node, 'attribute')!.text) ? { kind: 'shared' } : undefined;
    if (node.type !== 'identifier') return undefined;
    const binding = this.scopes.lookup(node.text, node);
    if (binding?.kind === 'assignment') {
      const value = unwrap(binding.value);
      if (this.isLimiterConstruction(value)) {
        // Built in the task's own body: one per call. Built anywhere else: shared by all calls.
        return runsInScope(binding.node, definition, this.scopes) ? { kind: 'perTask', limiter: value } : { kind: 'shared' };
      }
      return limiterLikeName.test(node.text) ? { kind: 'shared' } : undefined;
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
      const annotated = binding.annotation && /Semaphore|Lock|Limiter/.test(binding.annotation.text);
      return annotated || limiterLikeName.test(node.text) ? { kind: 'shared' } : undefined;
    }
    return limiterLikeName.test(node.text) ? { kind: 'shared' } : undefined;
  }

  private isLimiterConstruction(node: Node): boolean {
    if (node.type !== 'call') return false;
    const callee = field(node, 'function');
    if (!callee || !semaphoreConstructors.test(callee.text)) return false;
    if (callee.type !== 'attribute') return true;
    const object = field(callee, 'object')!.text;
    if (object === 'asyncio' || /^(anyio|trio|threading)$/.test(object)) return true;
    this.scope.noteDependency(this.currentSite, object); // `import asyncio as aio`, anywhere in the file
    return this.file.asyncioModuleNames().has(object);
  }
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

/**
 * `t = create_task(f(x)); await t` or `create_task(f(x)); break` in the loop's body: one task runs at a time, or one
 * starts at all. Read from the text of the body after the call.
 */
function awaitedInSameIteration(loop: Node, call: Node, text: string): string | undefined {
  const body = field(loop, 'body');
  if (!body || loop.type !== 'for_statement') return undefined;
  const after = text.slice(call.endIndex, body.endIndex);
  if (/^\s*(break|return)\b/m.test(after)) return 'starts one task, then leaves the loop';
  const assignment = call.parent?.type === 'await' ? undefined : call.parent;
  const target = assignment?.type === 'assignment' ? field(assignment, 'left')?.text : undefined;
  const awaits = after.split(/\bawait\s+/).slice(1).map(rest => rest.replace(/^asyncio\.(?:wait_for|shield)\(\s*/, ''));
  if (target && awaits.some(rest => rest.startsWith(target) && !/^[\w.]/.test(rest.slice(target.length)))) {
    return 'each task is awaited in the iteration that starts it';
  }
  return undefined;
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
