/**
 * What the project around a file depends on, from the nearest package.json up the folder tree: the JS/TS quick
 * fixes use p-limit or p-map when the project already has them, and a helper of their own otherwise.
 */
import * as path from 'path';
import { ProjectFileCache } from './projectFileCache';

const manifests = new ProjectFileCache<ReadonlySet<string>>(1024 * 1024);

export function dependenciesNear(file: string): ReadonlySet<string> {
  for (let folder = path.dirname(path.resolve(file)); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    const found = read(manifest);
    if (found) return found;
    if (path.dirname(folder) === folder) return new Set();
  }
}

function read(manifest: string): ReadonlySet<string> | undefined {
  return manifests.read(manifest, dependenciesOf);
}

function dependenciesOf(text: string | undefined): ReadonlySet<string> {
  try {
    const json = JSON.parse(text ?? '') as Record<string, unknown>;
    const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
      .flatMap(key => (json[key] && typeof json[key] === 'object' ? Object.keys(json[key] as object) : []));
    return new Set(names);
  } catch {
    // An unreadable or invalid package.json depends on nothing we can use: the helper fix remains.
    return new Set();
  }
}
