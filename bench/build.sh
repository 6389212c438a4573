#!/usr/bin/env bash
# Rebuilds the benchmark programs (bench/programs/*.wasm) from source.
#
#   bench/build.sh                   (from any directory)
#   CLANG=clang-19 bench/build.sh    (another compiler: expect different bytes)
#
# Needs (Debian): clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32, and the
# repository's npm devDependencies (assemblyscript for asc).  The built .wasm
# files are committed, so running the benchmark needs none of this.
#
# C: clang --target=wasm32-wasi -O2, linked with --strip-debug (DWARF dropped,
# name section kept).  AssemblyScript: asc -O3 --noAssert --runtime stub
# --debug (--debug keeps the name section), our own WASI imports
# (programs/wasi.ts), _start as the entry point.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
CLANG="${CLANG:-clang-16}"
ASC="$root/node_modules/.bin/asc"

cflags=(--target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-debug)
for src in crc32 matmul nbody sort vm bigint; do
  echo "clang  programs/$src.c -> programs/$src.wasm"
  "$CLANG" "${cflags[@]}" "$here/programs/$src.c" -o "$here/programs/$src.wasm"
done

# crc32's three loops apart (programs.mjs PARTS, `npm run bench -- --parts`)
part=1
for name in crc32-crc crc32-adler crc32-fnv; do
  echo "clang  programs/crc32.c -DCRC32_ONLY=$part -> programs/$name.wasm"
  "$CLANG" "${cflags[@]}" -DCRC32_ONLY=$part "$here/programs/crc32.c" -o "$here/programs/$name.wasm"
  part=$((part + 1))
done

cd "$root"   # asc names functions by path; build from the root for stable names
for src in calls json; do
  echo "asc    programs/$src.ts -> programs/$src.wasm"
  "$ASC" "bench/programs/$src.ts" -O3 --noAssert --runtime stub --debug \
    --exportStart _start --use abort=bench/programs/wasi/wasiAbort \
    -o "bench/programs/$src.wasm"
done

# Check: every module has a name section and no DWARF; print code section sizes.
node --input-type=module -e '
import fs from "node:fs";
import { wasmInfo } from "./bench/wasm-info.mjs";
let bad = 0;
for (const f of fs.readdirSync("bench/programs").filter((f) => f.endsWith(".wasm")).sort()) {
  const info = wasmInfo(fs.readFileSync("bench/programs/" + f));
  const dwarf = info.sections.some((s) => s.name.startsWith(".debug_"));
  if (!info.hasNames || dwarf) { console.log(`FAIL ${f}: ${!info.hasNames ? "no name section" : "DWARF present"}`); bad = 1; continue; }
  console.log(`  ok   ${f.padEnd(17)} ${String(info.total).padStart(7)} bytes, code section ${String(info.codeBytes).padStart(6)} bytes, ${info.functions} functions`);
}
process.exit(bad);
'
