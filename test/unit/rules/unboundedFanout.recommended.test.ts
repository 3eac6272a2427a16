/**
 * unbounded-fanout at its `recommended` level (the default): a fan-out is reported only with evidence that each task
 * reaches an external resource, that the collection is data-driven, and that nothing bounds the tasks (issue 12).
 * Each valid case is a false alarm of the strict level that real code showed; each invalid case a real problem. The
 * misses the issue names (wrappers of gather/allSettled, `push(...xs.map())`, `start_soon`, `spawn`, `pMap`) are
 * checked at both levels.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { dedent, runRuleTests } from './ruleTester';

const strict = { level: 'strict' } as const;

describe('unbounded-fanout, recommended level (JavaScript/TypeScript)', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      // Waiting is not starting: the promises exist already.
      { name: 'waits on promises a field holds', code: 'class Flusher { async flush() { await Promise.all(this.pending); } }' },
      { name: 'waits on promises passed in', code: 'export async function settle(promises: Promise<void>[]) { await Promise.all(promises); }' },
      // No external work per element.
      { name: 'an async map to plain objects', code: 'export async function wrap(items: Item[]) { return Promise.all(items.map(async item => ({ id: item.id }))); }' },
      { name: 'dispatch to handlers', code: 'export async function emit(events: Event[]) { await Promise.all(events.map(event => handle(event))); }' },
      { name: 'local file reads the OS absorbs', code: "import { promises as fs } from 'fs';\nexport async function load(files: string[]) { return Promise.all(files.map(f => fs.readFile(f, 'utf8'))); }" },
      {
        name: "local reads through esbuild's __toESM(require('fs-extra'))",
        code: 'var import_fs_extra = __toESM(require("fs-extra"));\nexport async function readAll(packageFiles) { return Promise.all(packageFiles.map(f => (0, import_fs_extra.readJson)(f))); }',
      },
      { name: 'closing connections that are open', code: 'export async function closeAll(clients: Client[]) { await Promise.all(clients.map(client => client.close())); }' },
      // Small by design.
      { name: 'plugins of the configuration', code: 'export async function loadAll(plugins: Plugin[]) { await Promise.all(plugins.map(p => fetch(p.url))); }' },
      { name: 'a part of the configuration object', code: 'export async function release(context: Context) { await Promise.all(context.hosting.deploys.map(d => api.updateVersion(d))); }' },
      { name: "promise methods are not the work: a local read's .catch", code: "import * as fs from 'fs';\nexport async function resolve(paths: string[]) { return Promise.all(paths.map(p => fs.promises.realpath(p).catch(() => p))); }" },
      { name: "a method of a call's result is not a call on the client", code: "import * as fs from 'fs';\nexport async function sizes(paths: string[]) { return Promise.all(paths.map(async p => fs.readFileSync(p).toString().length)); }" },
      { name: 'a dictionary-like get on a receiver only named like a connection', code: 'export async function look(keys: string[], connections: Map<string, Conn>) { return Promise.all(keys.map(async k => connMap.get(k))); }' },
      { name: 'names split from a setting', code: "export async function grant(names: string) { await Promise.all(names.split(',').map(n => api.deleteSecret(n))); }" },
      { name: 'a pool of workers', code: 'export async function run(workerCount: number) { await Promise.all(Array.from({ length: workerCount }, () => fetch(next()))); }' },
      // Names of other modules' functions are weak evidence: only the words that say I/O count.
      { name: 'a runner of plugin hooks named for an API', code: "import { apiRunner } from './api-runner';\nexport async function extend(nodes: GraphNode[]) { await Promise.all(nodes.map(n => apiRunner('onCreateNode', { node: n }))); }" },
      { name: 'a page chunk loaded in-process', code: "import { loader } from './loader';\nexport async function warm(nodes: GraphNode[]) { await Promise.all(nodes.map(n => loader.getPageChunk(n.chunkName))); }" },
      { name: 'a cap the code writes below 100', code: 'const MAX_NODES = 50;\nexport async function sizes(nodes: Node[]) { const few = nodes.slice(0, MAX_NODES); return Promise.all(few.map(n => session.sendCommand(n.id))); }' },
      { name: 'a literal count below 100', code: 'export async function warm() { await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`/item/${i}`))); }' },
      // Bounded by something the shape does not show.
      {
        name: 'a method handed on with bind, whose work is in the process',
        code: 'class Index { build(docs: Doc[]) { return Promise.all(docs.map(this.tokenize.bind(this))); } async tokenize(doc: Doc) { return doc.text.split(/\\s+/); } }',
      },
      { name: 'a limiter passed to each task', code: 'export async function load(ids: string[], limit: Limit) { return Promise.all(ids.map(id => fetchOne(id, limit))); }' },
      { name: "a queue's add", code: 'class Sync { async run(ids: string[]) { await Promise.all(ids.map(id => this.requestQueue.add(() => fetch(id)))); } }' },
      {
        name: "TypeScript's compiled pLimit call",
        code: 'export async function load(ids) { const limit = (0, utils_1.pLimit)(4); return Promise.all(ids.map(id => limit(() => fetch(id)))); }',
        options: strict,
      },
      {
        name: 'work run through an executor inside a method each task calls',
        code: `
          class Deployer {
            constructor(private readonly executor: Executor) {}
            async deleteAll(endpoints: Endpoint[]) { await Promise.all(endpoints.map(e => this.deleteOne(e))); }
            private async deleteOne(e: Endpoint) { await this.executor.run(() => api.deleteFunction(e.name)); }
          }
        `,
      },
      // Local renames and deletes are metadata the OS absorbs, like reads.
      { name: 'local renames', code: "import { rename } from 'fs/promises';\nexport async function backUp(files: string[]) { await Promise.all(files.map(f => rename(f, `${f}.bak`))); }" },
      { name: 'local deletes through fs.promises', code: "import * as fs from 'fs';\nexport async function clear(folders: string[]) { await Promise.all(folders.map(f => fs.promises.rm(f, { recursive: true }))); }" },
      { name: 'a module function named for a local delete', code: "import { rm } from './files';\nexport async function clean(dirs: string[]) { await Promise.all(dirs.map(d => rm(d))); }" },
      {
        name: 'an error factory named for what failed, thrown',
        code: "import { accessDeniedError } from './errors';\nexport async function checkAll(inputs: Input[]) { await Promise.allSettled(inputs.map(async input => { if (!allowed(input)) throw accessDeniedError(input.id); return input; })); }",
      },
      {
        name: 'what a function of the configuration hands back',
        code: 'export async function publishExtras(config: Config) { const extras = await config.ui.getAdditionalFiles(); await Promise.all(extras.map(f => fetch(f.url))); }',
      },
      {
        name: 'DevTools protocol commands over one session',
        code: "export async function resolveAll(nodeIds: number[], session: ProtocolSession) { return Promise.all(nodeIds.map(id => session.sendCommand('DOM.resolveNode', { backendNodeId: id }))); }",
      },
      {
        name: 'a function of another module handed the protocol session',
        code: "import { fetchResponseBody } from './network';\nexport async function bodies(requestIds: string[], session: ProtocolSession) { return Promise.all(requestIds.map(id => fetchResponseBody(session, id))); }",
      },
      {
        name: 'a protocol command written out, sent on a receiver of any name (puppeteer, playwright)',
        code: "export async function removeScript(frames: Frame[], id: string) { await Promise.all(frames.map(frame => frame._client().send('Page.removeScriptToEvaluateOnNewDocument', { identifier: id }))); }",
      },
      {
        name: "a browser session's commands",
        code: "export class BidiContext { async clearCookies(cookies: Cookie[]) { await Promise.all(cookies.map(c => this._browser._browserSession.send('storage.deleteCookies', { filter: c }))); } }",
      },
      { name: "a utility module's deep clone", code: "const Utils = require('./utils');\nexport async function copies(url: string) { const records = await (await fetch(url)).json(); return Promise.all(records.map(async record => Utils.cloneDeep(record))); }" },
      { name: "a project's deep clone helper", code: "import { clone } from './util/clone';\nexport async function copyAll(items: Item[]) { return Promise.all(items.map(async i => clone(i))); }" },
      // Constants and small getters: written out in the code, small by design.
      { name: 'a constant of another module', code: "import * as registry from './registry';\nexport async function pingAll() { await Promise.all(Object.values(registry.mirrorHosts).map(h => fetch(h))); }" },
      { name: "a required module's constant", code: "const registry = require('./registry');\nexport async function pingAll() { await Promise.all(registry.mirrorHosts.map(h => fetch(h))); }" },
      { name: 'a SCREAMING_CASE constant', code: 'const MIRROR_HOSTS = loadHosts();\nexport async function pingAll() { await Promise.all(MIRROR_HOSTS.map(h => fetch(h))); }' },
      {
        name: 'a synchronous getter of this class returning configuration',
        code: `
          class Release {
            getMilestones() { const { milestones } = this.options; return (milestones || []).map(m => m.trim()); }
            async check() { await Promise.allSettled(this.getMilestones().map(m => fetch(m))); }
          }
        `,
      },
      { name: 'a parameter named for kinds of a thing', code: 'export async function enableAlerts(alertTypes: string[]) { await Promise.all(alertTypes.map(t => api.enableAlert(t))); }' },
      { name: 'a parameter named for suffixes', code: "export async function moveHelpers(helperSuffixes: string[]) { await Promise.all(helperSuffixes.map(s => api.copyHelper(s))); }" },
      // A plain `get` of a module of the project is a dictionary's, not an API wrapper's.
      { name: "a project module's get", code: "const store = require('./store');\nexport async function lookup(keys: string[]) { return Promise.all(keys.map(async k => store.get(k))); }" },
      { name: "an ESM project module's get", code: "import * as store from './store.js';\nexport async function lookup(keys: string[]) { return Promise.all(keys.map(async k => store.get(k))); }" },
      {
        name: 'a watcher calling the fan-out again later is not a recursive walk',
        code: `
          import { stat } from 'fs/promises';
          class Registry {
            async scan(dirs: string[]) { await Promise.all(dirs.map(d => this.watch(d))); }
            async watch(dir: string) { await stat(dir); watcher.on('add', () => this.scan([dir])); }
          }
        `,
      },
      // Chunks: one task per chunk of many elements is a number of tasks the code chose.
      { name: "a project's chunk helper", code: "import { chunk } from './utils/array';\nexport async function check(names: string[]) { await Promise.allSettled(chunk(names, 300).map(c => fetch(`/check?n=${c}`))); }" },
      // Each element called an entry of configuration: the list is configuration.
      { name: 'each element named a config entry', code: "import * as gcsm from './gcp/secretManager';\nexport async function fetchSecrets(secrets: Secret[]) { return Promise.all(secrets.map(async secretConfig => gcsm.accessSecretVersion(secretConfig.secret))); }" },
      { name: 'keys named by an --only option', code: "const runtimeconfig = require('./gcp/runtimeconfig');\nexport async function clone(only: string[]) { return Promise.all(only.map(key => runtimeconfig.variables.list(key))); }" },
      // Connectors are declared by hand, like plugins and providers.
      { name: 'connectors of a service', code: 'export async function dropInvalid(invalidConnectors: string[]) { await Promise.all(invalidConnectors.map(c => client.deleteConnector(c))); }' },
      // One local file written per element of something that is not a listing of files: a few files.
      { name: 'a local write per workspace package', code: "import { writeFile } from 'fs/promises';\nexport async function save(packages: Pkg[]) { await Promise.all(packages.map(p => writeFile(p.path, p.text))); }" },
      { name: 'a module function named for a local copy, per file association', code: "import { copyOrLinkFile } from 'builder-util';\nexport async function link(fileAssociations: Assoc[]) { await Promise.all(fileAssociations.map(a => copyOrLinkFile(a.icon, `out/${a.ext}`))); }" },
      { name: 'a local copy per variant of one file a glob finds', code: "import { glob } from 'glob';\nimport { copyFile } from 'fs/promises';\nexport async function copyEnvs(dir: string) { const envs = await glob(join(dir, '.env.*')); await Promise.all(envs.map(f => copyFile(f, `out/${f}`))); }" },
      { name: 'pMap with a concurrency', code: "import pMap from 'p-map';\nexport async function load(ids: string[]) { return pMap(ids, id => fetch(id), { concurrency: 8 }); }" },
      // A count of running tasks, raised when one starts and lowered when it ends, compared with a limit: a hand-made limiter.
      {
        name: 'a hand-made limiter: a running count compared with a limit, the rest kept pending',
        code: `
          const MAX_OPEN_FILES = 240;
          export async function uploadAll(client: Client, files: string[]) {
            let open = 0;
            const pending: Array<() => void> = [];
            const promises: Promise<void>[] = [];
            for (const file of files) {
              promises.push(new Promise<void>((resolve, reject) => {
                const start = () => {
                  open++;
                  client.upload(file).then(() => { open--; resolve(); pending.pop()?.(); }, reject);
                };
                if (open < MAX_OPEN_FILES) start(); else pending.push(start);
              }));
            }
            await Promise.all(promises);
          }
        `,
      },
      // Each task works only where its element equals a value the code writes: the elements that matter are kinds.
      {
        name: 'a dispatch on the element compared with written values',
        code: `
          class Meta {
            async forQuery(collection: string, query: Query) {
              return Promise.all(query.meta.map(metaVal => {
                if (metaVal === 'total_count') return this.count(collection);
                if (metaVal === 'filter_count') return this.count(collection, query.filter);
              }));
            }
            async count(collection: string, filter?: Filter) { return (await fetch(\`/count/\${collection}\`, { body: JSON.stringify(filter) })).json(); }
          }
        `,
      },
      {
        name: 'a switch on the element',
        code: "export async function warm(requested: string[]) { await Promise.all(requested.map(async name => { switch (name) { case 'users': return fetch('/users'); case 'teams': return fetch('/teams'); } })); }",
      },
      // A database client runs queries on its connection or its pool, which queues the rest.
      { name: "a query through a database client's pool", code: 'export async function validate(relationsStore: Record<string, number[]>) { await Promise.all(Object.entries(relationsStore).map(async ([uid, ids]) => strapi.db.query(uid).count({ where: { id: { $in: ids } } }))); }' },
      { name: "a pg pool's query", code: "export async function touchAll(pool: Pool, ids: number[]) { await Promise.all(ids.map(id => pool.query('UPDATE items SET seen = now() WHERE id = $1', [id]))); }" },
      // A utility belt computes values in memory, whatever its functions are named.
      { name: "lodash's cloneDeep is not a repository's clone", code: "const _ = require('lodash');\nexport async function compileAll(functions: string[], templates: Templates) { return Promise.all(functions.map(async f => _.cloneDeep(templates[f]))); }" },
      { name: "lodash's cloneDeep, compiled", code: 'const lodash_1 = require("lodash");\nexport async function compileAll(functions, templates) { return Promise.all(functions.map(async (f) => (0, lodash_1.cloneDeep)(templates[f]))); }' },
      // A minified file is built from a source elsewhere, where the fan-out would be bounded.
      {
        name: 'a minified file (lines over 200 characters on average, one of 1,000 or more)',
        code: `var o={${Array.from({ length: 150 }, (_, i) => `k${i}:${i}`).join(',')}};export async function l(i){return Promise.all(i.map(d=>fetch(d)))}`,
      },
      {
        name: 'a file named as a minifier output',
        code: 'export async function loadUsers(ids) { return Promise.all(ids.map(id => fetch(`/users/${id}`))); }',
        options: { filePath: 'public/vendor/users.min.js' },
      },
      // A promise settled before its executor returns did its work synchronously: the tasks ran one after another.
      {
        name: 'a synchronous native call wrapped in a promise',
        code: `
          const { copy } = require('./native');
          class Cache {
            async restore(outputs: string[]) { await Promise.all(outputs.map(async f => { await this.copy(f, \`cache/\${f}\`); })); }
            async copy(src: string, dest: string) {
              return new Promise<void>((res, rej) => { try { copy(src, dest); res(); } catch (e) { rej(e); } });
            }
          }
        `,
      },
      // Test code starts many tasks on purpose.
      {
        name: 'a load test of 3,000 requests',
        code: 'it("survives load", async () => { await Promise.all(Array.from({ length: 3000 }, (_, i) => fetch(`/item/${i}`))); });',
        options: { filePath: 'src/__tests__/load.test.ts' },
      },
    ],
    invalid: [
      {
        name: 'API calls per element of an API listing, with the evidence in the message',
        code: `
          export async function prune(octokit: Octokit) {
            const branches = await octokit.paginate('GET /repos/{owner}/{repo}/branches');
            await $0Promise.all(branches.map(b => octokit.git.deleteRef({ ref: b.name })))$0;
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { callee: 'Promise.all', collection: 'branches', work: '`octokit.git.deleteRef` call', source: "from `await octokit.paginate('GET /repos/{own…`" } }],
      },
      {
        name: 'fetch per element of a data parameter',
        code: 'export async function loadUsers(ids: string[]) { return $0Promise.all(ids.map(fetchUser))$0; }\nasync function fetchUser(id: string) { return (await fetch(`/users/${id}`)).json(); }',
        errors: [{ messageId: 'unboundedWork', data: { work: '`fetch` call (network)', source: 'the parameter `ids`' } }],
      },
      {
        name: 'a function of this file that reaches the network through another',
        code: `
          async function push(file: string) { await upload(file); }
          async function upload(file: string) { await got.put(file); }
          export async function pushAll(files: string[]) { await $0Promise.all(files.map(f => push(f)))$0; }
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`got.put` call (network)' } }],
      },
      {
        name: 'a process per element of a glob',
        code: "import { glob } from 'glob';\nimport { execFile } from 'child_process';\nexport async function lintAll() { const files = await glob('**/*.ts'); await $0Promise.all(files.map(f => execFile('eslint', [f])))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`execFile` call (a process)' } }],
      },
      {
        name: 'a verb imported from another module (`copy` from a copy package)',
        code: "import copy from 'recursive-copy';\nexport async function copyAll(entries: Entry[]) { await $0Promise.all(entries.map(e => copy(e.inputPath, e.outputPath)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`copy` call' } }],
      },
      {
        name: 'the data spread into an object',
        code: 'export async function copyRoutes(prerendered: Routes, manifest: Routes) { const routes = { ...prerendered, ...manifest }; await $0Promise.all(Object.entries(routes).map(([p]) => fse.copy(p, `out/${p}`)))$0; }',
        errors: [{ messageId: 'unboundedWork', data: { source: 'the parameter `prerendered`' } }],
      },
      {
        name: 'a local write per page',
        code: "import { writeFile } from 'fs/promises';\nexport async function writeSite(pages: Page[]) { await $0Promise.all(pages.map(p => writeFile(p.outputPath, p.html)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`writeFile` call (file system)', source: 'the parameter `pages`' } }],
      },
      {
        name: 'a local copy per package a glob finds',
        code: "import { glob } from 'glob';\nimport { copyFile } from 'fs/promises';\nexport async function copyManifests() { const found = await glob('packages/*/package.json'); await $0Promise.all(found.map(f => copyFile(f, `out/${f}`)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`copyFile` call (file system)' } }],
      },
      {
        name: 'a task that writes a local file, then uploads, is judged by the upload',
        code: "import { writeFile } from 'fs/promises';\nexport async function publish(packages: Pkg[]) { await $0Promise.all(packages.map(async p => { await writeFile(p.path, p.text); await got.put(p.url); }))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`got.put` call (network)', source: 'the parameter `packages`' } }],
      },
      {
        name: 'a local copy per file of a glob',
        code: "import { glob } from 'glob';\nimport { copyFile } from 'fs/promises';\nexport async function copyAll() { const found = await glob('**/*.png'); await $0Promise.all(found.map(f => copyFile(f, `out/${f}`)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`copyFile` call (file system)' } }],
      },
      {
        name: 'a function of another module handed a client makes the promises',
        code: "import { searchQueries } from './util.js';\nclass GitHub { async resolve(changelog: string) { const shas = commitsOf(changelog); return $0Promise.all(searchQueries(this.client, this.owner, shas))$0; } }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`searchQueries(this.client, …)` call', source: 'from `commitsOf(changelog)`' } }],
      },
      {
        name: 'a message whose type is not written as a protocol command',
        code: 'export async function notifyAll(userIds: string[]) { await $0Promise.all(userIds.map(id => client.send(`user:${id}`, { to: id })))$0; }',
        errors: [{ messageId: 'unboundedWork', data: { work: '`client.send` call' } }],
      },
      {
        name: 'cloning a repository is work',
        code: "import { cloneRepo } from './git';\nexport async function mirror(urls: string[]) { await $0Promise.all(urls.map(url => cloneRepo(url)))$0; }",
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a message sent through a client is not a protocol session command',
        code: 'export async function notifyAll(userIds: string[]) { await $0Promise.all(userIds.map(id => client.send({ to: id })))$0; }',
        errors: [{ messageId: 'unboundedWork', data: { work: '`client.send` call' } }],
      },
      {
        name: 'what a client kept in the configuration reads is data',
        code: 'class Mirror { async run() { const repos = await this.config.client.listRepos(); await $0Promise.all(repos.map(r => fetch(r.url)))$0; } }',
        errors: [{ messageId: 'unboundedWork', data: { source: 'from `await this.config.client.listRepos()`' } }],
      },
      {
        name: 'a function of another module named for an API request',
        code: "import { apiRequest } from './api';\nexport async function loadAll(ids: string[]) { await $0Promise.all(ids.map(id => apiRequest(`/users/${id}`)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`apiRequest` call' } }],
      },
      {
        name: 'a function of another module that gets a web page',
        code: "import { getPageContent } from './scraper';\nexport async function scrapeAll(urls: string[]) { await $0Promise.all(urls.map(u => getPageContent(u)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`getPageContent` call' } }],
      },
      {
        name: 'a large literal count in application code',
        code: 'export async function warm() { await $0Promise.all(Array.from({ length: 5000 }, (_, i) => fetch(`/item/${i}`)))$0; }',
        errors: [{ messageId: 'unboundedWork', data: { source: '5000 elements' } }],
      },
      {
        name: 'a method of this file that makes the promises',
        code: `
          class Writer {
            async writeAll(paths: string[]) { await $0Promise.all(await this.renderAll(paths))$0; }
            async renderAll(paths: string[]) { return paths.map(p => fse.outputFile(p, '')); }
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { source: 'the parameter `paths`' } }],
      },
      {
        name: 'an API wrapper object of a project module',
        code: "const runtimeconfig = require('./gcp/runtimeconfig');\nexport async function readAll(keys: string[]) { return $0Promise.all(keys.map(k => runtimeconfig.variables.get(k)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`runtimeconfig.variables.get` call' } }],
      },
      {
        name: 'an API wrapper object of an ESM project module, imported with its extension',
        code: "import * as runtimeconfig from './gcp/runtimeconfig.js';\nexport async function readAll(keys: string[]) { return $0Promise.all(keys.map(k => runtimeconfig.variables.get(k)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`runtimeconfig.variables.get` call' } }],
      },
      {
        name: 'a recursive directory walk reads the whole tree at once',
        code: `
          import { readdir, stat } from 'fs/promises';
          import { join } from 'path';
          export async function sizeOf(dir: string): Promise<number> {
            const entries = await readdir(dir);
            const sizes = await $0Promise.all(entries.map(async name => {
              const info = await stat(join(dir, name));
              return info.isDirectory() ? sizeOf(join(dir, name)) : info.size;
            }))$0;
            return sizes.reduce((a, b) => a + b, 0);
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`stat` call (file system)', source: 'from `await readdir(dir)`' } }],
      },
      {
        name: 'a recursive walk through a module function named for the file operation',
        code: `
          const realpath = require('./realpath.js');
          class Loader {
            async load(node: TreeNode) {
              node.real = await realpath(node.path);
              return $0Promise.all(node.children.map(kid => this.load(kid)))$0;
            }
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`realpath` call (file system)' } }],
      },
      {
        name: "a module read through Rollup's interop namespace",
        code: "var git = require('./git');\nvar git__namespace = /*#__PURE__*/_interopNamespace(git);\nexport async function untagged(packages: Pkg[]) { return $0Promise.all(packages.map(async pkg => git__namespace.tagExists(pkg.name)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`git__namespace.tagExists` call' } }],
      },
      {
        name: 'a method of an instance of a class of this file',
        code: `
          class RegistryCleaner { async cleanup(fn: Fn) { await this.client.deleteImage(fn.image); } }
          export async function cleanupAll(functions: Fn[], cleaners: { registry?: RegistryCleaner } = {}) {
            const cleaner = cleaners.registry || new RegistryCleaner();
            await $0Promise.all(functions.map(fn => cleaner.cleanup(fn)))$0;
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`this.client.deleteImage` call' } }],
      },
      {
        name: 'a verb of a module required by destructuring',
        code: "const { deleteSecret } = require('@acme/secrets');\nexport async function prune(names: string[]) { await $0Promise.all(names.map(n => deleteSecret(n)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`deleteSecret` call' } }],
      },
      {
        name: 'a clone of a repository',
        code: "import { cloneRepo } from './git';\nexport async function mirrorAll(repos: string[]) { await $0Promise.all(repos.map(r => cloneRepo(r)))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`cloneRepo` call' } }],
      },
      {
        name: 'one line over 200 characters is not a minified file',
        code: `export async function loadUsers(ids: string[], ${Array.from({ length: 12 }, (_, i) => `option${i}?: string`).join(', ')}) { return $0Promise.all(ids.map(id => fetch(\`/users/\${id}\`)))$0; }`,
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a promise settled in a callback waits for that work: the tasks overlap',
        code: `
          const { copy } = require('./native');
          class Cache {
            async restore(outputs: string[]) { await $0Promise.all(outputs.map(async f => { await this.copy(f, \`cache/\${f}\`); }))$0; }
            async copy(src: string, dest: string) { return new Promise<void>(res => { copy(src, dest, () => res()); }); }
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`copy` call' } }],
      },
      {
        name: "a promise resolved with another call's promise waits for it",
        code: "export async function loadUsers(ids: string[]) { return $0Promise.all(ids.map(id => new Promise(resolve => { resolve(fetch(`/users/${id}`)); })))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`fetch` call (network)' } }],
      },
      {
        name: 'a branch on something else than a comparison with a written value is no dispatch',
        code: "export async function load(ids: string[]) { await $0Promise.all(ids.map(id => { if (id.length > 0) return fetch(`/items/${id}`); }))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`fetch` call (network)' } }],
      },
      {
        name: 'a call outside the dispatch still works per element',
        code: "export async function load(ids: string[]) { await $0Promise.all(ids.map(async id => { if (id === 'me') return; return fetch(`/items/${id}`); }))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`fetch` call (network)' } }],
      },
      {
        name: 'a query method on an API client is a request',
        code: "export async function searchAll(api: Api, terms: string[]) { await $0Promise.all(terms.map(t => api.query({ q: t })))$0; }",
        errors: [{ messageId: 'unboundedWork', data: { work: '`api.query` call' } }],
      },
      {
        name: "another method on a database's name is not a query through its pool",
        code: "export async function dropAll(db: Firestore, ids: string[]) { await $0Promise.all(ids.map(id => db.collection('items').doc(id).delete()))$0; }",
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a count that only goes up limits nothing',
        code: `
          export async function uploadAll(client: Client, files: string[]) {
            let started = 0;
            const promises: Promise<void>[] = [];
            for (const file of files) {
              started++;
              if (started > 1000) console.warn('many uploads');
              promises.push(client.upload(file));
            }
            await $0Promise.all(promises)$0;
          }
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`client.upload` call' } }],
      },
      {
        name: 'a limiter built per task is still reported',
        code: "import pLimit from 'p-limit';\nexport async function load(ids: string[]) { return $0Promise.all(ids.map(id => pLimit(2)(() => fetch(id))))$0; }",
        errors: [{ messageId: 'perTaskLimiter' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): a method handed on with bind', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [],
    invalid: [
      {
        name: 'the bound method is the task, judged by its body',
        code: 'class Uploader { sync(assets: Asset[]) { return $0Promise.all(assets.map(this.uploadOne.bind(this)))$0; } uploadOne(asset: Asset) { return this.client.putObject({ Key: asset.key, Body: asset.body }); } }',
        errors: [{ messageId: 'unboundedWork', data: { workCallee: 'this.client.putObject' } }],
      },
    ],
  });
});

describe('unbounded-fanout, misses caught at both levels (JavaScript/TypeScript)', () => {
  for (const level of ['recommended', 'strict'] as const) {
    describe(level, () => {
      runRuleTests(unboundedFanout, {
        grammar: 'typescript',
        options: { level },
        valid: [],
        invalid: [
          {
            name: 'a project wrapper of allSettled',
            code: 'export async function destroyAll(secrets: Secret[]) { await $0utils.allSettled(secrets.map(s => api.deleteSecret(s.name)))$0; }',
            errors: [{ messageId: level === 'strict' ? 'unknownSize' : 'unboundedWork', data: { callee: 'utils.allSettled' } }],
          },
          {
            name: 'promises pushed with a spread, then awaited together',
            code: 'export async function cleanAll(functions: Fn[]) { const cleanup = []; cleanup.push(...functions.map(async f => api.deleteImage(f.image))); await $0Promise.all(cleanup)$0; }',
            errors: [{ messageId: level === 'strict' ? 'unknownSize' : 'unboundedWork', data: { collection: 'functions' } }],
          },
          {
            name: 'pMap without a concurrency option (its default is Infinity)',
            code: "import pMap from 'p-map';\nexport async function migrate(blobs: Blob[]) { await $0pMap(blobs, async blob => store.set(blob.key, await fetch(blob.url)))$0; }",
            errors: [{ messageId: level === 'strict' ? 'unknownSize' : 'unboundedWork', data: { callee: 'pMap' } }],
          },
        ],
      });
    });
  }
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): a mode that runs everything at once on purpose', () => {
  // A tool's `--parallel` mode: the same work, bounded by a concurrency setting in the function beside it.
  const runner = (parallelName: string, lexicalOptions: string) => `
    import pMap from 'p-map';
    export class RunCommand {
      ${parallelName}() { return $0pMap(this.projects, p => spawnStreaming(this.script, p.location))$0; }
      runLexical() { return pMap(this.projects, p => this.getRunner()(p)${lexicalOptions}); }
    }
  `;
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      { name: 'a method named parallel beside one with a concurrency option', code: runner('runInPackagesParallel', ', { concurrency: this.concurrency }').replace(/\$0/g, '') },
      { name: 'a shorthand concurrency option beside it', code: runner('runAllConcurrently', ', { concurrency }').replace(/\$0/g, '') },
      {
        name: 'a function of the file named parallel beside one with a concurrency option',
        code: `
          export const uploadParallel = (assets: Asset[]) => Promise.all(assets.map(a => execa('aws', ['s3', 'cp', a.path])));
          export const uploadSerial = (assets: Asset[]) => pMap(assets, a => execa('aws', ['s3', 'cp', a.path]), { concurrency: 1 });
        `,
      },
    ],
    invalid: [
      // The name alone may describe an oversight: it counts only beside code that bounds the work when wanted.
      { name: 'named parallel, but nothing beside it is bounded', code: runner('runInPackagesParallel', ', { stopOnError: true }'), errors: [{ messageId: 'unboundedWork', data: { callee: 'pMap' } }] },
      { name: 'bounded beside it, but not named for running in parallel', code: runner('runInPackages', ', { concurrency: this.concurrency }'), errors: [{ messageId: 'unboundedWork', data: { callee: 'pMap' } }] },
      {
        name: 'a concurrency setting inside the fan-out itself is not a sibling',
        code: "export async function syncParallel(ids: string[]) { const opts = { concurrency: 4 }; await $0Promise.all(ids.map(id => fetch(`/sync/${id}`, opts)))$0; }",
        errors: [{ messageId: 'unboundedWork' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): a bound the project depends on', () => {
  // Two projects on disk: one depends on @octokit/plugin-throttling, which queues the requests of every Octokit built
  // with it (in another module, maybe a class passed in), the other only on @octokit/core.
  const project = path.join(os.tmpdir(), `fanout-js-dependencies-${process.pid}`);
  before(() => {
    for (const [folder, dependencies] of [['throttled', { '@octokit/core': '^6.0.0', '@octokit/plugin-throttling': '^11.0.0' }], ['plain', { '@octokit/core': '^6.0.0' }]] as const) {
      fs.mkdirSync(path.join(project, folder, 'lib'), { recursive: true });
      fs.writeFileSync(path.join(project, folder, 'package.json'), JSON.stringify({ name: folder, dependencies }));
    }
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));
  const comment = `
    export async function success(context, { Octokit }) {
      const octokit = new Octokit({ auth: context.token });
      const issues = await octokit.paginate('GET /search/issues', { q: context.query });
      await $0Promise.all(issues.map(issue => octokit.request('POST /repos/{owner}/{repo}/issues/{n}/comments', { n: issue.number })))$0;
    }
  `;
  const byClass = `
    import { Octokit } from '@octokit/core';
    export async function closeAll(token: string, numbers: number[]) {
      const gh = new Octokit({ auth: token });
      await $0Promise.all(numbers.map(n => gh.request('PATCH /repos/{owner}/{repo}/issues/{n}', { n, state: 'closed' })))$0;
    }
  `;
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      { name: 'an octokit of a project that depends on the throttling plugin', code: comment.replace(/\$0/g, ''), options: { filePath: path.join(project, 'throttled', 'lib', 'success.js') } },
      { name: 'a client made from the Octokit class, whatever its name', code: byClass.replace(/\$0/g, ''), options: { filePath: path.join(project, 'throttled', 'lib', 'close.ts') } },
    ],
    invalid: [
      {
        name: 'the same octokit without the plugin among the dependencies',
        code: comment,
        options: { filePath: path.join(project, 'plain', 'lib', 'success.js') },
        errors: [{ messageId: 'unboundedWork', data: { work: '`octokit.request` call' } }],
      },
      { name: 'no file on disk: no dependencies to read', code: byClass, errors: [{ messageId: 'unboundedWork', data: { work: '`gh.request` call' } }] },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): a bound another module of the project shows', () => {
  // Two projects on disk, laid out as serverless is: plugins call `this.provider.request(...)`, a method of the class
  // in `lib/plugins/aws/provider.js`, which calls `lib/aws/request.js` (also through a memoized property); in the
  // throttled project that module queues every request on a PromiseQueue of 2, in the plain one it does not. An ES
  // module beside them imports a helper that runs its fetch through a p-limit.
  const project = path.join(os.tmpdir(), `fanout-js-modules-${process.pid}`);
  const write = (relative: string, code: string) => {
    fs.mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
    fs.writeFileSync(path.join(project, relative), dedent(code));
  };
  before(() => {
    for (const folder of ['throttled', 'plain']) {
      write(`${folder}/package.json`, JSON.stringify({ name: folder }));
      write(`${folder}/lib/plugins/aws/provider.js`, `
        const awsRequest = require('../../aws/request');

        class AwsProvider {
          async request(service, method, params, options) {
            const useCache = options && options.useCache;
            return (useCache ? awsRequest.memoized : awsRequest)({ name: service }, method, params);
          }
        }
        module.exports = AwsProvider;
      `);
    }
    write('throttled/lib/aws/request.js', `
      const PromiseQueue = require('promise-queue');
      const memoize = require('memoizee');
      const sdk = require('./sdk');

      const requestQueue = new PromiseQueue(2, Infinity);

      async function awsRequest(service, method, ...args) {
        return requestQueue.add(() => sdk.client(service.name)[method](...args).promise());
      }
      awsRequest.memoized = memoize(awsRequest, { promise: true });
      module.exports = awsRequest;
    `);
    write('plain/lib/aws/request.js', `
      const sdk = require('./sdk');

      async function awsRequest(service, method, ...args) {
        return sdk.client(service.name)[method](...args).promise();
      }
      module.exports = awsRequest;
    `);
    write('throttled/src/http.ts', `
      import pLimit from 'p-limit';

      const limit = pLimit(8);

      export async function getJson(url: string) {
        return limit(() => fetch(url).then(response => response.json()));
      }
    `);
    write('plain/src/http.ts', `
      export async function getJson(url: string) {
        return fetch(url).then(response => response.json());
      }
    `);
    // A client class whose instances hold their own queue, in the module named after the field that holds one.
    write('throttled/src/client.ts', `
      import PQueue from 'p-queue';

      export class Client {
        private queue = new PQueue({ concurrency: 4 });
        async send(path: string) {
          return this.queue.add(() => fetch(path));
        }
      }
    `);
    write('throttled/src/api/client/index.js', `
      const Bottleneck = require('bottleneck');

      module.exports = class Client {
        constructor() {
          this.limiter = new Bottleneck({ maxConcurrent: 2 });
        }
        deleteHook(id) {
          return this.limiter.schedule(() => fetch('/hooks/' + id, { method: 'DELETE' }));
        }
      };
    `);
    write('plain/src/api/client/index.js', `
      const Bottleneck = require('bottleneck');

      module.exports = class Client {
        constructor() {
          this.limiter = new Bottleneck({ maxConcurrent: 2 });
        }
        listHooks() {
          return this.limiter.schedule(() => fetch('/hooks'));
        }
      };
    `);
    write('plain/src/client.ts', `
      export class Client {
        async send(path: string) {
          return fetch(path);
        }
      }
    `);
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));
  const plugin = `
    class AwsDeployList {
      constructor(serverless) {
        this.provider = serverless.getProvider('aws');
      }

      async listFunctions() {
        const { Functions } = await this.provider.request('Lambda', 'listFunctions', {});
        return $0Promise.all(Functions.map(f => this.provider.request('Lambda', 'getFunction', { FunctionName: f.FunctionName })))$0;
      }
    }
  `;
  const esModule = `
    import { getJson } from './http';

    export async function loadPages(index: string) {
      const pages: string[] = await getJson(index);
      return $0Promise.all(pages.map(page => getJson(page)))$0;
    }
  `;
  const sync = `
    export class Sync {
      constructor(private client: any) {}
      async pushAll(listing: string) {
        const paths: string[] = (await (await fetch(listing)).json()).paths;
        await $0Promise.all(paths.map(p => this.client.send(p)))$0;
      }
    }
  `;
  const hooks = `
    export async function removeHooks(client, siteUrl) {
      const { ids } = await (await fetch(siteUrl + '/hooks')).json();
      await $0Promise.all(ids.map(id => client.deleteHook(id)))$0;
    }
  `;
  const pluginFile = (folder: string) => path.join(project, folder, 'lib', 'plugins', 'aws', 'deploy', 'list.js');
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      { name: "a provider whose module's request method queues every call (two modules away)", code: plugin.replace(/\$0/g, ''), options: { filePath: pluginFile('throttled') } },
      { name: 'a helper imported from a module that runs it through a p-limit', code: esModule.replace(/\$0/g, ''), options: { filePath: path.join(project, 'throttled', 'src', 'pages.ts') } },
      { name: "a field's class (in the module named after it) queues on a PQueue each instance holds", code: sync.replace(/\$0/g, ''), options: { filePath: path.join(project, 'throttled', 'src', 'sync', 'push.ts') } },
      { name: "a parameter's class (in a folder's index.js above) schedules on its own Bottleneck", code: hooks.replace(/\$0/g, ''), options: { filePath: path.join(project, 'throttled', 'src', 'api', 'hooks.js') } },
    ],
    invalid: [
      {
        name: 'the same provider whose request module queues nothing',
        code: plugin,
        options: { filePath: pluginFile('plain') },
        errors: [{ messageId: 'unboundedWork', data: { work: '`this.provider.request` call' } }],
      },
      {
        name: 'the same helper without a limiter',
        code: esModule,
        options: { filePath: path.join(project, 'plain', 'src', 'pages.ts') },
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'the same field whose class queues nothing',
        code: sync,
        options: { filePath: path.join(project, 'plain', 'src', 'sync', 'push.ts') },
        errors: [{ messageId: 'unboundedWork', data: { work: '`this.client.send` call' } }],
      },
      { name: 'a module named after the receiver, without that method', code: hooks, options: { filePath: path.join(project, 'plain', 'src', 'api', 'hooks.js') }, errors: [{ messageId: 'unboundedWork' }] },
      { name: 'no file on disk: no module to read', code: plugin, errors: [{ messageId: 'unboundedWork' }] },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): database connections and look-alikes of I/O', () => {
  // Shapes of typeorm's query runners and entity managers (a held-out check found 120 findings there, none to act on).
  const requestRunner = (className: string, marked = false) => {
    const [open, close] = marked ? ['$0', '$0'] : ['', ''];
    return `export class ${className} extends Base {\n  async dropViews(schema: string) {\n    const viewNames = await (await fetch(\`/schemas/\${schema}/views\`)).json();\n    await ${open}Promise.all(viewNames.map(name => { const request = new this.driver.mssql.Request(this.databaseConnection); return request.query(\`DROP VIEW \${name}\`); }))${close};\n  }\n}`;
  };
  const queryRunner = (className: string, marked = false) => {
    const [open, close] = marked ? ['$0', '$0'] : ['', ''];
    return `export class ${className} extends Base {\n  async createForeignKeys(table: string, foreignKeys: ForeignKey[]) {\n    await ${open}Promise.all(foreignKeys.map(fk => this.executeQueries(this.createSql(table, fk), this.dropSql(table, fk))))${close};\n  }\n}`;
  };
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      { name: "a query runner's own queries run on its one connection", code: queryRunner('MysqlQueryRunner') },
      { name: "an entity manager's too", code: queryRunner('MongoEntityManager') },
      { name: "a query runner's queries through a request it builds on its connection", code: requestRunner('SqlServerQueryRunner') },
      {
        name: 'a query on a variable named for a database connection',
        code: "export async function dropViews(databaseConnection, schema: string) {\n  const views = await (await fetch(`/schemas/${schema}/views`)).json();\n  await Promise.all(views.map(v => databaseConnection.query(`DROP VIEW ${v.name}`)));\n}",
      },
      {
        name: "a query builder's chain ending in execute",
        code: 'export async function remove(qb, identifiers: string[]) {\n  await Promise.all(identifiers.map(id => qb.delete().from("cache").where("id = :id", { id }).execute()));\n}',
      },
      {
        name: 'a regular expression named so, not a process',
        code: "export async function parse(url: string) {\n  const tables = await (await fetch(url)).json();\n  const fkRegex = /FOREIGN KEY \\((.*?)\\)/;\n  return Promise.all(tables.map(async table => fkRegex.exec(table.sql)));\n}",
      },
      {
        name: 'a regular expression literal',
        code: 'export async function parse(url: string) {\n  const indices = await (await fetch(url)).json();\n  return Promise.all(indices.map(async index => /WHERE(.*)/.exec(index.sql)));\n}',
      },
      {
        name: 'Redis commands, pipelined over the client\'s one connection',
        code: 'export async function schedulers(client, key: string) {\n  const ids: string[] = await client.zrange(key, 0, -1);\n  return Promise.all(ids.map(id => client.hgetall(`${key}:${id}`)));\n}',
      },
      {
        name: 'any command of a receiver named for Redis',
        code: 'export class QueryResultCache {\n  async remove(identifiers: string[]) {\n    await Promise.all(identifiers.map(id => this.redis.del(id)));\n  }\n}',
      },
      {
        name: "a Redis-named class's client commands",
        code: 'export class RedisQueryResultCache {\n  async remove(identifiers: string[]) {\n    await Promise.all(identifiers.map(id => this.client.del(id)));\n  }\n}',
      },
      {
        name: 'registered middleware run per document is a dispatch',
        code: "export async function preSave(documents: Doc[]) {\n  await Promise.all(documents.map(doc => doc.schema.s.hooks.execPre('save', doc)));\n}",
      },
      {
        name: 'a new object named for an action is not the action',
        code: "import { UpdateResult } from './UpdateResult';\nexport async function results(url: string) {\n  const rows = await (await fetch(url)).json();\n  return Promise.all(rows.map(async row => new UpdateResult(row)));\n}",
      },
    ],
    invalid: [
      {
        name: "the same class's own queries, in a class not named for a database connection",
        code: queryRunner('SchemaSync', true),
        errors: [{ messageId: 'unboundedWork', data: { work: '`this.executeQueries` call' } }],
      },
      { name: 'the same request, in a class not named for a database connection', code: requestRunner('ViewCleaner', true), errors: [{ messageId: 'unboundedWork', data: { work: '`request.query` call' } }] },
      {
        name: "a Redis-named class's other work is still work",
        code: "export class RedisBackup {\n  async upload(url: string) {\n    const keys: string[] = await (await fetch(url)).json();\n    await $0Promise.all(keys.map(key => this.storage.uploadFile(key)))$0;\n  }\n}",
        errors: [{ messageId: 'unboundedWork', data: { work: '`this.storage.uploadFile` call' } }],
      },
      {
        name: 'the same removal through a client not named for Redis',
        code: 'export class QueryResultCache {\n  async remove(identifiers: string[]) {\n    await $0Promise.all(identifiers.map(id => this.api.del(id)))$0;\n  }\n}',
        errors: [{ messageId: 'unboundedWork', data: { work: '`this.api.del` call' } }],
      },
      {
        name: 'exec of something other than hooks',
        code: "export async function runAll(documents: Doc[]) {\n  await $0Promise.all(documents.map(doc => doc.runner.execPre('save', doc)))$0;\n}",
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'exec of a child process, not of a regular expression',
        code: "import { exec } from 'child_process';\nexport async function runAll(url: string) {\n  const commands = await (await fetch(url)).json();\n  await $0Promise.all(commands.map(c => exec(c.line)))$0;\n}",
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'the work after a new object is still the work',
        code: "import { UpdateResult } from './UpdateResult';\nexport async function sync(url: string) {\n  const rows = await (await fetch(url)).json();\n  await $0Promise.all(rows.map(async row => { const result = new UpdateResult(row); await fetch(`/rows/${row.id}`, { method: 'PUT', body: JSON.stringify(result) }); }))$0;\n}",
        errors: [{ messageId: 'unboundedWork' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): what an object keeps in its fields', () => {
  // Shapes of playwright's and puppeteer's registries (the tabs, recorders and emulation states a connection keeps)
  // and of firebase-admin's databases by URL: read as data, they were false alarms in the evaluation corpus.
  const registry = (first: string, fill: string, name = 'tabs', marked = false) => {
    const [open, close] = marked ? ['$0', '$0'] : ['', ''];
    return `export class Relay {\n  ${first}\n  constructor(private api: Api) {}\n  track(tab: Tab) {\n    ${fill.replace(/NAME/g, name)}\n  }\n  async closeAll() {\n    await ${open}Promise.all([...this.${name}.values()].map(tab => this.api.post('/close', tab.id)))${close};\n  }\n}`;
  };
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      { name: 'a Map the object fills a key at a time', code: registry('private tabs = new Map<string, Tab>();', 'this.NAME.set(tab.id, tab);') },
      { name: 'an object filled by index in the constructor\'s first value', code: registry('private tabs: Record<string, Tab> = {};', 'this.NAME[tab.id] = tab;') },
      { name: 'a private list the object pushes to', code: registry('#tabs: Tab[] = [];', 'this.NAME.push(tab);', '#tabs') },
    ],
    invalid: [
      {
        name: 'a field the class sets from a call is data',
        code: registry('private tabs = new Map<string, Tab>();', 'this.NAME.set(tab.id, tab);\n    this.NAME = loadTabs(this.api);', 'tabs', true),
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a field named for data, filled a key at a time, is still data',
        code: registry('private urls = new Map<string, Tab>();', 'this.NAME.set(tab.id, tab);', 'urls', true),
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'an entry of such a field is what was put there',
        code: "export class Emulator {\n  private wanted: Record<string, Instance[]> = {};\n  async plan(codebase: string) {\n    this.wanted[codebase] = await planner.want(codebase);\n    await $0Promise.all(this.wanted[codebase].map(i => download(i.ref)))$0;\n  }\n}",
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a field never filled an entry at a time is data',
        code: registry('private tabs = new Map<string, Tab>();', 'console.log(tab);', 'tabs', true),
        errors: [{ messageId: 'unboundedWork' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): a size the code caps', () => {
  // firebase-admin's sendEach refuses more than 500 messages before it sends each one.
  const send = (check: string, marked = false) => {
    const [open, close] = marked ? ['$0', '$0'] : ['', ''];
    return `const MAX_BATCH = 500;\nexport async function sendEach(messages: Message[]) {\n  const copy = structuredClone(messages);\n  ${check}\n  return ${open}Promise.allSettled(copy.map(m => fetch('/send', { method: 'POST', body: JSON.stringify(m) })))${close};\n}`;
  };
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [
      { name: 'more than a constant is refused', code: send("if (copy.length > MAX_BATCH) {\n    throw new Error('too many');\n  }") },
      { name: 'a count written out, compared the other way round', code: send('if (100 <= copy.length) return [];') },
      {
        // As firebase-admin's sendEach: the fan-out runs in a callback of the function that checked.
        name: 'the check in the function around the callback that fans out',
        code: "const MAX_BATCH = 500;\nexport function sendEach(messages: Message[]) {\n  const copy = structuredClone(messages);\n  if (copy.length > MAX_BATCH) throw new Error('too many');\n  return urlPath().then(path => {\n    const requests = copy.map(m => fetch(path, { method: 'POST', body: JSON.stringify(m) }));\n    return Promise.allSettled(requests);\n  });\n}",
      },
    ],
    invalid: [
      { name: 'a check against a variable caps nothing', code: send("if (copy.length > limit) throw new Error('too many');", true), errors: [{ messageId: 'unboundedWork' }] },
      {
        name: 'a callback that takes the name as its own parameter is not capped by the check around it',
        code: "const MAX_BATCH = 500;\nexport function sendEach(copy: Message[]) {\n  if (copy.length > MAX_BATCH) throw new Error('too many');\n  return load().then(copy => $0Promise.allSettled(copy.map(m => fetch(m.url)))$0);\n}",
        errors: [{ messageId: 'unboundedWork' }],
      },
      { name: 'a check that only logs caps nothing', code: send("if (copy.length > MAX_BATCH) console.warn('many');", true), errors: [{ messageId: 'unboundedWork' }] },
      {
        name: 'the fan-out inside the check is not capped by it',
        code: "export async function sendEach(copy: Message[]) {\n  if (copy.length > 500) {\n    return $0Promise.all(copy.map(m => fetch(m.url)))$0;\n  }\n  return Promise.all(copy.map(m => fetch(m.url)));\n}",
        errors: [{ messageId: 'unboundedWork' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (Python)', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'python',
    options: { level: 'recommended' },
    valid: [
      // Waiting is not starting.
      {
        name: 'gather over tasks it just cancelled',
        code: `
          import asyncio

          async def shutdown(pending):
              for task in pending:
                  task.cancel()
              await asyncio.gather(*pending, return_exceptions=True)
        `,
      },
      { name: 'gather over all_tasks()', code: 'import asyncio\n\nasync def drain():\n    await asyncio.gather(*asyncio.all_tasks())\n' },
      { name: 'gather over tasks a comprehension only names', code: 'import asyncio\n\nasync def wait_all(jobs):\n    await asyncio.gather(*[job.task for job in jobs])\n' },
      {
        name: 'a task awaited in the iteration that starts it',
        code: 'import asyncio\n\nasync def one_by_one(urls):\n    for url in urls:\n        task = asyncio.create_task(fetch(url))\n        await task\n',
      },
      {
        name: 'create_task then break',
        code: 'import asyncio\n\nasync def first(urls):\n    for url in urls:\n        asyncio.create_task(fetch(url))\n        break\n',
      },
      // No external work per element.
      { name: 'coroutines that never reach outside', code: 'import asyncio\n\nasync def note(event):\n    print(event)\n\nasync def log_all(events):\n    await asyncio.gather(*[note(e) for e in events])\n' },
      { name: 'closing connections that are open', code: 'import asyncio\n\nasync def close_all(sessions):\n    await asyncio.gather(*[s.close() for s in sessions])\n' },
      // Small by design.
      { name: 'state the object keeps', code: 'import asyncio\n\nclass Cluster:\n    async def stop(self):\n        await asyncio.gather(*[self.client.post(f"/stop/{e}") for e in self.engines])\n' },
      { name: 'a part of the configuration', code: 'import asyncio\n\nasync def mirror_all(self):\n    await asyncio.gather(*[self.session.get(r) for r in self._config.repositories])\n' },
      {
        name: 'the servers a client knows, one connection to each',
        code: 'import asyncio\n\nasync def probe_all(servers):\n    await asyncio.gather(*[asyncio.open_connection(s.host, s.port) for s in servers])\n',
      },
      {
        name: 'a value object made from an address, never awaited',
        code: 'import asyncio\n\nasync def describe(host):\n    target = Target(host, 443)\n    return target.describe()\n\nasync def describe_all(hosts):\n    await asyncio.gather(*[describe(h) for h in hosts])\n',
      },
      { name: '*args', code: 'import asyncio\n\nasync def run(*args):\n    await asyncio.gather(*[fetch(a) for a in args])\n' },
      { name: 'one worker per range(workers)', code: 'import asyncio\n\nasync def pool(queue, workers):\n    await asyncio.gather(*[fetch_from(queue) for _ in range(workers)])\n' },
      { name: 'a literal count below 100', code: 'import asyncio\n\nasync def warm(client):\n    await asyncio.gather(*[client.get(f"/item/{i}") for i in range(50)])\n' },
      {
        name: 'a chunk of a list',
        code: 'import asyncio\n\nasync def in_chunks(urls, size):\n    for i in range(0, len(urls), size):\n        await asyncio.gather(*[fetch(u) for u in urls[i:i + size]])\n',
      },
      // Bounded by something the shape does not show.
      {
        name: 'a semaphore passed to a method',
        code: 'import asyncio\n\nclass Crawler:\n    async def crawl(self, urls):\n        for url in urls:\n            asyncio.create_task(self.fetch(url, self._sem))\n\n    async def fetch(self, url, sem):\n        return await self.session.get(url)\n',
      },
      { name: 'work in an executor', code: 'import asyncio\n\nasync def download_all(loop, urls):\n    await asyncio.gather(*[loop.run_in_executor(None, download, u) for u in urls])\n' },
      {
        name: 'each task uses a connector made with a per-host limit',
        code: `
          import asyncio
          import aiohttp

          async def sync_all(names):
              async with aiohttp.TCPConnector(limit_per_host=8) as connector:
                  await asyncio.gather(*[sync_one(n, connector=connector) for n in names])
        `,
      },
      {
        name: 'each task uses a session whose connector has a limit',
        code: `
          import asyncio
          import aiohttp

          async def get_all(urls):
              session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=10))
              await asyncio.gather(*[session.get(u) for u in urls])
        `,
      },
      {
        name: 'a hand-made limiter: a shared count per host and a sleep while it is reached',
        code: `
          import asyncio

          class Mirror:
              async def slot(self, host):
                  if self.active[host] > 2:
                      await asyncio.sleep(0.05)
                      return False
                  self.active[host] += 1
                  return True

              async def get(self, client, url):
                  while not await self.slot(url.host):
                      pass
                  await client.get(url.path)
                  self.active[url.host] -= 1

              async def get_all(self, client, urls):
                  await asyncio.gather(*[self.get(client, u) for u in urls])
        `,
      },
      {
        name: 'a call guarded against errors that are not a connection\'s stays unknown',
        code: `
          import asyncio

          async def evaluate(row):
              try:
                  return await score_row(row)
              except (ValueError, TimeoutError):
                  return None

          async def evaluate_all(rows):
              return await asyncio.gather(*[evaluate(r) for r in rows])
        `,
      },
      {
        name: 'a shadowed ConnectionError is not the builtin, and a call in the except handler is not guarded',
        code: `
          import asyncio

          class ConnectionError(Exception):
              pass

          async def evaluate(row):
              try:
                  return await score_row(row)
              except ConnectionError:
                  return await record_failure(row)

          async def evaluate_all(rows):
              return await asyncio.gather(*[evaluate(r) for r in rows])
        `,
      },
      {
        name: 'a generic helper: a function passed in, over a parameter whose name says nothing of data',
        code: `
          import asyncio

          async def unordered_map(coroutine, iterator):
              pending = []
              for args in iterator:
                  pending.append(asyncio.create_task(coroutine(*args)))
              while pending:
                  done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                  for task in done:
                      yield task.result()
        `,
      },
      {
        name: 'what a part of the object hands back without an await is state it keeps',
        code: `
          import asyncio

          class Verifier:
              async def request_proofs(self):
                  for tx in self.wallet.get_unverified_txs():
                      asyncio.create_task(self.session.get(f"/tx/{tx}"))
        `,
      },
      {
        name: 'a chain of what parts of the object keep is state too (the messages in flight on one session)',
        code: `
          import asyncio
          import itertools

          class Handler:
              async def retry_deliveries(self):
                  pending = self.session.inflight_out.values()
                  tasks = [asyncio.create_task(self.session.send(m)) for m in itertools.chain(self.session.inflight_in.values(), pending)]
                  await asyncio.wait(tasks)
        `,
      },
      {
        name: 'a class passed in makes objects; it is not the work',
        code: `
          import asyncio

          class Record:
              @classmethod
              async def load_all(cls, rows):
                  return await asyncio.gather(*[cls(row).validate() for row in rows])
        `,
      },
      // A protocol hands out one task per message of a kind; it is not a batch over a collection.
      {
        name: 'a task per command of one kind (isinstance dispatch)',
        code: `
          import asyncio

          class Relay:
              def on_event(self, event):
                  for command in self.layer.handle(event):
                      if isinstance(command, OpenConnection):
                          asyncio.create_task(self.connect(command))
                      elif isinstance(command, SendData):
                          self.writer.write(command.data)

              async def connect(self, command):
                  await asyncio.open_connection(command.host, command.port)
        `,
      },
      {
        name: 'a task per command of one kind (match dispatch)',
        code: `
          import asyncio

          class Relay:
              def on_event(self, event):
                  for command in self.layer.handle(event):
                      match command:
                          case OpenConnection():
                              asyncio.create_task(self.connect(command))
                          case SendData():
                              self.writer.write(command.data)

              async def connect(self, command):
                  await asyncio.open_connection(command.host, command.port)
        `,
      },
      // Starting a task is not the task's work, and a plain function's send is a buffered write.
      {
        name: "a nested task group's spawn is not external work",
        code: `
          from aiorpcx import TaskGroup

          async def note(key, found):
              found.append(key)

          async def expand(key, found):
              async with TaskGroup() as inner:
                  for variant in (key, key.lower()):
                      await inner.spawn(note(variant, found))

          async def expand_all(keys):
              found = []
              async with TaskGroup() as group:
                  for key in keys:
                      await group.spawn(expand(key, found))
              return found
        `,
      },
      {
        name: 'a send in a plain function the coroutine calls',
        code: `
          import asyncio

          class Hub:
              def report(self, key):
                  for comm in self.comms.values():
                      comm.send({"cancelled": key})

              async def cancel(self, key):
                  await asyncio.sleep(0)
                  self.report(key)

              async def cancel_all(self, keys):
                  await asyncio.gather(*[self.cancel(k) for k in keys])
        `,
      },
      {
        name: 'a send made and dropped in a coroutine',
        code: `
          import asyncio

          class Hub:
              async def cancel(self, key):
                  await asyncio.sleep(0)
                  self.comms[key].send({"op": "cancel"})

              async def cancel_all(self, keys):
                  await asyncio.gather(*[self.cancel(k) for k in keys])
        `,
      },
      {
        name: 'the endpoints of a service, as a part of the object keeps them',
        code: `
          import asyncio

          class EndpointManager:
              async def refresh(self):
                  endpoints = self.location_cache.endpoints_to_health_check()
                  await asyncio.gather(*[self.client.read_account(e) for e in endpoints])
        `,
      },
      // The addresses one host name resolves to are a handful: Happy Eyeballs tries each.
      {
        name: 'one connection attempt per address of one host',
        code: `
          import trio
          from trio.socket import getaddrinfo

          async def open_stream(host, port):
              targets = await getaddrinfo(host, port)
              async with trio.open_nursery() as nursery:
                  for *sa, _, addr in targets:
                      nursery.start_soon(trio.open_tcp_stream, addr[0], port)
        `,
      },
      {
        name: "the loop's getaddrinfo",
        code: `
          import asyncio

          async def connect_any(host, port):
              loop = asyncio.get_running_loop()
              infos = await loop.getaddrinfo(host, port)
              await asyncio.gather(*[asyncio.open_connection(info[4][0], port) for info in infos])
        `,
      },
      // A function that runs what it is given, given something in-process at the call.
      {
        name: 'handlers of an event, each run through a helper that takes the handler',
        code: `
          import asyncio

          class Syncer:
              async def _catch_errors(self, handler, data):
                  try:
                      await handler(data)
                  except Exception:
                      pass

              def dispatch(self, event_type, data):
                  return [asyncio.create_task(self._catch_errors(handler, data)) for handler in self.handlers_for(event_type)]

              async def handle_sync(self, response):
                  data = await response.json()
                  await asyncio.gather(*[self._catch_errors(handler, event) for event in data["events"] for handler in self.handlers])
        `,
      },
      {
        name: 'reading each uploaded file of a request, a bound method passed to a helper',
        code: `
          import anyio

          async def read_uploads(request):
              form = await request.form()
              results = []

              async def process(fn):
                  results.append(await fn())

              async with anyio.create_task_group() as tg:
                  for upload in form.getlist("files"):
                      tg.start_soon(process, upload.read)
              return results
        `,
      },
      // Test code.
      {
        name: 'a test that opens 100 clients on purpose',
        code: 'import asyncio\n\nasync def test_many_clients(server):\n    await asyncio.gather(*[server.connect() for _ in range(100)])\n',
        options: { filePath: 'tests/test_server.py' },
      },
      {
        name: 'a host looked up in a container of this process is not a connection',
        code: 'import asyncio\n\nasync def refresh(self, host):\n    return await self.cache.get(host)\n\nasync def refresh_all(self, hosts):\n    await asyncio.gather(*[refresh(self, h) for h in hosts])\n',
      },
      {
        name: 'a coroutine of this file given a host is judged by its body',
        code: 'import asyncio\n\nasync def note(host):\n    print(host)\n\nasync def apply(host):\n    await note(host)\n\nasync def apply_all(hosts):\n    await asyncio.gather(*[apply(h) for h in hosts])\n',
      },
      // Configuration under another name.
      {
        name: 'the names of platforms, a part of the configuration',
        code: 'import asyncio\n\nasync def clean_all(platform_names):\n    await asyncio.gather(*[asyncio.create_subprocess_exec("ssh", p) for p in platform_names])\n',
      },
      {
        name: 'what a lookup of configuration maps it to',
        code: `
          import asyncio

          async def remote_clean(platforms):
              targets_map = get_install_targets_map(platforms)
              await asyncio.gather(*[asyncio.create_subprocess_exec("ssh", t) for t in targets_map.items()])
        `,
      },
    ],
    invalid: [
      {
        name: 'a coroutine of another module given the host acts on it',
        code: `
          import asyncio
          from .serve import Serve

          class Osd:
              async def apply(self, host):
                  return await Serve(self.mgr)._run_cephadm(host, 'osd', 'ceph-volume')

              async def apply_all(self, hosts):
                  await $0asyncio.gather(*[self.apply(h) for h in hosts])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`Serve(self.mgr)._run_cephadm` call (network)', source: 'the parameter `hosts`' } }],
      },
      {
        name: 'the names of hosts are data',
        code: 'import asyncio\n\nasync def clean_all(host_names):\n    await $0asyncio.gather(*[asyncio.create_subprocess_exec("ssh", h) for h in host_names])$0\n',
        errors: [{ messageId: 'unboundedWork', data: { source: 'the parameter `host_names`' } }],
      },
      {
        name: 'a lookup of data is data',
        code: `
          import asyncio

          async def remote_clean(hosts):
              targets_map = get_install_targets_map(hosts)
              await $0asyncio.gather(*[asyncio.create_subprocess_exec("ssh", t) for t in targets_map.items()])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`asyncio.create_subprocess_exec` call (a process)' } }],
      },
      {
        name: 'a call that reads configuration from outside is data',
        code: `
          import asyncio

          async def remote_clean(platforms):
              targets = fetch_install_targets(platforms)
              await $0asyncio.gather(*[asyncio.create_subprocess_exec("ssh", t) for t in targets])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { source: 'from `fetch_install_targets(platforms)`' } }],
      },
      {
        name: 'a large literal count in application code',
        code: 'import asyncio\n\nasync def warm(client):\n    await $0asyncio.gather(*[client.get(f"/item/{i}") for i in range(5000)])$0\n',
        errors: [{ messageId: 'unboundedWork', data: { source: '5000 elements' } }],
      },
      {
        name: 'an upload per entry of a directory listing',
        code: `
          import asyncio
          import os

          async def upload_dir(session, folder):
              names = os.listdir(folder)
              await $0asyncio.gather(*[session.put(f"/files/{n}") for n in names])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { collection: 'names', work: '`session.put` call', source: 'a directory listing from `os.listdir(folder)`' } }],
      },
      {
        name: 'a process per element of a data parameter, through a function of this file',
        code: `
          import asyncio

          async def pull(repo):
              proc = await asyncio.create_subprocess_exec("git", "-C", repo, "pull")
              await proc.wait()

          async def pull_all(repos):
              await $0asyncio.gather(*[pull(r) for r in repos])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`asyncio.create_subprocess_exec` call (a process)', source: 'the parameter `repos`' } }],
      },
      {
        name: 'a helper that runs what it is given, given a download at the call',
        code: `
          import asyncio

          async def guarded(fn, url):
              try:
                  return await fn(url)
              except Exception:
                  return None

          async def fetch_page(url):
              async with session.get(url) as response:
                  return await response.text()

          async def crawl(urls):
              await $0asyncio.gather(*[guarded(fetch_page, u) for u in urls])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`session.get` call', source: 'the parameter `urls`' } }],
      },
      {
        name: 'a helper given a lambda that downloads',
        code: 'import asyncio\n\nasync def guarded(fn):\n    return await fn()\n\nasync def crawl(client, urls):\n    await $0asyncio.gather(*[guarded(lambda: client.get(u)) for u in urls])$0\n',
        errors: [{ messageId: 'unboundedWork', data: { work: '`client.get` call' } }],
      },
      {
        name: 'a callable the caller passes in stays the work',
        code: 'import asyncio\n\nasync def guarded(fn, target):\n    return await fn(target)\n\nasync def run_on_all(action, hosts):\n    await $0asyncio.gather(*[guarded(action, h) for h in hosts])$0\n',
        errors: [{ messageId: 'unboundedWork', data: { source: 'the parameter `hosts`' } }],
      },
      {
        name: 'the parsed command line is data, not configuration',
        code: 'import asyncio\n\nasync def add_all(client, args):\n    await $0asyncio.gather(*[client.put(f"/teams/{r}") for r in args.repositories])$0\n',
        errors: [{ messageId: 'unboundedWork', data: { collection: 'args.repositories' } }],
      },
      {
        name: '*slots says it holds data',
        code: 'import asyncio\n\nclass Cluster:\n    async def delslots(self, *slots):\n        return await $0asyncio.gather(*(self.execute_command("CLUSTER DELSLOTS", s) for s in slots))$0\n',
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'the element a task is given is not a limiter, whatever its name (`slot`)',
        code: 'import asyncio\n\nclass Cluster:\n    async def drop(self, *slots):\n        return await $0asyncio.gather(*(self.execute_command("DROP", slot) for slot in slots))$0\n',
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a connector without a limit (limit=0) bounds nothing',
        code: `
          import asyncio
          import aiohttp

          async def sync_all(names):
              async with aiohttp.TCPConnector(limit=0) as connector:
                  await $0asyncio.gather(*[sync_one(n, connector=connector) for n in names])$0
        `,
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'one `if isinstance` alone filters a batch; it is not a dispatch',
        code: `
          import asyncio

          async def fetch_all(client, items):
              for item in items:
                  if isinstance(item, Link):
                      $0asyncio.create_task(client.get(item.href))$0
        `,
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a retry loop counting attempts down is not a limiter',
        code: `
          import asyncio

          class Uploader:
              async def put(self, client, path):
                  while self.retries > 0:
                      try:
                          return await client.put(path)
                      except OSError:
                          await asyncio.sleep(1)

              async def put_all(self, client, paths):
                  await $0asyncio.gather(*[self.put(client, p) for p in paths])$0
        `,
        errors: [{ messageId: 'unboundedWork' }],
      },
      {
        name: 'a function passed in, run on every target at once',
        code: `
          import asyncio

          def run_on_all(action, targets):
              loop = asyncio.get_event_loop()
              loop.run_until_complete($0asyncio.wait([loop.create_task(action(*t)) for t in targets])$0)
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`action` call', source: 'the parameter `targets`' } }],
      },
      {
        name: "a pipeline's steps, passed in, run for every item of a generator at once",
        code: `
          import asyncio

          class Pipe:
              async def run(self, source, steps):
                  running = []
                  async for item in source.func(*source.args):
                      running.append(asyncio.create_task(self._chain(item, steps)))
                  await $0asyncio.gather(*running)$0

              async def _chain(self, item, steps):
                  for step in steps:
                      item = await step.func(item, *step.args)
                  return item
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`step.func` call' } }],
      },
      {
        name: 'gather over a parameter typed as coroutines starts them',
        code: `
          import asyncio
          from typing import Coroutine, List

          def run_all(jobs: List[Coroutine]):
              return asyncio.get_event_loop().run_until_complete($0asyncio.gather(*jobs)$0)
        `,
        errors: [{ messageId: 'unboundedWork', data: { source: 'the parameter `jobs`' } }],
      },
      {
        name: 'a device object made for each address, its coroutine methods awaited: a connection per device',
        code: `
          import asyncio

          async def process_bulb(info, options):
              bulb = WifiLedBulb(info["ipaddr"], discovery=info)
              await bulb.async_setup()
              await bulb.async_turn_on()

          async def main(scanner, options):
              found = scanner.get_bulb_info()
              await $0asyncio.gather(*[process_bulb(info, options) for info in found])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`bulb.async_setup` call (network)' } }],
      },
      {
        name: 'gather over what a function typed as returning coroutines makes starts them',
        code: `
          import asyncio
          from typing import Coroutine

          def get_coroutines(selected) -> list[Coroutine]:
              coros = []
              for device, definitions in selected.items():
                  for definition in definitions:
                      coros.append(definition.test(device=device).run())
              return coros

          async def main(inventory):
              coroutines = get_coroutines(prepare_tests(inventory))
              await $0asyncio.gather(*coroutines)$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`definition.test(device=device).run` call', source: 'from `prepare_tests(inventory)`' } }],
      },
      {
        name: 'a call the task guards against connection errors reaches the network, whatever its name',
        code: `
          import asyncio
          import httpx

          async def evaluate(row):
              try:
                  return await score_with_service(row)
              except (httpx.ConnectError, ConnectionResetError):
                  return None

          async def evaluate_all(path):
              rows = [line for line in open(path)]
              return await $0asyncio.gather(*[evaluate(r) for r in rows])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { work: '`score_with_service` call (network)' } }],
      },
      {
        name: 'what a part of the object hands back is data when awaited, or when a name says data or I/O',
        code: `
          import asyncio

          class Verifier:
              async def request_proofs(self):
                  for tx in await self.wallet.get_unverified_txs():
                      $0asyncio.create_task(self.session.get(f"/tx/{tx}"))$0
                  async for tx in self.wallet.stream_unverified_txs():
                      $0asyncio.create_task(self.session.get(f"/tx/{tx}"))$0
                  for url in self.store.get_urls():
                      $0asyncio.create_task(self.session.get(url))$0
                  for key in self.s3_client.list_keys():
                      $0asyncio.create_task(self.session.get(key))$0
        `,
        errors: [{ messageId: 'unboundedWork' }, { messageId: 'unboundedWork' }, { messageId: 'unboundedWork' }, { messageId: 'unboundedWork' }],
      },
      {
        name: 'a chain holding data, or an attribute of a part named for data, is data',
        code: `
          import asyncio
          import itertools

          class Crawler:
              async def crawl(self, seeds):
                  await $0asyncio.gather(*[self.session.get(u) for u in itertools.chain(seeds, self.frontier.queued)])$0
                  await $0asyncio.gather(*[self.session.get(u) for u in self.frontier.urls])$0
        `,
        errors: [{ messageId: 'unboundedWork', data: { source: 'the parameter `seeds`' } }, { messageId: 'unboundedWork' }],
      },
      {
        name: 'a semaphore built per task is still reported',
        code: 'import asyncio\n\nasync def fetch_one(session, url):\n    async with asyncio.Semaphore(5):\n        return await session.get(url)\n\nasync def fetch_all(session, urls):\n    return await $0asyncio.gather(*[fetch_one(session, u) for u in urls])$0\n',
        errors: [{ messageId: 'perTaskLimiter' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (Python): calls over one connection', () => {
  const copy = (call: string) => `
    import asyncio


    async def copy_rows(conn, session, table):
        rows = await conn.fetch(f"SELECT * FROM {table}")
        await $0asyncio.gather(*[${call} for row in rows])$0
  `;
  runRuleTests(unboundedFanout, {
    grammar: 'python',
    options: { level: 'recommended' },
    valid: [
      { name: 'statements sent on one connection', code: copy('conn.execute("INSERT INTO archive VALUES ($1)", row)').replace(/\$0/g, '') },
      {
        name: "a pipeline's commands, made by a generator of the file, sent on one connection (aioredis)",
        code: `
          import asyncio


          class Pipeline:
              def _send_pipeline(self, conn):
                  for command, args in self._pipeline:
                      yield conn.execute(command, *args)

              async def _do_execute(self, conn):
                  await asyncio.gather(*self._send_pipeline(conn), return_exceptions=True)
        `,
      },
    ],
    invalid: [
      { name: 'the same rows posted through an HTTP session', code: copy('session.post("/archive", json=dict(row))'), errors: [{ messageId: 'unboundedWork' }] },
    ],
  });
});

describe('unbounded-fanout, misses caught at both levels (Python)', () => {
  for (const level of ['recommended', 'strict'] as const) {
    describe(level, () => {
      const messageId = level === 'strict' ? 'unknownSize' : 'unboundedWork';
      runRuleTests(unboundedFanout, {
        grammar: 'python',
        options: { level },
        valid: [],
        invalid: [
          {
            name: "anyio's start_soon in a loop",
            code: 'import anyio\n\nasync def fetch(client, url):\n    await client.get(url)\n\nasync def fetch_all(client, urls):\n    async with anyio.create_task_group() as tg:\n        for url in urls:\n            $0tg.start_soon(fetch, client, url)$0\n',
            errors: [{ messageId, data: { callee: 'tg.start_soon' } }],
          },
          {
            name: "trio's nursery.start_soon in a loop",
            code: 'import trio\n\nasync def fetch_all(client, urls):\n    async with trio.open_nursery() as nursery:\n        for url in urls:\n            $0nursery.start_soon(client.get, url)$0\n',
            errors: [{ messageId, data: { callee: 'nursery.start_soon' } }],
          },
          {
            name: "aiorpcx's group.spawn in a loop",
            code: 'from aiorpcx import TaskGroup\n\nasync def fetch_all(session, urls):\n    async with TaskGroup() as group:\n        for url in urls:\n            $0group.spawn(session.get(url))$0\n',
            errors: [{ messageId, data: { callee: 'group.spawn' } }],
          },
          {
            name: 'a project wrapper of gather',
            code: 'async def fetch_all(session, urls):\n    return await $0safe_gather(*[session.get(u) for u in urls])$0\n',
            errors: [{ messageId, data: { callee: 'safe_gather' } }],
          },
        ],
      });
    });
  }
});

describe('unbounded-fanout, recommended level (Python): a bound another module of the project shows', () => {
  // A package on disk: `media/playlist.py` (the checked code) imports `Client` from `..client`, whose `__init__.py`
  // re-exports it from `client/client.py`. The cases write that module with and without a limiter.
  const project = path.join(os.tmpdir(), `fanout-modules-${process.pid}`);
  before(() => {
    const write = (relative: string, code: string) => {
      fs.mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
      fs.writeFileSync(path.join(project, relative), dedent(code));
    };
    for (const folder of ['throttled', 'plain']) {
      write(`${folder}/__init__.py`, '');
      write(`${folder}/media/__init__.py`, '');
      write(`${folder}/client/__init__.py`, 'from .client import Client\n');
    }
    const search = `
      async def search(self, query):
          async with self.rate_limiter:
              return await self.session.get("/search", params={"q": query})
    `;
    write('throttled/client/client.py', `
      import aiolimiter


      class Client:
          def __init__(self, per_minute):
              self.rate_limiter = aiolimiter.AsyncLimiter(per_minute, 60)
      ${search.replace(/\n/g, '\n    ')}
    `);
    write('plain/client/client.py', `
      import contextlib


      class Client:
          def __init__(self):
              self.rate_limiter = contextlib.nullcontext()
      ${search.replace(/\n/g, '\n    ')}
    `);
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));
  const playlist = `
    import asyncio
    from dataclasses import dataclass

    from ..client import Client


    @dataclass
    class Playlist:
        client: Client

        async def resolve(self, titles):
            return await $0asyncio.gather(*[self.client.search(t) for t in titles])$0
  `;
  runRuleTests(unboundedFanout, {
    grammar: 'python',
    options: { level: 'recommended' },
    valid: [
      {
        name: 'a client whose class, in the module the import names, builds a rate limiter',
        code: playlist.replace(/\$0/g, ''),
        options: { filePath: path.join(project, 'throttled', 'media', 'playlist.py') },
      },
      {
        name: 'a client given to __init__ as a parameter typed with that class',
        code: dedent(`
          import asyncio

          from ..client import Client


          class Playlist:
              def __init__(self, client: Client):
                  self.client = client

              async def resolve(self, titles):
                  return await asyncio.gather(*[self.client.search(t) for t in titles])
        `),
        options: { filePath: path.join(project, 'throttled', 'media', 'playlist.py') },
      },
    ],
    invalid: [
      {
        name: 'the same client without a limiter in its class',
        code: playlist,
        options: { filePath: path.join(project, 'plain', 'media', 'playlist.py') },
        errors: [{ messageId: 'unboundedWork', data: { work: '`self.client.search` call' } }],
      },
      {
        name: 'no file on disk: nothing else to read',
        code: playlist,
        errors: [{ messageId: 'unboundedWork' }],
      },
    ],
  });
});

describe('unbounded-fanout, recommended level (Python): a size the code caps', () => {
  const send = (check: string, marked = false) => {
    const [open, close] = marked ? ['$0', '$0'] : ['', ''];
    return `import asyncio\nMAX_IDS = 100\n\nasync def fetch_all(session, ids):\n    ${check}\n    return await ${open}asyncio.gather(*[session.get(f"/items/{i}") for i in ids])${close}\n`;
  };
  runRuleTests(unboundedFanout, {
    grammar: 'python',
    options: { level: 'recommended' },
    valid: [
      { name: 'more than a constant is refused', code: send('if len(ids) > MAX_IDS:\n        raise ValueError("at most 100 ids")') },
      { name: 'a count written out, compared the other way round', code: send('if 100 <= len(ids):\n        return []') },
      {
        name: 'the check in the function around the one that fans out',
        code: 'import asyncio\nMAX_IDS = 100\n\nasync def fetch_all(session, ids):\n    if len(ids) > MAX_IDS:\n        raise ValueError("at most 100 ids")\n\n    async def run():\n        return await asyncio.gather(*[session.get(f"/items/{i}") for i in ids])\n\n    return await run()\n',
      },
    ],
    invalid: [
      {
        name: 'an inner function that assigns the name has its own collection',
        code: 'import asyncio\nMAX_IDS = 100\n\nasync def fetch_all(session, ids):\n    if len(ids) > MAX_IDS:\n        raise ValueError("at most 100 ids")\n\n    async def run(listing):\n        ids = await listing.ids()\n        return await $0asyncio.gather(*[session.get(f"/items/{i}") for i in ids])$0\n\n    return await run(session)\n',
        errors: [{ messageId: 'unboundedWork' }],
      },
      { name: 'a check against a variable caps nothing', code: send('if len(ids) > limit:\n        raise ValueError("too many")', true), errors: [{ messageId: 'unboundedWork' }] },
      { name: 'a check that only logs caps nothing', code: send('if len(ids) > MAX_IDS:\n        print("many")', true), errors: [{ messageId: 'unboundedWork' }] },
    ],
  });
});

describe('unbounded-fanout, recommended level (JavaScript/TypeScript): a list named for one of a thing', () => {
  // cordova-lib prepares each platform of `platformList`: a list named for configuration, like `platforms`.
  const prepare = (name: string, marked = false) => {
    const [open, close] = marked ? ['$0', '$0'] : ['', ''];
    return `export async function prepare(${name}: string[]) {\n  await ${open}Promise.all(${name}.map(p => fetch(\`/prepare/\${p}\`)))${close};\n}`;
  };
  runRuleTests(unboundedFanout, {
    grammar: 'typescript',
    options: { level: 'recommended' },
    valid: [{ name: 'a platform list is configuration', code: prepare('platformList') }],
    invalid: [{ name: 'a list of something else is still data', code: prepare('jobList', true), errors: [{ messageId: 'unboundedWork' }] }],
  });
});
