/**
 * What one Python task does, for the `recommended` level: the first call in it that reaches an external resource (a
 * catalogue I/O call, a call on a client or session, a call whose name says so, or a function or method of this file
 * that makes one; failing those, a function the caller passes in), and whether something the shape analysis does not
 * know bounds the tasks (a semaphore passed in, a connector made with a limit, a hand-made limiter, an executor) or
 * makes them a protocol's dispatch rather than a batch. The names it reads are the catalogue's hints.
 */
import type { Node } from 'web-tree-sitter';
import { pythonCatalog as catalog } from '../../semantics/catalog';
import { PythonNames } from '../../semantics/pythonNames';
import { field, namedChildren, shortText, SyntaxIndex, unwrap, walk } from '../../syntax';
import { PythonScopes } from '../pythonScopes';
import { TaskWork } from './types';

const maxDepth = 5;
/** The method names of the catalogue's spawners (`create_task`, `start_soon`, `spawn`): calling one starts a task. */
const spawnerMethods = new Set(catalog.entriesWithRole('spawner').map(entry => entry.name.split('.').pop()!));

/**
 * How far a task's calls are read. Name-only evidence (a call named `fetch_...` or `send`, nothing else known about
 * it) is trusted in coroutines and in functions run in a thread; a plain `def` that a coroutine calls directly cannot
 * wait for the network without blocking the loop, so a `c.send(msg)` in it is a buffered write or in-process work.
 */
interface Reading {
  depth: number;
  seen: Set<number>;
  byName: boolean;
  /** The first call of a function the caller passes in (`call(*target)`, `await step.func(item)`), kept as the work
   * when nothing else is found: what it does is the caller's choice, and it runs once per element. */
  passedIn: { work?: TaskWork };
  /** How often the reading stopped at a function it had already entered: a function read without finding work is
   * remembered as fruitless only when that did not happen below it (a cycle may lead to work through the caller).
   * Stopping at the depth limit is accounted for by remembering how many levels were read. */
  cut: { count: number };
  /** The functions being read now, the task's own call chain. */
  active: Set<number>;
}

export class PythonTaskWork {
  /**
   * Functions read to the end without finding work, by id and name trust, with how many levels of calls below them
   * were read: the fan-outs of one class call the same methods, and each would read them all again.
   */
  private readonly fruitless = new Map<string, number>();
  /** The works that are only a function the caller passes in (`action(*target)`): the helper shows no work of its own. */
  private readonly passedInWorks = new WeakSet<TaskWork>();

  constructor(private readonly index: SyntaxIndex, private readonly scopes: PythonScopes, private readonly names: PythonNames) {}

  workOf(tasks: readonly Node[]): TaskWork | undefined {
    const passedIn: { work?: TaskWork } = {};
    for (const task of tasks) {
      const work = this.workOfNode(task, { depth: 0, seen: new Set(), byName: true, passedIn, cut: { count: 0 }, active: new Set() });
      if (work) return work;
    }
    if (passedIn.work) this.passedInWorks.add(passedIn.work);
    return passedIn.work;
  }

  /** Whether `work` is a function the caller passes in, not a call the task makes itself. */
  isPassedIn(work: TaskWork): boolean {
    return this.passedInWorks.has(work);
  }

  /**
   * `def run_all(tasks: List[Coroutine]): gather(*tasks)`: coroutines, unlike tasks, do not run until gathered, so
   * a gather over a parameter typed as coroutines starts each one, doing whatever the caller made it do.
   */
  coroutinesPassedIn(collection: Node): TaskWork | undefined {
    const node = unwrap(collection);
    const binding = node.type === 'identifier' ? this.scopes.lookup(node.text, node) : undefined;
    if (binding?.kind !== 'parameter' || !binding.annotation || /splat/.test(binding.node.parent?.type ?? '')) return undefined;
    return catalog.nameSays('coroutineType', binding.annotation.text) ? { call: node, callee: node.text, resource: 'external' } : undefined;
  }

  /**
   * `def get_coroutines(tests) -> list[Coroutine[...]]`: a function of this file whose return type says it makes
   * coroutines, as a parameter typed so does (above): gathering them starts each one, and what they do is decided
   * where they are made (often by classes of other modules: a test per device). Named by the call whose coroutine the
   * function collects (`coros.append(test_instance.test())`), or by the function.
   */
  coroutinesReturnedBy(definition: Node, call: Node): TaskWork | undefined {
    const returns = field(definition, 'return_type');
    if (!returns || !catalog.nameSays('coroutineType', returns.text)) return undefined;
    let made: Node | undefined;
    walk(field(definition, 'body') ?? definition, node => {
      if (made) return false;
      if (node.type === 'call' && /^(append|add|extend)$/.test(lastName(field(node, 'function') ?? node) ?? '')) {
        const first = unwrap(namedChildren(field(node, 'arguments') ?? node)[0] ?? node);
        if (first.type === 'call') made = field(first, 'function');
      }
      return true;
    });
    const named = made ?? field(definition, 'name');
    return { call, callee: named ? named.text.replace(/\s+/g, '') : call.text, resource: 'external' };
  }

  /**
   * Why the tasks are not a fan-out to bound, when the shape analysis cannot see it: a limiter passed to each task, a
   * connector or client made with a connection limit that each task uses, an executor running them, or tasks started
   * only for elements of one kind (a protocol's dispatch: one connection per `OpenConnection` command).
   */
  boundOf(tasks: readonly Node[]): string | undefined {
    for (const task of tasks) {
      const dispatch = this.dispatchOf(task);
      if (dispatch) return dispatch;
      let bound: string | undefined;
      walk(unwrap(task), node => {
        if (bound) return false;
        if (node.type !== 'call') return true;
        const callee = field(node, 'function');
        const qualified = callee && this.names.qualifiedName(callee);
        const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text ?? '' : callee?.text ?? '';
        // `loop.run_in_executor(...)`, `self._pool.submit(...)`: on a receiver whose class is not known, the method's
        // name still says a pool of workers runs the task.
        if (catalog.withRole(qualified, 'executorSubmit') || catalog.nameSays('executorMethodName', method)) bound = `\`${method}\` runs each task in a pool`;
        const receiver = callee && receiverRoot(callee);
        const passed = namedChildren(field(node, 'arguments') ?? node).map(arg => (arg.type === 'keyword_argument' ? field(arg, 'value') : arg));
        for (const value of [receiver, ...passed]) {
          if (!value || bound) continue;
          const name = lastName(value);
          // A limiter is shared by the tasks: the element a task is given (`slot` of `for slot in slots`) is not one.
          if (value !== receiver && name && catalog.nameSays('limiterName', name) && !this.isLoopElement(value)) bound = `\`${value.text}\` is passed to each task`;
          else if (unwrap(value).type === 'identifier') bound = this.connectionLimitOf(unwrap(value));
        }
        return true;
      });
      if (bound) return bound;
      const slot = this.waitForSlotIn(task);
      if (slot) return slot;
    }
    return undefined;
  }

  /**
   * A hand-made limiter in the task or the functions of this file it calls: a shared count compared with a limit
   * and a sleep while it is reached (`if self.active[host] > 2: await asyncio.sleep(0.1)`,
   * `while len(self.running) >= self.max: await asyncio.sleep(0.5)`).
   */
  private waitForSlotIn(task: Node): string | undefined {
    const pending: Array<{ node: Node; depth: number }> = [{ node: unwrap(task), depth: 0 }];
    const seen = new Set<number>();
    let found: string | undefined;
    while (pending.length && !found) {
      const { node, depth } = pending.pop()!;
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      walk(node, child => {
        if (found) return false;
        if ((child.type === 'if_statement' || child.type === 'while_statement') && this.isWaitForSlot(child)) {
          found = `each task waits for a free slot (\`${shortText(field(child, 'condition')!)}\`)`;
          return false;
        }
        const callee = child.type === 'call' ? field(child, 'function') : undefined;
        const definition = callee && depth < maxDepth ? this.functionNamed(callee) : undefined;
        if (definition) pending.push({ node: definition, depth: depth + 1 });
        return true;
      });
    }
    return found;
  }

  private isWaitForSlot(statement: Node): boolean {
    const condition = field(statement, 'condition');
    const body = field(statement, 'consequence') ?? field(statement, 'body');
    if (!condition || !body || !this.countReachesLimit(unwrap(condition))) return false;
    let sleeps = false;
    walk(body, node => {
      if (sleeps || /^(function_definition|lambda)$/.test(node.type)) return false;
      const callee = node.type === 'await' ? field(unwrap(namedChildren(node)[0] ?? node), 'function') : undefined;
      if (callee && catalog.withRole(this.names.qualifiedName(callee), 'timer')) sleeps = true;
      return true;
    });
    return sleeps;
  }

  /** `state > limit` or `state >= limit`, where the state is kept beyond one call (`self.x`, `self.x[k]`, `len(self.x)`)
   * and the limit is not zero (`self.retries > 0` counts attempts down, it bounds nothing). */
  private countReachesLimit(condition: Node): boolean {
    if (condition.type !== 'comparison_operator') return false;
    const operators = condition.children.filter(child => child && !child.isNamed).map(child => child!.type);
    const [left, right] = namedChildren(condition);
    if (operators.length !== 1 || !/^>=?$/.test(operators[0]) || !left || !right || /^0$/.test(right.text)) return false;
    let state = unwrap(left);
    if (state.type === 'call' && field(state, 'function')?.text === 'len') state = unwrap(namedChildren(field(state, 'arguments') ?? state)[0] ?? state);
    if (state.type === 'subscript') state = unwrap(field(state, 'value') ?? state);
    return state.type === 'attribute';
  }

  /** `call` of `def run(call, targets)`, `step.func` of `for step in steps` over a parameter: the caller's function. */
  private isPassedInFunction(callee: Node): boolean {
    const node = unwrap(callee);
    // A class passed in (`cls(row)`, `model_class(**row)`, `Model(row)`) makes an object; it is not the work.
    if (node.type === 'identifier') return this.scopes.lookup(node.text, node)?.kind === 'parameter' && !/^[A-Z]/.test(node.text) && !catalog.nameSays('classParameterName', node.text);
    if (node.type !== 'attribute' || !catalog.nameSays('callableAttributeName', lastName(node) ?? '')) return false;
    const root = receiverRoot(node);
    const binding = root && this.scopes.lookup(root.text, root);
    return binding?.kind === 'parameter' || binding?.kind === 'loopTarget';
  }

  private isLoopElement(value: Node): boolean {
    const node = unwrap(value);
    return node.type === 'identifier' && this.scopes.lookup(node.text, node)?.kind === 'loopTarget';
  }

  /** `async with TCPConnector(limit_per_host=16) as conn`, `client = AsyncClient(limits=...)`: made with a limit. */
  private connectionLimitOf(identifier: Node): string | undefined {
    const value = this.valueBoundTo(identifier);
    const limit = value && limitKeywordOf(value, 0);
    return limit && `\`${identifier.text}\` is made with \`${limit}\``;
  }

  /** The value a name is bound to by an assignment or a `with ... as name`. */
  private valueBoundTo(identifier: Node): Node | undefined {
    const binding = this.scopes.lookup(identifier.text, identifier);
    if (binding?.kind === 'assignment') return unwrap(binding.value);
    const target = binding?.kind === 'opaque' ? binding.node.parent : null;
    if (target?.type === 'as_pattern_target') return target.parent ? namedChildren(target.parent)[0] : undefined;
    return undefined;
  }

  /**
   * A task started in a branch that tests the kind of the loop's element (`if isinstance(command, OpenConnection)`,
   * `case StartHook():`): a protocol handing out one task per message of a kind, not a batch over a collection.
   */
  private dispatchOf(task: Node): string | undefined {
    const tests: Node[] = [];
    for (let node: Node | undefined = this.index.parent(unwrap(task)); node; node = this.index.parent(node)) {
      // A chain of branches (`if ... elif ...`, two or more `case`s) is a dispatch; one `if isinstance(...)` alone
      // may as well filter a batch.
      if (node.type === 'if_statement' || node.type === 'elif_clause') {
        const chain = node.type === 'elif_clause' ? this.index.parent(node) : node;
        const condition = field(node, 'condition');
        if (condition && chain && namedChildren(chain).some(child => child.type === 'elif_clause')) tests.push(condition);
      } else if (node.type === 'case_clause') {
        const match = this.index.parent(node)?.type === 'block' ? this.index.parent(this.index.parent(node)!) : this.index.parent(node);
        const subject = match && field(match, 'subject');
        const cases = match ? namedChildren(field(match, 'body') ?? match).filter(child => child.type === 'case_clause').length : 0;
        if (subject && cases >= 2) tests.push(subject);
      } else if (node.type === 'for_statement') {
        const target = field(node, 'left');
        const element = target?.type === 'identifier' ? target.text : undefined;
        const kindTest = element && tests.find(test => test.text === element || this.testsKindOf(test, element));
        return kindTest ? `one task per element of a kind (\`${shortText(kindTest)}\`): a protocol's dispatch` : undefined;
      } else if (/^(function_definition|lambda|class_definition|module)$/.test(node.type)) {
        return undefined;
      }
    }
    return undefined;
  }

  /** `isinstance(command, X)`, `isinstance(command.event, X)` (also inside `and`/`or`/`not`). */
  private testsKindOf(test: Node, element: string): boolean {
    let found = false;
    walk(test, node => {
      if (found) return false;
      if (node.type !== 'call') return true;
      const callee = field(node, 'function');
      const first = namedChildren(field(node, 'arguments') ?? node)[0];
      // The builtin, not a function of the file that shadows it.
      if (callee?.type === 'identifier' && callee.text === 'isinstance' && !this.scopes.lookup(callee.text, callee) && first) {
        const root = receiverRoot(first) ?? unwrap(first);
        found = root.type === 'identifier' && root.text === element;
      }
      return false;
    });
    return found;
  }

  private workOfNode(task: Node, reading: Reading): TaskWork | undefined {
    const node = unwrap(task);
    if (reading.depth > maxDepth) return undefined;
    if (reading.seen.has(node.id)) {
      // Met again: harmless when it was read to the end without work; otherwise what it leads to is unknown here.
      if (reading.active.has(node.id) || (this.fruitless.get(`${node.id}:${reading.byName}`) ?? -1) < maxDepth - reading.depth) reading.cut.count++;
      return undefined;
    }
    reading.seen.add(node.id);
    if (node.type === 'function_definition') return this.workInFunction(node, reading);
    if (node.type === 'identifier' || node.type === 'attribute') {
      const definition = this.functionNamed(node);
      if (definition) return this.workOfNode(definition, deeper(reading, reading.byName));
      return this.judgeCallee(node, node, reading.byName);
    }
    return this.workInBody(node, reading);
  }

  private workInFunction(definition: Node, reading: Reading): TaskWork | undefined {
    const key = `${definition.id}:${reading.byName}`;
    const levels = maxDepth - reading.depth;
    if ((this.fruitless.get(key) ?? -1) >= levels) return undefined;
    const before = { cut: reading.cut.count, passedIn: reading.passedIn.work };
    reading.active.add(definition.id);
    const work = this.workInBody(field(definition, 'body') ?? definition, reading);
    reading.active.delete(definition.id);
    if (!work && reading.cut.count === before.cut && !before.passedIn && !reading.passedIn.work) this.fruitless.set(key, Math.max(levels, this.fruitless.get(key) ?? -1));
    return work;
  }

  private workInBody(node: Node, reading: Reading): TaskWork | undefined {
    let work: TaskWork | undefined;
    walk(node, child => {
      if (work) return false;
      if (child.type === 'call') {
        const callee = field(child, 'function');
        if (callee) {
          // A function of this file is judged by what it does, not by its name.
          const definition = this.functionNamed(callee);
          if (definition) {
            const before = reading.passedIn.work;
            work = this.workOfNode(definition, deeper(reading, reading.byName && isCoroutineFunction(definition)))
              ?? this.passedInAtCall(definition, argumentsOf(child), unwrap(callee).type === 'attribute', reading, before);
          }
          // A call made and dropped (`self.comms[a].send(msg)` as a statement) is a plain function's: in a coroutine a
          // dropped coroutine would never run, so only what is known to reach outside counts there.
          else if (!this.startsTask(callee, child)) {
            const kept = this.index.parent(child)?.type !== 'expression_statement';
            work = this.judgeCallee(callee, child, reading.byName && kept);
            if (!work && reading.byName) work = this.guardedAgainstNetworkErrors(callee, child);
            if (!work && kept && !reading.passedIn.work && this.isPassedInFunction(callee)) reading.passedIn.work = { call: child, callee: callee.text, resource: 'external' };
          }
          // `functools.partial(fetch, url)`, `tg.start_soon(download, url)`: the function passed runs.
          if (!work && catalog.nameSays('functionRunnerName', lastName(callee) ?? '')) {
            const runnerArgs = namedChildren(field(child, 'arguments') ?? child);
            for (const [position, arg] of runnerArgs.entries()) {
              if (arg.type !== 'identifier' && arg.type !== 'attribute') continue;
              const passed = this.functionNamed(arg);
              const before = reading.passedIn.work;
              if (passed) {
                work = this.workOfNode(passed, deeper(reading, reading.byName))
                  ?? this.passedInAtCall(passed, runnerArgs.slice(position + 1), arg.type === 'attribute', reading, before);
              }
              else if (arg.type === 'attribute') work = this.judgeCallee(arg, arg, reading.byName); // `start_soon(client.get, url)`
              if (work) break;
            }
          }
        }
      }
      return true;
    });
    return work;
  }

  /**
   * `self._catch_errors(handler, data)`, `tg.start_soon(process, upload.read)`: the function read runs a function it is
   * given (`await handler(data)`), and this call shows which. What the call passes is judged as the work, in place
   * of "the caller's choice": a handler taken from a list of handlers, a bound method of an in-memory object, a
   * lambda. Only a parameter of the function around the call stays passed in (its own caller chooses it).
   */
  private passedInAtCall(definition: Node, args: Node[], isMethodCall: boolean, reading: Reading, before: TaskWork | undefined): TaskWork | undefined {
    const passed = reading.passedIn.work;
    if (!passed || passed === before) return undefined;
    const called = unwrap(field(passed.call, 'function') ?? passed.call);
    const binding = called.type === 'identifier' ? this.scopes.lookup(called.text, called) : undefined;
    if (binding?.kind !== 'parameter' || binding.scope.id !== definition.id) return undefined;
    // `self._catch_errors(handler, data)`: the call gives no argument for the method's receiver.
    const skipsReceiver = isMethodCall && ['self', 'cls'].some(name => {
      const receiver = this.scopes.lookup(name, called);
      return receiver?.kind === 'parameter' && receiver.scope.id === definition.id && receiver.index === 0;
    });
    const keyword = args.find(arg => arg.type === 'keyword_argument' && field(arg, 'name')?.text === binding.name);
    const positional = args.filter(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    if (positional.some(arg => /splat/.test(arg.type)) && !keyword) return undefined;
    const given = keyword ? field(keyword, 'value') : positional[binding.index - (skipsReceiver ? 1 : 0)];
    if (!given) return undefined;
    const value = unwrap(given);
    let work: TaskWork | undefined;
    if (value.type === 'lambda') work = this.workInBody(field(value, 'body') ?? value, reading);
    else if (value.type === 'identifier' || value.type === 'attribute') {
      const givenBinding = value.type === 'identifier' ? this.scopes.lookup(value.text, value) : undefined;
      if (givenBinding?.kind === 'parameter') return undefined;
      const function_ = this.functionNamed(value);
      work = function_ ? this.workOfNode(function_, deeper(reading, reading.byName)) : this.judgeCallee(value, value, reading.byName);
    } else return undefined;
    reading.passedIn.work = before;
    return work;
  }

  /**
   * `group.spawn(lookup(key))`, `tg.create_task(fetch(url))`: a call that starts a task (its work is its argument,
   * read next), not one that reaches outside. `spawn("git")` of a process library is given a command, not a task.
   */
  private startsTask(callee: Node, call: Node): boolean {
    if (unwrap(callee).type !== 'attribute' || !spawnerMethods.has(lastName(callee) ?? '')) return false;
    const first = namedChildren(field(call, 'arguments') ?? call).find(arg => arg.type !== 'keyword_argument' && arg.type !== 'comment');
    return first !== undefined && /^(call|identifier|attribute|await)$/.test(unwrap(first).type);
  }

  /**
   * `try: return await evaluate_with_rai_service(...) except (httpx.ConnectError, ConnectionError): ...`: a call
   * awaited where the code catches the errors of a failing connection (the catalogue's network exceptions) reaches
   * the network, whatever its name says. Only the `try` body counts, up to the enclosing function, and only an awaited
   * call the catalogue does not know as something else (`asyncio.sleep`, a queue's `get`).
   */
  private guardedAgainstNetworkErrors(callee: Node, call: Node): TaskWork | undefined {
    if (this.index.parent(call)?.type !== 'await' || catalog.entry(this.names.qualifiedName(callee))) return undefined;
    const method = lastName(callee);
    if (!method || catalog.nameSays('teardownMethodName', method)) return undefined;
    let inner: Node = call;
    for (let node = this.index.parent(call); node && !/^(function_definition|lambda|class_definition|module)$/.test(node.type); node = this.index.parent(node)) {
      if (node.type === 'try_statement' && field(node, 'body')?.id === inner.id && this.catchesNetworkErrors(node)) return { call, callee: unwrap(callee).text.replace(/\s+/g, ''), resource: 'network' };
      inner = node;
    }
    return undefined;
  }

  /** Whether an `except` of `statement` names a network exception (the catalogue's `exception` entries with a `resource`). */
  private catchesNetworkErrors(statement: Node): boolean {
    let caught = false;
    for (const clause of namedChildren(statement)) {
      if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
      walk(clause, node => {
        if (caught || node.type === 'block' || node.type === 'as_pattern_target') return false;
        if (node.type !== 'identifier' && node.type !== 'attribute') return true;
        caught = catalog.withRole(this.names.qualifiedName(node), 'exception')?.resource === 'network';
        return false;
      });
    }
    return caught;
  }

  private judgeCallee(callee: Node, call: Node, byName: boolean): TaskWork | undefined {
    const work = this.externalCall(callee, call, byName);
    if (!work || work.resource === 'process' || work.resource === 'network' || work.resource === 'database') return work;
    const method = lastName(callee) ?? '';
    const local = work.resource === 'file' || receiverNames(callee).some(name => catalog.nameSays('localFileModuleName', name));
    return local && catalog.nameSays('localFileReadName', method) ? undefined : work;
  }

  private externalCall(callee: Node, call: Node, byName: boolean): TaskWork | undefined {
    const node = unwrap(callee);
    const written = node.text.replace(/\s+/g, '');
    const method = lastName(node);
    if (!method || catalog.nameSays('teardownMethodName', method)) return undefined;
    const qualified = this.names.qualifiedName(node);
    if (qualified) {
      const entry = catalog.entry(qualified);
      if (entry?.role === 'io') return { call, callee: written, resource: entry.resource ?? 'external' };
      if (entry?.role === 'source' && entry.alsoIo) return { call, callee: written, resource: entry.alsoIo };
      // Any function of the process modules (`subprocess.getoutput`), listed in the catalogue or not.
      const module = qualified.slice(0, Math.max(0, qualified.lastIndexOf('.')));
      if (module && catalog.nameSays('processModuleName', module)) return { call, callee: written, resource: 'process' };
    }
    if (node.type === 'attribute') {
      const chain = receiverNames(node);
      if (chain.some(name => catalog.nameSays('ioClientName', name))) return { call, callee: written, resource: 'external' };
      if (chain.some(name => catalog.nameSays('ioReceiverName', name)) && catalog.nameSays('ioMethodName', method) && !catalog.nameSays('containerMethodName', method)) return { call, callee: written, resource: 'external' };
    }
    if (!byName) return undefined;
    if (catalog.nameSays('ioFunctionName', method)) return { call, callee: written, resource: 'external' };
    if (node.type === 'attribute' && this.index.parent(call)?.type === 'await' && this.isMadeForAddress(node)) return { call, callee: written, resource: 'network' };
    if (this.index.parent(call)?.type === 'await' && this.isGivenAnAddress(node, call)) return { call, callee: written, resource: 'network' };
    // Imported (or, unbound, from a star import): a function of another module, named for what it does.
    const fromModule = qualified !== undefined ? !qualified.startsWith('builtins.') : node.type === 'identifier' && !this.scopes.lookup(node.text, node);
    if (fromModule && catalog.nameSays('ioVerbName', method)) return { call, callee: written, resource: 'external' };
    return undefined;
  }

  /**
   * `bulb = AIOWifiLedBulb(info["ipaddr"])` then `await bulb.async_turn_on()`: a coroutine method of an object a class
   * made for one address (its first argument, or a keyword, names an IP address, host or MAC address), a connection
   * to that device or host. A value object made from an address (`ServerAddr(host, port)`) is not awaited.
   */
  private isMadeForAddress(callee: Node): boolean {
    const root = receiverRoot(callee);
    const binding = root && this.scopes.lookup(root.text, root);
    const value = binding?.kind === 'assignment' ? unwrap(binding.value) : undefined;
    const maker = value?.type === 'call' ? lastName(field(value, 'function') ?? value) : undefined;
    if (!value || !maker || !/^[A-Z]/.test(maker)) return false;
    const args = namedChildren(field(value, 'arguments') ?? value).filter(arg => arg.type !== 'comment');
    const first = args.find(arg => arg.type !== 'keyword_argument');
    const keywords = args.filter(arg => arg.type === 'keyword_argument').map(arg => field(arg, 'name')?.text ?? '');
    return (first !== undefined && catalog.nameSays('addressName', addressWord(first))) || keywords.some(name => catalog.nameSays('addressName', name));
  }

  /**
   * `await CephadmServe(self.mgr)._run_cephadm(host, 'osd', ...)`: a coroutine the file does not define, handed a host
   * or an address as its first argument, acts on that host: a connection to it. A container's own methods
   * (`cache.get(host)`) and calls the catalogue knows as something else are not.
   */
  private isGivenAnAddress(callee: Node, call: Node): boolean {
    const method = lastName(callee);
    if (!method || this.functionNamed(callee) || catalog.nameSays('containerMethodName', method) || catalog.entry(this.names.qualifiedName(callee))) return false;
    const first = argumentsOf(call).find(arg => arg.type !== 'keyword_argument');
    return first !== undefined && catalog.nameSays('addressName', addressWord(first));
  }

  /** The `def` a callee names: a function in scope, or `self.method` / `cls.method` of the enclosing class. */
  /**
   * `conn.execute(cmd)` per element: the receiver is one connection (aioredis's pipeline, asyncpg's, aiosqlite's),
   * which carries the calls in order; nothing opens per element.
   */
  oneConnectionBoundOf(work: TaskWork): string | undefined {
    const callee = unwrap(field(work.call, 'function') ?? work.call);
    const connection = callee.type === 'attribute' ? receiverNames(callee).at(-1) : undefined;
    return connection && catalog.nameSays('oneConnectionName', connection) ? `\`${callee.text}\` sends over the one connection \`${connection}\`, which carries the calls in order` : undefined;
  }

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

/** The arguments of a call, keyword arguments included (comments left out). */
function argumentsOf(call: Node): Node[] {
  return namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
}

function deeper(reading: Reading, byName: boolean): Reading {
  return { ...reading, depth: reading.depth + 1, byName };
}

function isCoroutineFunction(definition: Node): boolean {
  return /^async\b/.test(definition.text);
}

/** The name a call's receiver chain starts from: `conn` of `conn.get(...)`, of `conn.pool.get(...)`. */
function receiverRoot(callee: Node): Node | undefined {
  let node = unwrap(callee);
  if (node.type !== 'attribute') return undefined;
  while (node.type === 'attribute' || node.type === 'subscript') node = unwrap(field(node, node.type === 'attribute' ? 'object' : 'value')!);
  return node.type === 'identifier' && !/^(self|cls)$/.test(node.text) ? node : undefined;
}

/**
 * The limit a call is made with (`limit_per_host=16`, `limits=Limits(...)`), also one level down
 * (`ClientSession(connector=TCPConnector(limit=8))`); `limit=0` and `None` mean no limit.
 */
function limitKeywordOf(value: Node, depth: number): string | undefined {
  if (value.type !== 'call' || depth > 1) return undefined;
  for (const arg of namedChildren(field(value, 'arguments') ?? value)) {
    if (arg.type !== 'keyword_argument') continue;
    const name = field(arg, 'name')?.text ?? '';
    const given = field(arg, 'value');
    if (!given) continue;
    if (catalog.nameSays('limitKeyword', name) && !/^(0|None|False)$/.test(given.text)) return shortText(arg);
    const inner = limitKeywordOf(unwrap(given), depth + 1);
    if (inner) return inner;
  }
  return undefined;
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

/** The word an argument names a value by: `ip` of `ip`, `info.ip`, or `info["ip"]`. */
function addressWord(argument: Node): string {
  const node = unwrap(argument);
  if (node.type === 'subscript') {
    const key = unwrap(field(node, 'subscript') ?? node);
    return key.type === 'string' ? key.text.replace(/^[a-z]*["']+|["']+$/gi, '') : lastName(key) ?? '';
  }
  return lastName(node) ?? '';
}
