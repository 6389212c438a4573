/**
 * The `js` target: lowers Binaryen IR (walking the expression tree) to one
 * JavaScript source text, the body of a factory `function (env)` that the
 * loader (aot/loader.ts) calls once per instance. See docs/aot-format.md,
 * "Code (js target)", for the contract between this code and the loader.
 *
 * Values: i32 as int32 numbers, i64 as BigInt (normalized with
 * BigInt.asIntN(64, ..)), f32 as numbers rounded with Math.fround (NaN
 * payloads carried in the f64 NaN's top mantissa bits, see $f32_from/$f32_bits
 * in the loader), f64 as numbers, references as JS values (null for null;
 * funcref as the callee function, with its signature in `$s`).
 * Every trap is an explicit check: wasm2js-style silent wrapping is never used.
 */
import type binaryenNs from "binaryen";
import type { WasmStructure } from "./wasm-parse.js";
import { initialMemoryBytes, insideInitialMemory } from "./ranges.js";

type B = typeof binaryenNs;
type Ref = number;

/** Names Binaryen gave to the module's index spaces (read before optimizing). */
export interface NameMaps {
  funcs: Map<string, number>;
  globals: Map<string, number>;
  tables: Map<string, number>;
  data: Map<string, number>;
  elems: Map<string, number>;
}

export interface CodegenResult { source: string; features: { bulk: boolean; ref: boolean; multi: boolean } }

const TYPE_LETTER: Record<number, string> = { 0x7f: "i", 0x7e: "I", 0x7d: "f", 0x7c: "F", 0x70: "r", 0x6f: "e" };

/** A signature key: param letters, ':', result letters (i I f F r e). Used by call_indirect checks. */
export function sigKey(params: Uint8Array | number[], results: Uint8Array | number[]): string {
  return `${[...params].map((c) => TYPE_LETTER[c]).join("")}:${[...results].map((c) => TYPE_LETTER[c]).join("")}`;
}

/**
 * A generated value. k: 0 constant, 1 reads state, 2 may have effects or trap; raw: an i64 not yet
 * wrapped to 64 bits (bigint mode). With --i64=pairs an i64 is `s` (low 32 bits) and `hi` (high 32
 * bits), both simple (a constant, or a local or temp variable: free to read twice); every i64
 * computation is emitted as statements into fresh temps.
 */
interface R { s: string; k: 0 | 1 | 2; raw?: string; hi?: string; al?: number }

interface Label { js: string; temp: string | null; loop: boolean }

export interface CodegenOptions {
  i64?: "bigint" | "pairs";
  /**
   * Instruction metering and call-depth counting (default true): the code charges fuel and counts
   * call depth ("metering" below). Without it the code has neither (and cannot be run under a
   * fuel or call-depth limit: AotModule.metered is false).
   */
  metering?: boolean;
  /** With metering: count call depth too (default true; false leaves fuel only, to measure what depth costs). */
  callDepth?: boolean;
}

export function generateJs(b: B, mod: binaryenNs.Module, st: WasmStructure, names: NameMaps, aliases: Map<number, string> = new Map(), options: CodegenOptions = {}): CodegenResult {
  const P = options.i64 === "pairs";
  const METER = options.metering !== false;
  const DEPTH = METER && options.callDepth !== false;
  const ids = {
    Nop: b.NopId, Block: b.BlockId, If: b.IfId, Loop: b.LoopId, Break: b.BreakId, Switch: b.SwitchId, Call: b.CallId,
    CallIndirect: b.CallIndirectId, LocalGet: b.LocalGetId, LocalSet: b.LocalSetId, GlobalGet: b.GlobalGetId, GlobalSet: b.GlobalSetId,
    Load: b.LoadId, Store: b.StoreId, Const: b.ConstId, Unary: b.UnaryId, Binary: b.BinaryId, Select: b.SelectId, Drop: b.DropId,
    Return: b.ReturnId, MemorySize: b.MemorySizeId, MemoryGrow: b.MemoryGrowId, Unreachable: b.UnreachableId,
    MemoryInit: b.MemoryInitId, DataDrop: b.DataDropId, MemoryCopy: b.MemoryCopyId, MemoryFill: b.MemoryFillId,
    RefNull: b.RefNullId, RefIsNull: b.RefIsNullId, RefFunc: b.RefFuncId, TableGet: b.TableGetId, TableSet: b.TableSetId,
    TableSize: b.TableSizeId, TableGrow: b.TableGrowId, TupleMake: b.TupleMakeId, TupleExtract: b.TupleExtractId,
    TableFill: (b as any)._BinaryenTableFillId(), TableCopy: (b as any)._BinaryenTableCopyId(),
    TableInit: (b as any)._BinaryenTableInitId(), ElemDrop: (b as any)._BinaryenElemDropId(),
  };
  const features = { bulk: false, ref: false, multi: false };
  const used = new Set<string>(); // helpers referenced
  const use = (h: string): string => { used.add(h); return h; };

  // Globals: imported or exported ones live in cells shared with the host; the rest are `let`s.
  const nImportedGlobals = st.imports.filter((i) => i.kind === 3).length;
  const exportedGlobals = new Set(st.exports.filter((e) => e.kind === 3).map((e) => e.index));
  const isCell = (g: number) => g < nImportedGlobals || exportedGlobals.has(g);
  const nImportedFuncs = st.imports.filter((i) => i.kind === 0).length;
  const globalType = (g: number): number => g < nImportedGlobals ? st.imports.filter((i) => i.kind === 3)[g].desc.valType! : st.globals[g - nImportedGlobals].valType;
  /** An i64 global held as two int32 halves (--i64=pairs). */
  const isPair = (g: number) => P && globalType(g) === 0x7e;
  // Internal number globals live in typed arrays of the instance, `$GI` (i32, and both halves of a
  // pair) and `$GF` (f32 and f64 as doubles, NaN payloads kept), rather than in variables of the
  // code's scope: V8 boxes a double (or an int32 beyond a small integer) stored in a scope variable
  // as a new HeapNumber at every store, where a typed array element takes the raw value, and
  // switching instances ($enter) swaps two arrays instead of copying every global (measured: a loop
  // whose callee adds to an f64 global and steps an i32 one past 2^30, 2.2x faster; json 1.00-1.07x,
  // the other bench programs unchanged). Functions read `$GI`/`$GF` into locals like the memory views
  // (an instance switch happens only inside a call). The slot of global g: gSlot[g] (absent: a
  // scope variable `$g<n>`, for i64 as BigInt and references).
  const gSlot = new Map<number, { arr: "$GI" | "$GF"; k: number }>();
  let nGI = 0, nGF = 0;
  for (let g = 0; g < nImportedGlobals + st.globals.length; g++) {
    if (isCell(g)) continue;
    const t = globalType(g);
    if (t === 0x7f || isPair(g)) { gSlot.set(g, { arr: "$GI", k: nGI }); nGI += isPair(g) ? 2 : 1; }
    else if (t === 0x7d || t === 0x7c) gSlot.set(g, { arr: "$GF", k: nGF++ });
  }

  // ---- Binaryen access ----
  const L32 = (p: number): number => (b as any).__i32_load(p);
  const cstr = (p: number): string => {
    let s = "";
    for (let i = 0; i < 4096; i++) { const c = (b as any).__i32_load8_u(p + i); if (!c) break; s += String.fromCharCode(c); }
    return decodeURIComponent(escape(s));
  };
  /** Expression info; the four bulk table ops have no binaryen.js getters, so their fields are read from Binaryen's memory. */
  const info = (e: Ref): any => {
    if (meter.length && !counted.has(e)) { counted.add(e); meter[meter.length - 1]++; }
    const id = b.getExpressionId(e);
    switch (id) {
      case ids.TableInit: return { id, segment: cstr(L32(e + 8)), dest: L32(e + 12), offset: L32(e + 16), size: L32(e + 20), table: cstr(L32(e + 24)) };
      case ids.TableCopy: return { id, dest: L32(e + 8), source: L32(e + 12), size: L32(e + 16), destTable: cstr(L32(e + 20)), sourceTable: cstr(L32(e + 24)) };
      case ids.TableFill: return { id, table: cstr(L32(e + 8)), dest: L32(e + 12), value: L32(e + 16), size: L32(e + 20) };
      case ids.ElemDrop: return { id, segment: cstr(L32(e + 8)) };
      case ids.RefNull: case ids.Nop: case ids.Unreachable: return { id, type: b.getExpressionType(e) };
    }
    try {
      return b.getExpressionInfo(e);
    } catch {
      throw new Error(`wamrc-ts: unsupported Binaryen expression id ${id}: ${b.emitText(e).slice(0, 200)}`);
    }
  };
  const lookup = (m: Map<string, number>, n: string, what: string): number => {
    const i = m.get(n);
    if (i === undefined) throw new Error(`wamrc-ts: internal error: unknown ${what} "${n}" in Binaryen IR`);
    return i;
  };
  const expand = (t: number): number[] => (t === b.none || t === b.unreachable ? [] : b.expandType(t));
  const letterOf = (t: number): string => {
    if (t === b.i32) return "i"; if (t === b.i64) return P ? "J" : "I"; if (t === b.f32) return "f"; if (t === b.f64) return "F";
    if (t === b.externref) return "e";
    return "r";
  };
  const initOf = (t: number): string => {
    if (t === b.i64) return P ? "0" : "0n";
    if (t === b.i32 || t === b.f32 || t === b.f64) return "0";
    return "null";
  };

  // ---- metering ----
  // Fuel: the budget lives in the cell $FU[0] (shared by the code of every module; the loader swaps
  // a runtime's budget in and out, aot/loader.ts). A metered function copies it into its local
  // `$fu` at entry, charges `$fu` at entry and at every loop header (the number of IR expressions
  // of the function body or loop body outside nested loops; both arms of an if count), writes it
  // back to the cell before each call and return and reloads it after each call. Leaf functions
  // (no loop, no call) carry no fuel code: their callers charge their count at the call site, in
  // the region of the call. Counts are written after all functions are generated, through
  // placeholders ($FU$<region>$, $FE$ the entry charge, $EP$ the epilogue before a return).
  // Call depth: $FU[1] holds the calls left before the limit; a metered non-leaf function takes
  // one at entry (trapping with "call stack exhausted" when none is left) and gives it back when
  // it returns (a trap leaves it taken: the loader resets the cell where the host entered).
  let meter: number[] = [];
  let meterIds: number[] = [];
  let meterCounts: number[] = [];
  /** Per region: the functions called directly from it (leaf callees add their count to it). */
  let regionCallees: number[][] = [];
  let counted = new Set<Ref>();
  /** Open a metered region (function body, loop body): its charge statement, the count filled in later. */
  const meterOpen = (): string => {
    const id = meterCounts.length;
    meterCounts.push(0); meter.push(0); meterIds.push(id); regionCallees.push([]);
    return id === 0 ? "$FE$" : METER ? `if (($fu -= $FU$${id}$) < 0) $fuelOut();` : "";
  };
  const meterClose = (): void => { meterCounts[meterIds.pop()!] = Math.max(1, meter.pop()!); };
  const noteCallee = (f: number): void => { if (meterIds.length) regionCallees[meterIds[meterIds.length - 1]].push(f); };
  const FUEL_RE = /\$FU\$(\d+)\$/g;
  /** The function's epilogue (fuel write-back, call depth given back) before a return. */
  const EP = "$EP$";
  /**
   * Placeholders around a call of function f (-1: an import; -3: call_indirect; -2: memory.grow):
   * WB(f) before it becomes the fuel write-back (and for an import, the call depth's: $FU[1]),
   * RL(f) after it the reload of the fuel and of the function's local views ("Local views"
   * below), each dropped where f provably needs none. $DA$f$n$ in a direct call's argument list
   * becomes the callee's call-depth argument where it takes one (n: other arguments precede).
   */
  const WB = (f: number): string => `$WB$${f}$`;
  const RL = (f: number): string => `$RL$${f}$`;
  /** Callee of the call being generated (see callResult). */
  let callee = -1;
  // ---- per-function state ----
  let out: string[] = [];
  let temps: string[] = [];
  let labels: Map<string, Label[]> = new Map();
  let labelCount = 0;
  const newTemp = (t: number): string => {
    const n = `t${temps.length}`;
    temps.push(`${n} = ${expand(t).length > 1 ? "null" : initOf(t)}`);
    if (P && t === b.i64) temps.push(`${n}h = 0`);
    return n;
  };
  /** A fresh i64 temp pair (pairs mode) holding `lo` and `hi` (JS expressions, evaluated in that order). */
  const pair = (lo: string, hi: string): R => {
    const t = newTemp(b.i64);
    // A constant high half stays a constant (folds into what uses it: mul, add, compares).
    if (/^\(?-?\d+\)?$/.test(hi)) { out.push(`${t} = ${lo};`); return { s: t, hi, k: 1 }; }
    out.push(`${t} = ${lo}; ${t}h = ${hi};`);
    return { s: t, hi: `${t}h`, k: 1 };
  };
  /** Assign a value to a variable, and for an i64 pair also its high half (`<name>h`). */
  const assign = (name: string, v: R, hiName = `${name}h`): string => (v.hi !== undefined ? `${name} = ${v.s}; ${hiName} = ${v.hi};` : `${name} = ${v.s};`);
  /** A temp (from newTemp) of type t as a value. */
  const tempR = (t: string, type: number): R => (P && type === b.i64 ? { s: t, hi: `${t}h`, k: 1 } : { s: t, k: 1 });
  /** Arguments (or tuple items) as a JS list: an i64 pair is two items. */
  const flat = (rs: R[]): string => rs.map((r) => (r.hi !== undefined ? `${r.s}, ${r.hi}` : r.s)).join(", ");
  /** A call's value: an i64 result arrives as the low half, the high half in $H[0]. */
  const callResult = (call: string, type: number): R => {
    const f = callee;
    call = `(${WB(f)}${call})`;
    if (!(P && type === b.i64)) {
      if (type === b.none || type === b.unreachable) return { s: `(${call}, ${RL(f)}undefined)`, k: 2 };
      const t = newTemp(type);
      return { s: `(${t} = ${call}, ${RL(f)}${t})`, k: 2 };
    }
    const t = newTemp(b.i64);
    out.push(`${t} = ${call}; ${t}h = $H[0]; ${RL(f)}void 0;`);
    return { s: t, hi: `${t}h`, k: 1 };
  };
  /** The function's return value variable (declared when used): a value computed before the epilogue. */
  let retVar: string | null = null;
  let retType = 0;
  const returnOf = (v: R): string => {
    if (v.hi !== undefined) return `$H[0] = ${v.hi}; ${EP}return ${v.s};`;
    if (v.k < 2) return `${EP}return ${v.s};`;
    retVar ??= "$rv";
    return `$rv = ${v.s}; ${EP}return $rv;`;
  };
  const pushLabel = (name: string, l: Label) => { let s = labels.get(name); if (!s) labels.set(name, (s = [])); s.push(l); };
  const popLabel = (name: string) => { labels.get(name)!.pop(); };
  const findLabel = (name: string): Label => {
    const s = labels.get(name);
    if (!s || !s.length) throw new Error(`wamrc-ts: internal error: branch to unknown label ${name}`);
    return s[s.length - 1];
  };

  const num = (v: number): string => (Object.is(v, -0) ? "(-0)" : v < 0 ? `(${v})` : Number.isFinite(v) ? String(v) : v > 0 ? "Infinity" : "(-Infinity)");

  function genConst(e: Ref, i: any): R {
    const t = i.type;
    if (t === b.i32) return { s: num(i.value | 0), k: 0, al: ctz(i.value | 0) };
    if (t === b.i64 && P) {
      const v = i.value;
      let lo: number, hi: number;
      if (typeof v === "bigint") { lo = Number(BigInt.asIntN(32, v)); hi = Number(BigInt.asIntN(32, v >> 32n)); }
      else if (typeof v === "object") { lo = v.low | 0; hi = v.high | 0; }
      else { lo = v | 0; hi = Math.floor(v / 4294967296) | 0; }
      return { s: num(lo), hi: num(hi), k: 0 };
    }
    if (t === b.i64) {
      const v = i.value;
      let big: bigint;
      if (typeof v === "bigint") big = BigInt.asIntN(64, v);
      else if (typeof v === "object") big = BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
      else big = BigInt.asIntN(64, BigInt(v));
      return { s: big < 0n ? `(${big}n)` : `${big}n`, k: 0 };
    }
    if (t === b.f32 || t === b.f64) {
      if (!Number.isNaN(i.value)) return { s: num(i.value), k: 0 };
      const text = b.emitText(e);
      const m = /(-?)nan(?::0x([0-9a-f]+))?/.exec(text);
      const neg = m?.[1] === "-";
      if (t === b.f32) {
        const payload = m?.[2] ? parseInt(m[2], 16) : 0x400000;
        const bits = ((neg ? 0x80000000 : 0) | 0x7f800000 | payload) >>> 0;
        return { s: `${use("$f32_from")}(${bits | 0})`, k: 0 };
      }
      const payload = m?.[2] ? BigInt("0x" + m[2]) : 0x8000000000000n;
      const bits = BigInt.asIntN(64, (neg ? 1n << 63n : 0n) | 0x7ff0000000000000n | payload);
      if (P) return { s: `${use("$f64_fromp")}(${Number(BigInt.asIntN(32, bits))}, ${Number(BigInt.asIntN(32, bits >> 32n))})`, k: 0 };
      return { s: `${use("$f64_from")}(${bits}n)`, k: 0 };
    }
    throw new Error("wamrc-ts: unsupported constant type");
  }

  /** Evaluate operands in order; when a later one hoists statements, earlier non-constant ones are spilled to temps first. */
  function genOperands(es: Ref[]): R[] {
    const marks: number[] = [];
    const rs: R[] = [];
    for (const e of es) { marks.push(out.length); rs.push(genExpr(e)); }
    marks.push(out.length);
    let last = -1;
    for (let i = es.length - 1; i >= 0; i--) if (marks[i + 1] > marks[i]) { last = i; break; }
    for (let i = last - 1; i >= 0; i--) {
      if (rs[i].k === 0) continue;
      const tmp = newTemp(b.getExpressionType(es[i]));
      out.splice(marks[i + 1], 0, assign(tmp, rs[i]));
      rs[i] = rs[i].hi !== undefined ? { s: tmp, hi: `${tmp}h`, k: 1 } : { s: tmp, k: 1 };
    }
    return rs;
  }

  // Binaryen reports offsets as signed i32.
  const addr = (p: R, offset: number): string => (offset ? `((${p.s} >>> 0) + ${offset >>> 0})` : `(${p.s} >>> 0)`);

  /** A condition as a JS boolean expression. */
  function genCond(e: Ref): R {
    const i = info(e);
    if (i.id === ids.Binary) {
      if (P && CMP_PAIR[i.op]) { const [l, r] = genOperands([i.left, i.right]); return { s: CMP_PAIR[i.op](l, r), k: Math.max(l.k, r.k) as any }; }
      const op = CMP[i.op];
      if (op) { const [l, r] = genOperands([i.left, i.right]); return { s: op(l.s, r.s), k: Math.max(l.k, r.k) as any }; }
    } else if (i.id === ids.Unary) {
      if (i.op === b.EqZInt32) { const c = genCond(i.value); return { s: `!${c.s}`, k: c.k }; }
      if (i.op === b.EqZInt64) { const v = genExpr(i.value); return { s: P ? `((${v.s} | ${v.hi}) === 0)` : `(${v.s} === 0n)`, k: v.k }; }
    }
    const v = genExpr(e);
    return { s: `(${v.s} !== 0)`, k: v.k };
  }

  const CMP: Record<number, (a: string, c: string) => string> = {
    [b.EqInt32]: (a, c) => `(${a} === ${c})`, [b.NeInt32]: (a, c) => `(${a} !== ${c})`,
    [b.LtSInt32]: (a, c) => `(${a} < ${c})`, [b.LtUInt32]: (a, c) => `((${a} >>> 0) < (${c} >>> 0))`,
    [b.LeSInt32]: (a, c) => `(${a} <= ${c})`, [b.LeUInt32]: (a, c) => `((${a} >>> 0) <= (${c} >>> 0))`,
    [b.GtSInt32]: (a, c) => `(${a} > ${c})`, [b.GtUInt32]: (a, c) => `((${a} >>> 0) > (${c} >>> 0))`,
    [b.GeSInt32]: (a, c) => `(${a} >= ${c})`, [b.GeUInt32]: (a, c) => `((${a} >>> 0) >= (${c} >>> 0))`,
    [b.EqInt64]: (a, c) => `(${a} === ${c})`, [b.NeInt64]: (a, c) => `(${a} !== ${c})`,
    [b.LtSInt64]: (a, c) => `(${a} < ${c})`, [b.LtUInt64]: (a, c) => `(BigInt.asUintN(64, ${a}) < BigInt.asUintN(64, ${c}))`,
    [b.LeSInt64]: (a, c) => `(${a} <= ${c})`, [b.LeUInt64]: (a, c) => `(BigInt.asUintN(64, ${a}) <= BigInt.asUintN(64, ${c}))`,
    [b.GtSInt64]: (a, c) => `(${a} > ${c})`, [b.GtUInt64]: (a, c) => `(BigInt.asUintN(64, ${a}) > BigInt.asUintN(64, ${c}))`,
    [b.GeSInt64]: (a, c) => `(${a} >= ${c})`, [b.GeUInt64]: (a, c) => `(BigInt.asUintN(64, ${a}) >= BigInt.asUintN(64, ${c}))`,
    [b.EqFloat32]: (a, c) => `(${a} === ${c})`, [b.NeFloat32]: (a, c) => `(${a} !== ${c})`,
    [b.LtFloat32]: (a, c) => `(${a} < ${c})`, [b.LeFloat32]: (a, c) => `(${a} <= ${c})`,
    [b.GtFloat32]: (a, c) => `(${a} > ${c})`, [b.GeFloat32]: (a, c) => `(${a} >= ${c})`,
    [b.EqFloat64]: (a, c) => `(${a} === ${c})`, [b.NeFloat64]: (a, c) => `(${a} !== ${c})`,
    [b.LtFloat64]: (a, c) => `(${a} < ${c})`, [b.LeFloat64]: (a, c) => `(${a} <= ${c})`,
    [b.GtFloat64]: (a, c) => `(${a} > ${c})`, [b.GeFloat64]: (a, c) => `(${a} >= ${c})`,
  };
  const h = (name: string) => (a: string, c?: string) => `${use(name)}(${a}${c === undefined ? "" : `, ${c}`})`;
  const BIN: Record<number, (a: string, c: string) => string> = {
    [b.AddInt32]: (a, c) => `(${a} + ${c} | 0)`, [b.SubInt32]: (a, c) => `(${a} - ${c} | 0)`, [b.MulInt32]: (a, c) => `Math.imul(${a}, ${c})`,
    [b.DivSInt32]: h("$div_s32"), [b.DivUInt32]: h("$div_u32"), [b.RemSInt32]: h("$rem_s32"), [b.RemUInt32]: h("$rem_u32"),
    [b.AndInt32]: (a, c) => `(${a} & ${c})`, [b.OrInt32]: (a, c) => `(${a} | ${c})`, [b.XorInt32]: (a, c) => `(${a} ^ ${c})`,
    [b.ShlInt32]: (a, c) => `(${a} << ${c})`, [b.ShrSInt32]: (a, c) => `(${a} >> ${c})`, [b.ShrUInt32]: (a, c) => `(${a} >>> ${c} | 0)`,
    [b.RotLInt32]: h("$rotl32"), [b.RotRInt32]: h("$rotr32"),
    [b.AddInt64]: (a, c) => `BigInt.asIntN(64, ${a} + ${c})`, [b.SubInt64]: (a, c) => `BigInt.asIntN(64, ${a} - ${c})`,
    [b.MulInt64]: (a, c) => `BigInt.asIntN(64, ${a} * ${c})`,
    [b.DivSInt64]: h("$div_s64"), [b.DivUInt64]: h("$div_u64"), [b.RemSInt64]: h("$rem_s64"), [b.RemUInt64]: h("$rem_u64"),
    [b.AndInt64]: (a, c) => `(${a} & ${c})`, [b.OrInt64]: (a, c) => `(${a} | ${c})`, [b.XorInt64]: (a, c) => `(${a} ^ ${c})`,
    [b.ShlInt64]: (a, c) => `BigInt.asIntN(64, ${a} << (${c} & 63n))`, [b.ShrSInt64]: (a, c) => `(${a} >> (${c} & 63n))`,
    [b.ShrUInt64]: (a, c) => `BigInt.asIntN(64, BigInt.asUintN(64, ${a}) >> (${c} & 63n))`,
    [b.RotLInt64]: h("$rotl64"), [b.RotRInt64]: h("$rotr64"),
    [b.AddFloat32]: (a, c) => `Math.fround(${a} + ${c})`, [b.SubFloat32]: (a, c) => `Math.fround(${a} - ${c})`,
    [b.MulFloat32]: (a, c) => `Math.fround(${a} * ${c})`, [b.DivFloat32]: (a, c) => `Math.fround(${a} / ${c})`,
    [b.CopySignFloat32]: h("$copysign"), [b.MinFloat32]: (a, c) => `Math.min(${a}, ${c})`, [b.MaxFloat32]: (a, c) => `Math.max(${a}, ${c})`,
    [b.AddFloat64]: (a, c) => `(${a} + ${c})`, [b.SubFloat64]: (a, c) => `(${a} - ${c})`,
    [b.MulFloat64]: (a, c) => `(${a} * ${c})`, [b.DivFloat64]: (a, c) => `(${a} / ${c})`,
    [b.CopySignFloat64]: h("$copysign"), [b.MinFloat64]: (a, c) => `Math.min(${a}, ${c})`, [b.MaxFloat64]: (a, c) => `Math.max(${a}, ${c})`,
  };
  const UN: Record<number, (a: string) => string> = {
    [b.ClzInt32]: (a) => `Math.clz32(${a})`, [b.CtzInt32]: h("$ctz32"), [b.PopcntInt32]: h("$popcnt32"),
    [b.ExtendS8Int32]: (a) => `(${a} << 24 >> 24)`, [b.ExtendS16Int32]: (a) => `(${a} << 16 >> 16)`,
    [b.WrapInt64]: (a) => `Number(BigInt.asIntN(32, ${a}))`,
    [b.TruncSFloat32ToInt32]: h("$trunc_s32"), [b.TruncSFloat64ToInt32]: h("$trunc_s32"),
    [b.TruncUFloat32ToInt32]: h("$trunc_u32"), [b.TruncUFloat64ToInt32]: h("$trunc_u32"),
    [b.TruncSatSFloat32ToInt32]: h("$sat_s32"), [b.TruncSatSFloat64ToInt32]: h("$sat_s32"),
    [b.TruncSatUFloat32ToInt32]: h("$sat_u32"), [b.TruncSatUFloat64ToInt32]: h("$sat_u32"),
    [b.ReinterpretFloat32]: h("$f32_bits"),
    [b.ClzInt64]: h("$clz64"), [b.CtzInt64]: h("$ctz64"), [b.PopcntInt64]: h("$popcnt64"),
    [b.ExtendSInt32]: (a) => `BigInt(${a})`, [b.ExtendUInt32]: (a) => `BigInt(${a} >>> 0)`,
    [b.ExtendS8Int64]: (a) => `BigInt.asIntN(8, ${a})`, [b.ExtendS16Int64]: (a) => `BigInt.asIntN(16, ${a})`, [b.ExtendS32Int64]: (a) => `BigInt.asIntN(32, ${a})`,
    [b.TruncSFloat32ToInt64]: h("$trunc_s64"), [b.TruncSFloat64ToInt64]: h("$trunc_s64"),
    [b.TruncUFloat32ToInt64]: h("$trunc_u64"), [b.TruncUFloat64ToInt64]: h("$trunc_u64"),
    [b.TruncSatSFloat32ToInt64]: h("$sat_s64"), [b.TruncSatSFloat64ToInt64]: h("$sat_s64"),
    [b.TruncSatUFloat32ToInt64]: h("$sat_u64"), [b.TruncSatUFloat64ToInt64]: h("$sat_u64"),
    [b.ReinterpretFloat64]: h("$f64_bits"),
    [b.NegFloat32]: (a) => `(-${a})`, [b.AbsFloat32]: (a) => `Math.abs(${a})`,
    [b.CeilFloat32]: (a) => `Math.fround(Math.ceil(${a}))`, [b.FloorFloat32]: (a) => `Math.fround(Math.floor(${a}))`,
    [b.TruncFloat32]: (a) => `Math.fround(Math.trunc(${a}))`, [b.NearestFloat32]: (a) => `Math.fround(${use("$nearest")}(${a}))`,
    [b.SqrtFloat32]: (a) => `Math.fround(Math.sqrt(${a}))`,
    [b.ConvertSInt32ToFloat32]: (a) => `Math.fround(${a})`, [b.ConvertUInt32ToFloat32]: (a) => `Math.fround(${a} >>> 0)`,
    [b.ConvertSInt64ToFloat32]: h("$i64_f32"), [b.ConvertUInt64ToFloat32]: h("$u64_f32"),
    [b.DemoteFloat64]: (a) => `Math.fround(${a})`, [b.ReinterpretInt32]: h("$f32_from"),
    [b.NegFloat64]: (a) => `(-${a})`, [b.AbsFloat64]: (a) => `Math.abs(${a})`,
    [b.CeilFloat64]: (a) => `${use("$quiet")}(Math.ceil(${a}))`, [b.FloorFloat64]: (a) => `${use("$quiet")}(Math.floor(${a}))`,
    [b.TruncFloat64]: (a) => `${use("$quiet")}(Math.trunc(${a}))`, [b.NearestFloat64]: (a) => `${use("$quiet")}(${use("$nearest")}(${a}))`,
    [b.SqrtFloat64]: (a) => `Math.sqrt(${a})`,
    [b.ConvertSInt32ToFloat64]: (a) => `(+${a})`, [b.ConvertUInt32ToFloat64]: (a) => `(${a} >>> 0)`,
    [b.ConvertSInt64ToFloat64]: (a) => `Number(${a})`, [b.ConvertUInt64ToFloat64]: (a) => `Number(BigInt.asUintN(64, ${a}))`,
    [b.PromoteFloat32]: (a) => `${use("$quiet")}(${a})`, [b.ReinterpretInt64]: h("$f64_from"),
  };

  /**
   * i32 div/rem by a constant divisor d, inline: the double quotient of two 32-bit integers
   * truncates to the exact one (|n| < 2^32, so it is at least 1/|d| > 2^-32 from the next integer,
   * far above the rounding error), and % is exact. Not for d = 0 (traps) nor, for div_s, d = -1
   * (INT32_MIN / -1 traps): those keep the helper.
   */
  function divByConst32(op: number, l: R, r: R): R | null {
    const d = constOf(r);
    if (d === null || d === 0) return null;
    switch (op) {
      case b.DivUInt32: return { s: `(${u(l.s)} / ${d >>> 0} | 0)`, k: l.k };
      case b.RemUInt32: return { s: `(${u(l.s)} % ${d >>> 0} | 0)`, k: l.k };
      case b.DivSInt32: return d === -1 ? null : { s: `(${l.s} / ${num(d)} | 0)`, k: l.k };
      case b.RemSInt32: return { s: `(${l.s} % ${num(d)} | 0)`, k: l.k };
    }
    return null;
  }

  // ---- i64 as i32 pairs (--i64=pairs): operands are simple (see R) ----
  const u = (x: string) => `(${x} >>> 0)`;
  const ltU = (a: string, c: string) => `(${u(a)} < ${u(c)})`;
  const pcmp = (hiOp: (a: string, c: string) => string, loOp: string) => (a: R, c: R): string =>
    `(${hiOp(a.hi!, c.hi!)} || (${a.hi} === ${c.hi} && ${u(a.s)} ${loOp} ${u(c.s)}))`;
  const CMP_PAIR: Record<number, (a: R, c: R) => string> = {
    [b.EqInt64]: (a, c) => `(${a.s} === ${c.s} && ${a.hi} === ${c.hi})`,
    [b.NeInt64]: (a, c) => `(${a.s} !== ${c.s} || ${a.hi} !== ${c.hi})`,
    [b.LtSInt64]: pcmp((x, y) => `${x} < ${y}`, "<"), [b.LeSInt64]: pcmp((x, y) => `${x} < ${y}`, "<="),
    [b.GtSInt64]: pcmp((x, y) => `${x} > ${y}`, ">"), [b.GeSInt64]: pcmp((x, y) => `${x} > ${y}`, ">="),
    [b.LtUInt64]: pcmp((x, y) => `${u(x)} < ${u(y)}`, "<"), [b.LeUInt64]: pcmp((x, y) => `${u(x)} < ${u(y)}`, "<="),
    [b.GtUInt64]: pcmp((x, y) => `${u(x)} > ${u(y)}`, ">"), [b.GeUInt64]: pcmp((x, y) => `${u(x)} > ${u(y)}`, ">="),
  };
  /** A helper returning an i64 pair: the low half, the high half in $H[0]. */
  const pcall = (name: string, args: string[]): R => {
    const t = newTemp(b.i64);
    out.push(`${t} = ${use(name)}(${args.join(", ")}); ${t}h = $H[0];`);
    return { s: t, hi: `${t}h`, k: 1 };
  };
  const constOf = (x: R): number | null => (x.k === 0 && /^\(?-?\d+\)?$/.test(x.s) ? Number(x.s.replace(/[()]/g, "")) : null);
  /** An i64 pair constant's halves (int32 values), or null. */
  const pairConst = (x: R): [number, number] | null => {
    const lo = constOf(x), hi = x.hi === undefined ? null : constOf({ s: x.hi, k: x.k });
    return lo === null || hi === null ? null : [lo, hi];
  };
  /**
   * i64 multiplication by a constant below 2^32 (pairs mode), inline: the low half is Math.imul's;
   * the high half adds the carry out of low * k, floor(low * k / 2^32), computed exactly from
   * 16-bit halves of low (every intermediate below 2^49), or from the exact double product when k < 2^21.
   */
  function mulByConst(a: R, c: R): R | null {
    const kc = pairConst(c);
    if (!kc || kc[1] !== 0 || kc[0] === 0) return null;
    const k = kc[0] >>> 0;
    const carry = k < 0x200000 ? `((${u(a.s)} * ${k}) / 4294967296 | 0)` : `Math.floor(((${a.s} >>> 16) * ${k} + Math.floor((${a.s} & 65535) * ${k} / 65536)) / 65536)`;
    return pair(`Math.imul(${a.s}, ${k | 0})`, `Math.imul(${a.hi}, ${k | 0}) + ${carry} | 0`);
  }
  /**
   * i64 multiplication (pairs mode), inline: the low halves' 64-bit product from 16-bit pieces
   * (p: the low pieces' product; m: the middle sum plus p's carry, below 2^34), plus the cross
   * products' low 32 bits (Math.imul) in the high half. The same arithmetic as rt.mul64p, without
   * the call and the high half's trip through $H.
   */
  function mul64(a: R, c: R): R {
    const t = newTemp(b.i64), p = newTemp(b.f64), m = newTemp(b.f64);
    const cross = [[a.s, c.hi!], [a.hi!, c.s]].filter(([x, y]) => x !== "0" && y !== "0").map(([x, y]) => ` + Math.imul(${x}, ${y})`).join("");
    out.push(`${p} = (${a.s} & 65535) * (${c.s} & 65535); ${m} = (${a.s} >>> 16) * (${c.s} & 65535) + (${a.s} & 65535) * (${c.s} >>> 16) + (${p} >>> 16); ` +
      `${t} = ${m} << 16 | ${p} & 65535; ${t}h = (${a.s} >>> 16) * (${c.s} >>> 16) + Math.floor(${m} / 65536)${cross} | 0;`);
    return { s: t, hi: `${t}h`, k: 1 };
  }
  /**
   * i64 div/rem by a nonzero constant divisor d (unsigned: below 2^32; signed: an int32), with an
   * inline fast path for a dividend n that is exact as a double with room to spare (|n| < 2^53 - 2^32,
   * so |n| + |d| < 2^53): there floor (trunc when signed) of the rounded double quotient n / d is
   * the exact quotient (being off would need |d| * (|q| + 1) > 2^53), and n % d is exact; any
   * other dividend takes the helper. Division by zero and INT64_MIN / -1 never take the fast
   * path (d is nonzero; INT64_MIN is outside it), so their traps stay the helper's.
   */
  function divByConst(op: number, a: R, c: R): R | null {
    const kc = pairConst(c);
    const signed = op === b.DivSInt64 || op === b.RemSInt64;
    if (!kc || kc[0] === 0 || kc[1] !== (signed ? kc[0] >> 31 : 0)) return null;
    const d = signed ? kc[0] : kc[0] >>> 0;
    const t = newTemp(b.i64), x = newTemp(b.f64);
    const helper = `${use(signed ? (op === b.DivSInt64 ? "$div_s64p" : "$rem_s64p") : op === b.DivUInt64 ? "$div_u64p" : "$rem_u64p")}(${a.s}, ${a.hi}, ${kc[0]}, ${kc[1]})`;
    // The high half (signed: biased) below 2097151 = (2^53 - 2^32) / 2^32.
    const fits = signed ? `(${a.hi} + 2097151 >>> 0) < 4194302` : `${u(a.hi!)} < 2097151`;
    const n = `${x} = ${a.hi} * 4294967296 + ${u(a.s)};`; // (unsigned: the high half is below 2^31 here)
    const fast = op === b.DivUInt64 ? `${x} = Math.floor(${x} / ${d}); ${t} = ${x} | 0; ${t}h = ${x} / 4294967296 | 0;`
      : op === b.DivSInt64 ? `${x} = Math.trunc(${x} / ${num(d)}); ${t} = ${x} | 0; ${t}h = Math.floor(${x} / 4294967296) | 0;`
      : op === b.RemUInt64 ? `${t} = ${x} % ${d} | 0; ${t}h = 0;`
      : `${t} = ${x} % ${num(d)} | 0; ${t}h = ${t} >> 31;`;
    out.push(`if (${fits}) { ${n} ${fast} } else { ${t} = ${helper}; ${t}h = $H[0]; }`);
    return { s: t, hi: `${t}h`, k: 1 };
  }
  /** `x o y` for one half of an i64 bitwise op, folded where a half is the constant 0 or -1 (so a known-zero high half stays a constant). */
  const bitwise32 = (o: string, x: string, y: string): string => {
    const k = (v: string): number | null => constOf({ s: v, k: 0 });
    for (const [v, w] of [[x, y], [y, x]]) {
      if (k(v) === 0) return o === "&" ? "0" : w;
      if (k(v) === -1 && o !== "^") return o === "&" ? w : "(-1)";
    }
    return `${x} ${o} ${y}`;
  };
  function pairBinary(op: number, a: R, c: R): R | null {
    const A = [a.s, a.hi!], C = [c.s, c.hi!];
    switch (op) {
      case b.AddInt64: { const t = newTemp(b.i64); out.push(`${t} = ${a.s} + ${c.s} | 0; ${t}h = ${a.hi} + ${c.hi} + (${ltU(t, a.s)} ? 1 : 0) | 0;`); return { s: t, hi: `${t}h`, k: 1 }; }
      case b.SubInt64: { const t = newTemp(b.i64); out.push(`${t} = ${a.s} - ${c.s} | 0; ${t}h = ${a.hi} - ${c.hi} - (${ltU(a.s, c.s)} ? 1 : 0) | 0;`); return { s: t, hi: `${t}h`, k: 1 }; }
      case b.MulInt64: return mulByConst(a, c) ?? mul64(a, c);
      case b.DivSInt64: case b.DivUInt64: case b.RemSInt64: case b.RemUInt64:
        return divByConst(op, a, c) ?? pcall(op === b.DivSInt64 ? "$div_s64p" : op === b.DivUInt64 ? "$div_u64p" : op === b.RemSInt64 ? "$rem_s64p" : "$rem_u64p", [...A, ...C]);
      case b.AndInt64: case b.OrInt64: case b.XorInt64: {
        const o = op === b.AndInt64 ? "&" : op === b.OrInt64 ? "|" : "^";
        return pair(bitwise32(o, a.s, c.s), bitwise32(o, a.hi!, c.hi!));
      }
      case b.ShlInt64: case b.ShrSInt64: case b.ShrUInt64: {
        const k = constOf(c);
        if (k === null) return pcall(op === b.ShlInt64 ? "$shl64p" : op === b.ShrSInt64 ? "$shr_s64p" : "$shr_u64p", [...A, c.s]);
        const n = k & 63;
        if (n === 0) return a;
        if (op === b.ShlInt64) return n < 32 ? pair(`${a.s} << ${n}`, `${a.hi} << ${n} | ${a.s} >>> ${32 - n}`) : pair("0", `${a.s} << ${n - 32}`);
        if (op === b.ShrUInt64) return n < 32 ? pair(`${a.s} >>> ${n} | ${a.hi} << ${32 - n}`, `${a.hi} >>> ${n} | 0`) : pair(`${a.hi} >>> ${n - 32} | 0`, "0");
        return n < 32 ? pair(`${a.s} >>> ${n} | ${a.hi} << ${32 - n}`, `${a.hi} >> ${n}`) : pair(`${a.hi} >> ${n - 32}`, `${a.hi} >> 31`);
      }
      case b.RotLInt64: return pcall("$rotl64p", [...A, c.s]);
      case b.RotRInt64: return pcall("$rotr64p", [...A, c.s]);
    }
    return null;
  }
  /** Unary operators with an i64 operand or result (pairs mode); null for the others. */
  function pairUnary(op: number, v: R): R | null {
    switch (op) {
      case b.WrapInt64: return { s: v.s, k: v.k };
      case b.ExtendSInt32: { const t = newTemp(b.i64); out.push(`${t} = ${v.s}; ${t}h = ${t} >> 31;`); return { s: t, hi: `${t}h`, k: 1 }; }
      case b.ExtendUInt32: return pair(v.s, "0");
      case b.ExtendS8Int64: { const t = newTemp(b.i64); out.push(`${t} = ${v.s} << 24 >> 24; ${t}h = ${t} >> 31;`); return { s: t, hi: `${t}h`, k: 1 }; }
      case b.ExtendS16Int64: { const t = newTemp(b.i64); out.push(`${t} = ${v.s} << 16 >> 16; ${t}h = ${t} >> 31;`); return { s: t, hi: `${t}h`, k: 1 }; }
      case b.ExtendS32Int64: { const t = newTemp(b.i64); out.push(`${t} = ${v.s}; ${t}h = ${t} >> 31;`); return { s: t, hi: `${t}h`, k: 1 }; }
      case b.ClzInt64: return pair(`${v.hi} !== 0 ? Math.clz32(${v.hi}) : 32 + Math.clz32(${v.s})`, "0");
      case b.CtzInt64: return pair(`${v.s} !== 0 ? ${use("$ctz32")}(${v.s}) : 32 + ${use("$ctz32")}(${v.hi})`, "0");
      case b.PopcntInt64: return pair(`${use("$popcnt32")}(${v.s}) + ${use("$popcnt32")}(${v.hi})`, "0");
      case b.TruncSFloat32ToInt64: case b.TruncSFloat64ToInt64: return pcall("$trunc_s64p", [v.s]);
      case b.TruncUFloat32ToInt64: case b.TruncUFloat64ToInt64: return pcall("$trunc_u64p", [v.s]);
      case b.TruncSatSFloat32ToInt64: case b.TruncSatSFloat64ToInt64: return pcall("$sat_s64p", [v.s]);
      case b.TruncSatUFloat32ToInt64: case b.TruncSatUFloat64ToInt64: return pcall("$sat_u64p", [v.s]);
      case b.ReinterpretFloat64: return pcall("$f64_bitsp", [v.s]);
      case b.ConvertSInt64ToFloat64: return { s: `(${v.hi} * 4294967296 + ${u(v.s)})`, k: v.k };
      case b.ConvertUInt64ToFloat64: return { s: `(${u(v.hi!)} * 4294967296 + ${u(v.s)})`, k: v.k };
      case b.ConvertSInt64ToFloat32: return { s: `${use("$i64_f32p")}(${v.s}, ${v.hi})`, k: v.k };
      case b.ConvertUInt64ToFloat32: return { s: `${use("$u64_f32p")}(${v.s}, ${v.hi})`, k: v.k };
      case b.ReinterpretInt64: return { s: `${use("$f64_fromp")}(${v.s}, ${v.hi})`, k: v.k };
    }
    return null;
  }

  const LOADS: Record<string, string> = {}; // helper name -> body
  function loadHelper(t: number, bytes: number, signed: boolean): string {
    const ty = t === b.i32 ? "i32" : t === b.i64 ? "i64" : t === b.f32 ? "f32" : "f64";
    const name = `$ld_${ty}_${bytes}${bytes < (ty === "i64" || ty === "f64" ? 8 : 4) ? (signed ? "s" : "u") : ""}`;
    if (!LOADS[name]) {
      const chk = bytes === 1 ? "if (a >= $sz) $oob();" : `if (a > $sz - ${bytes}) $oob();`;
      let body: string;
      switch (`${ty}${bytes}${signed ? "s" : "u"}`) {
        case "i321s": body = "return $I8[a];"; break;
        case "i321u": body = "return $U8[a];"; break;
        case "i322s": body = "return a & 1 ? $DV.getInt16(a, true) : $I16[a >> 1];"; break;
        case "i322u": body = "return a & 1 ? $DV.getUint16(a, true) : $U16[a >> 1];"; break;
        case "i324s": case "i324u": body = "return a & 3 ? $DV.getInt32(a, true) : $I32[a >> 2];"; break;
        case "i641s": body = "return BigInt($I8[a]);"; break;
        case "i641u": body = "return BigInt($U8[a]);"; break;
        case "i642s": body = "return BigInt(a & 1 ? $DV.getInt16(a, true) : $I16[a >> 1]);"; break;
        case "i642u": body = "return BigInt(a & 1 ? $DV.getUint16(a, true) : $U16[a >> 1]);"; break;
        case "i644s": body = "return BigInt(a & 3 ? $DV.getInt32(a, true) : $I32[a >> 2]);"; break;
        case "i644u": body = "return BigInt((a & 3 ? $DV.getInt32(a, true) : $I32[a >> 2]) >>> 0);"; break;
        case "i648s": case "i648u": body = "return a & 7 ? $DV.getBigInt64(a, true) : $I64[a >> 3];"; break;
        case "f324s": case "f324u": body = "const v = a & 3 ? $DV.getFloat32(a, true) : $F32[a >> 2]; return v === v ? v : $f32_from($DV.getInt32(a, true));"; used.add("$f32_from"); break;
        case "f648s": case "f648u": body = "return a & 7 ? $DV.getFloat64(a, true) : $F64[a >> 3];"; break;
        default: throw new Error(`wamrc-ts: unsupported load ${ty} ${bytes}`);
      }
      LOADS[name] = `function ${name}(a) { ${chk} ${body} }`;
    }
    return name;
  }
  function storeHelper(t: number, bytes: number): string {
    const ty = t === b.i32 ? "i32" : t === b.i64 ? "i64" : t === b.f32 ? "f32" : "f64";
    const name = `$st_${ty}_${bytes}`;
    if (!LOADS[name]) {
      const chk = bytes === 1 ? "if (a >= $sz) $oob();" : `if (a > $sz - ${bytes}) $oob();`;
      let body: string;
      const i32v = ty === "i64" ? "Number(BigInt.asIntN(32, v))" : "v";
      switch (`${ty}${bytes}`) {
        case "i321": case "i641": body = `$U8[a] = ${i32v};`; break;
        case "i322": case "i642": body = `if (a & 1) $DV.setInt16(a, ${i32v}, true); else $I16[a >> 1] = ${i32v};`; break;
        case "i324": case "i644": body = `if (a & 3) $DV.setInt32(a, ${i32v}, true); else $I32[a >> 2] = ${i32v};`; break;
        case "i648": body = "if (a & 7) $DV.setBigInt64(a, v, true); else $I64[a >> 3] = v;"; break;
        case "f324": body = "if (v !== v) $DV.setInt32(a, $f32_bits(v), true); else if (a & 3) $DV.setFloat32(a, v, true); else $F32[a >> 2] = v;"; used.add("$f32_bits"); break;
        case "f648": body = "if (a & 7) $DV.setFloat64(a, v, true); else $F64[a >> 3] = v;"; break;
        default: throw new Error(`wamrc-ts: unsupported store ${ty} ${bytes}`);
      }
      LOADS[name] = `function ${name}(a, v) { ${chk} ${body} }`;
    }
    return name;
  }

  // Memory accesses are generated inline (V8 stops inlining helpers once a function's
  // inlining budget is spent): the effective address goes to m<depth>, a per-function temp
  // for each nesting depth of memory operands, so an access inside another's operands never
  // clobbers the outer one's address.
  let memDepth = 0;
  let memTemps = new Set<string>();
  /** The function being generated calls out (call, call_indirect) or grows memory: see "Local views" below. */
  let callsOut = false;
  /** The function being generated: its direct callees, whether it calls unknown code (imports, call_indirect), grows memory, has a loop. */
  let callees = new Set<number>();
  let callsUnknown = false;
  let grows = false;
  let hasLoop = false;
  const mt = (name: string): string => { memTemps.add(name); return name; };
  /**
   * How many low bits of an i32 expression's value are provably zero (0..32), from its shape alone:
   * constants, shifts and multiplications by constants, masks, sums of such. Used to drop the
   * alignment branch of an access whose effective address is provably a multiple of its size.
   */
  const ctz = (v: number): number => (v === 0 ? 32 : 31 - Math.clz32(v & -v));
  /**
   * Known low zero bits of each local of the function being generated (absent: none known): the
   * values assigned to it (collected by a first generation pass into localSets) all have them, and
   * so does its initial 0; found as a greatest fixed point (start at 32, lower until stable).
   */
  let localAlign = new Map<number, number>();
  let localSets = new Map<number, Ref[]>();
  /**
   * Flow-sensitive refinement (second pass): cur holds the known low zero bits of locals at the
   * point being generated (generation order is evaluation order); an R's `al` is its value's.
   * At a loop header, the locals the loop assigns get a fixed point over the loop's assignments
   * (collected per scope in the first pass); after an if, the meet of both arms; after a labelled
   * block, what branches may bring is bounded by localAlign.
   */
  let cur = new Map<number, number>();
  let scopeSets = new Map<number, Array<[number, Ref]>>();
  let scopeStack: number[] = [];
  let scopeCount = 0;
  let pass2 = false;
  const fb = (x: number): number => localAlign.get(x) ?? 0;
  const alOf = (x: number): number => cur.get(x) ?? fb(x);
  const noteSet = (index: number, value: Ref) => {
    if (pass2) return;
    let a = localSets.get(index); if (!a) localSets.set(index, (a = [])); a.push(value);
    for (const sc of scopeStack) { let l = scopeSets.get(sc); if (!l) scopeSets.set(sc, (l = [])); l.push([index, value]); }
  };
  const meet = (a: Map<number, number>, c: Map<number, number>): Map<number, number> => {
    const m = new Map<number, number>();
    for (const k of new Set([...a.keys(), ...c.keys()])) m.set(k, Math.min(a.get(k) ?? fb(k), c.get(k) ?? fb(k)));
    return m;
  };
  /** Loop header: the loop's assigned locals' alignment over all iterations (greatest fixed point). */
  function loopHeader(sc: number): void {
    const sets = scopeSets.get(sc);
    if (!pass2 || !sets) return;
    const h = new Map<number, number>();
    for (const [x] of sets) h.set(x, alOf(x));
    const saved = localAlign;
    const view = new Map(localAlign);
    for (const [k, v] of cur) view.set(k, v);
    for (let changed = true, n = 0; changed; n++) {
      changed = false;
      for (const [k, v] of h) view.set(k, v);
      localAlign = view;
      for (const [x, v] of sets) { const a = Math.min(h.get(x)!, alignBits(v)); if (a !== h.get(x)) { h.set(x, a); changed = true; } }
      localAlign = saved;
      if (n > 64) { for (const [x] of sets) h.set(x, 0); break; }
    }
    for (const [x, a] of h) cur.set(x, a);
  }
  /** After a labelled block: branches out of it may carry any value of the locals it assigns. */
  function blockEnd(sc: number): void {
    const sets = scopeSets.get(sc);
    if (!pass2 || !sets) return;
    for (const [x] of sets) cur.set(x, Math.min(alOf(x), fb(x)));
  }
  function solveLocalAlign(nParams: number): void {
    localAlign = new Map();
    for (const k of localSets.keys()) if (k >= nParams) localAlign.set(k, 32);
    for (let changed = true, n = 0; changed && n < 40; n++) {
      changed = false;
      for (const [k, vs] of localSets) {
        if (k < nParams) continue;
        let a = localAlign.get(k)!;
        for (const v of vs) a = Math.min(a, alignBits(v));
        if (a !== localAlign.get(k)) { localAlign.set(k, a); changed = true; }
      }
    }
    if (localAlign.size && [...localSets.keys()].some((k) => k >= nParams)) {
      // Not converged within the bound: forget everything rather than trust a non-fixed point.
      let stable = true;
      for (const [k, vs] of localSets) if (k >= nParams) for (const v of vs) if (alignBits(v) < localAlign.get(k)!) stable = false;
      if (!stable) localAlign = new Map();
    }
  }
  function alignBits(e: Ref, depth = 0): number {
    if (depth > 8) return 0;
    const id = b.getExpressionId(e);
    if (id === ids.Const) { const v = b.getExpressionInfo(e) as any; return v.type === b.i32 ? ctz(v.value | 0) : 0; }
    if (id === ids.LocalSet) { const v = b.getExpressionInfo(e) as any; return v.isTee ? alignBits(v.value, depth + 1) : 0; }
    if (id === ids.LocalGet) return localAlign.get((b.getExpressionInfo(e) as any).index) ?? 0;
    if (id !== ids.Binary) return 0;
    const x = b.getExpressionInfo(e) as any;
    switch (x.op) {
      case b.AddInt32: case b.SubInt32: case b.OrInt32: case b.XorInt32: return Math.min(alignBits(x.left, depth + 1), alignBits(x.right, depth + 1));
      case b.AndInt32: return Math.max(alignBits(x.left, depth + 1), alignBits(x.right, depth + 1));
      case b.MulInt32: return Math.min(32, alignBits(x.left, depth + 1) + alignBits(x.right, depth + 1));
      case b.ShlInt32: {
        if (b.getExpressionId(x.right) !== ids.Const) return 0;
        return Math.min(32, alignBits(x.left, depth + 1) + ((b.getExpressionInfo(x.right) as any).value & 31));
      }
    }
    return 0;
  }
  /** The access at ptr + offset of `bytes` bytes is provably aligned. */
  const isAligned = (p: R, offset: number, bytes: number): boolean => bytes > 1 && Math.min(p.al ?? 0, ctz(offset | 0)) >= ctz(bytes);

  // Inline accesses address memory with int32 indices: the effective address ptr + offset is
  // computed as `m = ptr + offset | ptr >> 31`, which is the address itself when it is below 2^31
  // and negative otherwise (a ptr of 2^31 or more as unsigned, or a sum reaching 2^31). Memories
  // are smaller than 2 GiB (AotRuntime caps them), so a negative m is out of bounds, and so is an
  // index past a view's end. A load reads the view and traps when it got undefined (out of
  // bounds): V8 speculates in-bounds reads and folds that check away. A store checks m against
  // the byte size. An access not provably aligned branches on m's low bits to an out-of-line
  // helper ($lu/$su below, through the DataView; they check bounds themselves).
  const BIG_OFFSET = 0x80000000;
  const initialBytes = initialMemoryBytes(st);
  /** The current function's accesses that need no bounds test (aot/ranges.ts, as in the asm.js flavor). */
  let inInitial: (ptr: Ref, offset: number, bytes: number) => boolean = () => false;
  /** `m = ptr + offset` as above, into temp m (a statement list's first part, as an expression). */
  const effAddr = (m: string, p: R, offset: number): string => {
    const o = offset >>> 0;
    if (p.k === 0 && /^\(?-?\d+\)?$/.test(p.s)) {
      const c = (Number(p.s.replace(/[()]/g, "")) >>> 0) + o;
      return `${m} = ${c < BIG_OFFSET ? c : -1}`;
    }
    if (o === 0) return `${m} = ${p.s}`;
    return `${m} = ${p.s}, ${m} = ${m} + ${o} | ${m} >> 31`;
  };
  const VIEW: Record<string, [string, number]> = { i321s: ["$I8", 0], i321u: ["$U8", 0], i322s: ["$I16", 1], i322u: ["$U16", 1], i324s: ["$I32", 2], i324u: ["$I32", 2], f324s: ["$F32", 2], f324u: ["$F32", 2], f648s: ["$F64", 3], f648u: ["$F64", 3] };
  const DVGET: Record<string, string> = { i322s: "getInt16", i322u: "getUint16", i324s: "getInt32", i324u: "getInt32", f648s: "getFloat64", f648u: "getFloat64", f324s: "getFloat32", f324u: "getFloat32" };
  const DVSET: Record<string, string> = { i322: "setInt16", i324: "setInt32", f648: "setFloat64", f324: "setFloat32" };
  const tyName = (t: number): string => (t === b.i32 ? "i32" : t === b.f32 ? "f32" : "f64");
  /** Out-of-line unaligned load (m: an int32 effective address as above, possibly out of bounds). */
  const unalignedLoad = (key: string, bytes: number): string => {
    const name = `$lu_${key}`;
    if (!LOADS[name]) {
      const v = key.startsWith("f32") ? `$f32_from($DV.getInt32(a, true))` : `$DV.${DVGET[key]}(a, true)`;
      if (key.startsWith("f32")) used.add("$f32_from");
      LOADS[name] = `function ${name}(a) { if (a < 0 || a > $sz - ${bytes}) $oob(); return ${v}; }`;
    }
    return name;
  };
  const unalignedStore = (key: string, bytes: number): string => {
    const name = `$su_${key}`;
    if (!LOADS[name]) {
      const body = key === "f324" ? "if (v !== v) $DV.setInt32(a, $f32_bits(v), true); else $DV.setFloat32(a, v, true);" : `$DV.${DVSET[key]}(a, v, true);`;
      if (key === "f324") used.add("$f32_bits");
      LOADS[name] = `function ${name}(a, v) { if (a < 0 || a > $sz - ${bytes}) $oob(); ${body} }`;
    }
    return name;
  };

  /** `inb`: the access is provably inside the initial memory (inInitial): no undefined test. */
  function inlineLoad(t: number, bytes: number, signed: boolean, p: R, offset: number, d: number, al = false, inb = false): string | null {
    if (t !== b.i32 && t !== b.f32 && t !== b.f64) return null;
    if ((offset >>> 0) >= BIG_OFFSET) return null;
    const m = mt(`m${d}`), n = mt(`n${d}`);
    const key = `${tyName(t)}${bytes}${signed ? "s" : "u"}`;
    const [view, shift] = VIEW[key];
    const at = `${view}[${shift ? `${m} >> ${shift}` : m}]`;
    const read = `${n} = ${at}`;
    let v: string;
    if (t === b.f32) v = inb ? `(${read}) === ${n} ? ${n} : ${use("$f32_from")}($DV.getInt32(${m}, true))` : `(${read}) === undefined ? $oob() : ${n} === ${n} ? ${n} : ${use("$f32_from")}($DV.getInt32(${m}, true))`;
    else v = inb ? at : `(${read}) === undefined ? $oob() : ${n}`;
    if (bytes > 1 && !al) v = `${m} & ${bytes - 1} ? ${unalignedLoad(key, bytes)}(${m}) : ${v}`;
    return `(${effAddr(m, p, offset)}, ${v})`;
  }
  function inlineStore(t: number, bytes: number, p: R, offset: number, val: R, d: number, al = false, inb = false): boolean {
    if (t !== b.i32 && t !== b.f64 && t !== b.f32) return false;
    if ((offset >>> 0) >= BIG_OFFSET) return false;
    const m = mt(`m${d}`);
    let v = val.s;
    const lines = [`${effAddr(m, p, offset)};`];
    if (val.k === 2 || t === b.f32) {
      const vt = mt(t === b.i32 ? `v${d}` : `w${d}`);
      lines.push(`${vt} = ${val.s};`);
      v = vt;
    }
    const key = `${tyName(t)}${bytes}`;
    const [view, shift] = VIEW[`${key}u`];
    const at = `${view}[${shift ? `${m} >> ${shift}` : m}]`;
    // The bounds check reads the element first: V8 speculates that read in bounds (one check
    // that deoptimizes), and the store's own check of the same index then folds away.
    const store = inb ? `${at} = ${v};` : `{ if (${at} === undefined) $oob(); ${at} = ${v}; }`;
    // Misaligned (and f32 NaNs, whose payload a Float32Array store may not keep): the helper, which checks bounds itself.
    const slow = [...(t === b.f32 ? [`${v} !== ${v}`] : []), ...(bytes === 1 || al ? [] : [`${m} & ${bytes - 1}`])];
    lines.push(slow.length ? `if (${slow.join(" || ")}) ${unalignedStore(key, bytes)}(${m}, ${v}); else ${store}` : store);
    out.push(lines.join(" "));
    return true;
  }

  /** A global's value as an assignable JS reference, and for a pair its high half (a cell's `h`, the next typed-array slot). */
  const globalRefs = (name: string): [string, string] => {
    const g = lookup(names.globals, name, "global");
    if (isCell(g)) return [`$G${g}.v`, `$G${g}.h`];
    const sl = gSlot.get(g);
    return sl ? [`${sl.arr}[${sl.k}]`, `${sl.arr}[${sl.k + 1}]`] : [`$g${g}`, `$g${g}h`];
  };
  const tableIdx = (name: string) => lookup(names.tables, name, "table");
  const ciHelpers = new Map<string, string>();

  /** Value context. */
  function genExpr(e: Ref): R {
    const i = info(e);
    switch (i.id) {
      case ids.Const: return genConst(e, i);
      case ids.LocalGet: return P && i.type === b.i64 ? { s: `l${i.index}`, hi: `h${i.index}`, k: 1 } : { s: `l${i.index}`, k: 1, al: i.type === b.i32 ? alOf(i.index) : 0 };
      case ids.LocalSet: {
        noteSet(i.index, i.value);
        const v = genExpr(i.value);
        cur.set(i.index, v.al ?? 0);
        if (P && v.hi !== undefined) {
          out.push(assign(`l${i.index}`, v, `h${i.index}`));
          return i.isTee ? { s: `l${i.index}`, hi: `h${i.index}`, k: 1 } : { s: "undefined", k: 0 };
        }
        if (!i.isTee) { out.push(`l${i.index} = ${v.s};`); return { s: "undefined", k: 0 }; }
        return { s: `(l${i.index} = ${v.s})`, k: 2, al: v.al };
      }
      case ids.GlobalGet: {
        const [g, hi] = globalRefs(i.name);
        return P && i.type === b.i64 ? { s: g, hi, k: 1 } : { s: g, k: 1 };
      }
      case ids.Binary: {
        const [l, r] = genOperands([i.left, i.right]);
        const k = Math.max(l.k, r.k) as 0 | 1 | 2;
        if (P) {
          if (CMP_PAIR[i.op]) return { s: `(${CMP_PAIR[i.op](l, r)} | 0)`, k };
          const pr = pairBinary(i.op, l, r);
          if (pr) return pr;
        }
        // i64 add/sub/mul wrap once at the top of a chain (modular arithmetic composes).
        const ARITH64: Record<number, string> = { [b.AddInt64]: "+", [b.SubInt64]: "-", [b.MulInt64]: "*" };
        if (ARITH64[i.op]) {
          const raw = `(${l.raw ?? l.s} ${ARITH64[i.op]} ${r.raw ?? r.s})`;
          return { s: `BigInt.asIntN(64, ${raw})`, k, raw };
        }
        const c = /^\(?(-?\d+)n\)?$/.exec(r.s);
        if (c && (i.op === b.ShlInt64 || i.op === b.ShrSInt64 || i.op === b.ShrUInt64)) {
          const n = BigInt(c[1]) & 63n;
          if (n === 0n) return l;
          if (i.op === b.ShlInt64) return { s: `BigInt.asIntN(64, ${l.raw ?? l.s} << ${n}n)`, k };
          if (i.op === b.ShrSInt64) return { s: `(${l.s} >> ${n}n)`, k };
          return { s: `(BigInt.asUintN(64, ${l.raw ?? l.s}) >> ${n}n)`, k };
        }
        const cmp = CMP[i.op];
        if (cmp) return { s: `(${cmp(l.s, r.s)} | 0)`, k };
        const dq = divByConst32(i.op, l, r);
        if (dq) return dq;
        const f = BIN[i.op];
        if (!f) throw new Error(`wamrc-ts: unsupported binary op ${i.op}`);
        const la = l.al ?? 0, ra = r.al ?? 0;
        let al = 0;
        switch (i.op) {
          case b.AddInt32: case b.SubInt32: case b.OrInt32: case b.XorInt32: al = Math.min(la, ra); break;
          case b.AndInt32: al = Math.max(la, ra); break;
          case b.MulInt32: al = Math.min(32, la + ra); break;
          case b.ShlInt32: { const c = constOf(r); al = c === null ? 0 : Math.min(32, la + (c & 31)); break; }
        }
        return { s: f(l.s, r.s), k: f.length === 2 && /\$(div|rem)/.test(f(l.s, r.s)) ? 2 : k, al };
      }
      case ids.Unary: {
        if (i.op === b.EqZInt32 || i.op === b.EqZInt64) { const c = genCond(e); return { s: `(${c.s} | 0)`, k: c.k }; }
        const v = genExpr(i.value);
        if (P) { const pr = pairUnary(i.op, v); if (pr) return pr; }
        if (i.op === b.WrapInt64) return { s: `Number(BigInt.asIntN(32, ${v.raw ?? v.s}))`, k: v.k };
        const f = UN[i.op];
        if (!f) throw new Error(`wamrc-ts: unsupported unary op ${i.op}`);
        const s = f(v.s);
        return { s, k: /\$(trunc_)/.test(s) ? 2 : v.k };
      }
      case ids.Load: {
        const d = memDepth++;
        const p = genExpr(i.ptr);
        memDepth--;
        if (i.type === b.unreachable) return p;
        if (P && i.type === b.i64) {
          const t = newTemp(b.i64);
          if (i.bytes === 8) {
            const m = mt(`m${d}`);
            if ((i.offset >>> 0) >= BIG_OFFSET) {
              out.push(`${m} = ${addr(p, i.offset)}; if (${m} > $sz - 8) $oob(); if (${m} & 3) { ${t} = $DV.getInt32(${m}, true); ${t}h = $DV.getInt32(${m} + 4, true); } else { ${t} = $I32[${m} >> 2]; ${t}h = $I32[(${m} >> 2) + 1]; }`);
            } else {
              // Two int32 reads, each trapping on undefined as an inline load does (the low one first: a negative m reads undefined there).
              const aligned = `if ((${t} = $I32[${m} >> 2]) === undefined || (${t}h = $I32[(${m} >> 2) + 1]) === undefined) $oob();`;
              out.push(`${effAddr(m, p, i.offset)}; ${isAligned(p, i.offset, 4) ? aligned : `if (${m} & 3) { if (${m} < 0 || ${m} > $sz - 8) $oob(); ${t} = $DV.getInt32(${m}, true); ${t}h = $DV.getInt32(${m} + 4, true); } else ${aligned}`}`);
            }
            return { s: t, hi: `${t}h`, k: 1 };
          }
          const inl = inlineLoad(b.i32, i.bytes, i.isSigned, p, i.offset, d, isAligned(p, i.offset, i.bytes), inInitial(i.ptr, i.offset, i.bytes)) ?? `${loadHelper(b.i32, i.bytes, i.isSigned)}(${addr(p, i.offset)})`;
          if (!i.isSigned) { out.push(`${t} = ${inl};`); return { s: t, hi: "0", k: 1 }; }
          out.push(`${t} = ${inl}; ${t}h = ${t} >> 31;`);
          return { s: t, hi: `${t}h`, k: 1 };
        }
        const inl = inlineLoad(i.type, i.bytes, i.isSigned, p, i.offset, d, isAligned(p, i.offset, i.bytes), inInitial(i.ptr, i.offset, i.bytes));
        if (inl) return { s: inl, k: 2 };
        return { s: `${loadHelper(i.type, i.bytes, i.isSigned)}(${addr(p, i.offset)})`, k: 2 };
      }
      case ids.Select: {
        const [a, c2, c] = genOperands([i.ifTrue, i.ifFalse, i.condition]);
        if (P && i.type === b.i64) {
          const t = newTemp(b.i64);
          out.push(`if (${c.s} !== 0) { ${assign(t, a)} } else { ${assign(t, c2)} }`);
          return { s: t, hi: `${t}h`, k: 1 };
        }
        if (a.k <= 1 && c2.k <= 1 && c.k <= 1) return { s: `(${c.s} !== 0 ? ${a.s} : ${c2.s})`, k: 1 };
        const ta = newTemp(i.type), tb = newTemp(i.type);
        return { s: `(${ta} = ${a.s}, ${tb} = ${c2.s}, ${c.s} !== 0 ? ${ta} : ${tb})`, k: 2 };
      }
      case ids.Call: {
        callsOut = true;
        const target = lookup(names.funcs, i.target, "function");
        noteCallee(target);
        callees.add(target);
        const args = genOperands(i.operands);
        callee = target < nImportedFuncs ? -1 : target;
        return callResult(`f${target}(${flat(args)}${target < nImportedFuncs ? "" : `$DA$${target}$${args.length ? 1 : 0}$`})`, i.type);
      }
      case ids.CallIndirect: {
        callsOut = true;
        const args = genOperands([...i.operands, i.target]);
        const sig = `${expand(i.params).map(letterOf).join("")}:${expand(i.results).map(letterOf).join("")}`;
        const nArgs = expand(i.params).reduce((n, t) => n + (P && t === b.i64 ? 2 : 1), 0);
        const t = tableIdx(i.table);
        const key = `${t}/${sig}`;
        let hn = ciHelpers.get(key);
        if (!hn) {
          hn = `$ci${ciHelpers.size}`;
          ciHelpers.set(key, hn);
          const ps = Array.from({ length: nArgs }, (_, k) => `a${k}`);
          // Metered code passes its call depth (d): the callee (a wrapper, see $mk) reads it from $FU[1].
          LOADS[hn] = `function ${hn}(${[...ps, "i", ...(DEPTH ? ["d"] : [])].join(", ")}) { const f = $E${t}[i >>> 0]; if (f === undefined) $trap("undefined element"); if (f === null) $trap("uninitialized element " + (i >>> 0)); if (f.$s !== ${JSON.stringify(sig)}) $trap("indirect call type mismatch"); ${DEPTH ? "$FU[1] = d; " : ""}return f(${ps.join(", ")}); }`;
          used.add("$trap");
        }
        callee = -3;
        callsUnknown = true;
        return callResult(`${hn}(${flat(args)}${DEPTH ? ", $dp - 1" : ""})`, i.type);
      }
      case ids.MemorySize: return { s: "($sz / 65536)", k: 1 };
      case ids.MemoryGrow: { callsOut = true; grows = true; const d = genExpr(i.delta); const t = newTemp(b.i32); return { s: `(${t} = $mem.grow(${d.s} >>> 0), ${RL(-2)}${t})`, k: 2 }; }
      case ids.RefNull: features.ref = true; return { s: "null", k: 0 };
      case ids.RefIsNull: { features.ref = true; const v = genExpr(i.value); return { s: `(${v.s} === null ? 1 : 0)`, k: v.k }; }
      case ids.RefFunc: features.ref = true; return { s: `$fn($S, ${lookup(names.funcs, i.func, "function")})`, k: 1 };
      case ids.TableGet: {
        features.ref = true;
        const x = genExpr(i.index);
        return { s: `${use("$tget")}($T${tableIdx(i.table)}, ${x.s})`, k: 2 };
      }
      case ids.TableSize: features.ref = true; return { s: `$E${tableIdx(i.table)}.length`, k: 1 };
      case ids.TableGrow: {
        features.ref = true;
        const [v, d] = genOperands([i.value, i.delta]);
        return { s: `$T${tableIdx(i.table)}.grow(${d.s} >>> 0, ${v.s})`, k: 2 };
      }
      case ids.TupleMake: {
        features.multi = true;
        const vs = genOperands(i.operands);
        return { s: `[${flat(vs)}]`, k: Math.max(2, ...vs.map((v) => v.k)) as 2 };
      }
      case ids.TupleExtract: {
        let t = genExpr(i.tuple);
        if (!P) return { s: `${t.s}[${i.index}]`, k: t.k === 0 ? 1 : t.k };
        const types = expand(b.getExpressionType(i.tuple));
        const at = types.slice(0, i.index).reduce((n, x) => n + (x === b.i64 ? 2 : 1), 0);
        if (types[i.index] !== b.i64) return { s: `${t.s}[${at}]`, k: t.k === 0 ? 1 : t.k };
        if (t.k === 2) { const tt = newTemp(b.getExpressionType(i.tuple)); out.push(`${tt} = ${t.s};`); t = { s: tt, k: 1 }; }
        return pair(`${t.s}[${at}]`, `${t.s}[${at + 1}]`);
      }
      case ids.Unreachable: return { s: `${use("$trap")}("unreachable")`, k: 2 };
      case ids.Block: case ids.If: case ids.Loop: {
        if (i.type === b.none || i.type === b.unreachable) { genStmt(e); return { s: "undefined", k: 0 }; }
        if (i.id === ids.If) return genIfExpr(i);
        const t = newTemp(i.type);
        if (i.id === ids.Block) emitBlock(i, t); else emitLoop(i, t);
        return tempR(t, i.type);
      }
      case ids.Break: {
        if (i.condition && i.value) return genBrIfValue(i);
        genStmt(e);
        return { s: "undefined", k: 0 };
      }
      default:
        genStmt(e);
        return { s: "undefined", k: 0 };
    }
  }

  function genIfExpr(i: any): R {
    const c = genCond(i.condition);
    const saved = out;
    const c0 = new Map(cur);
    out = []; const a = genExpr(i.ifTrue); const sa = out;
    const c1 = cur; cur = new Map(c0);
    out = []; const f = genExpr(i.ifFalse); const sf = out;
    cur = meet(c1, cur);
    out = saved;
    if (!sa.length && !sf.length && !(P && i.type === b.i64)) return { s: `(${c.s} ? ${a.s} : ${f.s})`, k: Math.max(1, a.k, f.k) as 1 | 2 };
    const t = newTemp(i.type);
    out.push(`if (${c.s}) {`, ...sa, assign(t, a), "} else {", ...sf, assign(t, f), "}");
    return tempR(t, i.type);
  }

  function genBrIfValue(i: any): R {
    const l = findLabel(i.name);
    const v = genExpr(i.value);
    const tv = newTemp(b.getExpressionType(i.value));
    out.push(assign(tv, v));
    const tr = tempR(tv, b.getExpressionType(i.value));
    const c = genCond(i.condition);
    out.push(`if (${c.s}) { ${l.temp ? `${assign(l.temp, tr)} ` : ""}${l.loop ? "continue" : "break"} ${l.js}; }`);
    return tr;
  }

  function emitBlock(i: any, target: string | null): void {
    const label = i.name ? `L${labelCount++}` : null;
    const sc = scopeCount++;
    scopeStack.push(sc);
    if (label) { pushLabel(i.name, { js: label, temp: target, loop: false }); out.push(`${label}: {`); }
    const cs: Ref[] = i.children;
    cs.forEach((c, k) => {
      if (k === cs.length - 1 && target && i.type !== b.unreachable) {
        const r = genExpr(c);
        out.push(assign(target, r));
      } else genStmt(c);
    });
    if (label) { out.push("}"); popLabel(i.name); }
    scopeStack.pop();
    if (label) blockEnd(sc);
  }

  function emitLoop(i: any, target: string | null): void {
    const label = i.name ? `L${labelCount++}` : null;
    const sc = scopeCount++;
    scopeStack.push(sc);
    const guard = label && !target && pass2 ? alignmentGuard(i.body, sc) : null;
    if (guard) {
      emitVersionedLoop(i, label!, sc, guard);
      scopeStack.pop();
      return;
    }
    if (label) loopHeader(sc);
    if (label) { hasLoop = true; pushLabel(i.name, { js: label, temp: null, loop: true }); out.push(`${label}: while (true) {`, meterOpen()); }
    if (target) { const r = genExpr(i.body); out.push(assign(target, r)); } else genStmt(i.body);
    if (label) { meterClose(); out.push(`break ${label};`, "}"); popLabel(i.name); }
    scopeStack.pop();
  }

  // ---- loop versioning on alignment ----
  // An innermost loop whose memory accesses go through pointer locals of unknown alignment (a C
  // function's array parameters, say) is generated twice: under a guard that those locals are
  // aligned for their accesses at entry, with that assumption (kept through the loop by the
  // header's fixed point, so only where the loop's own assignments preserve it) and thus without
  // the alignment branch; and as before otherwise. Both copies charge the same fuel.
  const VERSION_MAX_NODES = 400;
  /** Locals read as direct operands of an access address (ptr, or an add chain of depth 2), with the alignment bits the access needs; null for a loop not to version. */
  function loopAccesses(body: Ref): Map<number, number> | null {
    const need = new Map<number, number>();
    let nodes = 0;
    const noteBase = (ptr: Ref, bits: number, depth: number): void => {
      const id = b.getExpressionId(ptr);
      if (id === ids.LocalGet) {
        const x = (b.getExpressionInfo(ptr) as any);
        if (x.type === b.i32) need.set(x.index, Math.max(need.get(x.index) ?? 0, bits));
      } else if (id === ids.Binary && depth < 2) {
        const x = b.getExpressionInfo(ptr) as any;
        if (x.op === b.AddInt32) { noteBase(x.left, bits, depth + 1); noteBase(x.right, bits, depth + 1); }
      }
    };
    const walk = (e: Ref | 0): boolean => {
      if (!e) return true;
      if (++nodes > VERSION_MAX_NODES) return false;
      const id = b.getExpressionId(e);
      if (id === ids.LocalGet || id === ids.GlobalGet || id === ids.Const || id === ids.Nop || id === ids.Unreachable || id === ids.MemorySize) return true;
      const WALKED = [ids.Block, ids.If, ids.Break, ids.Switch, ids.Call, ids.LocalSet, ids.GlobalSet, ids.Unary, ids.Drop, ids.Return, ids.Binary, ids.Select, ids.Load, ids.Store];
      if (!WALKED.includes(id)) return false; // a nested loop, or anything else: not versioned
      const x = b.getExpressionInfo(e) as any;
      switch (id) {
        case ids.Block: return (x.children as Ref[]).every(walk);
        case ids.If: return walk(x.condition) && walk(x.ifTrue) && walk(x.ifFalse);
        case ids.Break: case ids.Switch: return walk(x.condition) && walk(x.value);
        case ids.Call: return (x.operands as Ref[]).every(walk);
        case ids.LocalSet: case ids.GlobalSet: case ids.Unary: case ids.Drop: case ids.Return: return walk(x.value);
        case ids.Binary: return walk(x.left) && walk(x.right);
        case ids.Select: return walk(x.ifTrue) && walk(x.ifFalse) && walk(x.condition);
        case ids.Load: if (x.bytes > 1) noteBase(x.ptr, ctz(x.bytes), 0); return walk(x.ptr);
        case ids.Store: if (x.bytes > 1) noteBase(x.ptr, ctz(x.bytes), 0); return walk(x.ptr) && walk(x.value);
      }
      return false;
    };
    return walk(body) ? need : null;
  }
  /** The guard `(l<x> & mask) | ...` for versioning this loop, or null. Leaves `cur` as it found it. */
  function alignmentGuard(body: Ref, sc: number): { test: string; assume: Map<number, number> } | null {
    const need = loopAccesses(body);
    if (!need) return null;
    const cand = [...need].filter(([x, bits]) => alOf(x) < bits);
    if (!cand.length) return null;
    const c0 = new Map(cur);
    /** Under assumptions `as` at entry, the candidates the loop's accesses then find aligned. */
    const holds = (as: Array<[number, number]>): Array<[number, number]> => {
      cur = new Map(c0);
      for (const [x, bits] of as) cur.set(x, bits);
      loopHeader(sc);
      const ok = cand.filter(([x, bits]) => alOf(x) >= bits);
      cur = c0;
      return ok;
    };
    const kept = holds(cand);
    if (!kept.length) return null;
    // Guard only what the loop needs at entry: a local the loop assigns only from other locals (say
    // `p = q + 8`) has its entry value overwritten, and its alignment after the assignment comes
    // from the others' (the header's state, where the first iteration may read it before, makes
    // such an early read take the branch): it stays out of the guard.
    const sets = scopeSets.get(sc) ?? [];
    const selfFed = (x: number): boolean => {
      const vs = sets.filter(([y]) => y === x).map(([, v]) => v);
      return !vs.length || vs.some((v) => readsLocal(v, x, 0));
    };
    const guard = kept.filter(([x]) => selfFed(x));
    if (!guard.length) return null;
    return { test: guard.map(([x, bits]) => `l${x} & ${(1 << bits) - 1}`).join(" | "), assume: new Map(guard) };
  }
  /** Expression e (a local's assigned value) may read local x (bounded search; unknown shapes count as reading it). */
  function readsLocal(e: Ref, x: number, depth: number): boolean {
    if (depth > 12) return true;
    const id = b.getExpressionId(e);
    if (![ids.LocalGet, ids.Const, ids.GlobalGet, ids.LocalSet, ids.Binary, ids.Unary, ids.Load].includes(id)) return true;
    const i = b.getExpressionInfo(e) as any;
    switch (id) {
      case ids.LocalGet: return i.index === x;
      case ids.Const: case ids.GlobalGet: return false;
      case ids.LocalSet: return i.index === x || readsLocal(i.value, x, depth + 1);
      case ids.Binary: return readsLocal(i.left, x, depth + 1) || readsLocal(i.right, x, depth + 1);
      case ids.Unary: return readsLocal(i.value, x, depth + 1);
      case ids.Load: return readsLocal(i.ptr, x, depth + 1);
    }
    return true;
  }
  function emitVersionedLoop(i: any, label: string, sc: number, guard: { test: string; assume: Map<number, number> }): void {
    hasLoop = true;
    const c0 = new Map(cur);
    const scopeStart = scopeCount;
    out.push(`if ((${guard.test}) === 0) {`);
    // copy 1: aligned
    for (const [x, bits] of guard.assume) cur.set(x, Math.max(alOf(x), bits));
    loopHeader(sc);
    pushLabel(i.name, { js: label, temp: null, loop: true });
    const charge = meterOpen();
    out.push(`${label}: while (true) {`, charge);
    genStmt(i.body);
    meterClose();
    out.push(`break ${label};`, "}");
    popLabel(i.name);
    const c1 = cur;
    const scopeEnd = scopeCount;
    // copy 2: as without versioning, with the same scope numbering (alignment facts of pass 1) and
    // the same fuel charge (its own region only collects nothing: the expressions are counted once)
    out.push("} else {");
    cur = c0;
    scopeCount = scopeStart;
    loopHeader(sc);
    const label2 = `L${labelCount++}`;
    pushLabel(i.name, { js: label2, temp: null, loop: true });
    meterCounts.push(0); meter.push(0); meterIds.push(meterCounts.length - 1); regionCallees.push([]);
    out.push(`${label2}: while (true) {`, charge);
    genStmt(i.body);
    meterClose();
    out.push(`break ${label2};`, "}");
    popLabel(i.name);
    out.push("}");
    scopeCount = scopeEnd;
    cur = meet(c1, cur);
  }

  function genStmt(e: Ref): void {
    const i = info(e);
    switch (i.id) {
      case ids.Nop: return;
      case ids.Block: emitBlock(i, null); return;
      case ids.Loop: emitLoop(i, null); return;
      case ids.If: {
        const c = genCond(i.condition);
        out.push(`if (${c.s}) {`);
        const c0 = new Map(cur);
        genStmt(i.ifTrue);
        const c1 = cur; cur = new Map(c0);
        if (i.ifFalse) { out.push("} else {"); genStmt(i.ifFalse); }
        cur = meet(c1, cur);
        out.push("}");
        return;
      }
      case ids.Break: {
        const l = findLabel(i.name);
        const jump = `${l.loop ? "continue" : "break"} ${l.js};`;
        if (i.condition) {
          if (i.value) { const r = genBrIfValue(i); void r; return; }
          const c = genCond(i.condition);
          out.push(`if (${c.s}) ${jump}`);
          return;
        }
        if (i.value) {
          if (l.temp) { const v = genExpr(i.value); out.push(assign(l.temp, v)); } else genStmt(i.value);
        }
        out.push(jump);
        return;
      }
      case ids.Switch: {
        let tv: R | null = null;
        if (i.value) { const v = genExpr(i.value); const t = newTemp(b.getExpressionType(i.value)); out.push(assign(t, v)); tv = tempR(t, b.getExpressionType(i.value)); }
        const x = genExpr(i.condition);
        const jumpTo = (name: string): string => {
          const l = findLabel(name);
          return `${tv && l.temp ? `${assign(l.temp, tv)} ` : ""}${l.loop ? "continue" : "break"} ${l.js};`;
        };
        const names: string[] = i.names;
        if (names.every((n) => n === i.defaultName)) {
          if (x.k === 2) out.push(`${x.s};`);
          out.push(jumpTo(i.defaultName));
          return;
        }
        const byTarget = new Map<string, number[]>();
        names.forEach((n, k) => { if (n !== i.defaultName) { let a = byTarget.get(n); if (!a) byTarget.set(n, (a = [])); a.push(k); } });
        out.push(`switch (${x.s}) {`);
        for (const [n, ks] of byTarget) out.push(`${ks.map((k) => `case ${k}:`).join(" ")} ${jumpTo(n)}`);
        out.push(`default: ${jumpTo(i.defaultName)}`, "}");
        return;
      }
      case ids.Return: {
        if (i.value) out.push(returnOf(genExpr(i.value))); else out.push(`${EP}return;`);
        return;
      }
      case ids.Unreachable: out.push(`${use("$trap")}("unreachable");`); return;
      case ids.Drop: genStmt(i.value); return;
      case ids.LocalSet: {
        noteSet(i.index, i.value);
        const v = genExpr(i.value);
        cur.set(i.index, v.al ?? 0);
        out.push(assign(`l${i.index}`, v, `h${i.index}`));
        return;
      }
      case ids.GlobalSet: { const v = genExpr(i.value); const [g, hi] = globalRefs(i.name); out.push(assign(g, v, hi)); return; }
      case ids.Store: {
        const d = memDepth++;
        const [p, v] = genOperands([i.ptr, i.value]);
        memDepth--;
        if (b.getExpressionType(i.ptr) === b.unreachable || b.getExpressionType(i.value) === b.unreachable) { if (p.k === 2) out.push(`${p.s};`); if (v.k === 2) out.push(`${v.s};`); return; }
        if (P && i.valueType === b.i64) {
          if (i.bytes < 8 && inlineStore(b.i32, i.bytes, p, i.offset, { s: v.s, k: 1 }, d, isAligned(p, i.offset, i.bytes), inInitial(i.ptr, i.offset, i.bytes))) return;
          if (i.bytes < 8) { out.push(`${storeHelper(b.i32, i.bytes)}(${addr(p, i.offset)}, ${v.s});`); return; }
          const m = mt(`m${d}`);
          if ((i.offset >>> 0) >= BIG_OFFSET) {
            out.push(`${m} = ${addr(p, i.offset)}; if (${m} > $sz - 8) $oob(); if (${m} & 3) { $DV.setInt32(${m}, ${v.s}, true); $DV.setInt32(${m} + 4, ${v.hi}, true); } else { $I32[${m} >> 2] = ${v.s}; $I32[(${m} >> 2) + 1] = ${v.hi}; }`);
            return;
          }
          // As inlineStore: both words read first (trapping on undefined), then written.
          const aligned = `{ if ($I32[${m} >> 2] === undefined || $I32[(${m} >> 2) + 1] === undefined) $oob(); $I32[${m} >> 2] = ${v.s}; $I32[(${m} >> 2) + 1] = ${v.hi}; }`;
          out.push(`${effAddr(m, p, i.offset)}; ${isAligned(p, i.offset, 4) ? aligned : `if (${m} & 3) { if (${m} < 0 || ${m} > $sz - 8) $oob(); $DV.setInt32(${m}, ${v.s}, true); $DV.setInt32(${m} + 4, ${v.hi}, true); } else ${aligned}`}`);
          return;
        }
        if (inlineStore(i.valueType, i.bytes, p, i.offset, v, d, isAligned(p, i.offset, i.bytes), inInitial(i.ptr, i.offset, i.bytes))) return;
        out.push(`${storeHelper(i.valueType, i.bytes)}(${addr(p, i.offset)}, ${v.s});`);
        return;
      }
      case ids.MemoryInit: {
        features.bulk = true;
        const [d, o, n] = genOperands([i.dest, i.offset, i.size]);
        out.push(`${use("$minit")}(${lookup(names.data, i.segment, "data segment")}, ${d.s}, ${o.s}, ${n.s});`);
        return;
      }
      case ids.DataDrop: features.bulk = true; out.push(`$data[${lookup(names.data, i.segment, "data segment")}] = null;`); return;
      case ids.MemoryCopy: {
        features.bulk = true;
        const [d, s, n] = genOperands([i.dest, i.source, i.size]);
        out.push(`${use("$mcopy")}(${d.s}, ${s.s}, ${n.s});`);
        return;
      }
      case ids.MemoryFill: {
        features.bulk = true;
        const [d, v, n] = genOperands([i.dest, i.value, i.size]);
        out.push(`${use("$mfill")}(${d.s}, ${v.s}, ${n.s});`);
        return;
      }
      case ids.TableSet: {
        features.ref = true;
        const [x, v] = genOperands([i.index, i.value]);
        out.push(`${use("$tset")}($T${tableIdx(i.table)}, ${x.s}, ${v.s});`);
        return;
      }
      case ids.TableFill: {
        features.bulk = features.ref = true;
        const [d, v, n] = genOperands([i.dest, i.value, i.size]);
        out.push(`${use("$tfill")}($T${tableIdx(i.table)}, ${d.s}, ${v.s}, ${n.s});`);
        return;
      }
      case ids.TableCopy: {
        features.bulk = true;
        const [d, s, n] = genOperands([i.dest, i.source, i.size]);
        out.push(`${use("$tcopy")}($T${tableIdx(i.destTable)}, $T${tableIdx(i.sourceTable)}, ${d.s}, ${s.s}, ${n.s});`);
        return;
      }
      case ids.TableInit: {
        features.bulk = true;
        const [d, s, n] = genOperands([i.dest, i.offset, i.size]);
        out.push(`${use("$tinit")}($T${tableIdx(i.table)}, $elem[${lookup(names.elems, i.segment, "element segment")}], ${d.s}, ${s.s}, ${n.s});`);
        return;
      }
      case ids.ElemDrop: features.bulk = true; out.push(`$elem[${lookup(names.elems, i.segment, "element segment")}] = null;`); return;
      default: {
        const r = genExpr(e);
        if (r.k === 2) out.push(`${r.s};`);
      }
    }
  }

  // ---- functions ----
  interface Gen {
    idx: number; head: string; decl: string[]; out: string[]; counts: number[]; regionCallees: number[][];
    callees: Set<number>; callsUnknown: boolean; grows: boolean; hasLoop: boolean; views: string[]; ret: string | null;
  }
  const gens: Gen[] = [];
  const nFuncs = mod.getNumFunctions();
  const sigs: string[] = [];
  const generated = new Set<number>();
  for (let f = 0; f < nFuncs; f++) {
    const fi = b.getFunctionInfo(mod.getFunctionByIndex(f));
    const idx = lookup(names.funcs, fi.name, "function");
    if (idx < nImportedFuncs) continue;
    const params = expand(fi.params);
    const results = expand(fi.results);
    if (results.length > 1) features.multi = true;
    generated.add(idx);
    sigs.push(`f${idx}.$s = ${JSON.stringify(`${params.map(letterOf).join("")}:${results.map(letterOf).join("")}`)};`);
    // Two passes: the first only collects the locals' assignments (for localAlign), the second is kept.
    localAlign = new Map(); localSets = new Map(); scopeSets = new Map(); cur = new Map(); pass2 = false;
    inInitial = insideInitialMemory(b, fi.body, params.length, initialBytes);
    for (let pass = 0; pass < 2; pass++) {
      if (pass === 1) { if (!localSets.size) break; cur = new Map(); solveLocalAlign(params.length); pass2 = true; }
      cur = new Map(); scopeStack = []; scopeCount = 0;
      out = []; temps = []; labels = new Map(); labelCount = 0; memTemps = new Set(); memDepth = 0; callsOut = false;
      meter = []; meterIds = []; meterCounts = []; regionCallees = []; counted = new Set();
      callees = new Set(); callsUnknown = false; grows = false; hasLoop = false; retVar = null;
      retType = results.length === 1 ? results[0] : b.none;
      out.push(meterOpen());
      if (fi.body) {
        if (results.length) out.push(returnOf(genExpr(fi.body))); else { genStmt(fi.body); out.push(EP); }
      }
      meterClose();
    }
    // Local views: a function reads its instance's memory views and byte size into function-local
    // variables at entry, which V8 keeps in registers instead of reloading module-level variables
    // (and checking their maps) at every access. Only a call (which may grow memory, or run
    // another instance and switch the module-level state back) or memory.grow can change them, so
    // each of those is followed by a reload (RL) of the views the function uses, unless the callee
    // provably changes neither (below); a function with no such call holds them in constants.
    const re = /\$(sz|U8|I8|U16|I16|I32|F32|F64|I64|DV|GI|GF)\b/g;
    const seen = new Set<string>();
    for (let k = 0; k < out.length; k++) out[k] = out[k].replace(re, (_m, v: string) => { seen.add(v); return `_${v}`; });
    const locals = fi.vars.map((t, k) => `l${params.length + k} = ${expand(t).length > 1 ? "null" : initOf(t)}${P && t === b.i64 ? `, h${params.length + k} = 0` : ""}`);
    if (retVar) locals.push(`${retVar} = ${expand(retType).length > 1 ? "null" : initOf(retType)}`);
    gens.push({
      idx, head: params.map((t, k) => (P && t === b.i64 ? `l${k}, h${k}` : `l${k}`)).join(", "),
      decl: [...locals, ...temps, ...[...memTemps].map((n) => `${n} = 0`)], out, counts: meterCounts, regionCallees,
      callees, callsUnknown, grows, hasLoop, views: [...seen], ret: retVar,
    });
  }
  // Whole-module facts: leaves (no loop, no call: no fuel or depth code, charged by their callers),
  // and functions that never change the memory views (no memory.grow, no call of unknown code, and
  // only such callees: a greatest fixed point), after whose calls no reload is needed.
  const byIdx = new Map(gens.map((g) => [g.idx, g]));
  const isLeaf = (f: number): boolean => { const g = byIdx.get(f); return !!g && !g.hasLoop && !g.callees.size && !g.callsUnknown; };
  const viewStable = new Set(gens.filter((g) => !g.grows && !g.callsUnknown).map((g) => g.idx));
  for (let changed = true; changed;) {
    changed = false;
    for (const f of viewStable) if ([...byIdx.get(f)!.callees].some((c) => !viewStable.has(c))) { viewStable.delete(f); changed = true; }
  }
  const leafCount = (f: number): number => byIdx.get(f)!.counts[0];
  /** Function k's code (itself, or the survivor Binaryen merged it into) takes the call-depth argument. */
  const takesDepth = (k: number): boolean => {
    if (!DEPTH) return false;
    const survivor = aliases.get(k);
    const j = survivor === undefined || byIdx.has(k) ? k : lookup(names.funcs, survivor, "function");
    return byIdx.has(j) && !isLeaf(j);
  };
  const parts: string[] = [];
  for (const g of gens) {
    const leaf = isLeaf(g.idx);
    const metered = METER && !leaf;
    const counted = DEPTH && !leaf;
    const count = (id: number): number => g.counts[id] + g.regionCallees[id].reduce((n, c) => n + (isLeaf(c) ? leafCount(c) : 0), 0);
    const localViews = g.views.map((v) => `_${v} = $${v}`);
    const viewReload = localViews.map((x) => `${x}, `).join("");
    let reloads = false;
    // A function with a loop keeps the fuel in its local `$fu`; one without charges the cell
    // directly at entry (once per call: no write-back or reload around its calls).
    const local = metered && g.hasLoop;
    // Call depth travels as a last argument $dp (calls left, this one included) from metered
    // caller to metered callee: no memory traffic, nothing to undo when a trap unwinds.
    const entry = !metered ? "" : `${local ? `let $fu = $FU[0] - ${count(0)}; if ($fu < 0) $fuelOut();` : `if (($FU[0] -= ${count(0)}) < 0) $fuelOut();`}${counted ? " if ($dp < 1) $deep();" : ""}`;
    const epi = local ? "$FU[0] = $fu; " : "";
    const out = g.out.map((line) => {
      if (!line.includes("$")) return line;
      return line
        .replace(FUEL_RE, (_m, id: string) => String(count(+id)))
        .replace(/\$FE\$/g, entry)
        .replace(/\$EP\$/g, epi)
        .replace(/\$WB\$(-?\d+)\$/g, (_m, c: string) => `${local && !isLeaf(+c) ? "$FU[0] = $fu, " : ""}${counted && +c === -1 ? "$FU[1] = $dp - 1, " : ""}`)
        .replace(/\$DA\$(\d+)\$(\d)\$/g, (_m, c: string, n: string) => (takesDepth(+c) ? `${n === "1" ? ", " : ""}$dp - 1` : ""))
        .replace(/\$RL\$(-?\d+)\$/g, (_m, c: string) => {
          const f = +c;
          const views = f < 0 || !viewStable.has(f) ? viewReload : "";
          if (views) reloads = true;
          return `${local && f !== -2 && !isLeaf(f) ? "$fu = $FU[0], " : ""}${views}`;
        });
    });
    parts.push(`function f${g.idx}(${g.head}${counted ? `${g.head ? ", " : ""}$dp` : ""}) {`);
    if (localViews.length) parts.push(`${reloads ? "let" : "const"} ${localViews.join(", ")};`);
    if (g.decl.length) parts.push(`let ${g.decl.join(", ")};`);
    parts.push(...out, "}");
  }

  // ---- prologue: module-level state, switched per instance by $enter ----
  const pro: string[] = ['"use strict";'];
  const rtHelpers = [...used].filter((n) => !LOADS[n] && !MEM_HELPERS[n]);
  pro.push("const $rt = rt;");
  pro.push("const $trap = $rt.trap, $oob = $rt.oob;");
  if (METER) pro.push(`const $FU = $rt.fuel, $fuelOut = $rt.fuelOut${DEPTH ? ", $deep = $rt.deep" : ""};`);
  if (P) pro.push("const $H = $rt.H;");
  for (const n of rtHelpers) if (n !== "$trap") pro.push(`const ${n} = $rt.${n.slice(1)};`);
  pro.push("let $S = null, $mem = null, $data = null, $elem = null;");
  pro.push("let $sz = 0, $U8 = null, $I8 = null, $U16 = null, $I16 = null, $I32 = null, $F32 = null, $F64 = null, $I64 = null, $DV = null;");
  // The current instance's views of its memory, cached on the instance (rebuilt when the buffer changed).
  // The views cover the memory's size, which may be less than its buffer (a memory reserved by asm.js-flavor code, AotMemory.reserveFor, grows in place).
  pro.push("function $views() { const S = $S, b = $mem.ab, n = $mem.size; if (S.ab !== b || S.vw[0] !== n) { S.ab = b; S.vw = [n, new Uint8Array(b, 0, n), new Int8Array(b, 0, n), new Uint16Array(b, 0, n >> 1), new Int16Array(b, 0, n >> 1), new Int32Array(b, 0, n >> 2), new Float32Array(b, 0, n >> 2), new Float64Array(b, 0, n >> 3), " + (P ? "null" : "typeof BigInt64Array === \"function\" ? new BigInt64Array(b, 0, n >> 3) : null") + ", new DataView(b, 0, n)]; } const v = S.vw; $sz = v[0]; $U8 = v[1]; $I8 = v[2]; $U16 = v[3]; $I16 = v[4]; $I32 = v[5]; $F32 = v[6]; $F64 = v[7]; $I64 = v[8]; $DV = v[9]; }");
  const nTables = st.imports.filter((x) => x.kind === 1).length + st.tables.length;
  const enter: string[] = ["$S = S; $mem = S.m; $data = S.d; $elem = S.el;", "if ($mem !== null) $views();"];
  for (let t = 0; t < nTables; t++) { pro.push(`let $T${t} = null, $E${t} = null;`); enter.push(`$T${t} = S.t[${t}]; $E${t} = $T${t}.e;`); }
  for (let f = 0; f < nImportedFuncs; f++) { pro.push(`let f${f} = null;`); enter.push(`f${f} = S.f[${f}];`); }
  const nGlobals = nImportedGlobals + st.globals.length;
  const internal: number[] = [];
  if (nGI) { pro.push("let $GI = null;"); enter.push("$GI = S.gi;"); }
  if (nGF) { pro.push("let $GF = null;"); enter.push("$GF = S.gf;"); }
  for (let g = 0; g < nGlobals; g++) {
    if (isCell(g)) { pro.push(`let $G${g} = null;`); enter.push(`$G${g} = S.G[${g}];`); }
    else if (!gSlot.has(g)) {
      internal.push(g);
      pro.push(`let $g${g} = ${initOf(valTypeToBinaryen(b, globalType(g)))};`);
      enter.push(`$g${g} = S.g[${g}];`);
      if (P && globalType(g) === 0x7e) { pro.push(`let $g${g}h = 0;`); enter.push(`$g${g}h = S.h[${g}];`); }
    }
  }
  const save = internal.map((g) => `P.g[${g}] = $g${g};${isPair(g) ? ` P.h[${g}] = $g${g}h;` : ""}`).join(" ");
  pro.push(`function $enter(S) { const P = $S; if (P !== null) { ${save} }`, ...enter, "return P; }");
  for (const n of Object.keys(MEM_HELPERS)) if (used.has(n)) pro.push(MEM_HELPERS[n]);
  pro.push(...Object.values(LOADS));
  // Functions merged by Binaryen: the index refers to the surviving function's code.
  const aliasLines: string[] = [];
  for (const [k, survivor] of aliases) {
    const j = lookup(names.funcs, survivor, "function");
    if (j !== k && !generated.has(k)) aliasLines.push(`const f${k} = f${j};`);
  }
  const epi: string[] = [...aliasLines, ...sigs];
  // Per instance, each function escapes (export, table, ref.func) as a wrapper that enters its instance.
  epi.push("const $mk = [];");
  for (let k = nImportedFuncs; k < nImportedFuncs + st.functions.length; k++) {
    const ps = st.types[st.functions[k - nImportedFuncs].type].params;
    const nArgs = Array.from(ps).reduce((n, t) => n + (P && t === 0x7e ? 2 : 1), 0);
    const a = Array.from({ length: nArgs }, (_, j) => `a${j}`).join(", ");
    // Entering from outside (the host, another instance): switch, run, switch back.
    // Metered code is entered with the calls left in $FU[1] (set by the loader's enter(), by call_indirect, or before an import call),
    // read as an int32 (`| 0`): a Float64Array element reaches the callee as a HeapNumber, and V8 then
    // computes every `$dp - 1` down the call tree as a double and allocates it as an argument
    // (measured: calls 1.2x faster with the conversion).
    const ad = takesDepth(k) ? `${a ? `${a}, ` : ""}$FU[1] | 0` : a;
    epi.push(`$mk[${k}] = (S) => function (${a}) { if ($S === S) return f${k}(${ad}); const P = $enter(S); try { return f${k}(${ad}); } finally { if (P !== null) $enter(P); } };`);
  }
  epi.push(`function $fn(S, k) { if (k < ${nImportedFuncs}) return S.f[k]; let w = S.w[k]; if (w === undefined) { w = S.w[k] = $mk[k](S); w.$s = $mk.s[k]; w.$n = S.nm(k); } return w; }`);
  epi.push(`$mk.s = [${Array.from({ length: nImportedFuncs + st.functions.length }, (_, k) => k < nImportedFuncs ? "null" : `f${k}.$s`).join(", ")}];`);
  const gi = nGI ? `new Int32Array(${nGI})` : "null", gf = nGF ? `new Float64Array(${nGF})` : "null";
  epi.push(`function $create(env) { const S = { m: env.m || null, d: env.d, el: env.el, t: env.t, f: env.f, G: env.g, g: [], h: [], gi: ${gi}, gf: ${gf}, ab: null, vw: null, w: [], nm: env.nm }; if (S.m !== null) S.m.onGrow(() => { if ($S === S) $views(); }); return S; }`);
  // In pairs mode an i64 global's initial value comes as [low, high].
  const initSlots = [...gSlot].map(([g, { arr, k }]) => (isPair(g) ? `S.gi[${k}] = g[${g}][0]; S.gi[${k + 1}] = g[${g}][1];` : `S.${arr === "$GI" ? "gi" : "gf"}[${k}] = g[${g}];`)).join(" ");
  epi.push(`function $init(S, g) { ${initSlots} ${internal.map((g) => (isPair(g) ? `S.g[${g}] = g[${g}][0]; S.h[${g}] = g[${g}][1];` : `S.g[${g}] = g[${g}];`)).join(" ")} if ($S === S) { ${internal.map((g) => `$g${g} = S.g[${g}];${isPair(g) ? ` $g${g}h = S.h[${g}];` : ""}`).join(" ")} } }`);
  epi.push("return { create: $create, init: $init, fn: $fn };");
  // Module-level state as `var`: a `let` or `const` read from the functions costs a TDZ (hole)
  // check at every access in V8's optimized code (measured: json, vm, calls 5-11% faster).
  const asVar = (l: string): string => l.replace(/^(?:let|const) /, "var ");
  return { source: [...pro.map(asVar), ...parts, ...epi.map(asVar)].join("\n"), features };
}

function valTypeToBinaryen(b: B, code: number): number {
  switch (code) {
    case 0x7f: return b.i32; case 0x7e: return b.i64; case 0x7d: return b.f32; case 0x7c: return b.f64;
    default: return b.funcref;
  }
}

/** Memory and table helpers that need the instance's views (generated into the factory). */
const MEM_HELPERS: Record<string, string> = {
  $mfill: "function $mfill(d, v, n) { d >>>= 0; n >>>= 0; if (d + n > $sz) $oob(); $U8.fill(v, d, d + n); }",
  $mcopy: "function $mcopy(d, s, n) { d >>>= 0; s >>>= 0; n >>>= 0; if (d + n > $sz || s + n > $sz) $oob(); $U8.copyWithin(d, s, s + n); }",
  $minit: "function $minit(x, d, s, n) { const b = $data[x] || $rt.empty; d >>>= 0; s >>>= 0; n >>>= 0; if (s + n > b.length || d + n > $sz) $oob(); $U8.set(b.subarray(s, s + n), d); }",
};
