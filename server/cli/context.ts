// Loads the workspace the CLI works on: root, settings and the index (same core as the server).
import * as fs from 'node:fs';
import { WorkspaceIndex } from '../core/workspace';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { findRoot, loadConfig } from './workspaceRoot';

export interface CliContext {
  readonly root: string;
  readonly index: WorkspaceIndex;
}

export function loadWorkspace(cwd: string | undefined): CliContext {
  const root = findRoot(cwd ?? process.cwd());
  const index = new WorkspaceIndex(root, nodeFileSystem, loadConfig(root));
  index.indexAll();
  for (const skipped of index.skipped) process.stderr.write(`planloop: skipped ${skipped.path}: ${skipped.reason}\n`);
  return { root, index };
}

/** Writes a file atomically (temp + rename), refusing if it changed since `expected` was read. */
export function writeAtomically(file: string, expected: string, text: string): void {
  let current: string;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = '';
  }
  if (current !== expected) throw new Error(`${file} changed since it was read; nothing written (re-run to recompute)`);
  const temp = `${file}.planloop-${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
