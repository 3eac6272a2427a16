/**
 * Entry point the VS Code host loads with `--extensionTestsPath`: runs every `*.test.js` beside it with mocha,
 * inside the extension host, and rejects when any test fails (which makes `runTests` exit non-zero).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  for (const file of fs.readdirSync(__dirname).filter(name => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run(failures => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
