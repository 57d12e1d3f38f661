// `npm start` (after test/harness/prerequisites.mjs checked the machine): build, serve the real workbench with the extension in development
// mode on the sample workspace, print the URL to open, and keep running until Ctrl-C.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { portIsFree, remote, repoRoot, startCodeServer, workbenchUrl, HarnessError } from './codeServer';

/**
 * Runs and edits change the workspace, so the sample opens as a copy (kept between starts, so
 * your marks and attempts stay); PLANLOOP_FRESH=1 starts again from fixtures/workspace.
 */
function sampleWorkspace(): string {
  const copy = path.join(repoRoot, '.vscode-test/sample-workspace');
  if (process.env.PLANLOOP_FRESH === '1') fs.rmSync(copy, { recursive: true, force: true });
  if (!fs.existsSync(copy)) fs.cpSync(path.join(repoRoot, 'fixtures/workspace'), copy, { recursive: true });
  return copy;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!(await portIsFree(port)))
    throw new HarnessError(`port ${port} on 127.0.0.1 is taken (another npm start?); PORT=${port + 1} npm start picks another`);
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new HarnessError(`the build failed (exit ${build.status ?? build.signal}); see above`);
  const workspace = path.resolve(process.env.PLANLOOP_WORKSPACE ?? sampleWorkspace());
  const server = await startCodeServer({ workspace, port });
  const url = workbenchUrl(server, workspace, [['extensionDevelopmentPath', remote(server, repoRoot)]]);
  console.log(`\nPlan Loop is running in VS Code (code-server 4.96.4) on ${path.relative(process.cwd(), workspace) || workspace}.`);
  if (!process.env.PLANLOOP_WORKSPACE)
    console.log('(a copy of fixtures/workspace; PLANLOOP_FRESH=1 npm start resets it, PLANLOOP_WORKSPACE=DIR opens another folder)');
  console.log(`Open:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof HarnessError ? error.message : (error as Error).stack}`);
  process.exit(1);
});
