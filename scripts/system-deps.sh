#!/usr/bin/env bash
# Installs the system packages pamphlets needs: open-licence fonts for every script (the
# book face, EB Garamond, comes from PyPI as a Python package),
# HarfBuzz's subsetter (fast font subsetting in WeasyPrint) and Java for EPUBCheck.
# Pango, which WeasyPrint needs, is installed with it. Runs only as root on Debian or
# Ubuntu; elsewhere it says what to install and carries on.
set -u
packages=(fonts-dejavu-core fonts-noto-core fonts-noto-cjk
          libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
need_java=${NEED_JAVA:-0}
[ "$need_java" = 1 ] && ! command -v java >/dev/null 2>&1 && packages+=(default-jre-headless)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "pamphlets: please install these packages (or their equivalents): ${missing[*]}" >&2
  exit 0
fi
echo "pamphlets: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
