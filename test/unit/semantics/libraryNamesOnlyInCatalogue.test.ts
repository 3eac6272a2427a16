/**
 * "The rule, the fixes and the simulator read one catalogue" (issue 13): no code outside src/engine/semantics matches
 * library names with a regular expression (`/^[ \t]*import[ \t]+asyncio/`, `/(^|\.)gather$/`, `/^(PQueue|Sema)$/`)
 * or keeps its own list of them (`new Set(['p-limit', 'p-queue'])`). Such code asks the resolver (which name a module
 * or an import is bound to) and the catalogue (what role a qualified name has) instead.
 *
 * The detector reads the TypeScript syntax of each file: regular expression literals, the strings given to
 * `new RegExp(...)`, and array literals. The library vocabulary is the catalogue's own: every segment of the names of
 * its async entries (`asyncio`, `gather`, `create_task`, `Semaphore`, `Promise`, `allSettled`, `p-limit`...), less a few
 * words every program uses for other things (`async`, `all`, `map`). A single string naming a qualified name to compare
 * with what the resolver returned (`'asyncio.gather'`) is fine: it is compared after resolution.
 *
 * Files of other helpers' areas that still do it are listed in `knownOffenders` (file and the offending text): the
 * test fails on any other, so nothing new comes back; an entry is removed when its file is fixed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import javascriptCatalog from '../../../src/engine/semantics/catalog/javascript.json';
import pythonCatalog from '../../../src/engine/semantics/catalog/python.json';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** Roles whose names are the concurrency vocabulary (I/O names are not: `get`, `open` and `fetch` are everyone's). */
const asyncRoles = new Set(['combinator', 'spawner', 'taskGroup', 'limiter', 'boundedMap', 'lock', 'event', 'condition', 'queue', 'timer', 'ticker', 'timeout', 'wrapper', 'executor', 'executorSubmit', 'chunker']);
/** Segments that are also keywords or words every program uses for other things. */
const commonWords = new Set(['async', 'all', 'any', 'map', 'each', 'start', 'wait', 'run', 'abc', 'default', 'promises', 'timeout', 'delay', 'Event', 'Lock', 'Queue', 'Condition', 'event', 'lock', 'queue', 'condition', 'sleep']);

function vocabulary(): Set<string> {
  const words = new Set<string>();
  for (const catalog of [pythonCatalog, javascriptCatalog] as Array<{ entries: Array<{ name: string; role: string }> }>) {
    for (const entry of catalog.entries) {
      if (!asyncRoles.has(entry.role)) continue;
      for (const segment of entry.name.split(/[./]/)) if (segment.length >= 4 && !commonWords.has(segment)) words.add(segment.replace(/^@/, ''));
    }
  }
  return words;
}

const libraryWords = vocabulary();

/** The library words `source` (a pattern or a string) names as whole words. */
function libraryWordsIn(source: string): string[] {
  const isNameCharacter = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_-]/.test(c);
  return [...libraryWords].filter(word => {
    for (let at = source.indexOf(word); at >= 0; at = source.indexOf(word, at + 1)) {
      if (!isNameCharacter(source[at - 1]) && !isNameCharacter(source[at + word.length])) return true;
    }
    return false;
  });
}

function isLibraryWord(text: string): boolean {
  return libraryWords.has(text.split(/[./]/).pop()!.replace(/^@/, ''));
}

interface Offence {
  file: string;
  text: string;
  words: string[];
}

/** Regular expressions naming a library word, and array literals with two or more strings that are library words. */
export function offencesIn(file: string, source: string): Offence[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Offence[] = [];
  const report = (node: ts.Node, words: string[]) => {
    if (words.length) found.push({ file, text: node.getText(sourceFile).slice(0, 120), words });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      report(node, libraryWordsIn(node.text.slice(1, node.text.lastIndexOf('/'))));
    } else if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      if (node.expression.getText(sourceFile) === 'RegExp') {
        report(node, (node.arguments ?? []).flatMap(arg => (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) || ts.isTemplateExpression(arg) ? libraryWordsIn(arg.getText(sourceFile)) : [])));
      }
    } else if (ts.isArrayLiteralExpression(node)) {
      const named = node.elements.filter(element => ts.isStringLiteral(element) && isLibraryWord(element.text)).map(element => (element as ts.StringLiteral).text);
      if (named.length >= 2) report(node, named);
    } else if (ts.isObjectLiteralExpression(node)) {
      // A table keyed by library names (`{ gather: 'gather', Semaphore: 'semaphore' }`).
      const named = node.properties.map(property => property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : '').filter(isLibraryWord);
      if (named.length >= 2) report(node, named);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter(name => name.endsWith('.ts'))
    .map(name => path.join(folder, name).split(path.sep).join('/'));
}

/** Folders whose code must ask the resolver and the catalogue; src/engine/semantics is where the knowledge lives. */
const scanned = ['src/engine/actions', 'src/engine/fanout', 'src/engine/rules', 'src/engine/concurrency', 'src/cli', 'src/extension'];
const topLevelEngineFiles = fs.readdirSync(path.join(repoRoot, 'src/engine')).filter(name => name.endsWith('.ts')).map(name => `src/engine/${name}`);

/**
 * Still there in other helpers' areas (reported to the lead; the fan-out analysis's evidence and the simulator are
 * being moved onto the catalogue on their own branches). Each entry is a file and the start of the offending text;
 * an entry whose text is gone fails the test, so a fixed file leaves the list.
 */
const knownOffenders: ReadonlyArray<[string, string]> = [
  // The `simulator` branch: the model's own builtin ids, which are Promise's method names (not a name table).
  ['src/engine/concurrency/builtins/combinators.ts', "['all', 'allSettled', 'any', 'race']"],
];

/**
 * `new RegExp(...)` of a template with substitutions: a pattern built from a name of the user's (`a$b`, `données`
 * with `\\b`) means something else than the name. Another rule of the house ("never build a RegExp from user text"),
 * checked by the same reading of the sources.
 */
export function regExpsFromTemplatesIn(file: string, source: string): Array<{ file: string; text: string }> {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Array<{ file: string; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(sourceFile) === 'RegExp' && node.arguments?.some(ts.isTemplateExpression)) {
      found.push({ file, text: node.getText(sourceFile) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Patterns built from names elsewhere (reported to the lead: the fan-out analysis's and the simulator's owners). */
const knownRegExpsFromNames: ReadonlyArray<[string, string]> = [
  ['src/engine/fanout/pythonScopes.ts', '${name}'],
  ['src/engine/fanout/python.ts', '${name}'],
  ['src/engine/fanout/javascript.ts', '${escapeName(name)}'],
  ['src/engine/fanout/javascript.ts', '${escapeName(binding.node.text)}'],
  ['src/engine/fanout/javascriptScopes.ts', '${name.replace('],
];

describe('library names only in the catalogue', () => {
  it('the detector finds the regexes and lists the actions used to keep (it can fail)', () => {
    const old = [
      "const a = /^[ \\t]*import[ \\t]+(?:[\\w., \\t]*,[ \\t]*)?asyncio\\b(?![ \\t]+as\\b)/m;",
      "const b = /(^|\\.)(create_task|ensure_future)$/;",
      "const c = { python: /(^|\\.)(gather|wait|as_completed)$/, javascript: /^Promise\\s*\\.\\s*(all|allSettled)$/ };",
      "const d = new Set(['p-limit', 'p-throttle', 'p-queue']);",
      "const e = new RegExp(`import\\\\s+(\\\\w+)\\\\s+from\\\\s+['\"]p-limit['\"]`);",
      "const f = /^((asyncio|anyio|trio|threading)\\.)?(Semaphore|BoundedSemaphore|Lock|CapacityLimiter)$/;",
      "const g: Record<string, Builtin> = { gather: 'gather', create_task: 'createTask', Semaphore: 'semaphore' };",
    ];
    for (const line of old) assert.ok(offencesIn('old.ts', line).length >= 1, line);
  });

  it('the detector leaves alone what is not library knowledge', () => {
    const fine = [
      "const a = /^[ \\t]*$/;",
      "const b = callees.entryOfCall(call, 'combinator')?.name === 'asyncio.gather';",
      "const c = importedModule(callees, text, 'asyncio', statement);",
      "const d = /^async\\b/.test(fn.text);",
      "const e = ['semaphore', 'run_limited'];",
      "const f = { all: 'mapWithConcurrency', allSettled: 'mapSettledWithConcurrency' };",
    ];
    for (const line of fine) assert.deepEqual(offencesIn('fine.ts', line), [], line);
  });

  const scannedOffences = () => {
    const files = [...scanned.flatMap(sourceFiles), ...topLevelEngineFiles];
    assert.ok(files.some(file => file.startsWith('src/engine/actions/')), 'the actions are scanned');
    return files.flatMap(file => offencesIn(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')));
  };

  it('no code outside src/engine/semantics matches library names by regex or keeps a list of them', () => {
    const unexpected = scannedOffences().filter(offence => !knownOffenders.some(([file, text]) => offence.file === file && offence.text.startsWith(text)));
    assert.deepEqual(unexpected.map(o => `${o.file}: ${o.text} (${o.words.join(', ')})`), []);
  });

  it('every known offender is still there (a fixed one leaves the list, so it cannot come back unseen)', () => {
    const offences = scannedOffences();
    const stale = knownOffenders.filter(([file, text]) => !offences.some(offence => offence.file === file && offence.text.startsWith(text)));
    assert.deepEqual(stale, []);
  });

  it('no pattern is built from a name: new RegExp of a template with substitutions', () => {
    assert.equal(regExpsFromTemplatesIn('old.ts', 'const e = new RegExp(`^${base}\\\\d+$`).test(name);').length, 1, 'the check can fail');
    assert.deepEqual(regExpsFromTemplatesIn('fine.ts', "const s = new RegExp(pattern.source, 'g');"), []);
    const found = sourceFiles('src').flatMap(file => regExpsFromTemplatesIn(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')));
    const unexpected = found.filter(({ file, text }) => !knownRegExpsFromNames.some(([knownFile, fragment]) => file === knownFile && text.includes(fragment)));
    assert.deepEqual(unexpected.map(({ file, text }) => `${file}: ${text.slice(0, 80)}`), []);
    const stale = knownRegExpsFromNames.filter(([knownFile, fragment]) => !found.some(({ file, text }) => file === knownFile && text.includes(fragment)));
    assert.deepEqual(stale, [], 'a pattern fixed leaves the list');
  });
});
