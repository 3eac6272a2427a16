/**
 * Real files of the pinned corpus that unit tests read (listed in ./files.json). They live in the corpus cache, never
 * in the repository; `npm run test:unit` fetches them first (scripts/fetch-test-corpus.js).
 */
import * as fs from 'fs';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface RealworldFile {
  /** How tests and their lists call the file, e.g. `parfive_downloader.py`. */
  name: string;
  /** Where it is in the corpus cache. */
  absolute: string;
}

export function realworldFiles(): RealworldFile[] {
  // The fetch script is plain CommonJS shared with the eval; it knows where the cache is.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { realworldTestFiles } = require(path.join(repoRoot, 'scripts', 'fetch-test-corpus.js'));
  return (realworldTestFiles() as RealworldFile[]).map(({ name, absolute }) => {
    if (!fs.existsSync(absolute)) throw new Error(`${name} is not in the corpus cache (${absolute}): run \`node scripts/fetch-test-corpus.js\``);
    return { name, absolute };
  });
}
