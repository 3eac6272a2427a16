/**
 * Long work in slices, for the editor: the extension host runs every extension on one thread, so no piece of our
 * work may hold it for more than ~50 ms at a stretch (typing, scrolling and other extensions wait meanwhile). Work
 * that can take longer (the first analysis of a large file) runs a slice at a time and gives the thread back between
 * slices. The CLI and the tests run the same work in one go.
 *
 * Parsing is not sliced: tree-sitter can stop at a progress callback and resume on the next call, but the resumed
 * parse of a text with syntax errors is not always the tree a parse in one go gives (21 of 480 randomly edited files
 * differed, web-tree-sitter 0.25.10), and the analysis must not depend on where a parse was paused.
 */

export interface Slicing {
  /** How long one slice may run before the thread is given back. */
  readonly sliceMs: number;
  /** Gives the thread back until the work waiting for it has run. */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** The clock, in milliseconds (a fake one in tests). */
  readonly now?: () => number;
}

/** 20 ms slices: what the editor uses, well under the 50 ms the host may be held. */
export const editorSlicing: Slicing = { sliceMs: 20 };

export function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

export function clockOf(slicing: Slicing): () => number {
  return slicing.now ?? (() => performance.now());
}

/**
 * Runs `steps` to the end, as many steps per slice as fit in `sliceMs`. Before each slice after the first, asks
 * `stillWanted`: when the result is no longer wanted (a newer version of the document arrived), the run is dropped and
 * the result is undefined.
 */
export async function runInSlices<T>(steps: Generator<void, T>, slicing: Slicing, stillWanted: () => boolean): Promise<T | undefined> {
  const now = clockOf(slicing);
  const pause = slicing.yieldToEventLoop ?? yieldToEventLoop;
  try {
    for (;;) {
      const started = now();
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        if (now() - started >= slicing.sliceMs) break;
      }
      await pause();
      if (!stillWanted()) return undefined;
    }
  } finally {
    steps.return(undefined as T); // a dropped run must not resume; a finished one is unaffected
  }
}
