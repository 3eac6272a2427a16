/**
 * The one way `check`, `fix` and `timeline` read a source file. The file's type and size are checked before a byte
 * is read (a FIFO would block forever, a `.py` link to /dev/zero never ends, a 5 GB file is not source), and the
 * reading itself stops one byte past the limit, so a file that grows, or claims a size it does not have (/proc),
 * cannot be read forever either.
 */
import { createHash } from 'crypto';
import { constants, Stats } from 'fs';
import type { FileHandle } from 'fs/promises';
import { decodeSource, formatSize } from '../engine/sourceText';
import { describeFsError, FileSystem, fsErrorCode, nodeFileSystem } from './fileSystem';

/** Files over this size are skipped in the CLI as in the editor (`asyncPatterns.maxFileSizeKB`'s default). */
export const defaultMaxFileBytes = 4096 * 1024;

/** What was read, to tell later whether the file changed on disk since. */
export interface FileSnapshot {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export type SourceFileRead =
  | { kind: 'read'; bytes: Buffer; snapshot: FileSnapshot }
  /** Not source we read: a note, and the run goes on. */
  | { kind: 'skipped'; reason: string }
  /** The file system said no (no such file, permission denied...). */
  | { kind: 'unreadable'; reason: string };

export type SourceTextRead =
  | { kind: 'text'; text: string; lossy: boolean; bom: boolean; bytes: Buffer; snapshot: FileSnapshot }
  | { kind: 'skipped'; reason: string }
  | { kind: 'unreadable'; reason: string };

export async function readSourceFile(file: string, maxBytes = defaultMaxFileBytes, fileSystem: FileSystem = nodeFileSystem): Promise<SourceFileRead> {
  try {
    const refusal = refusalFor(await fileSystem.stat(file), maxBytes);
    return refusal ?? await readBounded(file, maxBytes, fileSystem);
  } catch (error) {
    if (!fsErrorCode(error)) throw error;
    return { kind: 'unreadable', reason: describeFsError(error) };
  }
}

/** The file read and decoded: binary content is a skip, like a FIFO or a file over the limit. */
export async function readSourceText(file: string, maxBytes = defaultMaxFileBytes, fileSystem: FileSystem = nodeFileSystem): Promise<SourceTextRead> {
  const read = await readSourceFile(file, maxBytes, fileSystem);
  if (read.kind !== 'read') return read;
  const source = decodeSource(read.bytes, maxBytes);
  return source.kind === 'skipped' ? source : { ...source, bytes: read.bytes, snapshot: read.snapshot };
}

export function snapshotOf(stat: Stats, bytes: Uint8Array): FileSnapshot {
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const notRegularKinds: Array<[(stat: Stats) => boolean, string]> = [
  [stat => stat.isFIFO(), 'a FIFO'],
  [stat => stat.isSocket(), 'a socket'],
  [stat => stat.isCharacterDevice(), 'a character device'],
  [stat => stat.isBlockDevice(), 'a block device'],
];

function refusalFor(stat: Stats, maxBytes: number): SourceFileRead | undefined {
  if (stat.isDirectory()) return { kind: 'unreadable', reason: describeFsError({ code: 'EISDIR' }) };
  if (!stat.isFile()) {
    const kind = notRegularKinds.find(([is]) => is(stat))?.[1];
    return { kind: 'skipped', reason: `not a regular file${kind ? ` (${kind})` : ''}` };
  }
  if (stat.size > maxBytes) return { kind: 'skipped', reason: `larger than ${formatSize(maxBytes)} (${formatSize(stat.size)})` };
  return undefined;
}

/**
 * Opens without blocking (a FIFO put in the file's place since the stat would otherwise block the open), checks the
 * file actually opened, and reads at most maxBytes + 1 bytes.
 */
async function readBounded(file: string, maxBytes: number, fileSystem: FileSystem): Promise<SourceFileRead> {
  const handle = await fileSystem.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    const refusal = refusalFor(stat, maxBytes);
    if (refusal) return refusal;
    const bytes = await readAtMost(handle, stat.size, maxBytes + 1);
    if (bytes.length > maxBytes) return { kind: 'skipped', reason: `larger than ${formatSize(maxBytes)}` };
    return { kind: 'read', bytes, snapshot: snapshotOf(stat, bytes) };
  } finally {
    await handle.close();
  }
}

/** Reads until the end of the file or `limit` bytes, starting from a buffer of the size the file claims. */
async function readAtMost(handle: FileHandle, claimedSize: number, limit: number): Promise<Buffer> {
  let buffer = Buffer.alloc(Math.min(limit, Math.max(claimedSize + 1, 64 * 1024)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) return buffer;
      buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(limit, buffer.length * 2) - buffer.length)]);
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}
