/**
 * JavaScript/TypeScript's half of the one resolver of imports and aliases: the qualified name an expression refers
 * to, as the catalogue writes it (`<module>.<export>`, a module's default export as the bare module name, globals
 * bare). It follows ES imports, `require` (also destructured and `.default`), TypeScript's and Babel's compiled forms
 * (`__importDefault(require('p-limit'))`, esbuild's `__toESM(require('x'))`, `(0, p_limit_1.default)(4)`), and strips `node:`; `fs.promises.x` is
 * `fs/promises.x`. A local name that shadows an import or a global resolves to nothing.
 */
import type { Node } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { field, namedChildren, unwrap } from '../syntax';

/** Compiled-import wrappers whose result stands for the module itself. */
const interopWrappers = new Set(['__importDefault', '__importStar', '_interopRequireDefault', '_interopRequireWildcard', 'tslib.__importDefault', 'tslib.__importStar', '__toESM']);

export class JavaScriptNames {
  constructor(private readonly scopes: JavaScriptScopes) {}

  /** The qualified name of a name, member chain or `(0, x.y)` callee, when it leads to an import or a global. */
  qualifiedName(expression: Node, depth = 0): string | undefined {
    const node = unwrap(expression);
    if (depth > 8) return undefined;
    switch (node.type) {
      case 'identifier': {
        const binding = this.scopes.lookup(node.text, node);
        if (!binding) return node.text; // a global: fetch, setTimeout, Promise, process
        if (binding.kind === 'import') return this.qualifiedNameOfImport(binding);
        if (binding.kind === 'variable' && binding.value && binding.declarationKind === 'const') return this.moduleOf(binding.value, depth + 1);
        // esbuild's bundles load modules into `var`s: `var import_p_limit = __toESM(require("p-limit"))`. A `var` is
        // followed only to a module load, which such code does not reassign (a `let` is left alone: it is declared
        // to change).
        if (binding.kind === 'variable' && binding.value && binding.declarationKind === 'var' && unwrap(binding.value).type === 'call_expression') return this.moduleOf(binding.value, depth + 1);
        if (binding.kind === 'opaque') return this.destructuredRequire(binding.node);
        return undefined;
      }
      case 'member_expression': {
        const object = field(node, 'object');
        const property = field(node, 'property');
        const base = object && this.qualifiedName(object, depth + 1);
        if (!base || !property) return undefined;
        return normalMember(base, property.text);
      }
      case 'call_expression':
      case 'await_expression':
        // `require('x').y`, `(await import('x')).y`: the module itself.
        return this.moduleOf(node, depth + 1);
      case 'sequence_expression': {
        // `(0, utils_1.pLimit)(n)`: TypeScript's call of an imported function without a `this`.
        const parts = namedChildren(node);
        return parts.length ? this.qualifiedName(parts[parts.length - 1], depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** What an import binds its name to: `import { Sema } from 'async-sema'` is `async-sema.Sema`. */
  qualifiedNameOfImport(binding: { source: string; imported: string }): string {
    return moduleMember(normalModule(binding.source), binding.imported);
  }

  /** What a `const` is bound to when that is a module: `require('x')`, `require('x').y`, `await import('x')`, an interop wrapper. */
  private moduleOf(value: Node, depth: number): string | undefined {
    const node = unwrap(value);
    if (node.type === 'await_expression') {
      const inner = namedChildren(node)[0];
      return inner ? this.moduleOf(inner, depth + 1) : undefined;
    }
    if (node.type === 'call_expression') {
      const callee = unwrap(field(node, 'function') ?? node);
      const args = namedChildren(field(node, 'arguments') ?? node).filter(arg => arg.type !== 'comment');
      if ((callee.type === 'identifier' && callee.text === 'require') || callee.type === 'import') {
        const specifier = args[0] && stringValue(args[0]);
        return specifier === undefined ? undefined : normalModule(specifier);
      }
      // `tslib_1.__importDefault(...)`: tslib imported under TypeScript's compiled name.
      const wrapper = callee.type === 'member_expression' ? field(callee, 'property')?.text ?? '' : callee.text;
      if ((interopWrappers.has(callee.text) || interopWrappers.has(wrapper)) && args[0]) return this.moduleOf(args[0], depth + 1);
      return undefined;
    }
    if (node.type === 'member_expression' || node.type === 'identifier') return this.qualifiedName(node, depth + 1);
    return undefined;
  }

  /** `const { readFile: read } = require('fs/promises')`: `read` is `fs/promises.readFile`. */
  private destructuredRequire(identifier: Node): string | undefined {
    let key = identifier.text;
    let current: Node | null = identifier.parent;
    while (current && current.type !== 'variable_declarator') {
      if (current.type === 'pair_pattern') key = field(current, 'key')?.text || key;
      else if (current.type !== 'object_pattern' && current.type !== 'shorthand_property_identifier_pattern' && current.type !== 'assignment_pattern') return undefined;
      current = current.parent;
    }
    const value = current ? field(current, 'value') : undefined;
    const module = value ? this.moduleOf(value, 1) : undefined;
    return module === undefined ? undefined : moduleMember(module, key);
  }
}

function stringValue(node: Node): string | undefined {
  const value = unwrap(node);
  if (value.type === 'string') return value.text.slice(1, -1);
  if (value.type === 'template_string' && !namedChildren(value).some(child => child.type === 'template_substitution')) return value.text.slice(1, -1);
  return undefined;
}

/** `node:fs/promises` is `fs/promises`; `fs.promises` is `fs/promises` too. */
function normalModule(specifier: string): string {
  return specifier.replace(/^node:/, '');
}

function moduleMember(module: string, imported: string): string {
  if (imported === 'default' || imported === '*') return module;
  return `${module}.${imported}`;
}

/** `p-limit.default` is `p-limit`; `fs.promises` is `fs/promises`. */
function normalMember(base: string, property: string): string {
  if (property === 'default' && !base.includes('.')) return base;
  if ((base === 'fs' || base === 'dns' || base === 'timers' || base === 'stream') && property === 'promises') return `${base}/promises`;
  return `${base}.${property}`;
}
