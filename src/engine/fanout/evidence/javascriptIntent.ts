/**
 * A fan-out the code chose to leave unbounded, for the `recommended` level: `runInPackagesParallel()` beside
 * `runInPackagesLexical()`, which hands the same work a `concurrency`. A tool's `--parallel` mode starts every
 * package's long-running command at once on purpose (watchers, dev servers: a bound would keep the later ones from
 * ever starting), and the code around it shows the author bounds the same work when that is wanted.
 */
import type { Node } from 'web-tree-sitter';
import { javascriptCatalog as catalog } from '../../semantics/catalog';
import { field, walk } from '../../syntax';
import { enclosingClassBody, enclosingFunction } from './javascriptFunctions';

/**
 * Why the fan-out at `call` runs everything at once by design, or undefined: the function that starts it is named for
 * running in parallel (`runScriptInPackagesParallel`, `startAllConcurrently`), and another function of the same class
 * (or, outside a class, of the same file) passes a concurrency setting (`{ concurrency: this.concurrency }`). A
 * function named so with no bounded sibling is judged like any other: the name alone may be how the author
 * describes an oversight.
 */
export function deliberateParallelMode(call: Node): string | undefined {
  const fn = enclosingFunction(call);
  const name = fn && functionName(fn);
  if (!fn || !name || !catalog.nameSays('parallelModeName', name)) return undefined;
  const around = enclosingClassBody(fn) ?? rootOf(fn);
  const setting = concurrencySettingOutside(around, fn);
  return setting && `\`${name}\` runs every element at once on purpose: the code beside it passes \`${setting}\` when a bound is wanted`;
}

/** The name a function is known by: a method's, a declaration's, or the variable or property it is assigned to. */
function functionName(fn: Node): string | undefined {
  const own = field(fn, 'name');
  if (own) return own.text;
  const holder = fn.parent;
  if (holder?.type === 'variable_declarator') return field(holder, 'name')?.text;
  if (holder?.type === 'pair') return field(holder, 'key')?.text;
  if (holder?.type === 'assignment_expression') return field(holder, 'left')?.text.split('.').pop();
  return undefined;
}

function rootOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

/** `concurrency: this.concurrency`, an option named for a concurrency setting, anywhere in `region` but `excluded`. */
function concurrencySettingOutside(region: Node, excluded: Node): string | undefined {
  let found: string | undefined;
  walk(region, node => {
    if (found || node.id === excluded.id) return false;
    // `{ concurrency: n }` or `{ concurrency }`.
    if (node.type !== 'pair' && node.type !== 'shorthand_property_identifier') return true;
    const key = (node.type === 'pair' ? field(node, 'key')?.text : node.text)?.replace(/^['"]|['"]$/g, '') ?? '';
    if (catalog.nameSays('concurrencySettingName', key)) found = node.text.replace(/\s+/g, ' ');
    return true;
  });
  return found;
}
