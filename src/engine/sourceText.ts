/**
 * Turns file bytes into text the parser can take, or says clearly why not. Binary files and files over the
 * size limit are skipped rather than parsed: parsing them would only produce a storm of meaningless errors.
 */
export type SourceText =
  | {
    kind: 'text';
    /** Without the byte order mark, as editors show it: positions count from the first character after it. */
    text: string;
    /** true when bytes were not valid UTF-8 and were replaced by U+FFFD */
    lossy: boolean;
    /** true when the bytes began with a UTF-8 byte order mark */
    bom: boolean;
  }
  | { kind: 'skipped'; reason: string };

/** How far into a file to look for NUL bytes: as git does, a NUL early on means binary. */
const binarySniffLength = 8000;

export const utf8ByteOrderMark = Uint8Array.of(0xef, 0xbb, 0xbf);

export function decodeSource(bytes: Uint8Array, maxBytes: number): SourceText {
  if (bytes.length > maxBytes) {
    return { kind: 'skipped', reason: `larger than ${formatSize(maxBytes)} (${formatSize(bytes.length)})` };
  }
  if (bytes.subarray(0, binarySniffLength).includes(0)) return { kind: 'skipped', reason: 'binary content' };
  const bom = startsWithByteOrderMark(bytes);
  // TextDecoder drops a leading byte order mark by itself (ignoreBOM: false).
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), lossy: false, bom };
  } catch {
    return { kind: 'text', text: new TextDecoder('utf-8').decode(bytes), lossy: true, bom };
  }
}

function startsWithByteOrderMark(bytes: Uint8Array): boolean {
  return utf8ByteOrderMark.every((byte, i) => bytes[i] === byte);
}

const sizeUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatSize(bytes: number): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${sizeUnits[unit]}`;
}
