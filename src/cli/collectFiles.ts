/**
 * Expands the paths given on the command line into the files to check: files as given, folders walked
 * (in a stable order) for supported extensions, skipping dependency, VCS and virtual-environment folders.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { GrammarId, grammarForFileName } from '../engine/languages';

export interface FileToCheck {
  path: string;
  grammar: GrammarId;
}

export interface UnreadablePath {
  path: string;
  reason: string;
}

export interface CollectedFiles {
  files: FileToCheck[];
  unreadable: UnreadablePath[];
  /** Files named explicitly whose language we do not analyze. */
  unsupported: string[];
}

/** Folders that hold other people's code or tool state, never the user's own sources. */
const skippedFolderNames = new Set([
  'node_modules', '.git', '.hg', '.svn', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.venv', 'venv', 'site-packages',
]);

export async function collectFiles(paths: readonly string[]): Promise<CollectedFiles> {
  const collected: CollectedFiles = { files: [], unreadable: [], unsupported: [] };
  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      collected.unreadable.push({ path: given, reason: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) await walkFolder(given, collected);
    else {
      const grammar = grammarForFileName(given);
      if (grammar) collected.files.push({ path: given, grammar });
      else collected.unsupported.push(given);
    }
  }
  return collected;
}

async function walkFolder(folder: string, collected: CollectedFiles): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    collected.unreadable.push({ path: folder, reason: describeFsError(error) });
    return;
  }
  // A virtual environment can have any name; its marker file gives it away.
  if (entries.some(entry => entry.name === 'pyvenv.cfg' && entry.isFile())) return;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolderNames.has(entry.name)) await walkFolder(child, collected);
      continue;
    }
    const grammar = grammarForFileName(entry.name);
    if (!grammar) continue;
    if (entry.isFile()) collected.files.push({ path: child, grammar });
    else if (entry.isSymbolicLink()) await addSymbolicLink(child, grammar, collected);
  }
}

/** Links to files are followed, links to folders are not (they could loop); a dangling link is unreadable. */
async function addSymbolicLink(link: string, grammar: GrammarId, collected: CollectedFiles): Promise<void> {
  try {
    if ((await fs.stat(link)).isFile()) collected.files.push({ path: link, grammar });
  } catch (error) {
    collected.unreadable.push({ path: link, reason: describeFsError(error) });
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder';
    case 'ELOOP': return 'too many symbolic links';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    default: return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
