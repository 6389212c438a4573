#!/usr/bin/env bash
# Rebuilds every example in examples/ from source and checks the results.
#
#   examples/build.sh            (from any directory)
#   CLANG=clang-19 examples/build.sh
#
# Needs (Debian): clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32, and the
# repository's npm devDependencies (assemblyscript for `asc`, wabt for the
# check).  The built .wasm files are committed, so running the examples does
# not need any of this.
#
# C: clang --target=wasm32-wasi -O2, linked with --strip-debug: DWARF is
# dropped but the "name" section stays, so runtimes can print backtraces with
# function names.  AssemblyScript: asc -O3 --debug (--debug keeps the name
# section), the stub runtime, and our own WASI imports (as/wasi.ts).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
CLANG="${CLANG:-clang-16}"
ASC="$root/node_modules/.bin/asc"
OBJDUMP="$root/node_modules/.bin/wasm-objdump"
MAX_SIZE=$((200 * 1024))

cflags=(--target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-debug)

for src in hello wc compute trap; do
  echo "clang  c/$src.c -> c/$src.wasm"
  "$CLANG" "${cflags[@]}" "$here/c/$src.c" -o "$here/c/$src.wasm"
done

cd "$root"   # asc names functions by path; build from the root for stable names
asc_common=(-O3 --noAssert --runtime stub --debug)
for src in mandelbrot sieve; do
  echo "asc    as/$src.ts -> as/$src.wasm"
  "$ASC" "examples/as/$src.ts" "${asc_common[@]}" \
    --exportStart _start --use abort=examples/as/wasi/wasiAbort \
    -o "examples/as/$src.wasm"
done
echo "asc    as/reactor.ts -> as/reactor.wasm"
"$ASC" examples/as/reactor.ts "${asc_common[@]}" --use abort= -o examples/as/reactor.wasm

# Check: valid, small enough, and carrying a name section.
status=0
for wasm in "$here"/c/*.wasm "$here"/as/*.wasm; do
  size=$(wc -c < "$wasm")
  rel="${wasm#"$here"/}"
  bad=0
  if ! "$OBJDUMP" -h "$wasm" > /tmp/examples-build.$$ 2>&1; then
    echo "FAIL $rel: wasm-objdump could not read it"; status=1; continue
  fi
  if ! grep -q '"name"' /tmp/examples-build.$$; then
    echo "FAIL $rel: no name section"; bad=1
  fi
  if grep -q '"\.debug_' /tmp/examples-build.$$; then
    echo "FAIL $rel: still has DWARF sections"; bad=1
  fi
  if [ "$size" -gt "$MAX_SIZE" ]; then
    echo "FAIL $rel: $size bytes (limit $MAX_SIZE)"; bad=1
  fi
  if [ "$bad" = 0 ]; then printf '  ok   %-18s %7d bytes\n' "$rel" "$size"; else status=1; fi
done
rm -f /tmp/examples-build.$$
exit $status
