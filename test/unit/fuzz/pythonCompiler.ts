/**
 * CPython's own compiler as a second judge of Python fixes: tree-sitter accepts some code CPython rejects (an import
 * before `from __future__`, `await` outside an async function, `return` outside a function). One `python3` process
 * for the whole campaign, fed one input and its fixes' results per line of JSON.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as readline from 'readline';

const compileEach = `
import json, sys, warnings
warnings.simplefilter("ignore")
def error(source):
    try:
        compile(source, "<fix>", "exec")
        return None
    except SyntaxError as e:
        return e.msg
    except ValueError as e:
        return str(e)
for line in sys.stdin:
    job = json.loads(line)
    # Only what the fix broke: an input CPython rejects already says nothing about its fixes.
    errors = [] if error(job["input"]) is not None else [[i, e] for i, e in enumerate(map(error, job["results"])) if e is not None]
    print(json.dumps(errors), flush=True)
`;

export class PythonCompiler {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly replies: Array<(line: string) => void> = [];
  /** Set when python3 could not be started: the check is then skipped, and the summary says so. */
  unavailable: string | undefined;

  constructor() {
    this.process = spawn('python3', ['-c', compileEach], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.on('error', error => {
      this.unavailable = String(error);
      for (const reply of this.replies.splice(0)) reply('[]');
    });
    readline.createInterface({ input: this.process.stdout }).on('line', line => this.replies.shift()?.(line));
  }

  /** For each result CPython rejects (where it accepts the input): its position in `results` and the message. */
  errors(input: string, results: readonly string[]): Promise<Array<[number, string]>> {
    if (this.unavailable) return Promise.resolve([]);
    return new Promise(resolve => {
      this.replies.push(line => resolve(JSON.parse(line) as Array<[number, string]>));
      this.process.stdin.write(`${JSON.stringify({ input, results })}\n`);
    });
  }

  close(): void {
    this.process.stdin.end();
  }
}
