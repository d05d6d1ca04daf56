#!/usr/bin/env bash
# Installs what only the tests need, beyond scripts/system-deps.sh: Ace by DAISY, the
# accessibility checker, into .tools/ (git-ignored), and the headless Chromium it and the
# browser tests (Playwright for Python, tests/conftest.py) drive.
# Ace comes from npm (@daisy/ace-cli); Puppeteer is told not to download its own browser,
# Debian's chromium-headless-shell is used instead (tests set PUPPETEER_EXECUTABLE_PATH).
# The apt part runs only as root on Debian or Ubuntu; elsewhere it says what to install
# and carries on, and the Ace tests skip (outside CI) if Ace cannot be run.
set -u
cd "$(dirname "$0")/.."
ACE_VERSION=${ACE_VERSION:-1.4.6}  # wants Node 20 or newer (Debian 12's is 18)
missing=()
# Node from another source (NodeSource's nodejs carries its own npm) counts as installed.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
dpkg-query -W -f='${Status}' chromium-headless-shell 2>/dev/null | grep -q "install ok installed" \
  || missing+=(chromium-headless-shell)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "pamphlets: for the accessibility tests, please install: ${missing[*]}" >&2
  else
    echo "pamphlets: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "pamphlets: npm is missing, so Ace by DAISY is not installed" >&2
  exit 0
fi
if [ -x .tools/node_modules/.bin/ace-cli ] \
   && grep -q "\"version\": \"$ACE_VERSION\"" .tools/node_modules/@daisy/ace-cli/package.json 2>/dev/null; then
  exit 0
fi
echo "pamphlets: installing Ace by DAISY $ACE_VERSION into .tools/" >&2
mkdir -p .tools
PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix .tools \
  "@daisy/ace-cli@$ACE_VERSION" >/dev/null \
  || echo "pamphlets: installing Ace failed; its tests will skip (or fail in CI)" >&2
