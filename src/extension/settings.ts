/**
 * Reads `asyncPatterns.*` settings for a resource. A value of the wrong type (a hand-edited settings.json) falls
 * back to its default, and one above its maximum (what a simulation may cost, `simulationBounds`) is clamped to it;
 * either is reported once in the log: it must never break analysis nor make it unboundedly expensive.
 */
import * as vscode from 'vscode';
import { simulationBounds } from '../engine/concurrency/timeline';
import { Severity } from '../engine/finding';
import { FanoutLevel, fanoutLevels } from '../engine/rule';

export interface Settings {
  enable: boolean;
  maxFileSizeKB: number;
  fanout: { enable: boolean; severity: Severity; level: FanoutLevel; maxConcurrency: number };
  python: { version: string };
  visualizer: { itemCount: number; defaultLatencyMs: number; codeLens: boolean };
}

export const defaultSettings: Settings = {
  enable: true,
  maxFileSizeKB: 4096,
  fanout: { enable: true, severity: 'warning', level: 'recommended', maxConcurrency: 16 },
  python: { version: '3.11' },
  visualizer: { itemCount: 10, defaultLatencyMs: 100, codeLens: true },
};

const severities: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const reported = new Set<string>();
let log: vscode.LogOutputChannel | undefined;

/** Where invalid values are reported (set once at activation). */
export function reportInvalidSettingsTo(channel: vscode.LogOutputChannel): void {
  log = channel;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const configuration = vscode.workspace.getConfiguration('asyncPatterns', scope);
  const report = (note: string) => {
    if (!reported.has(note)) {
      reported.add(note);
      log?.warn(note);
    }
  };
  const read = <T>(key: string, fallback: T, valid: (value: unknown) => value is T): T => {
    const value = configuration.get<unknown>(key);
    if (value === undefined || valid(value)) return value ?? fallback;
    report(`asyncPatterns.${key}: ${JSON.stringify(value)} is not valid; using ${JSON.stringify(fallback)}.`);
    return fallback;
  };
  const readAtMost = (key: string, fallback: number, valid: (value: unknown) => value is number, maximum: number): number => {
    const value = read(key, fallback, valid);
    if (value <= maximum) return value;
    report(`asyncPatterns.${key}: ${value} is more than the maximum, ${maximum}; using ${maximum}.`);
    return maximum;
  };
  const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
  const isPositive = (value: unknown): value is number => typeof value === 'number' && value > 0;
  const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;
  const isSeverity = (value: unknown): value is Severity => severities.includes(value as Severity);
  const isLevel = (value: unknown): value is FanoutLevel => fanoutLevels.includes(value as FanoutLevel);
  const isNonNegative = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  const isPythonVersion = (value: unknown): value is string => typeof value === 'string' && /^3\.\d+$/.test(value);
  return {
    enable: read('enable', defaultSettings.enable, isBoolean),
    maxFileSizeKB: read('maxFileSizeKB', defaultSettings.maxFileSizeKB, isPositive),
    fanout: {
      enable: read('fanout.enable', defaultSettings.fanout.enable, isBoolean),
      severity: read('fanout.severity', defaultSettings.fanout.severity, isSeverity),
      level: read('fanout.level', defaultSettings.fanout.level, isLevel),
      maxConcurrency: read('fanout.maxConcurrency', defaultSettings.fanout.maxConcurrency, isCount),
    },
    python: { version: read('python.version', defaultSettings.python.version, isPythonVersion) },
    visualizer: {
      itemCount: readAtMost('visualizer.itemCount', defaultSettings.visualizer.itemCount, isCount, simulationBounds.maxItemCount),
      defaultLatencyMs: readAtMost('visualizer.defaultLatencyMs', defaultSettings.visualizer.defaultLatencyMs, isNonNegative, simulationBounds.maxLatencySeconds * 1000),
      codeLens: read('visualizer.codeLens', defaultSettings.visualizer.codeLens, isBoolean),
    },
  };
}
