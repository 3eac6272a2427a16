import { FileSystem } from './fileSystem';
import { FileSnapshot } from './sourceFile';
import { promises as fs } from 'fs';

export type WriteOutcome = { kind: 'written' } | { kind: 'refused'; reason: string };

export async function writeFileSafely(file: string, bytes: Uint8Array, _read: FileSnapshot, _fileSystem: FileSystem): Promise<WriteOutcome> {
  await fs.writeFile(file, bytes);
  return { kind: 'written' };
}
