/**
 * A RuleTester after ESLint's: tables of valid and invalid code, one mocha test a case.
 *
 * In invalid code, `$0` markers (rust-analyzer's habit) mark where findings must be: the tester removes every marker,
 * and each pair of them, in order (1st and 2nd, 3rd and 4th...), is the exact range of one expected error, so
 * `errors[i]` belongs to the i-th pair. It then runs the rule and asserts exactly those findings of the rule: rule id,
 * message id, range and every data key the case gives, and nothing else. Valid cases assert no finding of the rule.
 *
 * Cases are dedented (a leading newline and the common indentation are stripped), so they can be written as
 * indented template literals.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { Finding, SourceRange } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { AnalysisOptions, Rule } from '../../../src/engine/rule';

export interface ValidCase {
  /** What the case shows; defaults to the line with the fan-out. */
  name?: string;
  code: string;
  options?: Partial<AnalysisOptions>;
  /** Overrides the table's grammar (e.g. `tsx` for a JSX case in a TypeScript table). */
  grammar?: GrammarId;
}

export interface ExpectedError {
  messageId: string;
  /** Only the keys given are compared. */
  data?: Partial<Record<string, string | number>>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

export interface RuleTests {
  grammar: GrammarId;
  /** Options for every case of the table; a case's own options override them. */
  options?: Partial<AnalysisOptions>;
  valid: Array<string | ValidCase>;
  invalid: InvalidCase[];
}

const marker = '$0';
const grammars = new GrammarLoader(packageWasmLocator());

/** Strips one leading newline, trailing blank space, and the indentation all non-blank lines share. */
export function dedent(code: string): string {
  const lines = code.replace(/^\r?\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter(line => line.trim() !== '').map(line => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map(line => line.slice(common)).join('\n') + '\n';
}

/** The code without its `$0` markers, and the range each consecutive pair of markers surrounds (0-based, UTF-16). */
export function extractMarkedRanges(marked: string): { code: string; ranges: SourceRange[] } {
  const positions: SourceRange['start'][] = [];
  let code = '';
  let line = 0;
  let column = 0;
  for (let i = 0; i < marked.length; i++) {
    if (marked.startsWith(marker, i)) {
      positions.push({ line, column });
      i += marker.length - 1;
      continue;
    }
    code += marked[i];
    if (marked[i] === '\n') {
      line++;
      column = 0;
    } else column++;
  }
  if (positions.length % 2 !== 0) throw new Error(`odd number of ${marker} markers in:\n${marked}`);
  const ranges: SourceRange[] = [];
  for (let i = 0; i < positions.length; i += 2) ranges.push({ start: positions[i], end: positions[i + 1] });
  return { code, ranges };
}

async function findingsOf(rule: Rule, grammar: GrammarId, code: string, options?: Partial<AnalysisOptions>): Promise<Finding[]> {
  const tree = (await grammars.parserFor(grammar)).parse(code);
  if (!tree) throw new Error(`the ${grammar} parser returned no tree`);
  try {
    return analyze({ tree, text: code, family: familyOf(grammar), options, rules: [rule] }).filter(f => f.ruleId === rule.meta.id);
  } finally {
    tree.delete();
  }
}

function rangeText(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** The code with line numbers (0-based, as ranges are), so a failing range can be read off. */
function numbered(code: string): string {
  return code.replace(/\n$/, '').split('\n').map((line, i) => `${String(i).padStart(3)} | ${line}`).join('\n');
}

function describeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return '    (none)';
  return findings.map(f => `    ${f.messageId} at ${rangeText(f.range)} ${JSON.stringify(f.data)}: ${f.message}`).join('\n');
}

/** One comparable line per finding: message id, range, and the data keys the expectation names. */
function summary(finding: { messageId: string; range: SourceRange; data: Readonly<Record<string, unknown>> }, keys: readonly string[]): string {
  const data = keys.map(key => `${key}=${JSON.stringify(finding.data[key])}`).join(' ');
  return `${finding.messageId} at ${rangeText(finding.range)}${data ? ` ${data}` : ''}`;
}

function title(c: ValidCase, code: string): string {
  if (c.name) return c.name;
  const lines = code.trim().split('\n');
  const fanOut = lines.find(line => /Promise\.|gather|\bwait\b|as_completed|create_task|ensure_future/.test(line));
  return (fanOut ?? lines[0]).trim();
}

export function runRuleTests(rule: Rule, tests: RuleTests): void {
  describe('valid', () => {
    for (const raw of tests.valid) {
      const c: ValidCase = typeof raw === 'string' ? { code: raw } : raw;
      const code = dedent(c.code);
      it(title(c, code), async () => {
        assert.ok(!code.includes(marker), `a valid case has no ${marker} markers:\n${code}`);
        const findings = await findingsOf(rule, c.grammar ?? tests.grammar, code, { ...tests.options, ...c.options });
        assert.equal(findings.length, 0, `expected no ${rule.meta.id} finding in:\n${numbered(code)}\nbut got:\n${describeFindings(findings)}`);
      });
    }
  });
  describe('invalid', () => {
    for (const c of tests.invalid) {
      const { code, ranges } = extractMarkedRanges(dedent(c.code));
      it(title(c, code), async () => {
        assert.ok(c.errors.length > 0, 'an invalid case expects at least one error');
        assert.equal(ranges.length, c.errors.length, `${c.errors.length} error(s) expected but ${ranges.length} ${marker}...${marker} range(s) marked in:\n${code}`);
        const findings = await findingsOf(rule, c.grammar ?? tests.grammar, code, { ...tests.options, ...c.options });
        const keysOf = (i: number) => Object.keys(c.errors[i]?.data ?? {});
        const expected = c.errors.map((e, i) => summary({ messageId: e.messageId, range: ranges[i], data: e.data ?? {} }, keysOf(i)));
        const actual = findings.map((f, i) => summary(f, keysOf(i)));
        assert.ok(findings.every(f => f.ruleId === rule.meta.id));
        assert.deepEqual(actual, expected, `findings of ${rule.meta.id} differ in:\n${numbered(code)}\ngot:\n${describeFindings(findings)}`);
      });
    }
  });
}
