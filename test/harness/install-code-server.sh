#!/usr/bin/env bash
# Installs code-server 4.96.4 (VS Code 1.96.4) into an ignored cache folder, offline-safe.
# Idempotent: a finished install leaves a stamp file and is not redone.
# See ../shared/docs/real-vscode.md for why each step exists.
set -euo pipefail

VERSION=4.96.4
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="${PLANLOOP_CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
STAMP="$DEST/.installed-$VERSION"

if [[ -f "$STAMP" ]]; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi

fail() { echo "install-code-server: $*" >&2; exit 1; }
command -v rg >/dev/null || fail "ripgrep (rg) is missing: apt-get install -y ripgrep"
node -e 'process.exit(+process.versions.node.split(".")[0] === 20 ? 0 : 1)' \
  || fail "code-server $VERSION needs Node 20, found $(node --version)"

STARTED=$SECONDS
echo "Installing code-server $VERSION into $DEST (about 350 MB; 1-2 minutes, longer on a busy machine)"
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
npm init -y >/dev/null
# npm 11 asks which dependencies may run install scripts (allowScripts). Nothing runs at install
# (--ignore-scripts); the native modules code-server needs are rebuilt by name below, the rest stay off.
allow_scripts() { node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  pkg.allowScripts = Object.fromEntries(process.argv.slice(1).map((e) => [e.replace(/=.*/, ""), e.endsWith("=true")]));
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
' "$@"; }
allow_scripts argon2=true code-server=false
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
npm rebuild argon2
cd node_modules/code-server/lib/vscode
# The shrinkwrap pins @vscode/proxy-agent to a git URL that cannot be fetched here.
rm -f npm-shrinkwrap.json
allow_scripts @vscode/spdlog=true node-pty=true @parcel/watcher=true native-watchdog=true \
  kerberos=false @vscode/deviceid=false @vscode/windows-process-tree=false @vscode/windows-registry=false
npm install --no-audit --no-fund --omit=dev --ignore-scripts
npm rebuild @vscode/spdlog node-pty @parcel/watcher native-watchdog
# @vscode/ripgrep would download a binary; use the system rg instead.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev)
touch "$STAMP"
echo "code-server $VERSION installed in $((SECONDS - STARTED)) s ($(du -sh "$DEST" | cut -f1))"
