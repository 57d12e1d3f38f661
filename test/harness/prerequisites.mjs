// What `npm start` and `npm test` need from the machine, checked in a moment (plain Node, no
// TypeScript loader) before anything long starts; reported on one line that says how to install it.
//   node test/harness/prerequisites.mjs start|test   → exit 1 with that line when something is missing
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const chromiumPath = process.env.PLANLOOP_CHROMIUM ?? '/usr/bin/chromium';
const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const node20 = {
  what: `Node 20 (found ${process.version})`,
  hint: 'code-server 4.96.4 runs on Node 20 only, e.g. `nvm install 20`',
  present: () => process.versions.node.split('.')[0] === '20',
};
// code-server's search runs the system rg (its own would be downloaded).
const ripgrep = { what: 'rg', apt: 'ripgrep', present: () => onPath('rg') };
const chromium = { what: `chromium (${chromiumPath})`, apt: 'chromium', present: () => fs.existsSync(chromiumPath) };
// The sample workspace's rows run pytest selectors.
const pytest = { what: 'pytest', apt: 'python3-pytest', present: () => onPath('pytest') };

const NEEDS = { start: [node20, ripgrep], test: [node20, ripgrep, chromium, pytest] };

/** The line that works where it runs: root needs no sudo (and a root shell may not have it). */
function aptPrefix() {
  return process.getuid?.() === 0 ? '' : 'sudo ';
}

/** One line naming what is missing and how to install it, or undefined when nothing is. */
export function missingPrerequisites(needs) {
  const missing = needs.filter((n) => !n.present());
  if (!missing.length) return undefined;
  const apt = missing.filter((n) => n.apt).map((n) => n.apt);
  const how = [
    ...(apt.length ? [`${aptPrefix()}apt-get install -y ${apt.join(' ')}`] : []),
    ...missing.filter((n) => n.hint).map((n) => n.hint),
  ];
  return `missing ${missing.map((n) => n.what).join(', ')}; install: ${how.join('; ')}`;
}

const command = process.argv[2];
if (!(command in NEEDS)) {
  console.error('usage: node test/harness/prerequisites.mjs start|test');
  process.exit(2);
}
const missing = missingPrerequisites(NEEDS[command]);
if (missing) {
  console.error(`npm ${command}: ${missing}`);
  process.exit(1);
}
