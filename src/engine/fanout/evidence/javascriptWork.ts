/**
 * What one JavaScript/TypeScript task does, for the `recommended` level: the first call in it that reaches an external
 * resource (a catalogue I/O call, a call on a client, a call whose name says so, or a function of this file that
 * makes one), and whether a bound the shape analysis does not know runs the task (a limiter passed in, a queue's
 * `add`, a worker pool's `submit`).
 */
import type { Node } from 'web-tree-sitter';
import { javascriptCatalog as catalog, words } from '../../semantics/catalog';
import { JavaScriptNames } from '../../semantics/javascriptNames';
import { field, namedChildren, unwrap, walk } from '../../syntax';
import { functionTypes, JavaScriptScopes } from '../javascriptScopes';
import { TaskWork } from './types';

const maxDepth = 5;
/** Methods that dictionaries, lists and caches have too: on a receiver only named like a client, they say nothing. */
const containerMethod = /^(get|set|list|open|find|search|call|run|update|delete|remove|create|add|scan|resolve|lookup|read|write|copy|move|stat|exec|has|keys|values|items|pop|push|append)$/;
/** File operations that only read or prepare (a directory): local work the OS absorbs. */
const localFileRead = /^(read|stat|lstat|access|exists|path_exists|realpath|readlink|readdir|opendir|mkdir|mkdirp|ensure_dir|ensure_file|is_|open|create_read_stream|glob)/;
/** A limiter handed to each task is named for what it is, as the last word of its name (`sem`, `uploadLimit`). */
const passedLimiterName = /(^|_)(sem|sema|semaphore|limit|limiter|throttle|throttler|lock|mutex|bulkhead|queue|pool|capacity_limiter|rate_limiter)$/;
/** Node modules whose every asynchronous function reaches the file system or starts processes. */
const ioModules = /^(fs|fs\/promises|child_process|fs-extra|graceful-fs|execa|dns|dns\/promises|net|tls|http|https|http2)(\.|$)/;
/** Ending work that exists (closing a connection one holds) is not starting any. */
const teardownMethod = /^(close|disconnect|stop|end|dispose|kill|abort|cancel|terminate|shutdown|destroy|unref|removeAllListeners|off|emit)$/;

export class JavaScriptTaskWork {
  constructor(private readonly scopes: JavaScriptScopes, private readonly names: JavaScriptNames) {}

  /** The first external call the tasks make, following functions of this file. */
  workOf(tasks: readonly Node[]): TaskWork | undefined {
    for (const task of tasks) {
      const work = this.workOfTask(task, 0, new Set());
      if (work) return work;
    }
    return undefined;
  }

  /** Why the tasks are bounded after all, when they run through a limiter the shape analysis does not know. */
  boundOf(tasks: readonly Node[]): string | undefined {
    for (const task of tasks) {
      let bound: string | undefined;
      walk(unwrap(task), node => {
        if (bound) return false;
        if (node.type !== 'call_expression') return true;
        const callee = unwrap(field(node, 'function') ?? node);
        // `queue.add(() => ...)`, `pool.submit(...)`, `this.caller.call(...)`: the work runs through a limiter.
        if (callee.type === 'member_expression' && /^(add|addAll|schedule|submit|run|call|wrap|exec|enqueue|push)$/.test(field(callee, 'property')?.text ?? '')) {
          const receiver = lastName(field(callee, 'object')!);
          if (receiver && catalog.nameSays('limiterName', receiver)) bound = `\`${receiver}\` runs each task`;
        }
        // A limiter handed to the task: `fetchOne(id, limit)`.
        for (const arg of namedChildren(field(node, 'arguments') ?? node)) {
          const name = lastName(arg);
          if (name && (arg.type === 'identifier' || arg.type === 'member_expression') && passedLimiterName.test(words(name))) bound = `\`${arg.text}\` is passed to each task`;
        }
        return true;
      });
      if (bound) return bound;
    }
    return undefined;
  }

  private workOfTask(task: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    const node = unwrap(task);
    if (depth > maxDepth || seen.has(node.id)) return undefined;
    seen.add(node.id);
    if (functionTypes.has(node.type)) return this.workInBody(node, depth, seen);
    if (node.type === 'identifier' || node.type === 'member_expression') {
      // A function passed by name: `ids.map(fetchUser)`, `xs.map(client_1.deleteConnector)`.
      const definition = this.functionNamed(node);
      if (definition) return this.workOfTask(definition, depth + 1, seen);
      return this.judgeCallee(node, node);
    }
    return this.workInBody(node, depth, seen);
  }

  /** The first external call anywhere in `node` (nested callbacks included: `.then(() => fetch(x))`). */
  private workInBody(node: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    let work: TaskWork | undefined;
    walk(node, child => {
      if (work) return false;
      if (child.type === 'call_expression' || child.type === 'new_expression') work = this.workOfCall(child, depth, seen);
      return true;
    });
    return work;
  }

  private workOfCall(call: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    const callee = unwrap(field(call, call.type === 'new_expression' ? 'constructor' : 'function') ?? call);
    // A function of this file is judged by what it does, not by its name.
    const definition = this.functionNamed(callee);
    if (definition) return seen.has(definition.id) ? undefined : this.workOfTask(definition, depth + 1, seen);
    return this.judgeCallee(callee, call);
  }

  /**
   * Whether a callee reaches outside: by the catalogue, else by the names of its receiver and method. Reading local
   * files (stat, readFile, readdir, mkdir) is not counted: the OS absorbs it, and maintainers rarely bound it.
   */
  private judgeCallee(callee: Node, call: Node): TaskWork | undefined {
    const work = this.externalCall(callee, call);
    if (!work || work.resource === 'process' || work.resource === 'network') return work;
    const node = callee.type === 'sequence_expression' ? unwrap(namedChildren(callee).at(-1) ?? callee) : callee;
    const method = node.type === 'member_expression' ? field(node, 'property')?.text ?? '' : node.text;
    const local = work.resource === 'file' || receiverNames(node).some(name => /(^|_)(fs|fse|fs_extra|promises|fs_promises|fsp|graceful_fs)(_\d+)?$/.test(words(name)));
    return local && localFileRead.test(words(method)) ? undefined : work;
  }

  private externalCall(callee: Node, call: Node): TaskWork | undefined {
    const node = callee.type === 'sequence_expression' ? unwrap(namedChildren(callee).at(-1) ?? callee) : callee;
    const written = node.text.replace(/\s+/g, '');
    const qualified = this.names.qualifiedName(node);
    const method = node.type === 'member_expression' ? field(node, 'property')?.text ?? '' : node.type === 'identifier' ? node.text : '';
    // `.then`/`.catch` of a promise: the call that made the promise is judged on its own.
    if (!method || teardownMethod.test(method) || /Sync$/.test(method) || /^(then|catch|finally)$/.test(method)) return undefined;
    if (qualified) {
      const entry = catalog.entry(qualified) ?? catalog.entry(qualified.split('.')[0]);
      if (entry?.role === 'io' && (entry.name === qualified || entry.methodsDoIo)) return { call, callee: written, resource: entry.resource ?? 'external' };
      if (entry?.role === 'source' && entry.alsoIo) return { call, callee: written, resource: entry.alsoIo };
      // `runtimeconfig.variables.get(name)` on a module of the project: its API wrappers are named by what they do.
      const last = qualified.split('.').pop() ?? '';
      if (qualified.startsWith('.') && qualified.includes('.', 1) && (catalog.nameSays('ioMethodName', last) || catalog.nameSays('ioVerbName', last))) return { call, callee: written, resource: 'external' };
      if (ioModules.test(qualified)) return { call, callee: written, resource: qualified.startsWith('child_process') || qualified.startsWith('execa') ? 'process' : 'file' };
    }
    if (node.type === 'member_expression') {
      const chain = receiverNames(field(node, 'object')!);
      const imported = chain.length === 1 && /_\d+$|^_/.test(chain[0]); // `(0, client_1.deleteConnector)`: a module's function
      if (!imported && chain.some(name => catalog.nameSays('ioClientName', name))) return { call, callee: written, resource: 'external' };
      if (!imported && chain.some(name => catalog.nameSays('ioReceiverName', name)) && catalog.nameSays('ioMethodName', method) && !containerMethod.test(method)) return { call, callee: written, resource: 'external' };
    }
    if (catalog.nameSays('ioFunctionName', method)) return { call, callee: written, resource: 'external' };
    // `deleteConnector(...)`, `(0, secrets_1.destroySecretVersion)(...)`: a verb on a thing, in another module.
    if (this.isModuleFunction(node) && catalog.nameSays('ioVerbName', method)) return { call, callee: written, resource: 'external' };
    return undefined;
  }

  /** A function of another module: an imported name, or a member of an imported module object. */
  private isModuleFunction(callee: Node): boolean {
    const base = callee.type === 'member_expression' ? unwrap(field(callee, 'object')!) : callee;
    // Utility belts (`_.remove(array, pred)`) change values in memory.
    if (base.type !== 'identifier' || /^(_|lodash|underscore|R|ramda|fp|immutable|Immutable)$/.test(base.text)) return false;
    const binding = this.scopes.lookup(base.text, base);
    if (binding?.kind === 'import') return true;
    if (callee.type === 'identifier') return !binding;
    return binding?.kind === 'variable' && !!binding.value && /^(require|__importStar|__importDefault|_interopRequire\w*)$/.test(field(unwrap(binding.value), 'function')?.text ?? '');
  }

  /** A function of this file a callee names: a declaration, a const holding one, or `this.method` of the class. */
  private functionNamed(callee: Node): Node | undefined {
    if (callee.type === 'identifier') {
      const binding = this.scopes.lookup(callee.text, callee);
      if (binding?.kind === 'function') return binding.node;
      if (binding?.kind === 'variable' && binding.value && functionTypes.has(unwrap(binding.value).type)) return unwrap(binding.value);
      return undefined;
    }
    if (callee.type === 'member_expression' && field(callee, 'object')?.type === 'this') {
      const name = field(callee, 'property')?.text;
      let classBody: Node | null = callee.parent;
      while (classBody && classBody.type !== 'class_body') classBody = classBody.parent;
      const method = classBody && namedChildren(classBody).find(member => member.type === 'method_definition' && field(member, 'name')?.text === name);
      return method ?? undefined;
    }
    return undefined;
  }
}

/** The names along a receiver chain: `this.client.repos` → `client`, `repos`. */
function receiverNames(receiver: Node): string[] {
  const names: string[] = [];
  let node: Node | undefined = unwrap(receiver);
  while (node) {
    if (node.type === 'identifier' || node.type === 'property_identifier') {
      names.unshift(node.text);
      break;
    }
    if (node.type === 'member_expression') {
      const property = field(node, 'property');
      if (property) names.unshift(property.text);
      node = field(node, 'object');
      continue;
    }
    if (node.type === 'call_expression') {
      // `_fs().default.promises`: Babel's lazy require, named after the module. Any other call's result is a value
      // of its own: `fs.readFileSync(p).toString()` is not a call on `fs`.
      const fn = field(node, 'function');
      if (fn?.type === 'identifier' && fn.text.startsWith('_') && namedChildren(field(node, 'arguments') ?? node).length === 0) {
        node = fn;
        continue;
      }
      break;
    }
    break;
  }
  return names.filter(name => name !== 'default' && name !== 'this');
}

/** The last name of a name or member chain (`this.queue` → `queue`). */
export function lastName(node: Node): string | undefined {
  const value = unwrap(node);
  if (value.type === 'identifier' || value.type === 'property_identifier') return value.text;
  if (value.type === 'member_expression') return field(value, 'property')?.text;
  return undefined;
}

