/**
 * Running rewritten programs for real: the execution tests prove a code action keeps results and exceptions and
 * bounds concurrency by running before and after with `python3` or `node` and comparing what they print.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** An instrumented Python coroutine `fetch(i)`: counts how many run at once into `peak`, sleeps 5 ms. */
export const instrumentedPythonFetch = `import asyncio

in_flight = 0
peak = 0


async def fetch(i):
    global in_flight, peak
    in_flight += 1
    peak = max(peak, in_flight)
    await asyncio.sleep(0.005)
    in_flight -= 1
`;

/**
 * Writes `source` as `fileName` into a fresh temporary folder, hands its path to `use`, and removes the folder
 * afterwards whatever happens: the tests that run or compile rewritten code must not leave folders behind.
 */
export function withScratchFile<T>(fileName: string, source: string, use: (file: string) => T): T {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-run-'));
  const file = path.join(folder, fileName);
  fs.writeFileSync(file, source);
  try {
    return use(file);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs a program (in a fresh temporary folder, or `folder`) and returns the lines it printed. */
export function runProgram(command: 'python3' | 'node', source: string, options: { fileName?: string; folder?: string } = {}): string[] {
  const fileName = options.fileName ?? (command === 'python3' ? 'program.py' : 'program.js');
  const run = (file: string) => execFileSync(command === 'node' ? process.execPath : command, [file], { encoding: 'utf8' }).trim().split('\n');
  if (!options.folder) return withScratchFile(fileName, source, run);
  const file = path.join(options.folder, fileName);
  fs.writeFileSync(file, source);
  try {
    return run(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
