/**
 * What one Python task does, for the `recommended` level: the first call in it that reaches an external resource (a
 * catalogue I/O call, a call on a client or session, a call whose name says so, or a function or method of this file
 * that makes one), and whether a bound the shape analysis does not know runs it (a semaphore passed in, an executor).
 */
import type { Node } from 'web-tree-sitter';
import { pythonCatalog as catalog, words } from '../../semantics/catalog';
import { PythonNames } from '../../semantics/pythonNames';
import { field, namedChildren, SyntaxIndex, unwrap, walk } from '../../syntax';
import { PythonScopes } from '../pythonScopes';
import { TaskWork } from './types';

const maxDepth = 5;
/** Methods that dictionaries, lists and caches have too: on a receiver only named like a client, they say nothing. */
const containerMethod = /^(get|set|list|open|find|search|call|run|update|delete|remove|create|add|scan|resolve|lookup|read|write|copy|move|stat|exec|has|keys|values|items|pop|push|append)$/;
/** Ending work that exists (closing a connection one holds, cancelling a task) is not starting any. */
const teardownMethod = /^(close|aclose|wait_closed|disconnect|stop|shutdown|terminate|kill|cancel|unsubscribe|cleanup|release|put_nowait|set|set_result|set_exception|emit|dispatch|notify_all|log|debug|info|warning|error)$/;
/** Calls that run a function they are given (with its arguments): the function is the work. */
const functionRunners = /^(start_soon|start|partial|spawn|call_soon|call_later|run_sync|to_thread)$/;
/** File operations that only read or prepare: local work the OS absorbs. */
const localFileRead = /^(read|stat|lstat|exists|is_|isfile|isdir|listdir|scandir|iterdir|glob|rglob|makedirs|mkdir|open|realpath|access)/;
/** A limiter handed to each task, named for what it is (`sem`, `limiter`, `self._semaphore`). */
const passedLimiterName = /(^|_)(sem|sema|semaphore|limit|limiter|throttle|throttler|lock|mutex|capacity_limiter|rate_limiter)$/;

export class PythonTaskWork {
  constructor(private readonly index: SyntaxIndex, private readonly scopes: PythonScopes, private readonly names: PythonNames) {}

  workOf(tasks: readonly Node[]): TaskWork | undefined {
    for (const task of tasks) {
      const work = this.workOfNode(task, 0, new Set());
      if (work) return work;
    }
    return undefined;
  }

  /** A bound the shape analysis does not see: a limiter passed to the task, an executor running it. */
  boundOf(tasks: readonly Node[]): string | undefined {
    for (const task of tasks) {
      let bound: string | undefined;
      walk(unwrap(task), node => {
        if (bound) return false;
        if (node.type !== 'call') return true;
        const callee = field(node, 'function');
        const qualified = callee && this.names.qualifiedName(callee);
        const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text ?? '' : callee?.text ?? '';
        if (catalog.withRole(qualified, 'executorSubmit') || method === 'run_in_executor' || method === 'submit') bound = `\`${method}\` runs each task in a pool`;
        for (const arg of namedChildren(field(node, 'arguments') ?? node)) {
          const value = arg.type === 'keyword_argument' ? field(arg, 'value') : arg;
          const name = value && lastName(value);
          if (name && passedLimiterName.test(words(name))) bound = `\`${value!.text}\` is passed to each task`;
        }
        return true;
      });
      if (bound) return bound;
    }
    return undefined;
  }

  private workOfNode(task: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    const node = unwrap(task);
    if (depth > maxDepth || seen.has(node.id)) return undefined;
    seen.add(node.id);
    if (node.type === 'function_definition') return this.workInBody(field(node, 'body') ?? node, depth, seen);
    if (node.type === 'identifier' || node.type === 'attribute') {
      const definition = this.functionNamed(node);
      if (definition) return this.workOfNode(definition, depth + 1, seen);
      return this.judgeCallee(node, node);
    }
    return this.workInBody(node, depth, seen);
  }

  private workInBody(node: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    let work: TaskWork | undefined;
    walk(node, child => {
      if (work) return false;
      if (child.type === 'call') {
        const callee = field(child, 'function');
        if (callee) {
          // A function of this file is judged by what it does, not by its name.
          const definition = this.functionNamed(callee);
          if (definition) work = seen.has(definition.id) ? undefined : this.workOfNode(definition, depth + 1, seen);
          else work = this.judgeCallee(callee, child);
          // `functools.partial(fetch, url)`, `tg.start_soon(download, url)`: the function passed runs.
          if (!work && functionRunners.test(lastName(callee) ?? '')) {
            for (const arg of namedChildren(field(child, 'arguments') ?? child)) {
              if (arg.type !== 'identifier' && arg.type !== 'attribute') continue;
              const passed = this.functionNamed(arg);
              if (passed) work = seen.has(passed.id) ? undefined : this.workOfNode(passed, depth + 1, seen);
              else if (arg.type === 'attribute') work = this.judgeCallee(arg, arg); // `start_soon(client.get, url)`
              if (work) break;
            }
          }
        }
      }
      return true;
    });
    return work;
  }

  private judgeCallee(callee: Node, call: Node): TaskWork | undefined {
    const work = this.externalCall(callee, call);
    if (!work || work.resource === 'process' || work.resource === 'network' || work.resource === 'database') return work;
    const method = lastName(callee) ?? '';
    const local = work.resource === 'file' || receiverNames(callee).some(name => /^(os|os_path|path|pathlib|aiofiles|aiofiles_os|shutil)$/.test(words(name)));
    return local && localFileRead.test(words(method)) ? undefined : work;
  }

  private externalCall(callee: Node, call: Node): TaskWork | undefined {
    const node = unwrap(callee);
    const written = node.text.replace(/\s+/g, '');
    const method = lastName(node);
    if (!method || teardownMethod.test(method)) return undefined;
    const qualified = this.names.qualifiedName(node);
    if (qualified) {
      const entry = catalog.entry(qualified);
      if (entry?.role === 'io') return { call, callee: written, resource: entry.resource ?? 'external' };
      if (entry?.role === 'source' && entry.alsoIo) return { call, callee: written, resource: entry.alsoIo };
      if (/^(subprocess|asyncio\.subprocess)\./.test(qualified)) return { call, callee: written, resource: 'process' };
    }
    if (node.type === 'attribute') {
      const chain = receiverNames(node);
      if (chain.some(name => catalog.nameSays('ioClientName', name))) return { call, callee: written, resource: 'external' };
      if (chain.some(name => catalog.nameSays('ioReceiverName', name)) && catalog.nameSays('ioMethodName', method) && !containerMethod.test(method)) return { call, callee: written, resource: 'external' };
    }
    if (catalog.nameSays('ioFunctionName', method)) return { call, callee: written, resource: 'external' };
    // Imported (or, unbound, from a star import): a function of another module, named for what it does.
    const fromModule = qualified !== undefined ? !qualified.startsWith('builtins.') : node.type === 'identifier' && !this.scopes.lookup(node.text, node);
    if (fromModule && catalog.nameSays('ioVerbName', method)) return { call, callee: written, resource: 'external' };
    return undefined;
  }

  /** The `def` a callee names: a function in scope, or `self.method` / `cls.method` of the enclosing class. */
  functionNamed(callee: Node): Node | undefined {
    const node = unwrap(callee);
    if (node.type === 'identifier') {
      const binding = this.scopes.lookup(node.text, node);
      return binding?.kind === 'function' ? binding.node : undefined;
    }
    if (node.type === 'attribute' && /^(self|cls)$/.test(field(node, 'object')?.text ?? '')) {
      const name = field(node, 'attribute')!.text;
      let classDefinition: Node | undefined = this.index.parent(node);
      while (classDefinition && classDefinition.type !== 'class_definition') classDefinition = this.index.parent(classDefinition);
      const definition = classDefinition && this.scopes.bindingsNamed(classDefinition, name).find(binding => binding.kind === 'function');
      return definition?.node;
    }
    return undefined;
  }
}

/** `self.session.get` → `session`; `client.repos.create` → `client`, `repos`. */
function receiverNames(callee: Node): string[] {
  const names: string[] = [];
  let node: Node | undefined = unwrap(callee).type === 'attribute' ? field(unwrap(callee), 'object') : undefined;
  while (node) {
    node = unwrap(node);
    if (node.type === 'identifier') {
      names.unshift(node.text);
      break;
    }
    if (node.type === 'attribute') {
      names.unshift(field(node, 'attribute')!.text);
      node = field(node, 'object');
      continue;
    }
    if (node.type === 'subscript') {
      node = field(node, 'value');
      continue;
    }
    if (node.type === 'call') {
      // `self.rpc(addr).profile()`, `client.get(url).json()`: a call's result is a value of its own, unless it is a
      // factory of connections (`self.rpc(addr)`, `get_client()`), which keeps its name.
      const fn = field(node, 'function');
      const name = fn && lastName(fn);
      if (!name || !catalog.nameSays('ioClientName', name) && !catalog.nameSays('ioReceiverName', name)) break;
      node = fn;
      continue;
    }
    break;
  }
  return names.filter(name => name !== 'self' && name !== 'cls');
}

export function lastName(node: Node): string | undefined {
  const value = unwrap(node);
  if (value.type === 'identifier') return value.text;
  if (value.type === 'attribute') return field(value, 'attribute')?.text;
  return undefined;
}
