import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { runRuleTests } from './ruleTester';

describe('unbounded-fanout (JavaScript and TypeScript)', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    valid: [
      // Literal and provably small collections.
      'await Promise.all([fetchUser(a), fetchUser(b)]);',
      'await Promise.all([1, 2, 3].map(id => fetchUser(id)));',
      'await Promise.all(Array.from({ length: 5 }, (_, i) => fetchPage(i)));',
      'export async function f(ids: string[]) { return Promise.all(ids.slice(0, 5).map(fetchUser)); }',
      'export async function f(ids: string[]) { await Promise.allSettled([...ids.slice(0, 3)].map(fetchUser)); }',
      { name: 'a const array followed through its name', code: 'export async function f() { const ids = [1, 2, 3]; await Promise.all(ids.map(fetchUser)); }' },
      { name: 'a module-level constant', code: "const REGIONS = ['eu', 'us', 'ap'];\nexport async function f() { await Promise.all(REGIONS.map(r => ping(r))); }" },
      { name: 'a counted loop within the limit', code: 'export async function f() { const ps = []; for (let i = 0; i < 8; i++) ps.push(fetchPage(i)); await Promise.all(ps); }' },
      { name: 'a chunk loop', code: 'export async function f(ids: string[]) {\n  for (let i = 0; i < ids.length; i += 10) {\n    const chunk = ids.slice(i, i + 10);\n    await Promise.all(chunk.map(fetchUser));\n  }\n}' },
      { name: 'lodash chunks', code: "import _ from 'lodash';\nexport async function f(ids: string[]) { for (const batch of _.chunk(ids, 10)) await Promise.all(batch.map(fetchUser)); }" },
      { name: 'a larger limit set in options', code: 'await Promise.all(Array.from({ length: 50 }, (_, i) => fetchPage(i)));', options: { maxConcurrency: 64 } },
      // Bounded by a shared limiter.
      "import pLimit from 'p-limit';\nconst limit = pLimit(4);\nexport async function f(ids: string[]) { return Promise.all(ids.map(id => limit(() => fetchUser(id)))); }",
      "import pLimit from 'p-limit';\nexport async function f(ids: string[]) { const limit = pLimit(4); return Promise.all(ids.map(async id => limit(() => fetchUser(id)))); }",
      "const pLimit = require('p-limit');\nconst limit = pLimit(8);\nmodule.exports = async ids => Promise.all(ids.map(id => limit(() => fetchUser(id))));",
      "import PQueue from 'p-queue';\nconst queue = new PQueue({ concurrency: 4 });\nexport async function f(ids: string[]) { await Promise.all(ids.map(id => queue.add(() => fetchUser(id)))); }",
      "import { Sema } from 'async-sema';\nconst sema = new Sema(4);\nasync function fetchUser(id: string) { await sema.acquire(); try { return await get(id); } finally { sema.release(); } }\nexport async function f(ids: string[]) { return Promise.all(ids.map(fetchUser)); }",
      "import Bottleneck from 'bottleneck';\nconst limiter = new Bottleneck({ maxConcurrent: 2 });\nexport async function f(ids: string[]) { return Promise.all(ids.map(id => limiter.schedule(() => fetchUser(id)))); }",
      "import pLimit from 'p-limit';\nconst limit = pLimit(4);\nexport async function f(ids: string[]) { const ps = []; for (const id of ids) ps.push(limit(() => fetchUser(id))); await Promise.all(ps); }",
      { name: 'a limiter passed in by the caller', code: 'export async function f(ids: string[], limiter: Limiter) { return Promise.all(ids.map(id => limiter.schedule(() => fetchUser(id)))); }' },
      // Tools that bound concurrency themselves are not Promise.all.
      "import pMap from 'p-map';\nexport async function f(ids: string[]) { return pMap(ids, fetchUser, { concurrency: 4 }); }",
      "import async from 'async';\nexport function f(ids, done) { async.mapLimit(ids, 4, fetchUser, done); }",
      "import Bluebird from 'bluebird';\nexport function f(ids: string[]) { return Bluebird.map(ids, fetchUser, { concurrency: 4 }); }",
      // Not the built-in, not code, not a collection.
      { name: 'a local Promise', code: "import Promise from 'bluebird';\nexport function f(ids: string[]) { return Promise.all(ids.map(fetchUser)); }" },
      { name: 'strings and comments', code: "// Promise.all(ids.map(fetchUser))\nconst doc = 'Promise.all(ids.map(fetchUser))';" },
      { name: 'a while loop is not a collection', code: 'export async function f(cursor: Cursor) { const ps = []; while (cursor.next()) ps.push(handle(cursor.value)); await Promise.all(ps); }' },
      { name: 'a batch flushed inside the loop', code: 'export async function f(ids: string[]) { let batch = []; for (const id of ids) { batch.push(fetchUser(id)); if (batch.length === 10) { await Promise.all(batch); batch = []; } } await Promise.all(batch); }' },
      // Suppressions.
      'export async function f(ids: string[]) {\n  // async-patterns-disable-next-line unbounded-fanout\n  await Promise.all(ids.map(fetchUser));\n}',
      'export async function f(ids: string[]) {\n  await Promise.all(ids.map(fetchUser)); // async-patterns-disable-line unbounded-fanout\n}',
      'export async function f(ids: string[]) {\n  // async-patterns-disable-next-line\n  await Promise.all(ids.map(fetchUser));\n}',
      // JSX files parse with the TSX grammar.
      { grammar: 'tsx', code: 'export function List() { return <ul>{[1, 2].map(i => <li key={i}>{i}</li>)}</ul>; }\nexport async function f() { await Promise.all([a(), b()]); }' },
    ],
    invalid: [
      // Mapped collections of unknown size.
      { code: 'export async function loadUsers(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser))$0;\n}',
        errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.all', collection: 'ids' } }] },
      { code: 'export async function f(ids: string[]) { await $0Promise.allSettled(ids.map(id => save(id)))$0; }', errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.allSettled' } }] },
      { code: 'export async function f(ids: string[]) { return $0Promise.any(ids.map(mirror => download(mirror)))$0; }', errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.any' } }] },
      { code: 'export async function f(ids: string[]) { return $0Promise.race(ids.map(fetchUser))$0; }', errors: [{ messageId: 'unknownSize', data: { callee: 'Promise.race' } }] },
      { code: 'export async function f(ids: string[]) { return $0Promise.all([...ids].map(fetchUser))$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }] },
      { code: 'export async function f(ids: string[]) { return $0Promise.all(Array.from(ids, fetchUser))$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }] },
      { code: 'export async function f(ids: string[]) { return $0Promise.all(ids.filter(Boolean).map(fetchUser))$0; }', errors: [{ messageId: 'unknownSize' }] },
      // Variables holding such arrays, and loops that push promises.
      { code: 'export async function f(ids: string[]) { const promises = ids.map(fetchUser); return $0Promise.all(promises)$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }] },
      { code: 'export async function f(ids: string[]) { const ps: Promise<User>[] = []; for (const id of ids) { ps.push(fetchUser(id)); } return $0Promise.all(ps)$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }] },
      { code: 'export async function f(ids: string[]) { const ps = []; for (let i = 0; i < ids.length; i++) ps.push(fetchUser(ids[i])); return $0Promise.all(ps)$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }] },
      { code: 'export async function f(obj: Record<string, string>) { const ps = []; for (const key in obj) ps.push(save(key)); await $0Promise.all(ps)$0; }', errors: [{ messageId: 'unknownSize' }] },
      { code: 'export async function f(ids: string[]) { const ps = []; ids.forEach(id => ps.push(fetchUser(id))); await $0Promise.all(ps)$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'ids' } }] },
      { code: 'export async function f(n: number) { const ps = []; for (let i = 0; i < n; i++) ps.push(fetchPage(i)); await $0Promise.all(ps)$0; }', errors: [{ messageId: 'unknownSize' }] },
      // Unknown sources: Object.keys, the file system, a query, a property.
      { code: 'export async function f(users: Record<string, User>) { await $0Promise.all(Object.keys(users).map(save))$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'Object.keys(users)' } }] },
      { code: "import { promises as fs } from 'fs';\nexport async function f(dir: string) {\n  const files = await fs.readdir(dir);\n  await $0Promise.all(files.map(name => fs.readFile(name)))$0;\n}", errors: [{ messageId: 'unknownSize', data: { collection: 'files' } }] },
      { code: 'export async function f(db: Db) { const orders = await db.query("select * from orders"); await $0Promise.all(orders.map(notify))$0; }', errors: [{ messageId: 'unknownSize', data: { collection: 'orders' } }] },
      { code: 'class Sync { ids: string[] = []; async run() { await $0Promise.all(this.ids.map(fetchUser))$0; } }', errors: [{ messageId: 'unknownSize', data: { collection: 'this.ids' } }] },
      // Known sizes above the limit.
      { code: 'await $0Promise.all(Array.from({ length: 50 }, (_, i) => fetchPage(i)))$0;', errors: [{ messageId: 'largeSize', data: { size: 50, max: 16 } }] },
      { code: 'const PAGES = 100;\nexport async function f() { const ps = []; for (let i = 0; i < PAGES; i++) ps.push(fetchPage(i)); await $0Promise.all(ps)$0; }', errors: [{ messageId: 'largeSize', data: { size: 100 } }] },
      { code: 'await $0Promise.all([1, 2, 3, 4, 5, 6].map(fetchPage))$0;', options: { maxConcurrency: 4 }, errors: [{ messageId: 'largeSize', data: { size: 6, max: 4 } }] },
      { code: 'export async function f() { const ids = [1, 2, 3]; ids.push(...more); await $0Promise.all(ids.map(fetchUser))$0; }', errors: [{ messageId: 'unknownSize' }] },
      // The per-task limiter trap.
      { code: "import pLimit from 'p-limit';\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(id => { const limit = pLimit(4); return limit(() => fetchUser(id)); }))$0;\n}",
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'pLimit(4)', callee: 'Promise.all' } }] },
      { code: "const pLimit = require('p-limit');\nexports.f = ids => $0Promise.all(ids.map(id => pLimit(2)(() => fetchUser(id))))$0;", errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'pLimit(2)' } }] },
      { code: "import { Sema } from 'async-sema';\nasync function fetchUser(id: string) { const sema = new Sema(4); await sema.acquire(); try { return await get(id); } finally { sema.release(); } }\nexport async function f(ids: string[]) { return $0Promise.all(ids.map(fetchUser))$0; }", errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'new Sema(4)' } }] },
      { code: "import pLimit from 'p-limit';\nexport async function f(ids: string[]) { const ps = []; for (const id of ids) { const limit = pLimit(1); ps.push(limit(() => fetchUser(id))); } await $0Promise.all(ps)$0; }", errors: [{ messageId: 'perTaskLimiter' }] },
      // Suppression for another rule; JavaScript and JSX files.
      { code: 'export async function f(ids) {\n  // async-patterns-disable-next-line other-rule\n  await $0Promise.all(ids.map(fetchUser))$0;\n}', errors: [{ messageId: 'unknownSize' }] },
      { grammar: 'tsx', code: 'module.exports = async function load(ids) { return $0Promise.all(ids.map(id => fetch(`/users/${id}`)))$0; };', errors: [{ messageId: 'unknownSize' }] },
      { grammar: 'tsx', code: 'export function List({ ids }) { useEffect(() => { $0Promise.all(ids.map(load))$0.then(setRows); }, [ids]); return <ul/>; }', errors: [{ messageId: 'unknownSize' }] },
      // Syntax errors elsewhere do not hide it.
      { code: 'const broken = (;\nexport async function f(ids: string[]) { return $0Promise.all(ids.map(fetchUser))$0; }', errors: [{ messageId: 'unknownSize' }] },
    ],
  });
});
