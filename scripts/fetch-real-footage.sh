#!/usr/bin/env bash
# Fetches vtest.avi (OpenCV's sample clip) from Debian's opencv-doc package into eval/real/.
# Needs apt-get (no root: `apt-get download` works for any user once the package lists exist).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/eval/real/vtest.avi"
if [[ -s "$target" ]]; then
  echo "already there: $target"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download opencv-doc >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq
    apt-get download opencv-doc >/dev/null
  else
    echo "error: 'apt-get download opencv-doc' failed; run 'sudo apt-get update' and try again" >&2
    exit 1
  fi
fi
dpkg-deb -x opencv-doc_*.deb extracted
cp extracted/usr/share/doc/opencv-doc/examples/data/vtest.avi "$target"
echo "fetched $target ($(stat -c %s "$target") bytes)"
