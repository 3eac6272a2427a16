/**
 * Where a name is written in the parts of top-level statements where a file-level binding can be: a whole
 * statement, or only the header of a function or class (its body is a scope of its own). Module-level lookups read
 * their candidates here.
 *
 * Indexing every statement of a large file costs tens of milliseconds, and the incremental analysis checks a few
 * statements of a new tree after each edit: so names are answered one at a time (the text is searched for the name,
 * and only the statements holding it are read), and the whole file is indexed only once many names were asked.
 */
import { SyntaxIndex } from '../syntax';

export interface FileLevelSyntax {
  /** The start of a definition, up to its name: only this part of a definition binds at file level. */
  header: RegExp;
  /** How far into a statement the header can reach (decorators come first). */
  headerLength: number;
  /** The names in a statement's text. */
  name: RegExp;
  /** `name` without its look-behind, and that look-behind as a test of the character before `at`. */
  nameBody: RegExp;
  starts(text: string, at: number): boolean;
}

/**
 * Beyond this many statements holding a name, places writing it, or names asked, indexing everything is cheaper than
 * searching the text once more.
 */
const statementsPerName = 64;
const placesPerName = 4000;
const namesSearched = 24;

export class FileLevelNames {
  private all: Map<string, number[]> | undefined;
  private readonly byName = new Map<string, number[]>();
  private readonly byStatement = new Map<number, Map<string, number[]>>();

  constructor(private readonly index: SyntaxIndex, private readonly text: string, private readonly syntax: FileLevelSyntax) {}

  /** Where `name` is written in file-level binding positions, in order (absolute offsets). */
  offsetsOf(name: string): number[] {
    if (this.all) return this.all.get(name) ?? [];
    const known = this.byName.get(name);
    if (known) return known;
    if (this.byName.size >= namesSearched) return this.indexAll().get(name) ?? [];
    const statements: number[] = [];
    let places = 0;
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + 1)) {
      const statement = this.index.topLevelIndexAt(at);
      if (statement >= 0 && statement !== statements[statements.length - 1]) statements.push(statement);
      if (statements.length > statementsPerName || ++places > placesPerName) return this.indexAll().get(name) ?? [];
    }
    const offsets = statements.flatMap(statement => this.namesIn(statement).get(name) ?? []);
    this.byName.set(name, offsets);
    return offsets;
  }

  /**
   * Every name of every statement's binding part, in one pass over the text that jumps over definition bodies. A
   * statement's part is read as its own string would be: a name is cut at the part's end, and what precedes the part
   * does not count (the `name` pattern's look-behind, written out here as `starts`).
   */
  indexAll(): Map<string, number[]> {
    if (this.all) return this.all;
    const names = new Map<string, number[]>();
    const count = this.index.topLevelNodes().length;
    const search = new RegExp(this.syntax.nameBody.source, 'g');
    for (let statement = 0; statement < count; statement++) {
      const [start, end] = this.bindingPart(statement);
      search.lastIndex = start;
      for (let match = search.exec(this.text); match && match.index < end; match = search.exec(this.text)) {
        if (match.index > start && !this.syntax.starts(this.text, match.index)) continue;
        const name = match.index + match[0].length > end ? this.text.slice(match.index, end) : match[0];
        const offsets = names.get(name);
        if (offsets) offsets.push(match.index);
        else names.set(name, [match.index]);
      }
    }
    this.all = names;
    return names;
  }

  /** Where a statement's binding part is: its header if it is a definition, else all of it. */
  private bindingPart(statement: number): [number, number] {
    const start = this.index.topLevelNodes()[statement].startIndex;
    const header = this.syntax.header.exec(this.text.slice(start, start + this.syntax.headerLength));
    return [start, header ? start + header[0].length : this.index.topLevelEnd(statement)];
  }

  /** The names in a statement's binding part, with their offsets. */
  private namesIn(statement: number): Map<string, number[]> {
    let names = this.byStatement.get(statement);
    if (!names) {
      names = new Map();
      const [start, end] = this.bindingPart(statement);
      for (const match of this.text.slice(start, end).matchAll(this.syntax.name)) {
        const offsets = names.get(match[0]);
        if (offsets) offsets.push(start + match.index);
        else names.set(match[0], [start + match.index]);
      }
      this.byStatement.set(statement, names);
    }
    return names;
  }
}
