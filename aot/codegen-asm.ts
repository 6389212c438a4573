/**
 * The `js` target's asm.js flavor: lowers Binaryen IR to one asm.js module
 * (http://asmjs.org/spec/latest/) plus the JavaScript glue that the loader
 * (aot/loader.ts) drives through the same contract as the plain flavor
 * (codegen-js.ts): the code section's source evaluates to
 * `{ create, init, fn, ready, asm }` (docs/aot-format.md, "Code (js target)").
 *
 * Why: asm.js is plain JavaScript, so any host that evaluates code runs it,
 * but V8 (Node) validates it and compiles it with its WebAssembly tiers
 * ahead of the first call, with int32/float/double values in registers and no
 * deoptimization; where validation fails (or on other engines) it runs as
 * ordinary JavaScript with the same results but for NaN bit patterns. The
 * glue probes which (AotInstance.asmValidated); the spec engine aot-js-asm
 * and tests/unit/aot-asm.test.mjs require V8 to validate every module.
 *
 * Values (i64 as int32 pairs only): i32 as asm `int`, f32 as `float`
 * (Math.fround), f64 as `double`; an i64 as two ints (`l<k>`/`h<k>` for a
 * local), a function or helper returning one leaves its high half in the
 * module variable `$hi`. Every trap is an explicit check that calls the
 * foreign function `$trap(code)` (ASM_TRAPS below), as in the plain flavor,
 * from a block after the function's body (see `trap`).
 *
 * The heap (one ArrayBuffer per instance): [0, capacity) is the linear
 * memory, reserved up to the largest size it may grow to (AotMemory grows
 * it in place: asm.js cannot change its heap), then a control block at `$cb`
 * (fuel cell f64 at +0, call depth i32 at +8, scratch for reinterpretations
 * at +16, an imported function's i64 high half at +24), the globals'
 * transfer area at `$cb + 64` (8 bytes per global, for initialization), and
 * the table at `$tb` (one int per element: (signature id << 16) | position
 * in that signature's asm.js function table, -1 for null).
 *
 * Eligible modules (asmEligible): i64 as pairs; at most one memory and one
 * table, neither imported, the table not exported and only filled by active
 * element segments of defined functions (no table or reference
 * instructions); no multi-value results; no mutable imported or exported
 * globals; no externref or funcref values; no passive segments, memory.init
 * or data.drop. The others get the plain flavor (or, asked for asm.js, an
 * error with the reason). Binaryen's `dce` and `flatten` passes run first
 * (flattenForAsm), so control flow carries no values.
 */
import type binaryenNs from "binaryen";
import type { WasmStructure } from "./wasm-parse.js";
import type { NameMaps, CodegenResult } from "./codegen-js.js";
import { CONST_OP } from "./format.js";
import { bundledTests, initialMemoryBytes, insideInitialMemory, knownChildren, type BundledTest } from "./ranges.js";

type B = typeof binaryenNs;
type Ref = number;

/** Trap codes passed to the foreign `$trap` (index into this list: the spec's messages). */
export const ASM_TRAPS = [
  "unreachable", "out of bounds memory access", "integer divide by zero", "integer overflow",
  "invalid conversion to integer", "undefined element", "uninitialized element", "indirect call type mismatch",
] as const;
const T_UNREACHABLE = 0, T_OOB = 1, T_DIV0 = 2, T_OVF = 3, T_INVCONV = 4, T_UNDEF = 5, T_UNINIT = 6, T_MISMATCH = 7;

/** Bytes of the control block and per global in the transfer area (see the heap layout above). */
export const ASM_CB_BYTES = 64;

export interface AsmOptions { metering?: boolean; callDepth?: boolean }

/** Why a module cannot take the asm.js flavor, or null when it can. */
export function asmEligible(b: B, mod: binaryenNs.Module, st: WasmStructure): string | null {
  const imp = (k: number) => st.imports.filter((i) => i.kind === k);
  if (imp(2).length) return "imports a memory";
  if (imp(1).length) return "imports a table";
  if (st.memories.length > 1) return "has several memories";
  if (st.tables.length > 1) return "has several tables";
  if (st.tables.some((t) => t.elemType !== 0x70)) return "has an externref table";
  if (st.exports.some((e) => e.kind === 1)) return "exports a table";
  for (const g of imp(3)) if (g.desc.mutable || g.desc.valType === 0x70 || g.desc.valType === 0x6f) return "imports a mutable or reference global";
  const nImpG = imp(3).length;
  for (const e of st.exports) if (e.kind === 3 && (e.index < nImpG || st.globals[e.index - nImpG].mutable)) return "exports a mutable global";
  if (st.globals.some((g) => g.valType === 0x70 || g.valType === 0x6f)) return "has a reference global";
  if (st.types.some((t) => t.results.length > 1)) return "has multi-value results";
  if (st.types.some((t) => [...t.params, ...t.results].some((c) => c === 0x70 || c === 0x6f))) return "passes references";
  const nImpF = imp(0).length;
  for (const s of st.elements) {
    if (s.mode === 1) return "has a passive element segment";
    if (s.mode === 0 && s.table !== 0) return "fills another table";
    for (const x of s.items) {
      if (x.op === CONST_OP.globalGet) return "has an element segment item read from a global";
      if (x.op === CONST_OP.refFunc && x.lo < nImpF) return "puts an imported function in a table";
    }
  }
  if (st.data.some((d) => d.mode === 1)) return "has a passive data segment";
  // Instructions: no tables, references or tuples.
  const bad = new Set([b.RefNullId, b.RefIsNullId, b.RefFuncId, b.TableGetId, b.TableSetId, b.TableSizeId, b.TableGrowId,
    b.TupleMakeId, b.TupleExtractId, (b as any)._BinaryenTableFillId(), (b as any)._BinaryenTableCopyId(),
    (b as any)._BinaryenTableInitId(), (b as any)._BinaryenElemDropId(), b.MemoryInitId, b.DataDropId]);
  let reason: string | null = null;
  const walk = (e: Ref): void => {
    if (!e || reason) return;
    const id = b.getExpressionId(e);
    if (bad.has(id)) { reason = "uses table, reference or tuple instructions"; return; }
    for (const c of children(b, e)) walk(c);
  };
  for (let f = 0; f < mod.getNumFunctions() && !reason; f++) walk(b.getFunctionInfo(mod.getFunctionByIndex(f)).body);
  return reason;
}

/** An expression's operands (the ones this flavor handles), in evaluation order. */
function children(b: B, e: Ref): Ref[] {
  return knownChildren(b, e) ?? [];
}

/** Binaryen's flatten (and local clean-up that keeps the IR flat): control flow without values. */
export function flattenForAsm(b: B, mod: binaryenNs.Module): void {
  mod.runPasses(["dce", "flatten", "simplify-locals-nonesting", "dce", "simplify-locals-notee-nostructure", "coalesce-locals", "reorder-locals"]);
}

/** asm.js helpers: i64 pairs, unaligned access, float semantics asm.js lacks (a fixed text; `$hi`, `$sc` and views from the module). */
const PRELUDE = String.raw`
function $refill() { $fu = $fu + +($fi|0); if ($fu < 0.0) { $fi = 0; return -1; } $fi = $fu < 1073741824.0 ? ~~$fu : 1073741824; $fu = $fu - +($fi|0); return 0; }
function $ctz(x) { x = x|0; if (!x) return 32; return (31 - (clz32(x & (0 - x))|0))|0; }
function $popcnt(x) { x = x|0; x = (x - ((x >>> 1) & 1431655765))|0; x = ((x & 858993459) + ((x >>> 2) & 858993459))|0; x = (x + (x >>> 4)) & 252645135; return (imul(x, 16843009) >>> 24)|0; }
function $l16(p) { p = p|0; return (U8[p] | (U8[(p + 1)|0] << 8))|0; }
function $l32(p) { p = p|0; return (U8[p] | (U8[(p + 1)|0] << 8) | (U8[(p + 2)|0] << 16) | (U8[(p + 3)|0] << 24))|0; }
function $s16(p, v) { p = p|0; v = v|0; U8[p] = v; U8[(p + 1)|0] = v >> 8; }
function $s32(p, v) { p = p|0; v = v|0; U8[p] = v; U8[(p + 1)|0] = v >> 8; U8[(p + 2)|0] = v >> 16; U8[(p + 3)|0] = v >> 24; }
function $lf32(p) { p = p|0; I32[$sc >> 2] = $l32(p)|0; return fround(F32[$sc >> 2]); }
function $sf32(p, v) { p = p|0; v = fround(v); F32[$sc >> 2] = v; $s32(p, I32[$sc >> 2]|0); }
function $lf64(p) { p = p|0; I32[$sc >> 2] = $l32(p)|0; I32[($sc + 4) >> 2] = $l32((p + 4)|0)|0; return +F64[$sc >> 3]; }
function $sf64(p, v) { p = p|0; v = +v; F64[$sc >> 3] = v; $s32(p, I32[$sc >> 2]|0); $s32((p + 4)|0, I32[($sc + 4) >> 2]|0); }
function $f32b(x) { x = x|0; I32[$sc >> 2] = x; return fround(F32[$sc >> 2]); }
function $bf32(x) { x = fround(x); F32[$sc >> 2] = x; return I32[$sc >> 2]|0; }
function $f64b(lo, hi) { lo = lo|0; hi = hi|0; I32[$sc >> 2] = lo; I32[($sc + 4) >> 2] = hi; return +F64[$sc >> 3]; }
function $bf64(x) { x = +x; F64[$sc >> 3] = x; $hi = I32[($sc + 4) >> 2]|0; return I32[$sc >> 2]|0; }
function $fmin(a, b) { a = +a; b = +b; if (a != a | b != b) return +(a + b); if (a == b) return +(($bf64(a)|0) == 0 & ($hi|0) == 0 ? b : a); return +(a < b ? a : b); }
function $fmax(a, b) { a = +a; b = +b; if (a != a | b != b) return +(a + b); if (a == b) return +(($bf64(a)|0) == 0 & ($hi|0) == 0 ? a : b); return +(a > b ? a : b); }
function $fcopysign(a, b) { a = +a; b = +b; var s = 0; $bf64(b)|0; s = $hi & -2147483648; I32[$sc >> 2] = $bf64(a)|0; I32[($sc + 4) >> 2] = $hi & 2147483647 | s; return +F64[$sc >> 3]; }
function $f32copysign(a, b) { a = fround(a); b = fround(b); return fround($f32b(($bf32(a)|0) & 2147483647 | ($bf32(b)|0) & -2147483648)); }
function $ftrunc(x) { x = +x; return +(x < 0.0 ? ceil(x) : floor(x)); }
function $fnearest(x) { x = +x; var r = 0.0, d = 0.0; if (!(abs(x) < 4503599627370496.0)) return +(x + 0.0); r = floor(x); d = x - r; if (d > 0.5) r = r + 1.0; else if (d == 0.5) { if (r * 0.5 != floor(r * 0.5)) r = r + 1.0; } if (r == 0.0) return +(x < 0.0 ? -0.0 : x * 0.0); return +r; }
function $ti32s(x) { x = +x; if (x != x) $trap(${T_INVCONV}); if (!(x > -2147483649.0) | !(x < 2147483648.0)) $trap(${T_OVF}); return ~~x; }
function $ti32u(x) { x = +x; if (x != x) $trap(${T_INVCONV}); if (!(x > -1.0) | !(x < 4294967296.0)) $trap(${T_OVF}); return ~~x; }
function $si32s(x) { x = +x; if (x != x) return 0; if (x <= -2147483648.0) return -2147483648; if (x >= 2147483647.0) return 2147483647; return ~~x; }
function $si32u(x) { x = +x; if (x != x | x <= 0.0) return 0; if (x >= 4294967295.0) return -1; return ~~x; }
function $split(x) { x = +x; var h = 0.0; h = floor(x / 4294967296.0); $hi = ~~h; return ~~(x - h * 4294967296.0); }
function $ti64s(x) { x = +x; if (x != x) $trap(${T_INVCONV}); if (!(x >= -9223372036854775808.0) | !(x < 9223372036854775808.0)) $trap(${T_OVF}); return $split(+$ftrunc(x))|0; }
function $ti64u(x) { x = +x; if (x != x) $trap(${T_INVCONV}); if (!(x > -1.0) | !(x < 18446744073709551616.0)) $trap(${T_OVF}); return $split(+$ftrunc(x))|0; }
function $si64s(x) { x = +x; if (x != x) { $hi = 0; return 0; } if (x < -9223372036854775808.0) { $hi = -2147483648; return 0; } if (x >= 9223372036854775808.0) { $hi = 2147483647; return -1; } return $split(+$ftrunc(x))|0; }
function $si64u(x) { x = +x; if (x != x | x <= 0.0) { $hi = 0; return 0; } if (x >= 18446744073709551616.0) { $hi = -1; return -1; } return $split(+$ftrunc(x))|0; }
function $u64f(lo, hi) { lo = lo|0; hi = hi|0; if ((hi >>> 0) >= 2097152) lo = lo & -4096 | ((lo & 4095) != 0) << 11; return +(+(hi >>> 0) * 4294967296.0 + +(lo >>> 0)); }
function $u64f32(lo, hi) { lo = lo|0; hi = hi|0; return fround(+$u64f(lo, hi)); }
function $i64f32(lo, hi) { lo = lo|0; hi = hi|0; if ((hi|0) < 0) return fround(-fround(+$u64f((0 - lo)|0, (~hi + ((lo|0) == 0))|0))); return fround(+$u64f(lo, hi)); }
function $udivmod(al, ah, bl, bh) {
  al = al|0; ah = ah|0; bl = bl|0; bh = bh|0;
  var n = 0.0, d = 0.0, q = 0.0, r = 0.0, q1 = 0.0, q0 = 0.0, rl = 0, rh = 0, qq = 0, i = 0, top = 0, nl = 0;
  if (!bh) {
    d = +(bl >>> 0);
    if ((ah >>> 0) < 2097151) {
      n = +(ah >>> 0) * 4294967296.0 + +(al >>> 0); q = floor(n / d);
      $rl = ~~(n - q * d); $rh = 0; $hi = ~~(q / 4294967296.0); return ~~q;
    }
    if ((bl >>> 0) >= 4194304) {
      n = +(ah >>> 0) * 4294967296.0 + +(al >>> 0); q = floor(n / d);
      rl = (al - imul(~~q, bl))|0;
      r = +(rl >>> 0) + floor((n - q * d - +(rl >>> 0)) / 4294967296.0 + 0.5) * 4294967296.0;
      if (r < 0.0) { q = q - 1.0; r = r + d; } else if (r >= d) { q = q + 1.0; r = r - d; }
      $rl = ~~r; $rh = 0; $hi = ~~(q / 4294967296.0); return ~~q;
    }
    q = floor(+(ah >>> 0) / d); r = +(ah >>> 0) - q * d;
    n = r * 65536.0 + +(al >>> 16); q1 = floor(n / d); r = n - q1 * d;
    n = r * 65536.0 + +(al & 65535); q0 = floor(n / d);
    $rl = ~~(n - q0 * d); $rh = 0; $hi = ~~q; return ~~(q1 * 65536.0 + q0);
  }
  for (i = 63; (i|0) >= 0; i = (i - 1)|0) {
    top = rh >>> 31;
    rh = rh << 1 | rl >>> 31;
    rl = rl << 1 | ((i|0) >= 32 ? ah >>> ((i - 32)|0) : al >>> i) & 1;
    if (top | (rh >>> 0) > (bh >>> 0) | (rh|0) == (bh|0) & (rl >>> 0) >= (bl >>> 0)) {
      nl = (rl - bl)|0; rh = (rh - bh - ((rl >>> 0) < (bl >>> 0)))|0; rl = nl;
      if ((i|0) < 32) qq = qq | 1 << i;
    }
  }
  $rl = rl; $rh = rh; $hi = 0; return qq|0;
}
function $divu64(al, ah, bl, bh) { al = al|0; ah = ah|0; bl = bl|0; bh = bh|0; if (!(bl | bh)) $trap(${T_DIV0}); return $udivmod(al, ah, bl, bh)|0; }
function $remu64(al, ah, bl, bh) { al = al|0; ah = ah|0; bl = bl|0; bh = bh|0; if (!(bl | bh)) $trap(${T_DIV0}); $udivmod(al, ah, bl, bh)|0; $hi = $rh; return $rl|0; }
function $divs64(al, ah, bl, bh, rem) {
  al = al|0; ah = ah|0; bl = bl|0; bh = bh|0; rem = rem|0;
  var na = 0, nb = 0, lo = 0, hi = 0;
  if (!(bl | bh)) $trap(${T_DIV0});
  if (!rem & !al & (ah|0) == -2147483648 & (bl & bh) == -1) $trap(${T_OVF});
  na = (ah|0) < 0; nb = (bh|0) < 0;
  if (na) { ah = (~ah + !al)|0; al = (0 - al)|0; }
  if (nb) { bh = (~bh + !bl)|0; bl = (0 - bl)|0; }
  lo = $udivmod(al, ah, bl, bh)|0; hi = $hi;
  if (rem) { lo = $rl; hi = $rh; nb = na; } else nb = na ^ nb;
  if (nb) { $hi = (~hi + !lo)|0; return (0 - lo)|0; }
  $hi = hi; return lo|0;
}
function $shl64(lo, hi, n) { lo = lo|0; hi = hi|0; n = n|0; n = n & 63; if (!n) { $hi = hi; return lo|0; } if ((n|0) < 32) { $hi = hi << n | lo >>> (32 - n); return lo << n; } $hi = lo << (n - 32); return 0; }
function $shru64(lo, hi, n) { lo = lo|0; hi = hi|0; n = n|0; n = n & 63; if (!n) { $hi = hi; return lo|0; } if ((n|0) < 32) { $hi = hi >>> n; return lo >>> n | hi << (32 - n); } $hi = 0; return hi >>> (n - 32) | 0; }
function $shrs64(lo, hi, n) { lo = lo|0; hi = hi|0; n = n|0; n = n & 63; if (!n) { $hi = hi; return lo|0; } if ((n|0) < 32) { $hi = hi >> n; return lo >>> n | hi << (32 - n); } $hi = hi >> 31; return hi >> (n - 32); }
function $rotl64(lo, hi, n) { lo = lo|0; hi = hi|0; n = n|0; var t = 0; n = n & 63; if ((n|0) >= 32) { t = lo; lo = hi; hi = t; n = (n - 32)|0; } if (!n) { $hi = hi; return lo|0; } $hi = hi << n | lo >>> (32 - n); return lo << n | hi >>> (32 - n); }
function $rotr64(lo, hi, n) { lo = lo|0; hi = hi|0; n = n|0; return $rotl64(lo, hi, (64 - (n & 63))|0)|0; }
function $clz64(lo, hi) { lo = lo|0; hi = hi|0; $hi = 0; if (hi) return clz32(hi)|0; return (32 + (clz32(lo)|0))|0; }
function $ctz64(lo, hi) { lo = lo|0; hi = hi|0; $hi = 0; if (lo) return $ctz(lo)|0; return (32 + ($ctz(hi)|0))|0; }
`;

interface V { s: string; hi?: string }
type AT = "i" | "d" | "f" | "l" | "v";

/**
 * Generate the asm.js flavor (the caller checked asmEligible and ran flattenForAsm).
 * `aliases`: function index -> the Binaryen name of the function whose code it shares.
 */
export function generateAsm(b: B, mod: binaryenNs.Module, st: WasmStructure, names: NameMaps, aliases: Map<number, string>, options: AsmOptions = {}): CodegenResult {
  const METER = options.metering !== false;
  const DEPTH = METER && options.callDepth !== false;
  const nImpF = st.imports.filter((i) => i.kind === 0).length;
  const impGlobals = st.imports.filter((i) => i.kind === 3);
  const nImpG = impGlobals.length;
  const nGlobals = nImpG + st.globals.length;
  const globalType = (g: number): number => (g < nImpG ? impGlobals[g].desc.valType! : st.globals[g - nImpG].valType);
  const features = { bulk: false, ref: false, multi: false };
  const lookup = (m: Map<string, number>, n: string, what: string): number => {
    const i = m.get(n);
    if (i === undefined) throw new Error(`wamrc-ts: internal error: unknown ${what} "${n}" in Binaryen IR`);
    return i;
  };
  /** The index whose code runs for function k (Binaryen may have merged identical functions). */
  const codeOf = (k: number): number => {
    const s = aliases.get(k);
    return s === undefined ? k : lookup(names.funcs, s, "function");
  };
  const atOf = (t: number): AT => (t === b.i32 ? "i" : t === b.i64 ? "l" : t === b.f32 ? "f" : t === b.f64 ? "d" : "v");
  const atOfCode = (c: number): AT => (c === 0x7f ? "i" : c === 0x7e ? "l" : c === 0x7d ? "f" : "d");
  const funcType = (k: number) => {
    if (k < nImpF) return st.types[st.imports.filter((i) => i.kind === 0)[k].desc.type!];
    return st.types[st.functions[k - nImpF].type];
  };
  const sigKeyOf = (t: { params: Uint8Array | number[]; results: Uint8Array | number[] }): string =>
    `${[...t.params].map(atOfCode).join("")}:${[...t.results].map(atOfCode).join("")}`;

  // asm.js literals: a double needs a '.', a float is fround(double).
  const dlit = (v: number): string => {
    if (v === Infinity) return "$inf"; if (v === -Infinity) return "(-$inf)";
    if (Object.is(v, -0)) return "(-0.0)";
    let s = String(v);
    if (!/[.]/.test(s)) s = /e/.test(s) ? s.replace("e", ".0e") : `${s}.0`;
    return v < 0 ? `(${s})` : s;
  };
  const ilit = (v: number): string => (v < 0 ? `(${v | 0})` : String(v | 0));
  const ZERO: Record<AT, string> = { i: "0", l: "0", d: "0.0", f: "fround(0)", v: "" };

  // ---- signatures and tables ----
  const sigIds = new Map<string, number>();
  const sigId = (key: string): number => { let s = sigIds.get(key); if (s === undefined) sigIds.set(key, (s = sigIds.size)); return s; };
  // Functions that may be in the table: every defined function named by an element segment (their code).
  const tableFuncs = new Map<string, number[]>(); // sig key -> code indices
  const tablePos = new Map<number, number>(); // code index -> position in its signature's table
  for (const s of st.elements) for (const x of s.items) {
    if (x.op !== CONST_OP.refFunc) continue;
    const c = codeOf(x.lo);
    if (tablePos.has(c)) continue;
    const key = sigKeyOf(funcType(x.lo));
    let list = tableFuncs.get(key); if (!list) tableFuncs.set(key, (list = []));
    tablePos.set(c, list.length); list.push(c);
  }
  /** The table element encoding of function k (-1: not in any table). */
  const entryOf = (k: number): number => {
    const c = codeOf(k); const p = tablePos.get(c);
    return p === undefined ? -1 : (sigId(sigKeyOf(funcType(k))) << 16) | p;
  };
  for (const key of tableFuncs.keys()) sigId(key);
  const tableMask = (n: number): number => { let m = 1; while (m < n) m <<= 1; return m - 1; };

  let usesGrow = false;
  // ---- whole-module facts (metering). Every function's entry region (its instructions outside
  // loops, `entry`) is charged by its callers, not by itself: a direct call charges the callee's
  // `entry`, a call_indirect the largest `entry` of the functions its signature's table holds,
  // before the call (at the start of the innermost block around the call, all of that block's
  // calls at once; in a loop, with the loop's own count at its header). So a function runs no fuel
  // code on paths without calls or loops (fib's base case), and a call costs no more than before.
  // A function called by the host runs its entry region uncharged (bounded work: what it calls and
  // its loops are charged). Leaves (no loops, no calls) have no fuel or depth code at all; their
  // count is part of their callers' regions. A function without loops charges the module
  // variable $fi and never copies it; one with loops keeps it in a local `fi`, written back
  // before calls and returns.
  const facts = new Map<number, { loop: boolean; calls: boolean; grows: boolean; count: number; entry: number; leafCalls: number[] }>();
  const counted = (id: number): boolean => id !== b.LocalGetId && id !== b.LocalSetId && id !== b.ConstId && id !== b.BlockId && id !== b.NopId && id !== b.DropId;
  for (let f = 0; f < mod.getNumFunctions(); f++) {
    const fi = b.getFunctionInfo(mod.getFunctionByIndex(f));
    const idx = lookup(names.funcs, fi.name, "function");
    if (idx < nImpF || !fi.body) continue;
    const x = { loop: false, calls: false, grows: false, count: 0, entry: 0, leafCalls: [] as number[] };
    const walk = (e: Ref, inLoop: boolean): void => {
      if (!e) return;
      const id = b.getExpressionId(e);
      if (id === b.LoopId) x.loop = true;
      else if (id === b.CallId || id === b.CallIndirectId) x.calls = true;
      else if (id === b.MemoryGrowId) x.grows = true;
      if (counted(id)) { x.count++; if (!inLoop) x.entry++; }
      if (id === b.CallId && !inLoop) {
        const k = lookup(names.funcs, (b.getExpressionInfo(e) as any).target, "function");
        if (k >= nImpF) x.leafCalls.push(codeOf(k));
      }
      for (const c of children(b, e)) walk(c, inLoop || id === b.LoopId);
    };
    walk(fi.body, false);
    facts.set(idx, x);
  }
  const isLeaf = (c: number): boolean => { const x = facts.get(c); return !!x && !x.loop && !x.calls; };
  // A leaf called in the entry region runs as part of it.
  for (const x of facts.values()) for (const c of x.leafCalls) if (isLeaf(c)) x.entry += facts.get(c)!.count;
  /** What a call of code index c charges its caller: c's entry region. */
  const entryCost = (c: number): number => facts.get(c)?.entry ?? 0;
  /** Function (code index) c takes the call-depth argument $dp: metered non-leaves, and every function the table may call. */
  const takesDepth = (c: number): boolean => DEPTH && (!isLeaf(c) || tablePos.has(c));
  let fuelMode: "none" | "global" | "local" = "none";
  const FI = (): string => (fuelMode === "local" ? "fi" : "$fi");
  // ---- per-function generation ----
  let out: string[] = [];
  let decls: string[] = [];
  let nTemps = 0;
  let labelN = 0;
  let regionCounts: number[] = [];
  let regionStack: number[] = [];
  const labelOf = new Map<string, { js: string; loop: boolean }>();
  const newTemp = (t: AT): V => {
    const n = `t${nTemps++}`;
    if (t === "l") { decls.push(`${n} = 0`, `${n}h = 0`); return { s: n, hi: `${n}h` }; }
    decls.push(`${n} = ${ZERO[t]}`);
    return { s: n };
  };
  const count = (e: Ref): void => {
    const id = b.getExpressionId(e);
    if (regionStack.length && counted(id)) {
      regionCounts[regionStack[regionStack.length - 1]]++;
    }
  };
  /**
   * A trap: the foreign call throws; the `return` after it tells V8 that the path ends, so that
   * the hot path never merges with it (a call that returns into it costs V8's optimized code
   * reloads and register pressure: measured on matmul, each kind of check cost ~35% until this).
   */
  const trap = (code: number | string): string => {
    usesTrap = true;
    return `{ $tc = ${code === "$fuelOut()" ? 100 : code === "$deep()" ? 101 : code}; break $T; }`;
  };
  let usesTrap = false;
  /**
   * A charge: the int fuel `fi`/`$fi` (the budget's chunk, see $refill) less a count (placeholder
   * `$R<k>$`, region k's final count), one sign test for the slow path.
   */
  const charge = (k: number): string => {
    const v = FI();
    return `${v} = (${v} - $R${k}$)|0; if ((${v}|0) < 0) { ${refill()} }`;
  };
  /** The slow path of a charge: the chunk's debt back to $fu, the next chunk or "instruction limit exceeded". */
  const refill = (): string => (fuelMode === "local" ? `$fi = fi; if (($refill()|0) < 0) ${trap("$fuelOut()")} fi = $fi;` : `if (($refill()|0) < 0) ${trap("$fuelOut()")}`);
  /** A new region (counted instructions): a loop's, charged at its header; the function's entry region, charged by callers. */
  const newRegion = (): number => { regionCounts.push(0); return regionCounts.length - 1; };
  const meterOpen = (): number => {
    const k = newRegion(); regionStack.push(k);
    return k;
  };
  const meterClose = (): void => { regionStack.pop(); };
  /**
   * In the entry region: the group (a region) of the innermost block around a call, or -1. A group's
   * calls are charged together just before its first call (placeholder `$G<k>$`): a path that
   * leaves the block before it (fib's base case, ack's m == 0) charges nothing.
   */
  let callGroup = -1;
  /**
   * Per group: the enclosing group (-1: none), when its block starts and when its charge is emitted
   * (a counter: lines are appended in program order, and freezes spliced in later never reorder them).
   */
  let groups = new Map<number, { parent: number; start: number; at: number }>();
  let emitted = 0;
  /** Charge `n` for a call: to the enclosing loop's region, or the call's block's group in the entry region. */
  const chargeCall = (n: number): void => {
    if (regionStack.length > 1 || callGroup < 0) { regionCounts[regionStack[regionStack.length - 1]] += n; return; }
    const g = groups.get(callGroup)!;
    if (g.at < 0) { g.at = emitted++; out.push(`$G${callGroup}$`); }
    regionCounts[callGroup] += n;
  };
  /** Statements of one block (a block's children, an if arm, the body): a group of calls. */
  const grouped = (body: () => void): void => {
    if (fuelMode === "none" || regionStack.length !== 1) { body(); return; }
    const saved = callGroup;
    callGroup = newRegion();
    groups.set(callGroup, { parent: saved, start: emitted++, at: -1 });
    body();
    callGroup = saved;
  };
  /**
   * A group whose block starts after an enclosing group's charge adds its count to the outermost
   * such group: that charge is paid on every path into the block anyway, so one charge covers both.
   */
  const mergeGroups = (counts: number[]): void => {
    const direct = [...counts];
    for (const [k, g] of groups) {
      if (!direct[k]) continue;
      let to = -1;
      for (let a = g.parent; a >= 0; a = groups.get(a)!.parent) { const o = groups.get(a)!; if (o.at >= 0 && o.at < g.start) to = a; }
      if (to >= 0) { counts[to] += direct[k]; counts[k] = 0; }
    }
  };
  /** Coerce an expression of asm type t (as a value to store or pass on). */
  const coerce = (t: AT, s: string): string => (t === "i" || t === "l" ? `${s}|0` : t === "d" ? `+${s}` : t === "f" ? `fround(${s})` : s);
  const wrapI = (s: string): string => `(${s}|0)`;
  const sgn = (s: string): string => `(${s}|0)`;
  const uns = (s: string): string => `(${s}>>>0)`;
  // Function-local copies of module state (V8 keeps them in registers; a module variable is a load
  // from the instance at every use): the fuel `fu` (written back to $fu before every call and
  // return, read again after every call) and the memory limits `_L<n>`/`_e<n>` (read at entry and
  // after every call, which may grow the memory). Placeholders: $BC$ before a call, $AC$ after.
  // Around an import call the whole budget ($fu + the chunk) goes through the control block; the
  // chunk is empty after it (the next charge refills it).
  const publish = (): string => (fuelMode !== "none" ? `F64[$cb >> 3] = $fu + +(${FI()}|0); ` : "");
  const reload = (): string => ` ${fuelMode !== "none" ? `$fu = +F64[$cb >> 3]; ${FI()} = 0; ` : ""}$LR$`;

  /**
   * A memory access of `bytes` at p + offset, aligned to `unit` bytes on the fast path: its
   * effective address `a`, the fast path's test `fast` (true: take the slow path) and the exact
   * out-of-bounds test `oob` for the slow path. The fast test is one unsigned compare: the address
   * rotated right by log2(unit) (a misaligned one turns huge) against $L<unit> (memory size /
   * unit; $L48 for 8 bytes at 4-byte alignment); with an offset, a negative base (>= 2^31, never
   * valid: memories stay below 2 GiB) is folded in by its sign so that a wrapped sum fails too.
   */
  /**
   * Locals known aligned in the loop copy being generated (local -> low zero bits): see loopVersion.
   */
  let alignedLocals = new Map<number, number>();
  /** Loops already split (their copies are generated as they are). */
  const versioned = new Set<Ref>();
  /**
   * An innermost loop whose memory accesses go through locals of unknown alignment is generated
   * twice, under a test of those locals' low bits at entry (as the plain flavor does): the locals
   * whose every assignment in the loop keeps them aligned (given that they are: a fixed point),
   * with the alignment their accesses need. Null when no access would gain.
   */
  const loopVersion = (loop: Ref): Map<number, number> | null => {
    const need = new Map<number, number>();
    const sets: [number, Ref][] = [];
    let nested = false, gain = false;
    const walkPtr = (e: Ref, bits: number): void => {
      if (!e) return;
      if (b.getExpressionId(e) === b.LocalGetId) {
        const l = (b.getExpressionInfo(e) as any).index;
        need.set(l, Math.max(need.get(l) ?? 0, bits));
      }
      for (const c of children(b, e)) walkPtr(c, bits);
    };
    const walk = (e: Ref, top: boolean): void => {
      if (!e) return;
      const id = b.getExpressionId(e);
      if (id === b.LoopId && !top) { nested = true; return; }
      if (id === b.LoadId || id === b.StoreId) {
        const i: any = b.getExpressionInfo(e);
        const bytes: number = i.bytes;
        const t = atOf(id === b.LoadId ? i.type : b.getExpressionType(i.value));
        const unit = t === "l" && bytes === 8 ? 4 : bytes;
        if (unit > 1 && alignBits(i.ptr) < Math.log2(unit)) { gain = true; walkPtr(i.ptr, Math.log2(unit)); }
      }
      if (id === b.LocalSetId) { const i: any = b.getExpressionInfo(e); sets.push([i.index, i.value]); }
      for (const c of children(b, e)) walk(c, false);
    };
    walk(loop, true);
    if (nested || !gain || !need.size) return null;
    const cand = new Map(need);
    for (let changed = true; changed;) {
      changed = false;
      const saved = alignedLocals;
      alignedLocals = cand;
      for (const [l, v] of sets) {
        if (cand.has(l) && alignBits(v) < cand.get(l)!) { cand.delete(l); changed = true; }
      }
      alignedLocals = saved;
    }
    return cand.size ? cand : null;
  };
  /** Low bits known to be zero in an i32 address expression (constants, shifts, products, sums, masks, aligned locals). */
  const alignBits = (e: Ref, depth = 0): number => {
    if (depth > 12) return 0;
    const id = b.getExpressionId(e);
    if (id === b.LocalGetId) return alignedLocals.get((b.getExpressionInfo(e) as any).index) ?? 0;
    if (id === b.LocalSetId) { const i: any = b.getExpressionInfo(e); return i.isTee ? alignBits(i.value, depth + 1) : 0; }
    if (id === b.ConstId) { const v = (b.getExpressionInfo(e) as any).value | 0; return v === 0 ? 32 : 31 - Math.clz32(v & -v); }
    if (id !== b.BinaryId) return 0;
    const i: any = b.getExpressionInfo(e);
    const l = () => alignBits(i.left, depth + 1), r = () => alignBits(i.right, depth + 1);
    switch (i.op) {
      case b.AddInt32: case b.SubInt32: return Math.min(l(), r());
      case b.MulInt32: return Math.min(32, l() + r());
      case b.AndInt32: return Math.max(l(), r());
      case b.ShlInt32: {
        if (b.getExpressionId(i.right) !== b.ConstId) return 0;
        return Math.min(32, l() + (((b.getExpressionInfo(i.right) as any).value | 0) & 31));
      }
    }
    return 0;
  };
  const access = (p: V, offset: number, bytes: number, unit: number, aligned: boolean, inBounds: boolean): { a: string; fast: string; oob: string } => {
    let a = p.s, base = "";
    if (offset >= 0x80000000) {
      // No memory reaches 2 GiB: the access is out of bounds whatever the base.
      out.push(trap(T_OOB));
      return { a: "0", fast: "1", oob: "1" };
    }
    const r = valueOf(p.s);
    if (r !== null) {
      // Passed (or trapped) once, a test holds at every later access of the same value, offset and
      // as many bytes (memory never shrinks). And per base value x of addresses x + c (c >= 0): once
      // x itself was tested (so x < 2^31: no memory reaches 2 GiB, and no x + c wraps), every
      // tested x + c + offset + bytes bounds the later ones below it.
      const key = `${r}@${offset}`;
      const m = /^\(([\w#]+) \+ (\d+)\|0\)$/.exec(r);
      const [x, c] = m && +m[2] < 0x80000000 ? [m[1], +m[2]] : [r, 0];
      const span = spans.get(x), end = c + offset + bytes;
      if ((checked.get(key) ?? 0) >= bytes || (span?.nonNeg && end <= span.end)) inBounds = true;
      checked.set(key, Math.max(checked.get(key) ?? 0, bytes));
      spans.set(x, { nonNeg: !!span?.nonNeg || c === 0, end: Math.max(span?.end ?? 0, end) });
    }
    if (offset) {
      if (!simple(p.s)) p = freeze("i", p);
      a = newTemp("i").s;
      out.push(`${a} = (${p.s} + ${ilit(offset)})|0;`);
      base = ` | ${p.s} >> 31`;
    }
    // Inside the initial memory (which never shrinks): no bounds test, only the alignment one
    // where the address may be misaligned.
    if (inBounds) return { a, fast: aligned || unit === 1 ? "" : `${a} & ${unit - 1}`, oob: "" };
    // An address known to be aligned needs only the bounds test (and no slow path at all).
    if (aligned) return { a, fast: `((${a}${base}) >>> 0) >= (_e${bytes} >>> 0)`, oob: "1" };
    const sh = Math.log2(unit);
    const rot = sh ? `${a} >>> ${sh} | ${a} << ${32 - sh}` : a;
    const lim = bytes === 8 && unit === 4 ? "$L48" : `$L${unit}`;
    const fast = `((${rot}${base}) >>> 0) >= (${lim.replace("$", "_")} >>> 0)`;
    const e = uns(`_e${bytes}`);
    const oob = offset ? `${uns(a)} >= ${e} | ${uns(a)} < ${uns(ilit(offset))}` : `${uns(a)} >= ${e}`;
    return { a, fast, oob };
  };

  /** The run's accesses tested at its first (ranges.ts `bundledTests`), set per function. */
  let bundled = new Map<Ref, BundledTest>();
  /**
   * At the first access of a run: one test of the run's base local x up to its end (x below 2^31,
   * x + end at most the memory size), recorded as a span of x so that access() leaves the run's
   * own tests out. Only where x names a value itself (not a sum the spans would key otherwise).
   */
  const bundledTest = (e: Ref): void => {
    const run = bundled.get(e);
    if (!run) return;
    const x = `l${run.local}`, v = valueOf(x);
    if (v === null || !/^[\w#]+$/.test(v)) return;
    const span = spans.get(v);
    if (span?.nonNeg && run.end <= span.end) return;
    const t = newTemp("i").s;
    out.push(`${t} = (${x} + ${ilit(run.end - 1)})|0; ${guard(`((${t} | ${x} >> 31) >>> 0) >= (_e1 >>> 0)`)}`);
    spans.set(v, { nonNeg: true, end: Math.max(span?.end ?? 0, run.end) });
  };
  /** A test that traps when true ("": none). */
  const guard = (test: string): string => (test ? `if (${test}) ${trap(T_OOB)} ` : "");
  const initialBytes = initialMemoryBytes(st);
  /** The current function's accesses inside the initial memory whatever their operands (aot/ranges.ts): no bounds test. */
  let inInitial: (ptr: Ref, offset: number, bytes: number) => boolean = () => false;
  /**
   * Accesses already tested on every path here, by value and offset: `valueOf` names an i32
   * expression's value by its locals' versions (a local's version changes at each assignment in
   * the text; a temp names the value it was given), so two accesses with the same name read the
   * same address when no loop header lies between them. The facts are those of the enclosing
   * straight-line code: a labelled block or an if arm starts with its context's facts, a loop body
   * with none, and each gives back its context's when it ends (a branch may have skipped its
   * tests); an unlabelled block's facts hold after it. Null: a value this does not follow
   * (globals, heap reads).
   */
  let checked = new Map<string, number>();
  let spans = new Map<string, { nonNeg: boolean; end: number }>();
  const versions = new Map<string, number>();
  const valueNames = new Map<string, string>();
  const valueOf = (s: string): string | null => (/[$[]/.test(s) ? null : s.replace(/\b(?:[lt]\d+h?|h\d+)\b/g, (n) => {
    const v = valueNames.get(n);
    if (v !== undefined) return v;
    const named = `${n}#${versions.get(n) ?? 0}`;
    return localValues.get(named) ?? named;
  }));
  /**
   * A local's version -> the value assigned to it (as named by valueOf), while the assignment
   * dominates: scoped as the facts are (after an if arm, the local may hold its older value).
   */
  let localValues = new Map<string, string>();
  /** A temp given a value: it names that value (as of now). */
  const nameTemp = (tmp: string, value: string | null): void => { if (value !== null) valueNames.set(tmp, value); };
  /** Straight-line facts around a nested construct (`fresh`: a loop body, which starts without any). */
  const nested = (body: () => void, fresh = false): void => {
    const saved = checked, savedSpans = spans, savedValues = localValues;
    checked = fresh ? new Map() : new Map(saved);
    spans = fresh ? new Map() : new Map(savedSpans);
    localValues = fresh ? new Map() : new Map(savedValues);
    body();
    checked = saved; spans = savedSpans; localValues = savedValues;
  };
  const num = (e: Ref, i: any): V => {
    const t = i.type;
    if (t === b.i32) return { s: ilit(i.value) };
    if (t === b.i64) {
      const v = i.value;
      let lo: number, hi: number;
      if (typeof v === "bigint") { lo = Number(BigInt.asIntN(32, v)); hi = Number(BigInt.asIntN(32, v >> 32n)); }
      else if (typeof v === "object") { lo = v.low | 0; hi = v.high | 0; }
      else { lo = v | 0; hi = Math.floor(v / 4294967296) | 0; }
      return { s: ilit(lo), hi: ilit(hi) };
    }
    // Floats by their bits where a literal cannot carry them (NaNs); -0 and infinities have literals.
    const text = b.emitText(e);
    if (Number.isNaN(i.value)) {
      const m = /(-?)nan(?::0x([0-9a-f]+))?/.exec(text);
      const neg = m?.[1] === "-";
      if (t === b.f32) {
        const payload = m?.[2] ? parseInt(m[2], 16) : 0x400000;
        return { s: `fround($f32b(${ilit((neg ? 0x80000000 : 0) | 0x7f800000 | payload)}))` };
      }
      const payload = m?.[2] ? BigInt("0x" + m[2]) : 0x8000000000000n;
      const bits = (neg ? 1n << 63n : 0n) | 0x7ff0000000000000n | payload;
      return { s: `(+$f64b(${ilit(Number(BigInt.asIntN(32, bits)))}, ${ilit(Number(BigInt.asIntN(32, bits >> 32n)))}))` };
    }
    return t === b.f32 ? { s: `fround(${dlit(i.value)})` } : { s: dlit(i.value) };
  };

  /** Operands in order; when a later one emits statements, earlier non-constant ones are frozen in temps first. */
  const operands = (es: Ref[]): V[] => {
    const marks: number[] = [];
    const vs: V[] = [];
    const named: (string | null)[] = [];
    for (const e of es) { marks.push(out.length); const v = gen(e); vs.push(v); named.push(valueOf(v.s)); }
    marks.push(out.length);
    let last = -1;
    for (let k = es.length - 1; k >= 0; k--) if (marks[k + 1] > marks[k]) { last = k; break; }
    for (let k = last - 1; k >= 0; k--) {
      if (/^\(?-?\d+\)?$/.test(vs[k].s) && (vs[k].hi === undefined || /^\(?-?\d+\)?$/.test(vs[k].hi!))) continue;
      const t = atOf(b.getExpressionType(es[k]));
      const tmp = newTemp(t);
      out.splice(marks[k + 1], 0, t === "l" ? `${tmp.s} = ${vs[k].s}; ${tmp.hi} = ${vs[k].hi};` : `${tmp.s} = ${vs[k].s};`);
      if (t === "i") nameTemp(tmp.s, named[k]);
      vs[k] = tmp;
    }
    return vs;
  };
  /** Materialize a value into a fresh temp (statements), for values used twice or read after effects. */
  const freeze = (t: AT, v: V): V => {
    const tmp = newTemp(t);
    out.push(t === "l" ? `${tmp.s} = ${v.s}; ${tmp.hi} = ${v.hi};` : `${tmp.s} = ${v.s};`);
    if (t === "i") nameTemp(tmp.s, valueOf(v.s));
    return tmp;
  };
  const simple = (s: string): boolean => /^(\(?-?\d+\)?|[tlh$][\w$]*)$/.test(s);
  /** An i64 result of a helper call: low half returned, high half in $hi. */
  const pairCall = (call: string): V => { const t = newTemp("l"); out.push(`${t.s} = ${call}|0; ${t.hi} = $hi;`); return t; };
  const pair = (lo: string, hi: string): V => { const t = newTemp("l"); out.push(`${t.s} = ${lo}; ${t.hi} = ${hi};`); return t; };

  // Call arguments: an i64 is two ints; f32 and f64 as asm types.
  const args = (vs: V[], types: AT[]): string[] => {
    const a: string[] = [];
    vs.forEach((v, k) => {
      const t = types[k];
      if (t === "l") a.push(`${v.s}|0`, `${v.hi}|0`); else a.push(coerce(t, v.s));
    });
    return a;
  };
  /** A call's result (statements): into a temp of its type; "v": a statement. */
  const callResult = (call: string, rt: AT, before = "$BC$", after = " $AC$"): V => {
    if (rt === "v") { out.push(`${before}${call};${after}`); return { s: "" }; }
    const t = newTemp(rt);
    if (rt === "l") out.push(`${before}${t.s} = ${call}|0; ${t.hi} = $hi;${after}`);
    else out.push(`${before}${t.s} = ${coerce(rt, call)};${after}`);
    return t;
  };

  const I32B: Record<number, (a: string, c: string) => string> = {
    [b.AddInt32]: (a, c) => wrapI(`${a} + ${c}`), [b.SubInt32]: (a, c) => wrapI(`${a} - ${c}`), [b.MulInt32]: (a, c) => `(imul(${a}, ${c})|0)`,
    [b.AndInt32]: (a, c) => `(${a} & ${c})`, [b.OrInt32]: (a, c) => `(${a} | ${c})`, [b.XorInt32]: (a, c) => `(${a} ^ ${c})`,
    [b.ShlInt32]: (a, c) => `(${a} << ${c})`, [b.ShrSInt32]: (a, c) => `(${a} >> ${c})`, [b.ShrUInt32]: (a, c) => wrapI(`${a} >>> ${c}`),
    [b.RotLInt32]: (a, c) => `(${a} << ${c} | ${a} >>> (0 - ${c}))`, [b.RotRInt32]: (a, c) => `(${a} >>> ${c} | ${a} << (0 - ${c}))`,
    [b.EqInt32]: (a, c) => `(${sgn(a)} == ${sgn(c)})`, [b.NeInt32]: (a, c) => `(${sgn(a)} != ${sgn(c)})`,
    [b.LtSInt32]: (a, c) => `(${sgn(a)} < ${sgn(c)})`, [b.LeSInt32]: (a, c) => `(${sgn(a)} <= ${sgn(c)})`,
    [b.GtSInt32]: (a, c) => `(${sgn(a)} > ${sgn(c)})`, [b.GeSInt32]: (a, c) => `(${sgn(a)} >= ${sgn(c)})`,
    [b.LtUInt32]: (a, c) => `(${uns(a)} < ${uns(c)})`, [b.LeUInt32]: (a, c) => `(${uns(a)} <= ${uns(c)})`,
    [b.GtUInt32]: (a, c) => `(${uns(a)} > ${uns(c)})`, [b.GeUInt32]: (a, c) => `(${uns(a)} >= ${uns(c)})`,
    [b.EqFloat64]: (a, c) => `(${a} == ${c})`, [b.NeFloat64]: (a, c) => `(${a} != ${c})`, [b.LtFloat64]: (a, c) => `(${a} < ${c})`,
    [b.LeFloat64]: (a, c) => `(${a} <= ${c})`, [b.GtFloat64]: (a, c) => `(${a} > ${c})`, [b.GeFloat64]: (a, c) => `(${a} >= ${c})`,
    [b.EqFloat32]: (a, c) => `(${a} == ${c})`, [b.NeFloat32]: (a, c) => `(${a} != ${c})`, [b.LtFloat32]: (a, c) => `(${a} < ${c})`,
    [b.LeFloat32]: (a, c) => `(${a} <= ${c})`, [b.GtFloat32]: (a, c) => `(${a} > ${c})`, [b.GeFloat32]: (a, c) => `(${a} >= ${c})`,
  };
  const F64B: Record<number, (a: string, c: string) => string> = {
    [b.AddFloat64]: (a, c) => `(${a} + ${c})`, [b.SubFloat64]: (a, c) => `(${a} - ${c})`, [b.MulFloat64]: (a, c) => `(${a} * ${c})`,
    [b.DivFloat64]: (a, c) => `(${a} / ${c})`, [b.MinFloat64]: (a, c) => `(+$fmin(${a}, ${c}))`, [b.MaxFloat64]: (a, c) => `(+$fmax(${a}, ${c}))`,
    [b.CopySignFloat64]: (a, c) => `(+$fcopysign(${a}, ${c}))`,
  };
  const F32B: Record<number, (a: string, c: string) => string> = {
    [b.AddFloat32]: (a, c) => `fround(${a} + ${c})`, [b.SubFloat32]: (a, c) => `fround(${a} - ${c})`, [b.MulFloat32]: (a, c) => `fround(${a} * ${c})`,
    [b.DivFloat32]: (a, c) => `fround(${a} / ${c})`, [b.MinFloat32]: (a, c) => `fround(+$fmin(+${a}, +${c}))`, [b.MaxFloat32]: (a, c) => `fround(+$fmax(+${a}, +${c}))`,
    [b.CopySignFloat32]: (a, c) => `fround($f32copysign(${a}, ${c}))`,
  };
  const UN: Record<number, (a: string) => string> = {
    [b.ClzInt32]: (a) => `(clz32(${a})|0)`, [b.CtzInt32]: (a) => `($ctz(${a})|0)`, [b.PopcntInt32]: (a) => `($popcnt(${a})|0)`,
    [b.EqZInt32]: (a) => `(${sgn(a)} == 0)`,
    [b.ExtendS8Int32]: (a) => `(${a} << 24 >> 24)`, [b.ExtendS16Int32]: (a) => `(${a} << 16 >> 16)`,
    [b.TruncSFloat64ToInt32]: (a) => `($ti32s(${a})|0)`, [b.TruncUFloat64ToInt32]: (a) => `($ti32u(${a})|0)`,
    [b.TruncSFloat32ToInt32]: (a) => `($ti32s(+${a})|0)`, [b.TruncUFloat32ToInt32]: (a) => `($ti32u(+${a})|0)`,
    [b.TruncSatSFloat64ToInt32]: (a) => `($si32s(${a})|0)`, [b.TruncSatUFloat64ToInt32]: (a) => `($si32u(${a})|0)`,
    [b.TruncSatSFloat32ToInt32]: (a) => `($si32s(+${a})|0)`, [b.TruncSatUFloat32ToInt32]: (a) => `($si32u(+${a})|0)`,
    [b.ReinterpretFloat32]: (a) => `($bf32(${a})|0)`,
    [b.NegFloat64]: (a) => `(-${a})`, [b.AbsFloat64]: (a) => `(+abs(${a}))`, [b.SqrtFloat64]: (a) => `(+sqrt(${a}))`,
    [b.CeilFloat64]: (a) => `(+ceil(${a}))`, [b.FloorFloat64]: (a) => `(+floor(${a}))`, [b.TruncFloat64]: (a) => `(+$ftrunc(${a}))`,
    [b.NearestFloat64]: (a) => `(+$fnearest(${a}))`,
    [b.ConvertSInt32ToFloat64]: (a) => `(+${sgn(a)})`, [b.ConvertUInt32ToFloat64]: (a) => `(+${uns(a)})`, [b.PromoteFloat32]: (a) => `(+${a})`,
    [b.NegFloat32]: (a) => `fround(-${a})`, [b.AbsFloat32]: (a) => `fround(abs(${a}))`, [b.SqrtFloat32]: (a) => `fround(sqrt(${a}))`,
    [b.CeilFloat32]: (a) => `fround(ceil(${a}))`, [b.FloorFloat32]: (a) => `fround(floor(${a}))`, [b.TruncFloat32]: (a) => `fround(+$ftrunc(+${a}))`,
    [b.NearestFloat32]: (a) => `fround(+$fnearest(+${a}))`,
    [b.ConvertSInt32ToFloat32]: (a) => `fround(${sgn(a)})`, [b.ConvertUInt32ToFloat32]: (a) => `fround(${uns(a)})`, [b.DemoteFloat64]: (a) => `fround(${a} != ${a} ? ${a} + 0.0 : ${a})`,
    [b.ReinterpretInt32]: (a) => `fround($f32b(${a}))`,
  };

  function gen(e: Ref): V {
    count(e);
    const id = b.getExpressionId(e);
    if (id === b.NopId) return { s: "" };
    if (id === b.UnreachableId) { out.push(trap(T_UNREACHABLE)); return { s: "" }; }
    const i: any = b.getExpressionInfo(e);
    switch (i.id) {
      case b.ConstId: return num(e, i);
      case b.LocalGetId: return atOf(i.type) === "l" ? { s: `l${i.index}`, hi: `h${i.index}` } : { s: `l${i.index}` };
      case b.LocalSetId: {
        const t = atOf(b.getExpressionType(i.value));
        const v = gen(i.value);
        if (t === "v") throw new Error("wamrc-ts: internal error: local.set of nothing");
        out.push(t === "l" ? `l${i.index} = ${v.s}; h${i.index} = ${v.hi};` : `l${i.index} = ${v.s};`);
        const value = t === "i" ? valueOf(v.s) : null;
        for (const n of [`l${i.index}`, `h${i.index}`]) versions.set(n, (versions.get(n) ?? 0) + 1);
        if (value !== null && value.length <= 64) localValues.set(`l${i.index}#${versions.get(`l${i.index}`)}`, value);
        return i.isTee ? (t === "l" ? { s: `l${i.index}`, hi: `h${i.index}` } : { s: `l${i.index}` }) : { s: "" };
      }
      case b.GlobalGetId: {
        const g = lookup(names.globals, i.name, "global");
        return atOf(i.type) === "l" ? { s: `$g${g}`, hi: `$g${g}h` } : { s: `$g${g}` };
      }
      case b.GlobalSetId: {
        const g = lookup(names.globals, i.name, "global");
        const v = gen(i.value);
        out.push(v.hi !== undefined ? `$g${g} = ${v.s}; $g${g}h = ${v.hi};` : `$g${g} = ${v.s};`);
        return { s: "" };
      }
      case b.LoadId: return genLoad(i, e);
      case b.StoreId: genStore(i, e); return { s: "" };
      case b.UnaryId: return genUnary(i);
      case b.BinaryId: return genBinary(i);
      case b.SelectId: {
        let [x, y, c] = operands([i.ifTrue, i.ifFalse, i.condition]);
        const t = atOf(i.type);
        if (t === "l" && !simple(c.s)) c = freeze("i", c);
        if (t === "l") return pair(`${sgn(c.s)} ? ${sgn(x.s)} : ${sgn(y.s)}`, `${sgn(c.s)} ? ${sgn(x.hi!)} : ${sgn(y.hi!)}`);
        if (t === "i") return { s: `(${sgn(c.s)} ? ${sgn(x.s)} : ${sgn(y.s)})` };
        if (t === "d") return { s: `(${sgn(c.s)} ? +${x.s} : +${y.s})` };
        return { s: `(${sgn(c.s)} ? fround(${x.s}) : fround(${y.s}))` };
      }
      case b.CallId: {
        const k = lookup(names.funcs, i.target, "function");
        const ft = funcType(k);
        const ps = [...ft.params].map(atOfCode);
        const rt: AT = ft.results.length ? atOfCode(ft.results[0]) : "v";
        const vs = operands(i.operands);
        if (k < nImpF) return callImport(k, vs, ps, rt);
        const c = codeOf(k);
        const a = args(vs, ps);
        if (takesDepth(c)) a.push("($dp - 1)|0");
        if (isLeaf(c)) {
          // charged here; no fuel to move; the views change only if it grows the memory
          if (regionStack.length) regionCounts[regionStack[regionStack.length - 1]] += facts.get(c)!.count;
          return callResult(`f${c}(${a.join(", ")})`, rt, "", facts.get(c)!.grows ? " $LR$" : "");
        }
        if (fuelMode !== "none") chargeCall(entryCost(c));
        return callResult(`f${c}(${a.join(", ")})`, rt);
      }
      case b.CallIndirectId: {
        const vs = operands([...i.operands, i.target]);
        const idx = vs.pop()!;
        const ps = (b.expandType(i.params) as number[]).map(atOf);
        const rs = i.results === b.none ? [] : (b.expandType(i.results) as number[]).map(atOf);
        const rt: AT = rs.length ? rs[0] : "v";
        const key = `${ps.join("")}:${rs.join("")}`;
        const ent = newTemp("i").s;
        out.push(`if (${uns(idx.s)} >= ${uns("$tsz")}) ${trap(T_UNDEF)} ${ent} = I32[($tb + (${idx.s} << 2)) >> 2]|0;`);
        const list = tableFuncs.get(key);
        const sid = sigIds.get(key);
        out.push(`if ((${ent} >> 16) != ${sid ?? -2}) { if ((${ent}|0) == -1) $trap(${T_UNINIT}); ${trap(T_MISMATCH)} }`);
        if (!list) { // no function of this type can be in the table: the check above always traps
          return rt === "v" ? { s: "" } : rt === "l" ? { s: "0", hi: "0" } : { s: ZERO[rt] };
        }
        const a = args(vs, ps);
        if (DEPTH) a.push("($dp - 1)|0");
        if (fuelMode !== "none") chargeCall(Math.max(...list.map(entryCost))); // (a leaf's entry region is all of it)
        return callResult(`$FT${sid}[${ent} & ${tableMask(list.length)}](${a.join(", ")})`, rt);
      }
      case b.DropId:
        // The value is a pure expression: its effects and traps were emitted as statements.
        gen(i.value);
        return { s: "" };
      case b.MemorySizeId: return { s: "(($sz >>> 16)|0)" };
      case b.MemoryGrowId: {
        const [d] = operands([i.delta]);
        const t = newTemp("i").s;
        usesGrow = true;
        out.push(`${t} = $grow(${d.s}|0)|0; $LR$`);
        return { s: t };
      }
      case b.MemoryCopyId: {
        features.bulk = true;
        const [d, s, n] = operands([i.dest, i.source, i.size]);
        out.push(`$mcopy(${d.s}|0, ${s.s}|0, ${n.s}|0);`);
        return { s: "" };
      }
      case b.MemoryFillId: {
        features.bulk = true;
        const [d, v, n] = operands([i.dest, i.value, i.size]);
        out.push(`$mfill(${d.s}|0, ${v.s}|0, ${n.s}|0);`);
        return { s: "" };
      }
      case b.NopId: return { s: "" };
      case b.UnreachableId: out.push(trap(T_UNREACHABLE)); return { s: "" };
      case b.BlockId: case b.IfId: case b.LoopId: case b.BreakId: case b.SwitchId: case b.ReturnId:
        stmt(e, true);
        return { s: "" };
      default:
        throw new Error(`wamrc-ts: asm.js flavor: unsupported Binaryen expression id ${i.id}: ${b.emitText(e).slice(0, 200)}`);
    }
  }

  function callImport(k: number, vs: V[], ps: AT[], rt: AT): V {
    // Foreign functions take int and double arguments only: an f32 travels as its bits.
    const a: string[] = [];
    vs.forEach((v, j) => {
      const t = ps[j];
      if (t === "l") a.push(`${v.s}|0`, `${v.hi}|0`);
      else if (t === "f") a.push(`$bf32(${v.s})|0`);
      else a.push(coerce(t, v.s));
    });
    const depth = DEPTH ? `I32[($cb + 8) >> 2] = ($dp - 1)|0; ` : "";
    const call = `$i${k}(${a.join(", ")})`;
    const before = `${publish()}${depth}`;
    if (rt === "v") { out.push(`${before}${call};${reload()}`); return { s: "" }; }
    const t = newTemp(rt);
    if (rt === "l") out.push(`${before}${t.s} = ${call}|0; ${t.hi} = I32[($cb + 24) >> 2]|0;${reload()}`);
    else if (rt === "f") out.push(`${before}${t.s} = fround($f32b(${call}|0));${reload()}`);
    else out.push(`${before}${t.s} = ${coerce(rt, call)};${reload()}`);
    return t;
  }

  // Unaligned accesses take helper calls (prelude): inline byte code on the slow path slowed the
  // aligned fast path 2x in V8 (measured on matmul), a call does not.
  function genLoad(i: any, e: Ref): V {
    let [p] = operands([i.ptr]);
    bundledTest(e);
    if (!simple(p.s)) p = freeze("i", p);
    const t = atOf(i.type);
    const bytes: number = i.bytes;
    const unit = t === "l" && bytes === 8 ? 4 : bytes;
    const off = i.offset >>> 0;
    const aligned = unit > 1 && Math.min(alignBits(i.ptr), off ? 31 - Math.clz32(off & -off) : 32) >= Math.log2(unit);
    const { a, fast, oob } = access(p, off, bytes, unit, aligned, inInitial(i.ptr, off, bytes));
    const r = newTemp(t);
    const hi = t === "l" && bytes < 8 ? ` ${r.hi} = ${i.isSigned ? `${r.s} >> 31` : "0"};` : "";
    if (bytes === 1 || aligned) {
      if (bytes === 1) { out.push(`${guard(fast)}${r.s} = ${i.isSigned ? "I8" : "U8"}[${a}]|0;${hi}`); return r; }
      const acc = t === "f" ? `${r.s} = fround(F32[${a} >> 2]);` : t === "d" ? `${r.s} = +F64[${a} >> 3];`
        : t === "l" && bytes === 8 ? `${r.s} = I32[${a} >> 2]|0; ${r.hi} = I32[(${a} + 4) >> 2]|0;`
        : bytes === 2 ? `${r.s} = ${i.isSigned ? "I16" : "U16"}[${a} >> 1]|0;` : `${r.s} = I32[${a} >> 2]|0;`;
      out.push(`${guard(fast)}${acc}${hi}`);
      return r;
    }
    let slow: string, fastAcc: string;
    if (t === "i" || (t === "l" && bytes < 8)) {
      slow = bytes === 2 ? `${r.s} = ($l16(${a})|0)${i.isSigned ? " << 16 >> 16" : ""};` : `${r.s} = $l32(${a})|0;`;
      fastAcc = bytes === 2 ? `${r.s} = ${i.isSigned ? "I16" : "U16"}[${a} >> 1]|0;` : `${r.s} = I32[${a} >> 2]|0;`;
    } else if (t === "l") {
      slow = `${r.s} = $l32(${a})|0; ${r.hi} = $l32((${a} + 4)|0)|0;`;
      fastAcc = `{ ${r.s} = I32[${a} >> 2]|0; ${r.hi} = I32[(${a} + 4) >> 2]|0; }`;
    } else if (t === "f") {
      slow = `${r.s} = fround($lf32(${a}));`;
      fastAcc = `${r.s} = fround(F32[${a} >> 2]);`;
    } else {
      slow = `${r.s} = +$lf64(${a});`;
      fastAcc = `${r.s} = +F64[${a} >> 3];`;
    }
    out.push(`if (${fast}) { ${guard(oob)}${slow} } else ${fastAcc}${hi}`);
    return r;
  }

  function genStore(i: any, e: Ref): void {
    let [p, v] = operands([i.ptr, i.value]);
    bundledTest(e);
    if (!simple(p.s)) p = freeze("i", p);
    const t = atOf(b.getExpressionType(i.value));
    if (!simple(v.s) || (v.hi !== undefined && !simple(v.hi))) v = freeze(t, v);
    const bytes: number = i.bytes;
    const unit = t === "l" && bytes === 8 ? 4 : bytes;
    const off = i.offset >>> 0;
    const aligned = unit > 1 && Math.min(alignBits(i.ptr), off ? 31 - Math.clz32(off & -off) : 32) >= Math.log2(unit);
    const { a, fast, oob } = access(p, off, bytes, unit, aligned, inInitial(i.ptr, off, bytes));
    if (bytes === 1) { out.push(`${guard(fast)}U8[${a}] = ${v.s};`); return; }
    if (aligned) {
      const acc = t === "f" ? `F32[${a} >> 2] = ${v.s};` : t === "d" ? `F64[${a} >> 3] = ${v.s};`
        : t === "l" && bytes === 8 ? `I32[${a} >> 2] = ${v.s}; I32[(${a} + 4) >> 2] = ${v.hi};`
        : bytes === 2 ? `I16[${a} >> 1] = ${v.s};` : `I32[${a} >> 2] = ${v.s};`;
      out.push(`${guard(fast)}${acc}`);
      return;
    }
    let slow: string, fastAcc: string;
    if (t === "i" || (t === "l" && bytes < 8)) {
      slow = bytes === 2 ? `$s16(${a}, ${v.s});` : `$s32(${a}, ${v.s});`;
      fastAcc = bytes === 2 ? `I16[${a} >> 1] = ${v.s};` : `I32[${a} >> 2] = ${v.s};`;
    } else if (t === "l") {
      slow = `$s32(${a}, ${v.s}); $s32((${a} + 4)|0, ${v.hi});`;
      fastAcc = `{ I32[${a} >> 2] = ${v.s}; I32[(${a} + 4) >> 2] = ${v.hi}; }`;
    } else if (t === "f") {
      slow = `$sf32(${a}, ${v.s});`;
      fastAcc = `F32[${a} >> 2] = ${v.s};`;
    } else {
      slow = `$sf64(${a}, ${v.s});`;
      fastAcc = `F64[${a} >> 3] = ${v.s};`;
    }
    out.push(`if (${fast}) { ${guard(oob)}${slow} } else ${fastAcc}`);
  }

  function genUnary(i: any): V {
    const op = i.op;
    let [a] = operands([i.value]);
    if (op === b.DemoteFloat64 && !simple(a.s)) a = freeze("d", a); // used four times below
    const f = UN[op];
    // The trapping truncations run as a statement where they stand (a value dropped or in a select
    // arm must still trap); every other unary operation is a pure expression.
    const traps = op === b.TruncSFloat64ToInt32 || op === b.TruncUFloat64ToInt32 || op === b.TruncSFloat32ToInt32 || op === b.TruncUFloat32ToInt32;
    if (f) return traps ? freeze("i", { s: f(a.s) }) : { s: f(a.s) };
    switch (op) {
      case b.EqZInt64: return { s: `((${a.s} | ${a.hi}) == 0)` };
      case b.WrapInt64: return { s: a.s };
      case b.ExtendSInt32: { const x = simple(a.s) ? a : freeze("i", a); return pair(x.s, `${x.s} >> 31`); }
      case b.ExtendUInt32: return pair(a.s, "0");
      case b.ExtendS8Int64: { const t = newTemp("l"); out.push(`${t.s} = ${a.s} << 24 >> 24; ${t.hi} = ${t.s} >> 31;`); return t; }
      case b.ExtendS16Int64: { const t = newTemp("l"); out.push(`${t.s} = ${a.s} << 16 >> 16; ${t.hi} = ${t.s} >> 31;`); return t; }
      case b.ExtendS32Int64: { const t = newTemp("l"); out.push(`${t.s} = ${a.s}; ${t.hi} = ${t.s} >> 31;`); return t; }
      case b.ClzInt64: return pairCall(`$clz64(${a.s}, ${a.hi})`);
      case b.CtzInt64: return pairCall(`$ctz64(${a.s}, ${a.hi})`);
      case b.PopcntInt64: return pair(`(($popcnt(${a.s})|0) + ($popcnt(${a.hi})|0))|0`, "0");
      case b.TruncSFloat64ToInt64: return pairCall(`$ti64s(${a.s})`);
      case b.TruncUFloat64ToInt64: return pairCall(`$ti64u(${a.s})`);
      case b.TruncSFloat32ToInt64: return pairCall(`$ti64s(+${a.s})`);
      case b.TruncUFloat32ToInt64: return pairCall(`$ti64u(+${a.s})`);
      case b.TruncSatSFloat64ToInt64: return pairCall(`$si64s(${a.s})`);
      case b.TruncSatUFloat64ToInt64: return pairCall(`$si64u(${a.s})`);
      case b.TruncSatSFloat32ToInt64: return pairCall(`$si64s(+${a.s})`);
      case b.TruncSatUFloat32ToInt64: return pairCall(`$si64u(+${a.s})`);
      case b.ReinterpretFloat64: return pairCall(`$bf64(${a.s})`);
      case b.ReinterpretInt64: return { s: `(+$f64b(${a.s}, ${a.hi}))` };
      case b.ConvertSInt64ToFloat64: return { s: `(+${sgn(a.hi!)} * 4294967296.0 + +${uns(a.s)})` };
      case b.ConvertUInt64ToFloat64: return { s: `(+${uns(a.hi!)} * 4294967296.0 + +${uns(a.s)})` };
      case b.ConvertSInt64ToFloat32: return { s: `fround($i64f32(${a.s}, ${a.hi}))` };
      case b.ConvertUInt64ToFloat32: return { s: `fround($u64f32(${a.s}, ${a.hi}))` };
    }
    throw new Error(`wamrc-ts: asm.js flavor: unsupported unary op ${op}`);
  }

  function genBinary(i: any): V {
    const op = i.op;
    let [x, y] = operands([i.left, i.right]);
    if ((op === b.RotLInt32 || op === b.RotRInt32) && !simple(x.s)) x = freeze("i", x);
    if ((op === b.RotLInt32 || op === b.RotRInt32) && !simple(y.s)) y = freeze("i", y);
    const f = I32B[op] ?? F64B[op] ?? F32B[op];
    // V8 folds float arithmetic with the constants 0, -0, 1 and -1 (x - 0, x * 1, x / 1, x * -1,
    // -0 - x, ...) in asm.js code, which keeps a signaling NaN where WebAssembly gives a quiet one:
    // with such a constant operand, a NaN takes the other arm (x + 1, quiet, payload kept). Other
    // constants are not folded (x * 2 becomes x + x, x / 2^n a product: both quiet a NaN), so
    // nbody's dt * v needs no test.
    const isConst = (v: V) => /^\(?-?[\d.e+]+\)?$|^fround\(\(?-?[\d.e+]+\)?\)$|^\(?-?\$inf\)?$|^fround\(\(?-?\$inf\)?\)$/.test(v.s);
    const folds = (v: V) => isConst(v) && !v.s.includes("$inf") && [0, 1, -1].includes(Number(v.s.replace(/fround|[()]/g, "")));
    if (f && (F64B[op] || F32B[op]) && op !== b.CopySignFloat64 && op !== b.CopySignFloat32 && (isConst(x) !== isConst(y)) && (folds(x) || folds(y))) {
      // (operands used more than once are frozen first: repeating a nested expression grows the code exponentially)
      if (isConst(y) && !simple(x.s)) x = freeze(F64B[op] ? "d" : "f", x);
      if (isConst(x) && !simple(y.s)) y = freeze(F64B[op] ? "d" : "f", y);
      const v = isConst(x) ? y : x;
      return { s: F64B[op] ? `(${v.s} != ${v.s} ? ${v.s} + 1.0 : ${f(x.s, y.s)})` : `(${v.s} != ${v.s} ? fround(${v.s} + fround(1.0)) : ${f(x.s, y.s)})` };
    }
    if (f) return { s: f(x.s, y.s) };
    const lit = (s: string): number | null => (/^\(?-?\d+\)?$/.test(s) ? Number(s.replace(/[()]/g, "")) : null);
    switch (op) {
      case b.DivSInt32: case b.RemSInt32: {
        const d = lit(y.s);
        if (d === null || d === 0) out.push(`if (!${y.s}) ${trap(T_DIV0)}`);
        if (op === b.DivSInt32 && (d === null || d === -1)) out.push(`if ((${sgn(x.s)} == -2147483648) & (${sgn(y.s)} == -1)) ${trap(T_OVF)}`);
        return { s: wrapI(`${sgn(x.s)} ${op === b.DivSInt32 ? "/" : "%"} ${sgn(y.s)}`) };
      }
      case b.DivUInt32: case b.RemUInt32: {
        const d = lit(y.s);
        if (d === null || d === 0) out.push(`if (!${y.s}) ${trap(T_DIV0)}`);
        return { s: wrapI(`${uns(x.s)} ${op === b.DivUInt32 ? "/" : "%"} ${uns(y.s)}`) };
      }
      case b.AddInt64: {
        const t = newTemp("l");
        out.push(`${t.s} = (${x.s} + ${y.s})|0; ${t.hi} = (${x.hi} + ${y.hi} + (${uns(t.s)} < ${uns(x.s)}))|0;`);
        return t;
      }
      case b.SubInt64: {
        const t = newTemp("l");
        out.push(`${t.s} = (${x.s} - ${y.s})|0; ${t.hi} = (${x.hi} - ${y.hi} - (${uns(x.s)} < ${uns(y.s)}))|0;`);
        return t;
      }
      case b.MulInt64: {
        // inline: the low halves' 16-bit partial products (each below 2^32: exact in imul's low
        // 32 bits), their carries into the high half, and the high halves' cross products
        // (modulo 2^32) only where not the constant 0
        if (!simple(x.s) || !simple(x.hi!)) x = freeze("l", x);
        if (!simple(y.s) || !simple(y.hi!)) y = freeze("l", y);
        const [p00, p01, p10, mid] = [0, 0, 0, 0].map(() => newTemp("i").s);
        const t = newTemp("l");
        const cross = [lit(y.hi!) === 0 ? "" : ` + imul(${x.s}, ${y.hi})`, lit(x.hi!) === 0 ? "" : ` + imul(${x.hi}, ${y.s})`].join("");
        out.push(`${p00} = imul(${x.s} & 65535, ${y.s} & 65535)|0; ${p01} = imul(${x.s} & 65535, ${y.s} >>> 16)|0; ${p10} = imul(${x.s} >>> 16, ${y.s} & 65535)|0; ` +
          `${mid} = ((${p00} >>> 16) + (${p01} & 65535) + (${p10} & 65535))|0; ` +
          `${t.hi} = (imul(${x.s} >>> 16, ${y.s} >>> 16) + (${p01} >>> 16) + (${p10} >>> 16) + (${mid} >>> 16)${cross})|0; ${t.s} = ${mid} << 16 | ${p00} & 65535;`);
        return t;
      }
      case b.ShlInt64: case b.ShrUInt64: case b.ShrSInt64: {
        const c = lit(y.s);
        if (c === null) return pairCall(`$${op === b.ShlInt64 ? "shl64" : op === b.ShrSInt64 ? "shrs64" : "shru64"}(${x.s}, ${x.hi}, ${y.s})`);
        // by a constant: inline
        const n = c & 63;
        if (n === 0) return pair(x.s, x.hi!);
        if (!simple(x.s) || !simple(x.hi!)) x = freeze("l", x);
        const [lo, hi] = [x.s, x.hi!];
        if (op === b.ShlInt64) return n < 32 ? pair(`${lo} << ${n}`, `${hi} << ${n} | ${lo} >>> ${32 - n}`) : pair("0", n === 32 ? lo : `${lo} << ${n - 32}`);
        const top = op === b.ShrUInt64 ? "0" : `${hi} >> 31`;
        const sh = op === b.ShrUInt64 ? ">>>" : ">>";
        return n < 32 ? pair(`${lo} >>> ${n} | ${hi} << ${32 - n}`, `(${hi} ${sh} ${n})|0`) : pair(n === 32 ? hi : `(${hi} ${sh} ${n - 32})|0`, top);
      }
      case b.DivSInt64: return pairCall(`$divs64(${x.s}, ${x.hi}, ${y.s}, ${y.hi}, 0)`);
      case b.RemSInt64: return pairCall(`$divs64(${x.s}, ${x.hi}, ${y.s}, ${y.hi}, 1)`);
      case b.DivUInt64: return pairCall(`$divu64(${x.s}, ${x.hi}, ${y.s}, ${y.hi})`);
      case b.RemUInt64: return pairCall(`$remu64(${x.s}, ${x.hi}, ${y.s}, ${y.hi})`);
      case b.AndInt64: return pair(`${x.s} & ${y.s}`, `${x.hi} & ${y.hi}`);
      case b.OrInt64: return pair(`${x.s} | ${y.s}`, `${x.hi} | ${y.hi}`);
      case b.XorInt64: return pair(`${x.s} ^ ${y.s}`, `${x.hi} ^ ${y.hi}`);
      case b.RotLInt64: return pairCall(`$rotl64(${x.s}, ${x.hi}, ${y.s})`);
      case b.RotRInt64: return pairCall(`$rotr64(${x.s}, ${x.hi}, ${y.s})`);
      case b.EqInt64: return { s: `((${sgn(x.s)} == ${sgn(y.s)}) & (${sgn(x.hi!)} == ${sgn(y.hi!)}))` };
      case b.NeInt64: return { s: `((${sgn(x.s)} != ${sgn(y.s)}) | (${sgn(x.hi!)} != ${sgn(y.hi!)}))` };
    }
    const cmp: Record<number, [boolean, string]> = {
      [b.LtSInt64]: [true, "<"], [b.LeSInt64]: [true, "<="], [b.GtSInt64]: [true, ">"], [b.GeSInt64]: [true, ">="],
      [b.LtUInt64]: [false, "<"], [b.LeUInt64]: [false, "<="], [b.GtUInt64]: [false, ">"], [b.GeUInt64]: [false, ">="],
    };
    const c = cmp[op];
    if (c) {
      const [signed, o] = c;
      const strict = o[0];
      const h = signed ? sgn : uns;
      return { s: `((${h(x.hi!)} ${strict} ${h(y.hi!)}) | (${sgn(x.hi!)} == ${sgn(y.hi!)}) & (${uns(x.s)} ${o} ${uns(y.s)}))` };
    }
    throw new Error(`wamrc-ts: asm.js flavor: unsupported binary op ${op}`);
  }

  /** A condition as an asm int expression. */
  const cond = (e: Ref): string => { const [v] = operands([e]); return sgn(v.s); };

  /** Statements. `asExpr`: called from gen() for a control-flow node used as a value (flattened IR has none with values). */
  function stmt(e: Ref, asExpr = false): void {
    const id = b.getExpressionId(e);
    if (id === b.NopId || id === b.UnreachableId) { gen(e); return; }
    const i: any = b.getExpressionInfo(e);
    if (asExpr && i.type !== b.none && i.type !== b.unreachable) throw new Error(`wamrc-ts: asm.js flavor: control flow with a value (the IR is not flat): ${b.emitText(e).slice(0, 200)}`);
    switch (i.id) {
      case b.BlockId: {
        count(e);
        const kids: Ref[] = i.children;
        if (i.name) {
          const js = `L${labelN++}`;
          labelOf.set(i.name, { js, loop: false });
          out.push(`${js}: {`);
          nested(() => grouped(() => { for (const c of kids) stmt(c); }));
          out.push("}");
          labelOf.delete(i.name);
        } else grouped(() => { for (const c of kids) stmt(c); }); // no branch ends it early: its facts hold after it
        return;
      }
      case b.LoopId: {
        const version = alignedLocals.size || versioned.has(e) ? null : loopVersion(e);
        if (version) {
          versioned.add(e);
          // Two copies: one where the pointer locals are aligned (their accesses need no slow path), one as is.
          const test = [...version].map(([l, bits]) => `l${l} & ${(1 << bits) - 1}`).join(" | ");
          out.push(`if (((${test})|0) == 0) {`);
          alignedLocals = version;
          stmt(e);
          alignedLocals = new Map();
          out.push("} else {");
          stmt(e);
          out.push("}");
          return;
        }
        count(e);
        const js = `L${labelN++}`;
        if (i.name) labelOf.set(i.name, { js, loop: true });
        const k = meterOpen();
        if (fuelMode === "none") {
          out.push(`${js}: while (1) {`);
          nested(() => stmt(i.body), true);
          out.push(`break ${js};`, "}");
        } else {
          // The charge's slow path leaves the loop: the refill (a call) runs in a loop around it,
          // which gives the debt back and enters the loop again (its header charges again). A call
          // in the loop, even on a path never taken, cost V8's code for it: crc32 1.34x.
          const outer = `L${labelN++}`;
          out.push(`${outer}: while (1) {`, `${js}: while (1) {`, `${FI()} = (${FI()} - $R${k}$)|0; if ((${FI()}|0) < 0) break ${js};`);
          nested(() => stmt(i.body), true);
          out.push(`break ${outer};`, "}", `${refill()} ${FI()} = (${FI()} + $R${k}$)|0;`, "}");
        }
        meterClose();
        if (i.name) labelOf.delete(i.name);
        return;
      }
      case b.IfId: {
        count(e);
        const c = cond(i.condition);
        out.push(`if (${c}) {`);
        nested(() => grouped(() => stmt(i.ifTrue)));
        if (i.ifFalse) { out.push("} else {"); nested(() => grouped(() => stmt(i.ifFalse))); }
        out.push("}");
        return;
      }
      case b.BreakId: {
        count(e);
        if (i.value) throw new Error("wamrc-ts: asm.js flavor: br with a value (the IR is not flat)");
        const l = labelOf.get(i.name);
        if (!l) throw new Error(`wamrc-ts: internal error: branch to unknown label ${i.name}`);
        const jump = `${l.loop ? "continue" : "break"} ${l.js};`;
        if (i.condition) out.push(`if (${cond(i.condition)}) ${jump}`); else out.push(jump);
        return;
      }
      case b.SwitchId: {
        count(e);
        if (i.value) throw new Error("wamrc-ts: asm.js flavor: br_table with a value (the IR is not flat)");
        const c = cond(i.condition);
        const jump = (n: string): string => { const l = labelOf.get(n)!; return `${l.loop ? "continue" : "break"} ${l.js};`; };
        const names: string[] = i.names;
        const cases: string[] = [];
        names.forEach((n, k) => { if (n !== i.defaultName) cases.push(`case ${k}: ${jump(n)}`); });
        out.push(`switch (${c}) { ${cases.join(" ")} default: ${jump(i.defaultName)} }`);
        return;
      }
      case b.ReturnId: {
        count(e);
        if (!i.value) { out.push(`${fuelMode === "local" ? "$fi = fi; " : ""}return;`); return; }
        const [v] = operands([i.value]);
        out.push(returnOf(atOf(b.getExpressionType(i.value)), v));
        return;
      }
      default:
        gen(e); // a value left unused is pure: its effects and traps were emitted as statements
    }
  }
  let retType: AT = "v";
  const returnOf = (t: AT, v: V): string => `${fuelMode === "local" ? "$fi = fi; " : ""}${t === "l" ? `$hi = ${v.hi}; return ${v.s}|0;` : `return ${coerce(t, v.s)};`}`;

  // ---- functions ----
  const parts: string[] = [];
  const nf = mod.getNumFunctions();
  const defined = new Set<number>();
  for (let f = 0; f < nf; f++) {
    const fi = b.getFunctionInfo(mod.getFunctionByIndex(f));
    const idx = lookup(names.funcs, fi.name, "function");
    if (idx < nImpF) continue;
    defined.add(idx);
    const params = (fi.params === b.none ? [] : b.expandType(fi.params)).map(atOf);
    const results = (fi.results === b.none ? [] : b.expandType(fi.results)).map(atOf);
    retType = results.length ? results[0] : "v";
    out = []; decls = []; nTemps = 0; labelN = 0; regionCounts = []; regionStack = []; labelOf.clear(); usesTrap = false; groups = new Map();
    inInitial = insideInitialMemory(b, fi.body, params.length, initialBytes);
    bundled = bundledTests(b, fi.body, inInitial);
    checked = new Map(); spans = new Map(); localValues = new Map(); versions.clear(); valueNames.clear();
    fuelMode = !METER || isLeaf(idx) ? "none" : facts.get(idx)?.loop ? "local" : "global";
    const local = fuelMode === "local";
    regionStack.push(newRegion()); // the entry region: charged by the callers
    const depthCheck = DEPTH && fuelMode !== "none" ? `if (($dp|0) < 1) ${trap("$deep()")}` : "";
    const body0 = fi.body;
    if (body0) grouped(() => {
      const bt = atOf(b.getExpressionType(body0));
      if (bt !== "v") {
        const [v] = operands([body0]);
        out.push(returnOf(bt, v));
      } else stmt(body0);
    });
    meterClose();
    const counts = regionCounts;
    mergeGroups(counts);
    if (retType === "v" && local) out.push("$fi = fi;");
    const limits = new Set<string>();
    for (const l of out) for (const m of l.matchAll(/\b_([Le]\d+)\b/g)) limits.add(m[1]);
    const lr = [...limits].map((n) => `_${n} = $${n};`).join(" ");
    // (a region's count is far below the chunk's 2^30: a function body is at most a few MB)
    const fill = (l: string): string => l.replace(/\$G(\d+)\$/g, (_m, k: string) => (counts[+k] ? charge(+k) : ""))
      .replace(/\$R(\d+)\$/g, (_m, k: string) => String(Math.max(1, counts[+k])));
    const body = out.map((l) => fill(l)
      .replace(/\$BC\$/g, local ? "$fi = fi; " : "").replace(/\$AC\$/g, `${local ? "fi = $fi; " : ""}${lr}`).replace(/\$LR\$/g, lr)).filter((l) => l !== "");
    const head: string[] = [];
    const coercions: string[] = [];
    params.forEach((t, k) => {
      if (t === "l") { head.push(`l${k}`, `h${k}`); coercions.push(`l${k} = l${k}|0; h${k} = h${k}|0;`); }
      else { head.push(`l${k}`); coercions.push(`l${k} = ${coerce(t, `l${k}`)};`); }
    });
    if (takesDepth(idx)) { head.push("$dp"); coercions.push("$dp = $dp|0;"); }
    const locals = fi.vars.map((t: number, k: number) => {
      const a = atOf(t); const n = params.length + k;
      return a === "l" ? `l${n} = 0, h${n} = 0` : `l${n} = ${ZERO[a]}`;
    });
    parts.push(`function f${idx}(${head.join(", ")}) {`, ...coercions);
    const vars = [...locals, ...decls, ...[...limits].map((n) => `_${n} = 0`), ...(local ? ["fi = 0"] : []), ...(usesTrap ? ["$tc = 0"] : [])];
    if (vars.length) parts.push(`var ${vars.join(", ")};`);
    if (local || limits.size) parts.push(`${local ? "fi = $fi; " : ""}${lr}`);
    if (usesTrap) parts.push("$T: {");
    if (depthCheck) parts.push(depthCheck);
    // Every trap leaves through the block $T to the calls after it: the loops never contain the call
    // (a call in a loop, even on a path never taken, costs V8's register allocation: measured on matmul,
    // a bounds check with the call in place cost 2x the loop).
    const fin = retType === "v" ? "return;" : `return ${ZERO[retType]};`;
    parts.push(...body);
    parts.push(fin);
    if (usesTrap) parts.push("}", `${local ? "$fi = fi; " : ""}if (($tc|0) == 100) $fuelOut(); if (($tc|0) == 101) $deep(); $trap($tc|0); ${fin}`);
    parts.push("}");
  }

  // ---- entry points: exported functions (and the start function) called from JavaScript ----
  // f32 crosses as its bits (int) so that NaN payloads survive; an i64 result's high half is read with $gethi.
  const escaping = new Set<number>();
  for (const e of st.exports) if (e.kind === 0) escaping.add(e.index);
  if (st.start !== undefined && st.start >= 0 && st.start !== 0xffffffff) escaping.add(st.start);
  const thunks: string[] = [];
  const exportLines: string[] = [];
  for (const k of escaping) {
    if (k < nImpF) continue;
    const ft = funcType(k);
    const ps = [...ft.params].map(atOfCode);
    const rt: AT = ft.results.length ? atOfCode(ft.results[0]) : "v";
    const c = codeOf(k);
    if (!ps.includes("f") && rt !== "f") { exportLines.push(`x${k}: f${c}`); continue; }
    const head: string[] = []; const co: string[] = []; const a: string[] = [];
    ps.forEach((t, j) => {
      if (t === "l") { head.push(`a${j}`, `b${j}`); co.push(`a${j} = a${j}|0; b${j} = b${j}|0;`); a.push(`a${j}`, `b${j}`); }
      else if (t === "f") { head.push(`a${j}`); co.push(`a${j} = a${j}|0;`); a.push(`fround($f32b(a${j}))`); }
      else { head.push(`a${j}`); co.push(`a${j} = ${coerce(t, `a${j}`)};`); a.push(`a${j}`); }
    });
    if (takesDepth(c)) { head.push("$dp"); co.push("$dp = $dp|0;"); a.push("$dp"); }
    const call = `f${c}(${a.join(", ")})`;
    const ret = rt === "v" ? `${call};` : rt === "f" ? `return $bf32(fround(${call}))|0;` : `return ${coerce(rt, call)};`;
    thunks.push(`function $x${k}(${head.join(", ")}) { ${co.join(" ")} ${ret} }`);
    exportLines.push(`x${k}: $x${k}`);
  }

  // ---- the asm.js module ----
  const asm: string[] = ['"use asm";'];
  asm.push("var I8 = new stdlib.Int8Array(heap), U8 = new stdlib.Uint8Array(heap), I16 = new stdlib.Int16Array(heap), U16 = new stdlib.Uint16Array(heap);");
  asm.push("var I32 = new stdlib.Int32Array(heap), F32 = new stdlib.Float32Array(heap), F64 = new stdlib.Float64Array(heap);");
  asm.push("var imul = stdlib.Math.imul, fround = stdlib.Math.fround, clz32 = stdlib.Math.clz32, abs = stdlib.Math.abs, floor = stdlib.Math.floor, ceil = stdlib.Math.ceil, sqrt = stdlib.Math.sqrt, $inf = stdlib.Infinity;");
  asm.push("var $trap = foreign.trap, $fuelOut = foreign.fuelOut, $deep = foreign.deep, $grow = foreign.grow, $mcopy = foreign.mcopy, $mfill = foreign.mfill;");
  for (let k = 0; k < nImpF; k++) asm.push(`var $i${k} = foreign.i${k};`);
  asm.push("var $cb = foreign.cb|0, $tb = foreign.tb|0, $tsz = foreign.tsz|0, $sc = 0, $sz = 0, $e1 = 0, $e2 = 0, $e4 = 0, $e8 = 0, $L1 = 0, $L2 = 0, $L4 = 0, $L8 = 0, $L48 = 0;");
  asm.push("var $hi = 0, $rl = 0, $rh = 0, $fu = 0.0, $fi = 0, $f0 = fround(0);");
  for (let g = 0; g < nGlobals; g++) {
    const t = atOfCode(globalType(g));
    asm.push(t === "l" ? `var $g${g} = 0, $g${g}h = 0;` : `var $g${g} = ${ZERO[t]};`);
  }
  asm.push(PRELUDE);
  // Setters and getters the glue uses: memory size, fuel, globals' initial values (from the transfer area), $hi.
  asm.push("function $setsz(n) { n = n|0; $sz = n; $e1 = (n|0) > 0 ? n : 0; $e2 = (n|0) > 1 ? (n - 1)|0 : 0; $e4 = (n|0) > 3 ? (n - 3)|0 : 0; $e8 = (n|0) > 7 ? (n - 7)|0 : 0; $sc = ($cb + 16)|0; $L1 = n; $L2 = n >>> 1; $L4 = n >>> 2; $L8 = n >>> 3; $L48 = (n|0) > 7 ? ((n >>> 2) - 1)|0 : 0; }");
  asm.push("function $setfu(x) { x = +x; $fu = x; $fi = 0; }");
  asm.push("function $getfu() { return +($fu + +($fi|0)); }");
  asm.push("function $gethi() { return $hi|0; }");
  asm.push("function $probe() { var x = fround(0); I32[$sc >> 2] = 2141192192; x = fround(F32[$sc >> 2]); F32[($sc + 4) >> 2] = x; return I32[($sc + 4) >> 2]|0; }");
  const gl: string[] = [];
  for (let g = 0; g < nGlobals; g++) {
    const t = atOfCode(globalType(g));
    const at = `(($cb + ${ASM_CB_BYTES + 8 * g})|0)`;
    if (t === "l") gl.push(`$g${g} = I32[${at} >> 2]|0; $g${g}h = I32[(${at} + 4) >> 2]|0;`);
    else if (t === "i") gl.push(`$g${g} = I32[${at} >> 2]|0;`);
    else if (t === "f") gl.push(`$g${g} = fround(F32[${at} >> 2]);`);
    else gl.push(`$g${g} = +F64[${at} >> 3];`);
  }
  asm.push(`function $gload() { ${gl.join(" ")} }`);
  asm.push(...parts);
  asm.push(...thunks);
  for (const [key, list] of tableFuncs) {
    const n = tableMask(list.length) + 1;
    const fs = Array.from({ length: n }, (_, j) => `f${list[j < list.length ? j : 0]}`);
    asm.push(`var $FT${sigIds.get(key)} = [${fs.join(", ")}];`);
  }
  asm.push(`return { ${["setsz: $setsz", "setfu: $setfu", "getfu: $getfu", "gethi: $gethi", "gload: $gload", "probe: $probe", ...exportLines].join(", ")} };`);

  // ---- the glue (plain JavaScript): the loader's contract ----
  const entries: number[] = [];
  for (let k = 0; k < nImpF + st.functions.length; k++) entries.push(k < nImpF ? -1 : entryOf(k));
  const sig = (k: number): string => {
    const ft = funcType(k);
    return `${[...ft.params].map((c) => (c === 0x7e ? "J" : atOfCode(c) === "d" ? "F" : atOfCode(c) === "f" ? "f" : "i")).join("")}:${[...ft.results].map((c) => (c === 0x7e ? "J" : atOfCode(c) === "d" ? "F" : atOfCode(c) === "f" ? "f" : "i")).join("")}`;
  };
  const glue: string[] = [];
  glue.push('"use strict";');
  glue.push(`function $asm(stdlib, foreign, heap) {\n${asm.join("\n")}\n}`);
  glue.push(`var $rt = rt, $FU = $rt.fuel, $H = $rt.H;`);
  glue.push(`var $sigs = ${JSON.stringify(Array.from({ length: nImpF + st.functions.length }, (_, k) => sig(k)))};`);
  glue.push(`var $entries = ${JSON.stringify(entries)};`);
  glue.push(`var $gtypes = ${JSON.stringify(Array.from({ length: nGlobals }, (_, g) => atOfCode(globalType(g))))};`);
  glue.push(`var $traps = ${JSON.stringify(ASM_TRAPS)};`);
  const tsz = st.tables.length ? st.tables[0].min : 0;
  // The memory may grow (memory.grow, or the host through an export): reserve up to its limit.
  const grows = st.exports.some((e) => e.kind === 2) || usesGrow;
  glue.push(`var $layout = { cb: ${ASM_CB_BYTES}, extra: ${ASM_CB_BYTES + 8 * nGlobals + 4 * tsz}, tsz: ${tsz}, globals: ${nGlobals}, grows: ${grows} };`);
  glue.push(`var $metered = ${METER}, $depth = ${DEPTH};`);
  glue.push(`var $dpOf = ${JSON.stringify(Array.from({ length: nImpF + st.functions.length }, (_, k) => (k >= nImpF && takesDepth(codeOf(k)) ? 1 : 0)))};`);
  glue.push(ASM_GLUE);
  return { source: glue.join("\n"), features };
}

/**
 * The glue: plain JavaScript around the asm.js module (see the loader's contract in codegen-js.ts
 * and docs/aot-format.md). Names from the generated part: $asm, $rt, $FU, $H, $sigs, $entries,
 * $gtypes, $traps, $layout.
 */
const ASM_GLUE = String.raw`
var $stdlib = { Int8Array: Int8Array, Uint8Array: Uint8Array, Int16Array: Int16Array, Uint16Array: Uint16Array, Int32Array: Int32Array, Float32Array: Float32Array, Float64Array: Float64Array, Math: Math, Infinity: Infinity };
function $heapBytes(n) { if (n <= 4096) return 4096; if (n <= 16777216) { var p = 4096; while (p < n) p *= 2; return p; } return Math.ceil(n / 16777216) * 16777216; }
function $trapOf(c) { $rt.trap($traps[c]); }
// An array that keeps numbers boxed: V8 canonicalizes NaNs stored in an array of doubles (payloads matter).
function $values() { var a = [null]; a.pop(); return a; }
function $create(env) {
  var S = { env: env, m: env.m || null, x: null, heap: null, cb: 0, I32: null, F64: null, w: [], f: env.f, nm: env.nm };
  return S;
}
function $init(S, g) {
  var env = S.env, m = S.m, cap, heap;
  if (m !== null) { heap = m.reserveFor($layout.extra, $heapBytes, $layout.grows); cap = m.capacity; }
  else { cap = 0; heap = new ArrayBuffer($heapBytes($layout.extra)); }
  // After the memory: the control block, the globals' transfer area (xb), the table (tb).
  S.heap = heap; S.cb = cap; S.xb = cap + $layout.cb; S.tb = S.xb + 8 * $layout.globals;
  S.I32 = new Int32Array(heap); S.F64 = new Float64Array(heap);
  var cbi = cap >> 2, cbf = cap >> 3;
  var foreign = {
    trap: $trapOf, fuelOut: $rt.fuelOut, deep: $rt.deep,
    grow: function (d) { return m.grow(d >>> 0); },
    mcopy: function (d, s, n) { d >>>= 0; s >>>= 0; n >>>= 0; if (d + n > m.size || s + n > m.size) $rt.oob(); new Uint8Array(heap).copyWithin(d, s, s + n); },
    mfill: function (d, v, n) { d >>>= 0; n >>>= 0; if (d + n > m.size) $rt.oob(); new Uint8Array(heap).fill(v, d, d + n); },
    cb: cap, tb: S.tb, tsz: $layout.tsz,
  };
  for (var k = 0; k < S.f.length; k++) foreign["i" + k] = $importer(S, S.f[k], $sigs[k], cbi, cbf);
  // Globals' initial values through the transfer area (f32 by its bits).
  for (var j = 0; j < $gtypes.length; j++) {
    var at = (S.xb + 8 * j) >> 2, v = j < g.length && g[j] !== undefined ? g[j] : env.g[j].pairs ? [env.g[j].v, env.g[j].h] : env.g[j].v;
    switch ($gtypes[j]) {
      case "i": S.I32[at] = v; break;
      case "l": S.I32[at] = v[0]; S.I32[at + 1] = v[1]; break;
      case "f": S.I32[at] = $rt.f32_bits(v); break;
      default: S.F64[at >> 1] = v;
    }
  }
  var x = S.x = $asm($stdlib, foreign, heap);
  x.setsz(m !== null ? m.size : 0);
  // Validated (run as WebAssembly): a signaling NaN goes through an f32 load and store unchanged;
  // as JavaScript, reading it into a number quiets it. (The scratch bytes are past the memory.)
  S.validated = x.probe() === 0x7fa00000;
  if (m !== null) m.onGrow(function () { x.setsz(m.size); });
  x.gload();
}
// An imported function as asm.js calls it: int and double arguments (f32 as bits, i64 as two ints);
// the fuel and call depth published in the control block go to the shared cells for the callee and back.
function $importer(S, f, sig, cbi, cbf) {
  var ps = sig.split(":")[0], r = sig.split(":")[1];
  var hasF = ps.indexOf("f") >= 0;
  return function () {
    var a = arguments;
    if (hasF) { a = $values(); for (var i = 0, k = 0; i < ps.length; i++) { if (ps[i] === "f") a.push($rt.f32_from(arguments[k++])); else if (ps[i] === "J") { a.push(arguments[k++], arguments[k++]); } else a.push(arguments[k++]); } }
    $FU[0] = S.F64[cbf]; $FU[1] = S.I32[cbi + 2];
    var v = f.apply(null, a);
    S.F64[cbf] = $FU[0];
    if (r === "f") return $rt.f32_bits(v);
    if (r === "J") S.I32[cbi + 6] = $H[0];
    return v;
  };
}
// A function of this instance as JavaScript calls it (the plain flavor's convention: pairs, f32 as numbers carrying NaN payloads).
function $fn(S, k) {
  if (k < S.f.length) return S.f[k];
  var w = S.w[k];
  if (w !== undefined) return w;
  var x = S.x, g = x["x" + k], sig = $sigs[k], ps = sig.split(":")[0], r = sig.split(":")[1];
  var hasF = ps.indexOf("f") >= 0;
  // Not exported: only element segments name it (the table is private to the code), as its entry.
  if (g === undefined) w = S.w[k] = function () { throw new Error("wamr-ts: internal error: function " + k + " is not an entry point of the asm.js code"); };
  else w = S.w[k] = function () {
    var a = $values(), n = arguments.length;
    for (var i = 0; i < n; i++) a.push(arguments[i]);
    if (hasF) for (var i = 0, j = 0; i < ps.length; i++, j++) { if (ps[i] === "f") a[j] = $rt.f32_bits(a[j]); else if (ps[i] === "J") j++; }
    if ($dpOf[k]) a.push($FU[1] | 0);
    x.setfu($FU[0]);
    var v;
    try { v = g.apply(null, a); } finally { $FU[0] = x.getfu(); }
    if (r === "J") $H[0] = x.gethi();
    else if (r === "f") v = $rt.f32_from(v);
    return r === "" ? undefined : v;
  };
  w.$s = sig; w.$n = S.nm(k); w.$k = k;
  return w;
}
// After the element segments: the table's contents in the heap, by function (this flavor's tables hold this module's functions only).
function $ready(S) {
  var t = S.env.t[0];
  if (!t) return;
  var at = S.tb >> 2;
  for (var i = 0; i < t.e.length; i++) { var f = t.e[i]; S.I32[at + i] = f === null || f === undefined ? -1 : $entries[f.$k]; }
}
return { create: $create, init: $init, fn: $fn, ready: $ready, asm: true, metered: $metered, depth: $depth };
`;
