// Counting: findings against labels (TP/FP/DEBATABLE), labelled sites without a finding (FN/TN), and the table.
const { labelForFinding, labelsByPath, siteKey } = require('./labels');

const thresholds = { precision: 0.9, recall: 0.9, positives: { 'js/ts': 30, python: 15 } };
const findingOutcome = { bound: 'tp', fine: 'fp', debatable: 'debatable' };

/** One package's counts, plus the matched findings and the unmatched ones (for --list-unlabelled). */
function scorePackage(entry, findings, labels) {
  const byPath = labelsByPath(labels, entry);
  const counts = emptyCounts();
  const flaggedSites = new Set();
  const unlabelled = [];
  const outcomes = [];
  for (const finding of findings) {
    counts.findings++;
    const label = labelForFinding(finding, byPath);
    if (!label) {
      counts.unlabelled++;
      unlabelled.push(finding);
      continue;
    }
    flaggedSites.add(siteKey(label));
    counts[findingOutcome[label.verdict]]++;
    outcomes.push({ finding, label, outcome: findingOutcome[label.verdict] });
  }
  for (const list of byPath.values()) {
    for (const label of list) {
      counts.labelledSites++;
      if (label.verdict === 'bound') counts.positives++;
      if (flaggedSites.has(siteKey(label))) continue;
      if (label.verdict === 'bound') counts.fn++;
      else if (label.verdict === 'fine') counts.tn++;
      else counts.unflaggedDebatable++;
    }
  }
  // Recall is over sites: a bound site found by two findings is still one site.
  counts.boundFlagged = counts.positives - counts.fn;
  return { counts, unlabelled, outcomes };
}

function emptyCounts() {
  return { findings: 0, tp: 0, fp: 0, debatable: 0, unlabelled: 0, labelledSites: 0, fn: 0, tn: 0, unflaggedDebatable: 0, positives: 0, boundFlagged: 0 };
}

function addCounts(total, counts) {
  for (const key of Object.keys(total)) total[key] += counts[key];
  return total;
}

/** Strict precision: TP over every labelled finding (DEBATABLE counts against it). */
function precision(counts) {
  const labelled = counts.tp + counts.fp + counts.debatable;
  return labelled === 0 ? undefined : counts.tp / labelled;
}

function recall(counts) {
  return counts.positives === 0 ? undefined : counts.boundFlagged / counts.positives;
}

/** Each threshold of issue 12 for one language, as `{ what, ok }`. */
function thresholdChecks(language, counts) {
  const p = precision(counts);
  const r = recall(counts);
  return [
    { what: `${language}: strict precision ${format(p)} >= ${thresholds.precision}`, ok: p !== undefined && p >= thresholds.precision },
    { what: `${language}: recall ${format(r)} >= ${thresholds.recall}`, ok: r !== undefined && r >= thresholds.recall },
    { what: `${language}: positives (TP+FN sites) ${counts.positives} >= ${thresholds.positives[language]}`, ok: counts.positives >= thresholds.positives[language] },
    { what: `${language}: every finding labelled (${counts.unlabelled} not yet)`, ok: counts.unlabelled === 0 },
  ];
}

function format(ratio) {
  return ratio === undefined ? '-' : ratio.toFixed(3);
}

const columns = [
  ['project', row => row.project],
  ['findings', row => row.counts.findings],
  ['TP', row => row.counts.tp],
  ['FP', row => row.counts.fp],
  ['DEB', row => row.counts.debatable],
  ['unlabelled', row => row.counts.unlabelled],
  ['sites', row => row.counts.labelledSites],
  ['FN', row => row.counts.fn],
  ['TN', row => row.counts.tn],
  ['precision', row => format(precision(row.counts))],
  ['recall', row => format(recall(row.counts))],
];

/** A plain-text table; numbers right-aligned. */
function renderTable(rows) {
  const cells = rows.map(row => columns.map(([, cell]) => String(cell(row))));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map(line => line[i].length)));
  const renderLine = line => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [renderLine(columns.map(([title]) => title)), ...cells.map(renderLine)].join('\n');
}

module.exports = { scorePackage, emptyCounts, addCounts, precision, recall, thresholdChecks, renderTable, thresholds };
