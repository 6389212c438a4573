/**
 * Loader and runtime for .aot files of the `js` target (no binaryen, no
 * core.wasm): reads and checks the file (aot/format.ts), evaluates the code
 * once per module with `new Function`, and instantiates it per the spec
 * (imports linked as Runtime.instantiate links them: JS functions, exports
 * of other instances, registered WAMR natives; then globals, element and
 * data segments, start function).
 *
 *   const rt = new AotRuntime();
 *   const mod = rt.load(bytes);                 // WasmError "malformed" for a bad file
 *   const inst = rt.instantiate(mod, imports);  // as Runtime.instantiate
 *   inst.call("run", 1, 2n);                    // Trap on a trap
 *
 * The classes mirror core/runtime.ts (WasmFunction, WasmMemory, WasmTable,
 * WasmGlobal, Instance) so hosts and iwasm-ts use both alike.
 */
import { Trap, WasmError, parseSignature, signatureOf, type NativeSymbol, type ExecEnv } from "../core/runtime.js";
import type { FuncType, ImportDesc, ExportDesc, Imports, ValueType } from "../core/types.js";
import { readAot, isAot, AotFormatError, CONST_OP, NONE, ALL_FEATURES, FEATURES, type AotFile, type ConstExpr, type ReadOptions } from "./format.js";

export { isAot };

const VT: Record<number, ValueType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x70: "funcref", 0x6f: "externref" };
const LETTER: Record<ValueType, string> = { i32: "i", i64: "I", f32: "f", f64: "F", funcref: "r", externref: "e" };
const KINDS = ["func", "table", "memory", "global"] as const;
const PAGE = 65536;

const sigOf = (t: FuncType): string => `${t.params.map((p) => LETTER[p]).join("")}:${t.results.map((r) => LETTER[r]).join("")}`;

// ---------------------------------------------------------------------------
// Helpers the generated code calls (env.rt)

const scratch = new ArrayBuffer(8);
const sI32 = new Int32Array(scratch);
const sF32 = new Float32Array(scratch);
const sF64 = new Float64Array(scratch);
const sI64 = typeof BigInt64Array === "function" ? new BigInt64Array(scratch) : null;

/** Function names of each evaluated code, by the id in its sourceURL (`wamr-aot-<id>`). */
const codeNames: ((string | undefined)[] | undefined)[] = [];
function backtrace(stack: string | undefined): string[] {
  const out: string[] = [];
  if (!stack) return out;
  for (const line of stack.split("\n")) {
    const m = /^\s*at (?:Object\.)?f(\d+) \(wamr-aot-(\d+):/.exec(line);
    if (m) out.push(codeNames[+m[2]]?.[+m[1]] ?? `$f${m[1]}`);
  }
  return out;
}

function trap(msg: string): never {
  throw new Trap("trap", msg, backtrace(new Error().stack));
}

function ctz32(x: number): number { return x === 0 ? 32 : 31 - Math.clz32(x & -x); }
function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
const I64_MIN = -(2n ** 63n);

function f32_from(i: number): number {
  sI32[0] = i;
  const v = sF32[0];
  if (v === v) return v;
  // A NaN: keep its payload in the top mantissa bits of an f64 NaN (Float32Array would quiet it).
  sI32[1] = (i & 0x80000000) | 0x7ff00000 | ((i & 0x7fffff) >>> 3);
  sI32[0] = (i & 7) << 29;
  return sF64[0];
}
function f32_bits(v: number): number {
  if (v === v) { sF32[0] = v; return sI32[0]; }
  sF64[0] = v;
  const hi = sI32[1], lo = sI32[0];
  const mant = ((hi & 0xfffff) << 3) | (lo >>> 29);
  return (hi & 0x80000000) | 0x7f800000 | (mant || 0x400000);
}
function f64_from(x: bigint): number { sI64![0] = x; return sF64[0]; }
function f64_bits(v: number): bigint { sF64[0] = v; return sI64![0]; }

function i64_f32(x: bigint): number {
  if (x >= -(2n ** 53n) && x <= 2n ** 53n) return Math.fround(Number(x));
  const neg = x < 0n;
  const m = neg ? -x : x;
  const bl = m.toString(2).length;
  const s = BigInt(bl - 26);
  let hi = m >> s;
  if (m & ((1n << s) - 1n)) hi |= 1n;
  const r = Math.fround(Number(hi) * 2 ** (bl - 26));
  return neg ? -r : r;
}

const tableOob = (): never => trap("out of bounds table access");

/** The runtime helpers of generated code; names match codegen-js.ts (without `$`). */
export const RT = {
  trap,
  oob: (): never => trap("out of bounds memory access"),
  empty: new Uint8Array(0),
  f32_from, f32_bits, f64_from, f64_bits,
  quiet: (x: number): number => (x === x ? x : NaN),
  nearest(x: number): number {
    if (!Number.isFinite(x) || x === 0) return x;
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  copysign(a: number, b: number): number {
    sF64[0] = b;
    const sb = sI32[1] & 0x80000000;
    sF64[0] = a;
    sI32[1] = (sI32[1] & 0x7fffffff) | sb;
    return sF64[0];
  },
  ctz32, popcnt32,
  rotl32: (x: number, n: number): number => { n &= 31; return (x << n) | (x >>> (32 - n)); },
  rotr32: (x: number, n: number): number => { n &= 31; return (x >>> n) | (x << (32 - n)); },
  div_s32(a: number, b: number): number {
    if (b === 0) trap("integer divide by zero");
    if (a === -2147483648 && b === -1) trap("integer overflow");
    return (a / b) | 0;
  },
  div_u32(a: number, b: number): number { if (b === 0) trap("integer divide by zero"); return ((a >>> 0) / (b >>> 0)) | 0; },
  rem_s32(a: number, b: number): number { if (b === 0) trap("integer divide by zero"); return (a % b) | 0; },
  rem_u32(a: number, b: number): number { if (b === 0) trap("integer divide by zero"); return ((a >>> 0) % (b >>> 0)) | 0; },
  div_s64(a: bigint, b: bigint): bigint {
    if (b === 0n) trap("integer divide by zero");
    if (a === I64_MIN && b === -1n) trap("integer overflow");
    return a / b;
  },
  div_u64(a: bigint, b: bigint): bigint { if (b === 0n) trap("integer divide by zero"); return BigInt.asIntN(64, BigInt.asUintN(64, a) / BigInt.asUintN(64, b)); },
  rem_s64(a: bigint, b: bigint): bigint { if (b === 0n) trap("integer divide by zero"); return a % b; },
  rem_u64(a: bigint, b: bigint): bigint { if (b === 0n) trap("integer divide by zero"); return BigInt.asIntN(64, BigInt.asUintN(64, a) % BigInt.asUintN(64, b)); },
  clz64(x: bigint): bigint {
    const hi = Number(BigInt.asUintN(64, x) >> 32n);
    return BigInt(hi ? Math.clz32(hi) : 32 + Math.clz32(Number(x & 0xffffffffn)));
  },
  ctz64(x: bigint): bigint {
    const lo = Number(x & 0xffffffffn) | 0;
    return BigInt(lo ? ctz32(lo) : 32 + ctz32(Number((x >> 32n) & 0xffffffffn) | 0));
  },
  popcnt64: (x: bigint): bigint => BigInt(popcnt32(Number(x & 0xffffffffn) | 0) + popcnt32(Number((x >> 32n) & 0xffffffffn) | 0)),
  rotl64(x: bigint, n: bigint): bigint { n &= 63n; const u = BigInt.asUintN(64, x); return BigInt.asIntN(64, (u << n) | (u >> ((64n - n) & 63n))); },
  rotr64(x: bigint, n: bigint): bigint { n &= 63n; const u = BigInt.asUintN(64, x); return BigInt.asIntN(64, (u >> n) | (u << ((64n - n) & 63n))); },
  trunc_s32(x: number): number {
    if (x !== x) trap("invalid conversion to integer");
    if (x <= -2147483649 || x >= 2147483648) trap("integer overflow");
    return x | 0;
  },
  trunc_u32(x: number): number {
    if (x !== x) trap("invalid conversion to integer");
    if (x <= -1 || x >= 4294967296) trap("integer overflow");
    return x | 0;
  },
  sat_s32: (x: number): number => (x !== x ? 0 : x <= -2147483648 ? -2147483648 : x >= 2147483647 ? 2147483647 : x | 0),
  sat_u32: (x: number): number => (x !== x || x <= 0 ? 0 : x >= 4294967295 ? -1 : x | 0),
  trunc_s64(x: number): bigint {
    if (x !== x) trap("invalid conversion to integer");
    if (x < -9223372036854775808 || x >= 9223372036854775808) trap("integer overflow");
    return BigInt(Math.trunc(x));
  },
  trunc_u64(x: number): bigint {
    if (x !== x) trap("invalid conversion to integer");
    if (x <= -1 || x >= 18446744073709551616) trap("integer overflow");
    return BigInt.asIntN(64, BigInt(Math.trunc(x)));
  },
  sat_s64: (x: number): bigint => (x !== x ? 0n : x < -9223372036854775808 ? I64_MIN : x >= 9223372036854775808 ? 2n ** 63n - 1n : BigInt(Math.trunc(x))),
  sat_u64: (x: number): bigint => (x !== x || x <= 0 ? 0n : x >= 18446744073709551616 ? -1n : BigInt.asIntN(64, BigInt(Math.trunc(x)))),
  i64_f32,
  u64_f32: (x: bigint): number => i64_f32(BigInt.asUintN(64, x)),
  tget(t: AotTable, i: number): any { i >>>= 0; if (i >= t.e.length) tableOob(); return t.e[i]; },
  tset(t: AotTable, i: number, v: any): void { i >>>= 0; if (i >= t.e.length) tableOob(); t.e[i] = v; },
  tfill(t: AotTable, d: number, v: any, n: number): void {
    d >>>= 0; n >>>= 0;
    if (d + n > t.e.length) tableOob();
    t.e.fill(v, d, d + n);
  },
  tcopy(td: AotTable, ts: AotTable, d: number, s: number, n: number): void {
    d >>>= 0; s >>>= 0; n >>>= 0;
    if (d + n > td.e.length || s + n > ts.e.length) tableOob();
    if (td === ts) td.e.copyWithin(d, s, s + n);
    else for (let k = 0; k < n; k++) td.e[d + k] = ts.e[s + k];
  },
  tinit(t: AotTable, seg: any[] | null, d: number, s: number, n: number): void {
    const items = seg ?? [];
    d >>>= 0; s >>>= 0; n >>>= 0;
    if (s + n > items.length || d + n > t.e.length) tableOob();
    for (let k = 0; k < n; k++) t.e[d + k] = items[s + k];
  },
};

// ---------------------------------------------------------------------------
// Values between the host and the code

/** Host value → the code's representation. */
function toCode(t: ValueType, v: any): any {
  switch (t) {
    case "i32": return Number(v) | 0;
    case "i64":
      if (typeof v === "bigint") return BigInt.asIntN(64, v);
      if (v && typeof v === "object" && typeof v.lo === "number") return BigInt.asIntN(64, (BigInt(v.hi | 0) << 32n) | BigInt(v.lo >>> 0));
      return BigInt.asIntN(64, BigInt(Math.trunc(Number(v))));
    case "f32": return Math.fround(Number(v));
    case "f64": return Number(v);
    case "funcref":
      if (v === null || v === undefined) return null;
      if (v instanceof AotFunction) return v.raw;
      throw new TypeError("funcref must be an AotFunction or null");
    default: return v === undefined ? null : v;
  }
}

/** The code's representation → host value. */
function fromCode(rt: AotRuntime, t: ValueType, v: any): any {
  if (t === "funcref") return v === null ? null : rt.wrap(v);
  return v;
}

/** Raw bits (as WasmFunction.callRaw takes them) → the code's representation. */
export function fromBits(t: ValueType, bits: bigint): any {
  switch (t) {
    case "i32": return Number(BigInt.asIntN(32, bits));
    case "i64": return BigInt.asIntN(64, bits);
    case "f32": return f32_from(Number(BigInt.asIntN(32, bits)));
    case "f64": return f64_from(BigInt.asIntN(64, bits));
  }
  throw new TypeError(`no bits for ${t}`);
}

/** The code's representation → raw bits (unsigned). */
export function toBits(t: ValueType, v: any): bigint {
  switch (t) {
    case "i32": return BigInt(v >>> 0);
    case "i64": return BigInt.asUintN(64, v);
    case "f32": return BigInt(f32_bits(v) >>> 0);
    case "f64": return BigInt.asUintN(64, f64_bits(v));
  }
  throw new TypeError(`no bits for ${t}`);
}

/**
 * An empty array that keeps numbers boxed: V8 canonicalizes NaNs stored in
 * arrays of doubles, which would lose NaN payloads on the way to the code.
 */
export function valueArray(): any[] {
  const a: any[] = [null];
  a.pop();
  return a;
}

const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

// ---------------------------------------------------------------------------
// Externs

/** A function: exported by an instance, or a host function. `raw` is what the code calls. */
export class AotFunction {
  constructor(readonly runtime: AotRuntime, readonly raw: any, readonly type: FuncType, readonly name: string) {}
  /** Call with host values; returns undefined, one value, or an array. Throws Trap, or a host function's exception. */
  call(...args: any[]): any {
    const { params, results } = this.type;
    if (args.length !== params.length) throw new TypeError(`${this.name}: expected ${params.length} arguments, got ${args.length}`);
    const vals = valueArray();
    for (let i = 0; i < params.length; i++) vals.push(toCode(params[i], args[i]));
    const r = this.callCode(vals);
    if (results.length === 0) return undefined;
    if (results.length === 1) return fromCode(this.runtime, results[0], r);
    return results.map((t, i) => fromCode(this.runtime, t, r[i]));
  }
  /** Call with values in the code's representation; returns the raw result (an array for several). */
  callCode(args: any[]): any {
    try {
      return this.raw(...args);
    } catch (e) {
      if (isStackOverflow(e)) throw new Trap("exhaustion", "call stack exhausted", []);
      throw e;
    }
  }
  /** Call with raw 8-byte slots (bit-exact, as WasmFunction.callRaw; numeric types only). */
  callRaw(args: bigint[]): bigint[] {
    const { params, results } = this.type;
    const vals = valueArray();
    for (let i = 0; i < params.length; i++) vals.push(fromBits(params[i], args[i]));
    const r = this.callCode(vals);
    const list = results.length === 1 ? [r] : results.length === 0 ? [] : r;
    return results.map((t, i) => toBits(t, list[i]));
  }
}

/** A linear memory. `ab` is the current ArrayBuffer (replaced on grow; the code refreshes its views). */
export class AotMemory {
  ab: ArrayBuffer;
  private listeners: (() => void)[] = [];
  constructor(readonly runtime: AotRuntime, pages: number, readonly max: number | undefined) {
    this.ab = new ArrayBuffer(pages * PAGE);
  }
  get pages(): number { return this.ab.byteLength / PAGE; }
  get size(): number { return this.ab.byteLength; }
  buffer(): Uint8Array { return new Uint8Array(this.ab); }
  /** @internal the code registers its view refresh here */
  onGrow(f: () => void): void { this.listeners.push(f); }
  grow(delta: number): number {
    const old = this.pages;
    const limit = Math.min(this.max ?? 65536, this.runtime.maxMemoryPages);
    if (delta > limit - old) return -1;
    if (delta === 0) return old;
    let ab: ArrayBuffer;
    try { ab = new ArrayBuffer((old + delta) * PAGE); } catch { return -1; }
    new Uint8Array(ab).set(new Uint8Array(this.ab));
    this.ab = ab;
    for (const f of this.listeners) f();
    return old;
  }
  get typeString(): string { return `${this.pages} ${this.max ?? -1}`; }
}

/** A table; `e` holds the elements in the code's representation. */
export class AotTable {
  e: any[];
  constructor(readonly runtime: AotRuntime, readonly elemType: "funcref" | "externref", initial: number, readonly max: number | undefined, init: any = null) {
    this.e = new Array(initial).fill(init);
  }
  get size(): number { return this.e.length; }
  get(i: number): any {
    if (i >>> 0 >= this.e.length) throw new RangeError("table index out of bounds");
    return fromCode(this.runtime, this.elemType, this.e[i >>> 0]);
  }
  set(i: number, v: any): void {
    if (i >>> 0 >= this.e.length) throw new RangeError("table index out of bounds");
    this.e[i >>> 0] = toCode(this.elemType, v);
  }
  /** Grow by `delta` (code representation for `init` from the code; host values through growHost). */
  grow(delta: number, init: any = null): number {
    const old = this.e.length;
    const limit = Math.min(this.max ?? 0xffffffff, this.runtime.maxTableSize);
    if (delta > limit - old) return -1;
    for (let k = 0; k < delta; k++) this.e.push(init);
    return old;
  }
}

/** A global; `v` holds the value in the code's representation. */
export class AotGlobal {
  v: any;
  constructor(readonly runtime: AotRuntime, readonly valueType: ValueType, readonly mutable: boolean, v: any) { this.v = v; }
  get value(): any { return fromCode(this.runtime, this.valueType, this.v); }
  set value(x: any) {
    if (!this.mutable) throw new TypeError("global is immutable");
    this.v = toCode(this.valueType, x);
  }
  get raw(): bigint { return toBits(this.valueType, this.v); }
}

export type AotExtern = AotFunction | AotMemory | AotTable | AotGlobal;

// ---------------------------------------------------------------------------
// Module and instance

const typeOf = (t: { params: Uint8Array; results: Uint8Array }): FuncType => ({ params: [...t.params].map((c) => VT[c]), results: [...t.results].map((c) => VT[c]) });

/** What evaluating a code section gives (docs/aot-format.md, "Code (js target)"). */
interface AotCode {
  create(env: any): any;
  init(state: any, globals: any[]): void;
  fn(state: any, index: number): any;
}

/** Evaluated code by source and names (see AotModule). */
const codes = new Map<string, AotCode>();

/** A loaded .aot module: checked, its code evaluated (not yet run). */
export class AotModule {
  /** @internal */ readonly code: AotCode;
  readonly names: (string | undefined)[] = [];
  constructor(readonly runtime: AotRuntime, readonly file: AotFile) {
    if (file.header.target !== 1) throw new WasmError("malformed", "this loader runs the js target only");
    for (const n of file.names) this.names[n.index] = n.name;
    // The same code evaluates once per process (as V8 caches compiled wasm modules by
    // their bytes) and serves every instance, so instances share V8's optimized code
    // and call targets. Its sourceURL names the entry of codeNames for backtraces.
    const key = `${this.names.join("\u0001")}\u0000${file.code.source}`;
    let code = codes.get(key);
    if (!code) {
      const id = codeNames.length;
      try {
        code = new Function("rt", `${file.code.source}\n//# sourceURL=wamr-aot-${id}`)(RT) as AotCode;
      } catch (e) {
        throw new WasmError("malformed", `the code section does not evaluate: ${(e as Error).message}`);
      }
      codeNames.push(this.names);
      if (codes.size >= 64) codes.delete(codes.keys().next().value!);
      codes.set(key, code);
    }
    this.code = code;
  }
  private funcType(index: number): FuncType {
    const imported = this.file.imports.filter((i) => i.kind === 0);
    const ti = index < imported.length ? imported[index].desc.type! : this.file.functions[index - imported.length].type;
    return typeOf(this.file.types[ti]);
  }
  imports(): ImportDesc[] {
    return this.file.imports.map((i) => {
      const d: ImportDesc = { module: i.module, name: i.name, kind: KINDS[i.kind] };
      if (i.kind === 0) d.type = typeOf(this.file.types[i.desc.type!]);
      return d;
    });
  }
  exports(): ExportDesc[] {
    return this.file.exports.map((e) => {
      const d: ExportDesc = { name: e.name, kind: KINDS[e.kind] };
      if (e.kind === 0) d.type = this.funcType(e.index);
      return d;
    });
  }
  /** Code size in bytes (the JS source). */
  codeSize(): { bytecode: number; translated: number } { return { bytecode: 0, translated: this.file.code.source.length }; }
  /** @internal */ typeOfFunc(index: number): FuncType { return this.funcType(index); }
  /** @internal */ funcName(index: number): string { return this.names[index] ?? `$f${index}`; }
}

export class AotInstance {
  readonly exports: Record<string, AotExtern> = {};
  constructor(readonly runtime: AotRuntime, readonly module: AotModule, readonly memory: AotMemory | undefined) {}
  func(name: string): AotFunction | undefined {
    const e = this.exports[name];
    return e instanceof AotFunction ? e : undefined;
  }
  call(name: string, ...args: any[]): any {
    const f = this.func(name);
    if (!f) throw new WasmError("link", `no exported function "${name}"`);
    return f.call(...args);
  }
}

export interface AotRuntimeOptions {
  /** Largest linear memory, in pages (default 16383, as Runtime). */
  maxMemoryPages?: number;
  /** Largest table, in elements (default 10,000,000). */
  maxTableSize?: number;
  /** Feature bits this host supports (default: all, minus `bigint` without BigInt). */
  features?: number;
  /** Signature policy (aot/sign.ts `trustedKeys` builds one): unsigned or untrusted files are rejected. */
  verify?: ReadOptions["verify"];
}

/** Runs .aot modules of the `js` target; the counterpart of Runtime for compiled code. */
export class AotRuntime {
  readonly maxMemoryPages: number;
  readonly maxTableSize: number;
  private natives = new Map<string, NativeSymbol>();
  private readonly features: number;
  private readonly verify: ReadOptions["verify"];
  constructor(options: AotRuntimeOptions = {}) {
    this.maxMemoryPages = options.maxMemoryPages ?? 16383;
    this.maxTableSize = options.maxTableSize ?? 10_000_000;
    this.features = options.features ?? (typeof BigInt === "function" ? ALL_FEATURES : ALL_FEATURES & ~FEATURES.bigint);
    this.verify = options.verify;
  }

  /** Read, check and evaluate an .aot file. Throws WasmError (kind "malformed") with the reason. */
  load(bytes: Uint8Array): AotModule {
    let file: AotFile;
    try {
      file = readAot(bytes, { targets: ["js"], features: this.features, verify: this.verify });
    } catch (e) {
      if (e instanceof AotFormatError) throw new WasmError("malformed", e.message);
      throw e;
    }
    return new AotModule(this, file);
  }

  registerNatives(moduleName: string, natives: NativeSymbol[]): void {
    for (const n of natives) {
      if (!/^\([iIfFre*~$]*\)[iIfFre]?$/.test(n.signature)) throw new WasmError("link", `native ${moduleName}.${n.name}: malformed signature "${n.signature}"`);
      this.natives.set(`${moduleName}\0${n.name}`, n);
    }
  }

  /** @internal The AotFunction of a raw callable (cached on it). */
  wrap(raw: any): AotFunction {
    if (raw.$w) return raw.$w;
    const [p, r] = String(raw.$s).split(":");
    const type = parseSignature(`(${p})${r}`);
    return (raw.$w = new AotFunction(this, raw, type, raw.$n ?? "function"));
  }

  /** A host function as an AotFunction of type `type`. */
  hostFunction(type: FuncType, fn: (...args: any[]) => any): AotFunction {
    return this.wrap(this.hostRaw(type, fn, "host"));
  }

  private hostRaw(type: FuncType, fn: (...args: any[]) => any, name: string): any {
    const { params, results } = type;
    const rt = this;
    const refArgs = params.some((t) => t === "funcref");
    const raw: any = function (...args: any[]) {
      if (refArgs) args = args.map((a, i) => fromCode(rt, params[i], a));
      const r = fn(...args);
      if (results.length === 0) return undefined;
      if (results.length === 1) return toCode(results[0], r);
      if (!r || typeof r[Symbol.iterator] !== "function") throw new TypeError("host function must return an array for several results");
      const vals = [...r];
      return results.map((t, i) => toCode(t, vals[i]));
    };
    raw.$s = sigOf(type);
    raw.$n = name;
    return raw;
  }

  newGlobal(type: ValueType, mutable: boolean, value: any): AotGlobal { return new AotGlobal(this, type, mutable, toCode(type, value)); }
  newTable(elemType: "funcref" | "externref", initial: number, maximum?: number): AotTable { return new AotTable(this, elemType, initial, maximum); }
  newMemory(initial: number, maximum?: number): AotMemory {
    if (initial > this.maxMemoryPages) throw new WasmError("resource", `memory of ${initial} pages exceeds the limit of ${this.maxMemoryPages}`);
    return new AotMemory(this, initial, maximum);
  }

  private nativeRaw(n: NativeSymbol, type: FuncType, inst: () => AotInstance): any {
    const kinds = n.signature.slice(1, n.signature.indexOf(")"));
    const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
    return this.hostRaw(type, (...args: any[]) => {
      const instance = inst();
      const memory = instance.memory;
      const env: ExecEnv = { instance: instance as any, memory: memory as any };
      const mem = memory ? memory.buffer() : new Uint8Array(0);
      const out = args.slice();
      for (let i = 0; i < kinds.length; i++) {
        const k = kinds[i];
        if (k === "*") {
          const a = args[i] >>> 0;
          if (kinds[i + 1] === "~") {
            const len = args[i + 1] >>> 0;
            if (a + len > mem.length) trap("out of bounds memory access");
            out[i] = mem.subarray(a, a + len);
            out[i + 1] = len;
            i++;
          } else {
            if (a > mem.length) trap("out of bounds memory access");
            out[i] = mem.subarray(a);
          }
        } else if (k === "$") {
          const a = args[i] >>> 0;
          const end = a < mem.length ? mem.indexOf(0, a) : -1;
          if (end < 0) trap("out of bounds memory access");
          out[i] = utf8.decode(mem.subarray(a, end));
        }
      }
      return n.fn(env, ...out);
    }, n.name);
  }

  /** Instantiate (spec 4.5.4), linking imports as Runtime.instantiate does. Throws WasmError "link"/"resource", or Trap. */
  instantiate(module: AotModule, imports: Imports = {}): AotInstance {
    if (module.runtime !== this) throw new WasmError("link", "module belongs to another AotRuntime");
    const f = module.file;
    const incompatible = (m: string, n: string) => new WasmError("link", `incompatible import type for "${m}"."${n}"`);
    const funcs: any[] = [];
    const tables: AotTable[] = [];
    const globals: AotGlobal[] = [];
    let memory: AotMemory | undefined;
    let instance: AotInstance | undefined;
    const limitsOk = (size: number, max: number | undefined, min: number, wantMax: number): boolean =>
      size >= min && (wantMax === NONE || (max !== undefined && max <= wantMax));
    for (const imp of f.imports) {
      const v = imports[imp.module]?.[imp.name];
      const native = v === undefined && imp.kind === 0 ? this.natives.get(`${imp.module}\0${imp.name}`) : undefined;
      if (v === undefined && !native) throw new WasmError("link", `unknown import "${imp.module}"."${imp.name}"`);
      switch (imp.kind) {
        case 0: {
          const type = typeOf(f.types[imp.desc.type!]);
          if (native) {
            if (signatureOf(parseSignature(native.signature.replace(/[*~$]/g, "i"))) !== signatureOf(type)) throw incompatible(imp.module, imp.name);
            funcs.push(this.nativeRaw(native, type, () => instance!));
          } else if (v instanceof AotFunction) {
            if (v.runtime !== this || sigOf(v.type) !== sigOf(type)) throw incompatible(imp.module, imp.name);
            funcs.push(v.raw);
          } else if (typeof v === "function") {
            funcs.push(this.hostRaw(type, v as any, `${imp.module}.${imp.name}`));
          } else throw incompatible(imp.module, imp.name);
          break;
        }
        case 1:
          if (!(v instanceof AotTable) || v.runtime !== this || VT[imp.desc.elemType!] !== v.elemType || !limitsOk(v.size, v.max, imp.desc.min!, imp.desc.max!)) throw incompatible(imp.module, imp.name);
          tables.push(v);
          break;
        case 2:
          if (!(v instanceof AotMemory) || v.runtime !== this || !limitsOk(v.pages, v.max, imp.desc.min!, imp.desc.max!)) throw incompatible(imp.module, imp.name);
          memory = v;
          break;
        case 3: {
          const t = VT[imp.desc.valType!];
          if (v instanceof AotGlobal) {
            if (v.runtime !== this || v.valueType !== t || v.mutable !== (imp.desc.mutable === 1)) throw incompatible(imp.module, imp.name);
            globals.push(v);
          } else if ((typeof v === "number" || typeof v === "bigint") && imp.desc.mutable === 0 && t !== "funcref" && t !== "externref") {
            globals.push(new AotGlobal(this, t, false, toCode(t, v)));
          } else throw incompatible(imp.module, imp.name);
        }
      }
    }
    for (const m of f.memories) {
      if (m.min > this.maxMemoryPages) throw new WasmError("resource", `memory of ${m.min} pages exceeds the limit of ${this.maxMemoryPages}`);
      memory = new AotMemory(this, m.min, m.max === NONE ? undefined : m.max);
    }
    for (const t of f.tables) {
      if (t.min > this.maxTableSize) throw new WasmError("resource", `table of ${t.min} elements exceeds the limit of ${this.maxTableSize}`);
      tables.push(new AotTable(this, VT[t.elemType] as any, t.min, t.max === NONE ? undefined : t.max));
    }
    const nImportedGlobals = globals.length;
    const exported = new Set(f.exports.filter((e) => e.kind === 3).map((e) => e.index));
    for (let k = 0; k < f.globals.length; k++) globals.push(new AotGlobal(this, VT[f.globals[k].valType], f.globals[k].mutable === 1, null));
    const env = {
      m: memory ?? null, t: tables, f: funcs, g: globals,
      d: f.data.map((d) => d.bytes),
      el: [] as (any[] | null)[],
      nm: (k: number) => module.funcName(k),
    };
    const code = module.code;
    const state = code.create(env);
    const fn = (k: number): any => code.fn(state, k);
    const evalConst = (c: ConstExpr): any => {
      switch (c.op) {
        case CONST_OP.i32: return c.lo | 0;
        case CONST_OP.i64: return BigInt.asIntN(64, (BigInt(c.hi >>> 0) << 32n) | BigInt(c.lo >>> 0));
        case CONST_OP.f32: return f32_from(c.lo | 0);
        case CONST_OP.f64: sI32[0] = c.lo; sI32[1] = c.hi; return sF64[0];
        case CONST_OP.globalGet: return globals[c.lo].v;
        case CONST_OP.refNull: return null;
        case CONST_OP.refFunc: return fn(c.lo);
      }
      throw new WasmError("malformed", `bad constant expression op ${c.op}`);
    };
    const gvals: any[] = [];
    for (let k = 0; k < f.globals.length; k++) {
      const g = nImportedGlobals + k;
      gvals[g] = evalConst(f.globals[k].init[0]);
      globals[g].v = gvals[g];
      void exported;
    }
    code.init(state, gvals);
    instance = new AotInstance(this, module, memory);
    const seen = new Map<any, AotExtern>();
    for (const e of f.exports) {
      let x: AotExtern;
      switch (e.kind) {
        case 0: x = this.wrap(fn(e.index)); break;
        case 1: x = tables[e.index]; break;
        case 2: x = memory!; break;
        default: x = globals[e.index];
      }
      seen.set(e.index, x);
      instance.exports[e.name] = x;
    }
    // Element segments, then data segments, in order (spec 2.0); a failing one traps after the earlier ones are applied.
    f.elements.forEach((s, k) => {
      const items = s.items.map(evalConst);
      env.el[k] = s.mode === 1 ? items : null;
      if (s.mode === 0) {
        const off = evalConst(s.offset[0]) >>> 0;
        const t = tables[s.table];
        if (off + items.length > t.e.length) trap("out of bounds table access");
        for (let i = 0; i < items.length; i++) t.e[off + i] = items[i];
      }
    });
    f.data.forEach((d, k) => {
      if (d.mode !== 0) return;
      env.d[k] = null as any;
      const off = evalConst(d.offset[0]) >>> 0;
      if (!memory || off + d.bytes.length > memory.size) trap("out of bounds memory access");
      new Uint8Array(memory.ab).set(d.bytes, off);
    });
    if (f.start !== NONE) {
      try { fn(f.start)(); } catch (e) {
        if (isStackOverflow(e)) throw new Trap("exhaustion", "call stack exhausted", []);
        throw e;
      }
    }
    return instance;
  }
}
