/** Entry point of `dist/cli.js` (the `async-patterns` bin). */
import { bundledWasmLocator } from '../engine/grammarLoader';
import { version } from '../../package.json';
import { runCli } from './run';

runCli(process.argv.slice(2), {
  version,
  locateWasm: bundledWasmLocator(__dirname),
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(code => {
  process.exitCode = code;
});
