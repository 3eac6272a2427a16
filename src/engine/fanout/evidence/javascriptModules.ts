/**
 * A bound that only another module of the project shows (JavaScript/TypeScript): the work of a task is a call into
 * the project's own code (`this.provider.request(...)`, `awsRequest(...)` from `require('../aws/request')`) whose
 * function, followed through the project's modules, runs its work through a limiter the module builds once
 * (`const requestQueue = new PromiseQueue(2, Infinity)` and `requestQueue.add(() => ...)`). A maintainer knows every
 * request goes through that queue, so the fan-out over it is bounded whatever its size; the rule reads those modules
 * to know it too, and only them:
 * - a name bound to a relative `require` or `import` names its module, and the function or class it exports;
 * - a method called on a field or variable whose type the code does not show (`this.provider.request`) is looked for
 *   in the module named after it (`provider.js`, or `provider/index.js`) in the file's folder or a folder above it,
 *   up to the project's root (the folder of the nearest package.json): the common layout of a project's own
 *   clients and providers.
 * Calls are followed a few modules deep, in the functions of each module and the methods of its classes.
 *
 * Modules are read from disk, cached by path, size and modification time (as pythonModules.ts does for Python).
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { javascriptCatalog as catalog } from '../../semantics/catalog';
import { JavaScriptNames } from '../../semantics/javascriptNames';
import { field, namedChildren, SyntaxIndex, unwrap, walk } from '../../syntax';
import { isRegularFile, ProjectFileCache, readParsedModule } from '../../projectFileCache';
import { JavaScriptScopes } from '../javascriptScopes';

/** Modules followed from the call, at most: enough for a client and the request helper it calls. */
const maxModuleDepth = 4;
/** Folders above the checked file searched for a module named after a receiver. */
const maxFoldersUp = 6;
/** Calls of one function remembered for following; a function making more is not a thin client method. */
const maxCallsPerFunction = 40;
const moduleExtensions = ['.js', '.ts', '.cjs', '.mjs', '.tsx', '.jsx'];
/** Methods that run work through a limiter (`queue.add(fn)`, `limiter.schedule(fn)`). */
const limiterMethods = new Set(['add', 'addAll', 'schedule', 'wrap', 'acquire', 'runExclusive', 'limit', 'run', 'submit', 'push']);

/** A call one function makes that may lead to a limiter: another function of its module, a method of its class, or another module. */
type CallRoute =
  | { kind: 'function'; name: string }
  | { kind: 'method'; name: string }
  | { kind: 'module'; specifier: string; path: string[] };

interface FunctionFacts {
  /** The limiter the function runs work through, as the message names it (`requestQueue` (`new PromiseQueue(2, Infinity)`)). */
  limiter?: string;
  calls: CallRoute[];
}

/** What one module says, without its syntax tree (the cache outlives the tree). */
interface ModuleFacts {
  /** Functions declared at file level, by name. */
  functions: Map<string, FunctionFacts>;
  /** Methods of the module's classes (and of exported object literals), by method name. */
  methods: Map<string, FunctionFacts[]>;
  /** Exported names (`default` too) and the file-level name each exports. */
  exports: Map<string, string>;
  /** `awsRequest.memoized = memoize(awsRequest)`: a property that wraps the function it is set on. */
  wrappers: Map<string, string>;
  /** File-level names bound to another module of the project (`const awsRequest = require('./request')`). */
  imports: Map<string, { specifier: string; imported: string }>;
}

/**
 * Larger modules are bundles or generated code, not a client to read; and a module is parsed on the editor's thread
 * (tens of milliseconds per 50 KB), so only where a limiter can be reached (see mayReachLimiter).
 */
const maxModuleBytes = 128 * 1024;
const modules = new ProjectFileCache<ModuleFacts | undefined>(maxModuleBytes);

/** What a module's text shows without parsing it: whether it names a limiter package, and its relative imports. */
interface ModuleText {
  namesLimiter: boolean;
  specifiers: string[];
}
const moduleTexts = new ProjectFileCache<ModuleText>(maxModuleBytes);
/** `'p-limit'`, `"promise-queue"`: a quoted module name of one of the catalogue's limiters. */
const limiterPackage = catalog.quotedModulePattern('limiter');
const relativeSpecifier = /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"\n]+|\.{1,2})['"]/g;
/** Files whose texts are read while looking for a limiter, from one call: a client and its helpers. */
const maxFilesSearched = 24;

export class JavaScriptModules {
  constructor(private readonly scopes: JavaScriptScopes) {}

  /**
   * Why a task's work is already bounded by the project's own code, when its call leads to a function of another
   * module that runs its work through a limiter: "`this.provider.request` (lib/plugins/aws/provider.js) runs its
   * work through `requestQueue` (`new PromiseQueue(2, Infinity)`, lib/aws/request.js)".
   */
  boundOfCall(call: Node, filePath: string | undefined): string | undefined {
    if (!filePath) return undefined;
    const callee = unwrap(field(call, 'function') ?? call);
    const root = projectRoot(filePath);
    for (const target of this.targetsOf(callee, filePath, root)) {
      const bound = boundOfTarget(target, call, root, new Set(), 0);
      if (bound) return `\`${callee.text.replace(/\s+/g, '')}\` (${relative(root, target.file)}) runs its work through ${bound}`;
    }
    return undefined;
  }

  /** The functions a callee may be, in other modules of the project. */
  private targetsOf(callee: Node, filePath: string, root: string): Target[] {
    const chain = memberChain(callee);
    if (!chain) return [];
    const binding = chain.root.type === 'identifier' ? this.scopes.lookup(chain.root.text, chain.root) : undefined;
    const imported = binding && importOfBinding(binding);
    if (imported && imported.specifier.startsWith('.')) {
      const file = resolveModule(path.dirname(filePath), imported.specifier);
      return file ? [{ file, path: imported.imported === 'default' || imported.imported === '*' ? chain.path : [imported.imported, ...chain.path] }] : [];
    }
    // `this.provider.request(...)`, `client.send(...)`: a method on a receiver the code does not type.
    if (chain.path.length === 0 || (binding && binding.kind !== 'parameter')) return [];
    const receiverName = chain.path.length >= 2 ? chain.path[chain.path.length - 2] : chain.root.type === 'identifier' ? chain.root.text : undefined;
    if (!receiverName) return [];
    const method = chain.path[chain.path.length - 1];
    return modulesNamed(receiverName, path.dirname(filePath), root).map(file => ({ file, path: [method], methodOnly: true }));
  }
}

interface Target {
  file: string;
  /** The member path from the module's export (`['memoized']`, `['request']`), empty for the default export itself. */
  path: string[];
  /** Only a class method of that name (a receiver named after the module: its class is the module's). */
  methodOnly?: boolean;
}

/**
 * Whether a module, or one it imports by a relative path (a few modules deep), names a limiter package: only then is
 * it worth parsing. Read from the modules' texts alone, which costs far less than a parse; most projects have no
 * limiter anywhere, and most of their modules lead to none.
 */
function mayReachLimiter(file: string): boolean {
  const visited = new Set<string>([file]);
  let frontier = [file];
  for (let depth = 0; depth <= maxModuleDepth && frontier.length; depth++) {
    const next: string[] = [];
    for (const current of frontier) {
      const text = moduleTexts.read(current, readModuleText);
      if (!text) continue;
      if (text.namesLimiter) return true;
      for (const specifier of text.specifiers) {
        const imported = resolveModule(path.dirname(current), specifier);
        if (!imported || visited.has(imported) || visited.size >= maxFilesSearched) continue;
        visited.add(imported);
        next.push(imported);
      }
    }
    frontier = next;
  }
  return false;
}

function readModuleText(text: string | undefined): ModuleText {
  if (text === undefined) return { namesLimiter: false, specifiers: [] };
  return { namesLimiter: limiterPackage.test(text), specifiers: [...new Set([...text.matchAll(relativeSpecifier)].map(match => match[1]))] };
}

/** The limiter a target leads to, as the message names it, following calls a few modules deep. */
function boundOfTarget(target: Target, call: Node, root: string, seen: Set<string>, depth: number): string | undefined {
  const key = `${target.file}#${target.path.join('.')}`;
  if (depth > maxModuleDepth || seen.has(key)) return undefined;
  seen.add(key);
  if (depth === 0 && !mayReachLimiter(target.file)) return undefined;
  const facts = factsOf(target.file, call);
  if (!facts) return undefined;
  const functions = functionsOf(facts, target);
  for (const function_ of functions) {
    const bound = boundOfFunction(function_, facts, target.file, call, root, seen, depth);
    if (bound) return bound;
  }
  return undefined;
}

/** The functions a target names in its module's facts. */
function functionsOf(facts: ModuleFacts, target: Target): FunctionFacts[] {
  const [first, ...rest] = target.path;
  if (target.methodOnly) return first ? facts.methods.get(first) ?? [] : [];
  if (first === undefined) {
    const exported = facts.exports.get('default');
    return exported && facts.functions.has(exported) ? [facts.functions.get(exported)!] : [];
  }
  // `X.memoized`: a property of the default export that wraps it; `X.request`: a method of the exported class or
  // object, or a named export.
  const defaultName = facts.exports.get('default');
  const wrapped = defaultName && rest.length === 0 ? facts.wrappers.get(`${defaultName}.${first}`) : undefined;
  const named = facts.exports.get(first) ?? wrapped;
  if (named && facts.functions.has(named)) return [facts.functions.get(named)!];
  const last = target.path[target.path.length - 1];
  return facts.methods.get(last) ?? [];
}

function boundOfFunction(function_: FunctionFacts, facts: ModuleFacts, file: string, call: Node, root: string, seen: Set<string>, depth: number): string | undefined {
  if (function_.limiter) return `${function_.limiter}, ${relative(root, file)})`;
  for (const route of function_.calls) {
    let bound: string | undefined;
    if (route.kind === 'function') {
      const local = facts.functions.get(route.name);
      const key = `${file}#${route.name}`;
      if (local && !seen.has(key)) {
        seen.add(key);
        bound = boundOfFunction(local, facts, file, call, root, seen, depth);
      }
    } else if (route.kind === 'method') {
      for (const method of facts.methods.get(route.name) ?? []) {
        const key = `${file}#this.${route.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        bound = boundOfFunction(method, facts, file, call, root, seen, depth);
        if (bound) break;
      }
    } else {
      const target = resolveModule(path.dirname(file), route.specifier);
      if (target) bound = boundOfTarget({ file: target, path: route.path }, call, root, seen, depth + 1);
    }
    if (bound) return bound;
  }
  return undefined;
}

/** `this.provider.request` → `this` and `provider.request`; `(a ? x.m : x)` takes its last branch's chain. */
function memberChain(expression: Node): { root: Node; path: string[] } | undefined {
  const path: string[] = [];
  let node = unwrap(expression);
  while (node.type === 'member_expression') {
    const property = field(node, 'property');
    if (!property || property.type !== 'property_identifier') return undefined;
    path.unshift(property.text);
    node = unwrap(field(node, 'object')!);
  }
  return node.type === 'identifier' || node.type === 'this' ? { root: node, path } : undefined;
}

/** `import x from './a'`, `const x = require('./a')`, `const { y } = require('./a')` (by its binding's declaration). */
function importOfBinding(binding: ReturnType<JavaScriptScopes['lookup']>): { specifier: string; imported: string } | undefined {
  if (!binding) return undefined;
  if (binding.kind === 'import') return { specifier: binding.source, imported: binding.imported };
  if (binding.kind === 'variable' && binding.value) {
    const specifier = requiredSpecifier(binding.value);
    return specifier === undefined ? undefined : { specifier, imported: 'default' };
  }
  if (binding.kind === 'opaque') {
    // `const { request } = require('./a')`: the pattern's value is the require.
    const declarator = binding.node.parent?.type === 'shorthand_property_identifier_pattern' ? binding.node.parent.parent?.parent : binding.node.parent?.parent;
    const value = declarator?.type === 'variable_declarator' ? field(declarator, 'value') : undefined;
    const specifier = value && requiredSpecifier(value);
    return specifier === undefined ? undefined : { specifier, imported: binding.node.text };
  }
  return undefined;
}

/** The specifier of `require('./a')` (also `__importDefault(require('./a'))`, compiled TypeScript's). */
function requiredSpecifier(value: Node): string | undefined {
  let node = unwrap(value);
  for (let depth = 0; depth < 3 && node.type === 'call_expression'; depth++) {
    const callee = unwrap(field(node, 'function') ?? node);
    const args = namedChildren(field(node, 'arguments') ?? node).filter(arg => arg.type !== 'comment');
    if (callee.type === 'identifier' && callee.text === 'require') {
      const argument = args[0];
      return argument?.type === 'string' ? argument.text.slice(1, -1) : undefined;
    }
    if (!args[0]) return undefined;
    node = unwrap(args[0]);
  }
  return undefined;
}

/** The folder of the nearest package.json above the file (the file's own folder when there is none). */
function projectRoot(filePath: string): string {
  const start = path.dirname(path.resolve(filePath));
  for (let folder = start, up = 0; up < 20; up++) {
    if (isRegularFile(path.join(folder, 'package.json'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return start;
}

/** `provider.js` or `provider/index.js` in the folder or a folder above it, up to the project's root. */
function modulesNamed(name: string, from: string, root: string): string[] {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return [];
  const found: string[] = [];
  let folder = path.resolve(from);
  for (let up = 0; up <= maxFoldersUp; up++) {
    const file = resolveModule(folder, `./${name}`);
    if (file) found.push(file);
    if (folder === root || !folder.startsWith(root)) break;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return found;
}

/** The file a relative specifier names: as written, with an extension added, or a folder's index. */
function resolveModule(folder: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(folder, specifier);
  const candidates = [base, ...moduleExtensions.map(extension => base + extension), ...moduleExtensions.map(extension => path.join(base, `index${extension}`))];
  // Compiled TypeScript imports `./a.js` where the source is `./a.ts`.
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'));
  return candidates.find(candidate => moduleExtensions.includes(path.extname(candidate)) && isRegularFile(candidate));
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The facts of a module, parsed with the grammar of the tree being checked; cached until the file changes. */
function factsOf(file: string, call: Node): ModuleFacts | undefined {
  return readParsedModule(modules, file, call.tree.language, (tree, text) => new ModuleReader(tree.rootNode, text).read());
}

/** Reads one module's facts from its syntax tree. */
class ModuleReader {
  private readonly scopes: JavaScriptScopes;
  private readonly names: JavaScriptNames;
  private readonly facts: ModuleFacts = { functions: new Map(), methods: new Map(), exports: new Map(), wrappers: new Map(), imports: new Map() };
  /** File-level names bound to a limiter, with what built it. */
  private readonly limiters = new Map<string, string>();

  constructor(private readonly program: Node, text: string) {
    this.scopes = new JavaScriptScopes(new SyntaxIndex(program.tree), text);
    this.names = new JavaScriptNames(this.scopes);
  }

  read(): ModuleFacts {
    const statements = namedChildren(this.program);
    // Limiters and imports first: the functions read below refer to them wherever they are declared.
    for (const statement of statements) this.readBindings(statement);
    for (const statement of statements) this.readDefinitions(statement);
    return this.facts;
  }

  private readBindings(statement: Node): void {
    const declaration = statement.type === 'export_statement' ? field(statement, 'declaration') ?? statement : statement;
    if (declaration.type === 'import_statement') {
      const source = field(declaration, 'source');
      const specifier = source?.text.slice(1, -1);
      if (!specifier?.startsWith('.')) return;
      walk(declaration, node => {
        if (node.type === 'import_specifier') {
          const name = field(node, 'name')?.text;
          const alias = field(node, 'alias')?.text;
          if (name) this.facts.imports.set(alias ?? name, { specifier, imported: name });
        } else if (node.type === 'identifier' && node.parent?.type === 'import_clause') {
          this.facts.imports.set(node.text, { specifier, imported: 'default' });
        } else if (node.type === 'namespace_import') {
          const name = namedChildren(node).find(child => child.type === 'identifier')?.text;
          if (name) this.facts.imports.set(name, { specifier, imported: '*' });
        }
        return true;
      });
      return;
    }
    if (declaration.type !== 'lexical_declaration' && declaration.type !== 'variable_declaration') return;
    for (const declarator of namedChildren(declaration).filter(child => child.type === 'variable_declarator')) {
      const name = field(declarator, 'name');
      const value = field(declarator, 'value');
      if (!name || !value) continue;
      const specifier = requiredSpecifier(value);
      if (name.type === 'identifier' && specifier?.startsWith('.')) this.facts.imports.set(name.text, { specifier, imported: 'default' });
      else if (name.type === 'object_pattern' && specifier?.startsWith('.')) {
        for (const part of namedChildren(name)) {
          if (part.type === 'shorthand_property_identifier_pattern') this.facts.imports.set(part.text, { specifier, imported: part.text });
          else if (part.type === 'pair_pattern') {
            const key = field(part, 'key')?.text;
            const local = field(part, 'value');
            if (key && local?.type === 'identifier') this.facts.imports.set(local.text, { specifier, imported: key });
          }
        }
      } else if (name.type === 'identifier') {
        const limiter = this.limiterBuiltBy(value);
        if (limiter) this.limiters.set(name.text, limiter);
      }
    }
  }

  /** `new PromiseQueue(2, Infinity)`, `pLimit(4)`: a limiter the catalogue knows, however the module imported it. */
  private limiterBuiltBy(value: Node): string | undefined {
    const node = unwrap(value);
    if (node.type !== 'new_expression' && node.type !== 'call_expression') return undefined;
    const constructor = field(node, node.type === 'new_expression' ? 'constructor' : 'function');
    if (!constructor || !catalog.withRole(this.names.qualifiedName(constructor), 'limiter')) return undefined;
    return node.text.length > 48 ? `${constructor.text}(...)` : node.text;
  }

  private readDefinitions(statement: Node): void {
    let node = statement;
    if (node.type === 'export_statement') {
      const declaration = field(node, 'declaration') ?? field(node, 'value');
      const isDefault = namedChildren(node).length > 0 && /^export\s+default\b/.test(node.text);
      if (declaration) {
        const name = this.readDeclaration(declaration);
        if (name) this.facts.exports.set(isDefault ? 'default' : name, name);
        if (isDefault && declaration.type === 'identifier') this.facts.exports.set('default', declaration.text);
      }
      for (const specifier of namedChildren(node).flatMap(child => (child.type === 'export_clause' ? namedChildren(child) : []))) {
        const name = field(specifier, 'name')?.text;
        const alias = field(specifier, 'alias')?.text;
        if (name) this.facts.exports.set(alias ?? name, name);
      }
      return;
    }
    if (node.type === 'expression_statement') node = unwrap(namedChildren(node)[0] ?? node);
    if (node.type === 'assignment_expression') {
      this.readAssignment(node);
      return;
    }
    this.readDeclaration(node);
  }

  /** A function, class or `const f = () => ...` declaration: its facts; the name it declares. */
  private readDeclaration(declaration: Node): string | undefined {
    if (declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration') {
      const name = field(declaration, 'name')?.text;
      if (name) this.facts.functions.set(name, this.functionFacts(declaration));
      return name;
    }
    if (declaration.type === 'class_declaration' || declaration.type === 'class') {
      this.readClass(declaration);
      return field(declaration, 'name')?.text;
    }
    if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      let last: string | undefined;
      for (const declarator of namedChildren(declaration).filter(child => child.type === 'variable_declarator')) {
        const name = field(declarator, 'name');
        const value = field(declarator, 'value');
        if (name?.type !== 'identifier' || !value) continue;
        this.readValue(name.text, value);
        last = name.text;
      }
      return last;
    }
    return undefined;
  }

  /** A value bound to a file-level name: a function's facts, or a class's methods. */
  private readValue(name: string, value: Node): void {
    const node = unwrap(value);
    if (isFunction(node)) this.facts.functions.set(name, this.functionFacts(node));
    else if (node.type === 'class') this.readClass(node);
    else if (node.type === 'object') this.readObjectMethods(node);
  }

  /** `module.exports = x`, `exports.y = f`, `f.memoized = memoize(f)`. */
  private readAssignment(assignment: Node): void {
    const left = field(assignment, 'left');
    const right = field(assignment, 'right');
    if (!left || !right) return;
    const target = left.text.replace(/\s+/g, '');
    const value = unwrap(right);
    const exported = target === 'module.exports' ? 'default' : /^(?:module\.)?exports\.([\w$]+)$/.exec(target)?.[1];
    if (exported) {
      if (value.type === 'identifier') this.facts.exports.set(exported, value.text);
      else if (isFunction(value) || value.type === 'class') {
        const name = field(value, 'name')?.text ?? `<${exported}>`;
        this.readValue(name, value);
        this.facts.exports.set(exported, name);
      } else if (value.type === 'object' && exported === 'default') {
        for (const property of namedChildren(value)) {
          if (property.type === 'shorthand_property_identifier') this.facts.exports.set(property.text, property.text);
          else if (property.type === 'pair') {
            const key = field(property, 'key')?.text;
            const local = field(property, 'value');
            if (key && local?.type === 'identifier') this.facts.exports.set(key, local.text);
          }
        }
        this.readObjectMethods(value);
      }
      return;
    }
    // `awsRequest.memoized = memoize(awsRequest, ...)`: the property wraps the function it is set on.
    const property = /^([\w$]+)\.([\w$]+)$/.exec(target);
    if (property && value.type === 'call_expression' && namedChildren(field(value, 'arguments') ?? value).some(arg => arg.type === 'identifier' && arg.text === property[1])) {
      this.facts.wrappers.set(target, property[1]);
    }
  }

  private readClass(definition: Node): void {
    const body = field(definition, 'body');
    const members = body ? namedChildren(body) : [];
    // `this.queue = new PQueue({ concurrency: 2 })` in any method, or a field `queue = new PQueue(...)`: a limiter
    // every instance holds, which the class's methods run work through as `this.queue.add(...)`.
    const fieldLimiters = new Map<string, string>();
    for (const member of members) {
      if (member.type === 'field_definition' || member.type === 'public_field_definition') {
        const name = field(member, 'property')?.text ?? field(member, 'name')?.text;
        const value = field(member, 'value');
        const limiter = name && value ? this.limiterBuiltBy(value) : undefined;
        if (name && limiter) fieldLimiters.set(name, limiter);
      } else if (member.type === 'method_definition') {
        walk(member, node => {
          if (node.type !== 'assignment_expression') return true;
          const left = field(node, 'left');
          const value = field(node, 'right');
          const name = left?.type === 'member_expression' && field(left, 'object')?.type === 'this' ? field(left, 'property')?.text : undefined;
          const limiter = name && value ? this.limiterBuiltBy(value) : undefined;
          if (name && limiter) fieldLimiters.set(name, limiter);
          return false;
        });
      }
    }
    for (const member of members) {
      if (member.type !== 'method_definition') continue;
      const name = field(member, 'name')?.text;
      if (name) this.addMethod(name, this.functionFacts(member, fieldLimiters));
    }
  }

  private readObjectMethods(object: Node): void {
    for (const property of namedChildren(object)) {
      if (property.type === 'method_definition') {
        const name = field(property, 'name')?.text;
        if (name) this.addMethod(name, this.functionFacts(property));
      } else if (property.type === 'pair') {
        const key = field(property, 'key')?.text;
        const value = field(property, 'value');
        if (key && value && isFunction(unwrap(value))) this.addMethod(key, this.functionFacts(unwrap(value)));
      }
    }
  }

  private addMethod(name: string, facts: FunctionFacts): void {
    const list = this.facts.methods.get(name) ?? [];
    list.push(facts);
    this.facts.methods.set(name, list);
  }

  /** What one function does that may lead to a limiter: a limiter it runs work through, the calls it makes. */
  private functionFacts(definition: Node, fieldLimiters: ReadonlyMap<string, string> = new Map()): FunctionFacts {
    const facts: FunctionFacts = { calls: [] };
    const body = field(definition, 'body');
    if (!body) return facts;
    walk(body, node => {
      if (facts.limiter) return false;
      if (node.type === 'class_declaration' || node.type === 'class') return false;
      if (node.type !== 'call_expression') return true;
      const callee = unwrap(field(node, 'function') ?? node);
      const limiter = this.limiterUsedBy(callee, fieldLimiters);
      if (limiter) {
        facts.limiter = limiter;
        return false;
      }
      if (facts.calls.length < maxCallsPerFunction) facts.calls.push(...this.routesOf(callee));
      return true;
    });
    return facts;
  }

  /** `requestQueue.add(...)` or `limit(...)` on a file-level limiter: the limiter as the message names it. */
  private limiterUsedBy(callee: Node, fieldLimiters: ReadonlyMap<string, string>): string | undefined {
    let name: Node | undefined = callee;
    if (callee.type === 'member_expression') {
      const object = unwrap(field(callee, 'object')!);
      const ownField = object.type === 'member_expression' && field(object, 'object')?.type === 'this' ? field(object, 'property')?.text : undefined;
      const held = ownField !== undefined ? fieldLimiters.get(ownField) : undefined;
      // `this.limit(() => ...)` (a p-limit held by the instance) or `this.queue.add(...)`.
      if (field(callee, 'object')?.type === 'this') {
        const method = field(callee, 'property')?.text;
        const own = method !== undefined ? fieldLimiters.get(method) : undefined;
        return own && `\`this.${method}\` (\`${own}\``;
      }
      if (!limiterMethods.has(field(callee, 'property')?.text ?? '')) return undefined;
      if (held) return `\`this.${ownField}\` (\`${held}\``;
      name = object;
    }
    if (name?.type !== 'identifier') return undefined;
    const built = this.limiters.get(name.text);
    if (!built || this.scopes.lookup(name.text, name)?.scope.type !== 'program') return undefined;
    return `\`${name.text}\` (\`${built}\``;
  }

  /** Where a callee may lead: each branch of `(cond ? a.memoized : a)`, a file-level function, `this.m`, another module. */
  private routesOf(callee: Node): CallRoute[] {
    if (callee.type === 'ternary_expression') {
      return ['consequence', 'alternative'].flatMap(branch => {
        const node = field(callee, branch);
        return node ? this.routesOf(unwrap(node)) : [];
      });
    }
    const chain = memberChain(callee);
    if (!chain) return [];
    if (chain.root.type === 'this') return chain.path.length === 1 ? [{ kind: 'method', name: chain.path[0] }] : [];
    const imported = this.facts.imports.get(chain.root.text);
    if (imported && this.scopes.lookup(chain.root.text, chain.root)?.scope.type === 'program') {
      const prefix = imported.imported === 'default' || imported.imported === '*' ? [] : [imported.imported];
      return [{ kind: 'module', specifier: imported.specifier, path: [...prefix, ...chain.path] }];
    }
    return chain.path.length === 0 ? [{ kind: 'function', name: chain.root.text }] : [];
  }
}

function isFunction(node: Node): boolean {
  return ['function_expression', 'function', 'arrow_function', 'generator_function'].includes(node.type);
}
