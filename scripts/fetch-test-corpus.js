#!/usr/bin/env node
// Runs before the unit tests (`pretest:unit`): makes sure the packages of the real files the tests read
// (test/realworld/files.json) are in the corpus cache, downloading the missing ones the way `npm run eval:realworld`
// does (scripts/eval-realworld/corpus.js). Third-party code is never committed; the tests read it from the cache.
// Exits 1, saying which package and why, when one cannot be had: the tests would fail on it anyway, less clearly.
const fs = require('fs');
const path = require('path');
const { loadCorpus, ensureDownloaded } = require('./eval-realworld/corpus');

const listFile = path.join(__dirname, '..', 'test', 'realworld', 'files.json');

/** Each listed file with its package's corpus entry and its path in the cache; an unpinned package throws, named. */
function realworldTestFiles(corpus = loadCorpus()) {
  const { files } = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  return files.map(file => {
    const entry = corpus.find(candidate => candidate.name === file.package && candidate.version === file.version);
    if (!entry) throw new Error(`${path.relative(process.cwd(), listFile)}: ${file.name} comes from ${file.package}@${file.version}, which eval/realworld/corpus.json does not pin`);
    return { ...file, entry, absolute: path.join(entry.dir, file.path) };
  });
}

function main() {
  let files;
  try {
    files = realworldTestFiles();
  } catch (error) {
    console.error(`fetch-test-corpus: ${error.message}`);
    return 1;
  }
  const entries = [...new Set(files.map(file => file.entry))];
  const failures = ensureDownloaded(entries, message => console.log(`fetch-test-corpus: ${message}`));
  for (const { entry, reason } of failures) console.error(`fetch-test-corpus: could not download ${entry.name}@${entry.version}: ${reason}`);
  const missing = files.filter(file => !failures.some(failure => failure.entry === file.entry) && !fs.existsSync(file.absolute));
  for (const file of missing) console.error(`fetch-test-corpus: ${file.package}@${file.version} has no ${file.path} (test/realworld/files.json names it for ${file.name})`);
  return failures.length || missing.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { realworldTestFiles };
