#!/usr/bin/env node
// `npm run eval:realworld`: measures the unbounded-fanout rule on a pinned corpus of real npm and Debian packages
// against hand-made labels (eval/realworld/labels.jsonl). Downloads what is missing into the cache, runs
// `dist/cli.js check --format json` on every package, and prints per project and per language: findings, TP, FP,
// DEBATABLE, findings not yet labelled, labelled sites, FN, TN, strict precision and recall.
// Needs `npm run build` first (it runs dist/cli.js). See eval/realworld/README.md.
//   --level strict|recommended   the rule's level (passed to the CLI when it knows --level; default recommended)
//   --package NAME               only this package (repeatable)
//   --list-unlabelled            print each finding without a label, with its context and a label line to fill in
//   --list-sites                 print the finder's fan-out sites that no finding covers and no label names yet
//   --sample N --seed S          with --list-sites: a seeded random sample of N of them
//   --context N                  lines of context shown before a site (default 6)
//   --sweep-fixes                fix every file with findings on a copy and check it still compiles
//   --check-thresholds           exit 1 unless each language meets issue 12's thresholds
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { loadCorpus, ensureDownloaded } = require('./eval-realworld/corpus');
const { assertBuilt, detectLevelSupport, levelArgs, checkPackage } = require('./eval-realworld/findings');
const { findSites, isInLanguage } = require('./eval-realworld/sites');
const { loadLabels, labelsByPath, labelForFinding, siteKey } = require('./eval-realworld/labels');
const { scorePackage, emptyCounts, addCounts, renderTable, thresholdChecks, thresholds } = require('./eval-realworld/metrics');
const { sweepFile } = require('./eval-realworld/sweep');

const usage = 'usage: npm run eval:realworld -- [--level strict|recommended] [--package NAME]... [--list-unlabelled] '
  + '[--list-sites [--sample N --seed S]] [--context N] [--sweep-fixes] [--check-thresholds]';

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      level: { type: 'string', default: 'recommended' },
      package: { type: 'string', multiple: true },
      'list-unlabelled': { type: 'boolean', default: false },
      'list-sites': { type: 'boolean', default: false },
      sample: { type: 'string' },
      seed: { type: 'string', default: '12' },
      context: { type: 'string', default: '6' },
      'sweep-fixes': { type: 'boolean', default: false },
      'check-thresholds': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!['strict', 'recommended'].includes(values.level)) throw new Error(`--level must be strict or recommended, not '${values.level}'`);
  for (const name of ['sample', 'seed', 'context']) {
    if (values[name] !== undefined && !/^\d+$/.test(values[name])) throw new Error(`--${name} must be a whole number`);
  }
  return values;
}

function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`eval:realworld: ${error.message}\n${usage}`);
    return 2;
  }
  if (options.help) {
    console.log(usage);
    return 0;
  }
  try {
    assertBuilt();
  } catch (error) {
    console.error(`eval:realworld: ${error.message}`);
    return 2;
  }

  let corpus = loadCorpus();
  if (options.package) {
    const unknown = options.package.filter(name => !corpus.some(entry => entry.name === name));
    if (unknown.length) {
      console.error(`eval:realworld: not in eval/realworld/corpus.json: ${unknown.join(', ')}`);
      return 2;
    }
    corpus = corpus.filter(entry => options.package.includes(entry.name));
  }

  const failures = ensureDownloaded(corpus, line => console.error(line));
  for (const { entry, reason } of failures) console.error(`eval:realworld: could not download ${entry.name}@${entry.version}: ${reason}`);
  if (failures.length === corpus.length) {
    console.error('eval:realworld: nothing to measure (no package of the corpus could be downloaded)');
    return 2;
  }
  const available = corpus.filter(entry => !failures.some(failure => failure.entry === entry));

  const { labels, problems } = loadLabels();
  for (const problem of problems) console.error(`eval:realworld: ${problem}`);
  reportStaleLabels(labels, loadCorpus());

  const levelsSupported = detectLevelSupport();
  const cliLevel = levelArgs(options.level, levelsSupported);
  console.log(levelsSupported
    ? `level: ${options.level}`
    : `level: strict (this CLI has no --level yet: its one behaviour, today's rule, is the strict level; --level ${options.level} not applied)`);

  const results = available.map(entry => {
    const checked = checkPackage(entry.dir, cliLevel);
    const { warnings } = checked;
    // Each package is measured in its language: the JavaScript of a Python package's docs is not in its table.
    const findings = checked.findings.filter(finding => isInLanguage(finding.path, entry.language));
    // Debian packages link to files of other packages (jquery in /usr/share/javascript): dangling here, so unreadable.
    if (warnings.length) console.error(`eval:realworld: ${entry.name}: ${warnings.length} file(s) could not be read, e.g. ${warnings[0].replace('async-patterns: cannot read ', '')}`);
    return { entry, findings, ...scorePackage(entry, findings, labels) };
  });

  printTables(results);

  if (options['list-unlabelled']) listUnlabelled(results, Number(options.context));
  if (options['list-sites']) listSites(results, labels, options);
  let exitCode = 0;
  if (options['sweep-fixes'] && !sweepFixes(results, cliLevel)) exitCode = 1;
  if (options['check-thresholds']) {
    const checks = ['js/ts', 'python'].flatMap(language => thresholdChecks(language, languageTotal(results, language)));
    console.log('\nthresholds (issue 12):');
    for (const check of checks) console.log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.what}`);
    if (checks.some(check => !check.ok)) exitCode = 1;
  }
  if (failures.length) exitCode = exitCode || 2;
  return exitCode;
}

function languageTotal(results, language) {
  return results.filter(result => result.entry.language === language).reduce((total, result) => addCounts(total, result.counts), emptyCounts());
}

function printTables(results) {
  for (const language of ['js/ts', 'python']) {
    const rows = results.filter(result => result.entry.language === language)
      .map(result => ({ project: `${result.entry.name}@${result.entry.version}`, counts: result.counts }));
    if (!rows.length) continue;
    const total = languageTotal(results, language);
    console.log(`\n${language}`);
    console.log(renderTable([...rows, { project: `total (${rows.length} packages)`, counts: total }]));
    console.log(`positives (bound sites, TP+FN): ${total.positives} (issue 12 wants at least ${thresholds.positives[language]}); `
      + `bound sites flagged: ${total.boundFlagged}; debatable sites not flagged: ${total.unflaggedDebatable}`);
  }
}

/** Labels that name a package or version no longer in the corpus, or a line past the end of its file. */
function reportStaleLabels(labels, corpus) {
  const byName = new Map(corpus.map(entry => [`${entry.name}@${entry.version}`, entry]));
  const lineCounts = new Map();
  for (const label of labels) {
    const entry = byName.get(`${label.package}@${label.version}`);
    if (!entry) {
      console.error(`eval:realworld: label for ${label.package}@${label.version} (not in corpus.json): ${label.path}:${label.line}`);
      continue;
    }
    const file = path.join(entry.dir, label.path);
    if (!fs.existsSync(entry.dir)) continue;
    if (!lineCounts.has(file)) lineCounts.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').length : 0);
    if (label.line > lineCounts.get(file)) console.error(`eval:realworld: label points past the end of its file or at no file: ${label.package} ${label.path}:${label.line}`);
  }
}

function contextLines(file, line, before, after = before + 6) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out = [];
  for (let i = Math.max(1, line - before); i <= Math.min(lines.length, line + after); i++) {
    out.push(`${String(i).padStart(6)}${i === line ? '>' : ' '} ${lines[i - 1].slice(0, 200)}`);
  }
  return out.join('\n');
}

function labelSkeleton(entry, filePath, line) {
  return JSON.stringify({ package: entry.name, version: entry.version, path: filePath, line, verdict: '', reason: '' });
}

function listUnlabelled(results, before) {
  const total = results.reduce((sum, result) => sum + result.unlabelled.length, 0);
  console.log(`\n${total} finding(s) without a label:`);
  for (const { entry, unlabelled } of results) {
    for (const finding of unlabelled) {
      console.log(`\n--- ${entry.name}@${entry.version} ${finding.path}:${finding.line}-${finding.endLine}  ${finding.message}`);
      console.log(contextLines(path.join(entry.dir, finding.path), finding.line, before, before + (finding.endLine - finding.line) + 6));
      console.log(labelSkeleton(entry, finding.path, finding.line));
    }
  }
}

/** A small seeded generator (mulberry32), so a recorded seed reproduces the same sample. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listSites(results, labels, options) {
  const candidates = [];
  for (const { entry, findings } of results) {
    const byPath = labelsByPath(labels, entry);
    const labelled = new Set(labels.filter(label => label.package === entry.name).map(siteKey));
    const flaggedLines = new Set(findings.flatMap(finding => {
      const lines = [];
      for (let line = finding.line; line <= (finding.endLine || finding.line); line++) lines.push(`${finding.path}:${line}`);
      return lines;
    }));
    for (const site of findSites(entry.dir, entry.language)) {
      if (flaggedLines.has(`${site.path}:${site.line}`)) continue;
      if (labelled.has(siteKey({ package: entry.name, version: entry.version, ...site }))) continue;
      if (labelForFinding({ path: site.path, line: site.line, endLine: site.line }, byPath)) continue;
      candidates.push({ entry, site });
    }
  }
  let chosen = candidates;
  if (options.sample !== undefined) {
    const random = seededRandom(Number(options.seed));
    chosen = candidates.map(candidate => ({ candidate, key: random() })).sort((a, b) => a.key - b.key)
      .slice(0, Number(options.sample)).map(({ candidate }) => candidate);
    console.log(`\n${chosen.length} of ${candidates.length} unflagged, unlabelled site(s), sampled with seed ${options.seed}:`);
  } else {
    console.log(`\n${candidates.length} unflagged, unlabelled site(s) found by the site finder:`);
  }
  for (const { entry, site } of chosen) {
    console.log(`\n--- ${entry.name}@${entry.version} ${site.path}:${site.line}  [${site.shape}]`);
    console.log(contextLines(path.join(entry.dir, site.path), site.line, Number(options.context)));
    console.log(labelSkeleton(entry, site.path, site.line));
  }
}

function sweepFixes(results, cliLevel) {
  let ok = 0;
  let skipped = 0;
  const failed = [];
  let fixedFindings = 0;
  let leftFindings = 0;
  for (const { entry, findings } of results) {
    for (const filePath of [...new Set(findings.map(finding => finding.path))]) {
      const result = sweepFile(entry, filePath, cliLevel);
      if (result.status === 'skipped') skipped++;
      else if (result.status === 'ok') ok++;
      else failed.push({ entry, filePath, reason: result.reason });
      fixedFindings += result.fixed || 0;
      leftFindings += result.left || 0;
    }
  }
  console.log(`\nfix sweep: ${ok} file(s) fixed and compiling, ${failed.length} failing, ${skipped} skipped (did not compile before); `
    + `${fixedFindings} finding(s) fixed, ${leftFindings} without an automatic fix`);
  for (const { entry, filePath, reason } of failed) console.log(`  FAIL ${entry.name}@${entry.version} ${filePath}: ${reason}`);
  return failed.length === 0;
}

process.exitCode = main();
