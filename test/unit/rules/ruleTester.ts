/**
 * A RuleTester after ESLint's: tables of valid and invalid code, one mocha test a case. In invalid code each pair
 * of `$0` markers (rust-analyzer's habit) surrounds the range one finding must have, in order; the tester removes
 * the markers, runs the rule and asserts exactly those findings: rule id, message id, range and any data given.
 */
import * as assert from 'assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { AnalysisOptions, Rule } from '../../../src/engine/rule';

export interface ValidCase {
  name?: string;
  code: string;
  options?: Partial<AnalysisOptions>;
  grammar?: GrammarId;
}

export interface InvalidCase extends ValidCase {
  errors: Array<{ messageId: string; data?: Readonly<Record<string, string | number>> }>;
}

export interface RuleTests {
  grammar: GrammarId;
  valid: Array<string | ValidCase>;
  invalid: InvalidCase[];
}

const grammars = new GrammarLoader(packageWasmLocator());

/** Strips the common indentation and the first newline, so cases can be indented template literals. */
export function dedent(code: string): string {
  const lines = code.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter(line => line.trim()).map(line => line.match(/^ */)![0].length));
  return lines.map(line => line.slice(indent)).join('\n');
}

/** The code without its `$0` markers, and the range each pair of markers surrounds (0-based line/column). */
export function extractMarkedRanges(marked: string): { code: string; ranges: Finding['range'][] } {
  const positions: { line: number; column: number }[] = [];
  let code = '';
  let line = 0;
  let column = 0;
  for (let i = 0; i < marked.length; i++) {
    if (marked.startsWith('$0', i)) {
      positions.push({ line, column });
      i++;
      continue;
    }
    code += marked[i];
    if (marked[i] === '\n') {
      line++;
      column = 0;
    } else column++;
  }
  if (positions.length % 2) throw new Error(`odd number of $0 markers in:\n${marked}`);
  const ranges: Finding['range'][] = [];
  for (let i = 0; i < positions.length; i += 2) ranges.push({ start: positions[i], end: positions[i + 1] });
  return { code, ranges };
}

async function findingsOf(rule: Rule, grammar: GrammarId, code: string, options?: Partial<AnalysisOptions>): Promise<Finding[]> {
  const tree = (await grammars.parserFor(grammar)).parse(code)!;
  try {
    return analyze({ tree, text: code, family: familyOf(grammar), options, rules: [rule] }).filter(f => f.ruleId === rule.meta.id);
  } finally {
    tree.delete();
  }
}

function describeFindings(findings: Finding[]): string {
  if (!findings.length) return '  (none)';
  return findings.map(f => `  ${f.messageId} at ${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}: ${f.message}`).join('\n');
}

function title(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').filter(line => /Promise\.|gather|wait|as_completed|create_task/.test(line))[0]?.trim() ?? c.code.trim().split('\n')[0];
}

export function runRuleTests(rule: Rule, tests: RuleTests): void {
  describe('valid', () => {
    for (const raw of tests.valid) {
      const c = typeof raw === 'string' ? { code: raw } : raw;
      const code = dedent(c.code);
      it(title({ ...c, code }), async () => {
        const findings = await findingsOf(rule, c.grammar ?? tests.grammar, code, c.options);
        assert.equal(findings.length, 0, `expected no finding in:\n${code}\nbut got:\n${describeFindings(findings)}`);
      });
    }
  });
  describe('invalid', () => {
    for (const c of tests.invalid) {
      const { code, ranges } = extractMarkedRanges(dedent(c.code));
      it(title({ ...c, code }), async () => {
        assert.equal(ranges.length, c.errors.length, 'each expected error needs its $0...$0 range');
        const findings = await findingsOf(rule, c.grammar ?? tests.grammar, code, c.options);
        const context = `in:\n${code}\ngot:\n${describeFindings(findings)}`;
        assert.equal(findings.length, c.errors.length, `expected ${c.errors.length} finding(s) ${context}`);
        c.errors.forEach((expected, i) => {
          assert.equal(findings[i].messageId, expected.messageId, `finding ${i} message id ${context}`);
          assert.deepEqual(findings[i].range, ranges[i], `finding ${i} range ${context}`);
          for (const [key, value] of Object.entries(expected.data ?? {})) {
            assert.equal(findings[i].data[key], value, `finding ${i} data.${key} ${context}`);
          }
        });
      });
    }
  });
}
