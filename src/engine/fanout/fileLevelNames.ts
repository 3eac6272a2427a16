/**
 * Where a name is written in the parts of top-level statements where a file-level binding can be: a whole
 * statement, or only the header of a function or class (its body is a scope of its own). Module-level lookups read
 * their candidates here.
 *
 * Indexing every statement of a large file costs tens of milliseconds, and the incremental analysis checks a few
 * statements of a new tree after each edit: so names are answered one at a time (the text is searched for the name,
 * and only the statements holding it are read), and the whole file is indexed only once many names were asked, or
 * in steps before a check of much of the file (see indexSteps).
 */
import { unchangedEnds } from '../analysisUnits';
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
/** About how many characters one step of `indexSteps` reads. */
export const charactersPerIndexStep = 100_000;
/**
 * An index made from the last one is made from the whole-file index that one was made from (see `composed`), and
 * reads again at most this many characters of statements changed since that whole-file index: beyond, the whole file
 * is indexed again. So a whole-file index is made again only after edits have changed that much text, never every
 * few keystrokes (100 ms at 100k lines, every eighth keystroke, when each index went back to the last one).
 */
const derivedCharacters = charactersPerIndexStep;

/** The instances made for each tree's index: the incremental analysis builds their whole-file index in steps. */
const instances = new WeakMap<SyntaxIndex, FileLevelNames[]>();
/** The last index of each syntax that answers every name: the next version of the text's index is made from it. */
const latest = new Map<FileLevelSyntax, FileLevelNames>();

/** A name's places: offsets, and the statement each was read in (by statement, then offset: the order of a search). */
interface Places {
  readonly offsets: number[];
  readonly statements: number[];
}

const nowhere: Places = { offsets: [], statements: [] };

/**
 * How an index answers from the last one: the statements the edit left alone (same text, same extent) keep their
 * names, moved by `delta`; those it changed are read again. Plain data only: the last tree may be gone already.
 */
interface Derivation {
  /** An index of the whole file (one that answers every name itself). */
  readonly base: FileLevelNames;
  /** Per statement of the base: how far its names moved, or NaN when it is not a statement any more. */
  readonly delta: Float64Array;
  /** Per statement of the base: its position now. */
  readonly position: Int32Array;
  /** The statements read again (those not of the base), in order, and their names' places. */
  readonly changed: readonly number[];
  readonly changedNames: Map<string, Places>;
}

export class FileLevelNames {
  private all: Map<string, Places> | undefined;
  private derivation: Derivation | undefined;
  private readonly byName = new Map<string, Places>();
  private readonly byStatement = new Map<number, Map<string, number[]>>();
  /** Where the statements start and end, read from WebAssembly once. */
  private starts: number[] | undefined;
  private ends: number[] | undefined;
  private errors: Uint8Array | undefined;

  constructor(private readonly index: SyntaxIndex, private readonly text: string, private readonly syntax: FileLevelSyntax) {
    const made = instances.get(index);
    if (made) made.push(this);
    else instances.set(index, [this]);
  }

  /** The instances made for `index` so far (one per language's scopes). */
  static madeFor(index: SyntaxIndex): readonly FileLevelNames[] {
    return instances.get(index) ?? [];
  }

  /** Whether every name is answered without searching the text: indexed whole, or made from the last index. */
  get indexedAll(): boolean {
    return this.all !== undefined || this.derivation !== undefined;
  }

  /** Where `name` is written in file-level binding positions, in order (absolute offsets). */
  offsetsOf(name: string): number[] {
    return this.placesOf(name).offsets;
  }

  private placesOf(name: string): Places {
    if (this.all) return this.all.get(name) ?? nowhere;
    const known = this.byName.get(name);
    if (known) return known;
    if (this.derivation) {
      const places = this.derivedPlacesOf(name, this.derivation);
      this.byName.set(name, places);
      return places;
    }
    if (this.byName.size >= namesSearched) return this.indexedPlacesOf(name);
    const holding: number[] = [];
    let count = 0;
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + 1)) {
      const statement = this.statementAt(at);
      if (statement >= 0 && statement !== holding[holding.length - 1]) holding.push(statement);
      if (holding.length > statementsPerName || ++count > placesPerName) return this.indexedPlacesOf(name);
    }
    const places: Places = { offsets: [], statements: [] };
    for (const statement of holding) {
      for (const offset of this.namesIn(statement).get(name) ?? []) {
        places.offsets.push(offset);
        places.statements.push(statement);
      }
    }
    this.byName.set(name, places);
    return places;
  }

  /**
   * Makes every name answerable before the checks, a piece per step (the incremental analysis runs it): from the
   * last index when the edit left most statements alone (work proportional to the edit), else by indexing the whole
   * file in steps. The per-name search of `offsetsOf` would otherwise index the whole file in one go inside a check
   * once many names were asked.
   */
  *prepareSteps(): Generator<void> {
    if (this.indexedAll) return;
    const base = latest.get(this.syntax);
    if (base && base !== this) this.derivation = this.composed(this.derivedFrom(base));
    if (this.derivation) {
      latest.set(this.syntax, this);
      return;
    }
    yield;
    yield* this.indexSteps();
  }

  /** Every name of every statement's binding part (see indexSteps), in one go, unless every name is answered already. */
  indexAll(): void {
    if (this.derivation) return;
    for (const _ of this.indexSteps()) {
      // one go
    }
  }

  /** `name`'s places from the index of the whole file, made now. */
  private indexedPlacesOf(name: string): Places {
    this.indexAll();
    return this.all!.get(name) ?? nowhere;
  }

  /**
   * Every name of every statement's binding part, in one pass over the text that jumps over definition bodies, about
   * `charactersPerIndexStep` characters per step. A statement's part is read as its own string would be: a name is
   * cut at the part's end, and what precedes the part does not count (the `name` pattern's look-behind, written out
   * here as `starts`).
   */
  *indexSteps(): Generator<void> {
    if (this.all) return;
    const names = new Map<string, Places>();
    const count = this.index.topLevelNodes().length;
    const search = new RegExp(this.syntax.nameBody.source, 'g');
    let stepStart = 0;
    for (let statement = 0; statement < count; statement++) {
      const [start, end] = this.bindingPart(statement);
      search.lastIndex = start;
      for (let match = search.exec(this.text); match && match.index < end; match = search.exec(this.text)) {
        if (match.index - stepStart > charactersPerIndexStep) {
          yield;
          if (this.all) return; // indexed meanwhile, in one go
          stepStart = match.index;
        }
        if (match.index > start && !this.syntax.starts(this.text, match.index)) continue;
        const name = match.index + match[0].length > end ? this.text.slice(match.index, end) : match[0];
        const places = names.get(name);
        if (places) {
          places.offsets.push(match.index);
          places.statements.push(statement);
        } else names.set(name, { offsets: [match.index], statements: [statement] });
      }
    }
    this.readExtents();
    this.all = names;
    latest.set(this.syntax, this);
  }

  /**
   * How this index follows from `base` (an index of the text before an edit), or undefined when too much changed.
   * Statements outside the edited text with the extent they had keep their names; the others are read again.
   */
  private derivedFrom(base: FileLevelNames): Derivation | undefined {
    const before = base.text;
    const { prefix, suffix } = unchangedEnds(before, this.text);
    const shift = this.text.length - before.length;
    const unchangedFrom = this.text.length - suffix;
    const [starts, ends] = this.readExtents();
    const [baseStarts, baseEnds] = [base.starts!, base.ends!];
    // A statement's names depend on whether it is a syntax error (see bindingPart), which its text alone does not say.
    const errors = this.readErrors();
    const baseErrors = base.readErrors();
    const delta = new Float64Array(baseStarts.length).fill(NaN);
    const position = new Int32Array(baseStarts.length).fill(-1);
    const changed: number[] = [];
    let changedCharacters = 0;
    // The statements before the edit and those after it are in the base's order, the former before the latter: the
    // base's statement with the same extent is found by a cursor that only goes forward.
    let cursor = 0;
    for (let statement = 0; statement < starts.length; statement++) {
      const start = starts[statement];
      const end = ends[statement];
      // The header is read from up to `headerLength` characters: those must be unchanged too.
      const readUntil = Math.max(end, start + this.syntax.headerLength);
      const moved = readUntil <= prefix ? 0 : start >= unchangedFrom ? shift : NaN;
      let old = -1;
      if (!Number.isNaN(moved)) {
        const [oldStart, oldEnd] = [start - moved, end - moved];
        while (cursor < baseStarts.length && (baseStarts[cursor] < oldStart || (baseStarts[cursor] === oldStart && baseEnds[cursor] < oldEnd))) cursor++;
        if (cursor < baseStarts.length && baseStarts[cursor] === oldStart && baseEnds[cursor] === oldEnd && baseErrors[cursor] === errors[statement]) old = cursor;
      }
      if (old >= 0) {
        delta[old] = moved;
        position[old] = statement;
        continue;
      }
      changed.push(statement);
      changedCharacters += end - start;
      if (changedCharacters > derivedCharacters) return undefined;
    }
    const changedNames = new Map<string, Places>();
    for (const statement of changed) {
      for (const [name, offsets] of this.namesIn(statement)) {
        let places = changedNames.get(name);
        if (!places) changedNames.set(name, (places = { offsets: [], statements: [] }));
        for (const offset of offsets) {
          places.offsets.push(offset);
          places.statements.push(statement);
        }
      }
    }
    return { base, delta, position, changed, changedNames };
  }

  /**
   * `derivation` (from the last index), made instead from the whole-file index the last one was made from: the
   * statements of that index that both edits left alone move twice, and those the last index read again move with
   * this edit unless it changed them too. Work in proportion to the statements, never to the text; undefined when the
   * statements changed since that whole-file index hold too many characters.
   */
  private composed(derivation: Derivation | undefined): Derivation | undefined {
    const through = derivation?.base.derivation;
    if (!derivation || !through) return derivation;
    const { delta: lastDelta, position: lastPosition } = derivation;
    const delta = new Float64Array(through.delta.length).fill(NaN);
    const position = new Int32Array(through.position.length).fill(-1);
    for (let statement = 0; statement < position.length; statement++) {
      const middle = through.position[statement];
      if (middle < 0 || lastPosition[middle] < 0) continue;
      position[statement] = lastPosition[middle];
      delta[statement] = through.delta[statement] + lastDelta[middle];
    }
    const [starts, ends] = this.readExtents();
    const changed = [...derivation.changed];
    for (const middle of through.changed) if (lastPosition[middle] >= 0) changed.push(lastPosition[middle]);
    changed.sort((a, b) => a - b);
    let changedCharacters = 0;
    for (const statement of changed) changedCharacters += ends[statement] - starts[statement];
    if (changedCharacters > derivedCharacters) return undefined;
    const changedNames = new Map(derivation.changedNames);
    for (const [name, read] of through.changedNames) {
      const moved: Places = { offsets: [], statements: [] };
      for (let k = 0; k < read.offsets.length; k++) {
        const middle = read.statements[k];
        if (lastPosition[middle] < 0) continue;
        moved.offsets.push(read.offsets[k] + lastDelta[middle]);
        moved.statements.push(lastPosition[middle]);
      }
      if (moved.offsets.length > 0) changedNames.set(name, mergedPlaces(changedNames.get(name) ?? nowhere, moved));
    }
    return { base: through.base, delta, position, changed, changedNames };
  }

  /** `name`'s places: the base's in statements that stayed, moved, and those in statements read again, merged. */
  private derivedPlacesOf(name: string, { base, delta, position, changedNames }: Derivation): Places {
    const places: Places = { offsets: [], statements: [] };
    const kept = base.placesOf(name);
    const read = changedNames.get(name) ?? nowhere;
    let r = 0;
    const takeReadBefore = (statement: number) => {
      for (; r < read.statements.length && read.statements[r] < statement; r++) {
        places.offsets.push(read.offsets[r]);
        places.statements.push(read.statements[r]);
      }
    };
    for (let k = 0; k < kept.offsets.length; k++) {
      const old = kept.statements[k];
      if (position[old] < 0) continue;
      takeReadBefore(position[old]);
      places.offsets.push(kept.offsets[k] + delta[old]);
      places.statements.push(position[old]);
    }
    takeReadBefore(Infinity);
    return places;
  }

  /** The statements' starts and ends, kept as plain numbers (a later index reads them after the tree is gone). */
  private readExtents(): [number[], number[]] {
    const nodes = this.index.topLevelNodes();
    this.starts ??= nodes.map(node => node.startIndex);
    this.ends ??= nodes.map((_, i) => this.index.topLevelEnd(i));
    // Read with the extents, while the tree is alive: an index made from this one later asks for them.
    this.readErrors();
    return [this.starts, this.ends];
  }

  /**
   * Whether each statement is a syntax error (see bindingPart). Its kind is known without asking WebAssembly once the
   * units of the tree were read (the incremental analysis reads them first), and a Python document knows them all.
   */
  private readErrors(): Uint8Array {
    if (!this.errors) {
      const count = this.index.topLevelNodes().length;
      this.errors = new Uint8Array(count);
      for (let i = 0; i < count; i++) this.errors[i] = this.index.topLevelType(i) === 'ERROR' ? 1 : 0;
    }
    return this.errors;
  }

  /**
   * The position of the statement holding `offset`, or -1: as `SyntaxIndex.topLevelIndexAt`, with the statements'
   * extents read from WebAssembly once (a name can be written in thousands of places).
   */
  private statementAt(offset: number): number {
    const [starts, ends] = this.readExtents();
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const end = ends[middle];
      if (end < offset || (end === offset && starts[middle] < end)) low = middle + 1;
      else if (starts[middle] > offset) high = middle - 1;
      else return middle;
    }
    return -1;
  }

  /**
   * Where a statement's binding part is: its header if it is a definition, else all of it. A syntax error that starts
   * like a definition (`class Wrapper:` whose body lost its indentation) is no scope: the definitions it holds are
   * read as if they stood at top level, as the analysis reads them (its units are the error's statements), so all
   * of it is read.
   */
  private bindingPart(statement: number): [number, number] {
    const start = this.index.topLevelNodes()[statement].startIndex;
    const header = this.syntax.header.exec(this.text.slice(start, start + this.syntax.headerLength));
    return [start, header && !this.readErrors()[statement] ? start + header[0].length : this.index.topLevelEnd(statement)];
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

/** Places of two sets of statements (none in both), in order of statement, then offset. */
function mergedPlaces(a: Places, b: Places): Places {
  const merged: Places = { offsets: [], statements: [] };
  let i = 0;
  let j = 0;
  while (i < a.offsets.length || j < b.offsets.length) {
    const fromA = j >= b.offsets.length || (i < a.offsets.length && a.statements[i] < b.statements[j]);
    const [places, k] = fromA ? [a, i++] : [b, j++];
    merged.offsets.push(places.offsets[k]);
    merged.statements.push(places.statements[k]);
  }
  return merged;
}
