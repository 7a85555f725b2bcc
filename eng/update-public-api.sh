#!/usr/bin/env bash
# Regenerates the public API baselines (src/*/PublicAPI.Unshipped.txt) from the code, after a deliberate change
# of public API. Microsoft.CodeAnalysis.PublicApiAnalyzers then fails the build (RS0016/RS0017) on any public API
# that is not in the baselines, so an API change always shows up as a diff of these files in review.
#
# Convention: nothing has shipped yet, so the whole public API is in PublicAPI.Unshipped.txt and every
# PublicAPI.Shipped.txt holds only the header. On a release, move the lines of Unshipped into Shipped (and keep
# them there: removing a shipped line is a breaking change that RS0017 reports).
#
# How: empty each Unshipped file, build the product projects (eng/packages.slnf) from scratch with warnings not
# treated as errors, and write back each project's RS0016 symbols ("Symbol '<api line>' is not part of the
# declared public API"), sorted. Lines already in Shipped are not reported, so they stay out of Unshipped.
# Usage: eng/update-public-api.sh [extra dotnet build arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t projects < <(grep -oE 'src[\\/][^"]+[\\/]' eng/packages.slnf | tr -s '\\' / | sed 's|/$||')
header='#nullable enable'

for project in "${projects[@]}"; do
  [ -f "$project/PublicAPI.Shipped.txt" ] || printf '%s\n' "$header" > "$project/PublicAPI.Shipped.txt"
  printf '%s\n' "$header" > "$project/PublicAPI.Unshipped.txt"
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --no-incremental: an up-to-date project would not be compiled again and would report nothing.
dotnet build eng/packages.slnf -c Release --no-incremental -nologo -p:TreatWarningsAsErrors=false \
  -clp:NoSummary\;ForceNoAlign "$@" > "$log" 2>&1 || { cat "$log"; exit 1; }

for project in "${projects[@]}"; do
  csproj=$(cd "$project" && ls "$PWD"/*.csproj)
  {
    printf '%s\n' "$header"
    grep -F "[$csproj]" "$log" \
      | grep -F 'warning RS0016:' \
      | sed -E "s/.*warning RS0016: Symbol '(.*)' is not part of the declared public API.*/\1/" \
      | LC_ALL=C sort -u
  } > "$project/PublicAPI.Unshipped.txt"
  echo "$project: $(($(wc -l < "$project/PublicAPI.Unshipped.txt") - 1)) unshipped API lines"
done
