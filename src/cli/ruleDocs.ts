/**
 * Each rule's documentation page (docs/rules/<id>.md), for SARIF help text. The bundle has them built in by
 * esbuild.js; compiled sources (the unit tests) read them from the repository.
 */
import * as fs from 'fs';
import * as path from 'path';

declare const __RULE_DOCS__: Record<string, string> | undefined;

export function ruleDocs(): Map<string, string> {
  if (typeof __RULE_DOCS__ !== 'undefined') return new Map(Object.entries(__RULE_DOCS__));
  const folder = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules');
  const docs = new Map<string, string>();
  if (!fs.existsSync(folder)) return docs;
  for (const file of fs.readdirSync(folder)) {
    if (file.endsWith('.md') && file !== 'README.md') docs.set(file.slice(0, -3), fs.readFileSync(path.join(folder, file), 'utf8'));
  }
  return docs;
}
