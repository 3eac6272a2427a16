/**
 * What a visualizer panel restored after a window reload may show. Its saved state comes from the page (the
 * webview's `setState`), which is not trusted: it names a document by URI, and opening whatever it names would let
 * a page make the extension open any file or scheme. So the state is read field by field, and its document is
 * accepted only if the user has it open in the editor now. Free of `vscode`, so the decision is unit-tested.
 */
import { isAllowedOption, isToWebview } from '../../webview/protocol';

export interface SavedView {
  /** The document's URI, as saved. */
  document: string;
  functionName: string;
  /** The function's line when it was saved. */
  line: number;
  limitOverride?: number;
}

/**
 * The view a page's saved state describes, if it describes one (written by us) and its document is one of
 * `openUris` (the URIs of the documents and text tabs open in the editor now); otherwise undefined.
 */
export function restorableView(state: unknown, openUris: ReadonlySet<string>): SavedView | undefined {
  const view = savedView(state);
  return view && openUris.has(view.document) ? view : undefined;
}

function savedView(state: unknown): SavedView | undefined {
  const message = typeof state === 'object' && state !== null ? (state as { message?: unknown }).message : undefined;
  if (!isToWebview(message) || message.type !== 'timeline' || !message.document) return undefined;
  const view: SavedView = { document: message.document, functionName: message.functionName, line: message.timeline.line };
  if (!Number.isInteger(view.line) || view.line < 1) return undefined;
  // A limit override out of bounds is dropped, as the page's controls would drop it.
  if (message.options.limitOverride !== undefined && isAllowedOption('limitOverride', message.options.limitOverride)) view.limitOverride = message.options.limitOverride;
  return view;
}
