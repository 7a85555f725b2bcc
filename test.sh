#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine: installs what the tests need
# (the .NET SDK must already be there), builds the solution and runs all test projects.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-test-prerequisites.sh

mkdir -p artifacts
log=artifacts/test-output.log
status=0
dotnet test OpenFeatureAppConfig.sln -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?

./eng/summarize-test-results.sh "$log"
exit $status
