/**
 * wamrc-ts's compiler: a validated .wasm → an .aot file.
 *
 *   const b = await loadBinaryen();             // once per process (0.5 s, 70 MB)
 *   const { aot, stats } = compileWasm(b, wasmBytes, { optLevel: 2 });
 *
 * The module structure (types, imports, tables, memories, globals, exports,
 * segments) comes from our own reader (wasm-parse.ts); Binaryen reads the
 * function bodies, optimizes them (every function is pinned with an export
 * first, so indices and signatures survive), and codegen-js.ts lowers its
 * IR to JavaScript. Every Binaryen module is disposed.
 * The input must already be valid (the CLI and the spec engine validate it
 * with the wamr-ts core, which gives the spec's messages).
 */
import type binaryenNs from "binaryen";
import { FEATURES, FORMAT_VERSION, MAGIC, TARGETS, writeAot, type TargetName } from "./format.js";
import { parseWasm } from "./wasm-parse.js";
import { generateJs, type NameMaps } from "./codegen-js.js";
import { asmEligible, flattenForAsm, generateAsm } from "./codegen-asm.js";
import { compileBytecode } from "./compile-bytecode.js";
import { inlineRecursion } from "./inline-recursion.js";

type B = typeof binaryenNs;

export interface CompileOptions {
  /** Binaryen optimization level, 0-3 (wamrc's --opt-level; default 3 as wamrc). */
  optLevel?: number;
  /** Binaryen shrink level, 0-2 (wamrc's --size-level; default 0). */
  sizeLevel?: number;
  target?: TargetName;
  /**
   * i64 representation in the js target: "pairs" (default: two int32 halves, the high one in its
   * own variable; runs on every host, and on V8 faster than BigInt) or "bigint" (JS BigInt).
   */
  i64?: "bigint" | "pairs";
  /** js target: instruction metering and call-depth counting in the code (default true; codegen-js.ts "metering"). */
  metering?: boolean;
  /** With metering: call-depth counting too (default true; the module manager's stack limit needs it). */
  callDepth?: boolean;
  /**
   * js target: "auto" (default: the plain flavor, and beside it the asm.js flavor where the module
   * allows it; the loader, by default, runs asm.js where the host validates it and plain
   * elsewhere), "plain" (codegen-js.ts's JavaScript only, exact on every host: the smaller file,
   * and no asm.js validation at the first instantiation), or "asmjs" (only
   * asm.js code, codegen-asm.ts: V8 validates it and compiles it with its WebAssembly tiers;
   * other hosts run it as JavaScript; an error when the module cannot take it, asmEligible says
   * why). asm.js needs --i64=pairs.
   */
  flavor?: "auto" | "asmjs" | "plain";
  /** Signs the file (aot/sign.ts `signer`). */
  sign?: (data: Uint8Array) => { keyId: Uint8Array; signature: Uint8Array };
  /** The bytecode target: a Runtime (fast interpreter, core with AOT_LOADER) whose translator makes the code. */
  runtime?: import("../core/runtime.js").Runtime;
}

export interface CompileStats {
  inBytes: number; outBytes: number; codeBytes: number; functions: number; ms: number; features: string[];
  /** js target: the flavors in the file (both: the loader picks), and why not asm.js when only plain. */
  flavor?: "asmjs" | "plain" | "both"; plainBecause?: string;
}

let binaryenPromise: Promise<B> | undefined;
/** Binaryen (ESM, loaded once per process). */
export function loadBinaryen(): Promise<B> {
  binaryenPromise ??= import("binaryen").then((m) => (m as any).default as B);
  return binaryenPromise;
}

function cName(b: B, p: number): string {
  let s = "";
  for (let i = 0; p && i < 4096; i++) {
    const c = (b as any).__i32_load8_u(p + i);
    if (!c) break;
    s += String.fromCharCode(c);
  }
  return decodeURIComponent(escape(s));
}

/**
 * Our parse of `bytes` (module structure) and Binaryen's (the code), with the
 * features wamr-ts implements. Binaryen drops declarative element segments
 * (and then cannot read a table.init naming one): it is shown them as passive
 * ones; `st.declarativeFlags` (when set) lists where their flags bytes are.
 */
export function readForBinaryen(b: B, bytes: Uint8Array): { st: ReturnType<typeof parseWasm>; mod: binaryenNs.Module } {
  const st = parseWasm(bytes);
  let forBinaryen = bytes;
  if (st.declarativeFlags) {
    forBinaryen = bytes.slice();
    for (const at of st.declarativeFlags) forBinaryen[at] &= ~2;
  }
  const mod = b.readBinary(forBinaryen);
  mod.setFeatures(b.Features.MVP | b.Features.MutableGlobals | b.Features.NontrappingFPToInt | b.Features.SignExt |
    b.Features.BulkMemory | (b.Features as any).BulkMemoryOpt | b.Features.Multivalue | b.Features.ReferenceTypes);
  return { st, mod };
}

/**
 * Binaryen's passes at wamrc's levels, keeping the spec's semantics (every trap, memory contents,
 * data segment numbering), then, at --opt-level 2 and above with --size-level 0, recursive
 * inlining (inline-recursion.ts: small loop-free self-recursive functions make about half the calls).
 */
export function optimize(b: B, mod: binaryenNs.Module, optLevel: number, sizeLevel: number): void {
  b.setOptimizeLevel(optLevel);
  b.setShrinkLevel(sizeLevel);
  b.setTrapsNeverHappen(false);
  b.setLowMemoryUnused(false);
  b.setZeroFilledMemory(false);
  b.setFastMath(false);
  b.setClosedWorld(false);
  // memory-packing splits and renumbers data segments; ours are the module's.
  if (!b.hasPassToSkip("memory-packing")) b.addPassToSkip("memory-packing");
  mod.optimize();
  if (optLevel >= 2 && sizeLevel === 0) inlineRecursion(b, mod);
}

export function compileWasm(b: B, bytes: Uint8Array, options: CompileOptions = {}): { aot: Uint8Array; stats: CompileStats } {
  const t0 = performance.now();
  const target = options.target ?? "js";
  if (target === "bytecode") return compileBytecode(b, bytes, options);
  if (target !== "js") throw new Error(`wamrc-ts: unknown target "${target}"`);
  const i64 = options.i64 ?? "pairs";
  if (i64 !== "bigint" && i64 !== "pairs") throw new Error(`wamrc-ts: unknown i64 mode "${i64}" (bigint or pairs)`);
  const optLevel = options.optLevel ?? 3;
  const sizeLevel = options.sizeLevel ?? 0;
  const { st, mod } = readForBinaryen(b, bytes);
  delete st.declarativeFlags; // ours stay declarative (dropped at instantiation)
  delete st.elementFlagsAt;
  try {
    const aliases = new Map<number, string>();
    const names: NameMaps = { funcs: new Map(), globals: new Map(), tables: new Map(), data: new Map(), elems: new Map() };
    const nImportedFuncs = st.imports.filter((i) => i.kind === 0).length;
    const nf = mod.getNumFunctions();
    for (let i = 0; i < nf; i++) {
      const name = b.getFunctionInfo(mod.getFunctionByIndex(i)).name;
      names.funcs.set(name, i);
      // Pin every function (no signature changes, no removal) so indices stay the module's.
      if (i >= nImportedFuncs) mod.addFunctionExport(name, `aot$pin$${i}`);
    }
    for (let i = 0; i < mod.getNumGlobals(); i++) names.globals.set(b.getGlobalInfo(mod.getGlobalByIndex(i)).name, i);
    // Binaryen's directize reads table contents from segments but misses `global.get` items: then the table is pinned.
    const opaqueItems = st.elements.some((e) => e.items.some((x) => x.op === 4));
    for (let i = 0; i < mod.getNumTables(); i++) {
      const t = b.getTableInfo(mod.getTableByIndex(i));
      names.tables.set(t.name, i);
      if (opaqueItems && !t.module) mod.addTableExport(t.name, `aot$pint$${i}`);
    }
    const nd = (mod as any).getNumDataSegments();
    for (let i = 0; i < nd; i++) names.data.set(cName(b, (b as any)._BinaryenDataSegmentGetName(mod.getDataSegmentByIndex(i))), i);
    const ne = mod.getNumElementSegments();
    for (let i = 0; i < ne; i++) names.elems.set(cName(b, (b as any)._BinaryenElementSegmentGetName(mod.getElementSegmentByIndex(i))), i);
    if (nf !== nImportedFuncs + st.functions.length || nd !== st.data.length || ne !== st.elements.length) {
      throw new Error(`wamrc-ts: internal error: Binaryen's view of the module differs from ours (functions ${nf}, data ${nd}, elements ${ne})`);
    }
    if (optLevel > 0) {
      optimize(b, mod, optLevel, sizeLevel);
      // Passes may merge functions (an export then names the survivor): map every index to its code.
      for (let i = nImportedFuncs; i < nf; i++) {
        const survivor = b.getExportInfo(mod.getExport(`aot$pin$${i}`)).value;
        aliases.set(i, survivor);
      }
    }
    const flavor = options.flavor ?? "auto";
    if (flavor !== "auto" && flavor !== "asmjs" && flavor !== "plain") throw new Error(`wamrc-ts: unknown js flavor "${flavor}" (auto, asmjs or plain)`);
    const notAsm = i64 !== "pairs" ? null : asmEligible(b, mod, st);
    const plainBecause: string | undefined = flavor === "plain" ? "--js-flavor=plain" : i64 !== "pairs" ? "asm.js needs --i64=pairs" : notAsm ? `the module ${notAsm}` : undefined;
    if (flavor === "asmjs" && plainBecause) throw new Error(`cannot compile to asm.js (--js-flavor=asmjs): ${plainBecause}`);
    // auto: the plain flavor always, and the asm.js flavor beside it where the module allows it (the loader picks).
    const plain = flavor === "asmjs" ? undefined : generateJs(b, mod, st, names, aliases, { i64, metering: options.metering, callDepth: options.callDepth });
    let asm: ReturnType<typeof generateAsm> | undefined;
    if (!plainBecause) {
      flattenForAsm(b, mod); // after the plain flavor: it changes the IR
      asm = generateAsm(b, mod, st, names, aliases, { metering: options.metering, callDepth: options.callDepth });
    }
    const source = plain?.source ?? "", asmSource = asm?.source ?? "";
    const features = { bulk: false, ref: false, multi: false };
    for (const g of [plain, asm]) if (g) for (const k of ["bulk", "ref", "multi"] as const) features[k] ||= g.features[k];
    let bits = 0;
    const body = source.slice(source.indexOf("\nfunction f")) + asmSource;
    const usesI64 = st.types.some((t) => t.params.includes(0x7e) || t.results.includes(0x7e)) || st.globals.some((g) => g.valType === 0x7e) ||
      st.imports.some((imp) => imp.kind === 3 && imp.desc.valType === 0x7e);
    if (i64 === "pairs") {
      // The point of pairs: code a host without BigInt can run.
      if (/BigInt|\d+n\b/.test(body)) throw new Error("wamrc-ts: internal error: --i64=pairs code uses BigInt");
      bits |= FEATURES["i64-pairs"];
    } else if (/BigInt|\d+n\b/.test(body) || usesI64) bits |= FEATURES.bigint;
    if (features.bulk || st.data.some((d) => d.mode === 1) || st.elements.some((e) => e.mode === 1)) bits |= FEATURES["bulk-memory"];
    if (features.ref || st.tables.length + st.imports.filter((i) => i.kind === 1).length > 1 || st.types.some((t) => t.params.includes(0x6f) || t.results.includes(0x6f))) bits |= FEATURES["reference-types"];
    if (features.multi || st.types.some((t) => t.results.length > 1)) bits |= FEATURES["multi-value"];
    const aot = writeAot({
      header: { magic: (MAGIC[0] | (MAGIC[1] << 8) | (MAGIC[2] << 16) | (MAGIC[3] << 24)) >>> 0, version: FORMAT_VERSION, target: TARGETS[target], reserved0: 0, reserved1: 0, reserved2: 0, features: bits },
      ...st,
      code: { functions: st.functions.length, source, asmSource, payload: new Uint8Array(0) },
    }, options.sign);
    return {
      aot,
      stats: {
        inBytes: bytes.length, outBytes: aot.length, codeBytes: source.length + asmSource.length, functions: st.functions.length,
        ms: performance.now() - t0, features: Object.keys(FEATURES).filter((k) => bits & FEATURES[k as keyof typeof FEATURES]),
        flavor: !asm ? "plain" : plain ? "both" : "asmjs", plainBecause,
      },
    };
  } finally {
    mod.dispose();
  }
}
