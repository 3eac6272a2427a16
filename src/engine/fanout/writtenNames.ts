/**
 * Where a name is written in a large scope's text, for JavaScript name resolution (javascriptScopes.ts): a syntax error
 * can make one function body hold the rest of a 100k-line file (2 MB), and searching that text once per name looked
 * up took most of a check step after each keystroke. Here each name's places are kept over the ranges searched so
 * far, so a scope inside one searched already (a function's body inside the function) costs a look-up, and the next
 * text after an edit keeps them: the places away from the edit stay (moved by its change in length), and only the
 * edited text is searched again. A look-up then costs in proportion to the places it finds, not to the scope's text.
 *
 * The answers are those of searching the scope's text alone for the name as a whole word (not after a `.`): the
 * places are kept as found in the whole text, and the two places where the scope's edges make a difference (a name
 * at its very start, whatever precedes it, and one that ends at its very end, whatever follows it) are tested apart.
 */
import { unchangedEnds } from '../analysisUnits';

/** A name's places (whole-text matches, in order) at every offset in [from, to). */
interface Searched {
  readonly from: number;
  readonly to: number;
  readonly offsets: readonly number[];
}

/** Beyond this many edited characters, the last text's places are not worth moving: the names are searched again. */
const editedCharacters = 64_000;
/** The names kept: an identifier of ASCII word characters (others are searched as before, see `canIndex`). */
const indexable = /^[A-Za-z_$][\w$]*$/;

export class WrittenNames {
  /** The last text's instance: the next text's is made from it. */
  private static latest: WrittenNames | undefined;

  /** The instance for `text`: the last one when the text is the same, else one that takes over its places. */
  static of(text: string): WrittenNames {
    const latest = WrittenNames.latest;
    if (latest?.text === text) return latest;
    const made = new WrittenNames(text, latest);
    WrittenNames.latest = made;
    return made;
  }

  /** How many characters this instance searched for names: for tests. */
  charactersSearched = 0;
  private readonly searched = new Map<string, Searched>();

  private constructor(readonly text: string, private previous: WrittenNames | undefined) {
    // Only one text back: the instance before the last one is let go.
    if (previous) previous.previous = undefined;
  }

  /** Whether `name` is answered here (else the caller searches the scope's text itself). */
  static canIndex(name: string): boolean {
    return indexable.test(name);
  }

  /** Where `name` is written as a whole word in `text.slice(start, end)` read alone, as absolute offsets in order. */
  offsetsIn(name: string, start: number, end: number): number[] {
    const searched = this.covering(name, start, end);
    const length = name.length;
    const text = this.text;
    const found: number[] = [];
    // Read alone, the scope's text has nothing before its start and nothing after its end.
    if (text.startsWith(name, start) && start + length <= end && (start + length === end || !isWordCharacter(text.charCodeAt(start + length)))) found.push(start);
    const offsets = searched.offsets;
    for (let k = firstAtOrAfter(offsets, start + 1); k < offsets.length && offsets[k] + length < end; k++) found.push(offsets[k]);
    const last = end - length;
    if (last > start && text.startsWith(name, last) && !isWordCharacter(text.charCodeAt(last - 1)) && text.charCodeAt(last - 1) !== dot) found.push(last);
    return found;
  }

  /** The places of `name` over at least [start, end): kept, taken from the last text, or searched now. */
  private covering(name: string, start: number, end: number): Searched {
    let searched = this.searched.get(name) ?? this.fromPrevious(name);
    if (searched && searched.from <= start && end <= searched.to) return searched;
    if (searched && searched.from <= end && start <= searched.to) {
      // Overlapping or touching: only what lies outside is searched.
      const from = Math.min(start, searched.from);
      const to = Math.max(end, searched.to);
      searched = { from, to, offsets: [...this.search(name, from, searched.from), ...searched.offsets, ...this.search(name, searched.to, to)] };
    } else {
      searched = { from: start, to: end, offsets: this.search(name, start, end) };
    }
    this.searched.set(name, searched);
    return searched;
  }

  /**
   * The last text's places of `name`, moved to this text: those whose characters and neighbours lie before the
   * edit or after it stay, those near it are searched again. Undefined when the last text did not search the name,
   * its range is cut by the edit, or the edit is too long.
   */
  private fromPrevious(name: string): Searched | undefined {
    const previous = this.previous;
    const last = previous?.searched.get(name);
    if (!previous || !last) return undefined;
    const before = previous.text;
    const after = this.text;
    const { prefix, suffix } = unchangedEnds(before, after);
    const length = name.length;
    const shift = after.length - before.length;
    // A place at `o` depends on the characters o-1 .. o+length: before the edit when o + length < prefix, after it
    // when o - 1 >= the start of the unchanged end.
    const keptBefore = prefix - length;
    const keptAfterBefore = before.length - suffix + 1;
    if (Math.max(keptAfterBefore - keptBefore, keptAfterBefore + shift - keptBefore) > editedCharacters) return undefined;
    let moved: Searched;
    if (last.to <= keptBefore) moved = last;
    else if (last.from >= keptAfterBefore) moved = { from: last.from + shift, to: last.to + shift, offsets: last.offsets.map(offset => offset + shift) };
    else if (last.from <= Math.max(0, keptBefore) && last.to >= Math.min(keptAfterBefore, before.length)) {
      const offsets: number[] = [];
      let k = 0;
      for (; k < last.offsets.length && last.offsets[k] < keptBefore; k++) offsets.push(last.offsets[k]);
      const edited = this.search(name, Math.max(0, keptBefore), keptAfterBefore + shift);
      for (const offset of edited) offsets.push(offset);
      for (k = firstAtOrAfter(last.offsets, keptAfterBefore); k < last.offsets.length; k++) offsets.push(last.offsets[k] + shift);
      moved = { from: last.from, to: last.to + shift, offsets };
    } else return undefined;
    this.searched.set(name, moved);
    return moved;
  }

  /** The places in the whole text, at offsets in [from, to), of `name` as a whole word not after a `.`. */
  private search(name: string, from: number, to: number): number[] {
    const offsets: number[] = [];
    if (to <= from) return offsets;
    this.charactersSearched += to - from;
    // No pattern built from the name (see the catalogue test): its places are sought as text, then tested.
    const text = this.text;
    const length = name.length;
    for (let at = text.indexOf(name, from); at >= 0 && at < to; at = text.indexOf(name, at + 1)) {
      const before = at > 0 ? text.charCodeAt(at - 1) : -1;
      if (before === dot || isWordCharacter(before) || isWordCharacter(text.charCodeAt(at + length))) continue;
      offsets.push(at);
    }
    return offsets;
  }
}

const dot = 46;

/** `[\w$]`: a character that continues a name. */
function isWordCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/** The position of the first offset at or after `at` (offsets in order). */
function firstAtOrAfter(offsets: readonly number[], at: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle] < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
