#!/usr/bin/env bash
# Installs the VS Code host our tests run in: code-server (VS Code 1.100.3 with a real Node extension host,
# from the npm registry) into a cache folder outside the project, plus Debian's headless Chromium.
# Idempotent: a finished install is left as it is (a marker file records it).
#   scripts/install-vscode-host.sh [DEST]   (default: $ASYNC_PATTERNS_CACHE or ~/.cache/async-patterns)
set -euo pipefail
VERSION=4.100.3   # = VS Code 1.100.3; the last code-server that runs on Node 20
CACHE=${1:-${ASYNC_PATTERNS_CACHE:-$HOME/.cache/async-patterns}}
DEST="$CACHE/code-server-$VERSION"
mkdir -p "$DEST"; DEST=$(cd "$DEST" && pwd)

need=()
for p in chromium ripgrep libkrb5-dev python3 make g++; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "install-vscode-host: missing Debian packages (run as root, or install them): ${need[*]}" >&2; exit 1; fi
  echo "install-vscode-host: installing Debian packages: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

[ -f "$DEST/.complete-$VERSION" ] && exit 0
echo "install-vscode-host: installing code-server $VERSION into $DEST (a few minutes, once)"
cd "$DEST"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >/dev/null
cd "$DEST/node_modules/code-server/lib/vscode"
npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null
# @vscode/ripgrep's postinstall downloads a binary from GitHub, which this network refuses: use Debian's rg.
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Native modules (node-pty, spdlog, kerberos...) are built explicitly: npm may skip install scripts it has not been told to allow.
npm_config_yes=true npm rebuild >/dev/null
test -f node_modules/node-pty/build/Release/pty.node || { echo "install-vscode-host: node-pty did not build" >&2; exit 1; }
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev >/dev/null)
cd "$DEST" && npm rebuild argon2 >/dev/null
touch "$DEST/.complete-$VERSION"
echo "install-vscode-host: done"
