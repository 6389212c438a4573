#!/usr/bin/env node
// Stress: many instances of the asm.js-flavor code beside node:wasi runs (the reference outputs) in one
// process. Not part of `npm test`. This died with SIGSEGV on Node 20.20 and 22.23 (3 of 3 runs of 200
// rounds each, also under `--no-asm-wasm-lazy-compilation`, which session 5 had taken for a fix) and
// finished on Node 24.21 (3 of 3): the cause is node:wasi's fast API calls, which start a garbage
// collection inside the call when the process holds much external memory (the asm.js heaps' reservations):
// https://github.com/nodejs/node/issues/46777, reproduced without wamr-ts by tests/stress/node-wasi-gc.mjs.
// The reference runner (tests/unit/node-wasi.mjs) now turns V8's fast API calls off first.
//
//   node tests/stress/asm-instances.mjs [rounds=30] [jsFlavor=auto]
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
