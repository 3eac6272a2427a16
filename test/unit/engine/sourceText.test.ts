import * as assert from 'assert/strict';
import { decodeSource, formatSize } from '../../../src/engine/sourceText';

describe('reading source files', () => {
  it('decodes UTF-8 text', () => {
    assert.deepEqual(decodeSource(Buffer.from('name = "é😀"\n'), 1000), { kind: 'text', text: 'name = "é😀"\n', lossy: false, bom: false });
  });
  it('leaves a UTF-8 byte order mark out of the text, and says it was there (so a writer can put it back)', () => {
    assert.deepEqual(decodeSource(Buffer.from('\uFEFFx = 1\n'), 1000), { kind: 'text', text: 'x = 1\n', lossy: false, bom: true });
  });
  it('skips binary content', () => {
    assert.deepEqual(decodeSource(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), 1000), { kind: 'skipped', reason: 'binary content' });
  });
  it('skips files over the size limit, saying both sizes', () => {
    const result = decodeSource(Buffer.alloc(3 * 1024 * 1024, 0x61), 2 * 1024 * 1024);
    assert.deepEqual(result, { kind: 'skipped', reason: 'larger than 2.0 MB (3.0 MB)' });
  });
  it('keeps going through invalid UTF-8, marking the replaced bytes', () => {
    const result = decodeSource(Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]), 1000);
    assert.equal(result.kind, 'text');
    assert.ok(result.kind === 'text' && result.lossy && result.text.includes('\uFFFD'));
  });
  const sizes: Array<[number, string]> = [[512, '512 B'], [2048, '2.0 KB'], [1536 * 1024, '1.5 MB'], [5 * 1024 ** 3, '5.0 GB']];
  for (const [bytes, text] of sizes) it(`formats ${bytes} bytes as ${text}`, () => assert.equal(formatSize(bytes), text));
});
