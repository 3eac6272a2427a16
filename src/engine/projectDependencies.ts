/**
 * What the project around a file depends on, from the nearest package.json up the folder tree: the JS/TS quick
 * fixes use p-limit or p-map when the project already has them, and a helper of their own otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';

const maxManifestBytes = 1024 * 1024;

const cache = new Map<string, { mtimeMs: number; dependencies: ReadonlySet<string> }>();

export function dependenciesNear(file: string): ReadonlySet<string> {
  for (let folder = path.dirname(path.resolve(file)); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    const found = read(manifest);
    if (found) return found;
    if (path.dirname(folder) === folder) return new Set();
  }
}

function read(manifest: string): ReadonlySet<string> | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(manifest);
  } catch {
    return undefined;
  }
  // Only a regular file of a sane size is read: a FIFO named package.json would block forever, a huge one is not ours.
  if (!stat.isFile() || stat.size > maxManifestBytes) return undefined;
  const cached = cache.get(manifest);
  if (cached?.mtimeMs === stat.mtimeMs) return cached.dependencies;
  let dependencies: ReadonlySet<string> = new Set();
  try {
    const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
      .flatMap(key => (json[key] && typeof json[key] === 'object' ? Object.keys(json[key] as object) : []));
    dependencies = new Set(names);
  } catch {
    // An unreadable or invalid package.json depends on nothing we can use: the helper fix remains.
  }
  cache.set(manifest, { mtimeMs: stat.mtimeMs, dependencies });
  return dependencies;
}
