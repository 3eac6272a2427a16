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
    else if (label.alsoAt !== undefined && !(Array.isArray(label.alsoAt) && label.alsoAt.every(line => Number.isInteger(line) && line > 0))) {
      problems.push(`${where}: alsoAt must be a list of line numbers`);
    }
    else {
      // One line belongs to one site: a line named twice (as `line` or in `alsoAt`) would make matching ambiguous.
      const taken = siteLines(label).map(line => siteKey({ ...label, line })).find(key => seen.has(key));
      if (taken) problems.push(`${where}: same line as the site of labels.jsonl:${seen.get(taken)}`);
      else {
        for (const line of siteLines(label)) seen.set(siteKey({ ...label, line }), index + 1);
        labels.push(label);
      }
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

/** Every line that names the site: `line`, plus `alsoAt` for one fan-out written over several lines (tasks started
 * by `push(...xs.map(...))` on two lines and awaited by one `Promise.all` further down). */
function siteLines(label) {
  return [label.line, ...(label.alsoAt || [])];
}

/**
 * The label a finding is about: one at its first line, else one with a line inside the finding's range (a finding over
 * a multi-line call, labelled at the line of the task it starts, or at another line of the same site).
 */
function labelForFinding(finding, byPath) {
  const candidates = byPath.get(finding.path) || [];
  const end = finding.endLine || finding.line;
  return candidates.find(label => siteLines(label).includes(finding.line))
    || candidates.find(label => siteLines(label).some(line => line >= finding.line && line <= end));
}

module.exports = { loadLabels, labelsByPath, labelForFinding, siteKey, siteLines, labelsFile };
