// Node implementation of the FileSystem port (used by the server and the CLI, not by the pure core).
import * as fs from 'node:fs';
import type { DirectoryEntry, FileStat, FileSystem } from '../core/index/fileSystem';

export const nodeFileSystem: FileSystem = {
  stat(path: string): FileStat | undefined {
    try {
      const s = fs.statSync(path);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  },
  readFile(path: string): string | undefined {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  realPath(path: string): string | undefined {
    try {
      return fs.realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  isSymbolicLink(path: string): boolean {
    try {
      return fs.lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  },
  readDirectory(path: string): DirectoryEntry[] {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map(toEntry);
    } catch {
      return [];
    }
  },
  // The callback forms: fewer round trips through the thread pool than fs.promises.
  readFileAsync: (path: string): Promise<string | undefined> =>
    new Promise((resolve) => fs.readFile(path, 'utf8', (error, text) => resolve(error ? undefined : text))),
  readDirectoryAsync: (path: string): Promise<DirectoryEntry[]> =>
    new Promise((resolve) => fs.readdir(path, { withFileTypes: true }, (error, entries) => resolve(error ? [] : entries.map(toEntry)))),
};

function toEntry(entry: fs.Dirent): DirectoryEntry {
  return { name: entry.name, isDirectory: entry.isDirectory() };
}
