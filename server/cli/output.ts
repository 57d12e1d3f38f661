// Colour only when stdout is a TTY and NO_COLOR is unset.
import type { RowState } from '../core/model/model';

const enabled = process.stdout.isTTY === true && !process.env.NO_COLOR;
const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const color = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  cyan: wrap(36, 39),
};

const plain = (t: string): string => t;
const STATE_COLORS: Record<RowState, (text: string) => string> = {
  open: plain,
  'in-progress': color.yellow,
  done: color.green,
  blocked: color.red,
  skipped: color.dim,
  deferred: color.dim,
  unknown: color.red,
};

export function stateColor(state: string): (text: string) => string {
  return STATE_COLORS[state as RowState] ?? plain;
}
