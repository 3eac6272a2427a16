/** The nearest package.json says which limiter packages the quick fixes may use; odd files never block or break it. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dependenciesNear } from '../../../src/engine/projectDependencies';

describe('dependenciesNear', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-deps-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the dependencies of the nearest package.json up the folder tree', () => {
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { 'p-limit': '^6' }, devDependencies: { 'p-map': '^7' } }));
    fs.mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
    assert.deepEqual([...dependenciesNear(path.join(root, 'src', 'deep', 'a.ts'))].sort(), ['p-limit', 'p-map']);
  });

  it('passes over a FIFO named package.json instead of blocking on it', () => {
    execFileSync('mkfifo', [path.join(root, 'package.json')]);
    // Reaching the assertion at all is the test: reading the FIFO would block this process forever.
    const found = dependenciesNear(path.join(root, 'a.ts'));
    assert.equal(found.has('p-limit'), false);
  });

  it('treats an invalid package.json as depending on nothing', () => {
    fs.writeFileSync(path.join(root, 'package.json'), '{ not json');
    assert.equal(dependenciesNear(path.join(root, 'a.ts')).size, 0);
  });
});
