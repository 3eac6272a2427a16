/**
 * Replaces a file's content whole or not at all, for `fix --write`.
 *
 * - The new content goes to a temporary file in the same folder (same file system), with the file's mode and owner,
 *   synced to disk, then renamed over the file: a full disk, a file-size limit or a crash leaves the old file or the
 *   new one, never half of one.
 * - A symbolic link is written through: the temporary file goes beside the link's target and replaces the target,
 *   so the link stays a link.
 * - A file with more than one hard link cannot be renamed over (the other names would keep the old content), so it
 *   is written in place, but only after the whole new content was written and synced to a temporary file: the full
 *   disk or the size limit shows up there, while the original is untouched. The temporary file is removed before
 *   the in-place write, which gives its space back to that write; should the in-place write still fail, the old
 *   content is written back.
 * - Refused, with nothing written: a read-only file (no write permission bit, also for root, who could write it
 *   anyway; or none for this user), and a file whose size, time or content changed since it was read (someone
 *   saved it meanwhile), checked right before the rename.
 */
import { randomBytes } from 'crypto';
import { Stats } from 'fs';
import type { FileHandle } from 'fs/promises';
import * as path from 'path';
import { describeFsError, FileSystem, fsErrorCode } from './fileSystem';
import { FileSnapshot, readSourceFile } from './sourceFile';

export type WriteOutcome = { kind: 'written' } | { kind: 'refused'; reason: string };

const written: WriteOutcome = { kind: 'written' };

export async function writeFileSafely(file: string, bytes: Uint8Array, read: { snapshot: FileSnapshot; bytes: Uint8Array }, fileSystem: FileSystem): Promise<WriteOutcome> {
  let target: string;
  let stat: Stats;
  try {
    target = await fileSystem.realpath(file);
    stat = await fileSystem.stat(target);
  } catch (error) {
    return failed(file, error, 'the file is unchanged');
  }
  if (isReadOnly(stat)) return { kind: 'refused', reason: `read-only: ${file} (nothing written)` };

  const temporary = temporaryNameBeside(target);
  try {
    await writeTemporaryFile(temporary, bytes, stat, fileSystem);
    if (await changedSince(target, read.snapshot, fileSystem)) return { kind: 'refused', reason: `${file} changed on disk while fixing; nothing written` };
    if (stat.nlink > 1) {
      await removeIfPresent(temporary, fileSystem);
      return await overwriteInPlace(file, target, bytes, read.bytes, fileSystem);
    }
    await fileSystem.rename(temporary, target);
  } catch (error) {
    return failed(file, error, 'the file is unchanged');
  } finally {
    await removeIfPresent(temporary, fileSystem);
  }
  await syncFolder(path.dirname(target), fileSystem);
  return written;
}

/** No write bit at all (refused for everyone, root included), or no write bit for this user by the mode bits. */
export function isReadOnly(stat: Pick<Stats, 'mode' | 'uid' | 'gid'>, user = currentUser()): boolean {
  if ((stat.mode & 0o222) === 0) return true;
  if (!user || user.uid === 0) return false;
  if (stat.uid === user.uid) return (stat.mode & 0o200) === 0;
  if (user.gids.includes(stat.gid)) return (stat.mode & 0o020) === 0;
  return (stat.mode & 0o002) === 0;
}

function currentUser(): { uid: number; gids: number[] } | undefined {
  // Windows has no uids: its read-only attribute shows as no write bits, which the first test catches.
  return process.getuid ? { uid: process.getuid(), gids: [process.getgid?.() ?? -1, ...(process.getgroups?.() ?? [])] } : undefined;
}

function temporaryNameBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.async-patterns.tmp`);
}

/** Created exclusively (never over another file), with the target's owner and mode, and synced to disk. */
async function writeTemporaryFile(temporary: string, bytes: Uint8Array, stat: Stats, fileSystem: FileSystem): Promise<void> {
  const handle = await fileSystem.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await keepOwner(handle, stat);
    // After chown, which clears set-user-id and set-group-id bits.
    await handle.chmod(stat.mode & 0o7777);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Root gives the file back to its owner; others keep the group when they may (chown to a group of theirs). */
async function keepOwner(handle: FileHandle, stat: Stats): Promise<void> {
  const own = await handle.stat();
  if (own.uid === stat.uid && own.gid === stat.gid) return;
  try {
    await handle.chown(stat.uid, stat.gid);
  } catch (error) {
    if (process.getuid?.() === 0 || fsErrorCode(error) !== 'EPERM') throw error;
  }
}

async function changedSince(target: string, snapshot: FileSnapshot, fileSystem: FileSystem): Promise<boolean> {
  const stat = await fileSystem.stat(target);
  if (stat.size !== snapshot.size || stat.mtimeMs !== snapshot.mtimeMs) return true;
  const now = await readSourceFile(target, Math.max(snapshot.size, 1), fileSystem);
  return now.kind !== 'read' || now.snapshot.sha256 !== snapshot.sha256;
}

async function overwriteInPlace(file: string, target: string, bytes: Uint8Array, original: Uint8Array, fileSystem: FileSystem): Promise<WriteOutcome> {
  try {
    await replaceContent(target, bytes, fileSystem);
    return written;
  } catch (error) {
    try {
      await replaceContent(target, original, fileSystem);
      return failed(file, error, 'the old content was written back');
    } catch {
      return failed(file, error, 'it may be damaged: restore it from a backup or version control');
    }
  }
}

async function replaceContent(target: string, bytes: Uint8Array, fileSystem: FileSystem): Promise<void> {
  const handle = await fileSystem.open(target, 'r+');
  try {
    // Freshly opened, so writeFile writes from the start.
    await handle.writeFile(bytes);
    await handle.truncate(bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function failed(file: string, error: unknown, state: string): WriteOutcome {
  if (!fsErrorCode(error)) throw error;
  return { kind: 'refused', reason: `cannot write ${file}: ${describeFsError(error)} (${state})` };
}

async function removeIfPresent(file: string, fileSystem: FileSystem): Promise<void> {
  try {
    await fileSystem.unlink(file);
  } catch {
    // Already renamed over the target, or never created.
  }
}

/** So the rename itself survives a crash; not every platform can open or sync a folder, which is fine. */
async function syncFolder(folder: string, fileSystem: FileSystem): Promise<void> {
  try {
    const handle = await fileSystem.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort.
  }
}
