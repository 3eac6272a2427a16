/**
 * Expands a VS Code snippet body the way the editor inserts it, so the tests can parse, compile and run exactly
 * what a user gets: tab stops (`$1`, `${1:default}`, nested placeholders), choices (`${1|a,b|}`, first one), mirrors
 * of a tab stop (`$1` repeated), variables (`$TM_FILENAME`, `${TM_SELECTED_TEXT:default}`) and escapes (`\$`, `\}`,
 * `\\`, and `\,` `\|` in choices). Transforms (`${1/re/fmt/}`) are rejected: our snippets do not use them.
 */

export type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; fallback?: SnippetNode[] };

export interface ExpandOptions {
  /** What the user types at a tab stop instead of its default (mirrors follow, as in the editor). */
  values?: Readonly<Record<number, string>>;
  /** Known variables; an unknown one is inserted as its name, as VS Code does. */
  variables?: Readonly<Record<string, string>>;
}

export interface Expansion {
  text: string;
  /** Where `$0` lands (the end of the text when the body has none, as in the editor). */
  finalCursor: number;
  /** What each tab stop holds, once per occurrence (mirrors included): what the editor selects on Tab. */
  tabStopTexts: Map<number, string[]>;
}

export function parseSnippet(body: string): SnippetNode[] {
  const parser = new Parser(body);
  // At the top level a `}` is plain text (every JS block ends with one); only a placeholder is closed by it.
  return parser.nodes(false);
}

export function expandSnippet(body: string, options: ExpandOptions = {}): Expansion {
  const nodes = parseSnippet(body);
  const defaults = new Map<number, SnippetNode[] | string>();
  collectDefaults(nodes, defaults);
  let text = '';
  let finalCursor: number | undefined;
  const tabStopTexts = new Map<number, string[]>();
  const render = (list: SnippetNode[], active: ReadonlySet<number>): void => {
    for (const node of list) {
      if (node.kind === 'text') text += node.value;
      else if (node.kind === 'variable') {
        const known = options.variables?.[node.name];
        if (known !== undefined && known !== '') text += known;
        else if (node.fallback) render(node.fallback, active);
        else if (known === undefined) text += node.name;
      } else {
        if (node.index === 0) finalCursor ??= text.length;
        // A placeholder that mirrors itself (`${1:a$1}`) would never end: the editor drops the inner one too.
        if (active.has(node.index)) continue;
        const start = text.length;
        const typed = options.values?.[node.index];
        if (typed !== undefined) text += typed;
        else {
          const value = defaults.get(node.index);
          if (typeof value === 'string') text += value;
          else if (value) render(value, new Set([...active, node.index]));
        }
        if (node.index !== 0) tabStopTexts.set(node.index, [...(tabStopTexts.get(node.index) ?? []), text.slice(start)]);
      }
    }
  };
  render(nodes, new Set());
  return { text, finalCursor: finalCursor ?? text.length, tabStopTexts };
}

/** Tab stop numbers in the order they appear, each once (0 included when present). */
export function tabStopsOf(body: string): number[] {
  const seen: number[] = [];
  const visit = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'tabstop') {
        if (!seen.includes(node.index)) seen.push(node.index);
        if (node.placeholder) visit(node.placeholder);
      } else if (node.kind === 'variable' && node.fallback) visit(node.fallback);
    }
  };
  visit(parseSnippet(body));
  return seen;
}

/** Each tab stop's default: its first placeholder or first choice, wherever it is in the body. */
function collectDefaults(list: SnippetNode[], defaults: Map<number, SnippetNode[] | string>): void {
  for (const node of list) {
    if (node.kind === 'tabstop') {
      if (!defaults.has(node.index)) {
        if (node.choices) defaults.set(node.index, node.choices[0]);
        else if (node.placeholder) defaults.set(node.index, node.placeholder);
      }
      if (node.placeholder) collectDefaults(node.placeholder, defaults);
    } else if (node.kind === 'variable' && node.fallback) collectDefaults(node.fallback, defaults);
  }
}

class Parser {
  position = 0;
  constructor(private readonly source: string) {}

  /** Text and elements up to the end, or (inside a placeholder) up to its unescaped `}`. */
  nodes(nested: boolean): SnippetNode[] {
    const result: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) result.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === '\\' && '$}\\'.includes(this.source[this.position + 1] ?? '')) {
        text += this.source[this.position + 1];
        this.position += 2;
      } else if (char === '}' && nested) {
        break;
      } else if (char === '$') {
        const element = this.element();
        if (element) {
          flush();
          result.push(element);
        } else {
          text += '$';
          this.position++;
        }
      } else {
        text += char;
        this.position++;
      }
    }
    flush();
    return result;
  }

  /** `$1`, `$NAME`, `${...}` at the current `$`, or undefined (and no move) when it is a plain dollar sign. */
  private element(): SnippetNode | undefined {
    const rest = this.source.slice(this.position);
    const simple = /^\$(?:(\d+)|([A-Za-z_]\w*))/.exec(rest);
    if (simple) {
      this.position += simple[0].length;
      return simple[1] !== undefined ? { kind: 'tabstop', index: Number(simple[1]) } : { kind: 'variable', name: simple[2] };
    }
    const head = /^\$\{(?:(\d+)|([A-Za-z_]\w*))([}:|/])/.exec(rest);
    if (!head) return undefined;
    const [whole, index, name, separator] = head;
    if (separator === '/') throw new Error(`transforms are not supported: ${rest.slice(0, 30)}`);
    this.position += whole.length;
    if (separator === '}') return index !== undefined ? { kind: 'tabstop', index: Number(index) } : { kind: 'variable', name };
    if (separator === '|') {
      if (index === undefined) throw new Error(`a choice needs a tab stop number: ${rest.slice(0, 30)}`);
      return { kind: 'tabstop', index: Number(index), choices: this.choices() };
    }
    const inner = this.nodes(true);
    this.expect('}');
    return index !== undefined ? { kind: 'tabstop', index: Number(index), placeholder: inner } : { kind: 'variable', name, fallback: inner };
  }

  /** The options of `${1|a,b|}` after the first `|`, up to and including `|}`. */
  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    for (;;) {
      const char = this.source[this.position];
      if (char === undefined) throw new Error('unterminated choice');
      if (char === '\\' && ',|\\$}'.includes(this.source[this.position + 1] ?? '')) {
        current += this.source[this.position + 1];
        this.position += 2;
      } else if (char === ',') {
        options.push(current);
        current = '';
        this.position++;
      } else if (char === '|') {
        options.push(current);
        this.position++;
        this.expect('}');
        return options;
      } else {
        current += char;
        this.position++;
      }
    }
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) throw new Error(`expected "${char}" at ${this.position} in ${JSON.stringify(this.source)}`);
    this.position++;
  }
}
