/**
 * Where a Python fan-out's collection comes from, for the `recommended` level: data read at run time (an awaited
 * call, a catalogue source such as a directory listing, a query, a parameter or attribute holding data), or something
 * small by design (configuration, `*args`, a count of workers, a chunk, the running tasks), which is not reported.
 */
import type { Node } from 'web-tree-sitter';
import { pythonCatalog as catalog } from '../../semantics/catalog';
import { PythonNames } from '../../semantics/pythonNames';
import { field, namedChildren, shortText, unwrap } from '../../syntax';
import { PythonScopes } from '../pythonScopes';
import { CollectionVerdict, data, small } from './collectionVerdict';
import { lengthCap, pythonLengthChecks } from './lengthCap';

const maxDepth = 8;
/** Calls whose result holds the elements of their first argument, or some of them. */
const passThroughFunctions = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed', 'enumerate', 'zip', 'filter', 'iter']);
const passThroughMethods = new Set(['items', 'keys', 'values', 'copy']);

/** What the catalogue's calls with few results (`getaddrinfo`) hold, by their last name, for a receiver nobody can type. */
const fewResultsByMethod = new Map(catalog.entriesWithRole('io').filter(io => io.fewResults).map(io => [io.name.split('.').pop()!, io.fewResults!]));

/** The parsed command line (`args.repositories`) holds what the user asked for: data, not configuration. */
function isCommandLine(name: string): boolean {
  return catalog.nameSays('commandLineName', name);
}

export class PythonCollections {
  constructor(private readonly scopes: PythonScopes, private readonly names: PythonNames) {}

  sourceOf(collection: Node, depth = 0): CollectionVerdict {
    const node = unwrap(collection);
    if (depth > maxDepth) return small('followed too far');
    const name = node.type === 'identifier' ? node.text : node.type === 'attribute' ? field(node, 'attribute')?.text : undefined;
    if (name && catalog.nameSays('configCollectionName', name) && !catalog.nameSays('dataCollectionName', name)) return small(`\`${name}\` names configuration or tasks`);
    const counted = name && countedThing(name);
    if (counted) return small(`\`${name}\` names ${counted}, configuration`);
    switch (node.type) {
      case 'identifier':
        return this.sourceOfName(node, depth);
      case 'attribute': {
        const object = unwrap(field(node, 'object')!);
        // `self.config.repositories`, `options.targets`: a part of the configuration.
        const configRoot = node.text.split('.').slice(0, -1).find(part => catalog.nameSays('configCollectionName', part) && !catalog.nameSays('dataCollectionName', part) && !isCommandLine(part));
        if (configRoot) return small(`\`${shortText(node)}\` is part of \`${configRoot}\``);
        // State an object keeps (`self.engines`, `self._filters`) is mostly protocol state or a few parts of it;
        // an attribute named for data (`self.urls`) is data.
        if (object.type === 'identifier' && /^(self|cls)$/.test(object.text)) {
          const attribute = field(node, 'attribute')!.text;
          return catalog.nameSays('dataCollectionName', attribute) ? data(node, `the attribute \`${node.text}\``) : small('state the object keeps');
        }
        // `self.session.inflight_out`: state a part of the object keeps, as what its methods hand back (below). Reading
        // an attribute calls nothing, so only a name that says data makes it data (`self.crawler.urls`).
        const parts = partsFromSelf(node);
        if (parts) return parts.some(part => catalog.nameSays('dataCollectionName', part)) ? data(node, `the attribute \`${shortText(node)}\``) : small(`state a part of the object keeps (\`${shortText(node)}\`)`);
        const inner = this.sourceOf(object, depth + 1);
        return inner.kind === 'data' ? inner : data(node, `\`${shortText(node)}\``);
      }
      case 'subscript': {
        // `urls[i:i + n]`: a chunk, made on purpose.
        if (namedChildren(node).some(child => child.type === 'slice')) return small('a slice of a collection (a chunk)');
        return this.sourceOf(field(node, 'value')!, depth + 1);
      }
      case 'await': {
        const inner = namedChildren(node)[0];
        const verdict = inner ? this.sourceOf(inner, depth + 1) : undefined;
        if (verdict?.kind === 'small') return verdict;
        return data(node, `from \`${shortText(node)}\``);
      }
      case 'call':
        return this.sourceOfCall(node, depth);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        const clause = namedChildren(node).find(child => child.type === 'for_in_clause');
        const iterable = clause && field(clause, 'right');
        return iterable ? this.sourceOf(iterable, depth + 1) : small('a comprehension');
      }
      case 'binary_operator': {
        const parts = [field(node, 'left'), field(node, 'right')].filter((n): n is Node => !!n);
        return parts.map(part => this.sourceOf(part, depth + 1)).find(verdict => verdict.kind === 'data') ?? small('small parts');
      }
      case 'conditional_expression': {
        const parts = namedChildren(node);
        return [parts[0], parts[2]].filter((n): n is Node => !!n).map(part => this.sourceOf(part, depth + 1)).find(verdict => verdict.kind === 'data') ?? small('small branches');
      }
      default:
        return small(`not data (${node.type})`);
    }
  }

  /**
   * `self.wallet.get_unverified_txs()`, `self.olm.share_group_session_parallel(room)`: what a part the object holds
   * hands back without being awaited is state the object keeps, as its own attributes are (`self.engines`). Not when a
   * name along the way says data or I/O (`self.store.urls()`, `self.s3_client.list_objects()`, `get_endpoints()`),
   * nor from an `await` or an `async for`, which read it from outside.
   */
  private stateOfAPart(call: Node, callee: Node): string | undefined {
    if (callee.type !== 'attribute' || isAwaitedOrIterated(call)) return undefined;
    const parts = partsFromSelf(unwrap(field(callee, 'object')!));
    if (!parts) return undefined;
    const method = field(callee, 'attribute')!.text;
    const saysIo = catalog.nameSays('ioMethodName', method) || catalog.nameSays('ioFunctionName', method) || catalog.nameSays('ioVerbName', method);
    if (parts.some(saysDataOrIo) || catalog.nameSays('dataCollectionName', method) || saysIo) return undefined;
    return `state a part of the object keeps (\`${shortText(call)}\`)`;
  }

  /**
   * `get_install_targets_map(platform_names)`: a call the event loop does not wait for, whose name says no I/O, computed
   * from configuration alone (every argument small by design), holds what that configuration maps to:
   * a lookup, as small as what it looks up. A call reading a file or the network says so by its name or its `await`.
   */
  private lookupOfConfiguration(call: Node, callee: Node, args: Node[], depth: number): string | undefined {
    if (args.length === 0 || isAwaitedOrIterated(call)) return undefined;
    const words = (callee.type === 'attribute' ? field(callee, 'attribute')!.text : callee.text).split('.').pop()!;
    if (catalog.nameSays('ioReceiverName', words) || catalog.nameSays('ioClientName', words) || catalog.nameSays('ioFunctionName', words) || catalog.nameSays('ioVerbName', words) || catalog.nameSays('ioMethodName', words)) return undefined;
    const verdicts = args.map(arg => this.sourceOf(arg, depth + 1));
    if (verdicts.some(verdict => verdict.kind === 'data')) return undefined;
    return `\`${shortText(call)}\` looks up configuration`;
  }

  /**
   * `iterator` of `def unordered_map(coroutine, iterator)`: the collection is a parameter (perhaps through
   * `enumerate`, `list`, ...) whose name says nothing of data. With a function the caller passes in as the work, such
   * a helper shows neither the work nor the data: it is generic, and what it runs over is decided at each call.
   */
  isParameterNotNamedForData(collection: Node, depth = 0): boolean {
    const node = unwrap(collection);
    if (depth > maxDepth) return false;
    if (node.type === 'call') {
      const qualified = this.names.qualifiedName(field(node, 'function') ?? node);
      const first = namedChildren(field(node, 'arguments') ?? node).find(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
      return !!first && !!qualified && passThroughFunctions.has(qualified.replace(/^builtins\./, '')) && this.isParameterNotNamedForData(first, depth + 1);
    }
    if (node.type !== 'identifier') return false;
    const binding = this.scopes.lookup(node.text, node);
    if (binding?.kind === 'loopTarget') return this.isParameterNotNamedForData(binding.iterable, depth + 1);
    return binding?.kind === 'parameter' && !catalog.nameSays('dataCollectionName', node.text);
  }

  private sourceOfName(node: Node, depth: number): CollectionVerdict {
    const binding = this.scopes.lookup(node.text, node);
    if (!binding) return small('a global');
    const cap = lengthCap(node, pythonLengthChecks);
    if (cap) return small(cap);
    switch (binding.kind) {
      case 'assignment': {
        const verdict = this.sourceOf(binding.value, depth + 1);
        const value = unwrap(binding.value);
        // `found = []` (or `{}`) filled later: what fills it is data.
        if (verdict.kind === 'small' && /^(list|dictionary|set)$/.test(value.type) && namedChildren(value).length === 0) return data(binding.node, `\`${node.text}\`, filled at run time`);
        return verdict;
      }
      case 'parameter': {
        // `*args` are the arguments of one call, a few; `*slots` or `*urls` say they hold data.
        if (binding.node.parent && /splat/.test(binding.node.parent.type) && catalog.nameSays('argumentsName', node.text)) return small('`*args`: the arguments of one call');
        return data(binding.node, `the parameter \`${node.text}\``);
      }
      case 'loopTarget':
        return this.sourceOf(binding.iterable, depth + 1);
      case 'opaque': {
        // `hosts, width = get_hosts(path)`: one of several names an assignment unpacks.
        let node_: Node | null = binding.node.parent;
        while (node_ && /^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern)$/.test(node_.type)) node_ = node_.parent;
        const value = node_?.type === 'assignment' ? field(node_, 'right') : undefined;
        return value ? this.sourceOf(value, depth + 1) : small('a name bound by a with, import or except');
      }
      default:
        return small('a function or class');
    }
  }

  private sourceOfCall(call: Node, depth: number): CollectionVerdict {
    const callee = unwrap(field(call, 'function') ?? call);
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    const qualified = this.names.qualifiedName(callee);
    const entry = catalog.withRole(qualified, 'source');
    if (entry) return data(call, `${entry.what ?? 'data'} from \`${shortText(call)}\``);
    // `loop.getaddrinfo(...)` on a loop nobody can type: the method's name is the catalogue's, and says as much.
    const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    const few = catalog.entry(qualified)?.fewResults ?? (method ? fewResultsByMethod.get(method) : undefined);
    if (few) return small(`${few} (\`${shortText(call)}\`)`);
    if (qualified === 'builtins.range') {
      // `range(len(urls))` is one per url; `range(workers)` is a pool of workers, the bound itself.
      const stop = args.length === 1 ? unwrap(args[0]) : undefined;
      if (stop?.type === 'call' && field(stop, 'function')?.text === 'len' && namedChildren(field(stop, 'arguments') ?? stop)[0]) {
        return this.sourceOf(namedChildren(field(stop, 'arguments') ?? stop)[0], depth + 1);
      }
      return small('a count (a pool of workers, or chunks)');
    }
    if (qualified && passThroughFunctions.has(qualified.replace(/^builtins\./, '')) && args[0]) return this.sourceOf(args[0], depth + 1);
    if (qualified === 'builtins.map' && args[1]) return this.sourceOf(args[1], depth + 1);
    // `itertools.chain(a, b)` holds the elements of each: data when one of them is.
    if (qualified === 'itertools.chain') return args.map(arg => this.sourceOf(arg, depth + 1)).find(verdict => verdict.kind === 'data') ?? small('a chain of small parts');
    if (qualified === 'asyncio.all_tasks') return small('the tasks already running');
    if (callee.type === 'attribute') {
      const method = field(callee, 'attribute')!.text;
      const receiver = field(callee, 'object')!;
      if (passThroughMethods.has(method)) return this.sourceOf(receiver, depth + 1);
      if (method === 'split' || method === 'splitlines' && !/read/.test(receiver.text)) return small('a list split from a string');
    }
    const name = callee.type === 'attribute' ? field(callee, 'attribute')!.text : callee.text;
    // `get_plugins()`, `load_handlers()`: the words after the verb name configuration.
    if (catalog.nameSays('configCollectionName', name)) return small(`\`${name}\` returns configuration`);
    const part = this.stateOfAPart(call, callee);
    if (part) return small(part);
    const lookup = this.lookupOfConfiguration(call, callee, args, depth);
    if (lookup) return small(lookup);
    return data(call, `from \`${shortText(call)}\``);
  }
}

/** What a compound name counts, when it is configuration: `platform_names`, `plugin_ids` name platforms and plugins
 * (the generic `names`, `ids`, `keys` say only how each is written down), `host_names` names hosts, data. */
function countedThing(name: string): string | undefined {
  const match = /^(?:.*_)?([a-z0-9]+?)_(names|ids|keys)$/i.exec(name);
  if (!match) return undefined;
  const plural = /s$/.test(match[1]) ? match[1] : `${match[1]}s`;
  return catalog.nameSays('configCollectionName', plural) && !catalog.nameSays('dataCollectionName', plural) ? plural : undefined;
}

/** `await x.f()`, `async for item in x.f()`: the value comes through the event loop, from outside the process. */
function isAwaitedOrIterated(call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'await') return true;
  return (parent?.type === 'for_statement' || parent?.type === 'for_in_clause') && parent.child(0)?.type === 'async';
}

/** `session`, `inflight_out` of `self.session.inflight_out`: the names of a part of the object, or none when the chain
 * does not start at `self` (or `cls`) or names no part. */
function partsFromSelf(attribute: Node): string[] | undefined {
  const parts: string[] = [];
  let node = unwrap(attribute);
  while (node.type === 'attribute') {
    parts.unshift(field(node, 'attribute')!.text);
    node = unwrap(field(node, 'object')!);
  }
  return node.type === 'identifier' && /^(self|cls)$/.test(node.text) && parts.length > 0 ? parts : undefined;
}

/** A name that says data (`urls`) or a connection to something outside (`s3_client`, `session`... of the I/O hints). */
function saysDataOrIo(name: string): boolean {
  return catalog.nameSays('dataCollectionName', name) || catalog.nameSays('ioReceiverName', name) || catalog.nameSays('ioClientName', name);
}
