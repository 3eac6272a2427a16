// Same-process A/B of one edit in two builds of the engine, for work on the editor's speed on a shared machine (wall
// and even CPU times of separate runs vary by tens of percent there): the samples of the two builds are interleaved,
// so both see the same load. Each sample is one change through the editor's path (ParseCache.applyChanges, then
// IncrementalAnalysis.analyze), the change undone untimed after it; medians of CPU time.
//   cp -r out /tmp/out-before   (with the node_modules of the project reachable from there, e.g. a symlink beside it)
//   ... change the engine, npm run compile ...
//   node scripts/abKeystroke.js /tmp/out-before out python|typescript LINES keystroke|linebreak-start|letter-start|import|import-start|def-start
// `keystroke` is a letter typed in a word in the middle (as `npm run bench`'s keystroke measure), the others the
// single edits of scripts/benchEditor.js. RUNS=N sets the number of samples; CHECK=1 compares the first sample's
// findings with a full analysis.
const path = require('path');
const [outA, outB, lang = 'python', linesArg = '10000', mode = 'keystroke'] = process.argv.slice(2);
const lines = Number(linesArg);
const { languages, generate, editedText } = require('./benchCorpus');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function pos(text, offset) { let line = 0, ls = 0; for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) { line++; ls = i + 1; } return { line, character: offset - ls }; }
function changeOf(text, start, end, insert) { return { rangeOffset: start, rangeLength: end - start, text: insert, range: { start: pos(text, start), end: pos(text, end) } }; }
const median = s => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)];
async function setup(outRoot, L, text) {
  const out = path.join(path.resolve(outRoot), 'src', 'engine');
  const { GrammarLoader, packageWasmLocator } = require(path.join(out, 'grammarLoader'));
  const { IncrementalAnalysis } = require(path.join(out, 'incrementalAnalysis'));
  const { ParseCache } = require(path.join(out, 'parseCache'));
  const { analyze } = require(path.join(out, 'analyze'));
  const cache = new ParseCache(new GrammarLoader(packageWasmLocator()));
  const parsed = await cache.parse('doc', L.grammar, text, 0);
  const inc = new IncrementalAnalysis();
  inc.analyze({ tree: parsed.tree, text, family: L.family });
  return { cache, inc, analyze, version: 0, samples: [] };
}
(async () => {
  const L = languages.find(l => (lang === 'python' ? l.family === 'python' : l.language === 'TypeScript'));
  const text = generate(L.units, L.header, lines);
  const family = L.family;
  let at, inserts;
  if (mode === 'keystroke') { const word = /[a-z]{4,}/g; word.lastIndex = Math.floor(text.length / 2); at = word.exec(text).index + 2; inserts = ['x', 'y']; }
  else if (mode === 'linebreak-start') { at = 0; inserts = ['\n']; }
  else if (mode === 'letter-start') { at = 0; inserts = ['x']; }
  else if (mode === 'import') { const m = /^(?:import|from) [^\n]*/m.exec(text); const n = /import\s+(\w+)/.exec(m[0]); at = m.index + n.index + n[0].length; inserts = ['x']; }
  else if (mode === 'import-start') { const m = /^(?:import|from) [^\n]*/m.exec(text); at = m.index; inserts = ['x']; }
  else if (mode === 'def-start') { const d = family === 'python' ? /^(?:async )?def (\w+)\((\w+)/gm : /^export (?:async )?function (\w+)\((\w+)/gm; d.lastIndex = Math.floor(text.length / 2); at = d.exec(text).index; inserts = ['x']; }
  const sides = [await setup(outA, L, text), await setup(outB, L, text)];
  const runs = Number(process.env.RUNS || (lines > 10000 ? 21 : 101));
  const results = [];
  for (let i = 0; i < runs + 5; i++) {
    const ins = inserts[i % inserts.length];
    const edited = editedText(text, at, at, ins);
    for (const side of (i % 2 ? sides : [...sides].reverse())) {
      const s = cpu();
      const updated = await side.cache.applyChanges('doc', [changeOf(text, at, at, ins)], edited, ++side.version);
      const f = side.inc.analyze({ tree: updated.tree, text: edited, family });
      const e = cpu() - s;
      if (i === 0) { side.key = JSON.stringify(f); if (process.env.CHECK && side.key !== JSON.stringify(side.analyze({ tree: updated.tree, text: edited, family }))) throw new Error('disagree'); }
      if (i >= 5) side.samples.push(e);
      const back = await side.cache.applyChanges('doc', [changeOf(edited, at, at + ins.length, '')], text, ++side.version);
      side.inc.analyze({ tree: back.tree, text, family });
    }
  }
  if (sides[0].key !== sides[1].key) console.log('FINDINGS DIFFER between builds');
  console.log(`${lang} ${lines} ${mode}: A ${median(sides[0].samples).toFixed(2)}  B ${median(sides[1].samples).toFixed(2)} CPU ms (median of ${runs})`);
})();
