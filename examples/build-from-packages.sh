#!/usr/bin/env bash
# Packs the libraries and the generator into artifacts/packages, then builds and runs examples/AdderHost against
# those packages, as a project outside the repository would use them:
#   - AdderHost has its own Directory.Build.props (the repository's is not imported) and nuget.config (the local
#     feed for Components.*, nuget.org for the rest);
#   - restore uses a fresh packages folder, artifacts/example-packages, so a package cached from an earlier pack of
#     the same version (~/.nuget/packages keeps the first one it saw) cannot stand in for the one just packed;
#   - the compiler runs in-process, so no long-lived compiler server answers with an older generator.
# Usage: examples/build-from-packages.sh [path/to/adder.component.wasm]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

version=$(dotnet msbuild src/Wit.Generators/Wit.Generators.csproj -getProperty:PackageVersion)
echo "== packing $version into artifacts/packages"
for project in src/Engine src/Wit.Parser src/Canonical.Abi src/Wasi src/Wit.Generators src/Cli; do
  dotnet pack "$project" -c Release -nologo -v quiet
done
ls artifacts/packages/*."$version".nupkg

echo "== building examples/AdderHost from the packages"
export NUGET_PACKAGES="$root/artifacts/example-packages"
rm -rf "$NUGET_PACKAGES"
dotnet build examples/AdderHost -c Release -nologo -v quiet -p:WasmCsVersion="$version" -p:UseSharedCompilation=false

echo "== running examples/AdderHost"
dotnet run --project examples/AdderHost -c Release --no-build -- "$@"
