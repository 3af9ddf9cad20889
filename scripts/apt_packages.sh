#!/bin/sh
# `make test` (and `make bench`): the Debian packages some tests use, installed when missing.
#   chromium        the viewer in a headless browser (tests/test_viewer_browser.py, bench_viewer)
#   redis-server    the dedup LSH in Redis (tests/test_dedup.py)
#   fonts-noto-cjk  Chinese glyphs, so the viewer's screenshots show text, not empty boxes
# Usage: sh scripts/apt_packages.sh PACKAGE...
# Installing needs root and apt-get; it runs `apt-get update` first (a fresh machine's
# package lists are empty or old). Where that is not possible, or fails, it says so and
# exits 0: the tests that need a missing package are skipped, each with its reason.
set -u

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian system; install $* yourself (the tests that need them are skipped)" >&2
  exit 0
fi

missing=""
for package in "$@"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)
  case "$status" in
    *" installed") ;;
    *) missing="$missing $package" ;;
  esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: missing Debian packages:$missing; installing them needs root and apt-get" \
    "(the tests that need them are skipped)" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "apt-get update && apt-get install$missing" >&2
# shellcheck disable=SC2086  # one word a package
if timeout 600 apt-get update -qq &&
  timeout 1200 apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
  exit 0
fi
echo "note: apt-get could not install$missing (the tests that need them are skipped)" >&2
exit 0
