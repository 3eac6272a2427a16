/**
 * Fixes work on text with '\n' line ends (what the code actions are written and tested for); the file keeps its own.
 * A line the fix did not change keeps the ending it had; a new or changed line gets the file's most common one.
 */
import { diffArrays } from 'diff';

export type LineEnding = '\n' | '\r\n';

export function withLfLineEndings(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** The most common line ending of the text ('\n' when there is none, or on a tie). */
export function dominantLineEnding(text: string): LineEnding {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * `fixed` (with '\n' line ends) with the line endings of `original` restored. A file with one kind of line ending
 * is converted whole; a mixed file is matched line by line against the fixed text.
 */
export function withOriginalLineEndings(original: string, fixed: string): string {
  if (!original.includes('\r\n')) return fixed;
  const lines = original.split(/(\r\n|\n)/);
  const contents = lines.filter((_, i) => i % 2 === 0);
  const endings = lines.filter((_, i) => i % 2 === 1);
  const dominant = dominantLineEnding(original);
  if (endings.every(ending => ending === '\r\n')) return fixed.replace(/\n/g, '\r\n');

  const fixedLines = fixed.split('\n');
  const output: string[] = [];
  let originalIndex = 0;
  let fixedIndex = 0;
  for (const change of diffArrays(contents, fixedLines)) {
    for (const line of change.value) {
      if (change.removed) {
        originalIndex++;
        continue;
      }
      const kept = !change.added;
      const isLast = fixedIndex === fixedLines.length - 1;
      output.push(line, isLast ? '' : (kept ? endings[originalIndex] : undefined) ?? dominant);
      if (kept) originalIndex++;
      fixedIndex++;
    }
  }
  return output.join('');
}
