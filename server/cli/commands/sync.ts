// planloop sync: reconcile plan states, ledger attempts and run records (as the editor does).
// Without --write: a unified diff. With --write: lossless, atomic, refusing files that moved on.
import { createTwoFilesPatch } from 'diff';
import { applyEdits } from '../../core/edit/edits';
import { findRunRecords, planSync, type SyncResult } from '../../core/run/sync';
import { writeAtomically, type CliContext } from '../context';
import { CliError } from '../errors';

/** Applies a sync result to disk: all files or none. Returns the paths written. */
export function writeSync(ctx: CliContext, result: SyncResult): string[] {
  return writeAtomically(
    ctx.root,
    result.files.filter((f) => f.edits.length).map((f) => ({ path: f.path, expected: f.original, text: applyEdits(f.original, f.edits) })),
  );
}

function unifiedDiff(result: SyncResult): string {
  return result.files
    .filter((f) => f.edits.length)
    .map((f) => createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, f.original, applyEdits(f.original, f.edits), '', '', { context: 2 }))
    .join('');
}

export function sync(ctx: CliContext, options: { write: boolean; json: boolean }): number {
  const ledger = ctx.index.ledger();
  if (!ledger) {
    const skipped = ctx.index.skipped.some((s) => ctx.index.loopFileOfPath(s.path)?.kind === 'ledger');
    throw new CliError(
      skipped ? ctx.index.noLedgerReason() : `no ledger found (looked for ${ctx.index.config.ledger} and **/fix_plan*.md)`,
    );
  }
  const notes: string[] = [];
  const result = planSync(ctx.index, findRunRecords(ctx.index, notes));
  const allNotes = [...notes, ...result.notes, ...result.proposed];
  const written = options.write ? writeSync(ctx, result) : [];
  if (options.json) {
    const files = result.files.map((f) => ({
      path: f.path,
      edits: f.edits.map((e) => {
        const doc = ctx.index.get(f.path);
        const at = doc?.lines.positionAt(e.start);
        return {
          start: e.start,
          end: e.end,
          line: (at?.line ?? 0) + 1,
          column: (at?.character ?? 0) + 1,
          oldText: f.original.slice(e.start, e.end),
          newText: e.newText,
        };
      }),
    }));
    process.stdout.write(
      JSON.stringify(
        { version: 1, ledger: ledger.path, inSync: files.length === 0, files, notes: allNotes, written, diff: unifiedDiff(result) },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  for (const note of allNotes) process.stderr.write(`note: ${note}\n`);
  if (result.files.length === 0) {
    process.stdout.write('planloop: plans and ledger are in sync\n');
    return 0;
  }
  if (!options.write) {
    process.stdout.write(unifiedDiff(result));
    return 0;
  }
  for (const file of written) process.stdout.write(`wrote ${file}\n`);
  return 0;
}
