/**
 * Engine adapters for the spec runner.
 *
 * `createEngine(name, options)` returns `{ name, newContext() }`. The runner
 * takes a fresh context per .wast file (a fresh store and `spectest` module,
 * as the spec's script semantics want). A context is:
 *
 *   spectest                 the `spectest` import module (print*, global_i32/i64 = 666,
 *                            global_f32/f64 = 666.6, table 10..20 funcref, memory 1..2)
 *   load(bytes) → module     decode + validate; throws on malformed/invalid (err.message)
 *   instantiate(module, imports) → instance
 *                            throws on a link error, or a trap in segment init / start
 *   exportsOf(instance)      the instance's exports as an object usable as an import
 *                            module (for `register`)
 *   invoke(instance, field, args, resultTypes) → values
 *                            call an exported function; args and results are runner
 *                            values (values.mjs: numbers as bit patterns, refs as JS
 *                            values); resultTypes are the types the script expects
 *   get(instance, field, type) → value
 *                            read an exported global
 *   classify(err) → "malformed" | "invalid" | "link" | "trap" | "exhaustion" | "other"
 *   distinguishesMalformed   true if classify tells malformed from invalid
 *
 * Engines: `node` (V8's WebAssembly, the reference), `classic` and `fast`
 * (wamr-ts through its host API, dist/core/runtime.js), `fast-opt` (the fast
 * interpreter with the translator's highest optimization level, the AoT-grade
 * translation: RuntimeOptions.translateOpt).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { floatBits } from "./values.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** An error of the runner itself (e.g. no such module or export): never a trap or a rejection. */
export class HarnessError extends Error {
  constructor(message) {
    super(message);
    this.name = "HarnessError";
  }
}

export const ENGINES = ["node", "classic", "fast", "fast-opt", "aot-js", "aot-js-pairs", "aot-js-asm", "aot-bytecode"];

/** Create the engine `name` ("node" | "classic" | "fast" ...); options: { core: "wasm" | "js", coreDir (a preset's build directory), stackSize }. */
export async function createEngine(name, options = {}) {
  switch (name) {
    case "node": return nodeEngine();
    case "classic": return wamrEngine("classic", options);
    case "fast": return wamrEngine("fast", options);
    case "fast-opt": return wamrEngine("fast-opt", options);
    case "aot-js": return aotJsEngine(options, "bigint");
    case "aot-js-pairs": return aotJsEngine(options, "pairs");
    case "aot-js-asm": return aotJsEngine(options, "pairs", "auto");
    case "aot-bytecode": return wamrEngine("fast", options, await aotBytecodeCompiler());
    default: throw new Error(`unknown engine "${name}" (expected one of ${ENGINES.join(", ")})`);
  }
}

// ---------------------------------------------------------------------------
// Shared helpers

const isStackOverflow = (e) => e instanceof RangeError && /call stack/i.test(e.message);

/** A runner value → the JS API's representation (i32 as signed number, i64 as signed bigint). */
function toJs(type, v) {
  switch (type) {
    case "i32": return Number(BigInt.asIntN(32, v.bits));
    case "i64": return BigInt.asIntN(64, v.bits);
    default: return v.ref;
  }
}

/** A JS API value of integer or reference type → a runner value. */
function fromJs(type, x) {
  switch (type) {
    case "i32": return { type, bits: BigInt(x >>> 0) };
    case "i64": return { type, bits: BigInt.asUintN(64, x) };
    case "f32":
    case "f64": return { type, bits: floatBits(type, x) };
    default: return { type, ref: x };
  }
}

// ---------------------------------------------------------------------------
// node: V8's WebAssembly

/**
 * The JS API converts f32/f64 through JS numbers, which loses NaN payloads
 * (and quiets signalling NaNs). So a function with float parameters or
 * results is called through a small wrapper module that imports it and
 * passes floats as their bit patterns (i32/i64, via reinterpret); a call
 * from wasm to an imported wasm function involves no JS conversion.
 */
const TYPE_CODE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, funcref: 0x70, externref: 0x6f };
const BITS_TYPE = { f32: "i32", f64: "i64" };

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const str = (s) => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const funcType = (params, results) => [0x60, ...vec(params.map((t) => [TYPE_CODE[t]])), ...vec(results.map((t) => [TYPE_CODE[t]]))];

/** Binary of the wrapper module for a function of type (params) → (results): imports m.f, exports w. */
function wrapperBinary(params, results) {
  const bitsOf = (t) => BITS_TYPE[t] ?? t;
  const body = [];
  params.forEach((t, i) => {
    body.push(0x20, ...uleb(i)); // local.get i
    if (t === "f32") body.push(0xbe); // f32.reinterpret_i32
    if (t === "f64") body.push(0xbf); // f64.reinterpret_i64
  });
  body.push(0x10, 0x00); // call 0 (the import)
  const base = params.length;
  for (let i = results.length - 1; i >= 0; i--) body.push(0x21, ...uleb(base + i)); // local.set
  results.forEach((t, i) => {
    body.push(0x20, ...uleb(base + i)); // local.get
    if (t === "f32") body.push(0xbc); // i32.reinterpret_f32
    if (t === "f64") body.push(0xbd); // i64.reinterpret_f64
  });
  body.push(0x0b);
  const locals = vec(results.map((t) => [1, TYPE_CODE[t]]));
  const code = [...locals, ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([funcType(params, results), funcType(params.map(bitsOf), results.map(bitsOf))])),
    ...section(2, vec([[...str("m"), ...str("f"), 0x00, 0x00]])),
    ...section(3, vec([[0x01]])),
    ...section(7, vec([[...str("w"), 0x00, 0x01]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

const wrapperModules = new Map();
const wrappers = new WeakMap(); // exported function → Map(signature → wrapper function)

function bitExactWrapper(fn, params, results) {
  const sig = `${params.join(",")}->${results.join(",")}`;
  let bySig = wrappers.get(fn);
  if (!bySig) wrappers.set(fn, (bySig = new Map()));
  let w = bySig.get(sig);
  if (!w) {
    let mod = wrapperModules.get(sig);
    if (!mod) wrapperModules.set(sig, (mod = new WebAssembly.Module(wrapperBinary(params, results))));
    try {
      w = new WebAssembly.Instance(mod, { m: { f: fn } }).exports.w;
    } catch (e) {
      // The function's real type differs from what the script passes/expects.
      throw new HarnessError(`signature (${sig}) does not match the export: ${e.message}`);
    }
    bySig.set(sig, w);
  }
  return w;
}

function nodeEngine() {
  return {
    name: "node",
    async newContext() {
      const noop = () => {};
      const spectest = {
        print: noop, print_i32: noop, print_i64: noop, print_f32: noop, print_f64: noop,
        print_i32_f32: noop, print_f64_f64: noop,
        global_i32: new WebAssembly.Global({ value: "i32" }, 666),
        global_i64: new WebAssembly.Global({ value: "i64" }, 666n),
        global_f32: new WebAssembly.Global({ value: "f32" }, 666.6),
        global_f64: new WebAssembly.Global({ value: "f64" }, 666.6),
        table: new WebAssembly.Table({ element: "anyfunc", initial: 10, maximum: 20 }),
        memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
      };
      return {
        spectest,
        distinguishesMalformed: false,
        load: (bytes) => new WebAssembly.Module(bytes),
        instantiate(module, imports) {
          try {
            return new WebAssembly.Instance(module, imports);
          } catch (e) {
            // The JS API reports a missing import module as a TypeError; it is a link error.
            if (e instanceof TypeError) throw new WebAssembly.LinkError(e.message);
            throw e;
          }
        },
        exportsOf: (instance) => instance.exports,
        invoke(instance, field, args, resultTypes) {
          const fn = instance.exports[field];
          if (typeof fn !== "function") throw new HarnessError(`no exported function "${field}"`);
          const params = args.map((a) => a.type);
          const floats = [...params, ...resultTypes].some((t) => t === "f32" || t === "f64");
          const callee = floats ? bitExactWrapper(fn, params, resultTypes) : fn;
          const jsArgs = args.map((a) => toJs(BITS_TYPE[a.type] ?? a.type, a));
          const r = callee(...jsArgs);
          const list = resultTypes.length === 0 ? [] : resultTypes.length === 1 ? [r] : [...r];
          return list.map((x, i) => {
            const t = resultTypes[i];
            const v = fromJs(BITS_TYPE[t] ?? t, x);
            return { ...v, type: t };
          });
        },
        get(instance, field, type) {
          const g = instance.exports[field];
          if (!(g instanceof WebAssembly.Global)) throw new HarnessError(`no exported global "${field}"`);
          return fromJs(type, g.value); // floats via JS numbers: NaN payloads may not survive
        },
        classify(e) {
          if (e instanceof HarnessError) return "other";
          if (e instanceof WebAssembly.CompileError) return "invalid";
          if (e instanceof WebAssembly.LinkError) return "link";
          if (e instanceof WebAssembly.RuntimeError) return "trap";
          if (isStackOverflow(e)) return "exhaustion";
          return "other";
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// classic / fast: wamr-ts through its host API (core/runtime.ts)

const RUNTIME_JS = join(root, "dist", "core", "runtime.js");

/**
 * aot-bytecode: every module compiled by wamrc-ts --target=bytecode
 * (aot/compile-bytecode.ts, at WAMRC_OPT_LEVEL, default 0) with the
 * runtime's own core, then loaded from the .aot file by the core's AoT
 * loader and run by the fast interpreter.
 */
async function aotBytecodeCompiler() {
  const { compileWasm, loadBinaryen } = await import(pathToFileURL(join(root, "dist", "aot", "compile.js")).href);
  const binaryen = await loadBinaryen();
  const optLevel = Number(process.env.WAMRC_OPT_LEVEL ?? 0);
  // `crt` compiles (the default core, when `rt` runs on a preset's core that may have no .wasm loader)
  return (rt, bytes, crt = rt) => {
    // validate first (the spec's messages); at -O0 compiling loads the module itself
    if (optLevel > 0) crt.core.wt_module_free(crt.load(bytes).handle);
    return rt.load(compileWasm(binaryen, bytes, { target: "bytecode", optLevel, runtime: crt }).aot);
  };
}

async function wamrEngine(interp, options, aotCompile) {
  if (!existsSync(RUNTIME_JS)) {
    throw new Error(`engine "${interp}": ${RUNTIME_JS} not found; build the runtime first (tsc and the core build)`);
  }
  const api = await import(pathToFileURL(RUNTIME_JS).href);
  if (typeof api.Runtime?.create !== "function") throw new Error(`engine "${interp}": ${RUNTIME_JS} exports no Runtime.create`);
  const runtimeOptions = {};
  if (options.core) runtimeOptions.core = options.core;
  if (options.stackSize) runtimeOptions.stackSize = options.stackSize;
  if (interp === "fast" || interp === "fast-opt") runtimeOptions.interpreter = "fast";
  // (a level above the core's highest is clamped to it)
  if (interp === "fast-opt") runtimeOptions.translateOpt = 1 << 30;
  // --core-dir: the core of a preset's build (core/node-core.ts); aot-bytecode compiles with the default core
  let compileOptions = null;
  if (options.coreDir) {
    const { nodeCoreLoader } = await import(pathToFileURL(join(root, "dist", "core", "node-core.js")).href);
    if (aotCompile) compileOptions = { ...runtimeOptions, core: "wasm" };
    runtimeOptions.loadCore = nodeCoreLoader({ build: options.core ?? "wasm", dir: options.coreDir });
  }

  return {
    name: aotCompile ? "aot-bytecode" : interp,
    async newContext() {
      let rt;
      try {
        rt = await api.Runtime.create(runtimeOptions);
      } catch (e) {
        throw new Error(`engine "${interp}": Runtime.create failed: ${e.message}`);
      }
      const crt = compileOptions ? await api.Runtime.create(compileOptions) : rt;
      if (runtimeOptions.interpreter === "fast" && rt.options?.interpreter !== "fast") {
        throw new Error(`engine "${interp}": the runtime does not support RuntimeOptions.interpreter = "fast" yet`);
      }
      if (interp === "fast-opt" && !(rt.options.translateOpt > 0)) throw new Error('engine "fast-opt": the core has no translation level above 0');
      const noop = () => {};
      const fn = (params) => rt.hostFunction({ params, results: [] }, noop);
      const spectest = {
        print: fn([]),
        print_i32: fn(["i32"]),
        print_i64: fn(["i64"]),
        print_f32: fn(["f32"]),
        print_f64: fn(["f64"]),
        print_i32_f32: fn(["i32", "f32"]),
        print_f64_f64: fn(["f64", "f64"]),
        global_i32: rt.newGlobal("i32", false, 666),
        global_i64: rt.newGlobal("i64", false, 666n),
        global_f32: rt.newGlobal("f32", false, 666.6),
        global_f64: rt.newGlobal("f64", false, 666.6),
        table: rt.newTable("funcref", 10, 20),
        memory: rt.newMemory(1, 2),
      };
      /** A raw 8-byte slot of type `t` → a runner value (i32/f32 live in the low 32 bits). */
      const fromRaw = (t, raw) => {
        switch (t) {
          case "i32":
          case "f32": return { type: t, bits: raw & 0xffffffffn };
          case "i64":
          case "f64": return { type: t, bits: BigInt.asUintN(64, raw) };
          default: return { type: t, ref: rt.refFromRaw(t, Number(raw & 0xffffffffn)) };
        }
      };
      return {
        spectest,
        runtime: rt,
        distinguishesMalformed: true,
        load: (bytes) => (aotCompile ? aotCompile(rt, bytes, crt) : rt.load(bytes)),
        instantiate: (module, imports) => rt.instantiate(module, imports),
        exportsOf: (instance) => instance.exports,
        invoke(instance, field, args) {
          const f = instance.exports[field];
          if (!f || typeof f.callRaw !== "function") throw new HarnessError(`no exported function "${field}"`);
          // callRaw keeps floats bit-exact; references go through the runtime's raw encoding.
          const raw = args.map((a) => ("bits" in a ? a.bits : BigInt(rt.refToRaw(a.type, a.ref))));
          const out = f.callRaw(raw);
          return f.type.results.map((t, i) => fromRaw(t, out[i]));
        },
        get(instance, field) {
          const g = instance.exports[field];
          if (!g || !("raw" in g) || !g.valueType) throw new HarnessError(`no exported global "${field}"`);
          const t = g.valueType;
          return t === "funcref" || t === "externref" ? { type: t, ref: g.value } : fromRaw(t, g.raw);
        },
        classify(e) {
          if (e instanceof HarnessError) return "other";
          if (e instanceof api.WasmError) {
            return ["malformed", "invalid", "link", "trap", "exhaustion"].includes(e.kind) ? e.kind : "other";
          }
          // Anything else (a RuntimeError or RangeError of the core itself, a TypeError
          // from the host API) is a runtime bug, never a guest trap or exhaustion.
          return "other";
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// aot-js: each module validated by the wamr-ts core (spec messages), compiled
// in-process by wamrc-ts (aot/compile.ts, one binaryen per worker, every
// Binaryen module disposed) and run by the .aot loader (aot/loader.ts).

/**
 * aot-js: every module compiled by wamrc-ts (i64 as BigInt, or with "pairs" as int32 halves:
 * aot-js-pairs). aot-js-asm: --i64=pairs --js-flavor=auto (both flavors; asm.js wherever the module allows it), loaded with the default jsFlavor "auto";
 * an asm.js module V8 did not validate fails the command that instantiated it.
 */
async function aotJsEngine(options, i64, flavor = "plain") {
  const AOT_LOADER = join(root, "dist", "aot", "loader.js");
  const AOT_COMPILE = join(root, "dist", "aot", "compile.js");
  if (!existsSync(AOT_LOADER) || !existsSync(RUNTIME_JS)) throw new Error(`engine "aot-js": ${AOT_LOADER} not found; build first`);
  const api = await import(pathToFileURL(RUNTIME_JS).href);
  const aot = await import(pathToFileURL(AOT_LOADER).href);
  const { compileWasm, loadBinaryen } = await import(pathToFileURL(AOT_COMPILE).href);
  const binaryen = await loadBinaryen();
  // WAMRC_OPT_LEVEL=0..3 (default 0) compiles every module at that Binaryen level.
  const optLevel = Number(process.env.WAMRC_OPT_LEVEL ?? 0);
  return {
    name: flavor !== "plain" ? "aot-js-asm" : i64 === "pairs" ? "aot-js-pairs" : "aot-js",
    async newContext() {
      const validator = await api.Runtime.create(options.core ? { core: options.core } : {});
      const rt = new aot.AotRuntime({ i64 }); // the default jsFlavor, "auto": a plain-only file runs plain
      const noop = () => {};
      const fn = (params) => rt.hostFunction({ params, results: [] }, noop);
      const spectest = {
        print: fn([]), print_i32: fn(["i32"]), print_i64: fn(["i64"]), print_f32: fn(["f32"]), print_f64: fn(["f64"]),
        print_i32_f32: fn(["i32", "f32"]), print_f64_f64: fn(["f64", "f64"]),
        global_i32: rt.newGlobal("i32", false, 666),
        global_i64: rt.newGlobal("i64", false, 666n),
        global_f32: rt.newGlobal("f32", false, 666.6),
        global_f64: rt.newGlobal("f64", false, 666.6),
        table: rt.newTable("funcref", 10, 20),
        memory: rt.newMemory(1, 2),
      };
      return {
        spectest,
        runtime: rt,
        distinguishesMalformed: true,
        load(bytes) {
          validator.load(bytes); // decode + validate: malformed/invalid with the spec's messages
          const { aot: file } = compileWasm(binaryen, bytes, { optLevel, i64, flavor });
          return rt.load(file);
        },
        instantiate(module, imports) {
          const instance = rt.instantiate(module, imports);
          if (instance.asmValidated === false) throw new HarnessError("V8 did not validate the asm.js code");
          return instance;
        },
        exportsOf: (instance) => instance.exports,
        invoke(instance, field, args) {
          const f = instance.exports[field];
          if (!f || typeof f.callRaw !== "function") throw new HarnessError(`no exported function "${field}"`);
          // callRaw: numbers as bits (NaN payloads kept), references as host values; either i64 mode.
          const out = f.callRaw(args.map((a) => ("bits" in a ? a.bits : a.ref)));
          return f.type.results.map((t, i) => (t === "funcref" || t === "externref" ? { type: t, ref: out[i] } : { type: t, bits: out[i] }));
        },
        get(instance, field) {
          const g = instance.exports[field];
          if (!g || !("v" in g) || !g.valueType) throw new HarnessError(`no exported global "${field}"`);
          return g.valueType === "funcref" || g.valueType === "externref" ? { type: g.valueType, ref: g.value } : { type: g.valueType, bits: g.raw };
        },
        classify(e) {
          if (e instanceof HarnessError) return "other";
          if (e instanceof api.WasmError) {
            return ["malformed", "invalid", "link", "trap", "exhaustion"].includes(e.kind) ? e.kind : "other";
          }
          return "other";
        },
      };
    },
  };
}
