// Git repositories built by tests in a temp folder: commits with the dates the test gives, and an
// environment that reads and writes no configuration outside the repository ($HOME included).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The environment every git a test runs gets: no global or system config, a fixed identity. */
export function gitTestEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Loop Tester',
    GIT_AUTHOR_EMAIL: 'loop@example.invalid',
    GIT_COMMITTER_NAME: 'Loop Tester',
    GIT_COMMITTER_EMAIL: 'loop@example.invalid',
    ...extra,
  };
}

export interface TestRepo {
  readonly root: string;
  git(...args: string[]): string;
  write(rel: string, text: string): void;
  remove(rel: string): void;
  /** Stages everything and commits it at `date` (ISO 8601); returns the commit's SHA. */
  commit(message: string, date: string): string;
  dispose(): void;
}

export function gitRepo(root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-history-'))): TestRepo {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, env: gitTestEnv(), encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  return {
    root,
    git,
    write(rel, text) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    },
    remove: (rel) => fs.rmSync(path.join(root, rel), { force: true }),
    commit(message, date) {
      execFileSync('git', ['add', '-A'], { cwd: root, env: gitTestEnv() });
      execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
        cwd: root,
        env: gitTestEnv({ GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }),
      });
      return git('rev-parse', 'HEAD');
    },
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
