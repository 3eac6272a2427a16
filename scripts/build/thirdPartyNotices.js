// The third-party notices shipped in the .vsix (dist/ThirdPartyNotices.txt): the license of every package whose code
// esbuild put into a bundle, and of every .wasm file copied next to them. MIT and BSD ask that their notice travel with
// the copies, and a bundle or a compiled grammar is a copy.
const fs = require('fs');
const path = require('path');

/** The npm package a bundled input path belongs to (`node_modules/@scope/name/...` -> `@scope/name`), or undefined. */
function packageOfInput(input) {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) return undefined;
  const segments = input.slice(at + marker.length).split('/');
  return segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
}

/** The packages whose files are inputs of the given esbuild metafiles, sorted. */
function bundledPackages(metafiles) {
  const names = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const name = packageOfInput(input);
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

function licenseFileIn(folder) {
  const file = fs.readdirSync(folder).find(entry => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(entry));
  if (!file) throw new Error(`no license file in ${folder}: a bundled package must ship one`);
  return path.join(folder, file);
}

/**
 * The notices text. `packages`: npm package names resolvable from `root`; `extra`: other shipped files with their
 * license ({ what, licenseFile }), such as grammars this project builds.
 */
function noticesText(root, packages, extra) {
  const sections = packages.map(name => {
    // Not require.resolve(`${name}/package.json`): a package's `exports` may hide its package.json.
    const folder = path.join(root, 'node_modules', name);
    const { version, license } = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    return { title: `${name} ${version} (${license})`, text: fs.readFileSync(licenseFileIn(folder), 'utf8') };
  });
  for (const { what, licenseFile } of extra) sections.push({ title: what, text: fs.readFileSync(licenseFile, 'utf8') });
  const header = 'Async Patterns includes the following third-party software. Each notice below applies to its part.\n';
  return header + sections.map(({ title, text }) => `\n${'='.repeat(78)}\n${title}\n${'='.repeat(78)}\n\n${text.trim()}\n`).join('');
}

module.exports = { packageOfInput, bundledPackages, noticesText };
