// Ground truth: eval/realworld/labels.jsonl, one site a line, independent of the rule.
const fs = require('fs');
const path = require('path');

const labelsFile = path.join(__dirname, '..', '..', 'eval', 'realworld', 'labels.jsonl');
const verdicts = new Set(['bound', 'fine', 'debatable']);

function siteKey({ package: pkg, version, path: filePath, line }) {
  return `${pkg}@${version}:${filePath}:${line}`;
}

/** Reads and checks every label; a malformed line or a duplicate key is reported with its line number. */
function loadLabels(file = labelsFile) {
  if (!fs.existsSync(file)) return { labels: [], problems: [] };
  const labels = [];
  const problems = [];
  const seen = new Map();
  fs.readFileSync(file, 'utf8').split('\n').forEach((text, index) => {
    if (!text.trim()) return;
    const where = `labels.jsonl:${index + 1}`;
    let label;
    try {
      label = JSON.parse(text);
    } catch {
      problems.push(`${where}: not JSON`);
      return;
    }
    const missing = ['package', 'version', 'path', 'line', 'verdict', 'reason'].filter(key => label[key] === undefined || label[key] === '');
    if (missing.length) problems.push(`${where}: missing ${missing.join(', ')}`);
    else if (!verdicts.has(label.verdict)) problems.push(`${where}: verdict must be bound, fine or debatable, not '${label.verdict}'`);
    else if (!Number.isInteger(label.line) || label.line < 1) problems.push(`${where}: line must be a positive whole number`);
    else if (seen.has(siteKey(label))) problems.push(`${where}: same site as labels.jsonl:${seen.get(siteKey(label))}`);
    else {
      seen.set(siteKey(label), index + 1);
      labels.push(label);
    }
  });
  return { labels, problems };
}

/** The labels of one package, by path, for matching. */
function labelsByPath(labels, entry) {
  const byPath = new Map();
  for (const label of labels) {
    if (label.package !== entry.name || label.version !== entry.version) continue;
    if (!byPath.has(label.path)) byPath.set(label.path, []);
    byPath.get(label.path).push(label);
  }
  return byPath;
}

/**
 * The label a finding is about: one at its first line, else one inside its line range (a finding over a multi-line
 * call, labelled at the line of the task it starts).
 */
function labelForFinding(finding, byPath) {
  const candidates = byPath.get(finding.path) || [];
  return candidates.find(label => label.line === finding.line)
    || candidates.find(label => label.line >= finding.line && label.line <= (finding.endLine || finding.line));
}

module.exports = { loadLabels, labelsByPath, labelForFinding, siteKey, labelsFile };
