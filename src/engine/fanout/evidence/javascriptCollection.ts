/**
 * Where a JavaScript/TypeScript fan-out's collection comes from, for the `recommended` level: data read at run time
 * (an awaited call, a catalogue source such as a glob, a query, a parameter or field holding data), or something small
 * by design (configuration, plugins, platforms, a count of workers, a chunk), which is not reported.
 */
import type { Node } from 'web-tree-sitter';
import { javascriptCatalog as catalog, words } from '../../semantics/catalog';
import { JavaScriptNames } from '../../semantics/javascriptNames';
import { field, namedChildren, shortText, unwrap, walk } from '../../syntax';
import { functionTypes, JavaScriptScopes } from '../javascriptScopes';
import { CollectionVerdict, data, small } from './collectionVerdict';
import { javascriptLengthChecks, lengthCap } from './lengthCap';
import { destructuredValue, enclosingClassBody, isAsync, JavaScriptFunctions } from './javascriptFunctions';

const maxDepth = 8;

export class JavaScriptCollections {
  private readonly functions: JavaScriptFunctions;

  constructor(private readonly scopes: JavaScriptScopes, private readonly names: JavaScriptNames) {
    this.functions = new JavaScriptFunctions(scopes);
  }

  sourceOf(collection: Node, depth = 0): CollectionVerdict {
    const node = unwrap(collection);
    if (depth > maxDepth) return small('followed too far');
    const named = this.byName(node);
    if (named) return named;
    switch (node.type) {
      case 'identifier':
        return this.sourceOfName(node, depth);
      case 'member_expression': {
        const property = field(node, 'property')?.text ?? '';
        const object = unwrap(field(node, 'object')!);
        // `context.backendLocations`, `this.options`, `this.config.repos`: a part of the configuration.
        // The parsed command line (`args.repositories`) holds what the user asked for: data, not configuration.
        const configRoot = memberChain(node).find(isConfigurationName);
        if (configRoot) return small(`\`${shortText(node)}\` is part of \`${configRoot}\``);
        if (object.type === 'this') return kept(node, property) ?? data(node, `the field \`${property}\``);
        // `docker.REGISTRY_DOMAINS`: a value another module exports, written in its code.
        if (this.isModuleObject(object)) return small(`\`${shortText(node)}\` is a constant of another module`);
        const inner = this.sourceOf(object, depth + 1);
        return inner.kind === 'data' ? data(inner.source.node, inner.source.description) : data(node, `\`${shortText(node)}\``);
      }
      case 'subscript_expression':
        return this.sourceOf(field(node, 'object')!, depth + 1);
      case 'await_expression': {
        const inner = namedChildren(node)[0];
        const verdict = inner ? this.sourceOf(inner, depth + 1) : undefined;
        if (verdict?.kind === 'small') return verdict;
        return data(node, `from \`${shortText(node)}\``);
      }
      case 'call_expression':
        return this.sourceOfCall(node, depth);
      case 'new_expression': {
        const args = namedChildren(field(node, 'arguments') ?? node).filter(arg => arg.type !== 'comment');
        return args[0] ? this.sourceOf(args[0], depth + 1) : small('an empty collection');
      }
      case 'object':
      case 'array': {
        // `[...found, ...more]`, `{ ...manifest, ...prerendered }`: the data is what is spread in.
        const spreads = namedChildren(node).filter(element => element.type === 'spread_element');
        const verdicts = spreads.map(spread => this.sourceOf(namedChildren(spread)[0] ?? spread, depth + 1));
        return verdicts.find(verdict => verdict.kind === 'data') ?? small('a list written out');
      }
      case 'ternary_expression':
      case 'binary_expression': {
        const parts = [field(node, 'consequence') ?? field(node, 'left'), field(node, 'alternative') ?? field(node, 'right')].filter((n): n is Node => !!n);
        return parts.map(part => this.sourceOf(part, depth + 1)).find(verdict => verdict.kind === 'data') ?? small('small branches');
      }
      default:
        return small(`not data (${node.type})`);
    }
  }

  /**
   * Whether a collection evidently holds many files: a glob or a directory listing made it, or a value along the way
   * is named for files, pages or routes (`routesToCopy`, `files.entries()`, `mapEntry._pages`). What a call is named
   * for does not count (`getProductionDistDirFiles()` says what the function does); its receiver and arguments do.
   * Writing one file per element of anything else (each package of a workspace, an app's file associations) touches
   * as many files as there are of those things: a few.
   */
  listsFiles(collection: Node, depth = 0, seen = new Set<number>()): boolean {
    const node = unwrap(collection);
    if (depth > maxDepth || seen.has(node.id)) return false;
    seen.add(node.id);
    if (functionTypes.has(node.type)) return false;
    switch (node.type) {
      case 'call_expression':
      case 'new_expression': {
        const callee = unwrap(field(node, node.type === 'call_expression' ? 'function' : 'constructor') ?? node);
        const source = catalog.withRole(this.names.qualifiedName(callee), 'source');
        if (source) return !source.pattern || !findsVariantsOfOneFile(namedChildren(field(node, 'arguments') ?? node)[source.pattern.argument ?? 0]);
        const receiver = callee.type === 'member_expression' ? field(callee, 'object') : undefined;
        const args = namedChildren(field(node, 'arguments') ?? node);
        return [receiver, ...args].some(part => !!part && this.listsFiles(part, depth + 1, seen));
      }
      case 'identifier': {
        if (catalog.nameSays('fileCollectionName', node.text)) return true;
        const binding = this.scopes.lookup(node.text, node);
        const value = binding?.kind === 'variable' ? binding.value : binding?.kind === 'opaque' ? destructuredValue(binding.node) : binding?.kind === 'loopVariable' ? binding.iterable : undefined;
        return !!value && this.listsFiles(value, depth + 1, seen);
      }
      case 'member_expression':
        return catalog.nameSays('fileCollectionName', field(node, 'property')?.text ?? '') || this.listsFiles(field(node, 'object')!, depth + 1, seen);
      default:
        return namedChildren(node).some(child => this.listsFiles(child, depth + 1, seen));
    }
  }

  /** Names that say what a collection holds: configuration is small by design; chunks were made on purpose. */
  private byName(node: Node): CollectionVerdict | undefined {
    const name = node.type === 'identifier' ? node.text : node.type === 'member_expression' ? field(node, 'property')?.text : undefined;
    if (!name) return undefined;
    // `SUPPORTED_PLATFORMS`, `DEFAULT_REGIONS`: a constant, written out where it is defined.
    if (/[A-Z]/.test(name) && name === name.toUpperCase() && name.length > 1) return small(`\`${name}\` is a constant`);
    if (catalog.nameSays('configCollectionName', name) && !catalog.nameSays('dataCollectionName', name)) return small(`\`${name}\` names configuration or tasks`);
    return undefined;
  }

  private sourceOfName(node: Node, depth: number): CollectionVerdict {
    const binding = this.scopes.lookup(node.text, node);
    if (!binding) return small('a global');
    const cap = lengthCap(node, javascriptLengthChecks);
    if (cap) return small(cap);
    switch (binding.kind) {
      case 'variable': {
        if (!binding.value) return data(binding.node, `\`${node.text}\``);
        const verdict = this.sourceOf(binding.value, depth + 1);
        if (verdict.kind === 'small' && binding.declarationKind !== 'const' && /^(array|new_expression)$/.test(unwrap(binding.value).type)) {
          // `let found = []` filled later: what fills it is data.
          return data(binding.node, `\`${node.text}\`, filled at run time`);
        }
        return verdict;
      }
      case 'opaque': {
        // `const { milestones } = this.options`: a part of what is destructured.
        const whole = destructuredValue(binding.node);
        if (whole) {
          const verdict = this.sourceOf(whole, depth + 1);
          return verdict.kind === 'small' ? verdict : data(binding.node, `\`${node.text}\` of \`${shortText(whole)}\``);
        }
        return data(binding.node, `the parameter \`${node.text}\``);
      }
      case 'parameter':
        return data(binding.node, `the parameter \`${node.text}\``);
      case 'loopVariable':
        return this.sourceOf(binding.iterable, depth + 1);
      case 'import':
        return small('an imported constant');
      default:
        return small('a function');
    }
  }

  /**
   * What a synchronous function of this file returns (`this.getMilestones()`, `activeSecrets(spec)`), when it is
   * small by design: then so is its result. An async one reads its result at run time: that is data.
   */
  private returnedBy(callee: Node, depth: number): CollectionVerdict | undefined {
    const fn = this.functions.functionNamed(callee);
    if (!fn || isAsync(fn)) return undefined;
    const values = returnedValues(fn);
    if (values.length === 0) return undefined;
    const verdicts = values.map(value => this.sourceOf(value, depth + 1));
    return verdicts.every(verdict => verdict.kind === 'small') ? small(`\`${shortText(callee)}\` returns a small collection`) : undefined;
  }

  /** A module object: an import (`import * as docker`) or a `require(...)`d one (`const docker = require(...)`). */
  private isModuleObject(node: Node): boolean {
    if (node.type !== 'identifier') return false;
    const binding = this.scopes.lookup(node.text, node);
    if (binding?.kind === 'import') return true;
    if (binding?.kind !== 'variable' || !binding.value) return false;
    const value = unwrap(binding.value);
    return value.type === 'call_expression' && catalog.nameSays('moduleLoaderName', unwrap(field(value, 'function') ?? value).text);
  }

  private sourceOfCall(call: Node, depth: number): CollectionVerdict {
    const callee = unwrap(field(call, 'function') ?? call);
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
    const qualified = this.names.qualifiedName(callee);
    const entry = catalog.withRole(qualified, 'source');
    if (entry) return data(call, `${entry.what ?? 'data'} from \`${shortText(call)}\``);
    if (catalog.nameSays('moduleLoaderName', callee.text)) return small('a module');
    // `chunk(packages, 300)`: one task per chunk is a number of tasks the code chose, each taking many elements.
    if (chunkerCall(call, this.names)) return small(`\`${shortText(call)}\` makes chunks`);
    // `this.getMilestones()` of this class, computed from what it holds: what it returns decides.
    const returned = this.returnedBy(callee, depth);
    if (returned) return returned;
    if (callee.type === 'member_expression') {
      const method = field(callee, 'property')?.text ?? '';
      const receiver = field(callee, 'object')!;
      // `await config.ui.getAdditionalFiles()`, `this.options.getPresets()`: what a function of the configuration hands
      // back is configured too. A client kept in it (`this.config.client.listRepos()`) still reads data.
      const receiverNames = memberChain(receiver);
      const configRoot = receiverNames.find(name => catalog.nameSays('configObjectName', name));
      if (configRoot && !receiverNames.some(name => catalog.nameSays('ioClientName', name))) {
        return small(`\`${shortText(call)}\` is a function of \`${configRoot}\``);
      }
      if (['Object', 'Array'].includes(receiver.text) && ['keys', 'values', 'entries', 'from'].includes(method) && args[0]) {
        if (unwrap(args[0]).type === 'object') return small('a count');
        return this.sourceOf(args[0], depth + 1);
      }
      // Methods whose result holds the receiver's elements, or some of them: the data comes from the receiver.
      if (catalog.nameSays('passThroughMethodName', method)) return this.sourceOf(receiver, depth + 1);
      // `secretNames.split(',')`: names typed on a command line or in a setting, a few.
      if (method === 'split') return small('a list split from a string');
    }
    if (callee.type === 'identifier' && (callee.text === 'Array') && args.length === 1) return small('a count');
    const name = callee.type === 'member_expression' ? field(callee, 'property')?.text ?? '' : callee.text;
    if (returnsConfiguration(name)) return small(`\`${name}\` returns configuration`);
    return data(call, `from \`${shortText(call)}\``);
  }
}

/** A call that splits a collection into chunks: its collection and the chunk size, as written. */
export interface ChunkerCall {
  collection?: Node;
  size?: Node;
}

/**
 * `_.chunk(ids, 10)`, `splitEvery(10, ids)` (the catalogue's chunkers), or a project's own helper named like one
 * (`(0, _array.chunk)(names, 300)`, read with the collection first and the size second).
 */
export function chunkerCall(call: Node, names: JavaScriptNames): ChunkerCall | undefined {
  if (call.type !== 'call_expression') return undefined;
  const callee = unwrap(field(call, 'function') ?? call);
  const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
  const spec = catalog.withRole(names.qualifiedName(callee), 'chunker')?.chunkSize;
  const sizeAt = spec ? spec.argument ?? 1 : catalog.nameSays('chunkerName', lastCalleeName(callee)) ? 1 : undefined;
  if (sizeAt === undefined) return undefined;
  return { collection: args.find((_, index) => index !== sizeAt), size: args[sizeAt] };
}

/** The name a callee ends with: `chunk` of `chunk`, `_.chunk` and `(0, _array.chunk)`. */
function lastCalleeName(callee: Node): string {
  const node = callee.type === 'sequence_expression' ? unwrap(namedChildren(callee).at(-1) ?? callee) : callee;
  if (node.type === 'member_expression') return field(node, 'property')?.text ?? '';
  return node.type === 'identifier' ? node.text : '';
}

/**
 * Whether a glob's pattern, as written, finds the variants of one file (`.env.*`, `getProjectPath('tsconfig.*.json')`):
 * every string in it names, in a folder without wildcards, a file whose name starts with a fixed stem. `*.md`,
 * `packages/*\/package.json` and `src/**\/*.ts` find every file of a kind: many.
 */
function findsVariantsOfOneFile(pattern: Node | undefined): boolean {
  if (!pattern) return false;
  const strings: string[] = [];
  walk(pattern, node => {
    if (node.type === 'string' || node.type === 'template_string') {
      strings.push(node.text.slice(1, -1));
      return false;
    }
    return true;
  });
  return strings.length > 0 && strings.every(text => {
    const parts = text.split('/');
    const name = parts.pop() ?? '';
    return parts.every(part => !/[*?[{]/.test(part)) && /^[\w.-]/.test(name);
  });
}

/**
 * A field of the class around `node` that holds what the object keeps, as Python's attributes are read: its name
 * does not say data, and the class only ever gives it an empty collection, which it then fills an entry at a time
 * (`this._knownTabs.set(tab.id, tab)`, `this.databases[url] = db`, `this.#states.push(state)`): a registry of the
 * things the object opened or was handed, one per key as each came. A field the class sets from anything else
 * (`this.updates = collectUpdates(...)`, a parameter, an awaited call) is data, as is a field outside a class.
 */
function kept(node: Node, property: string): CollectionVerdict | undefined {
  if (catalog.nameSays('dataCollectionName', property)) return undefined;
  // An entry of the registry (`this.wantDynamic[codebase]`) is what was put there, which can be data: only the
  // registry itself, its keys or its values, are what the object keeps.
  if (node.parent?.type === 'subscript_expression' && field(node.parent, 'object')?.id === node.id) return undefined;
  const body = enclosingClassBody(node);
  if (!body) return undefined;
  const text = body.text;
  let values = 0;
  for (const [, name, value] of text.matchAll(fieldAssignment)) {
    if (name !== property) continue;
    values++;
    if (!emptyCollection.test(value.trim())) return undefined;
  }
  if (values === 0) return undefined;
  const filled = [...text.matchAll(fieldEntryWrite)].some(([, name]) => name === property);
  return filled ? small(`\`this.${property}\` is filled an entry at a time: what the object keeps`) : undefined;
}

/**
 * `this.tabs = new Map()`, or a field declared with its first value (`#states: State[] = []`, `private x = {}`);
 * the name, then the value up to the line's end. A local variable set at the start of a line is taken for a field
 * too: then the field is read as data, as before.
 */
const fieldAssignment = /(?:\bthis\.|^[ \t]*(?:(?:private|protected|public|readonly|static|declare|override)\s+)*)(#?[\w$]+)\s*(?::[^=;\n]*)?=(?![=>])\s*([^;\n]*)/gm;
/** An entry written into a field: `this.tabs.set(`, `this.states.push(`, `this.seen.add(`, `this.databases[url] =`. */
const fieldEntryWrite = /\bthis\.(#?[\w$]+)\s*(?:\.(?:set|push|add)\s*\(|\[[^\]\n]+\]\s*=(?![=>]))/g;

/** An empty collection written out, as a field's first value: `{}`, `[]`, `new Map()`, `Object.create(null)`. */
const emptyCollection = /^(?:\/\*[^*]*\*\/\s*)?(?:\{\s*\}|\[\s*\]|new\s+(?:Map|Set|WeakMap)\s*(?:<[^>]*>)?\s*\(\s*\)|Object\.create\(\s*null\s*\)|null|undefined)\s*[,;)]?$/;

/** The expressions a function returns: an arrow's body, or each `return`'s value outside nested functions. */
function returnedValues(fn: Node): Node[] {
  const body = field(fn, 'body');
  if (!body) return [];
  if (body.type !== 'statement_block') return [body];
  const values: Node[] = [];
  walk(body, node => {
    if (node.id !== body.id && functionTypes.has(node.type)) return false;
    if (node.type === 'return_statement' && namedChildren(node)[0]) values.push(namedChildren(node)[0]);
    return true;
  });
  return values;
}

/** A name for configuration, not for data or for the parsed command line (`args.repositories` is what was asked). */
function isConfigurationName(name: string): boolean {
  return catalog.nameSays('configCollectionName', name) && !catalog.nameSays('dataCollectionName', name) && !catalog.nameSays('commandLineName', name);
}

/** The names along a member chain, outermost object first: `this.config.repos` → `config`, `repos`. */
function memberChain(node: Node): string[] {
  const names: string[] = [];
  let current: Node | undefined = node;
  while (current?.type === 'member_expression' || current?.type === 'subscript_expression') {
    const property = current.type === 'member_expression' ? field(current, 'property')?.text : undefined;
    if (property) names.unshift(property);
    current = unwrap(field(current, 'object')!);
  }
  if (current?.type === 'identifier') names.unshift(current.text);
  return names;
}

/** `getPlugins`, `loadSettings`, `listProviders`: a getter of configuration (the verb, then what it returns). */
function returnsConfiguration(name: string): boolean {
  const [verb, ...rest] = words(name).split('_');
  const what = catalog.nameSays('getterVerbName', verb) ? rest.join('_') : words(name);
  return what !== '' && catalog.nameSays('configCollectionName', what);
}
