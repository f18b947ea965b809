#!/usr/bin/env bash
# Builds the cross-language test components (tests/Canonical.Abi.Tests/CrossLanguage) into tests/components/out/:
#   e2e-js.wasm  js/e2e.js with componentize-js (SpiderMonkey inside: ~12 MB, ~30 s)
#   e2e-c.wasm   c/e2e.c with clang-14 and wasi-libc, canonical ABI written by hand (~2 s)
#   compose-js.wasm, compose-c.wasm   the components of examples/compose (js/app.js, c/text.c), built the same ways
#   cli-c.wasm   c/cli.c, a WASI command (wasi-libc on the preview1 adapter) for the WASI 0.2 host (~2 s)
#   logger-js.wasm  js/logger.js with componentize-js: console.log, clocks and random through WASI 0.2 (~15 s)
#   http-js.wasm  js/http.js with componentize-js: a wasi:http/proxy component for the server tests (~15 s)
#   fetch-js.wasm  js/fetch.js with componentize-js: a wasi:http/proxy component forwarding requests with fetch()
#                  (wasi:http/outgoing-handler), for the outgoing-request tests (~15 s)
#   sockets-c.wasm  c/sockets.c (world c-sockets, wit/sockets.wit): wasi:sockets through the canonical ABI (~2 s)
#   http-c.wasm  c/http.c (world c-http, wit/http.wit): a wasi:http/proxy guest using trailers, request-options and
#                the outgoing handler through the canonical ABI (~2 s)
# A component is rebuilt only when its source, the WIT or this script changed since it was built.
#
# Needs node and npm (the shared tools install jco and componentize-js into $WASM_JS_TOOLS, default
# ~/.cache/wasm-js-tools; this script adds the preview2-shim they load) and, for C, on Debian:
#   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools=$(cd "$here/../../../shared/tools" && pwd)
wit=$here/wit/e2e.wit
out=$here/out
mkdir -p "$out"

# componentize-js.sh and jco.sh give the tools their filesystem through the top-level preview2-shim, which npm does
# not install with jco and componentize-js; jco's own copy (nested under jco-transpile) starts with no preopens, so
# `jco embed` cannot read its input. Installing jco's version at the top level lets npm dedupe to that one copy.
preview2_shim_version=0.26.1

# True when $1 is missing or older than any of the other arguments.
stale() {
  local target=$1; shift
  [ -f "$target" ] || return 0
  for input; do [ "$input" -nt "$target" ] && return 0; done
  return 1
}

# Runs a build step and reports its time and the output's size.
timed() {
  local target=$1; shift
  local start ms
  start=$(date +%s%3N)
  "$@"
  ms=$(( $(date +%s%3N) - start ))
  printf '%s: built in %d.%d s, %s bytes\n' "$(basename "$target")" $((ms / 1000)) $((ms % 1000 / 100)) "$(stat -c %s "$target")"
}

# Both builds run jco; the shim is checked once, before the first build that needs it.
js_tools() {
  local dir shim
  dir=$("$tools/js-tools.sh")
  shim=$dir/node_modules/@bytecodealliance/preview2-shim
  if ! grep -qs "\"version\": \"$preview2_shim_version\"" "$shim/package.json" \
      || [ -n "$(find "$dir/node_modules" -mindepth 3 -path '*/node_modules/@bytecodealliance/preview2-shim' -print -quit)" ]; then
    echo "installing @bytecodealliance/preview2-shim@$preview2_shim_version into $dir" >&2
    (cd "$dir" && npm install --no-audit --no-fund --silent "@bytecodealliance/preview2-shim@$preview2_shim_version" >&2)
  fi
}

# componentize-js.sh SOURCE WIT WORLD OUT: written to a temporary name first so an interrupted build is not taken for
# an up-to-date one.
build_js() {
  "$tools/componentize-js.sh" "$1" "$2" "$3" "$4.tmp" >&2
  mv "$4.tmp" "$4"
}

# c-component.sh SOURCE WIT WORLD OUT [reactor|command].
build_c() {
  local missing=()
  command -v clang-14 >/dev/null || missing+=(clang-14)
  command -v wasm-ld-14 >/dev/null || missing+=(lld-14)
  [ -f /usr/lib/wasm32-wasi/libc.a ] || missing+=(wasi-libc)
  compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a' >/dev/null || missing+=(libclang-rt-14-dev-wasm32)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "building e2e-c.wasm needs: apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  # jco 1.35's `embed -n WORLD` does not reach wasm-tools, which then refuses a package with several worlds: the C
  # build gets a copy of the package without the other worlds.
  local tmp
  tmp=$(mktemp -d)
  awk -v world="$3" '/^world /{skip = ($2 != world)} !skip{print} skip && /^}/{skip = 0}' "$2" > "$tmp/world.wit"
  "$tools/c-component.sh" "$1" "$tmp/world.wit" "$3" "$4.tmp" ${5:-}
  rm -rf "$tmp"
  mv "$4.tmp" "$4"
}

# A C guest importing WASI interfaces directly (c-component.sh SOURCE WIT WORLD OUT): its WIT package resolves them
# from the shared WASI 0.2 WIT, copied beside it as deps/ in a temporary directory for the build (jco's filesystem
# does not follow a symlink there).
build_c_wasi() {
  local tmp
  tmp=$(mktemp -d)
  cp "$2" "$tmp/$(basename "$2")"
  cp -r "$here/../../../shared/corpora/wasi-wit/0.2/deps" "$tmp/deps"
  "$tools/c-component.sh" "$1" "$tmp" "$3" "$4.tmp"
  rm -rf "$tmp"
  mv "$4.tmp" "$4"
}

compose=$(cd "$here/../../examples/compose" && pwd)
compose_wit=$compose/wit/compose.wit

# Each row: output, builder, source, WIT, world and, for C, reactor (the default) or command.
targets=(
  "e2e-js.wasm build_js $here/js/e2e.js $wit js-guest"
  "e2e-c.wasm build_c $here/c/e2e.c $wit c-guest"
  "compose-js.wasm build_js $compose/js/app.js $compose_wit application"
  "compose-c.wasm build_c $compose/c/text.c $compose_wit text-provider"
  "cli-c.wasm build_c $here/c/cli.c $here/wit/cli.wit cli command"
  "logger-js.wasm build_js $here/js/logger.js $here/wit/logger.wit js-logger"
  "sockets-c.wasm build_c_wasi $here/c/sockets.c $here/wit/sockets.wit c-sockets"
  "http-c.wasm build_c_wasi $here/c/http.c $here/wit/http.wit c-http"
)

checked=false
for row in "${targets[@]}"; do
  read -r name builder source world_wit world mode <<<"$row"
  target=$out/$name
  if stale "$target" "$source" "$world_wit" "$here/build.sh"; then
    # Both builders run jco; the shim is checked once, before the first build that needs it.
    $checked || { js_tools; checked=true; }
    timed "$target" "$builder" "$source" "$world_wit" "$world" "$target" ${mode:-}
  else
    echo "$name: up to date"
  fi
done

# http-js.wasm and fetch-js.wasm: wasi:http/proxy components in the fetch-event style, for the wasi:http server and
# outgoing-request tests (~15 s each). StarlingMonkey exports wasi:http/incoming-handler@0.2.10, so the world is built
# from a copy of the 0.2 WIT packages at that version (without the @since gates of later patch releases, which
# wit-parser refuses below their version).
# build_proxy_js SOURCE OUT
build_proxy_js() {
  local tmp f
  tmp=$(mktemp -d)
  mkdir -p "$tmp/deps"
  for f in "$here"/../../../shared/corpora/wasi-wit/0.2/deps/*.wit; do
    sed -e 's/@0\.2\.12/@0.2.10/g' -e '/@since(version = 0\.2\.1[12])/d' "$f" > "$tmp/deps/$(basename "$f")"
  done
  printf 'package test:http-guest;\n\nworld proxy {\n  include wasi:http/proxy@0.2.10;\n}\n' > "$tmp/world.wit"
  "$tools/componentize-js.sh" "$1" "$tmp" proxy "$2.tmp" >&2
  rm -rf "$tmp"
  mv "$2.tmp" "$2"
}

for proxy in http fetch; do
  target=$out/$proxy-js.wasm
  if stale "$target" "$here/js/$proxy.js" "$here/build.sh"; then
    $checked || { js_tools; checked=true; }
    timed "$target" build_proxy_js "$here/js/$proxy.js" "$target"
  else
    echo "$proxy-js.wasm: up to date"
  fi
done
