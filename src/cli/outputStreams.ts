/**
 * stdout and stderr of the real process, written so that their failures never print a stack trace:
 * - a reader that stops early (`check . | head -1`, EPIPE) is normal: later output is dropped quietly and the run
 *   keeps the exit code it would have had (CI with `set -o pipefail` still sees 1 for findings);
 * - any other failure (a full disk under `> results.sarif`) is one line on stderr and exit code 2.
 */
import { describeFsError } from './fileSystem';

type ProcessStream = NodeJS.WriteStream;

export interface ProcessOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether writing the output failed other than by the reader leaving (then the run's exit code is 2). */
  failed: () => boolean;
}

export function processOutput(stdout: ProcessStream, stderr: ProcessStream, onFailure: () => void): ProcessOutput {
  let failed = false;
  const reportFailure = (error: unknown) => {
    if (failed) return;
    failed = true;
    stderrWriter(`async-patterns: cannot write the output: ${describeFsError(error)}\n`);
    onFailure();
  };
  const stdoutWriter = guardedWriter(stdout, reportFailure);
  const stderrWriter = guardedWriter(stderr, () => undefined);
  return { stdout: stdoutWriter, stderr: stderrWriter, failed: () => failed };
}

/** A writer that stops writing after the stream's first error, reporting any error but a closed pipe. */
function guardedWriter(stream: ProcessStream, onFailure: (error: unknown) => void): (text: string) => void {
  let broken = false;
  const fail = (error: unknown) => {
    broken = true;
    if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EPIPE') onFailure(error);
  };
  stream.on('error', fail);
  return text => {
    if (broken) return;
    try {
      stream.write(text);
    } catch (error) {
      fail(error);
    }
  };
}
