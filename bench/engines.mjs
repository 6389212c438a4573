// The engines the benchmark runs programs on, all in this process and all
// with the same WASI: our own (platforms/node/wasi.ts, built to dist/), fed
// argv and capturing stdout/stderr in memory.
//
// Each engine: { name, label, async setup() -> null when usable or a reason
// string, async run(bytes, argv) -> result }.  A result has stdout, stderr,
// exitCode (null after a trap), error (the trap or other exception, or null)
// and three times in ms: loadMs (compile / decode+validate), instMs
// (instantiate) and runMs (the `_start` call, the compute time), plus cpuMs:
// the process's CPU time (user + system, all its threads) during that call,
// which a busy machine's preemption does not inflate (bench --cpu-time).  Setup work
// that is not per-module (creating a wamr-ts Runtime, which instantiates the
// core) is done before the clock starts and is not reported.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './programs.mjs';

const DIST_RUNTIME = path.join(ROOT, 'dist/core/runtime.js');
const DIST_WASI = path.join(ROOT, 'dist/platforms/node/wasi.js');

let wasiModule;
async function loadWasi() {
  if (!wasiModule) {
    if (!fs.existsSync(DIST_WASI)) throw new Error(`${path.relative(ROOT, DIST_WASI)} is missing: run npm run build`);
    wasiModule = await import(pathToFileURL(DIST_WASI).href);
  }
  return wasiModule;
}

let runtimeModule;
async function loadRuntime() {
  if (!runtimeModule) {
    if (!fs.existsSync(DIST_RUNTIME)) throw new Error(`${path.relative(ROOT, DIST_RUNTIME)} is missing: run npm run build`);
    runtimeModule = await import(pathToFileURL(DIST_RUNTIME).href);
  }
  return runtimeModule;
}

/** The process's CPU time in ms (user + system, every thread of the process). */
function cpuNow() {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** A fresh WASI instance for one run, capturing output. */
async function newWasi(argv) {
  const { Wasi } = await loadWasi();
  const out = [], err = [];
  const wasi = new Wasi({
    args: argv, env: {}, preopens: {}, stdin: '', returnOnExit: true,
    stdout: (b) => out.push(Buffer.from(b)),
    stderr: (b) => err.push(Buffer.from(b)),
  });
  return { wasi, output: () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }) };
}

/**
 * One timed run through a WebAssembly-JS-API-shaped implementation (Node's
 * own, or polywasm's): Module (compile), Instance (instantiate), _start.
 */
async function runJsApi(WA, bytes, argv) {
  const { wasi, output } = await newWasi(argv);
  let exitCode = null, error = null;
  const t0 = performance.now();
  const mod = new WA.Module(bytes);
  const t1 = performance.now();
  const inst = new WA.Instance(mod, { wasi_snapshot_preview1: wasi.imports });
  const t2 = performance.now(), c2 = cpuNow();
  wasi.bindMemory(() => new Uint8Array(inst.exports.memory.buffer));
  try {
    exitCode = wasi.start(() => inst.exports._start());
  } catch (e) {
    error = e;
  }
  const t3 = performance.now(), c3 = cpuNow();
  return { ...output(), exitCode, error, loadMs: t1 - t0, instMs: t2 - t1, runMs: t3 - t2, cpuMs: c3 - c2 };
}

function nodeEngine() {
  return {
    name: 'node',
    label: "Node's own WebAssembly (V8: Liftoff, then TurboFan)",
    async setup() {
      await loadWasi();
      return null;
    },
    run: (bytes, argv) => runJsApi(WebAssembly, bytes, argv),
  };
}

function polywasmEngine() {
  let WA;
  return {
    name: 'polywasm',
    label: 'polywasm (npm): translates each wasm function to JavaScript',
    async setup() {
      try {
        WA = (await import('polywasm')).WebAssembly;
      } catch (e) {
        return `npm package polywasm not installed (${e.code ?? e.message})`;
      }
      await loadWasi();
      return null;
    },
    run: (bytes, argv) => runJsApi(WA, bytes, argv),
  };
}

/**
 * The default configuration's core.wasm without INSTRUCTION_METERING
 * (build-config/features.mjs), built on first use into
 * build/bench-nometering/ (rebuilt when a core source is newer): the
 * baseline of `--metering-overhead`. Returns that directory.
 */
async function noMeteringCore() {
  const dir = path.join(ROOT, 'build', 'bench-nometering');
  const out = path.join(dir, 'core.wasm');
  const newest = (p) => {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(0, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))));
  };
  const sources = ['core/assembly', 'interp-classic/assembly', 'interp-fast/assembly', 'build-config/features.mjs'].map((p) => path.join(ROOT, p));
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < Math.max(...sources.map(newest))) {
    const { resolveConfig, ascUseFlags } = await import(pathToFileURL(path.join(ROOT, 'build-config/features.mjs')).href);
    fs.mkdirSync(dir, { recursive: true });
    process.stderr.write('bench: building core.wasm without INSTRUCTION_METERING into build/bench-nometering/\n');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/assemblyscript/bin/asc.js'), 'core/assembly/index.ts', '-o', out,
      '--runtime', 'incremental', '-O3', ...ascUseFlags(resolveConfig('default', { INSTRUCTION_METERING: 0 }))], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('building the core without INSTRUCTION_METERING failed');
  }
  return dir;
}

/** A core loader for the core.wasm in `dir` (compiled once: core/node-core.ts preloadCore). */
async function coreIn(dir) {
  const { preloadCore } = await import(pathToFileURL(path.join(ROOT, 'dist/core/node-core.js')).href);
  return preloadCore({ build: 'wasm', dir });
}

/**
 * wamrc-ts --target=bytecode at its default level (-O3): a function
 * (rt, bytes) -> .aot, compiling once per program (cached by its bytes) with
 * the core of `rt`.
 */
export async function bytecodeCompiler() {
  const c = await import(pathToFileURL(path.join(ROOT, 'dist/aot/compile.js')).href);
  const binaryen = await c.loadBinaryen();
  const compiled = new Map();
  return (rt, bytes) => {
    let file = compiled.get(bytes);
    if (!file) compiled.set(bytes, (file = c.compileWasm(binaryen, bytes, { target: 'bytecode', runtime: rt }).aot));
    return file;
  };
}

/**
 * A wamr-ts engine. Variants: 'aotfile-aot-only' (aot-bytecode's .aot files
 * run on the aot-only preset's core, build/aot-only/core.wasm: the compact
 * executor's cost), 'nometering' (the core without
 * INSTRUCTION_METERING), 'aot' (wamr-fast-aot: the code wamrc-ts
 * --target=bytecode makes, loaded from the .wasm: each program optimized once
 * by Binaryen as the bytecode target does (aot/compile-bytecode.ts
 * optimizeWasm at -O3, untimed and cached), then loaded into the fast
 * interpreter with the translator's AoT level, RuntimeOptions.translateOpt =
 * BYTECODE_TRANSLATE_OPT; its loadMs includes validating and translating,
 * which the .aot loader skips).
 */
function wamrEngine(name, core, interpreter, variant) {
  let Runtime;
  let options = { core, interpreter };
  let prepare = (bytes) => bytes;
  const labels = {
    nometering: 'build/bench-nometering/core.wasm (default features without INSTRUCTION_METERING)',
    aot: 'build/core.wasm; Binaryen -O3 + inlineRecursion + bytecodePasses, then the AoT translation level (compile untimed)',
    aotfile: 'build/core.wasm; the .aot of wamrc-ts --target=bytecode -O3, loaded by the core\'s AoT loader (compile untimed)',
    'aotfile-aot-only': 'build/aot-only/core.wasm (the aot-only preset: COMPACT_EXECUTOR, asc -Oz); the same .aot as aot-bytecode, compiled with build/core.wasm (untimed)',
  };
  return {
    name,
    label: `wamr-ts, ${interpreter} interpreter, core ${labels[variant] ?? (core === 'wasm' ? 'build/core.wasm' : 'build/core.mjs (wasm2js)')}`,
    async setup() {
      try {
        ({ Runtime } = await loadRuntime());
        await loadWasi();
        if (variant === 'nometering') options = { core, interpreter, loadCore: await coreIn(await noMeteringCore()) };
        if (variant === 'aot') {
          const { BYTECODE_TRANSLATE_OPT } = await import(pathToFileURL(path.join(ROOT, 'dist/aot/bytecode-passes.js')).href);
          const { optimizeWasm } = await import(pathToFileURL(path.join(ROOT, 'dist/aot/compile-bytecode.js')).href);
          const binaryen = await (await import(pathToFileURL(path.join(ROOT, 'dist/aot/compile.js')).href)).loadBinaryen();
          const optimized = new Map();
          prepare = (bytes) => {
            let out = optimized.get(bytes);
            if (!out) optimized.set(bytes, (out = optimizeWasm(binaryen, bytes, 3, 0)));
            return out;
          };
          options = { core, interpreter, translateOpt: BYTECODE_TRANSLATE_OPT };
        }
        if (variant === 'aotfile' || variant === 'aotfile-aot-only') {
          const compile = await bytecodeCompiler();
          const compiler = await Runtime.create({ core, interpreter: 'fast' });
          prepare = (bytes) => compile(compiler, bytes);
        }
        if (variant === 'aotfile-aot-only') {
          const file = path.join(ROOT, 'build/aot-only/core.wasm');
          if (!fs.existsSync(file)) return `${path.relative(ROOT, file)} is missing: npm run build -- --preset=aot-only`;
          options = { core, interpreter, loadCore: await coreIn(path.dirname(file)) };
        }
      } catch (e) {
        return e.message;
      }
      try {
        await Runtime.create(options);
      } catch (e) {
        return `Runtime.create({core: "${core}", interpreter: "${interpreter}"}) failed: ${e.message}`;
      }
      return null;
    },
    async run(bytes, argv) {
      bytes = prepare(bytes);
      // A fresh runtime per run: instances are not freed, and each program's
      // memory would otherwise accumulate in the core's linear memory.
      const rt = await Runtime.create(options);
      const { wasi, output } = await newWasi(argv);
      let exitCode = null, error = null;
      const t0 = performance.now();
      const mod = rt.load(bytes);
      const t1 = performance.now();
      const inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.imports });
      const t2 = performance.now(), c2 = cpuNow();
      wasi.bindMemory(() => inst.memory.buffer());
      const start = inst.exports._start;
      try {
        exitCode = wasi.start(() => start.call());
      } catch (e) {
        error = e;
      }
      const t3 = performance.now(), c3 = cpuNow();
      return { ...output(), exitCode, error, loadMs: t1 - t0, instMs: t2 - t1, runMs: t3 - t2, cpuMs: c3 - c2 };
    },
  };
}

/**
 * aot-js: wamrc-ts (aot/compile.ts, Binaryen -O3) compiles each program once,
 * untimed and cached by its bytes; a run loads the .aot (read, check, evaluate
 * the code: loadMs), instantiates and calls _start as the other engines do.
 */
function aotJsEngine(name = 'aot-js', metering = true, flavor = undefined) {
  let aot, compileWasm, binaryen;
  const compiled = new Map();
  const engine = {
    name,
    label: `wamr-ts AoT, js target: wamrc-ts -O3${metering ? '' : ' --no-metering'}${flavor ? ` --js-flavor=${flavor}` : ''} output run by the .aot loader (compile untimed)`,
    async setup() {
      try {
        aot = await import(pathToFileURL(path.join(ROOT, 'dist/aot/loader.js')).href);
        // The default output has both flavors: say which one the loader runs on this host.
        if (!flavor) engine.label += aot.hostValidatesAsmJs() ? '; the asm.js flavor runs (this host validates asm.js)' : '; the plain flavor runs (this host does not validate asm.js)';
        const c = await import(pathToFileURL(path.join(ROOT, 'dist/aot/compile.js')).href);
        compileWasm = c.compileWasm;
        binaryen = await c.loadBinaryen();
        await loadWasi();
      } catch (e) {
        return e.message;
      }
      return null;
    },
    async run(bytes, argv) {
      let file = compiled.get(bytes);
      if (!file) compiled.set(bytes, (file = compileWasm(binaryen, bytes, { optLevel: 3, metering, flavor }).aot));
      const { wasi, output } = await newWasi(argv);
      const rt = new aot.AotRuntime();
      let exitCode = null, error = null;
      const t0 = performance.now();
      const mod = rt.load(file);
      const t1 = performance.now();
      const inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.imports });
      const t2 = performance.now(), c2 = cpuNow();
      wasi.bindMemory(() => inst.memory.buffer());
      const start = inst.exports._start;
      try {
        exitCode = wasi.start(() => start.call());
      } catch (e) {
        error = e;
      }
      const t3 = performance.now(), c3 = cpuNow();
      return { ...output(), exitCode, error, loadMs: t1 - t0, instMs: t2 - t1, runMs: t3 - t2, cpuMs: c3 - c2 };
    },
  };
  return engine;
}

/** Every engine, in table order; `optional` ones run only when asked for. */
export function allEngines() {
  return [
    { engine: nodeEngine(), optional: false },
    { engine: polywasmEngine(), optional: false },
    { engine: wamrEngine('wamr-classic', 'wasm', 'classic'), optional: false },
    { engine: wamrEngine('wamr-classic-js', 'js', 'classic'), optional: true },
    { engine: wamrEngine('wamr-fast', 'wasm', 'fast'), optional: false },
    { engine: wamrEngine('wamr-fast-nofuel', 'wasm', 'fast', 'nometering'), optional: true },
    { engine: wamrEngine('wamr-fast-aot', 'wasm', 'fast', 'aot'), optional: false },
    { engine: wamrEngine('aot-bytecode', 'wasm', 'fast', 'aotfile'), optional: false },
    { engine: wamrEngine('aot-bytecode-aot-only', 'wasm', 'fast', 'aotfile-aot-only'), optional: true },
    { engine: aotJsEngine(), optional: false },
    { engine: aotJsEngine('aot-js-plain', true, 'plain'), optional: false },
    { engine: aotJsEngine('aot-js-nofuel', false), optional: true },
  ];
}

/** Engines considered and left out, with the reason (see bench/README.md). */
export const NOT_INCLUDED = [
  ['wabt wasm-interp (Debian wabt 1.0.32)', 'built without WASI support ("wasi support not compiled in")'],
  ['webassemblyjs 1.14.1 (npm)', 'rejects valid clang output (type errors in printf_core) and lacks bulk memory (memory.copy)'],
  ['wasm-polyfill.js 0.2.0 (npm)', 'no bulk memory / DataCount section; C programs print wrong output (printf %ld empty)'],
  ['@wasmer/wasi, @bjorn3/browser_wasi_shim (npm)', 'WASI libraries only: they run on Node\'s own WebAssembly (the `node` engine)'],
];
