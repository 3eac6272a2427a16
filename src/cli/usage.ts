/** Bad command lines, reported the same way by every command: one line on stderr and exit code 2. */

export class UsageError extends Error {}

/** Runs an argument parser (node's `parseArgs`), turning what it throws into a one-line UsageError. */
export function parsedOrUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}

/** The value of a flag that takes a whole number of at least 1. */
export function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} takes a whole number of at least 1, not '${text}'`);
  return value;
}
