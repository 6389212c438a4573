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
import { readAotChecked, isAot, AotFormatError, CONST_OP, NONE, ALL_FEATURES, FEATURES, type AotFile, type ConstExpr, type ReadOptions } from "./format.js";

export { isAot };

const VT: Record<number, ValueType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x70: "funcref", 0x6f: "externref" };
const LETTER: Record<ValueType, string> = { i32: "i", i64: "I", f32: "f", f64: "F", funcref: "r", externref: "e" };
const KINDS = ["func", "table", "memory", "global"] as const;
const PAGE = 65536;
/** Largest memory the js code can address (int32 effective addresses, codegen-js.ts "Inline accesses"): below 2 GiB. */
const MAX_PAGES = 32767;

/** A signature as `$s` spells it; pairs-mode code spells i64 `J` (its convention differs). */
const sigOf = (t: FuncType, pairs = false): string => {
  const l = (x: ValueType) => (pairs && x === "i64" ? "J" : LETTER[x]);
  return `${t.params.map(l).join("")}:${t.results.map(l).join("")}`;
};

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

// ---------------------------------------------------------------------------
// Instruction metering and call depth (codegen-js.ts "metering"). Metered code
// charges the fuel in FUEL[0] (through a function-local copy written back at
// calls and returns) and calls fuelOut when it drops below zero. Call depth
// travels between metered functions as an argument (the calls left) and
// enters the code through FUEL[1] (set here for a call from the host, and by
// the code before an import or indirect call); a function called with none
// left calls deep. The cells are shared by all code of the process; they hold
// the budget and depth of the runtime whose code is running (`fuelOwner`):
// entering code of another runtime saves the current budget and loads the
// callee's (enter()).

/** An unlimited budget: never reached by decrements of a few per block (and exact in a double). */
const UNLIMITED = 2 ** 53;
/** Calls left without a depth limit: the JS stack overflows long before (a small integer keeps V8's code on integers). */
const DEPTH_UNLIMITED = 2 ** 30 - 1;
const FUEL = new Float64Array([UNLIMITED, DEPTH_UNLIMITED]);
let fuelOwner: AotRuntime | null = null;
function fuelOut(): never {
  FUEL[0] = 0;
  trap("instruction limit exceeded");
}
function deep(): never {
  throw new Trap("exhaustion", "call stack exhausted", backtrace(new Error().stack));
}
/**
 * Run `fn` (code of runtime `rt`, entered from the host) with rt's budget in
 * the fuel cell (and rt's call-depth limit in the depth cell when entering
 * from outside its code); the depth cell is restored however fn ends, and a
 * JS stack overflow becomes the "call stack exhausted" trap.
 */
function enter<T>(rt: AotRuntime, fn: () => T): T {
  const depth = FUEL[1];
  try {
    if (fuelOwner === rt) return fn();
    const prev = fuelOwner;
    if (prev !== null) prev.budget = prev.limited ? FUEL[0] : UNLIMITED;
    fuelOwner = rt;
    FUEL[0] = rt.budget;
    FUEL[1] = Math.min(rt.maxCallDepth, DEPTH_UNLIMITED);
    try {
      return fn();
    } finally {
      rt.budget = rt.limited ? FUEL[0] : UNLIMITED;
      fuelOwner = prev;
      FUEL[0] = prev !== null ? prev.budget : UNLIMITED;
    }
  } catch (e) {
    if (isStackOverflow(e)) throw new Trap("exhaustion", "call stack exhausted", []);
    throw e;
  } finally {
    FUEL[1] = depth;
  }
}

// ---------------------------------------------------------------------------
// i64 as pairs of int32 (--i64=pairs): no BigInt anywhere on these paths.
// A helper returning an i64 returns the low half and leaves the high half in H[0].

/** High half of the last i64 returned by a function or helper (shared by every module). */
const H = new Int32Array(2);
const TWO32 = 4294967296;
/** A dividend whose high half (unsigned) is below this is below 2^53 - 2^32: see udivmod64. */
const DIV_EXACT_HI = 0x1fffff;
let remLo = 0, remHi = 0;

/** Unsigned 64-bit division: quotient (low; high in H[0]), remainder in remLo/remHi. */
function udivmod64(al: number, ah: number, bl: number, bh: number): number {
  if (bh === 0) {
    const d = bl >>> 0, hu = ah >>> 0;
    if (hu < DIV_EXACT_HI) {
      // The dividend n is below 2^53 - 2^32, so n + d < 2^53: floor(n / d) of the double
      // quotient is exact (it would need d * (q + 1) > 2^53 to round up to the next integer).
      const n = hu * TWO32 + (al >>> 0), q = Math.floor(n / d);
      remLo = (n - q * d) | 0; remHi = 0; H[0] = (q / TWO32) | 0;
      return q | 0;
    }
    const qh = Math.floor(hu / d);
    let r = hu - qh * d;
    // 64 / 32 bits in 32- and 16-bit steps; every intermediate stays below 2^53.
    const n1 = r * 65536 + (al >>> 16), q1 = Math.floor(n1 / d);
    r = n1 - q1 * d;
    const n0 = r * 65536 + (al & 0xffff), q0 = Math.floor(n0 / d);
    remLo = (n0 - q0 * d) | 0; remHi = 0; H[0] = qh | 0;
    return (q1 * 65536 + q0) | 0;
  }
  return udivmod64Wide(al, ah, bl, bh);
}
/** udivmod64 for a divisor of 2^32 or more (kept apart so that V8 can inline udivmod64 itself). */
function udivmod64Wide(al: number, ah: number, bl: number, bh: number): number {
  // The quotient fits in 32 bits; shift and subtract.
  let rl = 0, rh = 0, q = 0;
  for (let i = 63; i >= 0; i--) {
    const top = rh >>> 31;
    rh = (rh << 1) | (rl >>> 31);
    rl = (rl << 1) | ((i >= 32 ? ah >>> (i - 32) : al >>> i) & 1);
    if (top || (rh >>> 0) > (bh >>> 0) || (rh === bh && (rl >>> 0) >= (bl >>> 0))) {
      const nl = (rl - bl) | 0;
      rh = (rh - bh - ((rl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
      rl = nl;
      if (i < 32) q |= 1 << i;
    }
  }
  remLo = rl; remHi = rh; H[0] = 0;
  return q;
}
function negLo(lo: number): number { return -lo | 0; }
function negHi(lo: number, hi: number): number { return (~hi + (lo === 0 ? 1 : 0)) | 0; }
const zeroDiv = (): never => trap("integer divide by zero");
function divs64(al: number, ah: number, bl: number, bh: number, rem: boolean): number {
  if ((bl | bh) === 0) zeroDiv();
  if (!rem && al === 0 && ah === -2147483648 && bl === -1 && bh === -1) trap("integer overflow");
  const na = ah < 0, nb = bh < 0;
  const ual = na ? negLo(al) : al, uah = na ? negHi(al, ah) : ah;
  const ubl = nb ? negLo(bl) : bl, ubh = nb ? negHi(bl, bh) : bh;
  let lo = udivmod64(ual, uah, ubl, ubh), hi = H[0];
  if (rem) { lo = remLo; hi = remHi; if (na) { H[0] = negHi(lo, hi); return negLo(lo); } H[0] = hi; return lo; }
  if (na !== nb) { H[0] = negHi(lo, hi); return negLo(lo); }
  H[0] = hi;
  return lo;
}
/** Magnitude (as a double, exact to f32 rounding: sticky low bits) of an unsigned pair, for i64 -> f32. */
function u64ForF32(lo: number, hi: number): number {
  const hu = hi >>> 0;
  let lu = lo >>> 0;
  if (hu >= 0x200000) lu = (lu & ~0xfff) >>> 0 | ((lu & 0xfff) !== 0 ? 0x800 : 0);
  return hu * TWO32 + lu;
}
function splitInt(v: number): number { const hi = Math.floor(v / TWO32); H[0] = hi | 0; return (v - hi * TWO32) | 0; }

/** The pairs-mode helpers of generated code (RT, names without `$`). */
const PAIR_RT = {
  H,
  mul64p(al: number, ah: number, bl: number, bh: number): number {
    const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
    const p00 = a0 * b0;
    const mid = a1 * b0 + a0 * b1 + (p00 >>> 16);
    H[0] = (a1 * b1 + Math.floor(mid / 65536) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
    return (mid << 16) | (p00 & 0xffff);
  },
  div_u64p(al: number, ah: number, bl: number, bh: number): number { if ((bl | bh) === 0) zeroDiv(); return udivmod64(al, ah, bl, bh); },
  rem_u64p(al: number, ah: number, bl: number, bh: number): number { if ((bl | bh) === 0) zeroDiv(); udivmod64(al, ah, bl, bh); H[0] = remHi; return remLo; },
  div_s64p: (al: number, ah: number, bl: number, bh: number): number => divs64(al, ah, bl, bh, false),
  rem_s64p: (al: number, ah: number, bl: number, bh: number): number => divs64(al, ah, bl, bh, true),
  shl64p(lo: number, hi: number, n: number): number {
    n &= 63;
    if (n === 0) { H[0] = hi; return lo; }
    if (n < 32) { H[0] = (hi << n) | (lo >>> (32 - n)); return lo << n; }
    H[0] = lo << (n - 32); return 0;
  },
  shr_u64p(lo: number, hi: number, n: number): number {
    n &= 63;
    if (n === 0) { H[0] = hi; return lo; }
    if (n < 32) { H[0] = hi >>> n; return (lo >>> n) | (hi << (32 - n)); }
    H[0] = 0; return (hi >>> (n - 32)) | 0;
  },
  shr_s64p(lo: number, hi: number, n: number): number {
    n &= 63;
    if (n === 0) { H[0] = hi; return lo; }
    if (n < 32) { H[0] = hi >> n; return (lo >>> n) | (hi << (32 - n)); }
    H[0] = hi >> 31; return hi >> (n - 32);
  },
  rotl64p(lo: number, hi: number, n: number): number {
    n &= 63;
    if (n >= 32) { const t = lo; lo = hi; hi = t; n -= 32; }
    if (n === 0) { H[0] = hi; return lo; }
    H[0] = (hi << n) | (lo >>> (32 - n));
    return (lo << n) | (hi >>> (32 - n));
  },
  rotr64p(lo: number, hi: number, n: number): number { return PAIR_RT.rotl64p(lo, hi, 64 - (n & 63)); },
  trunc_s64p(x: number): number {
    if (x !== x) trap("invalid conversion to integer");
    if (x < -9223372036854775808 || x >= 9223372036854775808) trap("integer overflow");
    return splitInt(Math.trunc(x));
  },
  trunc_u64p(x: number): number {
    if (x !== x) trap("invalid conversion to integer");
    if (x <= -1 || x >= 18446744073709551616) trap("integer overflow");
    return splitInt(Math.trunc(x));
  },
  sat_s64p(x: number): number {
    if (x !== x) { H[0] = 0; return 0; }
    if (x < -9223372036854775808) { H[0] = -2147483648; return 0; }
    if (x >= 9223372036854775808) { H[0] = 2147483647; return -1; }
    return splitInt(Math.trunc(x));
  },
  sat_u64p(x: number): number {
    if (x !== x || x <= 0) { H[0] = 0; return 0; }
    if (x >= 18446744073709551616) { H[0] = -1; return -1; }
    return splitInt(Math.trunc(x));
  },
  i64_f32p(lo: number, hi: number): number {
    if (hi < 0) return -Math.fround(u64ForF32(negLo(lo), negHi(lo, hi)));
    return Math.fround(u64ForF32(lo, hi));
  },
  u64_f32p: (lo: number, hi: number): number => Math.fround(u64ForF32(lo, hi)),
  f64_bitsp(v: number): number { sF64[0] = v; H[0] = sI32[1]; return sI32[0]; },
  f64_fromp(lo: number, hi: number): number { sI32[0] = lo; sI32[1] = hi; return sF64[0]; },
};

/** The runtime helpers of generated code; names match codegen-js.ts (without `$`). */
export const RT = {
  ...PAIR_RT,
  trap,
  fuel: FUEL,
  fuelOut,
  deep,
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

/** A host i64 (bigint, {lo, hi} or number) as int32 halves: the low one returned, the high one in H[0]. */
function splitI64(v: any): number {
  if (v && typeof v === "object" && typeof v.lo === "number") { H[0] = v.hi | 0; return v.lo | 0; }
  if (typeof v === "bigint") { H[0] = Number(BigInt.asIntN(32, v >> BigInt(32))); return Number(BigInt.asIntN(32, v)); }
  return splitInt(Math.trunc(Number(v)) % 18446744073709551616);
}
/** int32 halves as a host i64: a bigint, or {lo, hi} on a host without BigInt. */
function joinI64(lo: number, hi: number): any {
  if (typeof BigInt !== "function") return { lo: lo | 0, hi: hi | 0 };
  return BigInt.asIntN(64, (BigInt(hi | 0) << BigInt(32)) | BigInt(lo >>> 0));
}
/** Push a host value as the code's argument(s): in pairs mode an i64 is two. */
function pushCode(out: any[], t: ValueType, v: any, pairs: boolean): void {
  if (pairs && t === "i64") { const lo = splitI64(v); out.push(lo, H[0]); } else out.push(toCode(t, v));
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
  /** The code's calling convention passes i64 as two int32 halves (--i64=pairs; `$s` spells i64 `J`). */
  readonly pairs: boolean;
  constructor(readonly runtime: AotRuntime, readonly raw: any, readonly type: FuncType, readonly name: string) {
    this.pairs = typeof raw.$s === "string" && raw.$s.includes("J");
  }
  /** Call with host values; returns undefined, one value, or an array. Throws Trap, or a host function's exception. */
  call(...args: any[]): any {
    const { params, results } = this.type;
    if (args.length !== params.length) throw new TypeError(`${this.name}: expected ${params.length} arguments, got ${args.length}`);
    const vals = valueArray();
    for (let i = 0; i < params.length; i++) pushCode(vals, params[i], args[i], this.pairs);
    const list = this.codeResults(this.callCode(vals));
    if (results.length === 0) return undefined;
    if (results.length === 1) return fromCode(this.runtime, results[0], list[0]);
    return results.map((t, i) => fromCode(this.runtime, t, list[i]));
  }
  /** Call with values in the code's representation (an i64 in pairs mode is two values); returns the raw result (an array for several). */
  callCode(args: any[]): any {
    return enter(this.runtime, () => this.raw(...args));
  }
  /** @internal A raw result as one value per result type (an i64 of pairs code joined to a host i64). Read right after the call. */
  codeResults(r: any): any[] {
    const { results } = this.type;
    if (results.length === 0) return [];
    if (results.length === 1) return [this.pairs && results[0] === "i64" ? joinI64(r, H[0]) : r];
    if (!this.pairs) return r;
    const out = valueArray();
    for (let i = 0, k = 0; i < results.length; i++) {
      if (results[i] === "i64") { out.push(joinI64(r[k], r[k + 1])); k += 2; } else out.push(r[k++]);
    }
    return out;
  }
  /**
   * Call bit-exactly (as WasmFunction.callRaw): numbers as raw 8-byte slots
   * (bigint), references as host values (AotFunction or null, any externref);
   * results likewise.
   */
  callRaw(args: any[]): any[] {
    const { params, results } = this.type;
    const vals = valueArray();
    for (let i = 0; i < params.length; i++) {
      const t = params[i];
      if (t === "funcref" || t === "externref") vals.push(toCode(t, args[i]));
      else if (t === "i64" && this.pairs) pushCode(vals, t, BigInt.asIntN(64, args[i]), true);
      else vals.push(fromBits(t, args[i]));
    }
    const list = this.codeResults(this.callCode(vals));
    return results.map((t, i) => (t === "funcref" || t === "externref" ? fromCode(this.runtime, t, list[i]) : toBits(t, list[i])));
  }
}

/**
 * A linear memory. `ab` is the current ArrayBuffer: its first `size` bytes are the memory (the
 * code refreshes its views when it changes). Memory of asm.js-flavor code is reserved
 * (`reserveFor`): the buffer holds `capacity` bytes and more, and the memory grows in place.
 */
export class AotMemory {
  ab: ArrayBuffer;
  private bytes: number;
  /** Bytes reserved for growing in place (asm.js-flavor code: see reserveFor); 0 when none. */
  capacity = 0;
  private listeners: (() => void)[] = [];
  constructor(readonly runtime: AotRuntime, pages: number, readonly max: number | undefined) {
    this.ab = new ArrayBuffer(pages * PAGE);
    this.bytes = pages * PAGE;
  }
  get pages(): number { return this.bytes / PAGE; }
  /** The most pages the memory may grow to: its maximum (65536 without one), at most the runtime's maxMemoryPages. */
  private get limit(): number { return Math.min(this.max ?? 65536, this.runtime.maxMemoryPages); }
  get size(): number { return this.bytes; }
  buffer(): Uint8Array { return new Uint8Array(this.ab, 0, this.bytes); }
  /**
   * @internal Bind the memory to asm.js code (codegen-asm.ts), which cannot change its heap: the
   * buffer becomes `heapBytes(capacity + extra)` bytes, capacity (bytes) covering every size the
   * memory may grow to when `grows` (its maximum, at most the runtime's maxMemoryPages), else its
   * current size. When the host cannot allocate that much, the reservation shrinks (halving down
   * to the current size): growing past it then fails (memory.grow gives -1, as the spec allows).
   */
  reserveFor(extra: number, heapBytes: (n: number) => number, grows: boolean): ArrayBuffer {
    if (this.capacity) throw new WasmError("link", "a memory of asm.js code cannot be shared with another instance of asm.js code");
    let pages = grows ? Math.max(this.pages, this.limit) : this.pages;
    for (;;) {
      try {
        const ab = new ArrayBuffer(heapBytes(pages * PAGE + extra));
        new Uint8Array(ab).set(new Uint8Array(this.ab, 0, this.bytes));
        this.ab = ab;
        this.capacity = pages * PAGE;
        return ab;
      } catch (e) {
        if (pages === this.pages) throw e;
        pages = Math.max(this.pages, Math.floor(pages / 2));
      }
    }
  }
  /** @internal the code registers its view refresh here */
  onGrow(f: () => void): void { this.listeners.push(f); }
  grow(delta: number): number {
    const old = this.pages;
    if (delta > this.limit - old) return -1;
    if (delta === 0) return old;
    const n = (old + delta) * PAGE;
    if (this.capacity) {
      if (n > this.capacity) return -1;
    } else {
      let ab: ArrayBuffer;
      try { ab = new ArrayBuffer(n); } catch { return -1; }
      new Uint8Array(ab).set(new Uint8Array(this.ab, 0, this.bytes));
      this.ab = ab;
    }
    this.bytes = n;
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
  /** The value in the code's representation; for an i64 in pairs mode the low half (`h` the high half). */
  v: any;
  h = 0;
  /** An i64 global of pairs-mode code (two int32 halves). */
  readonly pairs: boolean;
  constructor(readonly runtime: AotRuntime, readonly valueType: ValueType, readonly mutable: boolean, v: any, pairs = false) {
    this.pairs = pairs && valueType === "i64";
    this.v = v;
  }
  get value(): any { return this.pairs ? joinI64(this.v, this.h) : fromCode(this.runtime, this.valueType, this.v); }
  set value(x: any) {
    if (!this.mutable) throw new TypeError("global is immutable");
    this.setHost(x);
  }
  /** @internal */ setHost(x: any): void {
    if (this.pairs) { this.v = splitI64(x); this.h = H[0]; } else this.v = toCode(this.valueType, x);
  }
  get raw(): bigint { return toBits(this.valueType, this.pairs ? joinI64(this.v, this.h) : this.v); }
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
  /** asm.js flavor: called after the element segments (the table's contents go into the heap). */
  ready?(state: any): void;
  asm?: boolean;
  metered?: boolean;
  depth?: boolean;
}

/** Evaluated code by source and names (see AotModule). */
const codes = new Map<string, AotCode>();

let asmHost: boolean | undefined;
/**
 * Whether this host validates asm.js, i.e. compiles asm.js code as WebAssembly (V8 with its
 * WebAssembly tiers; not `node --jitless`, Espruino, QuickJS or Duktape, which run it as plain
 * JavaScript). Probed once: a signaling NaN survives an f32 load and store only in validated code
 * (as JavaScript, reading it into a number quiets it), the test AotInstance.asmValidated repeats
 * in each instance of asm.js code.
 */
export function hostValidatesAsmJs(): boolean {
  if (asmHost === undefined) {
    try {
      const probe = new Function(`return function probe(stdlib, foreign, heap) {
  "use asm";
  var fround = stdlib.Math.fround, I32 = new stdlib.Int32Array(heap), F32 = new stdlib.Float32Array(heap);
  function p() { var x = fround(0); I32[0] = 2141192192; x = fround(F32[0]); F32[1] = x; return I32[1]|0; }
  return { p: p };
}`)();
      asmHost = probe({ Math, Int32Array, Float32Array }, {}, new ArrayBuffer(0x10000)).p() === 0x7fa00000;
    } catch {
      asmHost = false;
    }
  }
  return asmHost;
}

/** A loaded .aot module: checked, its code evaluated (not yet run). */
export class AotModule {
  /** @internal */ readonly code: AotCode;
  /** Compiled with --i64=pairs: i64 values are int32 halves. */
  readonly pairs: boolean;
  readonly names: (string | undefined)[] = [];
  /** The code charges instruction fuel (compiled by a wamrc-ts with metering); older code runs unmetered. */
  readonly metered: boolean;
  /** The code counts call depth (AotRuntimeOptions.maxCallDepth applies): metered code of a wamrc-ts from this change on. */
  readonly depthCounted: boolean;
  /** The code run is of the asm.js flavor (codegen-asm.ts); see AotRuntimeOptions.jsFlavor. */
  readonly asm: boolean;
  /** The JavaScript source run: the file's plain or asm.js flavor. */
  private readonly source: string;
  constructor(readonly runtime: AotRuntime, readonly file: AotFile) {
    if (file.header.target !== 1) throw new WasmError("malformed", "this loader runs the js target only");
    const { source: plain, asmSource } = file.code;
    if (!plain && !asmSource) throw new WasmError("malformed", "the code section has no JavaScript source");
    const pick = runtime.jsFlavor;
    const source = this.source = asmSource && (!plain || pick === "asmjs" || (pick === "auto" && hostValidatesAsmJs())) ? asmSource : plain;

    for (const n of file.names) this.names[n.index] = n.name;
    this.pairs = (file.header.features & FEATURES["i64-pairs"]) !== 0;
    // The same code evaluates once per process (as V8 caches compiled wasm modules by
    // their bytes) and serves every instance, so instances share V8's optimized code
    // and call targets. Its sourceURL names the entry of codeNames for backtraces.
    const key = `${this.names.join("\u0001")}\u0000${source}`;
    let code = codes.get(key);
    if (!code) {
      const id = codeNames.length;
      try {
        code = new Function("rt", `${source}\n//# sourceURL=wamr-aot-${id}`)(RT) as AotCode;
      } catch (e) {
        throw new WasmError("malformed", `the code section does not evaluate: ${(e as Error).message}`);
      }
      codeNames.push(this.names);
      if (codes.size >= 64) codes.delete(codes.keys().next().value!);
      codes.set(key, code);
    }
    this.code = code;
    this.asm = !!code.asm;
    this.metered = code.asm ? !!code.metered : source.includes("$fuelOut = $rt.fuelOut");
    this.depthCounted = code.asm ? !!code.depth : source.includes("$deep = $rt.deep");
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
  /** Code size in bytes (the JS source run). */
  codeSize(): { bytecode: number; translated: number } { return { bytecode: 0, translated: this.source.length }; }
  /** @internal */ typeOfFunc(index: number): FuncType { return this.funcType(index); }
  /** @internal */ funcName(index: number): string { return this.names[index] ?? `$f${index}`; }
}

export class AotInstance {
  readonly exports: Record<string, AotExtern> = {};
  /**
   * asm.js-flavor code (AotModule.asm): whether the engine validated it as asm.js (V8 then runs
   * it as WebAssembly); false where it runs as plain JavaScript. Undefined for the plain flavor.
   */
  asmValidated?: boolean;
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
  /**
   * Largest linear memory, in pages (default 16383, as Runtime; at most
   * 32767: the code addresses memory with int32 indices, so memories stay
   * below 2 GiB).
   */
  maxMemoryPages?: number;
  /** Largest table, in elements (default 10,000,000). */
  maxTableSize?: number;
  /**
   * Deepest nesting of calls of metered code (compiled with metering, the
   * default) before a call traps with "call stack exhausted" (Trap kind
   * "exhaustion", as the interpreters' stack limit). Counted per entry from
   * the host; leaf functions (no loop, no call) are not counted. Default:
   * unlimited, i.e. up to the JS stack, whose overflow becomes the same trap.
   */
  maxCallDepth?: number;
  /** Feature bits this host supports (default: all, minus `bigint` without BigInt). */
  features?: number;
  /** Signature policy (aot/sign.ts `trustedKeys` builds one): unsigned or untrusted files are rejected. */
  verify?: ReadOptions["verify"];
  /**
   * How globals and functions the host makes (newGlobal, hostFunction) hold
   * i64s: "bigint", or "pairs" (int32 halves), as modules compiled with
   * --i64=pairs do. Default: bigint where BigInt exists. Linking converts
   * where it can (functions; immutable globals) and refuses a mutable i64
   * global shared across the two.
   */
  i64?: "bigint" | "pairs";
  /**
   * Which flavor of js-target code to run when a file has both (wamrc-ts --js-flavor=auto):
   * "auto" (default: asm.js where the host validates it, hostValidatesAsmJs; plain elsewhere,
   * where plain code is faster and exact in NaN bit patterns), "plain" (a fast first
   * instantiation: V8 validates and translates asm.js code before its first instance runs,
   * 112-226 ms for each of the bench programs written in C, with printf: `npm run bench`, column `1st l+i`, sessions 7 and 8, where the plain flavor takes 6-9 ms) or
   * "asmjs". A file with one flavor runs that one. An asm.js instance reserves its memory up to
   * the maximum (at most maxMemoryPages), which V8 counts as external memory: node:wasi, if
   * the same process uses it, can then crash Node 20 and 22 (nodejs/node#46777; README,
   * "wamrc-ts"); wamr-ts's own WASI is not affected.
   */
  jsFlavor?: "auto" | "asmjs" | "plain";
}

/** Runs .aot modules of the `js` target; the counterpart of Runtime for compiled code. */
export class AotRuntime {
  readonly maxMemoryPages: number;
  readonly maxTableSize: number;
  /** Call-depth limit of metered code (Infinity: none but the JS stack). */
  readonly maxCallDepth: number;
  private natives = new Map<string, NativeSymbol>();
  /** i64 representation of globals and functions the host makes (newGlobal, hostFunction). */
  readonly i64Pairs: boolean;
  private readonly features: number;
  private readonly verify: ReadOptions["verify"];
  /** AotRuntimeOptions.jsFlavor. */
  readonly jsFlavor: "auto" | "asmjs" | "plain";
  /** @internal Instructions left when this runtime's code is not running (see meter()). */
  budget = UNLIMITED;
  /** @internal A budget is set (setFuel with a number). */
  limited = false;
  constructor(options: AotRuntimeOptions = {}) {
    this.maxMemoryPages = Math.min(options.maxMemoryPages ?? 16383, MAX_PAGES);
    this.maxTableSize = options.maxTableSize ?? 10_000_000;
    this.maxCallDepth = options.maxCallDepth === undefined ? Infinity : Math.max(0, Math.floor(options.maxCallDepth));
    this.features = options.features ?? (typeof BigInt === "function" ? ALL_FEATURES : ALL_FEATURES & ~FEATURES.bigint);
    this.verify = options.verify;
    this.i64Pairs = (options.i64 ?? (typeof BigInt === "function" ? "bigint" : "pairs")) === "pairs";
    this.jsFlavor = options.jsFlavor ?? "auto";
    if (this.jsFlavor !== "auto" && this.jsFlavor !== "asmjs" && this.jsFlavor !== "plain") throw new RangeError(`unknown jsFlavor "${this.jsFlavor}" (auto, asmjs or plain)`);
  }

  /**
   * Instruction budget for the calls that follow, as Runtime.setFuel: code
   * that executes more than `instructions` wasm instructions traps with
   * "instruction limit exceeded". `undefined` removes the limit. The budget is
   * shared by nested calls and decreases across calls; read it with `fuel`.
   * The compiled code charges per function entry and loop iteration the
   * instructions of the function or loop body (outside nested loops, both arms
   * of an `if`, after Binaryen's optimizations; a leaf function's, one without
   * loops or calls, at its call sites instead), so counts approximate the
   * interpreters' (one per executed instruction) from above for straight code.
   * Code compiled with --no-metering charges nothing (AotModule.metered).
   * A trap may lose the charges of its function since its last call or entry.
   */
  setFuel(instructions: number | undefined): void {
    this.limited = instructions !== undefined;
    this.budget = instructions === undefined ? UNLIMITED : Math.max(0, Math.floor(instructions));
    if (fuelOwner === this) FUEL[0] = this.budget;
  }

  /** Instructions left of the budget (Infinity when unlimited). */
  get fuel(): number {
    if (!this.limited) return Infinity;
    return Math.max(0, fuelOwner === this ? FUEL[0] : this.budget);
  }

  /** Read, check and evaluate an .aot file. Throws WasmError (kind "malformed") with the reason. */
  load(bytes: Uint8Array): AotModule {
    const file = readAotChecked(bytes, { targets: ["js"], features: this.features, verify: this.verify }, (m) => new WasmError("malformed", m));
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
    const [p, r] = String(raw.$s).replace(/J/g, "I").split(":");
    const type = parseSignature(`(${p})${r}`);
    return (raw.$w = new AotFunction(this, raw, type, raw.$n ?? "function"));
  }

  /** A host function as an AotFunction of type `type`. */
  hostFunction(type: FuncType, fn: (...args: any[]) => any): AotFunction {
    return this.wrap(this.hostRaw(type, fn, "host", this.i64Pairs));
  }

  private hostRaw(type: FuncType, fn: (...args: any[]) => any, name: string, pairs = false): any {
    const { params, results } = type;
    const rt = this;
    const refArgs = params.some((t) => t === "funcref");
    const pairArgs = pairs && params.includes("i64");
    const raw: any = function (...args: any[]) {
      if (pairArgs) {
        const host: any[] = [];
        for (let i = 0, k = 0; i < params.length; i++) host.push(params[i] === "i64" ? joinI64(args[k++], args[k++]) : fromCode(rt, params[i], args[k++]));
        args = host;
      } else if (refArgs) args = args.map((a, i) => fromCode(rt, params[i], a));
      const r = fn(...args);
      if (results.length === 0) return undefined;
      if (results.length === 1) return pairs && results[0] === "i64" ? splitI64(r) : toCode(results[0], r);
      if (!r || typeof r[Symbol.iterator] !== "function") throw new TypeError("host function must return an array for several results");
      const vals = [...r];
      const out = valueArray();
      results.forEach((t, i) => pushCode(out, t, vals[i], pairs));
      return out;
    };
    raw.$s = sigOf(type, pairs);
    raw.$n = name;
    return raw;
  }

  /** A global for the host to share; an i64 one in this runtime's `i64` representation. */
  newGlobal(type: ValueType, mutable: boolean, value: any): AotGlobal {
    const g = new AotGlobal(this, type, mutable, null, this.i64Pairs);
    g.setHost(value);
    return g;
  }
  newTable(elemType: "funcref" | "externref", initial: number, maximum?: number): AotTable { return new AotTable(this, elemType, initial, maximum); }
  newMemory(initial: number, maximum?: number): AotMemory {
    if (initial > this.maxMemoryPages) throw new WasmError("resource", `memory of ${initial} pages exceeds the limit of ${this.maxMemoryPages}`);
    return new AotMemory(this, initial, maximum);
  }

  private nativeRaw(n: NativeSymbol, type: FuncType, inst: () => AotInstance, pairs: boolean): any {
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
    }, n.name, pairs);
  }

  /** Instantiate (spec 4.5.4), linking imports as Runtime.instantiate does. Throws WasmError "link"/"resource", or Trap. */
  instantiate(module: AotModule, imports: Imports = {}): AotInstance {
    if (module.runtime !== this) throw new WasmError("link", "module belongs to another AotRuntime");
    const f = module.file;
    const pairs = module.pairs;
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
            funcs.push(this.nativeRaw(native, type, () => instance!, pairs));
          } else if (v instanceof AotFunction) {
            if (v.runtime !== this || sigOf(v.type) !== sigOf(type)) throw incompatible(imp.module, imp.name);
            // Code of the other i64 representation is called through a converting host function.
            if (v.pairs === pairs || !(type.params.includes("i64") || type.results.includes("i64"))) funcs.push(v.raw);
            else funcs.push(this.hostRaw(type, (...a: any[]) => v.call(...a), v.name, pairs));
          } else if (typeof v === "function") {
            funcs.push(this.hostRaw(type, v as any, `${imp.module}.${imp.name}`, pairs));
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
            if (t === "i64" && v.pairs !== pairs) {
              // Another i64 representation: a constant can be copied; a mutable cell cannot be shared.
              if (v.mutable) throw new WasmError("link", `incompatible import type for "${imp.module}"."${imp.name}": a mutable i64 global of ${v.pairs ? "--i64=pairs" : "--i64=bigint"} code`);
              const c = new AotGlobal(this, t, false, null, pairs);
              c.setHost(v.value);
              globals.push(c);
            } else globals.push(v);
          } else if ((typeof v === "number" || typeof v === "bigint" || (t === "i64" && v && typeof v === "object")) && imp.desc.mutable === 0 && t !== "funcref" && t !== "externref") {
            const c = new AotGlobal(this, t, false, null, pairs);
            c.setHost(v);
            globals.push(c);
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
    for (let k = 0; k < f.globals.length; k++) globals.push(new AotGlobal(this, VT[f.globals[k].valType], f.globals[k].mutable === 1, null, pairs));
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
        case CONST_OP.i64: return pairs ? [c.lo | 0, c.hi | 0] : BigInt.asIntN(64, (BigInt(c.hi >>> 0) << 32n) | BigInt(c.lo >>> 0));
        case CONST_OP.f32: return f32_from(c.lo | 0);
        case CONST_OP.f64: sI32[0] = c.lo; sI32[1] = c.hi; return sF64[0];
        case CONST_OP.globalGet: return globals[c.lo].pairs ? [globals[c.lo].v, globals[c.lo].h] : globals[c.lo].v;
        case CONST_OP.refNull: return null;
        case CONST_OP.refFunc: return fn(c.lo);
      }
      throw new WasmError("malformed", `bad constant expression op ${c.op}`);
    };
    const gvals: any[] = [];
    for (let k = 0; k < f.globals.length; k++) {
      const g = nImportedGlobals + k;
      gvals[g] = evalConst(f.globals[k].init[0]);
      if (globals[g].pairs) { globals[g].v = gvals[g][0]; globals[g].h = gvals[g][1]; } else globals[g].v = gvals[g];
      void exported;
    }
    code.init(state, gvals);
    instance = new AotInstance(this, module, memory);
    if (code.asm) instance.asmValidated = !!state.validated;
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
    code.ready?.(state);
    f.data.forEach((d, k) => {
      if (d.mode !== 0) return;
      env.d[k] = null as any;
      const off = evalConst(d.offset[0]) >>> 0;
      if (!memory || off + d.bytes.length > memory.size) trap("out of bounds memory access");
      new Uint8Array(memory.ab).set(d.bytes, off);
    });
    if (f.start !== NONE) {
      enter(this, () => fn(f.start)());
    }
    return instance;
  }
}
