#!/usr/bin/env bash
# Installs the system packages the tests need on Debian: Chromium for the browser tests and
# Node.js/npm for the protocol-fidelity tests (the tests install their own npm packages), and redis-server for
# the fleet tests (each test starts its own server on a free loopback port; the package's service is not used), and
# prometheus for the guardrail tests (likewise: the test runs its own on a free loopback port with a temp storage dir).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ] || need+=(prometheus)
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing test prerequisites: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
