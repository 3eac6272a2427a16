/**
 * unbounded-fanout in JavaScript and TypeScript: `Promise.all` / `allSettled` / `any` / `race` over a mapped
 * collection or an array a loop fills. `$0...$0` marks the exact range of each expected finding: the
 * `Promise.*(...)` call without `await`. TypeScript cases use the `typescript` grammar; plain JavaScript and JSX
 * cases use `tsx`, as the editor and the CLI do for `.js` / `.jsx` files.
 */
import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { runRuleTests } from './ruleTester';

describe('unbounded-fanout (JavaScript and TypeScript)', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    // Today's rule, kept as the strict level: any fan-out over a collection of unknown size.
    options: { level: 'strict' },
    valid: [
      // Explicit and literal arrays: the number of promises is written in the code.
      {
        name: 'an explicit array of two calls',
        code: `
          export async function loadProfile(userId: string) {
            const [user, orders] = await Promise.all([fetchUser(userId), fetchOrders(userId)]);
            return { user, orders };
          }
        `,
      },
      {
        name: 'Promise.race against a timeout',
        code: `
          export function fetchWithTimeout(url: string): Promise<Response> {
            return Promise.race([fetch(url), timeout(5000)]);
          }
        `,
      },
      {
        name: 'a literal array mapped',
        code: `
          await Promise.all([1, 2, 3].map(id => fetchUser(id)));
        `,
      },
      {
        name: 'Array.from({ length: 5 }, ...)',
        code: `
          await Promise.all(Array.from({ length: 5 }, (_, page) => fetchPage(page)));
        `,
      },
      {
        name: 'a typed const array followed through its name',
        code: `
          export async function loadTeam() {
            const ids: number[] = [1, 2, 3];
            return Promise.all(ids.map(fetchUser));
          }
        `,
      },
      {
        name: 'an "as const" array',
        code: `
          export async function loadTeam() {
            const ids = [1, 2, 3] as const;
            return Promise.all(ids.map(fetchUser));
          }
        `,
      },
      {
        name: 'a module-level constant array',
        code: `
          const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];

          export async function pingRegions(): Promise<void> {
            await Promise.all(REGIONS.map(region => ping(region)));
          }
        `,
      },
      {
        name: 'Array.from with a module-level constant length',
        code: `
          const SHARDS = 4;

          export async function scanAll() {
            await Promise.all(Array.from({ length: SHARDS }, (_, shard) => scanShard(shard)));
          }
        `,
      },
      {
        name: 'a counted loop within the limit',
        code: `
          export async function warmCache() {
            const pages: Promise<Page>[] = [];
            for (let i = 0; i < 8; i++) pages.push(fetchPage(i));
            await Promise.all(pages);
          }
        `,
      },
      {
        name: 'a known size equal to the limit (16) is allowed',
        code: `
          await Promise.all(Array.from({ length: 16 }, (_, page) => fetchPage(page)));
        `,
      },
      {
        name: 'maxConcurrency from options raises the limit',
        options: { maxConcurrency: 64 },
        code: `
          await Promise.all(Array.from({ length: 50 }, (_, page) => fetchPage(page)));
        `,
      },

      // Slices and chunks: each Promise.all sees at most a few elements, whatever the collection's size.
      {
        name: 'ids.slice(0, 5)',
        code: `
          export async function preview(ids: string[]) {
            return Promise.all(ids.slice(0, 5).map(fetchUser));
          }
        `,
      },
      {
        name: 'a spread of a slice',
        code: `
          export async function preview(ids: string[]) {
            await Promise.allSettled([...ids.slice(0, 3)].map(fetchUser));
          }
        `,
      },
      {
        name: 'a chunk loop through a chunk variable',
        code: `
          export async function syncUsers(ids: string[]) {
            for (let i = 0; i < ids.length; i += 10) {
              const chunk = ids.slice(i, i + 10);
              await Promise.all(chunk.map(fetchUser));
            }
          }
        `,
      },
      {
        name: "lodash's chunk under another name, known from the catalogue",
        code: `
          import { chunk as inBatchesOf } from 'lodash';

          export async function syncUsers(ids: string[]) {
            for (const batch of inBatchesOf(ids, 10)) await Promise.all(batch.map(fetchUser));
          }
        `,
      },
      {
        name: 'a chunk loop with a module-level chunk size, sliced inline',
        code: `
          const MAX_PARALLEL = 8;

          export async function syncUsers(ids: string[]) {
            for (let start = 0; start < ids.length; start += MAX_PARALLEL) {
              await Promise.all(ids.slice(start, start + MAX_PARALLEL).map(fetchUser));
            }
          }
        `,
      },
      {
        name: 'a batch flushed inside the loop every 10 promises',
        code: `
          export async function syncUsers(ids: string[]) {
            let batch: Promise<User>[] = [];
            for (const id of ids) {
              batch.push(fetchUser(id));
              if (batch.length === 10) {
                await Promise.all(batch);
                batch = [];
              }
            }
            await Promise.all(batch);
          }
        `,
      },

      // A shared limiter applied to each call bounds the fan-out.
      {
        name: 'a module-level p-limit instance',
        code: `
          import pLimit from 'p-limit';

          const limit = pLimit(4);

          export async function loadUsers(ids: string[]): Promise<User[]> {
            return Promise.all(ids.map(id => limit(() => fetchUser(id))));
          }
        `,
      },
      {
        name: 'a p-limit instance created once in the function, before the fan-out',
        code: `
          import pLimit from 'p-limit';

          export async function loadUsers(ids: string[]) {
            const limit = pLimit(4);
            return Promise.all(ids.map(async id => limit(() => fetchUser(id))));
          }
        `,
      },
      {
        name: 'a limited array built first, then awaited',
        code: `
          import pLimit from 'p-limit';

          const limit = pLimit(4);

          export async function loadUsers(ids: string[]) {
            const tasks = ids.map(id => limit(() => fetchUser(id)));
            return Promise.all(tasks);
          }
        `,
      },
      {
        name: 'a p-limit instance in a class field, shared by the calls of one run',
        code: `
          import pLimit from 'p-limit';

          export class UserSync {
            private readonly limit = pLimit(4);

            async run(ids: string[]): Promise<User[]> {
              return Promise.all(ids.map(id => this.limit(() => fetchUser(id))));
            }
          }
        `,
      },
      {
        name: 'p-limit in CommonJS (plain JavaScript)',
        grammar: 'tsx',
        code: `
          const pLimit = require('p-limit');
          const limit = pLimit(8);

          module.exports = async ids => Promise.all(ids.map(id => limit(() => fetchUser(id))));
        `,
      },
      {
        name: "p-limit loaded into a var by esbuild's bundler (plain JavaScript)",
        grammar: 'tsx',
        code: `
          var import_p_limit = __toESM(require("p-limit"));

          async function loadUsers(ids) {
            const limit = (0, import_p_limit.default)(8);
            return Promise.all(ids.map(id => limit(() => fetchUser(id))));
          }
        `,
      },
      {
        name: 'a createLimiter instance (the limiter the plimit snippet declares)',
        code: `
          export async function loadUsers(ids: string[]) {
            const limit = createLimiter(4);
            return Promise.all(ids.map(id => limit(() => fetchUser(id))));
          }
        `,
      },
      {
        name: 'a shared p-queue',
        code: `
          import PQueue from 'p-queue';

          const queue = new PQueue({ concurrency: 4 });

          export async function loadUsers(ids: string[]) {
            await Promise.all(ids.map(id => queue.add(() => fetchUser(id))));
          }
        `,
      },
      {
        name: 'a module-level Sema acquired and released in the task function',
        code: `
          import { Sema } from 'async-sema';

          const sema = new Sema(4);

          async function fetchUser(id: string): Promise<User> {
            await sema.acquire();
            try {
              return await get(\`/users/\${id}\`);
            } finally {
              sema.release();
            }
          }

          export async function loadUsers(ids: string[]) {
            return Promise.all(ids.map(fetchUser));
          }
        `,
      },
      {
        name: 'a shared Bottleneck limiter',
        code: `
          import Bottleneck from 'bottleneck';

          const limiter = new Bottleneck({ maxConcurrent: 2 });

          export async function loadUsers(ids: string[]) {
            return Promise.all(ids.map(id => limiter.schedule(() => fetchUser(id))));
          }
        `,
      },
      {
        name: 'a for-of loop pushing limited calls',
        code: `
          import pLimit from 'p-limit';

          const limit = pLimit(4);

          export async function loadUsers(ids: string[]) {
            const pending: Promise<User>[] = [];
            for (const id of ids) pending.push(limit(() => fetchUser(id)));
            return Promise.all(pending);
          }
        `,
      },
      {
        name: 'a limiter passed in by the caller',
        code: `
          export async function loadUsers(ids: string[], limiter: Bottleneck) {
            return Promise.all(ids.map(id => limiter.schedule(() => fetchUser(id))));
          }
        `,
      },

      // Tools that bound concurrency themselves are not Promise.all.
      {
        name: 'p-map with a concurrency',
        code: `
          import pMap from 'p-map';

          export async function loadUsers(ids: string[]) {
            return pMap(ids, fetchUser, { concurrency: 4 });
          }
        `,
      },
      {
        name: 'async.mapLimit (plain JavaScript)',
        grammar: 'tsx',
        code: `
          const async = require('async');

          exports.loadUsers = function loadUsers(ids, done) {
            async.mapLimit(ids, 4, fetchUser, done);
          };
        `,
      },
      {
        name: 'Bluebird Promise.map with a concurrency',
        code: `
          import Promise from 'bluebird';

          export function loadUsers(ids: string[]) {
            return Promise.map(ids, fetchUser, { concurrency: 4 });
          }
        `,
      },
      {
        name: 'p-queue addAll on a shared queue',
        code: `
          import PQueue from 'p-queue';

          const queue = new PQueue({ concurrency: 4 });

          export async function loadUsers(ids: string[]) {
            await queue.addAll(ids.map(id => () => fetchUser(id)));
          }
        `,
      },

      // Not a fan-out over a collection: a while loop, awaiting in turn, text that only looks like code.
      {
        name: 'a while loop is not a collection',
        code: `
          export async function drain(cursor: Cursor) {
            const pending: Promise<void>[] = [];
            while (await cursor.hasNext()) pending.push(handle(await cursor.next()));
            await Promise.all(pending);
          }
        `,
      },
      {
        name: 'awaiting each item in turn is sequential',
        code: `
          export async function syncUsers(ids: string[]) {
            const users: User[] = [];
            for (const id of ids) users.push(await fetchUser(id));
            return users;
          }
        `,
      },
      {
        name: 'fan-outs in comments and strings are not code',
        code: `
          // Promise.all(ids.map(fetchUser))
          const example = 'Promise.all(ids.map(fetchUser))';
        `,
      },
      {
        name: 'a JSX list is a map but not a fan-out',
        grammar: 'tsx',
        code: `
          export function UserList({ users }: { users: User[] }) {
            return <ul>{users.map(u => <li key={u.id}>{u.name}</li>)}</ul>;
          }
        `,
      },

      // A limiter created per task limits nothing, but over three tasks there is nothing to limit.
      {
        name: 'a per-task p-limit over a literal array of three',
        code: `
          import pLimit from 'p-limit';

          await Promise.all([1, 2, 3].map(id => pLimit(1)(() => fetchUser(id))));
        `,
      },

      // Suppression comments, in each form.
      {
        name: 'disable-next-line naming the rule',
        code: `
          export async function pingRegions(regions: string[]) {
            // async-patterns-disable-next-line unbounded-fanout
            await Promise.all(regions.map(ping));
          }
        `,
      },
      {
        name: 'disable-line naming the rule',
        code: `
          export async function pingRegions(regions: string[]) {
            await Promise.all(regions.map(ping)); // async-patterns-disable-line unbounded-fanout
          }
        `,
      },
      {
        name: 'disable-next-line for all rules (no list)',
        code: `
          export async function pingRegions(regions: string[]) {
            // async-patterns-disable-next-line
            await Promise.all(regions.map(ping));
          }
        `,
      },
      {
        name: 'disable-line in a list of rules, with a reason after --',
        code: `
          export async function pingRegions(regions: string[]) {
            await Promise.all(regions.map(ping)); // async-patterns-disable-line other-rule, unbounded-fanout -- three regions
          }
        `,
      },

      // File-level tables the file never changes, and a batch flushed whenever it is full (issue 13: the simulator
      // counts them).
      {
        name: 'the keys of one entry of a file-level object table',
        code: `
          const LATENCY_MS: Record<string, Record<string, number>> = {
            'us-east': { ana: 120, ben: 180, caro: 90 },
            'eu-west': { ana: 200, ben: 140, caro: 160 },
          };

          export async function main() {
            const users = Object.keys(LATENCY_MS['us-east']);
            return Promise.all(users.map(user => getProfile(user)));
          }
        `,
      },
      {
        name: "an entry of a file-level table at a key the code does not fix: the largest entry's list",
        code: `
          const STAGES: Record<string, { needs: string[] }> = {
            install: { needs: [] },
            lint: { needs: ['install'] },
            deploy: { needs: ['install', 'lint'] },
          };

          export async function start(name: string): Promise<void> {
            const stage = STAGES[name];
            await Promise.all(stage.needs.map(start));
            await run(name);
          }
        `,
      },
      {
        name: "Promise.all's results, one per element of a file-level array",
        code: `
          const EXPORTS = ['users', 'orders', 'invoices'];

          export async function main() {
            const handles = await Promise.all(EXPORTS.map(startExport));
            return Promise.all(handles.map(waitUntilReady));
          }
        `,
      },
      {
        name: 'a batch flushed whenever it reaches BATCH_SIZE, and its remainder after the loop',
        code: `
          const BATCH_SIZE = 4;

          export async function main(client: FeedClient) {
            const indexed: string[] = [];
            let batch: Entry[] = [];
            for await (const entry of client.entries()) {
              batch.push(entry);
              if (batch.length === BATCH_SIZE) {
                indexed.push(...(await Promise.all(batch.map(indexEntry))));
                batch = [];
              }
            }
            if (batch.length > 0) indexed.push(...(await Promise.all(batch.map(indexEntry))));
            return indexed;
          }
        `,
      },
    ],

    invalid: [
      // Promise.all / allSettled / any / race over a mapped parameter: size unknown.
      {
        name: 'Promise.all(ids.map(fetchUser)) (the rule\'s doc example)',
        code: `
          export async function loadUsers(ids: string[]): Promise<User[]> {
            return $0Promise.all(ids.map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.all', collection: 'ids' } }],
      },
      {
        name: 'Promise.allSettled',
        code: `
          export async function saveOrders(orders: Order[]) {
            await $0Promise.allSettled(orders.map(order => save(order)))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.allSettled', collection: 'orders' } }],
      },
      {
        name: 'Promise.any',
        code: `
          export async function fromAnyMirror(mirrors: string[]) {
            return $0Promise.any(mirrors.map(mirror => download(mirror)))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.any', collection: 'mirrors' } }],
      },
      {
        name: 'Promise.race',
        code: `
          export async function fastest(urls: string[]) {
            return $0Promise.race(urls.map(url => fetch(url)))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.race', collection: 'urls' } }],
      },
      {
        name: 'a spread copy [...ids].map',
        code: `
          export async function loadUsers(ids: Set<string>) {
            return $0Promise.all([...ids].map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      {
        name: 'Array.from(ids, fn)',
        code: `
          export async function loadUsers(ids: Iterable<string>) {
            return $0Promise.all(Array.from(ids, fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      {
        name: 'a filter before the map keeps the size unknown',
        code: `
          export async function loadUsers(ids: Array<string | null>) {
            return $0Promise.all(ids.filter(Boolean).map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids.filter(Boolean)' } }],
      },
      {
        name: 'an async callback with typed parameters, over several lines',
        code: `
          export const loadOrders = async (orderIds: string[]): Promise<Order[]> =>
            $0Promise.all(orderIds.map(async (orderId: string): Promise<Order> => {
              const response = await fetch(\`/orders/\${orderId}\`);
              return (await response.json()) as Order;
            }))$0;
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'orderIds' } }],
      },
      {
        name: 'an explicit type argument Promise.all<User>(...)',
        code: `
          export async function loadUsers(ids: string[]) {
            return $0Promise.all<User>(ids.map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.all', collection: 'ids' } }],
      },
      {
        name: 'a .then() after the fan-out: the Promise.all call only',
        code: `
          export function loadActiveUsers(ids: string[]) {
            return $0Promise.all(ids.map(fetchUser))$0.then(users => users.filter(u => u.active));
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },

      // Variables holding mapped arrays, and loops that push promises: only the consumer is flagged, once.
      {
        name: 'a variable holding ids.map(...)',
        code: `
          export async function loadUsers(ids: string[]) {
            const promises = ids.map(fetchUser);
            return $0Promise.all(promises)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      {
        name: 'a for-of loop pushing into a typed array',
        code: `
          export async function loadUsers(ids: string[]) {
            const pending: Promise<User>[] = [];
            for (const id of ids) {
              pending.push(fetchUser(id));
            }
            return $0Promise.all(pending)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      {
        name: 'a classic for loop over ids.length',
        code: `
          export async function loadUsers(ids: string[]) {
            const pending = [];
            for (let i = 0; i < ids.length; i++) pending.push(fetchUser(ids[i]));
            return $0Promise.all(pending)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      {
        name: 'a for-in loop over an object',
        code: `
          export async function saveSettings(settings: Record<string, string>) {
            const writes = [];
            for (const key in settings) writes.push(saveSetting(key, settings[key]));
            await $0Promise.all(writes)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: 'a for loop bounded by a parameter',
        code: `
          export async function loadPages(pageCount: number) {
            const pages = [];
            for (let i = 0; i < pageCount; i++) pages.push(fetchPage(i));
            await $0Promise.all(pages)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: 'a for-of loop over an awaited query, then allSettled',
        code: `
          export async function shipPending(db: Db) {
            const requests: Array<Promise<Response>> = [];
            for (const order of await db.pendingOrders()) {
              requests.push(fetch(\`/orders/\${order.id}/ship\`, { method: 'POST' }));
            }
            await $0Promise.allSettled(requests)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.allSettled' } }],
      },
      {
        name: 'forEach pushing promises',
        code: `
          export async function loadUsers(ids: string[]) {
            const pending: Promise<User>[] = [];
            ids.forEach(id => pending.push(fetchUser(id)));
            await $0Promise.all(pending)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      {
        name: 'a known array grown by a spread push becomes unknown',
        code: `
          export async function loadTeam(extraIds: number[]) {
            const ids = [1, 2, 3];
            ids.push(...extraIds);
            await $0Promise.all(ids.map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },

      // Sources of unknown size: Object.keys / values / entries, the file system, a query, a property.
      {
        name: 'Object.keys(users)',
        code: `
          export async function saveAll(users: Record<string, User>) {
            await $0Promise.all(Object.keys(users).map(save))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'Object.keys(users)' } }],
      },
      {
        name: 'Object.entries in a for-of loop',
        code: `
          export async function saveAll(users: Record<string, User>) {
            const saves: Promise<void>[] = [];
            for (const [id, user] of Object.entries(users)) saves.push(save(id, user));
            await $0Promise.all(saves)$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'Object.entries(users)' } }],
      },
      {
        name: 'fs.readdir through a variable',
        code: `
          import { promises as fs } from 'fs';

          export async function readAll(dir: string): Promise<string[]> {
            const names = await fs.readdir(dir);
            return $0Promise.all(names.map(name => fs.readFile(\`\${dir}/\${name}\`, 'utf8')))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'names' } }],
      },
      {
        name: 'a database query result',
        code: `
          export async function notifyAll(db: Db) {
            const orders = await db.query('select * from orders where notified = false');
            await $0Promise.all(orders.map(notify))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'orders' } }],
      },
      {
        name: 'a property this.ids',
        code: `
          export class UserSync {
            ids: string[] = [];

            async run() {
              await $0Promise.all(this.ids.map(fetchUser))$0;
            }
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'this.ids' } }],
      },

      // Known sizes above the limit.
      {
        name: 'Array.from({ length: 50 }) is more than 16',
        code: `
          await $0Promise.all(Array.from({ length: 50 }, (_, page) => fetchPage(page)))$0;
        `,
        errors: [{ messageId: 'largeSize', data: { callee: 'Promise.all', size: 50, max: 16 } }],
      },
      {
        name: 'a counted loop up to a module-level constant',
        code: `
          const PAGES = 100;

          export async function warmCache() {
            const pages = [];
            for (let i = 0; i < PAGES; i++) pages.push(fetchPage(i));
            await $0Promise.all(pages)$0;
          }
        `,
        errors: [{ messageId: 'largeSize', data: { size: 100, max: 16 } }],
      },
      {
        name: 'chunks of 50 are larger than the limit',
        code: `
          export async function syncUsers(ids: string[]) {
            for (let i = 0; i < ids.length; i += 50) {
              await $0Promise.all(ids.slice(i, i + 50).map(fetchUser))$0;
            }
          }
        `,
        errors: [{ messageId: 'largeSize', data: { size: 50 } }],
      },
      {
        name: 'maxConcurrency from options lowers the limit',
        options: { maxConcurrency: 4 },
        code: `
          await $0Promise.all([1, 2, 3, 4, 5, 6].map(fetchPage))$0;
        `,
        errors: [{ messageId: 'largeSize', data: { size: 6, max: 4 } }],
      },

      // A limiter created per task bounds nothing.
      {
        name: 'pLimit created in the map callback',
        code: `
          import pLimit from 'p-limit';

          export async function loadUsers(ids: string[]) {
            return $0Promise.all(ids.map(id => {
              const limit = pLimit(4);
              return limit(() => fetchUser(id));
            }))$0;
          }
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'pLimit(4)', callee: 'Promise.all' } }],
      },
      {
        name: 'pLimit(2)(...) called inline (plain JavaScript)',
        grammar: 'tsx',
        code: `
          const pLimit = require('p-limit');

          exports.loadUsers = ids => $0Promise.all(ids.map(id => pLimit(2)(() => fetchUser(id))))$0;
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'pLimit(2)', callee: 'Promise.all' } }],
      },
      {
        name: 'a Sema created in the task function body',
        code: `
          import { Sema } from 'async-sema';

          async function fetchUser(id: string): Promise<User> {
            const sema = new Sema(4);
            await sema.acquire();
            try {
              return await get(\`/users/\${id}\`);
            } finally {
              sema.release();
            }
          }

          export async function loadUsers(ids: string[]) {
            return $0Promise.all(ids.map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'new Sema(4)' } }],
      },
      {
        name: 'pLimit created in the body of a for-of loop that pushes',
        code: `
          import pLimit from 'p-limit';

          export async function loadUsers(ids: string[]) {
            const pending: Promise<User>[] = [];
            for (const id of ids) {
              const limit = pLimit(1);
              pending.push(limit(() => fetchUser(id)));
            }
            await $0Promise.all(pending)$0;
          }
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'pLimit(1)' } }],
      },
      {
        name: 'a per-task p-limit over a known large array',
        code: `
          import pLimit from 'p-limit';

          await $0Promise.all(Array.from({ length: 100 }, (_, page) => pLimit(4)(() => fetchPage(page))))$0;
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'pLimit(4)' } }],
      },

      // Two fan-outs are two findings, in order.
      {
        name: 'two Promise.all calls in one function',
        code: `
          export async function loadEverything(ids: string[]) {
            const users = await $0Promise.all(ids.map(fetchUser))$0;
            const orders = await $0Promise.all(ids.map(fetchOrders))$0;
            return { users, orders };
          }
        `,
        errors: [
          { messageId: 'unknownSize', data: { collection: 'ids' } },
          { messageId: 'unknownSize', data: { collection: 'ids' } },
        ],
      },

      // Suppression comments only hide what they name.
      {
        name: 'disable-next-line naming another rule',
        code: `
          export async function loadUsers(ids: string[]) {
            // async-patterns-disable-next-line other-rule
            await $0Promise.all(ids.map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: 'disable-line naming another rule',
        code: `
          export async function loadUsers(ids: string[]) {
            await $0Promise.all(ids.map(fetchUser))$0; // async-patterns-disable-line other-rule
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },

      // Plain JavaScript and JSX, parsed with the TSX grammar.
      {
        name: 'CommonJS module.exports (plain JavaScript)',
        grammar: 'tsx',
        code: `
          const fs = require('fs/promises');

          module.exports = async function readAll(dir) {
            const names = await fs.readdir(dir);
            return $0Promise.all(names.map(name => fs.readFile(name, 'utf8')))$0;
          };
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'names' } }],
      },
      {
        name: 'inside a React effect (JSX)',
        grammar: 'tsx',
        code: `
          export function UserList({ ids }) {
            const [users, setUsers] = useState([]);
            useEffect(() => {
              $0Promise.all(ids.map(fetchUser))$0.then(setUsers);
            }, [ids]);
            return <ul>{users.map(u => <li key={u.id}>{u.name}</li>)}</ul>;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },

      // A syntax error elsewhere in the file does not hide a fan-out in a well-formed part.
      {
        name: 'a syntax error in another statement',
        code: `
          const broken = (;

          export async function loadUsers(ids: string[]) {
            return $0Promise.all(ids.map(fetchUser))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }],
      },
      // A file-level table the file changes, or a local that shadows it; a batch that is not flushed when full.
      {
        name: 'a file-level array pushed to in another function',
        code: `
          const REPLICAS = ['a', 'b', 'c'];

          export async function readAll(key: string) {
            return $0Promise.all(REPLICAS.map(replica => read(replica, key)))$0;
          }

          export function register(replica: string) {
            REPLICAS.push(replica);
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.all', collection: 'REPLICAS' } }],
      },
      {
        name: 'a table entry at a key the code does not fix, when one entry is not written out',
        code: `
          const STAGES: Record<string, { needs: string[] }> = {
            lint: { needs: ['install'] },
            deploy: { needs: loadNeeds() },
          };

          export async function start(name: string): Promise<void> {
            await $0Promise.all(STAGES[name].needs.map(start))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: "Promise.all's results over data of unknown size",
        code: `
          export async function main(ids: string[]) {
            const handles = await $0Promise.all(ids.map(startExport))$0;
            return $0Promise.all(handles.map(waitUntilReady))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }, { messageId: 'unknownSize', data: { collection: 'handles' } }],
      },
      {
        name: 'an entry of a file-level object table given new keys elsewhere',
        code: `
          const LATENCY_MS: Record<string, Record<string, number>> = { 'us-east': { ana: 120, ben: 180 } };

          export async function main() {
            return $0Promise.all(Object.keys(LATENCY_MS['us-east']).map(user => getProfile(user)))$0;
          }

          export function addUser(name: string) {
            LATENCY_MS['us-east'][name] = 100;
          }
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: 'a local of the same name shadows the file-level table',
        code: `
          const REPLICAS = ['a', 'b', 'c'];

          export async function readAll(key: string, REPLICAS: string[]) {
            return $0Promise.all(REPLICAS.map(replica => read(replica, key)))$0;
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'REPLICAS' } }],
      },
      {
        name: 'a batch that gets two entries before its size is checked',
        code: `
          const BATCH_SIZE = 4;

          export async function main(entries: Entry[]) {
            let batch: Entry[] = [];
            for (const entry of entries) {
              batch.push(entry);
              batch.push(related(entry));
              if (batch.length >= BATCH_SIZE) {
                await $0Promise.all(batch.map(indexEntry))$0;
                batch = [];
              }
            }
          }
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'batch' } }],
      },
    ],
  });
});
