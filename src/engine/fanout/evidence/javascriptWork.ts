/**
 * What one JavaScript/TypeScript task does, for the `recommended` level: the first call in it that reaches an external
 * resource (a catalogue I/O call, a call on a client, a call whose name says so, or a function of this file that
 * makes one), and whether a bound the shape analysis does not know runs the task (a limiter passed in, a queue's
 * `add`, a worker pool's `submit`).
 */
import type { Node } from 'web-tree-sitter';
import { javascriptCatalog as catalog } from '../../semantics/catalog';
import { JavaScriptNames } from '../../semantics/javascriptNames';
import { field, namedChildren, unwrap, walk } from '../../syntax';
import { functionTypes, JavaScriptScopes } from '../javascriptScopes';
import { destructuredValue, enclosingFunction, JavaScriptFunctions } from './javascriptFunctions';
import { TaskWork } from './types';

const maxDepth = 5;

export class JavaScriptTaskWork {
  private readonly functions: JavaScriptFunctions;

  constructor(private readonly scopes: JavaScriptScopes, private readonly names: JavaScriptNames) {
    this.functions = new JavaScriptFunctions(scopes);
  }

  /** Whether the tasks being judged walk a tree: then reading local files counts (see judgeCallee). */
  private recursiveWalk = false;

  /**
   * The first external call the tasks make, following functions of this file; a local file write only when they make
   * no other (a task that writes a file, then uploads it, is judged by the upload).
   */
  workOf(tasks: readonly Node[]): TaskWork | undefined {
    const fanningOut = tasks[0] && enclosingFunction(tasks[0]);
    this.recursiveWalk = !!fanningOut && tasks.some(task => this.reaches(task, fanningOut, 0, new Set()));
    try {
      let local: TaskWork | undefined;
      for (const task of tasks) {
        const work = this.workOfTask(task, 0, new Set());
        if (work && !work.localFile) return work;
        local ??= work;
      }
      return local;
    } finally {
      this.recursiveWalk = false;
    }
  }

  /**
   * `searchQueries(this.client, owner, repo, shas)` whose promises the caller waits on: a function of another module
   * handed an I/O client reaches outside through it (calls into other modules are known by names only, and the
   * client's name says it). The argument it is handed, for the message; undefined for a function of this file, which
   * is judged by its body.
   */
  clientHandedTo(call: Node): { work: TaskWork; client: Node } | undefined {
    const callee = unwrap(field(call, 'function') ?? call);
    if (this.functions.functionNamed(callee)) return undefined;
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
    const client = args.find(arg => {
      const name = lastName(arg);
      return !!name && (unwrap(arg).type === 'identifier' || unwrap(arg).type === 'member_expression') && catalog.nameSays('ioClientName', name);
    });
    return client && { work: { call, callee: `${callee.text.replace(/\s+/g, '')}(${client.text}, …)`, resource: 'external' }, client };
  }

  /**
   * Why a task's call on a client is bounded where the client is built, maybe in another module: a plugin of the
   * catalogue queues every request of clients of its class (`octokit.request(...)` when the project depends on
   * `@octokit/plugin-throttling`). The client is known by the class it was made from (`new Octokit(...)`, also a
   * class passed in), or by a name that is the class's (`octokit`). `dependencies` is read only when one may apply.
   */
  clientBoundOf(work: TaskWork, dependencies: () => ReadonlySet<string>): string | undefined {
    const callee = unwrap(field(work.call, 'function') ?? work.call);
    if (callee.type !== 'member_expression') return undefined;
    const client = clientOf(callee);
    if (!client) return undefined;
    const classes = [client.name, this.classOfClient(client.node)].filter((name): name is string => !!name).map(name => name.toLowerCase());
    const plugins = catalog.entriesWithRole('clientPlugin').filter(plugin => plugin.bounds && classes.includes(plugin.bounds.toLowerCase()));
    if (plugins.length === 0) return undefined;
    const installed = dependencies();
    const plugin = plugins.find(candidate => installed.has(candidate.name));
    return plugin && `\`${client.node.text}\` is an ${plugin.bounds} client, whose requests ${plugin.name} (a dependency of the project) queues`;
  }

  /**
   * `strapi.db.query(uid).count(...)`, `pool.query(sql)`, `trx.raw(sql)`: a query sent through a database client runs
   * on its connection or its pool, which queues what it cannot run (knex, pg's Pool, mysql2's pool, an ORM's query
   * runner); a transaction runs its queries one at a time. The client is known by a name along the receiver chain,
   * the query by its method.
   */
  databaseBoundOf(work: TaskWork): string | undefined {
    const callee = unwrap(field(work.call, 'function') ?? work.call);
    if (callee.type !== 'member_expression') return undefined;
    const written = callee.text.replace(/\s+/g, '');
    const method = field(callee, 'property')?.text ?? '';
    // `client.hgetall(key)`, `this.redis.del(key)`, `this.client.del(key)` in a `RedisQueryResultCache`: a Redis
    // client pipelines its commands over its one connection. A Redis-named class says so only of the commands it
    // sends, not of any other work it does (an upload of a dump).
    const command = catalog.nameSays('redisCommandMethodName', method);
    const receiver = receiverNames(field(callee, 'object')!).find(name => catalog.nameSays('redisName', name));
    const ownClass = enclosingClassName(work.call);
    const redisClass = ownClass && catalog.nameSays('redisName', ownClass) && catalog.nameSays('redisClientMethodName', method) ? ownClass : undefined;
    if (command || receiver || redisClass) {
      const named = receiver ?? redisClass;
      return `\`${written}\` is a Redis command${named ? ` (\`${named}\`)` : ''}: the client sends its commands in order over one connection, pipelined`;
    }
    const query = catalog.nameSays('databaseQueryMethodName', method);
    // `this.executeQueries(up, down)`, `this.client.query(sql)` or a query on a request it builds, in an ORM's
    // `MysqlQueryRunner`: the instance holds one connection, which its methods and its queries run on.
    if (ownClass && catalog.nameSays('databaseClassName', ownClass) && (query || chainRoot(callee)?.type === 'this')) {
      return `\`${written.length > 60 ? `${written.slice(0, 57)}…` : written}\` runs on the one database connection of this \`${ownClass}\``;
    }
    if (!query) return undefined;
    // `qb.delete().from(table).where(...).execute()`: a query builder, made by the calls along the chain.
    const root = chainRoot(callee);
    const client = [...receiverNames(field(callee, 'object')!), root?.type === 'identifier' ? root.text : undefined].find(name => !!name && catalog.nameSays('databaseClientName', name));
    return client && `\`${written.length > 60 ? `${written.slice(0, 57)}…` : written}\` runs on the connections of \`${client}\`, whose pool queues the queries it cannot run`;
  }

  /**
   * `session.sendCommand('DOM.resolveNode', ...)`, `cdp.send(...)`, or a function handed the session
   * (`fetchResponseBodyFromCache(session, id)`): commands over one DevTools protocol session travel on its one
   * connection, which the browser serves in order; nothing opens per element.
   */
  protocolSessionBoundOf(work: TaskWork): string | undefined {
    const callee = unwrap(field(work.call, 'function') ?? work.call);
    if (callee.type === 'member_expression') {
      const session = lastName(field(callee, 'object')!);
      const method = field(callee, 'property')?.text ?? '';
      if (session && catalog.nameSays('protocolSessionName', session) && catalog.nameSays('protocolCommandMethodName', method)) {
        return `\`${callee.text.replace(/\s+/g, '')}\` sends a command over the one connection of the protocol session \`${session}\``;
      }
      // `client.send('Page.enable')`, `frame._client().send('Page.removeScriptToEvaluateOnNewDocument', ...)`: the
      // command, written out, is the protocol's; its receiver is a session whatever it is called.
      const command = namedChildren(field(work.call, 'arguments') ?? work.call)[0];
      if (catalog.nameSays('protocolCommandMethodName', method) && command?.type === 'string' && catalog.nameSays('protocolCommandName', command.text.slice(1, -1))) {
        return `\`${callee.text.replace(/\s+/g, '')}\` sends the protocol command ${command.text} over its session's one connection`;
      }
      return undefined;
    }
    const args = namedChildren(field(work.call, 'arguments') ?? work.call);
    const handed = args.map(arg => unwrap(arg)).find(arg => (arg.type === 'identifier' || arg.type === 'member_expression') && catalog.nameSays('protocolSessionName', lastName(arg) ?? ''));
    return handed && `\`${callee.text.replace(/\s+/g, '')}\` is handed the protocol session \`${handed.text}\`, whose one connection carries its commands`;
  }

  /** The last name of the class a variable was made from: `Octokit` of `const octokit = new Octokit(...)`. */
  private classOfClient(node: Node): string | undefined {
    if (node.type !== 'identifier') return undefined;
    const binding = this.scopes.lookup(node.text, node);
    const value = binding?.kind === 'variable' && binding.value ? unwrap(binding.value) : undefined;
    if (value?.type !== 'new_expression') return undefined;
    return lastName(field(value, 'constructor') ?? value);
  }

  /** Whether `node` calls `target`, itself or through functions of this file: a task that fans out again. */
  private reaches(node: Node, target: Node, depth: number, seen: Set<number>): boolean {
    const start = unwrap(node);
    if (depth > maxDepth || seen.has(start.id)) return false;
    seen.add(start.id);
    const named = start.type === 'identifier' || start.type === 'member_expression' ? this.functions.functionNamed(start) : undefined;
    if (named) return named.id === target.id || this.reaches(named, target, depth + 1, seen);
    let found = false;
    walk(start, child => {
      if (found) return false;
      // A callback kept for later (a watcher's, a timer's) runs after this fan-out ended: it does not walk a tree.
      if (child.id !== start.id && functionTypes.has(child.type) && !runsNow(child)) return false;
      if (child.type !== 'call_expression') return true;
      const definition = this.functions.functionNamed(unwrap(field(child, 'function') ?? child));
      if (definition) found = definition.id === target.id || this.reaches(definition, target, depth + 1, seen);
      return true;
    });
    return found;
  }

  /** Why the tasks are bounded after all, when they run through a limiter the shape analysis does not know. */
  boundOf(tasks: readonly Node[]): string | undefined {
    for (const task of tasks) {
      let bound: string | undefined;
      walk(unwrap(task), node => {
        if (bound) return false;
        if (node.type !== 'call_expression') return true;
        // `queue.add(() => ...)`, `pool.submit(...)`, `this.caller.call(...)`: the work runs through a limiter.
        const runner = this.limiterRunning(node);
        if (runner) bound = `\`${runner}\` runs each task`;
        // A limiter handed to the task: `fetchOne(id, limit)`.
        for (const arg of namedChildren(field(node, 'arguments') ?? node)) {
          const name = lastName(arg);
          if (name && (arg.type === 'identifier' || arg.type === 'member_expression') && catalog.nameSays('passedLimiterName', name)) bound = `\`${arg.text}\` is passed to each task`;
        }
        return true;
      });
      if (bound) return bound;
    }
    return undefined;
  }

  /**
   * A hand-made limiter in the code that starts each task: a count of running tasks that goes up and down there and is
   * compared with a limit before a task starts (`if (numOpenFiles < MAX_OPEN_FILES) start(); else pending.push(start)`,
   * `numOpenFiles++` when one starts, `numOpenFiles--` when it ends). A count that only goes up (a loop index, a tally
   * of finished tasks) limits nothing.
   */
  handMadeLimiterIn(regions: readonly Node[]): string | undefined {
    for (const region of regions) {
      const raised = new Set<string>();
      const lowered = new Set<string>();
      const compared: string[] = [];
      walk(region, node => {
        if (node.type === 'update_expression') {
          const counter = field(node, 'argument')?.text;
          if (counter) (node.text.includes('++') ? raised : lowered).add(counter);
        } else if (node.type === 'augmented_assignment_expression') {
          const operator = field(node, 'operator')?.text;
          const counter = field(node, 'left')?.text;
          if (counter && (operator === '+=' || operator === '-=')) (operator === '+=' ? raised : lowered).add(counter);
        } else if (node.type === 'binary_expression' && /^(<|<=|>|>=)$/.test(field(node, 'operator')?.text ?? '')) {
          for (const side of [field(node, 'left'), field(node, 'right')]) if (side) compared.push(unwrap(side).text);
        }
        return true;
      });
      const counter = compared.find(name => raised.has(name) && lowered.has(name));
      if (counter) return `\`${counter}\` counts the running tasks against a limit`;
    }
    return undefined;
  }

  /**
   * `query.meta.map(metaVal => { if (metaVal === 'total_count') return this.totalCount(); if (...) })`: each task calls
   * out only in branches that compare its element with a value written in the code (`if`/`else if`, `switch` cases),
   * so the elements that do work are kinds the code names, a few. The comparison, for the reason.
   */
  dispatchOn(tasks: readonly Node[]): string | undefined {
    let shown: string | undefined;
    for (const task of tasks) {
      const fn = unwrap(task);
      if (!functionTypes.has(fn.type)) return undefined;
      const parameters = field(fn, 'parameters') ?? field(fn, 'parameter');
      const first = parameters?.type === 'identifier' ? parameters : parameters && namedChildren(parameters)[0];
      const element = first && (first.type === 'identifier' ? first : field(first, 'pattern'));
      const body = field(fn, 'body');
      if (element?.type !== 'identifier' || !body) return undefined;
      const calls = body.type === 'call_expression' ? [body] : body.descendantsOfType(['call_expression', 'new_expression']).filter((call): call is Node => !!call);
      if (calls.length === 0) return undefined;
      for (const call of calls) {
        const guard = dispatchGuard(call, element.text, body);
        if (!guard) return undefined;
        shown ??= guard;
      }
    }
    return shown && `each task calls out only where its element equals a value written in the code (\`${shown}\`)`;
  }

  private workOfTask(task: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    const node = unwrap(task);
    if (depth > maxDepth || seen.has(node.id)) return undefined;
    seen.add(node.id);
    if (functionTypes.has(node.type)) return this.workInBody(node, depth, seen);
    // `files.map(this.readOne.bind(this))`: the task is the function bound.
    const bound = boundFunction(node);
    if (bound) return this.workOfTask(bound, depth, seen);
    if (node.type === 'identifier' || node.type === 'member_expression') {
      // A function passed by name: `ids.map(fetchUser)`, `xs.map(client_1.deleteConnector)`.
      const definition = this.functions.functionNamed(node);
      if (definition) return this.workOfTask(definition, depth + 1, seen);
      return this.judgeCallee(node, node);
    }
    return this.workInBody(node, depth, seen);
  }

  /**
   * The first external call anywhere in `node` (nested callbacks included: `.then(() => fetch(x))`), a local file
   * write only when there is no other, less what runs through a limiter: `this.executor.run(() => api.deleteJob(name))`
   * in a method each task calls is bounded there.
   */
  private workInBody(node: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    let work: TaskWork | undefined;
    let local: TaskWork | undefined;
    walk(node, child => {
      if (work) return false;
      // `throw accessDeniedError(cannotForItem(...))`: the call builds the error being thrown; an error factory named
      // for what failed (access, a request, a fetch) is not the work that failed.
      if (child.type === 'throw_statement') return false;
      if (child.type !== 'call_expression' && child.type !== 'new_expression') return true;
      if (this.limiterRunning(child)) return false;
      // `new Promise((res, rej) => { try { copy(src, dest); res(); } catch (e) { rej(e); } })`: settled before the
      // executor returns, so its work ran synchronously, one task after another; nothing is in flight together.
      if (child.type === 'new_expression' && this.settlesSynchronously(child)) return false;
      const found = this.workOfCall(child, depth, seen);
      if (found?.localFile) local ??= found;
      else work = found;
      return true;
    });
    return work ?? local;
  }

  /**
   * Whether a `new Promise(executor)` resolves in the executor's own body (not in a callback it hands on) with a value
   * that is not another call's promise: `res()`, `resolve(result)`, not `resolve(fetch(url))` or `stream.on('end', res)`.
   */
  private settlesSynchronously(construction: Node): boolean {
    if (!catalog.withRole(this.names.qualifiedName(unwrap(field(construction, 'constructor') ?? construction)), 'promise')) return false;
    const executor = namedChildren(field(construction, 'arguments') ?? construction).find(arg => arg.type !== 'comment');
    if (!executor || !functionTypes.has(unwrap(executor).type)) return false;
    const fn = unwrap(executor);
    const parameters = field(fn, 'parameters') ?? field(fn, 'parameter');
    const settlers = new Set((parameters ? (parameters.type === 'identifier' ? [parameters] : namedChildren(parameters)) : [])
      .map(parameter => (parameter.type === 'identifier' ? parameter : field(parameter, 'pattern'))?.text)
      .filter((name): name is string => !!name)
      .slice(0, 2));
    const body = field(fn, 'body');
    if (!body || settlers.size === 0 || body.type !== 'statement_block') return false;
    let settled = false;
    walk(body, node => {
      if (settled) return false;
      // A settler called in a nested function runs later: when the callback fires.
      if (functionTypes.has(node.type)) return false;
      if (node.type !== 'call_expression') return true;
      const callee = unwrap(field(node, 'function') ?? node);
      if (callee.type === 'identifier' && settlers.has(callee.text)) {
        const args = field(node, 'arguments');
        settled = !args || !args.descendantsOfType(['call_expression', 'await_expression', 'new_expression']).length;
      }
      return true;
    });
    return settled;
  }

  /** `queue.add(() => ...)`, `pool.submit(...)`, `this.executor.run(...)`: a call that runs work through a limiter. */
  private limiterRunning(call: Node): string | undefined {
    const callee = unwrap(field(call, 'function') ?? call);
    if (callee.type !== 'member_expression' || !catalog.nameSays('limiterRunMethodName', field(callee, 'property')?.text ?? '')) return undefined;
    const receiver = lastName(field(callee, 'object')!);
    return receiver && catalog.nameSays('limiterName', receiver) ? receiver : undefined;
  }

  private workOfCall(call: Node, depth: number, seen: Set<number>): TaskWork | undefined {
    const callee = unwrap(field(call, call.type === 'new_expression' ? 'constructor' : 'function') ?? call);
    // A function of this file is judged by what it does, not by its name.
    const definition = this.functions.functionNamed(callee);
    if (definition) return seen.has(definition.id) ? undefined : this.workOfTask(definition, depth + 1, seen);
    // `new UpdateResult()`, `new mssql.Request(connection)`: building an object is not the work, whatever the class is
    // named for; only a class the catalogue knows to reach outside as it is built counts.
    if (call.type === 'new_expression') return this.catalogueIo(callee, call);
    return this.judgeCallee(callee, call);
  }

  /** A callee the catalogue itself names as I/O (not by its name's words). */
  private catalogueIo(callee: Node, call: Node): TaskWork | undefined {
    const qualified = this.names.qualifiedName(callee);
    const entry = qualified ? catalog.entry(qualified) : undefined;
    return entry?.role === 'io' && entry.name === qualified ? { call, callee: callee.text.replace(/\s+/g, ''), resource: entry.resource ?? 'external' } : undefined;
  }

  /**
   * Whether a callee reaches outside: by the catalogue, else by the names of its receiver and method. Reading local
   * files and changing their names (stat, readFile, readdir, mkdir, rename, unlink) is not counted: the OS absorbs it,
   * and maintainers rarely bound it. In a recursive walk it is: every level fans out again, so the whole tree is open
   * at once (the `EMFILE` of a recursive `readdir`). Writes and copies are marked local: the rule reports them over
   * many files only (see JavaScriptCollections.listsFiles).
   */
  private judgeCallee(callee: Node, call: Node): TaskWork | undefined {
    const work = this.externalCall(callee, call);
    const node = callee.type === 'sequence_expression' ? unwrap(namedChildren(callee).at(-1) ?? callee) : callee;
    const method = node.type === 'member_expression' ? field(node, 'property')?.text ?? '' : node.text;
    if (this.recursiveWalk) {
      // `realpath(path)`, `readdirScoped(dir)` of another module: named for the file operation they wrap.
      if (!work && this.isModuleFunction(node) && catalog.nameSays('fileOperationName', method) && !catalog.nameSays('synchronousMethodName', method)) return { call, callee: node.text.replace(/\s+/g, ''), resource: 'file' };
      return work;
    }
    if (!work || work.resource === 'process' || work.resource === 'network') return work;
    const viaFileModule = work.resource === 'file' || receiverNames(node).some(name => catalog.nameSays('fileModuleName', name));
    if (viaFileModule && catalog.nameSays('localFileMethodName', method)) return undefined;
    const local = viaFileModule || (this.isModuleFunction(node) && catalog.nameSays('localFileWriteName', method));
    return local ? { ...work, localFile: true } : work;
  }

  private externalCall(callee: Node, call: Node): TaskWork | undefined {
    const node = callee.type === 'sequence_expression' ? unwrap(namedChildren(callee).at(-1) ?? callee) : callee;
    const written = node.text.replace(/\s+/g, '');
    const qualified = this.names.qualifiedName(node);
    const method = node.type === 'member_expression' ? field(node, 'property')?.text ?? '' : node.type === 'identifier' ? node.text : '';
    // `.then`/`.catch` of a promise: the call that made the promise is judged on its own.
    if (!method || catalog.nameSays('teardownMethodName', method) || catalog.nameSays('synchronousMethodName', method) || catalog.nameSays('promiseMethodName', method)) return undefined;
    // `schema.s.hooks.execPre('save', doc)`: registered middleware runs in process, a dispatch.
    if (node.type === 'member_expression' && receiverNames(field(node, 'object')!).some(name => catalog.nameSays('hookRegistryName', name))) return undefined;
    // `fkRegex.exec(sql)`, `/WHERE(.*)/.exec(text)`: a regular expression matching text, not a process.
    if (node.type === 'member_expression' && method === 'exec' && this.isRegularExpression(unwrap(field(node, 'object')!))) return undefined;
    // `_.cloneDeep(x)`, `(0, lodash_1.merge)(a, b)`: a utility belt computes values in memory, whatever a function's
    // name would say elsewhere (`clone...` is a repository's clone in another module).
    if (node.type === 'member_expression' && isUtilityBeltCall(node, qualified)) return undefined;
    if (qualified) {
      const entry = catalog.entry(qualified) ?? catalog.entry(qualified.split('.')[0]);
      if (entry?.role === 'io' && (entry.name === qualified || entry.methodsDoIo)) return { call, callee: written, resource: entry.resource ?? 'external' };
      if (entry?.role === 'source' && entry.alsoIo) return { call, callee: written, resource: entry.alsoIo };
      // `runtimeconfig.variables.get(name)` on a module of the project: its API wrappers are named by what they do.
      const last = qualified.split('.').pop() ?? '';
      if (isMethodOfModuleObject(qualified) && (catalog.nameSays('ioMethodName', last) || catalog.nameSays('ioVerbName', last))) return { call, callee: written, resource: 'external' };
      const ioModule = ioModuleOf(qualified);
      if (ioModule) return { call, callee: written, resource: catalog.nameSays('processModuleName', ioModule) ? 'process' : catalog.nameSays('networkModuleName', ioModule) ? 'network' : 'file' };
    }
    if (node.type === 'member_expression') {
      const chain = receiverNames(field(node, 'object')!);
      const imported = chain.length === 1 && /_\d+$|^_/.test(chain[0]); // `(0, client_1.deleteConnector)`: a module's function
      if (!imported && chain.some(name => catalog.nameSays('ioClientName', name))) return { call, callee: written, resource: 'external' };
      if (!imported && chain.some(name => catalog.nameSays('ioReceiverName', name)) && catalog.nameSays('ioMethodName', method) && !catalog.nameSays('containerMethodName', method)) return { call, callee: written, resource: 'external' };
    }
    if (catalog.nameSays('ioFunctionName', method)) return { call, callee: written, resource: 'external' };
    // `deleteConnector(...)`, `(0, secrets_1.destroySecretVersion)(...)`: a verb on a thing, in another module.
    if (this.isModuleFunction(node) && catalog.nameSays('ioVerbName', method)) return { call, callee: written, resource: 'external' };
    return undefined;
  }

  /** A regular expression literal, a name bound to one (or to `new RegExp(...)`), or a name that says it is one. */
  private isRegularExpression(receiver: Node): boolean {
    if (receiver.type === 'regex') return true;
    const name = lastName(receiver);
    if (!name) return false;
    if (receiver.type === 'identifier') {
      const binding = this.scopes.lookup(name, receiver);
      const value = binding?.kind === 'variable' && binding.value ? unwrap(binding.value) : undefined;
      if (value?.type === 'regex') return true;
      const constructor = value && (value.type === 'new_expression' ? field(value, 'constructor') : value.type === 'call_expression' ? field(value, 'function') : undefined);
      if (constructor?.text === 'RegExp') return true;
    }
    return catalog.nameSays('regexName', name);
  }

  /** A function of another module: an imported name, or a member of an imported module object. */
  private isModuleFunction(callee: Node): boolean {
    const base = callee.type === 'member_expression' ? unwrap(field(callee, 'object')!) : callee;
    // Utility belts (`_.remove(array, pred)`) change values in memory.
    if (base.type !== 'identifier' || catalog.nameSays('utilityModuleName', base.text)) return false;
    const binding = this.scopes.lookup(base.text, base);
    if (binding?.kind === 'import') return true;
    if (callee.type === 'identifier' && !binding) return true;
    // `const fs = require('fs')`, `const { remove } = require('fs-extra')`.
    const value = binding?.kind === 'variable' ? binding.value : binding?.kind === 'opaque' ? destructuredValue(binding.node) : undefined;
    return !!value && catalog.nameSays('moduleLoaderName', field(unwrap(value), 'function')?.text ?? '');
  }
}

/**
 * A function of a utility belt: `_.x` (lodash's and underscore's usual name), or a name that resolves to one of the
 * catalogue's utility modules (`lodash_1.x` is `lodash.x`).
 */
function isUtilityBeltCall(callee: Node, qualified: string | undefined): boolean {
  const root = unwrap(field(callee, 'object')!);
  if (root.type === 'identifier' && root.text === '_') return true;
  return !!qualified && !qualified.startsWith('.') && qualified.includes('.') && catalog.nameSays('utilityModuleName', qualified.split('.')[0]);
}

/**
 * The comparison of `element` with a written value that guards `node` inside `body`: the condition of an `if` whose
 * branch holds it (`metaVal === 'total_count'`), or a `case` of a `switch (element)`.
 */
function dispatchGuard(node: Node, element: string, body: Node): string | undefined {
  for (let child = node, parent = node.parent; parent && child.id !== body.id; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' && field(parent, 'condition')?.id !== child.id) {
      const test = comparesWithValue(field(parent, 'condition'), element);
      if (test) return test;
    }
    if (parent.type === 'switch_case' && field(parent, 'value')?.id !== child.id) {
      const switched = parent.parent?.parent;
      const value = field(parent, 'value');
      if (switched?.type === 'switch_statement' && unwrap(field(switched, 'value') ?? switched).text === element && value && isWrittenValue(value)) return `case ${value.text}`;
    }
  }
  return undefined;
}

/** `element === 'x'` (or `'x' == element`) in a condition, alone or joined with `||`. */
function comparesWithValue(condition: Node | null | undefined, element: string): string | undefined {
  const test = condition && unwrap(condition);
  if (!test || test.type !== 'binary_expression') return undefined;
  const operator = field(test, 'operator')?.text;
  const left = unwrap(field(test, 'left')!);
  const right = unwrap(field(test, 'right')!);
  if (operator === '||') return comparesWithValue(left, element) && comparesWithValue(right, element);
  if (operator !== '===' && operator !== '==') return undefined;
  const matches = (a: Node, b: Node) => a.type === 'identifier' && a.text === element && isWrittenValue(b);
  return matches(left, right) || matches(right, left) ? test.text : undefined;
}

function isWrittenValue(node: Node): boolean {
  const value = unwrap(node);
  return value.type === 'string' || value.type === 'number' || (value.type === 'template_string' && !namedChildren(value).some(part => part.type === 'template_substitution'));
}

/** A callback an array method or a promise runs now (`xs.map(x => ...)`, `.then(...)`), not one kept for later. */
function runsNow(fn: Node): boolean {
  const call = fn.parent?.type === 'arguments' ? fn.parent.parent : undefined;
  const callee = call?.type === 'call_expression' ? unwrap(field(call, 'function') ?? call) : undefined;
  return callee?.type === 'member_expression' && catalog.nameSays('immediateCallbackMethodName', field(callee, 'property')?.text ?? '');
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
  // `git__namespace`, `fs__default`: Rollup's names for a module object read through an interop helper.
  return names.filter(name => name !== 'default' && name !== 'this').map(name => name.replace(/__(namespace|default)$/, ''));
}

/**
 * The object a method is called on, at the root of its chain: `octokit` of `octokit.rest.issues.createComment`, the
 * field `this.github` of `this.github.request`. Its name, for a client the code names by its class.
 */
function clientOf(callee: Node): { node: Node; name: string } | undefined {
  let node = unwrap(field(callee, 'object')!);
  while (node.type === 'member_expression') {
    const object = unwrap(field(node, 'object')!);
    if (object.type === 'this') return { node, name: field(node, 'property')?.text ?? '' };
    node = object;
  }
  return node.type === 'identifier' ? { node, name: node.text } : undefined;
}

/** `fn` of `fn.bind(thisArg, ...)`. */
function boundFunction(node: Node): Node | undefined {
  const callee = node.type === 'call_expression' ? unwrap(field(node, 'function') ?? node) : undefined;
  if (callee?.type !== 'member_expression' || field(callee, 'property')?.text !== 'bind') return undefined;
  const fn = unwrap(field(callee, 'object')!);
  return fn.type === 'identifier' || fn.type === 'member_expression' ? fn : undefined;
}

/** What a chain of members and calls starts from: `qb` of `qb.delete().from(t).execute`, `this` of `this.client.query`. */
function chainRoot(node: Node): Node | undefined {
  let current = unwrap(node);
  for (let depth = 0; depth < 32; depth++) {
    if (current.type === 'identifier' || current.type === 'this') return current;
    const next = current.type === 'member_expression' ? field(current, 'object') : current.type === 'call_expression' ? field(current, 'function') : undefined;
    if (!next) return undefined;
    current = unwrap(next);
  }
  return undefined;
}

/** The name of the class whose body holds `node` (`class MysqlQueryRunner`, `exports.X = class X`). */
function enclosingClassName(node: Node): string | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'class_declaration' || parent.type === 'class' || parent.type === 'abstract_class_declaration') return field(parent, 'name')?.text;
  }
  return undefined;
}

/** The last name of a name or member chain (`this.queue` → `queue`). */
export function lastName(node: Node): string | undefined {
  const value = unwrap(node);
  if (value.type === 'identifier' || value.type === 'property_identifier') return value.text;
  if (value.type === 'member_expression') return field(value, 'property')?.text;
  return undefined;
}


/**
 * `./gcp/runtimeconfig.variables.get`: a method of an object another module of the project exports (an API wrapper,
 * named by what it does), not a plain function of it (`../versioning.get`, `./obj.get`, named like a dictionary's).
 */
function isMethodOfModuleObject(qualified: string): boolean {
  if (!qualified.startsWith('.')) return false;
  const afterPath = qualified.slice(qualified.lastIndexOf('/') + 1).split('.');
  // `./client.js.variables.get`: an ESM import's file extension is part of the module, not a member.
  if (afterPath.length > 2 && catalog.nameSays('sourceFileExtension', afterPath[1])) afterPath.splice(1, 1);
  return afterPath.length >= 3;
}

/** The module of a qualified name when it is one of Node's (or a package's) modules whose every call does I/O. */
function ioModuleOf(qualified: string): string | undefined {
  const module = qualified.split('.')[0];
  return catalog.nameSays('ioModuleName', module) ? module : undefined;
}
