#!/usr/bin/env bash
# Regenerates expected/<fixture>.wit: the WIT that the reference tool (`jco wit`, i.e. wasm-tools' component
# WIT printer) prints for each component fixture in ../shared/corpora/components/jco. Inputs that jco rejects
# (core modules, text that is not a component) get no expected file; the fixture test skips them.
# Usage: tests/Canonical.Abi.Tests/WitPrinting/regenerate.sh [FIXTURE...]   (default: all; one node start per fixture)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
corpus="$root/../shared/corpora/components/jco"
jco="$root/../shared/tools/jco.sh"
# WASM_JS_TOOLS selects the folder jco is installed into (see ../shared/tools/js-tools.sh).
mkdir -p "$here/expected"
if [ $# -gt 0 ]; then inputs=("$@"); else inputs=("$corpus"/*.wasm "$corpus"/*.wat); fi
for f in "${inputs[@]}"; do
  name="$(basename "$f")"
  out="$here/expected/$name.wit"
  input="$f"
  if [ "${f##*.}" = wat ]; then
    # jco wit reads binaries only: assemble the text first.
    input="$(mktemp --suffix=.wasm)"
    "$jco" parse "$f" -o "$input" 2> "$out.err" || true
  fi
  if "$jco" wit "$input" > "$out.tmp" 2>> "$out.err"; then
    mv "$out.tmp" "$out"
    echo "ok      $name"
  else
    rm -f "$out.tmp" "$out"
    echo "skipped $name: $(head -c 200 "$out.err" | tr '\n' ' ')"
  fi
  rm -f "$out.err"
  [ "$input" = "$f" ] || rm -f "$input"
done
