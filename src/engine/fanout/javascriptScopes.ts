/**
 * JavaScript/TypeScript name resolution, as much as the fan-out rule needs: which declaration, parameter, loop
 * variable, import or function a name refers to at a given point. Blocks scope `let`/`const`; functions scope their
 * parameters; `var` is treated like `let` in its block (hoisting across blocks is rare in the code we look at).
 *
 * As in pythonScopes.ts, a scope's text is searched for the name and only those places are read as nodes: every
 * node crosses from WebAssembly into JavaScript, and walking whole scopes would cost more than parsing.
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex } from '../syntax';
import { FileLevelNames, FileLevelSyntax } from './fileLevelNames';
import { WrittenNames } from './writtenNames';

export type JavaScriptBinding =
  | { kind: 'variable'; node: Node; value?: Node; declarationKind: string; scope: Node }
  | { kind: 'parameter'; node: Node; scope: Node; index: number }
  | { kind: 'loopVariable'; node: Node; iterable: Node; operator: string; scope: Node }
  | { kind: 'function'; node: Node; scope: Node }
  | { kind: 'import'; node: Node; source: string; imported: string; scope: Node }
  /** Destructuring, catch parameters, classes: bound, but to nothing we can evaluate. */
  | { kind: 'opaque'; node: Node; scope: Node };

export const functionTypes = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
]);
const scopeTypes = new Set(['statement_block', 'program', 'switch_body', 'for_statement', 'for_in_statement', 'catch_clause', ...functionTypes]);
const declarationTypes = new Set(['lexical_declaration', 'variable_declaration']);
/** File-level declarations: anywhere in a top-level statement, but only in the header of a function or class. */
export const javascriptFileLevel: FileLevelSyntax = {
  header: /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\s*\*?|class)\s*[\w$]*/,
  headerLength: 500,
  name: /(?<![\w$.])[A-Za-z_$][\w$]*/g,
  nameBody: /[A-Za-z_$][\w$]*/,
  starts: (text, at) => !/[\w$.]/.test(text[at - 1]),
};
/**
 * Above this many characters, a scope's names are found through WrittenNames (kept across scopes and edits); below,
 * searching the scope's text is as cheap.
 */
const largeScope = 50_000;
const patternTypes = new Set(['object_pattern', 'array_pattern', 'pair_pattern', 'rest_pattern', 'assignment_pattern', 'shorthand_property_identifier_pattern']);

export class JavaScriptScopes {
  private readonly bindingsByScopeAndName = new Map<string, JavaScriptBinding[]>();
  private readonly bindingsByOffset = new Map<number, JavaScriptBinding | null>();
  private readonly programNames: FileLevelNames;

  /** Indexes every file-level name at once (worth it when most of the file is to be checked). */
  indexProgramNames(): void {
    this.programNames.indexAll();
  }
  private readonly namePatterns = new Map<string, RegExp>();
  /** The places of names in large scopes (see WrittenNames), made on first use. */
  private writtenNames: WrittenNames | undefined;

  /** `onProgramName` hears every name resolved at file level (or not at all): what a verdict depends on. */
  constructor(private readonly index: SyntaxIndex, private readonly text: string, private readonly onProgramName: (name: string) => void = () => {}) {
    this.programNames = new FileLevelNames(index, text, javascriptFileLevel);
  }

  lookup(name: string, use: Node): JavaScriptBinding | undefined {
    let innermostFunction = true;
    const chain = this.index.ancestry(use);
    for (let i = chain.length - 2; i >= 0; i--) {
      const scope = chain[i];
      const type = this.index.typeOf(scope);
      if (!scopeTypes.has(type)) continue;
      if (type === 'program') this.onProgramName(name);
      const bindings = this.bindingsNamed(scope, name);
      if (bindings.length) {
        if (!innermostFunction) return bindings[bindings.length - 1];
        const before = bindings.filter(binding => binding.node.startIndex < use.startIndex);
        return before.length ? before[before.length - 1] : bindings[bindings.length - 1];
      }
      if (functionTypes.has(type)) innermostFunction = false;
    }
    return undefined;
  }

  /** The bindings of `name` that `scope` itself makes, in source order. */
  bindingsNamed(scope: Node, name: string): JavaScriptBinding[] {
    const key = `${scope.id}:${name}`;
    let bindings = this.bindingsByScopeAndName.get(key);
    if (!bindings) {
      bindings = [];
      for (const offset of this.occurrences(scope, name)) {
        const binding = this.bindingWrittenAt(offset, name);
        if (binding && binding.scope.id === scope.id) bindings.push(binding);
      }
      this.bindingsByScopeAndName.set(key, bindings);
    }
    return bindings;
  }

  /**
   * What the name written at `offset` declares, and in which scope, once per place: every scope around it searches
   * its own text for the name, and in deeply nested code (callbacks in callbacks) each place is found by all of them.
   */
  private bindingWrittenAt(offset: number, name: string): JavaScriptBinding | undefined {
    if (this.bindingsByOffset.has(offset)) return this.bindingsByOffset.get(offset) ?? undefined;
    let binding: JavaScriptBinding | undefined;
    if (mayDeclareAt(this.text, offset, name.length)) {
      const identifier = this.index.nodeAt(offset);
      if (identifier && identifier.startIndex === offset && identifier.text === name) binding = this.bindingAt(identifier);
    }
    this.bindingsByOffset.set(offset, binding ?? null);
    return binding;
  }

  /** The function (or program) whose body `node` runs in. */
  enclosingFunction(node: Node): Node {
    const chain = this.index.ancestry(node);
    for (let i = chain.length - 2; i >= 0; i--) {
      const type = this.index.typeOf(chain[i]);
      if (functionTypes.has(type) || type === 'program') return chain[i];
    }
    return node.tree.rootNode;
  }

  private occurrences(scope: Node, name: string): number[] {
    if (scope.type === 'program') return this.programNames.offsetsOf(name);
    if (scope.endIndex - scope.startIndex > largeScope && WrittenNames.canIndex(name)) {
      this.writtenNames ??= WrittenNames.of(this.text);
      return this.writtenNames.offsetsIn(name, scope.startIndex, scope.endIndex);
    }
    const offsets: number[] = [];
    let pattern = this.namePatterns.get(name);
    if (!pattern) {
      pattern = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
      this.namePatterns.set(name, pattern);
    }
    for (const match of this.text.slice(scope.startIndex, scope.endIndex).matchAll(pattern)) offsets.push(scope.startIndex + match.index);
    return offsets;
  }

  /** What `identifier` declares, with the scope the declaration belongs to, if it is a declaration at all. */
  private bindingAt(identifier: Node): JavaScriptBinding | undefined {
    const chain = this.index.ancestry(identifier);
    const parent = chain[chain.length - 2];
    if (!parent) return undefined;
    const isField = (node: Node, fieldName: string, child: Node) => field(node, fieldName)?.id === child.id;
    const blockOf = (statement: Node) => ownerOf(chain, chain.findIndex(node => node.id === statement.id));
    switch (parent.type) {
      case 'variable_declarator': {
        if (!isField(parent, 'name', identifier)) return undefined;
        const declaration = chain[chain.length - 3];
        if (!declaration || !declarationTypes.has(declaration.type)) return undefined;
        const scope = blockOf(declaration);
        const declarationKind = declaration.type === 'variable_declaration' ? 'var' : field(declaration, 'kind')?.text ?? 'let';
        return scope && { kind: 'variable', node: identifier, value: field(parent, 'value'), declarationKind, scope };
      }
      case 'function_declaration':
      case 'generator_function_declaration': {
        if (!isField(parent, 'name', identifier)) return undefined;
        const scope = blockOf(parent);
        return scope && { kind: 'function', node: parent, scope };
      }
      case 'function_expression':
      case 'function':
        // A named function expression can call itself by name.
        return isField(parent, 'name', identifier) ? { kind: 'function', node: parent, scope: parent } : undefined;
      case 'class_declaration': {
        const scope = isField(parent, 'name', identifier) ? blockOf(parent) : undefined;
        return scope && { kind: 'opaque', node: identifier, scope };
      }
      case 'arrow_function':
        return isField(parent, 'parameter', identifier) ? { kind: 'parameter', node: identifier, scope: parent, index: 0 } : undefined;
      case 'for_in_statement': {
        if (!isField(parent, 'left', identifier) || !field(parent, 'kind')) return undefined;
        const iterable = field(parent, 'right');
        const operator = field(parent, 'operator')?.text ?? 'of';
        return iterable ? { kind: 'loopVariable', node: identifier, iterable, operator, scope: parent } : undefined;
      }
      case 'import_specifier':
      case 'import_clause':
      case 'namespace_import': {
        const statement = chain.find(node => node.type === 'import_statement');
        if (!statement) return undefined;
        if (parent.type === 'import_specifier' && field(parent, 'alias') && !isField(parent, 'alias', identifier)) return undefined;
        const source = field(statement, 'source')?.text.slice(1, -1) ?? '';
        const imported = parent.type === 'import_specifier' ? field(parent, 'name')?.text ?? identifier.text
          : parent.type === 'namespace_import' ? '*' : 'default';
        return { kind: 'import', node: identifier, source, imported, scope: chain[0] };
      }
      case 'catch_clause':
        return isField(parent, 'parameter', identifier) ? { kind: 'opaque', node: identifier, scope: parent } : undefined;
      default:
        return this.parameterOrPattern(identifier, chain);
    }
  }

  /** A parameter (plain, typed, defaulted, rest), or a name inside a destructuring declaration. */
  private parameterOrPattern(identifier: Node, chain: Node[]): JavaScriptBinding | undefined {
    let i = chain.length - 2;
    let child = identifier;
    while (i >= 0 && (patternTypes.has(chain[i].type) || chain[i].type === 'required_parameter' || chain[i].type === 'optional_parameter')) {
      const node = chain[i];
      // `(x = default)`: the default value is not the name; `{ key: name }`: only the value side binds.
      if (node.type === 'assignment_pattern' && field(node, 'left')?.id !== child.id) return undefined;
      if (node.type === 'pair_pattern' && field(node, 'value')?.id !== child.id) return undefined;
      if ((node.type === 'required_parameter' || node.type === 'optional_parameter') && field(node, 'pattern')?.id !== child.id) return undefined;
      child = node;
      i--;
    }
    const container = chain[i];
    if (!container) return undefined;
    if (container.type === 'formal_parameters') {
      const fn = chain[i - 1];
      const position = namedChildren(container).filter(p => p.type !== 'comment').findIndex(p => p.id === child.id);
      if (!fn) return undefined;
      return child.id === identifier.id || child.type === 'required_parameter' || child.type === 'optional_parameter'
        ? { kind: 'parameter', node: identifier, scope: fn, index: position }
        : { kind: 'opaque', node: identifier, scope: fn };
    }
    if (container.type === 'variable_declarator' && field(container, 'name')?.id === child.id && child.id !== identifier.id) {
      const declaration = chain[i - 1];
      const scope = ownerOf(chain, i - 1);
      return declaration && scope ? { kind: 'opaque', node: identifier, scope } : undefined;
    }
    return undefined;
  }
}

/**
 * The block a statement (at `chain[at]`) declares in: its parent, past an `export` and past syntax errors. ERROR is
 * no scope (see analysisUnits.ts): `const limit = pLimit(4)` means the same when a broken line above makes the rest
 * of the file one ERROR, and the incremental analysis keeps the verdicts of the statements inside it.
 */
function ownerOf(chain: readonly Node[], at: number): Node | undefined {
  let i = at - 1;
  while (i > 0 && (chain[i].type === 'export_statement' || chain[i].type === 'ERROR')) i--;
  return chain[i];
}

/**
 * Whether the text around a name could make it a declaration (`const x =`, `function x`, a parameter, an import):
 * a cheap test that spares reading the many plain uses (`x.push(...)`, `f(x)`) as nodes.
 */
function mayDeclareAt(text: string, offset: number, length: number): boolean {
  if (/^\s*(?:[=:,)}\]?!]|of\b|in\b)/.test(text.slice(offset + length, offset + length + 6))) return true;
  return /(?:\b(?:const|let|var|function|class|import|as)|[,({[*]|\.\.\.)\s*$/.test(text.slice(Math.max(0, offset - 12), offset));
}
