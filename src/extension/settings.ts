/**
 * Reads `asyncPatterns.*` settings for a resource, falling back to the defaults for values of the wrong type
 * (a hand-edited settings.json must never break analysis).
 */
import * as vscode from 'vscode';

export interface Settings {
  enable: boolean;
  maxFileSizeKB: number;
}

export const defaultSettings: Settings = { enable: true, maxFileSizeKB: 4096 };

export function readSettings(scope?: vscode.Uri): Settings {
  const configuration = vscode.workspace.getConfiguration('asyncPatterns', scope);
  const enable = configuration.get<unknown>('enable');
  const maxFileSizeKB = configuration.get<unknown>('maxFileSizeKB');
  return {
    enable: typeof enable === 'boolean' ? enable : defaultSettings.enable,
    maxFileSizeKB: typeof maxFileSizeKB === 'number' && maxFileSizeKB > 0 ? maxFileSizeKB : defaultSettings.maxFileSizeKB,
  };
}
