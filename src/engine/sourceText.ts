/**
 * Turns file bytes into text the parser can take, or says clearly why not. Binary files and files over the
 * size limit are skipped rather than parsed: parsing them would only produce a storm of meaningless errors.
 */
export type SourceText =
  | { kind: 'text'; text: string; /** true when bytes were not valid UTF-8 and were replaced by U+FFFD */ lossy: boolean }
  | { kind: 'skipped'; reason: string };

/** How far into a file to look for NUL bytes: as git does, a NUL early on means binary. */
const binarySniffLength = 8000;

export function decodeSource(bytes: Uint8Array, maxBytes: number): SourceText {
  if (bytes.length > maxBytes) {
    return { kind: 'skipped', reason: `larger than ${formatSize(maxBytes)} (${formatSize(bytes.length)})` };
  }
  if (bytes.subarray(0, binarySniffLength).includes(0)) return { kind: 'skipped', reason: 'binary content' };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), lossy: false };
  } catch {
    return { kind: 'text', text: new TextDecoder('utf-8').decode(bytes), lossy: true };
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
