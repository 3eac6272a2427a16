/** The README's tables of commands, settings and rules are kept equal to what the extension contributes. */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/** The rows of the first table after `## heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has a "${heading}" section`);
  const lines = readme.slice(start).split('\n').slice(2);
  const table = lines.slice(lines.findIndex(line => line.startsWith('|')));
  const rows = table.slice(0, table.findIndex(line => !line.startsWith('|')));
  return rows.slice(2).map(row => row.split('|').slice(1, -1).map(cell => cell.trim()));
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

describe('README', () => {
  it('lists every setting with its default, and no other', () => {
    const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;
    const rows = tableAfter('Settings');
    assert.deepEqual(rows.map(r => unquote(r[0])).sort(), Object.keys(properties).sort());
    for (const [name, defaultCell] of rows) {
      const expected = properties[unquote(name)].default;
      assert.equal(unquote(defaultCell), typeof expected === 'string' ? expected : JSON.stringify(expected), `${name}'s default`);
    }
  });

  it('lists every command by its title in the palette, and no other', () => {
    const titles = manifest.contributes.commands.map((c: { category?: string; title: string }) => (c.category ? `${c.category}: ${c.title}` : c.title));
    assert.deepEqual(tableAfter('Commands').map(r => unquote(r[0])).sort(), [...titles].sort());
  });

  it('links every rule page from the rules table', () => {
    const pages = fs.readdirSync(path.join(repoRoot, 'docs', 'rules')).filter(f => f.endsWith('.md') && f !== 'README.md');
    const links = tableAfter('Rules').map(r => /\]\(docs\/rules\/([^)]+)\)/.exec(r[0])?.[1]);
    assert.deepEqual(links.sort(), pages.sort());
  });

  it('shows the screenshots it names, and they exist', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map(m => m[1]);
    assert.ok(images.includes('docs/images/visualizer-light.png') && images.includes('docs/images/quick-fix.png'), images.join(', '));
    for (const image of images) assert.ok(fs.existsSync(path.join(repoRoot, image)), `${image} exists`);
  });
});
