#!/bin/sh
# Installs the Debian packages reeflow's tests and peer benchmarks use, when missing:
# glpsol (glpk-utils) and cbc (coinor-cbc) solve the exported LP/MPS files to cross-check HiGHS;
# chromium runs the dashboard's browser tests (tests/web, driven by playwright-core).
set -e
missing=""
command -v glpsol >/dev/null 2>&1 || missing="$missing glpk-utils"
command -v cbc >/dev/null 2>&1 || missing="$missing coinor-cbc"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  echo "installing Debian packages:$missing"
  $SUDO apt-get install -y $missing >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y $missing >/dev/null; }
fi
