// planloop sync: reconcile plan states, ledger attempts and run records (as the editor does).
// Without --write: a unified diff. With --write: lossless, atomic, refusing files that moved on.
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyEdits } from '../../core/edits';
import { findRunRecords, planSync, type SyncResult } from '../../core/sync';
import { writeAtomically, type CliContext } from '../context';

export function writeSync(ctx: CliContext, result: SyncResult): string[] {
  const written: string[] = [];
  for (const file of result.files) {
    if (!file.edits.length) continue;
    writeAtomically(path.join(ctx.root, file.path), file.original, applyEdits(file.original, file.edits));
    written.push(file.path);
  }
  return written;
}

export function sync(ctx: CliContext, options: { write: boolean; json: boolean }): number {
  const notes: string[] = [];
  const result = planSync(ctx.index, findRunRecords(ctx.index, notes));
  const allNotes = [...notes, ...result.notes];
  if (options.json) {
    const written = options.write ? writeSync(ctx, result) : [];
    process.stdout.write(JSON.stringify({ files: result.files.map((f) => ({ path: f.path, edits: f.edits })), notes: allNotes, written }, null, 2) + '\n');
    return 0;
  }
  for (const note of allNotes) process.stderr.write(`note: ${note}\n`);
  if (result.files.length === 0) {
    process.stdout.write('planloop: plans and ledger are in sync\n');
    return 0;
  }
  if (!options.write) {
    for (const file of result.files) {
      process.stdout.write(createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.original, applyEdits(file.original, file.edits), '', '', { context: 2 }));
    }
    return 0;
  }
  for (const file of writeSync(ctx, result)) process.stdout.write(`wrote ${file}\n`);
  return 0;
}
