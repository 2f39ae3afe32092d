#!/usr/bin/env bash
# Checks that Node.js 20 or later and npm are on PATH, before `npm ci` fails on an older Node without
# saying why (Debian 12's own nodejs package is 18). Prints what is missing and exits 1.
set -euo pipefail
required=20
if ! command -v node >/dev/null 2>&1; then
  echo "Node.js $required or later is needed for the JS client tests, and 'node' is not on PATH." >&2
  echo "Install Node.js $required (https://nodejs.org or NodeSource's Debian packages; Debian 12's nodejs is 18)." >&2
  exit 1
fi
version=$(node --version 2>/dev/null || true)
major=${version#v}
major=${major%%.*}
if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt "$required" ]; then
  echo "Node.js $required or later is needed for the JS client tests; 'node --version' says '${version:-nothing}'." >&2
  echo "Install Node.js $required (https://nodejs.org or NodeSource's Debian packages; Debian 12's nodejs is 18)." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed for the JS client tests and is not on PATH (it comes with Node.js $required)." >&2
  exit 1
fi
