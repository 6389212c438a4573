#!/usr/bin/env bash
# Rebuilds the device simulator's modules into apps/ and extra/ (the built .wasm are committed).
# Needs Debian's clang-16 (wasm32 target, no libc needed) and the npm devDependencies.
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-16}
$CLANG --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-debug -o apps/blink.wasm blink.c
$CLANG --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-debug -o extra/runaway.wasm runaway.c
npx asc thermostat.ts -o apps/thermostat.wasm -O3 --runtime stub --noAssert --use abort= --debug
ls -l apps/*.wasm extra/*.wasm
