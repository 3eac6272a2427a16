/** Entry point of `dist/cli.js` (the `async-patterns` bin). */
import { bundledWasmLocator } from '../engine/grammarLoader';
import { version } from '../../package.json';
import { processOutput } from './outputStreams';
import { exitCodes, runCli } from './run';

const output = processOutput(process.stdout, process.stderr, () => {
  // The failure may come after the run ended (writes finish asynchronously): set the code now as well.
  process.exitCode = exitCodes.usageOrInput;
});

runCli(process.argv.slice(2), {
  version,
  locateWasm: bundledWasmLocator(__dirname),
  stdout: output.stdout,
  stderr: output.stderr,
}).then(code => {
  process.exitCode = output.failed() ? exitCodes.usageOrInput : code;
});
