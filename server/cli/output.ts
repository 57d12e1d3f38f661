// Colour only when stdout is a TTY and NO_COLOR is unset.
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

export function stateColor(state: string): (text: string) => string {
  if (state === 'done') return color.green;
  if (state === 'in-progress') return color.yellow;
  if (state === 'blocked' || state === 'unknown') return color.red;
  if (state === 'skipped' || state === 'deferred') return color.dim;
  return (t) => t;
}
