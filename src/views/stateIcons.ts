// Row states and initiative statuses as codicons with theme colours.
import * as vscode from 'vscode';
import type { InitiativeStatus, RowState } from '../../server/protocol';

// Exhaustive over the state kinds: a new kind in states.ts is a compile error here until it has an icon.
const ROW_ICONS: Record<RowState, [string, string | undefined]> = {
  open: ['circle-large-outline', undefined],
  'in-progress': ['circle-large-filled', 'charts.yellow'],
  done: ['pass-filled', 'testing.iconPassed'],
  blocked: ['error', 'testing.iconFailed'],
  skipped: ['debug-step-over', 'disabledForeground'],
  deferred: ['clock', 'disabledForeground'],
  unknown: ['question', 'problemsWarningIcon.foreground'],
};

/** A state's codicon as a label prefix (`$(pass-filled)`), for quick picks. */
export function rowStateCodicon(state: RowState): string {
  return `$(${ROW_ICONS[state][0]})`;
}

export function rowStateIcon(state: string): vscode.ThemeIcon {
  const [id, color] = ROW_ICONS[state as RowState] ?? ROW_ICONS.unknown;
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

// Exhaustive over the statuses of states.ts, likewise.
const STATUS_ICONS: Record<InitiativeStatus, [string, string | undefined]> = {
  'in-progress': ['sync', 'charts.yellow'],
  planning: ['edit', undefined],
  pending: ['circle-large-outline', undefined],
  partial: ['circle-large-filled', 'charts.yellow'],
  blocked: ['error', 'testing.iconFailed'],
  done: ['pass-filled', 'testing.iconPassed'],
  archived: ['archive', 'disabledForeground'],
  superseded: ['debug-step-over', 'disabledForeground'],
  unknown: ['circle-outline', undefined],
};

export function statusIcon(status: InitiativeStatus): vscode.ThemeIcon {
  const [id, color] = STATUS_ICONS[status];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export const STATE_LABELS: Record<RowState, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  blocked: 'Blocked',
  skipped: 'Skipped',
  deferred: 'Deferred',
  unknown: 'Unknown marker',
};

export function progress(done: number, total: number): string {
  return `${done}/${total}`;
}
