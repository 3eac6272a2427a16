/**
 * SARIF 2.1.0 output for GitHub code scanning (and any SARIF viewer): rule metadata with help text from each
 * rule's docs page, results with 1-based regions relative to %SRCROOT%, related locations, and fingerprints that
 * survive unrelated edits (they hash the rule, the file and the flagged line's text, not its line number).
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Finding, Severity } from '../engine/finding';
import { Rule } from '../engine/rule';

export interface SarifFile {
  path: string;
  text: string;
  findings: readonly Finding[];
}

export interface SarifOptions {
  version: string;
  rules: readonly Rule[];
  /** Markdown documentation per rule id (docs/rules/<id>.md). */
  docs: ReadonlyMap<string, string>;
  /** The folder results are relative to (%SRCROOT%): the current directory. */
  root: string;
}

export const docsUrl = (ruleId: string) => `https://github.com/async-patterns/async-patterns/blob/main/docs/rules/${ruleId}.md`;

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const problemSeverity: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'recommendation', hint: 'recommendation' };

export function formatSarif(files: readonly SarifFile[], options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.meta.id, index]));
  const results = files.flatMap(file => file.findings.map(finding => resultOf(file, finding, ruleIndex, options.root)));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Async Patterns',
          informationUri: 'https://github.com/async-patterns/async-patterns',
          semanticVersion: options.version,
          rules: options.rules.map(rule => ruleDescriptor(rule, options.docs.get(rule.meta.id))),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(options.root).href.replace(/\/?$/, '/')}` } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function ruleDescriptor(rule: Rule, docs: string | undefined) {
  const { id, description, defaultSeverity } = rule.meta;
  return {
    id,
    name: id.split('-').map(word => word[0].toUpperCase() + word.slice(1)).join(''),
    shortDescription: { text: description },
    fullDescription: { text: firstParagraphAfter(docs, '## What it does') ?? description },
    helpUri: docsUrl(id),
    help: { text: docs ?? description, markdown: docs ?? description },
    defaultConfiguration: { level: levels[defaultSeverity] },
    properties: { tags: ['concurrency', 'performance', 'reliability'], precision: 'high', 'problem.severity': problemSeverity[defaultSeverity] },
  };
}

function resultOf(file: SarifFile, finding: Finding, ruleIndex: ReadonlyMap<string, number>, root: string) {
  const uri = relativeUri(file.path, root);
  const location = (range: Finding['range']) => ({
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: { startLine: range.start.line + 1, startColumn: range.start.column + 1, endLine: range.end.line + 1, endColumn: range.end.column + 1 },
    },
  });
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: levels[finding.severity],
    message: { text: finding.message },
    locations: [location(finding.range)],
    relatedLocations: finding.related.map((related, id) => ({ id, ...location(related.range), message: { text: related.message } })),
    partialFingerprints: { primaryLocationLineHash: fingerprint(finding, uri, file.text) },
  };
}

/** A path relative to the root, with forward slashes, percent-encoded as a URI reference. */
export function relativeUri(file: string, root: string): string {
  const relative = path.relative(root, path.resolve(file)).split(path.sep).join('/');
  return relative.split('/').map(encodeURIComponent).join('/');
}

function fingerprint(finding: Finding, uri: string, text: string): string {
  const line = text.split(/\r\n|\r|\n/)[finding.range.start.line] ?? '';
  return createHash('sha256').update(`${finding.ruleId}\0${uri}\0${line.trim()}`).digest('hex').slice(0, 32);
}

function firstParagraphAfter(markdown: string | undefined, heading: string): string | undefined {
  if (!markdown) return undefined;
  const start = markdown.indexOf(heading);
  if (start < 0) return undefined;
  const paragraph = markdown.slice(start + heading.length).trim().split(/\n\s*\n/)[0];
  return paragraph?.replace(/\s+/g, ' ').trim() || undefined;
}
