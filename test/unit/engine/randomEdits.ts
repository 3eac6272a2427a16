/**
 * Random edit sessions for the incremental analysis's property test: what a user does to a file (typing that breaks
 * the syntax, edits on definition and import lines, lines that change what the rules know, undo), as VS Code reports it.
 */
import { LanguageFamily } from '../../../src/engine/languages';
import { TextChange } from '../../../src/engine/textChange';
import { changeAt } from './textEdits';

/** Deterministic pseudo-random numbers: the same sessions every run. */
export function random(seed: number): (below: number) => number {
  let state = seed;
  return below => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % below;
  };
}

/** Text typed at a random place: single characters (brackets, quotes and colons break the syntax) and words. */
const typedPieces = ['x', '_', ' ', '\n', '(', ')', ':', '{', '}', '[', ']', '"', "'", ',', '=', '    ', 'async ', 'await ', 'def ', 'for ', '#', '//'];

/** Whole lines that change what the rule knows about the whole file, inserted at the start of a line. */
const meaningfulLines: Record<LanguageFamily, string[]> = {
  python: [
    'import asyncio as aio\n', 'from asyncio import gather, create_task\n', 'from asyncio import gather as g\n',
    'sem = asyncio.Semaphore(4)\n', 'urls = [1, 2, 3]\n', 'order_ids = list(range(3))\n', 'def fetch(u):\n    return u\n',
    'async def fetch_one(x):\n    async with sem:\n        return x\n', 'WORKERS = 400\n', 'range = list\n', 'map = None\n',
  ],
  javascript: [
    "import pLimit from 'p-limit';\n", "import createLimit from 'p-limit';\n", 'const limit = pLimit(4);\n', 'let Promise = null;\n',
    'const ids = [1, 2, 3];\n', 'function fetchUser(id) { return limit(() => id); }\n', 'const Array = null;\n', 'let urls = [];\n',
    'urls = [];\n', 'const limiter = new PQueue({ concurrency: 2 });\n',
  ],
};

/** Where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** One random edit, as VS Code reports it, and a description for the failure message. */
export function randomEdit(text: string, family: LanguageFamily, history: string[], next: (below: number) => number): { change: TextChange; what: string } {
  const starts = lineStarts(text);
  const definitionLines = starts.filter(start => /^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function)\b/.test(text.slice(start, start + 80)));
  const importLines = starts.filter(start => /^(?:import|from)\b|^const \w+ = require\(/.test(text.slice(start, start + 40)));
  const lineEnd = (start: number) => (text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start));
  const typeAt = (offset: number, where: string) => {
    const piece = typedPieces[next(typedPieces.length)];
    return { change: changeAt(text, offset, offset, piece), what: `typing ${JSON.stringify(piece)} ${where} (offset ${offset})` };
  };
  const withinLine = (start: number) => start + next(lineEnd(start) - start + 1);
  switch (next(9)) {
    case 0: {
      const start = definitionLines.length ? definitionLines[next(definitionLines.length)] : 0;
      return typeAt(withinLine(start), 'on a definition line');
    }
    case 1: {
      const start = importLines.length ? importLines[next(importLines.length)] : 0;
      return typeAt(withinLine(start), 'on an import line');
    }
    case 2:
      return typeAt(withinLine(0), 'on the first line');
    case 3: {
      const start = next(text.length + 1);
      const end = Math.min(text.length, start + next(40));
      return { change: changeAt(text, start, end, ''), what: `deleting ${JSON.stringify(text.slice(start, end))} at ${start}` };
    }
    case 4: {
      const start = starts[next(starts.length)];
      const line = meaningfulLines[family][next(meaningfulLines[family].length)];
      return { change: changeAt(text, start, start, line), what: `inserting the line ${JSON.stringify(line)} at ${start}` };
    }
    case 5: {
      // Back to an earlier version, in one change that replaces the whole text (an undo of several steps).
      const earlier = history[next(history.length)];
      return { change: changeAt(text, 0, text.length, earlier), what: 'going back to an earlier version' };
    }
    case 6: {
      // A word replaced by another word of the file: renames, shadowing, a call to another function.
      const words = [...text.matchAll(/[A-Za-z_]\w*/g)];
      if (words.length < 2) return typeAt(next(text.length + 1), 'anywhere');
      const word = words[next(words.length)];
      const other = words[next(words.length)][0];
      return { change: changeAt(text, word.index!, word.index! + word[0].length, other), what: `replacing ${word[0]} by ${other} at ${word.index}` };
    }
    default:
      return typeAt(next(text.length + 1), 'anywhere');
  }
}
