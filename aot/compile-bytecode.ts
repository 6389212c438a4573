/**
 * wamrc-ts's `bytecode` target: a .wasm → an .aot file holding the fast
 * interpreter's code, already translated (docs/aot-format.md, "Bytecode payload").
 *
 * Binaryen optimizes the module at the chosen levels (compile.ts `optimize`, with
 * recursive inlining; then aot/bytecode-passes.ts `bytecodePasses`, shared with the bench) and
 * emits it again; its data segments are joined where exact
 * (aot/data-merge.ts); the wamr-ts core given as `options.runtime` (fast
 * interpreter, a build with AOT_LOADER) loads that (decode, validate,
 * translate: the load-time translator at BYTECODE_TRANSLATE_OPT, its AoT level) and serializes the module
 * with its code (`wt_aot_serialize`, core/assembly/aot-bytecode.ts). The
 * payload is put into the .aot container's code section; the container's
 * module sections stay empty.
 */
import type binaryenNs from "binaryen";
import { FORMAT_VERSION, MAGIC, TARGETS, writeAot } from "./format.js";
import { parseWasm } from "./wasm-parse.js";
import { optimize, readForBinaryen, type CompileOptions, type CompileStats } from "./compile.js";
import type { Runtime } from "../core/runtime.js";
import { BYTECODE_TRANSLATE_OPT, bytecodePasses } from "./bytecode-passes.js";
import { mergeDataSegments } from "./data-merge.js";

type B = typeof binaryenNs;

/** Binaryen was shown declarative element segments as passive ones (compile.ts readForBinaryen): make them declarative again (dropped at instantiation). */
function redeclare(st: ReturnType<typeof parseWasm>, out: Uint8Array): Uint8Array {
  if (!st.declarativeFlags) return out;
  const at = parseWasm(out).elementFlagsAt ?? [];
  if (at.length !== st.elements.length) throw new Error(`wamrc-ts: internal error: Binaryen changed the element segments (${st.elements.length} -> ${at.length})`);
  st.elements.forEach((e, i) => { if (e.mode === 2) out[at[i]] |= 3; });
  return out;
}

/** Passes that would remove unused imports, which the spec links (and then refuses when they do not match). */
const KEEP_INTERFACE = ["remove-unused-module-elements", "remove-unused-nonfunction-module-elements"];

/** The optimized module as a binary (names kept for backtraces). */
export function optimizeWasm(b: B, bytes: Uint8Array, optLevel: number, sizeLevel: number): Uint8Array {
  if (optLevel === 0) return bytes;
  const { st, mod } = readForBinaryen(b, bytes);
  const debugInfo = b.getDebugInfo();
  try {
    // the module's interface stays the spec's: unused imports still link (and may fail to)
    for (const p of KEEP_INTERFACE) b.addPassToSkip(p);
    optimize(b, mod, optLevel, sizeLevel); // (with recursive inlining)
    const passes = bytecodePasses(optLevel, sizeLevel);
    if (passes.length) mod.runPasses(passes);
    b.setDebugInfo(true);
    return redeclare(st, mod.emitBinary());
  } finally {
    b.clearPassesToSkip();
    b.setDebugInfo(debugInfo);
    mod.dispose();
  }
}

/**
 * The bytecode payload of a wasm binary, made by `rt`'s core (which must use
 * the fast interpreter). Throws the core's WasmError when the module does not
 * load. With `trace`, also the fields the serializer wrote ("name kind" lines).
 */
export function serializeBytecode(rt: Runtime, wasm: Uint8Array, trace = false): { payload: Uint8Array; trace?: string } {
  if (rt.options.interpreter !== "fast") throw new Error("wamrc-ts: the bytecode target needs a runtime with the fast interpreter");
  const c = rt.core;
  if (!((c.wt_interpreters?.() ?? 0) & 4)) throw new Error("wamrc-ts: the bytecode target needs a core built with AOT_LOADER");
  // the serializer's exports: only in cores with the .wasm loader too (an aot-only core loads .aot files, it does not make them)
  if (!c.wt_aot_serialize || !c.wt_aot_serialized_len || !c.wt_aot_trace || !c.wt_module_uses_data_indices) throw new Error("wamrc-ts: the bytecode target needs a core built with WASM_LOADER (this core only loads .aot files)");
  // the translator at the bytecode target's level, whatever the runtime's own setting
  c.wt_set_translate_opt?.(BYTECODE_TRANSLATE_OPT);
  let m;
  try {
    m = rt.load(wasm);
    // its many small data segments joined where exact (aot/data-merge.ts): fewer records for the
    // device to load; not when code names a segment by index (memory.init, data.drop)
    const merged = mergeDataSegments(wasm);
    if (merged !== wasm && !c.wt_module_uses_data_indices(m.handle)) {
      c.wt_module_free(m.handle);
      m = rt.load(merged);
    }
  } finally {
    c.wt_set_translate_opt?.(rt.options.translateOpt);
  }
  try {
    const ptr = c.wt_aot_serialize(m.handle, trace ? 1 : 0);
    const payload = new Uint8Array(c.memory.buffer, ptr, c.wt_aot_serialized_len()).slice();
    c.wt_free(ptr);
    return { payload, trace: trace ? rt.str(c.wt_aot_trace()) : undefined };
  } finally {
    c.wt_module_free(m.handle);
  }
}

export function compileBytecode(b: B, bytes: Uint8Array, options: CompileOptions): { aot: Uint8Array; stats: CompileStats } {
  const t0 = performance.now();
  const rt = options.runtime;
  if (!rt) throw new Error("wamrc-ts: the bytecode target needs options.runtime (a Runtime with the fast interpreter)");
  const optimized = optimizeWasm(b, bytes, options.optLevel ?? 3, options.sizeLevel ?? 0);
  const { payload } = serializeBytecode(rt, optimized);
  const functions = parseWasm(optimized).functions.length;
  const aot = writeAot({
    header: { magic: (MAGIC[0] | (MAGIC[1] << 8) | (MAGIC[2] << 16) | (MAGIC[3] << 24)) >>> 0, version: FORMAT_VERSION, target: TARGETS.bytecode, reserved0: 0, reserved1: 0, reserved2: 0, features: 0 },
    types: [], imports: [], functions: [], tables: [], memories: [], globals: [], exports: [], start: 0xffffffff, elements: [], data: [], names: [],
    code: { functions, source: "", asmSource: "", payload },
  }, options.sign);
  return { aot, stats: { inBytes: bytes.length, outBytes: aot.length, codeBytes: payload.length, functions, ms: performance.now() - t0, features: [] } };
}
