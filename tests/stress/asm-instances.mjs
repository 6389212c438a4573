#!/usr/bin/env node
// Stress: many instances of the same asm.js-flavor code beside WebAssembly instances in one process.
// Not part of `npm test`. On Node 20.20 (V8 11.3), with the asm.js generator of d61f1dc, this died
// with SIGSEGV in 5 of 6 runs (after 100-170 asm.js instances) and finished in 3 of 3 runs under
// `node --no-asm-wasm-lazy-compilation`; with the generator of 414fbef it finished 3 of 3 even
// without the flag (docs/performance.md). Run it, and the unit tests without the flag several
// times, on a new Node before making the asm.js flavor a loader default (README, "wamrc-ts").
//
//   node tests/stress/asm-instances.mjs [rounds=30] [jsFlavor=auto]
//   node --no-asm-wasm-lazy-compilation tests/stress/asm-instances.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const imp = (p) => import(pathToFileURL(path.join(ROOT, p)).href);
const { runNodeWasi } = await imp('tests/unit/examples-lib.mjs');
const { PROGRAMS } = await imp('bench/programs.mjs');
const { AotRuntime } = await imp('dist/aot/loader.js');
const { compileWasm, loadBinaryen } = await imp('dist/aot/compile.js');
const { Wasi } = await imp('dist/platforms/node/wasi.js');

const rounds = Number(process.argv[2] ?? 30);
const jsFlavor = process.argv[3] ?? 'auto';
const b = await loadBinaryen();
const files = PROGRAMS.map((p) => compileWasm(b, fs.readFileSync(p.wasm), { optLevel: 3, flavor: 'auto' }).aot);
for (let round = 0; round < rounds; round++) {
  for (const [k, p] of PROGRAMS.entries()) {
    const ref = await runNodeWasi(p.wasm, { args: [String(p.tiny)], argv0: `${p.name}.wasm` });
    const out = [];
    const wasi = new Wasi({ args: [`${p.name}.wasm`, String(p.tiny)], env: {}, preopens: {}, stdin: '', returnOnExit: true, stdout: (x) => out.push(Buffer.from(x)), stderr: (x) => out.push(Buffer.from(x)) });
    const rt = new AotRuntime({ jsFlavor });
    const inst = rt.instantiate(rt.load(files[k]), { wasi_snapshot_preview1: wasi.imports });
    wasi.bindMemory(() => inst.memory.buffer());
    wasi.start(() => inst.exports._start.call());
    if (Buffer.concat(out).toString() !== ref.stdout + ref.stderr) throw new Error(`${p.name}: output differs from Node's WebAssembly`);
  }
  console.log(`round ${round + 1}/${rounds}: ${PROGRAMS.length} asm.js instances, rss ${process.memoryUsage().rss >> 20} MiB`);
}
console.log('done');
