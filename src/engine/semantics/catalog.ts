/**
 * One catalogue per language of what the engine knows about async libraries: qualified names and their roles
 * (after Ruff's name tables: resolve a call to its qualified name once, then look its role up). The knowledge lives in
 * `catalog/python.json` and `catalog/javascript.json`; rules, fixes and the visualizer all read it through here, so a
 * limiter the rule trusts is a limiter the timeline shows.
 */
import { LanguageFamily } from '../languages';
import javascriptData from './catalog/javascript.json';
import pythonData from './catalog/python.json';

export type Role =
  /** Waits for many awaitables together: `asyncio.gather`, `Promise.all`. */
  | 'combinator'
  /** Starts one task: `create_task(coro)`, `tg.start_soon(fn, *args)`. */
  | 'spawner'
  /** A scope that owns the tasks started in it: `asyncio.TaskGroup`, `trio.open_nursery`. */
  | 'taskGroup'
  /** Lets at most N run at once: `asyncio.Semaphore(n)`, `pLimit(n)`, `new PQueue({ concurrency })`. */
  | 'limiter'
  /** Maps a collection with a bound of its own: `pMap(xs, fn, { concurrency })`, `aiometer.run_all`. */
  | 'boundedMap'
  | 'lock' | 'event' | 'condition' | 'queue'
  /** A delay: `asyncio.sleep(s)`, `setTimeout(fn, ms)`. */
  | 'timer'
  /** A repeating timer: `setInterval`. */
  | 'ticker'
  | 'timerCancel'
  /** Bounds how long something may take: `asyncio.wait_for`, `AbortSignal.timeout`. */
  | 'timeout'
  /** Passes an awaitable through unchanged for counting purposes: `asyncio.shield`. */
  | 'wrapper'
  /** A pool of N workers (`ThreadPoolExecutor(max_workers)`), and what submits work to one. */
  | 'executor' | 'executorSubmit'
  /** Splits a collection into chunks of N: `itertools.batched`, `_.chunk`. */
  | 'chunker'
  /** Reaches an external resource (network, files, processes, databases, APIs). */
  | 'io'
  /** Makes an object whose methods reach an external resource: `aiohttp.ClientSession()`, `new pg.Pool()`. */
  | 'client'
  /** Returns data from outside the program, of a size nobody chose: directory listings, globs, the command line. */
  | 'source'
  /** A named constant of a library, whose `value` the visualizer uses: `asyncio.FIRST_COMPLETED`. */
  | 'constant'
  /** A library's exception class, named by `value` (`asyncio.CancelledError` is `CancelledError`). */
  | 'exception'
  /** The promise class: `Promise` (`new Promise(executor)`). */
  | 'promise'
  /** An event emitter class, and what waits for its next event: `events.EventEmitter`, `events.once`. */
  | 'emitter'
  /** Reads the clock: `time.monotonic`, `Date.now`, `performance.now`. */
  | 'clock'
  /** Makes something that cancels work when told: `AbortController`. */
  | 'canceller'
  /** The event loop, with its timers, callbacks and executor: `asyncio.get_running_loop`. */
  | 'eventLoop'
  /**
   * Keeps a function to call when the process exits or gets a signal (`atexit.register`, `signal.signal`): it is
   * not called while the function that registers it runs.
   */
  | 'exitHook'
  /**
   * JS: a package that, once the project depends on it, bounds the requests of every client of a class (`bounds`):
   * `@octokit/plugin-throttling` queues an Octokit's requests wherever the client is built.
   */
  | 'clientPlugin';

export type Resource = 'network' | 'file' | 'process' | 'database' | 'api';

/** Where a number (permits, a capacity, a delay) is written in a call. */
export interface ArgumentSpec {
  argument?: number;
  keyword?: string;
  /** JS: a property of an options object passed as the argument (`{ concurrency: 4 }`). */
  option?: string;
  default?: number;
  /** The value is fixed by the API (`pMapSeries`: 1). */
  fixed?: number;
}

export interface CatalogEntry {
  name: string;
  role: Role;
  resource?: Resource;
  /** For sources: what the data is, for messages ("a directory listing"). */
  what?: string;
  permits?: ArgumentSpec;
  capacity?: ArgumentSpec;
  seconds?: ArgumentSpec;
  milliseconds?: ArgumentSpec;
  chunkSize?: ArgumentSpec;
  /** For globs: where the pattern is written. */
  pattern?: ArgumentSpec;
  /** A spawner's task argument: an awaitable (`create_task(coro)`) or a function and its arguments (`start_soon(fn, x)`). */
  task?: 'awaitable' | 'function';
  /** Combinators that turn coroutines they are given into running tasks (asyncio's; a promise is already running). */
  startsCoroutines?: boolean;
  /** The qualified class of what a call returns, so its methods can be looked up (`TaskGroup()` → its `create_task`). */
  instance?: string;
  /** JS: a class, used with `new`. */
  constructs?: boolean;
  /** A bounded mapper whose bound is optional and infinite when left out (`p-map` without `concurrency`). */
  unboundedWithoutPermits?: boolean;
  /** A limiter of rate, not of concurrency (`aiolimiter`, `p-throttle`): it still spreads work out. */
  rate?: boolean;
  /** A client whose every call goes through one connection, or a pool of them: the work is bounded by it. */
  singleConnection?: boolean;
  pool?: boolean;
  /** Every method of the module does I/O (`axios.get`, `fse.readJson`). */
  methodsDoIo?: boolean;
  /**
   * An I/O call whose result is a handful by its nature, what it holds said for messages (`getaddrinfo`: "the addresses
   * of one host"): a fan-out over it is small by design, however it was read.
   */
  fewResults?: string;
  /** A source that is also I/O of this kind (`fs.readdir`). */
  alsoIo?: Resource;
  /** The visualizer's builtin this lowers to (see concurrency/model.ts `Builtin`). */
  builtin?: string;
  /** For constants: the value the visualizer gives the name. */
  value?: string | number;
  /** For queues: the order items leave in (first in, first out when absent). */
  order?: 'lifo' | 'priority';
  /** For client plugins: the class whose clients it bounds (`Octokit`). */
  bounds?: string;
}

export type HintName = 'limiterName' | 'attributeSetterName' | 'dataCollectionName' | 'configCollectionName' | 'ioReceiverName' | 'ioClientName' | 'ioMethodName' | 'ioFunctionName' | 'ioVerbName'
  | 'combinatorWrapperName' | 'taskGroupName' | 'sharedSpawnerMethod' | 'limiterFactoryName' | 'limiterClassName' | 'visitorMethodName'
  // JavaScript/TypeScript only (the fan-out evidence of javascriptWork.ts and javascriptCollection.ts).
  | 'limiterRunMethodName' | 'passedLimiterName' | 'containerMethodName' | 'localFileMethodName' | 'fileOperationName' | 'immediateCallbackMethodName' | 'fileModuleName' | 'ioModuleName' | 'processModuleName'
  | 'networkModuleName' | 'teardownMethodName' | 'synchronousMethodName' | 'promiseMethodName' | 'utilityModuleName' | 'moduleLoaderName'
  | 'sourceFileExtension' | 'commandLineName' | 'passThroughMethodName' | 'getterVerbName' | 'chunkerName' | 'fileCollectionName' | 'localFileWriteName' | 'configElementName'
  | 'databaseClientName' | 'databaseQueryMethodName' | 'configObjectName' | 'parallelModeName' | 'concurrencySettingName'
  | 'protocolSessionName' | 'protocolCommandMethodName' | 'protocolCommandName' | 'databaseClassName' | 'regexName' | 'redisCommandMethodName' | 'redisName' | 'redisClientMethodName' | 'hookRegistryName' | 'oneConnectionName'
  // Python's fan-out evidence (src/engine/fanout/evidence/python*.ts; names the JavaScript list has already are shared).
  | 'limitKeyword' | 'functionRunnerName' | 'localFileReadName' | 'localFileModuleName' | 'argumentsName' | 'coroutineType' | 'callableAttributeName' | 'classParameterName' | 'executorMethodName' | 'addressName';

interface CatalogData {
  entries: CatalogEntry[];
  hints: Record<HintName | '$comment', string>;
}

export class Catalog {
  private readonly byName = new Map<string, CatalogEntry>();
  private readonly hints = new Map<HintName, RegExp>();

  constructor(readonly family: LanguageFamily, data: CatalogData) {
    for (const entry of data.entries) this.byName.set(entry.name, entry);
    for (const [name, pattern] of Object.entries(data.hints)) {
      if (name !== '$comment') this.hints.set(name as HintName, new RegExp(pattern, 'i'));
    }
  }

  /** The entry for a qualified name (`asyncio.gather`, `p-limit`, `fs/promises.readFile`). */
  entry(qualifiedName: string | undefined): CatalogEntry | undefined {
    return qualifiedName === undefined ? undefined : this.byName.get(qualifiedName);
  }

  /** The entry for a qualified name when it has this role. */
  withRole(qualifiedName: string | undefined, ...roles: Role[]): CatalogEntry | undefined {
    const entry = this.entry(qualifiedName);
    return entry && roles.includes(entry.role) ? entry : undefined;
  }

  /** Every entry, in the catalogue's order. */
  allEntries(): CatalogEntry[] {
    return [...this.byName.values()];
  }

  /** Every entry of a role: for the few places that must know them all (a text pre-scan for candidate calls). */
  entriesWithRole(...roles: Role[]): CatalogEntry[] {
    return [...this.byName.values()].filter(entry => roles.includes(entry.role));
  }

  /**
   * The first entry of one of `roles` whose name ends with the segment `name` (`create_task` →
   * `asyncio.create_task`): what a method called on a receiver nobody can type most likely is.
   */
  entryEndingWith(name: string, ...roles: Role[]): CatalogEntry | undefined {
    return this.entriesWithRole(...roles).find(entry => lastSegment(entry.name) === name);
  }

  /** Whether some entry of one of `roles` has a name ending with the segment `name`. */
  hasEntryEndingWith(name: string, ...roles: Role[]): boolean {
    return this.entryEndingWith(name, ...roles) !== undefined;
  }

  /**
   * A text pre-scan for calls of the catalogue's entries of `roles`: the last segment of one of their names followed
   * by `(` (TypeScript's `<T>` and the `)` of `(0, x.y)(` may come between). It matches the segment alone, which a
   * regular expression finds far faster than a whole identifier: the caller reads the identifier around it (a
   * longer name such as a project's `safe_gather` ends with it). Built from the catalogue's own names, escaped,
   * never from user text; the matches are only candidates, read as nodes and resolved afterwards.
   */
  callPattern(...roles: Role[]): RegExp {
    const names = [...new Set(this.entriesWithRole(...roles).map(entry => lastSegment(entry.name)))].sort((a, b) => b.length - a.length);
    return new RegExp('(?:' + names.map(escapeForPattern).join('|') + ')(?=\\s*\\)?\\s*(?:<[^>()]*>\\s*)?\\()', 'g');
  }

  /**
   * A text pre-scan for the quoted name of a module of the catalogue's entries of `roles` (`'p-limit'`), for a fact
   * read from a file's whole text. Built from the catalogue's own names, escaped.
   */
  quotedModulePattern(...roles: Role[]): RegExp {
    const modules = [...new Set(this.entriesWithRole(...roles).map(entry => entry.name.split('.')[0]))];
    return new RegExp('[\'"](?:' + modules.map(escapeForPattern).join('|') + ')[\'"]');
  }

  /**
   * Whether one name says what a hint describes. Names are compared as lower-case words: `fetchUserPages` and
   * `fetch_user_pages` are both `fetch_user_pages`.
   */
  nameSays(hint: HintName, name: string): boolean {
    // A hint a language's catalogue does not have (Python names no limiter factories) says nothing.
    const pattern = this.hints.get(hint);
    if (!pattern) return false;
    const written = words(name);
    return pattern.test(written) || (collectionHints.has(hint) && pattern.test(pluralOfListName(written)));
  }
}

/** Hints that say what a collection holds: a list named for one of a thing holds those things. */
const collectionHints: ReadonlySet<HintName> = new Set<HintName>(['dataCollectionName', 'configCollectionName']);

/**
 * `platform_list` → `platforms`, `url_array` → `urls`, `entry_set` → `entries`, `address_map` → `addresses`: the
 * catalogue's collection names are plurals, and a list named for its element says the same as the plural.
 */
export function pluralOfListName(written: string): string {
  const match = /^(.*[a-z])_(?:list|array|arr|set|map|collection)$/.exec(written);
  if (!match) return written;
  const noun = match[1];
  if (/(?:s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** `asyncio.TaskGroup.create_task` → `create_task`; `p-limit` → `p-limit`. */
export function lastSegment(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
}

function escapeForPattern(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `fetchUserPages`, `FetchUserPages`, `fetch_user_pages` and `FETCH_USER_PAGES` all become `fetch_user_pages`. */
export function words(name: string): string {
  return name
    .replace(/^[_$#]+|[_$]+$/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export const pythonCatalog = new Catalog('python', pythonData as unknown as CatalogData);
export const javascriptCatalog = new Catalog('javascript', javascriptData as unknown as CatalogData);

export function catalogFor(family: LanguageFamily): Catalog {
  return family === 'python' ? pythonCatalog : javascriptCatalog;
}
