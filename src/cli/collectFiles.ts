/**
 * Expands the paths given on the command line into the files to check: files as given, folders walked
 * (in a stable order) for supported extensions, skipping dependency, VCS and virtual-environment folders.
 */
import * as path from 'path';
import { GrammarId, grammarForFileName } from '../engine/languages';
import { describeFsError, FileSystem, fsErrorCode, nodeFileSystem } from './fileSystem';

/**
 * One path found, in the order found: a file to read (whether it is a regular file of a sensible size is the
 * reader's call), a path passed over with a note (a named file of another language, a broken link in a folder), or
 * a path the file system refused (no such file, permission denied: exit 2).
 */
export type CollectedPath =
  | { kind: 'file'; path: string; grammar: GrammarId }
  | { kind: 'skipped'; path: string; reason: string }
  | { kind: 'unreadable'; path: string; reason: string };

/** Folders that hold other people's code or tool state, never the user's own sources. */
const skippedFolderNames = new Set([
  'node_modules', '.git', '.hg', '.svn', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.venv', 'venv', 'site-packages',
]);

export async function collectFiles(paths: readonly string[], fs: FileSystem = nodeFileSystem): Promise<CollectedPath[]> {
  const collected: CollectedPath[] = [];
  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      collected.push({ kind: 'unreadable', path: given, reason: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) await walkFolder(given, collected, fs);
    else {
      const grammar = grammarForFileName(given);
      if (grammar) collected.push({ kind: 'file', path: given, grammar });
      else collected.push({ kind: 'skipped', path: given, reason: 'not a Python, JavaScript or TypeScript file' });
    }
  }
  return collected;
}

async function walkFolder(folder: string, collected: CollectedPath[], fs: FileSystem): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    collected.push({ kind: 'unreadable', path: folder, reason: describeFsError(error) });
    return;
  }
  // A virtual environment can have any name; its marker file gives it away.
  if (entries.some(entry => entry.name === 'pyvenv.cfg' && entry.isFile())) return;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolderNames.has(entry.name)) await walkFolder(child, collected, fs);
      continue;
    }
    const grammar = grammarForFileName(entry.name);
    if (!grammar) continue;
    if (entry.isSymbolicLink()) await addSymbolicLink(child, grammar, collected, fs);
    // FIFOs, sockets and devices too: the reader skips them with a note (a `.py` FIFO is worth a word).
    else collected.push({ kind: 'file', path: child, grammar });
  }
}

const brokenLinkReasons: Readonly<Record<string, string>> = { ENOENT: 'broken symbolic link', ELOOP: 'symbolic link loop' };

/**
 * Links to files are followed, links to folders are not (they could loop). A broken link in a folder is a note,
 * not an error: it is often a leftover of a build or a checkout, and the rest of the folder still gets checked.
 */
async function addSymbolicLink(link: string, grammar: GrammarId, collected: CollectedPath[], fs: FileSystem): Promise<void> {
  try {
    if (!(await fs.stat(link)).isDirectory()) collected.push({ kind: 'file', path: link, grammar });
  } catch (error) {
    const brokenLink = brokenLinkReasons[fsErrorCode(error) ?? ''];
    if (brokenLink) collected.push({ kind: 'skipped', path: link, reason: brokenLink });
    else collected.push({ kind: 'unreadable', path: link, reason: describeFsError(error) });
  }
}
