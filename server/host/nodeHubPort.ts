// Node implementation of the core's HubPort (run records, blocker.md, the running marker), rooted at
// the workspace: the CLI's and the language server's, so a run's files are written one way.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileSafely } from './safeWrite';
import type { HubPort } from '../core/run/runRecord';

export function nodeHubPort(root: string): HubPort {
  const abs = (rel: string): string => path.join(root, rel);
  return {
    readFile: (rel) => fs.readFile(abs(rel), 'utf8').catch(() => undefined),
    readDirectory: async (rel) =>
      (await fs.readdir(abs(rel), { withFileTypes: true }).catch(() => [])).map((e) => ({
        name: e.name,
        isDirectory: e.isDirectory(),
        isFile: e.isFile(),
      })),
    mtimeMs: async (rel) => (await fs.stat(abs(rel)).catch(() => undefined))?.mtimeMs,
    // The record and blocker.md: written whole or not at all, never through a planted link.
    writeFile: async (rel, text) => writeFileSafely(root, rel, text),
    removeFile: (rel) => fs.rm(abs(rel), { force: true }),
  };
}
