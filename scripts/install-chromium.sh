#!/usr/bin/env bash
# Installs Debian's chromium for the web UI's browser tests (ui/browser_test.go),
# unless /usr/bin/chromium is already there. Idempotent and quiet: it prints
# one line saying what it did. Needs root (or sudo) and Debian's package
# archive; .ci/run calls it before the tests.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	exit 0
fi
sudo=
if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
	cat "$log" >&2
	echo "install-chromium: apt-get failed; the browser tests need /usr/bin/chromium" >&2
	exit 1
fi
echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
