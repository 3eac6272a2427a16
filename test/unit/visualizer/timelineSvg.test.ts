/**
 * The CLI's SVG and HTML timelines stay readable whatever the source holds: well-formed XML with control characters
 * in a label, no NaN for a timeline cut at the simulated-time horizon, and any number of spans.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import { escapeXml, timelineHtml, timelineSvg } from '../../../src/cli/timelineSvg';
import { fanoutTimeline, semaphoreTimeline } from '../webview/fakeTimelines';
import { timelineOf } from '../concurrency/timelineOf';

/** Parses `text` with Python's expat, a strict XML parser: undefined if well-formed, else its complaint. */
function xmlError(text: string): string | undefined {
  const result = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'], { input: text, encoding: 'utf8' });
  assert.equal(result.error, undefined, 'python3 runs');
  return result.status === 0 ? undefined : result.stderr.trim().split('\n').pop();
}

describe('timeline SVG and HTML', () => {
  it('is well-formed XML for an ordinary timeline', () => {
    assert.equal(xmlError(timelineSvg(semaphoreTimeline())), undefined);
  });

  it('replaces control characters from the source, which XML forbids even escaped', async () => {
    const timeline = await timelineOf('python', `
      import asyncio
      async def main():
          await fetch("\x01\x02\x1b[31mred\x7f")
          await asyncio.sleep(1)
    `, 'main');
    assert.ok(JSON.stringify(timeline).includes('\\u001b'), 'the label carries the escape character');
    const svg = timelineSvg(timeline);
    assert.equal(xmlError(svg), undefined);
    assert.ok(svg.includes('\uFFFD\uFFFD\uFFFD[31mred'), 'each forbidden character shown as U+FFFD');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(timelineHtml(timeline), /[\x00-\x08\x0b\x0c\x0e-\x1f]/, 'the HTML page has none either');
  });

  const texts: Array<[string, string, string]> = [
    ['markup', '<a href="x">&\'</a>', '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;'],
    ['C0 controls but tab, line feed and carriage return', 'a\x00b\x08c\td\ne\rf\x1fg', 'a\uFFFDb\uFFFDc\td\ne\rf\uFFFDg'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFF', 'a\uFFFDb\uFFFD'],
    ['a surrogate pair, kept', 'a😀b', 'a😀b'],
    ['a surrogate without its pair (a label cut inside an emoji)', 'a\uD83D', 'a\uFFFD'],
    ['a trailing surrogate alone', '\uDE00b', '\uFFFDb'],
  ];
  for (const [what, text, expected] of texts) it(`escapes ${what}`, () => assert.equal(escapeXml(text), expected));

  it('draws a timeline cut at the simulated-time horizon without NaN', async () => {
    const timeline = await timelineOf('python', `
      import asyncio
      async def main():
          await asyncio.sleep(1e308)
          await asyncio.sleep(1e308)
    `, 'main');
    assert.equal(timeline.outcome, 'truncated');
    const svg = timelineSvg(timeline);
    assert.ok(!/NaN|Infinity/.test(svg), 'no NaN or Infinity in the SVG');
    assert.equal(xmlError(svg), undefined);
  });

  it('draws a timeline of 400,000 spans (Math.max over a spread of them overflowed the stack)', () => {
    const timeline = fanoutTimeline(200_000, 1000, 0.001);
    assert.ok(timeline.spans.length > 336_000);
    const svg = timelineSvg(timeline);
    assert.match(svg, /… and 199801 more tasks/);
  });
});
