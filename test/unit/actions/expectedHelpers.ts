/**
 * The helpers the JS/TS actions insert, written out as they must appear in a fixed file, so before/after cases can
 * state the whole expected text. Typed for TypeScript; `plain()` gives the JavaScript form.
 */

/** limit-with-helper, limit-concurrency and loop-concurrently without p-limit / p-map. */
export const mapWithConcurrencyTyped = `/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of \`fn\` running at once. */
function mapWithConcurrency<T, R>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {
  const list = Array.from(items);
  const results: R[] = new Array(list.length);
  return new Promise((resolve, reject) => {
    let started = 0;
    let finished = 0;
    if (list.length === 0) return resolve(results);
    const startNext = (): void => {
      const index = started++;
      Promise.resolve()
        .then(() => fn(list[index], index))
        .then(outcome => {
          results[index] = outcome;
          if (++finished === list.length) resolve(results);
          else if (started < list.length) startNext();
        }, reject);
    };
    for (let i = 0; i < Math.min(Math.max(1, limit), list.length); i++) startNext();
  });
}
`;

export const mapWithConcurrencyPlain = `/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of \`fn\` running at once. */
function mapWithConcurrency(items, limit, fn) {
  const list = Array.from(items);
  const results = new Array(list.length);
  return new Promise((resolve, reject) => {
    let started = 0;
    let finished = 0;
    if (list.length === 0) return resolve(results);
    const startNext = () => {
      const index = started++;
      Promise.resolve()
        .then(() => fn(list[index], index))
        .then(outcome => {
          results[index] = outcome;
          if (++finished === list.length) resolve(results);
          else if (started < list.length) startNext();
        }, reject);
    };
    for (let i = 0; i < Math.min(Math.max(1, limit), list.length); i++) startNext();
  });
}
`;

export const mapSettledWithConcurrencyTyped = `/** Like Promise.allSettled(items.map(fn)), with at most \`limit\` calls of \`fn\` running at once. */
function mapSettledWithConcurrency<T, R>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<PromiseSettledResult<R>[]> {
  const list = Array.from(items);
  const results: PromiseSettledResult<R>[] = new Array(list.length);
  return new Promise(resolve => {
    let started = 0;
    let finished = 0;
    if (list.length === 0) return resolve(results);
    const startNext = (): void => {
      const index = started++;
      Promise.resolve()
        .then(() => fn(list[index], index))
        .then(value => ({ status: 'fulfilled' as const, value }), reason => ({ status: 'rejected' as const, reason }))
        .then(outcome => {
          results[index] = outcome;
          if (++finished === list.length) resolve(results);
          else if (started < list.length) startNext();
        });
    };
    for (let i = 0; i < Math.min(Math.max(1, limit), list.length); i++) startNext();
  });
}
`;

/** A file without semicolons gets the helper without them (the `for (;;)` header keeps its own). */
export function withoutSemicolons(helper: string): string {
  return helper.replace(/;$/gm, '');
}

/** A file indented with tabs (or four spaces) gets the helper in its own indentation: each two spaces become `unit`. */
export function indentedWith(unit: string, helper: string): string {
  return helper.replace(/^(?: {2})+/gm, spaces => unit.repeat(spaces.length / 2));
}

/** add-timeout, for an awaited call that takes no AbortSignal. */
export const withTimeoutTyped = `/** Rejects with a TimeoutError if \`promise\` has not settled within \`ms\`; the timer is cleared either way. */
function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(\`timed out after \${ms} ms\`), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
`;

export const withTimeoutPlain = `/** Rejects with a TimeoutError if \`promise\` has not settled within \`ms\`; the timer is cleared either way. */
function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(\`timed out after \${ms} ms\`), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
`;

/**
 * worker-queue and producer-consumer (Python): the queue helper, defined just before the statement that gathers.
 * Written at the top level with four spaces a level; `pythonIndented` moves it to the statement's indentation.
 */
export const gatherWithWorkers = `async def gather_with_workers(awaitables, worker_count, return_exceptions=False):
    """Awaits each awaitable with at most \`worker_count\` at once, via a queue; results in order, like gather."""
    queue = asyncio.Queue()
    for position, awaitable in enumerate(awaitables):
        queue.put_nowait((position, awaitable))
    results = [None] * queue.qsize()
    errors = []

    async def worker():
        while True:
            position, awaitable = await queue.get()
            try:
                results[position] = await awaitable
            except Exception as error:
                results[position] = error
                errors.append(error)
            finally:
                queue.task_done()

    # async-patterns: ignore[unbounded-fanout] -- the workers themselves: worker_count of them
    workers = [asyncio.create_task(worker()) for _ in range(worker_count)]
    try:
        await queue.join()
    finally:
        for running in workers:
            running.cancel()
    if errors and not return_exceptions:
        raise errors[0]
    return results

`;

/** The Python helper at `indent`, with `unit` a level, `asyncio` under its alias. */
export function pythonIndented(helper: string, indent: string, unit = '    ', asyncio = 'asyncio'): string {
  return helper
    .replace(/^(?: {4})+/gm, spaces => unit.repeat(spaces.length / 4))
    .replace(/^(?=.)/gm, indent)
    .replace(/\basyncio\./g, `${asyncio}.`);
}

/** producer-consumer (JS/TS): workers pulling from one shared iterator. */
export const mapWithWorkersTyped = `/** Like Promise.all(items.map(fn)) with \`workerCount\` workers taking items from one shared iterator. */
async function mapWithWorkers<T, R>(items: Iterable<T>, workerCount: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {
  const results: R[] = [];
  const entries = Array.from(items).entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of entries) results[index] = await fn(item, index);
  };
  // async-patterns-disable-next-line unbounded-fanout -- the workers themselves: \`workerCount\` of them
  await Promise.all(Array.from({ length: Math.max(1, workerCount) }, worker));
  return results;
}
`;

export const mapWithWorkersPlain = `/** Like Promise.all(items.map(fn)) with \`workerCount\` workers taking items from one shared iterator. */
async function mapWithWorkers(items, workerCount, fn) {
  const results = [];
  const entries = Array.from(items).entries();
  const worker = async () => {
    for (const [index, item] of entries) results[index] = await fn(item, index);
  };
  // async-patterns-disable-next-line unbounded-fanout -- the workers themselves: \`workerCount\` of them
  await Promise.all(Array.from({ length: Math.max(1, workerCount) }, worker));
  return results;
}
`;

/** process-in-batches: N at a time, the next batch when the whole batch has finished. */
export const mapInBatchesTyped = `/** Like Promise.all(items.map(fn)), in batches of \`size\`: each batch runs together, the next starts after it. */
async function mapInBatches<T, R>(items: Iterable<T>, size: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {
  const list = Array.from(items);
  const results: R[] = [];
  for (let start = 0; start < list.length; start += size) {
    const batch = list.slice(start, start + size);
    // async-patterns-disable-next-line unbounded-fanout -- one batch: \`size\` at a time
    results.push(...(await Promise.all(batch.map((item, offset) => fn(item, start + offset)))));
  }
  return results;
}
`;

export const mapInBatchesPlain = `/** Like Promise.all(items.map(fn)), in batches of \`size\`: each batch runs together, the next starts after it. */
async function mapInBatches(items, size, fn) {
  const list = Array.from(items);
  const results = [];
  for (let start = 0; start < list.length; start += size) {
    const batch = list.slice(start, start + size);
    // async-patterns-disable-next-line unbounded-fanout -- one batch: \`size\` at a time
    results.push(...(await Promise.all(batch.map((item, offset) => fn(item, start + offset)))));
  }
  return results;
}
`;
