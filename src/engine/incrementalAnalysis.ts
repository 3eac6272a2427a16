/**
 * Re-analysis after an edit without re-checking the whole file. Findings are kept per unit (a top-level statement, or
 * a statement inside a top-level syntax error: see analysisUnits.ts), keyed by the unit's kind and exact text. After
 * an edit, a unit is checked again only when its text changed, or when something its verdicts depended on changed:
 * a file-level name (a function it calls, a constant it sizes a collection by) defined by a unit that changed,
 * appeared or disappeared; the answer to a question a rule asked of such a name's definitions (see NameFact), when
 * the answer changed; or a fact a rule reads from the whole text (see FileFact). Units that did not change keep
 * their findings, moved as far as the edit moved them.
 *
 * The result always equals a full `analyze()` of the same tree (a property test replays random edit sessions to
 * prove it). The editor runs it in slices (`steps`), the CLI and the tests in one go (`analyze`). Apart from reading
 * the top-level nodes, the work of a run is proportional to what the edit changed, not to the size of the file.
 */
import type { Tree } from 'web-tree-sitter';
import { LocatedFinding, locatedFindings, withoutSuppressedBy } from './analyze';
import { charactersOfNamesPerStep, namesDefinedBySteps, textOfKey, Unit, unitsOf, UnitsSnapshot } from './analysisUnits';
import { Finding, SourcePosition, SourceRange } from './finding';
import { LanguageFamily } from './languages';
import { AnalysisOptions, FileFact, NameFact, nameFactKey, nameFactQuestionOf, Rule, TextRange, wholeFile } from './rule';
import { FileLevelNames } from './fanout/fileLevelNames';
import { allRules } from './rules';
import { DirectiveScan, scanDirectives } from './suppressions';
import { SyntaxIndex } from './syntax';

interface UnitResult {
  /** Where the unit started when these findings were computed. */
  startRow: number;
  startColumn: number;
  findings: Finding[];
  /** File-level names and file facts the unit's verdicts looked up. */
  dependsOn: ReadonlySet<string>;
  /** Whether `dependsOn` holds a name (not only file facts), once asked (see dependsOnPlace in `steps`). */
  dependsOnPlace?: boolean;
}

/** What the analysis knows of the units with one key: how many there are, what they define, their findings. */
interface KnownUnit {
  readonly key: string;
  count: number;
  readonly defines: ReadonlySet<string>;
  /** Absent when the findings cannot be reused (see `reusable`). */
  result?: UnitResult;
  /** The run that must check these units again. */
  recheckInRun: number;
}

export interface IncrementalInput {
  tree: Tree;
  text: string;
  family: LanguageFamily;
  options?: Partial<AnalysisOptions>;
  rules?: readonly Rule[];
}

/** The copies of trees the analyses keep, deleted when their analysis is garbage collected (WebAssembly memory is not). */
const treeCopies = new FinalizationRegistry<Tree>(tree => tree.delete());

/** How many characters of units one step checks at most (a larger unit is checked alone). */
const charactersPerStep = 4_000;
/** How many units one step reads from the tree. */
const unitsPerStep = 1_000;
/** How many answers to the rules' questions about names (see NameFact) one step computes. */
const answersPerStep = 200;

export class IncrementalAnalysis {
  private known = new Map<string, KnownUnit>();
  /** Units with reusable findings, by the names and facts they depend on. */
  private dependents = new Map<string, Set<KnownUnit>>();
  /**
   * The NameFact keys among `dependents`, by the fact and name they ask about (see nameFactQuestionOf): a question
   * with a detail (Python's `asyncio.gather`) is found from the name (`asyncio`) whose definitions changed.
   */
  private questions = new Map<string, Set<string>>();
  private snapshot: UnitsSnapshot | undefined;
  /**
   * A copy of the tree the snapshot was read from (a copy shares the tree's nodes and costs nothing to make): while it
   * lives, a node of a later tree with the id of a snapshot unit's node is that same subtree (see unitsOf), so the
   * units tree-sitter reused are known without reading them again. Deleted with the next one, or with the analysis.
   */
  private snapshotTree: Tree | undefined;
  /** What each unit of the snapshot is known as. */
  private snapshotKnown: KnownUnit[] = [];
  private factValues = new Map<string, string>();
  /** The suppression comments of the last text they were searched in. */
  private directives: DirectiveScan | undefined;
  /** The answers of NameFacts that units with reusable findings depend on, by key (see nameFactKey). */
  private nameFactValues = new Map<string, string>();
  private settingsKey = '';
  private runs = 0;
  /** How many units the last run checked and how many it reused: for tests and the benchmark. */
  lastRun = { checked: 0, reused: 0 };
  /**
   * The piece of work the run is at, named for the benchmark, which reports the longest step of each piece (a step
   * that does not divide further is what can hold the editor's thread past a slice).
   */
  piece = '';

  /** Deletes the copy of the last tree the analysis keeps (else deleted once the analysis is garbage collected). */
  dispose(): void {
    if (!this.snapshotTree) return;
    treeCopies.unregister(this);
    this.snapshotTree.delete();
    this.snapshotTree = undefined;
    this.snapshot = undefined;
    this.settingsKey = '';
  }

  /** The findings for this tree, in one go. */
  analyze(input: IncrementalInput): Finding[] {
    const steps = this.steps(input);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The same analysis in small steps, so that the editor can give the thread back between them (a full analysis of a
   * large file takes seconds). The tree must stay alive until the last step. A run dropped half-way changes nothing:
   * the next run starts from the last finished one.
   */
  *steps(input: IncrementalInput): Generator<void, Finding[]> {
    const { tree, text, family } = input;
    const run = ++this.runs;
    const rules = (input.rules ?? allRules).filter(rule => rule.meta.languages.includes(family));
    const settingsKey = JSON.stringify([family, input.options ?? {}, rules.map(rule => rule.meta.id)]);
    const fresh = settingsKey !== this.settingsKey;
    const known = fresh ? new Map<string, KnownUnit>() : this.known;
    const previousKnown = fresh ? [] : this.snapshotKnown;

    // Read the units; those the edit left alone are known by their place in the last snapshot.
    this.piece = 'reading the units';
    const units: Unit[] = [];
    const unitKnown: (KnownUnit | undefined)[] = [];
    const matched = new Uint8Array(previousKnown.length);
    for (const { unit, previous } of unitsOf(tree, text, fresh ? undefined : this.snapshot)) {
      units.push(unit);
      unitKnown.push(previous >= 0 ? previousKnown[previous] : undefined);
      if (previous >= 0) matched[previous] = 1;
      if (units.length % unitsPerStep === 0) yield;
    }

    // The others appeared or disappeared: count them, without touching the state before the run is finished.
    this.piece = 'reading the names new units define';
    const counts = new Map<KnownUnit, number>();
    const added: KnownUnit[] = [];
    const created = new Map<string, KnownUnit>();
    let charactersRead = 0;
    for (let i = 0; i < units.length; i++) {
      if (unitKnown[i]) continue;
      const unit = units[i];
      // A first run reads every unit's names: a regular expression over its text, so a step is bounded by characters.
      charactersRead += unit.endIndex - unit.startIndex;
      if (charactersRead > charactersOfNamesPerStep || added.length % unitsPerStep === unitsPerStep - 1) {
        charactersRead = 0;
        yield;
      }
      let entry = known.get(unit.key) ?? created.get(unit.key);
      if (!entry) {
        // A long unit's names are read in steps of their own (see namesDefinedBySteps).
        const defines = yield* namesDefinedBySteps(unit.node, textOfKey(unit.key));
        entry = { key: unit.key, count: 0, defines, recheckInRun: 0 };
        created.set(unit.key, entry);
      }
      unitKnown[i] = entry;
      counts.set(entry, (counts.get(entry) ?? entry.count) + 1);
      added.push(entry);
    }
    for (let j = 0; j < previousKnown.length; j++) {
      if (matched[j]) continue;
      const entry = previousKnown[j];
      counts.set(entry, (counts.get(entry) ?? entry.count) - 1);
    }

    // Names defined by units whose number of copies changed, and file facts their text may change.
    const changedNames = new Set<string>();
    const changedTexts: string[] = [];
    for (const [entry, count] of counts) {
      if (count === entry.count) continue;
      for (const name of entry.defines) changedNames.add(name);
      changedTexts.push(textOfKey(entry.key));
    }
    const factValues = yield* this.currentFacts(rules, family, text, changedTexts, fresh);
    for (const [name, value] of factValues) if (this.factValues.get(name) !== value) changedNames.add(name);

    // Questions asked of the changed names' definitions: answered again, and changed only when the answer did.
    this.piece = 'answering questions about changed names';
    const nameFacts = new Map(rules.flatMap(rule => rule.nameFacts ?? []).map(fact => [fact.name, fact]));
    const answers = new NameFactAnswers(nameFacts, fresh ? new Map() : this.nameFactValues);
    const asked = fresh ? [] : answers.askedAbout(changedNames, this.questions);
    if (asked.length > 0) {
      yield* this.prepareRules(rules, input, false);
      for (let i = 0; i < asked.length; i++) {
        if (i % answersPerStep === answersPerStep - 1) yield;
        if (answers.changed(asked[i], tree, text)) changedNames.add(asked[i]);
      }
    }

    // Which definition a name refers to can depend on the order of definitions: if units that stayed swapped places
    // (a block moved in one edit), nothing is reused.
    const stayed = (entry: KnownUnit) => (counts.get(entry) ?? entry.count) === entry.count;
    const moved = !fresh && added.some(stayed) && !sameOrder(previousKnown.filter(stayed), (unitKnown as KnownUnit[]).filter(stayed));

    for (const name of changedNames) for (const entry of this.dependents.get(name) ?? []) entry.recheckInRun = run;
    // Copies of one unit (the same doc comment above many functions) share one result: one that looked names up may
    // have reached other definitions from another place, so it is checked again. A file fact is the same from every
    // place (it is read from the whole text): every unit depends on one, and thousands of copies were checked again
    // after each keystroke.
    const fileFacts = new Set(rules.flatMap(rule => rule.fileFacts ?? []).map(fact => fact.name));
    // Asked of every copy after every edit (a doc comment above a hundred functions): kept with the result, which
    // is only reused under the same rules, so the same file facts.
    const dependsOnPlace = (result: UnitResult) => (result.dependsOnPlace ??= [...result.dependsOn].some(name => !fileFacts.has(name)));
    this.piece = 'moving the reused findings';
    const reused: Finding[] = [];
    const toCheck: Unit[] = [];
    for (let i = 0; i < units.length; i++) {
      if (i % unitsPerStep === unitsPerStep - 1) yield; // reused findings are moved: a large file has thousands
      const entry = unitKnown[i]!;
      const result = entry.result;
      const copies = counts.get(entry) ?? entry.count;
      if (fresh || moved || !result || entry.recheckInRun === run || (copies > 1 && dependsOnPlace(result))) {
        toCheck.push(units[i]);
        continue;
      }
      for (const finding of result.findings) reused.push(moveFinding(finding, result, units[i]));
    }
    yield;

    // Check them, a batch per step; a long unit (a syntax error can make the rest of the file one) in parts.
    const results = new Map<Unit, { findings: LocatedFinding[]; dependsOn: Set<string> }>();
    for (const unit of toCheck) results.set(unit, { findings: [], dependsOn: new Set() });
    const kept = new Map<Unit, UnitResult>();
    const unattributed: LocatedFinding[] = [];
    if (toCheck.length > 0) yield* this.prepareRules(rules, input, manyChecks(toCheck, units, text));
    this.piece = 'checking';
    for (const batch of batches(toCheck, text)) {
      const noteDependency = (offset: number, name: string) => {
        const i = partIndexAt(batch, offset);
        if (i >= 0) results.get(batch[i].unit)!.dependsOn.add(name);
      };
      for (const located of locatedFindings({ ...input, rules, ranges: batch, noteDependency })) {
        const i = partIndexAt(batch, located.offset);
        if (i >= 0) results.get(batch[i].unit)!.findings.push(located);
        else unattributed.push(located);
      }
      // What the commit will keep of the units this batch finished, made now: the commit itself stays short.
      for (const part of batch) {
        if (part.endIndex !== part.unit.endIndex) continue;
        const result = results.get(part.unit)!;
        if (reusable(part.unit, result)) {
          kept.set(part.unit, { startRow: part.unit.startRow, startColumn: part.unit.startColumn, findings: result.findings.map(l => l.finding), dependsOn: result.dependsOn, dependsOnPlace: undefined });
        }
      }
      yield;
    }
    // The answers the kept verdicts depend on, for this tree (the next run compares with them).
    this.piece = 'answering questions about new dependencies';
    let visited = 0;
    for (const result of kept.values()) {
      // A step computes at most `answersPerStep` answers, and visits the results of at most `unitsPerStep` units.
      if (++visited % unitsPerStep === 0) yield;
      for (const key of result.dependsOn) if (answers.knowFor(key, tree, text) && answers.answered % answersPerStep === 0) yield;
    }
    yield;

    // The findings shown, gathered and filtered before the commit, a piece per step: pure work on this run's data.
    this.piece = 'gathering the findings';
    const findings: Finding[] = reused;
    for (const result of results.values()) for (const located of result.findings) findings.push(located.finding);
    // A finding no checked unit holds could not be kept: the next run starts afresh rather than lose it.
    for (const located of unattributed) findings.push(located.finding);
    yield;
    // The suppression comments: only the part of the text the edit changed is searched again (see scanDirectives).
    const directives = findings.length === 0 ? this.directives : scanDirectives(text, family, fresh ? undefined : this.directives);
    const shown = directives ? withoutSuppressedBy(findings, directives) : findings;
    yield;
    // A first run's units are all new, seen by no run before: their results and the index of what they depend on are
    // made here, in steps (thousands of units in a large file), and only put in place by the commit.
    const entryOf = (unit: Unit) => (known.get(unit.key) ?? created.get(unit.key))!;
    let dependents = this.dependents;
    let questions = this.questions;
    if (fresh) {
      this.piece = 'indexing what the verdicts depend on';
      dependents = new Map();
      questions = new Map();
      let attached = 0;
      for (const [unit, keep] of kept) {
        // Copies of one unit share an entry: the last one's result is kept, as after an edit.
        const entry = entryOf(unit);
        detachResult(entry, dependents, questions);
        attachResult(entry, keep, dependents, questions);
        if (++attached % unitsPerStep === 0) yield;
      }
      yield;
    }

    // Commit: from here on, the next run compares with this one.
    this.piece = 'committing';
    if (fresh) {
      this.known = known;
      this.dependents = dependents;
      this.questions = questions;
    }
    for (const [key, entry] of created) known.set(key, entry);
    for (const [entry, count] of counts) {
      entry.count = count;
      if (count === 0) {
        this.forgetResult(entry);
        known.delete(entry.key);
      }
    }
    if (!fresh) {
      for (const unit of results.keys()) {
        const entry = entryOf(unit);
        this.forgetResult(entry);
        const keep = kept.get(unit);
        if (keep) attachResult(entry, keep, this.dependents, this.questions);
      }
    }
    const snapshotTree = tree.copy();
    if (this.snapshotTree) {
      treeCopies.unregister(this);
      this.snapshotTree.delete();
    }
    this.snapshotTree = snapshotTree;
    treeCopies.register(this, snapshotTree, this);
    this.snapshot = { text, units, treeAlive: true };
    this.snapshotKnown = unitKnown as KnownUnit[];
    this.factValues = factValues;
    this.directives = directives;
    this.nameFactValues = answers.kept(this.dependents);
    this.settingsKey = unattributed.length > 0 ? '' : settingsKey;
    this.lastRun = { checked: toCheck.length, reused: units.length - toCheck.length };
    return shown;
  }

  /**
   * The rules' work on the whole file before a check, a piece per step. `manyChecks`: most of the file is to be
   * checked, so the rules' other whole-file indexes pay off.
   */
  private *prepareRules(rules: readonly Rule[], input: IncrementalInput, manyChecks: boolean): Generator<void> {
    for (const rule of rules) yield* this.prepareRule(rule, input, false);
    // The index of file-level names the rules' scopes made: from the last run's, moved past the edit (work in
    // proportion to the edit), else built in steps. Asked a name at a time in a check, a large file's would be
    // built there in one go once many names were asked, holding the thread for tens of milliseconds.
    this.piece = 'indexing file-level names';
    for (const names of FileLevelNames.madeFor(SyntaxIndex.of(input.tree))) yield* names.prepareSteps();
    if (manyChecks) for (const rule of rules) yield* this.prepareRule(rule, input, true);
  }

  /** One rule's `prepare`, its steps named by their place (the rule's code says what each is). */
  private *prepareRule(rule: Rule, { tree, text, family }: IncrementalInput, manyChecks: boolean): Generator<void> {
    let step = 0;
    const name = () => `preparing ${rule.meta.id}${manyChecks ? ' for many checks' : ''}, step ${++step}`;
    this.piece = name();
    for (const what of rule.prepare?.(tree, text, family, manyChecks) ?? []) {
      if (what) this.piece = `preparing ${rule.meta.id}: ${what}`;
      yield;
      this.piece = name();
    }
  }

  private forgetResult(entry: KnownUnit): void {
    detachResult(entry, this.dependents, this.questions);
  }

  /**
   * The rules' file facts now: computed again only when an edit added or removed text that may change them. Each is
   * a search of the whole text (~20 ms at 100k lines), so each is a step of its own.
   */
  private *currentFacts(rules: readonly Rule[], family: LanguageFamily, text: string, changedTexts: string[], fresh: boolean): Generator<void, Map<string, string>> {
    const values = new Map<string, string>();
    const facts: FileFact[] = rules.flatMap(rule => rule.fileFacts ?? []).filter(fact => fact.family === family);
    let computed = false;
    for (const fact of facts) {
      const previous = this.factValues.get(fact.name);
      const mayHaveChanged = fresh || previous === undefined || changedTexts.some(changed => fact.mayChange.test(changed));
      if (!mayHaveChanged) {
        values.set(fact.name, previous);
        continue;
      }
      yield; // ends the step before, under its own piece
      this.piece = 'reading file facts';
      values.set(fact.name, fact.valueIn(text));
      computed = true;
    }
    if (computed) yield;
    return values;
  }
}

/**
 * The answers of the rules' NameFacts in one run: those of the last run, those answered again for names whose
 * definitions changed, and those of new dependencies. Nothing of the last run is changed before the commit (a run can
 * be dropped half-way).
 */
class NameFactAnswers {
  private readonly now = new Map<string, string>();
  /** Questions (`fact\0name`, see nameFactQuestionOf) whose last answers may be stale: the name's definitions changed. */
  private readonly stale = new Set<string>();

  constructor(private readonly facts: ReadonlyMap<string, NameFact>, private readonly last: ReadonlyMap<string, string>) {}

  /**
   * The keys about `names` that reusable verdicts depend on (`questions`: the keys by question); every key about them
   * is stale from now on.
   */
  askedAbout(names: ReadonlySet<string>, questions: ReadonlyMap<string, ReadonlySet<string>>): string[] {
    const asked: string[] = [];
    for (const name of names) {
      for (const fact of this.facts.values()) {
        const question = nameFactKey(fact, name);
        this.stale.add(question);
        for (const key of questions.get(question) ?? []) asked.push(key);
      }
    }
    return asked;
  }

  /** Whether the answer for `key` in this tree differs from the one the verdicts depending on it were given. */
  changed(key: string, tree: Tree, text: string): boolean {
    return this.valueFor(key, tree, text) !== this.last.get(key);
  }

  /** Answers `key` for this tree if it is a NameFact's and has no current answer yet; whether it computed one. */
  knowFor(key: string, tree: Tree, text: string): boolean {
    return !this.now.has(key) && (this.isStale(key) || !this.last.has(key)) && this.valueFor(key, tree, text) !== undefined;
  }

  /** How many answers this run computed. */
  get answered(): number {
    return this.now.size;
  }

  /** The answers to keep for the next run: those some reusable verdict depends on. */
  kept(dependents: ReadonlyMap<string, ReadonlySet<unknown>>): Map<string, string> {
    const values = new Map<string, string>();
    for (const [key, value] of this.last) if (!this.isStale(key) && dependents.get(key)?.size) values.set(key, value);
    for (const [key, value] of this.now) if (dependents.get(key)?.size) values.set(key, value);
    return values;
  }

  private isStale(key: string): boolean {
    const question = nameFactQuestionOf(key);
    return question !== undefined && this.stale.has(question);
  }

  private valueFor(key: string, tree: Tree, text: string): string | undefined {
    const known = this.now.get(key);
    if (known !== undefined) return known;
    const question = nameFactQuestionOf(key);
    if (question === undefined) return undefined;
    const separator = key.indexOf('\u0000');
    const fact = this.facts.get(key.slice(0, separator));
    if (!fact) return undefined;
    const value = fact.valueIn(tree, text, question.slice(separator + 1), key.slice(question.length + 1));
    this.now.set(key, value);
    return value;
  }
}

/**
 * Gives `entry` the result kept for it, filed under each name and fact it depends on (and each NameFact key under its
 * question: see nameFactQuestionOf).
 */
function attachResult(entry: KnownUnit, keep: UnitResult, dependents: Map<string, Set<KnownUnit>>, questions: Map<string, Set<string>>): void {
  entry.result = keep;
  for (const name of keep.dependsOn) {
    let set = dependents.get(name);
    if (!set) {
      dependents.set(name, (set = new Set()));
      const question = nameFactQuestionOf(name);
      if (question !== undefined) {
        let keys = questions.get(question);
        if (!keys) questions.set(question, (keys = new Set()));
        keys.add(name);
      }
    }
    set.add(entry);
  }
}

/** Takes `entry`'s result away, and the entry from what it was filed under (see attachResult). */
function detachResult(entry: KnownUnit, dependents: Map<string, Set<KnownUnit>>, questions: Map<string, Set<string>>): void {
  if (!entry.result) return;
  for (const name of entry.result.dependsOn) {
    const set = dependents.get(name);
    if (!set?.delete(entry) || set.size > 0) continue;
    // Forgotten with the last unit that depended on it: names and questions come and go as the user types.
    dependents.delete(name);
    const question = nameFactQuestionOf(name);
    const keys = question === undefined ? undefined : questions.get(question);
    if (keys?.delete(name) && keys.size === 0) questions.delete(question!);
  }
  entry.result = undefined;
}

/**
 * Whether a unit's findings can be reused in later runs: not when its verdicts depend on the whole file, nor when a
 * finding points into another unit (a related location or a matched node: the pointer would go stale when that unit
 * moves).
 */
function reusable(unit: Unit, result: { findings: LocatedFinding[]; dependsOn: ReadonlySet<string> }): boolean {
  if (result.dependsOn.has(wholeFile)) return false;
  const pointers = (finding: Finding) => [...finding.related.map(related => related.range), ...Object.values(finding.nodes ?? {})];
  if (!result.findings.some(located => pointers(located.finding).length > 0)) return true;
  const end = unit.node.endPosition;
  return result.findings.every(located => pointers(located.finding).every(range => !range || within(range, unit, end)));
}

/**
 * Whether most of the file is to be checked: more than half of its units, or a large share of its text (a syntax
 * error can make the rest of the file one unit).
 */
function manyChecks(toCheck: readonly Unit[], units: readonly Unit[], text: string): boolean {
  if (toCheck.length > units.length / 2) return true;
  let characters = 0;
  for (const unit of toCheck) characters += unit.endIndex - unit.startIndex;
  return characters > text.length / 4;
}

function sameOrder(a: readonly KnownUnit[], b: readonly KnownUnit[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}

/** A unit, or a part of a long one, to check in one step. */
interface UnitPart extends TextRange {
  unit: Unit;
}

/** Units in groups of about `charactersPerStep` characters, in order; a longer unit in parts, cut at line ends. */
function* batches(units: Unit[], text: string): Generator<UnitPart[]> {
  let batch: UnitPart[] = [];
  let size = 0;
  for (const unit of units) {
    for (let start = unit.startIndex; ;) {
      const lineEnd = text.indexOf('\n', start + charactersPerStep);
      const end = lineEnd < 0 || lineEnd >= unit.endIndex ? unit.endIndex : lineEnd;
      if (batch.length > 0 && size + end - start > charactersPerStep) {
        yield batch;
        batch = [];
        size = 0;
      }
      batch.push({ unit, startIndex: start, endIndex: end });
      size += end - start;
      if (end === unit.endIndex) break;
      start = end;
    }
  }
  if (batch.length > 0) yield batch;
}

/** Index of the part holding `offset` (parts are in order and do not overlap), or -1. */
function partIndexAt(parts: readonly TextRange[], offset: number): number {
  let low = 0;
  let high = parts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (parts[middle].endIndex <= offset) low = middle + 1;
    else if (parts[middle].startIndex > offset) high = middle - 1;
    else return middle;
  }
  return -1;
}

/** A finding of a unit that moved: lines shift, and so do the columns on the unit's first line. */
function moveFinding(finding: Finding, result: UnitResult, unit: Unit): Finding {
  const lines = unit.startRow - result.startRow;
  const columns = unit.startColumn - result.startColumn;
  if (lines === 0 && columns === 0) return finding;
  const move = (position: SourcePosition): SourcePosition => ({
    line: position.line + lines,
    column: position.line === result.startRow ? position.column + columns : position.column,
  });
  const moveRange = (range: SourceRange): SourceRange => ({ start: move(range.start), end: move(range.end) });
  const moved: Finding = { ...finding, range: moveRange(finding.range), related: finding.related.map(related => ({ ...related, range: moveRange(related.range) })) };
  if (finding.nodes) moved.nodes = Object.fromEntries(Object.entries(finding.nodes).map(([role, range]) => [role, range && moveRange(range)]));
  return moved;
}

/** Whether `range` lies inside the unit (which ends at `end`). */
function within(range: SourceRange, unit: Unit, end: { row: number; column: number }): boolean {
  const afterStart = range.start.line > unit.startRow || (range.start.line === unit.startRow && range.start.column >= unit.startColumn);
  const beforeEnd = range.end.line < end.row || (range.end.line === end.row && range.end.column <= end.column);
  return afterStart && beforeEnd;
}
