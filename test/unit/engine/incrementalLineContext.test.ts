/**
 * The rules read some things from the lines of the text rather than from the tree: an import is a line that starts
 * with `import` or `from`, and `import asyncio as aio` counts only when nothing else follows it on its line. So the
 * same statement, with the same text and the same tree, is analysed differently when an edit changes only what
 * shares its line: `import os` becomes `try: import os` (and the rest of the file one syntax error), or
 * `a = 1; import os`. The incremental analysis must then check again what depended on it, and agree with a full
 * analysis. Each case is a text before and after one edit; the edit changes the verdicts (or it would prove nothing).
 */
import * as assert from 'assert/strict';
import type { Parser } from 'web-tree-sitter';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { AnalysisOptions } from '../../../src/engine/rule';

const grammars = new GrammarLoader(packageWasmLocator());

/** A fan-out over `os.listdir(...)`: "a directory listing" only when `os` is the imported module. */
const listing = `

async def archive(session, folder):
    names = os.listdir(folder)
    async with asyncio.TaskGroup() as tg:
        for name in names:
            tg.create_task(session.upload(name))
`;
/** A gather through `aio`: a fan-out only when `aio` is asyncio. */
const throughAlias = `

async def main(ids):
    await aio.gather(*[fetch(i) for i in ids])
`;

interface LineContextCase {
  name: string;
  grammar: GrammarId;
  previous: string;
  next: string;
  level: AnalysisOptions['level'];
  /**
   * The edit leaves the verdicts as they were: since the Python resolver reads an import a syntax error swallowed from
   * the tree (as the scopes do), `try: import os` still imports `os`. Kept: the re-check must still equal analyze().
   */
  verdictsUnchanged?: true;
}

const cases: LineContextCase[] = [
  {
    // Found by the fuzz test (seed 20251111): the rest of the file becomes one ERROR holding `import os` unchanged.
    name: 'an import that a `try:` without `except` swallows, with the rest of the file, into a syntax error',
    grammar: 'python',
    previous: `import asyncio\nimport os\n\nMAX_PARALLEL = 8\n\n\nasync def ping(session):\n    return await asyncio.gather(*[session.get(r) for r in REGIONS])${listing}`,
    next: `import asyncio\ntry: import os\n\nMAX_PARALLEL = 8\n\n\nasync def ping(session):\n    return await asyncio.gather(*[session.get(r) for r in REGIONS])${listing}`,
    level: 'recommended',
    verdictsUnchanged: true,
  },
  {
    name: 'an import that leaves that syntax error',
    grammar: 'python',
    previous: `import asyncio\ntry: import os\n\nMAX_PARALLEL = 8\n\n\nasync def ping(session):\n    return await asyncio.gather(*[session.get(r) for r in REGIONS])${listing}`,
    next: `import asyncio\nimport os\n\nMAX_PARALLEL = 8\n\n\nasync def ping(session):\n    return await asyncio.gather(*[session.get(r) for r in REGIONS])${listing}`,
    level: 'recommended',
    verdictsUnchanged: true,
  },
  {
    name: 'a line break before an import becomes `; `',
    grammar: 'python',
    previous: `import asyncio\nready = 1\nimport os${listing}`,
    next: `import asyncio\nready = 1; import os${listing}`,
    level: 'recommended',
  },
  {
    name: '`; ` before an import becomes a line break',
    grammar: 'python',
    previous: `import asyncio\nready = 1; import os${listing}`,
    next: `import asyncio\nready = 1\nimport os${listing}`,
    level: 'recommended',
  },
  {
    name: 'a name after an aliased import joins its line',
    grammar: 'python',
    previous: `import asyncio as aio\nfoo${throughAlias}`,
    next: `import asyncio as aio foo${throughAlias}`,
    level: 'strict',
  },
  {
    name: 'a name after an aliased import leaves its line',
    grammar: 'python',
    previous: `import asyncio as aio foo${throughAlias}`,
    next: `import asyncio as aio\nfoo${throughAlias}`,
    level: 'strict',
  },
];

function summary(findings: readonly Finding[]): string[] {
  return findings.map(f => `${f.range.start.line}:${f.range.start.column} ${f.messageId} ${f.message}`);
}

describe('incremental analysis: an edit that changes only what shares a statement\'s line', () => {
  let parsers: Map<GrammarId, Parser>;
  before(async () => {
    parsers = new Map();
    for (const grammar of new Set(cases.map(c => c.grammar))) parsers.set(grammar, await grammars.parserFor(grammar));
  });

  for (const c of cases) {
    it(c.name, () => {
      const parser = parsers.get(c.grammar)!;
      const family = familyOf(c.grammar);
      const options = { level: c.level };
      const incremental = new IncrementalAnalysis();
      const previousTree = parser.parse(c.previous)!;
      const nextTree = parser.parse(c.next)!;
      try {
        const before = summary(incremental.analyze({ tree: previousTree, text: c.previous, family, options }));
        const expected = summary(analyze({ tree: nextTree, text: c.next, family, options }));
        if (c.verdictsUnchanged) assert.deepEqual(expected, before, 'the edit leaves the verdicts');
        else assert.notDeepEqual(expected, before, 'the edit changes the verdicts');
        assert.deepEqual(summary(incremental.analyze({ tree: nextTree, text: c.next, family, options })), expected);
      } finally {
        previousTree.delete();
        nextTree.delete();
      }
    });
  }
});
