/**
 * The settings that decide what a simulation costs are bounded in the manifest as in the engine, and a workspace
 * in Restricted Mode cannot raise them (VS Code ignores its values of `restrictedConfigurations`).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { simulationBounds } from '../../../src/engine/concurrency/timeline';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { maximum?: number; default?: unknown }> = manifest.contributes.configuration.properties;

describe('settings schema', () => {
  const bounded: Array<[string, number]> = [
    ['asyncPatterns.visualizer.itemCount', simulationBounds.maxItemCount],
    ['asyncPatterns.visualizer.defaultLatencyMs', simulationBounds.maxLatencySeconds * 1000],
  ];
  for (const [setting, maximum] of bounded) {
    it(`bounds ${setting} at the engine's maximum, ${maximum}`, () => assert.equal(properties[setting].maximum, maximum));
  }

  it('lists the settings that cost execution as restricted in untrusted workspaces, and only existing ones', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.ok(typeof trust.description === 'string' && trust.description.length > 0);
    for (const setting of ['asyncPatterns.visualizer.itemCount', 'asyncPatterns.maxFileSizeKB']) assert.ok(trust.restrictedConfigurations.includes(setting), setting);
    for (const setting of trust.restrictedConfigurations) assert.ok(setting in properties, `${setting} is a setting`);
  });
});
