// `npm start`: serve the real workbench with the extension in development mode on the sample
// workspace, print the URL to open, and keep running until Ctrl-C.
import * as path from 'node:path';
import { remote, repoRoot, startCodeServer, workbenchUrl, HarnessError } from './codeServer';

async function main(): Promise<void> {
  const workspace = path.resolve(process.env.PLANLOOP_WORKSPACE ?? path.join(repoRoot, 'fixtures/workspace'));
  const port = Number(process.env.PORT ?? 3000);
  const server = await startCodeServer({ workspace, port });
  const url = workbenchUrl(server, workspace, [['extensionDevelopmentPath', remote(server, repoRoot)]]);
  console.log(`\nPlan Loop is running in VS Code (code-server 4.96.4) on ${path.relative(process.cwd(), workspace) || workspace}.`);
  console.log(`Open:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof HarnessError ? error.message : (error as Error).stack}`);
  process.exit(1);
});
