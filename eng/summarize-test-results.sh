#!/usr/bin/env bash
# Prints one closing line, "tests: N passed, N failed, N skipped", summed over the per-assembly
# summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...") of a `dotnet test` log.
set -euo pipefail
log=${1:?dotnet test log}
grep -E '^(Passed|Failed)! +- ' "$log" | awk -F'[:,]' '
  { failed += $2; passed += $4; skipped += $6 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }'
