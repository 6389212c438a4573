#!/usr/bin/env node
// A Node bug, without wamr-ts: node:wasi's imports are V8 fast API calls, and
// a node:wasi call that allocates (fd_write) reports it to V8, which may start
// a garbage collection inside the fast call when the process holds much
// external memory (here: large ArrayBuffers, as the asm.js flavor's memory
// reservations are). The heap is corrupted; the process dies with SIGSEGV.
// https://github.com/nodejs/node/issues/46777 (V8 does not call it a bug).
// Measured 2026-11-22: dies on Node 20.20.2 and 22.23.3, finishes on 24.21.0,
// and finishes on 20 and 22 with `--no-turbo-fast-api-calls`, which the unit
// tests set at run time before their first node:wasi instance (tests/unit/node-wasi.mjs).
//
//   node tests/stress/node-wasi-gc.mjs [rounds=2000]        # SIGSEGV on Node 20/22
//   node --no-turbo-fast-api-calls tests/stress/node-wasi-gc.mjs   # done
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WASI } from 'node:wasi';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mod = new WebAssembly.Module(fs.readFileSync(path.join(ROOT, 'examples/c/hello.wasm')));
const rounds = Number(process.argv[2] ?? 2000);
const devnull = fs.openSync('/dev/null', 'w');
const held = [];
for (let i = 1; i <= rounds; i++) {
  held.push(new ArrayBuffer(256 << 20)); // external memory, as an asm.js heap reservation
  if (held.length > 4) held.shift();
  const wasi = new WASI({ version: 'preview1', args: ['hello'], stdout: devnull, returnOnExit: true });
  wasi.start(new WebAssembly.Instance(mod, { wasi_snapshot_preview1: wasi.wasiImport }));
  if (i % 200 === 0) console.log(`round ${i}/${rounds}`);
}
console.log('done');
