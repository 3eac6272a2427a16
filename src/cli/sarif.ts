/**
 * SARIF 2.1.0 output for GitHub code scanning (and any SARIF viewer): rule metadata with help text from each
 * rule's docs page, results with 1-based regions relative to %SRCROOT%, related locations, and fingerprints that
 * survive unrelated edits (they hash the rule, the file and the flagged line's text, not its line number).
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Finding, RelatedLocation, Severity, SourceRange } from '../engine/finding';
import { FanoutLevel, Rule } from '../engine/rule';
import type { CheckReport, FileFindings, FileNotChecked } from './formatters';

export interface SarifOptions {
  version: string;
  /** The rules the tool supports (all of them, also under `--rule`, so each rule keeps its `ruleIndex`). */
  rules: readonly Rule[];
  /** Markdown documentation per rule id (docs/rules/<id>.md). */
  docs: ReadonlyMap<string, string>;
  /** The folder results are relative to (%SRCROOT%): the current directory. */
  root: string;
  /** unbounded-fanout's level the run used (`--level`), named in the run's properties. */
  level?: FanoutLevel;
}

export const docsUrl = (ruleId: string) => `https://github.com/async-patterns/async-patterns/blob/main/docs/rules/${ruleId}.md`;

const srcRoot = '%SRCROOT%';
const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const problemSeverity: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'recommendation', hint: 'recommendation' };

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.meta.id, index]));
  const results = report.results.flatMap(file => {
    const artifact = artifactLocation(file.path, options.root);
    const fingerprints = lineFingerprints(file, artifact.uri);
    return file.findings.map((finding, i) => resultOf(finding, artifact, ruleIndex, fingerprints[i]));
  });
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
      invocations: [invocationOf(report.notChecked, options.root)],
      originalUriBaseIds: { [srcRoot]: { uri: folderUri(options.root) } },
      // Our columns count UTF-16 code units, as the editor does; this is also GitHub's default.
      columnKind: 'utf16CodeUnits',
      results,
      ...(options.level ? { properties: { 'unbounded-fanout.level': options.level } } : {}),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * Files not analyzed are the run's notifications, each located at its file: a warning for a skip (binary, too
 * large, not a regular file), an error for a file that could not be read, which also makes the run unsuccessful.
 */
function invocationOf(notChecked: readonly FileNotChecked[], root: string) {
  return {
    executionSuccessful: notChecked.every(file => file.kind === 'skipped'),
    toolExecutionNotifications: notChecked.map(file => ({
      level: file.kind === 'skipped' ? 'warning' : 'error',
      message: { text: `${file.kind === 'skipped' ? 'skipped' : 'cannot read'}: ${file.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path, root) } }],
    })),
  };
}

function ruleDescriptor(rule: Rule, docs: string | undefined) {
  const { id, description, defaultSeverity } = rule.meta;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: description },
    fullDescription: { text: firstParagraphAfter(docs, '## What it does') ?? description },
    helpUri: docsUrl(id),
    help: { text: docs ?? description, markdown: docs ?? description },
    defaultConfiguration: { level: levels[defaultSeverity] },
    properties: { tags: ['concurrency', 'performance', 'reliability'], precision: 'high', 'problem.severity': problemSeverity[defaultSeverity] },
  };
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function resultOf(finding: Finding, artifact: ArtifactLocation, ruleIndex: ReadonlyMap<string, number>, fingerprint: string) {
  const location = (range: SourceRange) => ({ physicalLocation: { artifactLocation: artifact, region: regionOf(range) } });
  // Related locations get ids from 1 (CodeQL's habit) and are linked from the message: GitHub shows only those.
  const related = finding.related.map((r, i) => ({ id: i + 1, ...location(r.range), message: { text: r.message } }));
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: levels[finding.severity],
    message: { text: messageWithLinks(finding.message, finding.related) },
    locations: [location(finding.range)],
    relatedLocations: related,
    partialFingerprints: { primaryLocationLineHash: fingerprint },
  };
}

/** SARIF regions are 1-based, and the end column is one past the last character, as ours (0-based) is. */
export function regionOf(range: SourceRange) {
  return { startLine: range.start.line + 1, startColumn: range.start.column + 1, endLine: range.end.line + 1, endColumn: range.end.column + 1 };
}

/** `message ([related message](1))`: SARIF's embedded links to related locations; `[` and `]` in link text are escaped. */
function messageWithLinks(message: string, related: readonly RelatedLocation[]): string {
  const links = related.map((r, i) => ` ([${r.message.replace(/[[\]\\]/g, '\\$&')}](${i + 1}))`);
  return message + links.join('');
}

/**
 * Files under the root are relative references resolved against %SRCROOT%, which is what GitHub maps to the
 * repository. Files elsewhere (`check ../other`, another drive) get absolute file URIs rather than `../` paths.
 */
export function artifactLocation(file: string, root: string): ArtifactLocation {
  const absolute = path.resolve(file);
  const relative = path.relative(path.resolve(root), absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relativeUri(relative), uriBaseId: srcRoot };
}

/** A relative path with forward slashes, each segment percent-encoded, so it is a valid URI reference. */
export function relativeUri(relativePath: string): string {
  return relativePath.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/');
}

function folderUri(folder: string): string {
  const href = pathToFileURL(path.resolve(folder)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * One fingerprint per finding of the file: a hash of the rule, the file and the flagged line's trimmed text, so an
 * alert survives lines inserted above it, plus `:n` counting identical (rule, line text) pairs in the file, as
 * GitHub's own fingerprints do, so two identical lines still make two alerts.
 */
export function lineFingerprints(file: FileFindings, uri: string): string[] {
  // Finding lines are tree-sitter rows, which only '\n' ends; trim() drops a '\r' before it.
  const lines = file.text.split('\n');
  const seen = new Map<string, number>();
  return file.findings.map(finding => {
    const lineText = (lines[finding.range.start.line] ?? '').trim();
    const hash = createHash('sha256').update(`${finding.ruleId}\0${uri}\0${lineText}`).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/** `unbounded-fanout` → `UnboundedFanout`: SARIF's `name` is an identifier-like form of the id. */
export function pascalCase(id: string): string {
  return id.split('-').map(word => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function firstParagraphAfter(markdown: string | undefined, heading: string): string | undefined {
  if (!markdown) return undefined;
  const start = markdown.indexOf(heading);
  if (start < 0) return undefined;
  const paragraph = markdown.slice(start + heading.length).trim().split(/\n\s*\n/)[0];
  // The paragraph may introduce a list (`...at once:`); alone, it reads as a sentence.
  return paragraph?.replace(/\s+/g, ' ').trim().replace(/:$/, '.') || undefined;
}
