/**
 * Regular expressions of the simulated program, matched without ever building a RegExp from its text (our rule:
 * a user's pattern could take the extension host down): a small Pike VM over the common subset (literals,
 * classes, groups, alternation, greedy and lazy quantifiers, anchors), linear in the text and counted against
 * the budget. A pattern outside the subset (backreferences, lookaround) matches as unknown.
 */
import type { Simulation } from '../simulation';
import { isObject, list, NativeObject, opaque, record, Value } from '../values';

type Predicate = (c: string) => boolean;

type Instruction =
  | { op: 'char'; test: Predicate }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; to: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; kind: '^' | '$' | 'b' | 'B' }
  | { op: 'match' };

interface Program { code: Instruction[]; groups: number; names: Map<string, number> }

class Unsupported extends Error {}

/** A pattern too large to compile is treated as unknown too. */
const maxPatternLength = 2000;

export function newRegex(pattern: string, flags: string): NativeObject {
  let program: Program | undefined;
  try {
    if (pattern.length <= maxPatternLength) program = compile(pattern, flags);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  return { t: 'object', kind: 'regex', pattern, flags, program, lastIndex: 0 };
}

export function regexOf(value: Value): NativeObject | undefined {
  return isObject(value) && value.t === 'object' && value.kind === 'regex' ? value : undefined;
}

// -- compiling ------------------------------------------------------------------------------------------------------

function compile(pattern: string, flags: string): Program {
  const ignoreCase = flags.includes('i');
  const multiline = flags.includes('m');
  const dotAll = flags.includes('s');
  let position = 0;
  let groups = 0;
  const names = new Map<string, number>();
  type Node = { kind: 'seq'; items: Node[] } | { kind: 'alt'; options: Node[] } | { kind: 'char'; test: Predicate } | { kind: 'group'; index?: number; body: Node }
    | { kind: 'repeat'; body: Node; min: number; max: number; lazy: boolean } | { kind: 'assert'; assertion: '^' | '$' | 'b' | 'B' };

  const peek = () => pattern[position];
  const literal = (c: string): Predicate => (ignoreCase ? (x => x.toLowerCase() === c.toLowerCase()) : (x => x === c));
  const classEscape = (c: string): Predicate | undefined => {
    switch (c) {
      case 'd': return x => x >= '0' && x <= '9';
      case 'D': return x => !(x >= '0' && x <= '9');
      case 'w': return x => /\w/.test(x);
      case 'W': return x => !/\w/.test(x);
      case 's': return x => /\s/.test(x);
      case 'S': return x => !/\s/.test(x);
      default: return undefined;
    }
  };
  const escapedChar = (c: string): string => ({ n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[c] ?? c;

  const parseClass = (): Predicate => {
    position++; // [
    const negated = peek() === '^';
    if (negated) position++;
    const tests: Predicate[] = [];
    let first = true;
    while (position < pattern.length && (peek() !== ']' || first)) {
      first = false;
      let c = pattern[position++];
      if (c === '\\') {
        const e = pattern[position++];
        const cls = classEscape(e);
        if (cls) { tests.push(cls); continue; }
        c = escapedChar(e);
      }
      if (peek() === '-' && pattern[position + 1] !== ']' && position + 1 < pattern.length) {
        position++;
        let end = pattern[position++];
        if (end === '\\') end = escapedChar(pattern[position++]);
        const low = c, high = end;
        tests.push(ignoreCase ? (x => (x.toLowerCase() >= low.toLowerCase() && x.toLowerCase() <= high.toLowerCase()) || (x >= low && x <= high)) : (x => x >= low && x <= high));
      } else tests.push(literal(c));
    }
    if (peek() !== ']') throw new Unsupported();
    position++;
    return negated ? (x => !tests.some(t => t(x))) : (x => tests.some(t => t(x)));
  };

  const parseAtom = (): Node => {
    const c = pattern[position];
    if (c === '(') {
      position++;
      let index: number | undefined;
      if (pattern.startsWith('?:', position)) position += 2;
      else if (pattern.startsWith('?<', position) && pattern[position + 2] !== '=' && pattern[position + 2] !== '!') {
        const end = pattern.indexOf('>', position);
        if (end < 0) throw new Unsupported();
        index = ++groups;
        names.set(pattern.slice(position + 2, end), index);
        position = end + 1;
      } else if (pattern.startsWith('?P<', position)) {
        const end = pattern.indexOf('>', position);
        if (end < 0) throw new Unsupported();
        index = ++groups;
        names.set(pattern.slice(position + 3, end), index);
        position = end + 1;
      } else if (c === '(' && peek() === '?') throw new Unsupported();
      else index = ++groups;
      const body = parseAlternation();
      if (peek() !== ')') throw new Unsupported();
      position++;
      return { kind: 'group', index, body };
    }
    position++;
    if (c === '[') { position--; return { kind: 'char', test: parseClass() }; }
    if (c === '.') return { kind: 'char', test: dotAll ? () => true : x => x !== '\n' };
    if (c === '^') return { kind: 'assert', assertion: '^' };
    if (c === '$') return { kind: 'assert', assertion: '$' };
    if (c === '\\') {
      const e = pattern[position++];
      if (e === undefined) throw new Unsupported();
      if (e === 'b' || e === 'B') return { kind: 'assert', assertion: e };
      if (/[1-9k]/.test(e)) throw new Unsupported();
      const cls = classEscape(e);
      if (cls) return { kind: 'char', test: cls };
      return { kind: 'char', test: literal(escapedChar(e)) };
    }
    if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?') throw new Unsupported();
    return { kind: 'char', test: literal(c) };
  };

  const parseRepeat = (): Node => {
    let atom = parseAtom();
    for (;;) {
      const c = peek();
      let min: number, max: number;
      if (c === '*') { min = 0; max = Infinity; position++; }
      else if (c === '+') { min = 1; max = Infinity; position++; }
      else if (c === '?') { min = 0; max = 1; position++; }
      else if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(position))) {
        const end = pattern.indexOf('}', position);
        const [low, high] = pattern.slice(position + 1, end).split(',');
        min = Number(low);
        max = high === undefined ? min : high === '' ? Infinity : Number(high);
        position = end + 1;
        if (min > 100 || (max !== Infinity && max > 100)) throw new Unsupported();
      } else return atom;
      const lazy = peek() === '?';
      if (lazy) position++;
      atom = { kind: 'repeat', body: atom, min, max, lazy };
    }
  };

  const parseSequence = (): Node => {
    const items: Node[] = [];
    while (position < pattern.length && peek() !== '|' && peek() !== ')') items.push(parseRepeat());
    return { kind: 'seq', items };
  };

  function parseAlternation(): Node {
    const options = [parseSequence()];
    while (peek() === '|') { position++; options.push(parseSequence()); }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  const tree = parseAlternation();
  if (position < pattern.length) throw new Unsupported();

  const code: Instruction[] = [];
  const emit = (node: Node): void => {
    switch (node.kind) {
      case 'char': code.push({ op: 'char', test: node.test }); return;
      case 'assert': code.push({ op: 'assert', kind: node.assertion === '^' || node.assertion === '$' ? node.assertion : node.assertion }); return;
      case 'seq': node.items.forEach(emit); return;
      case 'group':
        if (node.index !== undefined) code.push({ op: 'save', slot: node.index * 2 });
        emit(node.body);
        if (node.index !== undefined) code.push({ op: 'save', slot: node.index * 2 + 1 });
        return;
      case 'alt': {
        const jumps: Array<{ op: 'jmp'; to: number }> = [];
        node.options.forEach((option, i) => {
          if (i < node.options.length - 1) {
            const split = { op: 'split' as const, x: code.length + 1, y: 0 };
            code.push(split);
            emit(option);
            const jump = { op: 'jmp' as const, to: 0 };
            code.push(jump);
            jumps.push(jump);
            split.y = code.length;
          } else emit(option);
        });
        for (const jump of jumps) jump.to = code.length;
        return;
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) emit(node.body);
        if (node.max === Infinity) {
          const start = code.length;
          const split = { op: 'split' as const, x: 0, y: 0 };
          code.push(split);
          emit(node.body);
          code.push({ op: 'jmp', to: start });
          const after = code.length;
          if (node.lazy) { split.x = after; split.y = start + 1; } else { split.x = start + 1; split.y = after; }
        } else {
          const splits: Array<{ op: 'split'; x: number; y: number }> = [];
          for (let i = node.min; i < node.max; i++) {
            const split = { op: 'split' as const, x: 0, y: 0 };
            code.push(split);
            splits.push(split);
            const bodyStart = code.length;
            emit(node.body);
            if (node.lazy) split.y = bodyStart; else split.x = bodyStart;
          }
          const after = code.length;
          for (const split of splits) { if (node.lazy) split.x = after; else split.y = after; }
        }
        return;
      }
    }
  };
  emit(tree);
  code.push({ op: 'match' });
  // `^` and `$` at line ends in multiline mode.
  const program: Program = { code, groups, names };
  (program as Program & { multiline: boolean }).multiline = multiline;
  return program;
}

// -- matching -------------------------------------------------------------------------------------------------------

interface Match { index: number; end: number; groups: Array<string | undefined> }

/** The leftmost match starting at or after `from` (Pike VM: threads in priority order, one step per character). */
function exec(sim: Simulation, program: Program, text: string, from: number): Match | undefined {
  const multiline = (program as Program & { multiline?: boolean }).multiline === true;
  const slots = (program.groups + 1) * 2;
  for (let start = from; start <= text.length; start++) {
    let threads: Array<{ pc: number; saved: number[] }> = [];
    let matched: number[] | undefined;
    const add = (list: typeof threads, pc: number, saved: number[], at: number, seen: Set<number>) => {
      if (seen.has(pc)) return;
      seen.add(pc);
      const instruction = program.code[pc];
      switch (instruction.op) {
        case 'jmp': add(list, instruction.to, saved, at, seen); return;
        case 'split': add(list, instruction.x, saved, at, seen); add(list, instruction.y, saved, at, seen); return;
        case 'save': { const copy = saved.slice(); copy[instruction.slot] = at; add(list, pc + 1, copy, at, seen); return; }
        case 'assert': {
          const before = text[at - 1], after = text[at];
          const word = (c: string | undefined) => c !== undefined && /\w/.test(c);
          const holds = instruction.kind === '^' ? at === 0 || (multiline && before === '\n')
            : instruction.kind === '$' ? at === text.length || (multiline && after === '\n')
              : instruction.kind === 'b' ? word(before) !== word(after) : word(before) === word(after);
          if (holds) add(list, pc + 1, saved, at, seen);
          return;
        }
        default: list.push({ pc, saved });
      }
    };
    const initial = new Array(slots).fill(-1);
    initial[0] = start;
    add(threads, 0, initial, start, new Set());
    for (let at = start; threads.length > 0; at++) {
      sim.budget.step();
      const next: typeof threads = [];
      const seen = new Set<number>();
      for (const thread of threads) {
        const instruction = program.code[thread.pc];
        if (instruction.op === 'match') {
          matched = thread.saved.slice();
          matched[1] = at;
          // Threads of lower priority are cut; those before it (already in `next`) may still match longer.
          break;
        }
        if (instruction.op === 'char' && at < text.length && instruction.test(text[at])) add(next, thread.pc + 1, thread.saved, at + 1, seen);
      }
      threads = next;
    }
    if (matched) {
      const groups: Array<string | undefined> = [];
      for (let g = 0; g <= program.groups; g++) {
        const s = matched[g * 2], e = matched[g * 2 + 1];
        groups.push(s >= 0 && e >= 0 ? text.slice(s, e) : undefined);
      }
      return { index: start, end: matched[1], groups };
    }
  }
  return undefined;
}

/** A JavaScript match array: the match and its groups, with `index` and `groups`. */
function matchArray(program: Program, match: Match): Value {
  const array = list(match.groups.map(g => g));
  (array as unknown as { props?: Map<string, Value> }).props = new Map<string, Value>([['index', match.index]]);
  if (program.names.size > 0) {
    const named = record();
    for (const [name, index] of program.names) named.props.set(name, match.groups[index]);
    (array as unknown as { props: Map<string, Value> }).props.set('groups', named);
  }
  return array;
}

function* matches(sim: Simulation, program: Program, text: string): Generator<Match> {
  let from = 0;
  while (from <= text.length) {
    const match = exec(sim, program, text, from);
    if (!match) return;
    yield match;
    from = match.end > match.index ? match.end : match.index + 1;
  }
}

export function regexTest(sim: Simulation, regex: NativeObject, text: string, wantIndex = false): Value {
  const program = regex.program as Program | undefined;
  if (!program) return opaque(`/${regex.pattern}/`, 0);
  const match = exec(sim, program, text, 0);
  return wantIndex ? (match ? match.index : -1) : match !== undefined;
}

export function regexMatch(sim: Simulation, regex: NativeObject, text: string): Value {
  const program = regex.program as Program | undefined;
  if (!program) return opaque(`match of /${regex.pattern}/`, 0);
  if ((regex.flags as string).includes('g')) {
    const found = [...matches(sim, program, text)].map(m => m.groups[0] as Value);
    return found.length > 0 ? list(found) : null;
  }
  const match = exec(sim, program, text, 0);
  return match ? matchArray(program, match) : null;
}

export function regexMatchAll(sim: Simulation, regex: NativeObject, text: string): Value {
  const program = regex.program as Program | undefined;
  if (!program) return opaque(`matches of /${regex.pattern}/`, 0);
  const found = [...matches(sim, program, text)].map(m => matchArray(program, m));
  sim.budget.allocate(found.length);
  return list(found);
}

export function regexReplace(sim: Simulation, regex: NativeObject, text: string, replacement: string, all: boolean): Value {
  const program = regex.program as Program | undefined;
  if (!program) return opaque(`${text} with /${regex.pattern}/ replaced`, 0);
  const global = all || (regex.flags as string).includes('g');
  let result = '';
  let last = 0;
  for (const match of matches(sim, program, text)) {
    result += text.slice(last, match.index) + replacement.replace(/\$(\d+|&|<(\w+)>)/g, (_, ref: string, name: string | undefined) => {
      if (ref === '&') return match.groups[0] ?? '';
      if (name !== undefined) return match.groups[program.names.get(name) ?? -1] ?? '';
      return match.groups[Number(ref)] ?? '';
    });
    last = match.end;
    if (!global) break;
  }
  return result + text.slice(last);
}

export function regexSplit(sim: Simulation, regex: NativeObject, text: string): string[] {
  const program = regex.program as Program | undefined;
  if (!program) return [text];
  const parts: string[] = [];
  let last = 0;
  for (const match of matches(sim, program, text)) {
    if (match.end === match.index && match.index === last && last !== 0) continue;
    parts.push(text.slice(last, match.index));
    last = match.end;
  }
  parts.push(text.slice(last));
  return parts;
}

/** Python's `re`: the first match (`search`), anchored at the start (`match`), every match's text (`findall`). */
export function pythonRegex(sim: Simulation, regex: NativeObject, text: string, how: 'search' | 'match' | 'fullmatch' | 'findall'): Value {
  const program = regex.program as Program | undefined;
  if (!program) return opaque(`re.${how}(/${regex.pattern}/)`, 0);
  if (how === 'findall') {
    return list([...matches(sim, program, text)].map(m => (program.groups === 0 ? m.groups[0] : program.groups === 1 ? m.groups[1] : list(m.groups.slice(1) as Value[], true))) as Value[]);
  }
  const match = exec(sim, program, text, 0);
  if (!match || (how !== 'search' && match.index !== 0) || (how === 'fullmatch' && match.end !== text.length)) return null;
  return { t: 'object', kind: 'match', groups: match.groups, names: program.names, start: match.index, end: match.end };
}
