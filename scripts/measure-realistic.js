#!/usr/bin/env node
// Measures the realistic programs of test/fixtures/realistic/ on the real event loop and writes their truth
// (truth.json), which test/unit/concurrency/realisticPrograms.test.ts holds the visualizer's predictions to.
//
//   node scripts/measure-realistic.js [--runs 5] [file ...]   measure (all programs, or the named ones) and write
//   node scripts/measure-realistic.js --check                  measure and compare with the committed truth (totals
//                                                              within 2%, same peaks, same program text); writes nothing
//   node scripts/measure-realistic.js --folder DIR [...]       the same for the programs of another folder (a held-out
//                                                              set in the fixtures' shape; its truth.json is written there)
//   node scripts/measure-realistic.js --jitter 8               lengthen every stand-in I/O by a random 0-8 ms and
//                                                              print what changes; writes nothing (finds ties that
//                                                              scheduling noise decides)
//
// What is measured, per program (its exported or __main__ `main`, `runs` times, one after another):
// - total: the median time from main's start to its return (not interpreter start-up);
// - peak: the most stand-in I/O operations in flight at one moment, which must be the same in every run.
// Stand-in I/O is what the visualizer calls "running":
// - Python: an `asyncio.sleep` with a positive delay, from its start until it returns or is cancelled; so a sleep
//   inside a lock, a backoff or a rate limiter's spacing sleep counts; waiting for a lock, a semaphore, a queue, an
//   Event or a Condition does not, nor do the deadlines of asyncio.timeout / wait_for / wait / as_completed (they
//   are loop timers, not sleeps);
// - Node: a `setTimeout` with a positive delay, from its start until it fires or is cleared; except the timer of a
//   function named `withTimeout` (a deadline, no work) and `setInterval` tickers: a ticker is a clock, not I/O;
//   the work its callback starts is counted like any other.
// Two operations that meet at the same instant of the program (one ends as the other starts) are not concurrent,
// as in the visualizer, which ends spans before it starts others at equal times: overlaps shorter than 5 ms are
// such ties (every duration in the programs is a multiple of 20 ms, so a real overlap lasts 20 ms or more).
// What a JS program leaves running after main returns is not measured (the visualizer's total ends there too).
// A run in which some timer fired more than 10 ms late was disturbed by the machine (a loaded machine stalls the
// process now and then) and is run again; the table says how many were.
const { execFile } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseArgs, promisify } = require('util');

const run = promisify(execFile);
const fixtures = path.join(__dirname, '..', 'test', 'fixtures', 'realistic');
/** The programs' folder: the fixtures, or another set of programs in their shape (`--folder`, e.g. a held-out set). */
let folder = fixtures;
let truthFile = path.join(folder, 'truth.json');
const constructs = JSON.parse(fs.readFileSync(path.join(fixtures, 'constructs.json'), 'utf8'));

const languageByExtension = { '.py': 'python', '.mjs': 'javascript', '.ts': 'typescript' };
const entryFunction = 'main';
/** Overlaps shorter than this are ties, not concurrency (see above). */
const tieSeconds = 0.005;
/** How far a re-measured total may drift from the committed one in --check. */
const checkTolerance = 0.02;
/**
 * A run in which a timer fired later than this was disturbed (the machine stalled the process): a stall delays
 * every timer due during it, and so can squeeze a 20 ms overlap into a tie or stretch the total. Such runs are
 * discarded and run again, up to `maxDisturbedRuns` times per program; a quiet machine has none.
 */
const disturbedSeconds = 0.010;
const maxDisturbedRuns = 25;
/** A run that takes longer than this has hung (the programs take 3 s at most). */
const runTimeoutMs = 30000;

/** Runs the program as __main__ with asyncio.sleep recording its intervals and asyncio.run timing main(). */
const pythonHarness = `import asyncio, json, os, random, sys, time

clock = time.perf_counter
jitter = float(os.environ.get("MEASURE_JITTER_MS", "0")) / 1000
jitter_random = random.Random()
intervals = []
span = {}
latest = {"lateness": 0.0}
real_sleep = asyncio.sleep
real_run = asyncio.run


async def recorded_sleep(delay, result=None):
    if delay <= 0:
        return await real_sleep(delay, result)
    start = clock()
    seconds = delay + jitter_random.uniform(0, jitter)
    try:
        value = await real_sleep(seconds, result)
        latest["lateness"] = max(latest["lateness"], clock() - start - seconds)
        return value
    finally:
        intervals.append((start, clock()))


def timed_run(main, **kwargs):
    async def timed():
        span["start"] = clock()
        try:
            return await main
        finally:
            span["end"] = clock()

    return real_run(timed(), **kwargs)


asyncio.sleep = recorded_sleep
asyncio.run = timed_run
path = sys.argv[1]
exec(compile(open(path).read(), path, "exec"), {"__name__": "__main__", "__file__": path})
start, end = span["start"], span["end"]
inside = [[s - start, min(e, end) - start] for s, e in intervals if start <= s < end]
print(json.dumps({"elapsed": end - start, "intervals": inside, "lateness": latest["lateness"]}))
`;

/** Imports the program, records the intervals of its timers (see above) and times its exported main(). */
const nodeHarness = `import { pathToFileURL } from 'node:url';
const jitter = Number(process.env.MEASURE_JITTER_MS ?? 0);
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const now = () => performance.now() / 1000;
const open = new Map();
const intervals = [];
let lateness = 0;
function close(handle) {
  const start = open.get(handle);
  if (start === undefined) return;
  open.delete(handle);
  intervals.push([start, now()]);
}
globalThis.setTimeout = (callback, ms, ...args) => {
  if (!(ms > 0) || /\\bat withTimeout\\b/.test(new Error().stack)) return realSetTimeout(callback, ms, ...args);
  const delay = ms + Math.random() * jitter;
  const begun = now();
  const handle = realSetTimeout(() => {
    lateness = Math.max(lateness, now() - begun - delay / 1000);
    close(handle);
    callback(...args);
  }, delay);
  open.set(handle, begun);
  return handle;
};
globalThis.clearTimeout = handle => { close(handle); realClearTimeout(handle); };
const { main } = await import(pathToFileURL(process.argv[2]).href);
// Warm up what Node sets up lazily on first use, so that main's time is the program's: the stdout stream (its
// first console.log costs 10-40 ms), stack traces (read by every setTimeout above) and the timers.
process.stdout.write('');
void new Error().stack;
await new Promise(resolve => realSetTimeout(resolve, 1));
const start = now();
await main();
const end = now();
for (const begun of open.values()) intervals.push([begun, end]);
const inside = intervals.filter(([s]) => start <= s && s < end).map(([s, e]) => [s - start, Math.min(e, end) - start]);
// Exit now: what the program leaves running after main returns is not measured (a ticker would keep us alive).
process.stdout.write(JSON.stringify({ elapsed: end - start, intervals: inside, lateness }) + '\\n', () => process.exit(0));
`;

/** The most intervals that overlap by more than a tie at one moment. */
function peakOf(intervals) {
  const events = [];
  for (const [start, end] of intervals) {
    if (end - tieSeconds <= start) continue; // cancelled as it began: it overlaps nothing by more than a tie
    events.push([start, 1], [end - tieSeconds, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let count = 0;
  let peak = 0;
  for (const [, change] of events) {
    count += change;
    peak = Math.max(peak, count);
  }
  return peak;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const toMs = seconds => Math.round(seconds * 1000) / 1000;

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function programFiles() {
  return fs.readdirSync(folder).filter(file => Object.hasOwn(languageByExtension, path.extname(file))).sort();
}

/** The constructs a program declares in its `covers: a, b` line (in its docstring or header comment), checked against constructs.json. */
function coversOf(file, text) {
  const line = text.split('\n').find(l => /^\s*(#|\/\/)?\s*covers:/.test(l));
  if (!line) throw new Error(`${file}: no "covers:" comment line naming the constructs it covers`);
  const covers = line.slice(line.indexOf('covers:') + 'covers:'.length).split(',').map(tag => tag.trim()).filter(Boolean);
  const unknown = covers.filter(tag => !Object.hasOwn(constructs, tag));
  if (unknown.length > 0) throw new Error(`${file}: unknown constructs ${unknown.join(', ')} (see constructs.json)`);
  return covers;
}

/** The command that runs one program under its harness; TypeScript is transpiled next to the harness first. */
function commandFor(file, scratch) {
  const source = path.join(folder, file);
  const language = languageByExtension[path.extname(file)];
  if (language === 'python') return ['python3', [path.join(scratch, 'harness.py'), source]];
  if (language === 'javascript') return [process.execPath, [path.join(scratch, 'harness.mjs'), source]];
  const ts = require('typescript');
  const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  // The TypeScript programs import only node: modules, so the transpiled copy runs from the scratch folder.
  const transpiled = path.join(scratch, file.replace(/\.ts$/, '.mjs'));
  fs.writeFileSync(transpiled, outputText);
  return [process.execPath, [path.join(scratch, 'harness.mjs'), transpiled]];
}

async function runOnce(file, scratch, jitterMs) {
  const [command, args] = commandFor(file, scratch);
  try {
    const { stdout } = await run(command, args, {
      timeout: runTimeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, MEASURE_JITTER_MS: String(jitterMs) },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop());
    return { elapsed: result.elapsed, peak: peakOf(result.intervals), lateness: result.lateness };
  } catch (error) {
    const detail = (error.stderr || error.message || String(error)).trim().split('\n').slice(-5).join('\n');
    throw new Error(`${file} did not run to the end:\n${detail}`);
  }
}

async function measure(file, runs, scratch, jitterMs) {
  const text = fs.readFileSync(path.join(folder, file), 'utf8');
  const results = [];
  let disturbed = 0;
  while (results.length < runs) {
    const result = await runOnce(file, scratch, jitterMs);
    if (result.lateness <= disturbedSeconds) results.push(result);
    else if (++disturbed > maxDisturbedRuns) throw new Error(`${file}: not measured, ${disturbed} runs were disturbed by stalls of the machine (a timer ${Math.round(result.lateness * 1000)} ms late); measure it again when the machine is quieter`);
  }
  const peaks = [...new Set(results.map(r => r.peak))];
  return {
    file,
    function: entryFunction,
    language: languageByExtension[path.extname(file)],
    total: toMs(median(results.map(r => r.elapsed))),
    peak: peaks.length === 1 ? peaks[0] : undefined,
    peaks,
    runs: results.map(r => toMs(r.elapsed)),
    disturbed,
    covers: coversOf(file, text),
    sha256: sha256(text),
  };
}

function readTruth() {
  return fs.existsSync(truthFile) ? JSON.parse(fs.readFileSync(truthFile, 'utf8')) : [];
}

function printRow(columns) {
  console.log(columns.map((column, i) => (i === 0 ? String(column).padEnd(30) : String(column).padStart(12))).join(' '));
}

/** Which of `measured` disagree with the committed truth, and how. */
function differences(measured, truth) {
  const problems = [];
  for (const m of measured) {
    const committed = truth.find(t => t.file === m.file);
    if (!committed) { problems.push(`${m.file}: not in truth.json`); continue; }
    if (committed.sha256 !== m.sha256) problems.push(`${m.file}: changed since it was measured`);
    if (committed.peak !== m.peak) problems.push(`${m.file}: peak ${m.peaks.join('/')} vs ${committed.peak} committed`);
    const drift = Math.abs(m.total - committed.total) / committed.total;
    if (drift > checkTolerance) problems.push(`${m.file}: total ${m.total} s vs ${committed.total} s committed (${(drift * 100).toFixed(1)}%)`);
  }
  return problems;
}

async function main() {
  const { values, positionals } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      check: { type: 'boolean', default: false },
      jitter: { type: 'string', default: '0' },
      folder: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.folder !== undefined) {
    if (!fs.existsSync(values.folder) || !fs.statSync(values.folder).isDirectory()) throw new Error(`--folder takes a folder of programs, not ${values.folder}`);
    folder = path.resolve(values.folder);
    truthFile = path.join(folder, 'truth.json');
  }
  const runs = Number(values.runs);
  const jitterMs = Number(values.jitter);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of runs, not ${values.runs}`);
  if (!(jitterMs >= 0)) throw new Error(`--jitter takes milliseconds, not ${values.jitter}`);
  const all = programFiles();
  const missing = positionals.map(file => path.basename(file)).filter(file => !all.includes(file));
  if (missing.length > 0) throw new Error(`no such program in ${path.relative(process.cwd(), folder)}: ${missing.join(', ')}`);
  const files = positionals.length > 0 ? positionals.map(file => path.basename(file)) : all;

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-realistic-'));
  fs.writeFileSync(path.join(scratch, 'harness.py'), pythonHarness);
  fs.writeFileSync(path.join(scratch, 'harness.mjs'), nodeHarness);
  // One program that cannot be measured (it fails, or the machine is too busy) does not lose the others.
  const measured = [];
  const problems = [];
  try {
    printRow(['program', 'total (s)', 'peak', 'spread (ms)', 'disturbed']);
    for (const file of files) {
      try {
        const m = await measure(file, runs, scratch, jitterMs);
        measured.push(m);
        const spread = Math.round((Math.max(...m.runs) - Math.min(...m.runs)) * 1000);
        printRow([file, m.total, m.peaks.join('/'), spread, m.disturbed]);
      } catch (error) {
        problems.push(error.message);
        printRow([file, '-', '-', '-', '-']);
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const truth = readTruth();
  if (values.check || jitterMs > 0) {
    problems.push(...differences(measured, truth));
  } else {
    for (const m of measured.filter(m => m.peak === undefined)) {
      problems.push(`${m.file}: the peak differs between runs (${m.peaks.join('/')}): a tie decided by scheduling; make the program deterministic`);
    }
    const stable = measured.filter(m => m.peak !== undefined);
    const byFile = new Map(truth.filter(t => all.includes(t.file)).map(t => [t.file, t]));
    for (const m of stable) {
      const { peaks, disturbed, ...entry } = m;
      byFile.set(m.file, entry);
    }
    const written = [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
    fs.writeFileSync(truthFile, JSON.stringify(written, null, 2) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), truthFile)} (${stable.length} of the ${files.length} programs measured again)`);
  }
  for (const problem of problems) console.log(problem);
  if (problems.length > 0 && jitterMs === 0) process.exitCode = 1;
}

main().catch(error => {
  console.error(`measure-realistic: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
