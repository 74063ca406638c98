#!/bin/sh
# Sets up a fresh clone: npm packages, the native solvers the tests compare against
# (Debian's glpsol and cbc), and the compiled CLI. Safe to run again.
set -e
cd "$(dirname "$0")/.."
sh scripts/system-packages.sh
npm ci

