#!/usr/bin/env bash
# Writes the NuGet packages (.nupkg) and their symbol packages (.snupkg) to artifacts/packages:
# OpenFeatureAppConfig.AppConfiguration, .Provider, .Hosting and .Emulator (the .NET tool appconfig-emulator).
# The packed projects are those of eng/packages.slnf.
# Usage: eng/pack.sh [output folder] [extra dotnet pack arguments, e.g. -p:Version=1.2.3 -p:RepositoryUrl=...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
output=$root/artifacts/packages
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  output=$1
  shift
fi
mkdir -p "$output"
output=$(cd "$output" && pwd)

# ContinuousIntegrationBuild: deterministic paths in the PDBs (/_/ instead of this machine's folders).
dotnet pack "$root/eng/packages.slnf" -c Release -o "$output" -nologo -p:ContinuousIntegrationBuild=true "$@"
ls -1 "$output"/OpenFeatureAppConfig.*
