// A grep-based finder of fan-out *sites*: places where many tasks may start at once. It is the measuring tool's
// independent view (a list of regular expressions, deliberately wider than the rule) so that sites the rule never
// reports (project wrappers, TaskGroup.spawn, start_soon, push-then-Promise.all) can be labelled and counted as misses.
const fs = require('fs');
const path = require('path');

const sitePatterns = {
  'js/ts': [
    { shape: 'Promise.all/allSettled/any/race', regex: /\bPromise\.(all|allSettled|any|race)\s*\(/ },
    { shape: 'wrapper over .map', regex: /\b\w+\.(all|allSettled|settle|map|each|parallel)\s*\(\s*[\w.]+\.map\s*\(/ },
    { shape: 'p-map / pMap / Bluebird.map', regex: /\b(pMap|pAll|pSettle|Bluebird\.map|Promise\.map)\s*\(/ },
    { shape: 'push(...xs.map(async))', regex: /\.push\s*\(\s*\.\.\.\s*[\w.]+\.map\s*\(/ },
    { shape: 'async.each/map/parallel', regex: /\basync\.(each|eachOf|map|parallel|forEachOf)\s*\(/ },
  ],
  python: [
    { shape: 'gather', regex: /\b(asyncio\.)?gather\s*\(/ },
    { shape: 'asyncio.wait', regex: /\basyncio\.wait\s*\(/ },
    { shape: 'as_completed', regex: /\bas_completed\s*\(/ },
    { shape: 'create_task/ensure_future', regex: /\b(create_task|ensure_future)\s*\(/ },
    { shape: 'start_soon/spawn', regex: /\.(start_soon|spawn)\s*\(/ },
  ],
};

const extensions = {
  'js/ts': new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']),
  python: new Set(['.py', '.pyi']),
};

/**
 * Whether a file is in a package's language. A package is measured in one language: a Python source package's
 * documentation ships JavaScript (Sphinx's search, jQuery) whose findings do not belong in the Python table.
 */
function isInLanguage(filePath, language) {
  return extensions[language].has(path.extname(filePath));
}

/** Files the CLI also walks: never node_modules or declaration files (they hold no code). */
function* sourceFiles(dir, language) {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git' && entry.name !== '__pycache__') stack.push(full);
      } else if (extensions[language].has(path.extname(entry.name)) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        yield full;
      }
    }
  }
}

/** Every line matching a site pattern, as `{ path, line, shape, text }` (path relative to the package root). */
function findSites(dir, language) {
  const sites = [];
  for (const file of sourceFiles(dir, language)) {
    const stat = fs.statSync(file);
    if (stat.size > 4 * 1024 * 1024) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      // Minified lines (a whole bundle on one line) cannot be labelled by a person.
      if (text.length > 1000) return;
      const pattern = sitePatterns[language].find(candidate => candidate.regex.test(text));
      if (pattern) sites.push({ path: path.relative(dir, file), line: index + 1, shape: pattern.shape, text: text.trim() });
    });
  }
  return sites;
}

module.exports = { isInLanguage, findSites, sitePatterns };
