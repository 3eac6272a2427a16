/**
 * Files of the user's project that the analysis reads beside the one it checks (the nearest package.json, a Python
 * module a type names): read only when they are regular files of a sane size (a FIFO with that name would block the
 * thread forever, a huge file is not the project's own), and parsed once per change on disk.
 */
import * as fs from 'fs';
import { Parser, type Language, type Tree } from 'web-tree-sitter';

export class ProjectFileCache<T> {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; value: T }>();

  constructor(private readonly maxBytes: number) {}

  /**
   * What `parse` makes of the file's text (undefined text: the file could not be read), from the cache while the
   * file's size and modification time are unchanged. Undefined when there is no such regular file within the size.
   */
  read(file: string, parse: (text: string | undefined) => T): T | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile() || stat.size > this.maxBytes) return undefined;
    const cached = this.entries.get(file);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.value;
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    const value = parse(text);
    this.entries.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, value });
    return value;
  }
}

/**
 * What `read` makes of another module of the project, parsed with `language` (the grammar of the file being checked),
 * cached in `cache` until the file changes. Undefined when the module cannot be read or parsed, or `read` throws: a
 * module we cannot read shows nothing, and the finding that asked stays.
 */
export function readParsedModule<T>(cache: ProjectFileCache<T | undefined>, file: string, language: Language, read: (tree: Tree, text: string) => T | undefined): T | undefined {
  return cache.read(file, text => {
    if (text === undefined) return undefined;
    const parser = new Parser();
    try {
      parser.setLanguage(language);
      const tree = parser.parse(text);
      if (!tree) return undefined;
      try {
        return read(tree, text);
      } finally {
        tree.delete();
      }
    } catch {
      return undefined;
    } finally {
      parser.delete();
    }
  });
}

/** Whether a path names a regular file (not a folder, a FIFO or a dangling link). */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
