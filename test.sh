#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine: installs what the tests need
# (the .NET SDK must already be there), builds the solution and runs all test projects.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-test-prerequisites.sh

results="$PWD/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test OpenFeatureAppConfig.sln -c Release --nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

./eng/summarize-test-results.sh "$results"
exit $status
