/**
 * The file-system calls the CLI makes, as one interface, so tests can put a double in front of the real one to cause
 * what a test machine cannot (a full disk, a file changed by someone else at the worst moment); and the words the CLI
 * uses for what went wrong.
 */
import { promises as fs } from 'fs';

export type FileSystem = Pick<typeof fs, 'access' | 'lstat' | 'open' | 'readdir' | 'realpath' | 'rename' | 'stat' | 'unlink'>;

export const nodeFileSystem: FileSystem = fs;

/** What each error code means, said as a person would. */
const fsErrorReasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'is a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EMLINK: 'too many links',
  EBUSY: 'file is busy',
  ETXTBSY: 'file is busy',
  EIO: 'input/output error',
  EXDEV: 'cannot move across file systems',
  ERR_FS_FILE_TOO_LARGE: 'file too large',
};

/** The error code of a failed file-system call, or undefined for any other error. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && (code in fsErrorReasons || /^E[A-Z]+$/.test(code)) ? code : undefined;
}

export function describeFsError(error: unknown): string {
  const code = fsErrorCode(error);
  if (code && code in fsErrorReasons) return fsErrorReasons[code];
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
