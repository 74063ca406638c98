#!/bin/sh
# Sets up a fresh clone: npm packages, the native solvers the tests compare against
# (Debian's glpsol and cbc), Debian's chromium for the dashboard's browser tests, and the dashboard
# bundle the server serves. Safe to run again.
set -e
cd "$(dirname "$0")/.."
sh scripts/system-packages.sh
npm ci
npm run build:web
