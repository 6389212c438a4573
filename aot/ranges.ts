/**
 * Value ranges of i32 expressions in a function's Binaryen IR, for memory accesses whose bounds
 * test can be left out: linear memory never shrinks, so an access whose effective address plus
 * width is at most the memory's initial size (bytes) is in bounds whenever it runs.
 *
 * A range is a pair of unsigned values `[lo, hi]` (0 <= lo <= hi <= 2^32 - 1, held in doubles,
 * so the arithmetic on bounds is exact and never wraps); an expression whose value may wrap in
 * i32 arithmetic, or that the analysis does not follow, gets the full range. Locals are
 * flow-insensitive: a parameter has the full range, a declared local the union of zero (its
 * initial value) and the ranges of every value assigned to it anywhere in the function (a local
 * whose assignments depend on itself, such as a loop counter, gets the full range), except for
 * the loop counters `loopCounters` recognizes, whose reads inside their loop get the counter's
 * range there. Source: the WebAssembly spec's i32 operations (modulo 2^32), zero-initialized
 * locals (section 4.4.10) and structured control (a `loop` is entered only from the instruction
 * before it: section 4.4.8).
 */
import type binaryenNs from "binaryen";

type B = typeof binaryenNs;
type Ref = number;

export interface Range { lo: number; hi: number }

const U32 = 4294967295;
const FULL: Range = { lo: 0, hi: U32 };
const BOOL: Range = { lo: 0, hi: 1 };
/** Recursion limit on nested expressions and chains of locals (deeper ones get the full range). */
const MAX_DEPTH = 24;

/** The smallest all-ones value at least v (the range of an `or`/`xor` of values up to v). */
const ones = (v: number): number => (v === 0 ? 0 : 2 ** (32 - Math.clz32(v)) - 1);

/**
 * The range analysis of one function: `range(e)` for an i32 expression of its body.
 * `children` lists an expression's operands (default `knownChildren`); when it returns null for
 * an expression of the body, the analysis gives up (every expression gets the full range), since
 * an assignment to a local could hide inside it. `nParams` is the function's parameter count.
 */
export function functionRanges(b: B, body: Ref, nParams: number, children: (e: Ref) => Ref[] | null = (e) => knownChildren(b, e)): (e: Ref) => Range {
  const sets = new Map<number, Ref[]>();
  let opaque = false;
  const walk = (e: Ref): void => {
    if (!e || opaque) return;
    if (b.getExpressionId(e) === b.LocalSetId) {
      const i: any = b.getExpressionInfo(e);
      let l = sets.get(i.index); if (!l) sets.set(i.index, (l = []));
      l.push(i.value);
    }
    const cs = children(e);
    if (!cs) { opaque = true; return; }
    for (const c of cs) walk(c);
  };
  walk(body);
  if (opaque) return () => FULL; // a kind of expression the walk cannot see into: it may assign locals
  const counted = loopCounters(b, body, nParams, (e) => children(e) ?? []);
  const locals = new Map<number, Range | "busy">();
  const localRange = (k: number, depth: number): Range => {
    if (k < nParams) return FULL;
    const known = locals.get(k);
    if (known === "busy") return FULL; // a cycle: the local's value depends on itself
    if (known) return known;
    locals.set(k, "busy");
    let r: Range = { lo: 0, hi: 0 };
    for (const v of sets.get(k) ?? []) {
      const x = range(v, depth + 1);
      r = { lo: Math.min(r.lo, x.lo), hi: Math.max(r.hi, x.hi) };
      if (r.hi === U32 && r.lo === 0) break;
    }
    // (Computed under a cycle's full range, r is wider than it could be, never narrower: kept.)
    locals.set(k, r);
    return r;
  };
  const constOf = (e: Ref): number | null => (b.getExpressionId(e) === b.ConstId && b.getExpressionType(e) === b.i32 ? (b.getExpressionInfo(e) as any).value >>> 0 : null);
  function range(e: Ref, depth = 0): Range {
    if (depth > MAX_DEPTH || b.getExpressionType(e) !== b.i32) return FULL;
    const id = b.getExpressionId(e);
    const i: any = b.getExpressionInfo(e);
    if (id === b.ConstId) { const v = i.value >>> 0; return { lo: v, hi: v }; }
    if (id === b.LocalGetId) return counted.get(e) ?? localRange(i.index, depth);
    if (id === b.LocalSetId) return range(i.value, depth + 1); // a tee
    if (id === b.LoadId) return i.isSigned || i.bytes >= 4 ? FULL : { lo: 0, hi: 2 ** (8 * i.bytes) - 1 };
    if (id === b.SelectId) {
      const x = range(i.ifTrue, depth + 1), y = range(i.ifFalse, depth + 1);
      return { lo: Math.min(x.lo, y.lo), hi: Math.max(x.hi, y.hi) };
    }
    if (id === b.UnaryId) {
      switch (i.op) {
        case b.EqZInt32: case b.EqZInt64: return BOOL;
        case b.ClzInt32: case b.CtzInt32: case b.PopcntInt32: return { lo: 0, hi: 32 };
      }
      return FULL;
    }
    if (id !== b.BinaryId) return FULL;
    const op = i.op;
    if ([b.EqInt32, b.NeInt32, b.LtSInt32, b.LtUInt32, b.LeSInt32, b.LeUInt32, b.GtSInt32, b.GtUInt32, b.GeSInt32, b.GeUInt32,
      b.EqInt64, b.NeInt64, b.LtSInt64, b.LtUInt64, b.LeSInt64, b.LeUInt64, b.GtSInt64, b.GtUInt64, b.GeSInt64, b.GeUInt64,
      b.EqFloat32, b.NeFloat32, b.LtFloat32, b.LeFloat32, b.GtFloat32, b.GeFloat32,
      b.EqFloat64, b.NeFloat64, b.LtFloat64, b.LeFloat64, b.GtFloat64, b.GeFloat64].includes(op)) return BOOL;
    const x = range(i.left, depth + 1), y = range(i.right, depth + 1);
    const k = constOf(i.right);
    switch (op) {
      case b.AddInt32: {
        const lo = x.lo + y.lo, hi = x.hi + y.hi;
        if (hi <= U32) return { lo, hi };
        if (lo > U32) return { lo: lo - U32 - 1, hi: hi - U32 - 1 }; // every sum wraps once
        return FULL;
      }
      case b.SubInt32: {
        const lo = x.lo - y.hi, hi = x.hi - y.lo;
        if (lo >= 0) return { lo, hi };
        if (hi < 0) return { lo: lo + U32 + 1, hi: hi + U32 + 1 };
        return FULL;
      }
      case b.MulInt32: return x.hi * y.hi <= U32 ? { lo: x.lo * y.lo, hi: x.hi * y.hi } : FULL;
      case b.AndInt32: return { lo: 0, hi: Math.min(x.hi, y.hi) };
      case b.OrInt32: return { lo: Math.max(x.lo, y.lo), hi: ones(Math.max(x.hi, y.hi)) };
      case b.XorInt32: return { lo: 0, hi: ones(Math.max(x.hi, y.hi)) };
      case b.ShlInt32: {
        if (k === null) return FULL;
        const m = 2 ** (k & 31);
        return x.hi * m <= U32 ? { lo: x.lo * m, hi: x.hi * m } : FULL;
      }
      case b.ShrUInt32: case b.ShrSInt32: {
        if (op === b.ShrSInt32 && x.hi > 0x7fffffff) return FULL; // a negative value shifts in ones
        if (k === null) return { lo: 0, hi: x.hi };
        const m = 2 ** (k & 31);
        return { lo: Math.floor(x.lo / m), hi: Math.floor(x.hi / m) };
      }
      case b.RemUInt32: return y.hi > 0 ? { lo: 0, hi: Math.min(x.hi, y.hi - 1) } : FULL;
      case b.DivUInt32: return y.lo > 0 ? { lo: Math.floor(x.lo / y.hi), hi: Math.floor(x.hi / y.lo) } : FULL;
    }
    return FULL;
  }
  return (e: Ref) => range(e);
}

/** The size in bytes of the module's own memory at instantiation (0: none defined): it never shrinks. */
export const initialMemoryBytes = (st: { memories: { min: number }[] }): number => (st.memories.length ? st.memories[0].min * 65536 : 0);

/**
 * For one function body: whether an access of `bytes` at ptr + offset (ptr an i32 expression of
 * the body, offset the access's static offset) lies inside the first `initialBytes` of memory
 * whatever ptr's value, so that it needs no bounds test (memories never shrink). Exact in f64:
 * range bounds plus offset do not wrap. What both js flavors ask before leaving a test out.
 */
export function insideInitialMemory(b: B, body: Ref | 0, nParams: number, initialBytes: number): (ptr: Ref, offset: number, bytes: number) => boolean {
  if (!body || !initialBytes) return () => false;
  const range = functionRanges(b, body, nParams);
  return (ptr, offset, bytes) => range(ptr).hi + (offset >>> 0) + bytes <= initialBytes;
}

/** The binary and unary operations that may trap (integer division and remainder, float-to-integer truncation): they end a run. */
let trapping: Set<number> | undefined;

/** A first access and how far its bounds test reaches: `local` + `end` bytes (see `bundledTests`). */
export interface BundledTest { local: number; end: number }

/**
 * Bounds tests that can be done once, at the first of a run of accesses: for straight-line code
 * between which nothing observable happens (no store but the run's last access, no call, global
 * write or memory growth, no branch, and no other trapping operation: integer division and
 * remainder, float-to-integer truncation), the accesses whose address is a local l plus a
 * constant (`l`, `l + c`, with the access's static offset added) form a run per l while l is not
 * assigned. The run's first access maps to `{ local: l, end }`, end the largest `c + offset +
 * bytes` of the run, when that reaches past the first access's own end; testing `l + end` there
 * (with l below 2^31) is testing every access of the run. Trapping there rather than at the
 * access out of bounds is not observable: the same trap (out of bounds memory access, spec
 * section 4.4.7), and nothing between them had an effect. Expressions `knownChildren` does not
 * follow end every run, and no run reaches into them. Accesses `inside` says need no test
 * (`insideInitialMemory`) are left out of the runs.
 */
export function bundledTests(b: B, body: Ref | 0, inside: (ptr: Ref, offset: number, bytes: number) => boolean): Map<Ref, BundledTest> {
  const out = new Map<Ref, BundledTest>();
  if (!body) return out;
  trapping ??= new Set<number>([b.DivSInt32, b.DivUInt32, b.RemSInt32, b.RemUInt32, b.DivSInt64, b.DivUInt64, b.RemSInt64, b.RemUInt64,
    b.TruncSFloat32ToInt32, b.TruncSFloat32ToInt64, b.TruncUFloat32ToInt32, b.TruncUFloat32ToInt64,
    b.TruncSFloat64ToInt32, b.TruncSFloat64ToInt64, b.TruncUFloat64ToInt32, b.TruncUFloat64ToInt64]);
  let runs = new Map<number, { first: Ref; firstEnd: number; end: number }>();
  const close = (l: number): void => {
    const r = runs.get(l);
    if (r && r.end > r.firstEnd) out.set(r.first, { local: l, end: r.end });
    runs.delete(l);
  };
  const closeAll = (): void => { for (const l of [...runs.keys()]) close(l); runs = new Map(); };
  /** An address `l` or `l + c` (0 <= c < 2^31): [l, c]. */
  const base = (p: Ref): [number, number] | null => {
    const id = b.getExpressionId(p);
    if (id === b.LocalGetId) return [(b.getExpressionInfo(p) as any).index, 0];
    if (id !== b.BinaryId) return null;
    const i: any = b.getExpressionInfo(p);
    if (i.op !== b.AddInt32) return null;
    for (const [x, y] of [[i.left, i.right], [i.right, i.left]]) {
      const c = i32Const(b, y);
      if (c !== null && c >= 0 && b.getExpressionId(x) === b.LocalGetId) return [(b.getExpressionInfo(x) as any).index, c];
    }
    return null;
  };
  const access = (e: Ref, ptr: Ref, offset: number, bytes: number): void => {
    const at = base(ptr);
    if (!at || offset >= 0x80000000 || inside(ptr, offset, bytes)) return;
    const [l, c] = at;
    const end = c + offset + bytes;
    const r = runs.get(l);
    if (r) r.end = Math.max(r.end, end);
    else runs.set(l, { first: e, firstEnd: end, end });
  };
  const walk = (e: Ref): void => {
    if (!e) return;
    const id = b.getExpressionId(e);
    const cs = knownChildren(b, e);
    if (!cs) { closeAll(); return; }
    const info = (): any => b.getExpressionInfo(e);
    switch (id) {
      case b.BlockId: case b.DropId: case b.SelectId: case b.ConstId: case b.LocalGetId: case b.GlobalGetId: case b.NopId: case b.MemorySizeId:
        for (const c of cs) walk(c);
        return;
      case b.UnaryId: case b.BinaryId:
        for (const c of cs) walk(c);
        if (trapping!.has(info().op)) closeAll();
        return;
      case b.LocalSetId: {
        const i = info();
        walk(i.value);
        close(i.index);
        return;
      }
      case b.LoadId: {
        const i = info();
        walk(i.ptr);
        access(e, i.ptr, i.offset >>> 0, i.bytes);
        return;
      }
      case b.StoreId: {
        const i = info();
        walk(i.ptr); walk(i.value);
        access(e, i.ptr, i.offset >>> 0, i.bytes);
        closeAll();
        return;
      }
      case b.IfId: case b.LoopId:
        // the condition in the run; each arm, and a loop body, in runs of its own
        if (id === b.IfId) walk(cs[0]); else closeAll();
        for (const c of id === b.IfId ? cs.slice(1) : cs) { closeAll(); walk(c); }
        closeAll();
        return;
      default:
        // branches, calls, global writes, memory growth and bulk operations: their operands in
        // the run, then it ends
        for (const c of cs) walk(c);
        closeAll();
    }
  };
  walk(body);
  closeAll();
  return out;
}

const i32Const = (b: B, e: Ref): number | null =>
  (b.getExpressionId(e) === b.ConstId && b.getExpressionType(e) === b.i32 ? (b.getExpressionInfo(e) as any).value | 0 : null);

/**
 * Loop counters and their ranges inside their loops: the reads (`local.get` expressions) of a
 * declared i32 local k that lie inside a loop L (the branch condition below excepted), mapped to
 * the range k has there, when
 *   - L's body ends with `k = k + d` (or `d + k`, `k - e`: a constant step d != 0) and then
 *     `br_if L (k)`, or with `br_if L (k = k + d)`: the loop goes on while k is not 0, so no step
 *     ever starts from 0;
 *   - the instruction just before L (nops aside) is `k = c`: L is entered only from it (section
 *     4.4.8 of the spec), with k = c;
 *   - every other assignment of k in the function is `k = c'`, and every such constant is
 *     non-zero, of the opposite sign to d and a multiple of d, so that steps of d reach exactly 0.
 * Then inside L, k is in [min c, -d] (d > 0) or [-d, max c] (d < 0), as signed values: clang's
 * loops over a static array (a negative index counted up to 0, the array's end added to it).
 */
export function loopCounters(b: B, body: Ref, nParams: number, children: (e: Ref) => Ref[]): Map<Ref, Range> {
  const out = new Map<Ref, Range>();
  const sets = new Map<number, Ref[]>();
  const loops: [Ref, Ref][] = []; // a loop and the instruction before it
  const stmts = (e: Ref): Ref[] => (b.getExpressionId(e) === b.BlockId ? (b.getExpressionInfo(e) as any).children as Ref[] : [e])
    .filter((c) => b.getExpressionId(c) !== b.NopId);
  const find = (e: Ref): void => {
    if (!e) return;
    const id = b.getExpressionId(e);
    if (id === b.LocalSetId) {
      const k = (b.getExpressionInfo(e) as any).index;
      let l = sets.get(k); if (!l) sets.set(k, (l = []));
      l.push(e);
    } else if (id === b.BlockId) {
      const kids = stmts(e);
      for (let j = 1; j < kids.length; j++) if (b.getExpressionId(kids[j]) === b.LoopId) loops.push([kids[j], kids[j - 1]]);
    }
    for (const c of children(e)) find(c);
  };
  find(body);
  const getOf = (e: Ref): number | null => (b.getExpressionId(e) === b.LocalGetId ? (b.getExpressionInfo(e) as any).index : null);
  /** d when `v` is k + d, d + k or k - e (i32), else null. */
  const stepOf = (v: Ref, k: number): number | null => {
    if (b.getExpressionId(v) !== b.BinaryId || b.getExpressionType(v) !== b.i32) return null;
    const i: any = b.getExpressionInfo(v);
    if (i.op === b.AddInt32) return getOf(i.left) === k ? i32Const(b, i.right) : getOf(i.right) === k ? i32Const(b, i.left) : null;
    if (i.op === b.SubInt32 && getOf(i.left) === k) { const e = i32Const(b, i.right); return e === null ? null : -e; }
    return null;
  };
  for (const [loop, before] of loops) {
    const li: any = b.getExpressionInfo(loop);
    const kids = stmts(li.body);
    if (kids.length < 2) continue;
    const last = kids[kids.length - 1];
    if (b.getExpressionId(last) !== b.BreakId || b.getExpressionId(before) !== b.LocalSetId) continue;
    const br: any = b.getExpressionInfo(last), init: any = b.getExpressionInfo(before);
    if (!br.condition || br.value || br.name !== li.name) continue;
    // `k = k + d; br_if L (k)` or `br_if L (k = k + d)` (a tee)
    const tee = b.getExpressionId(br.condition) === b.LocalSetId;
    const step = tee ? br.condition : kids[kids.length - 2];
    if (!step || b.getExpressionId(step) !== b.LocalSetId) continue;
    const st: any = b.getExpressionInfo(step);
    const k = tee ? st.index : getOf(br.condition);
    if (k === null || k < nParams || st.isTee !== tee || st.index !== k || init.index !== k) continue;
    const d = stepOf(st.value, k);
    if (!d || i32Const(b, init.value) === null) continue;
    let lo = 0, hi = 0, ok = true;
    for (const s of sets.get(k) ?? []) {
      if (s === step) continue;
      const c = i32Const(b, (b.getExpressionInfo(s) as any).value);
      if (c === null || c === 0 || c > 0 === d > 0 || c % d !== 0) { ok = false; break; }
      lo = Math.min(lo, c); hi = Math.max(hi, c);
    }
    if (!ok) continue;
    // (as unsigned values: a negative counter is 2^32 + k)
    const r: Range = d > 0 ? { lo: 2 ** 32 + lo, hi: 2 ** 32 - d } : { lo: -d, hi };
    const mark = (e: Ref): void => {
      if (!e || e === br.condition) return;
      if (getOf(e) === k) out.set(e, r);
      for (const c of children(e)) mark(c);
    };
    mark(li.body);
  }
  return out;
}

/**
 * An expression's operands, for the kinds wamr-ts's js target handles without tables, references
 * or tuples; null for a kind with operands this does not list (an analysis over a body containing
 * one must not trust what it did not see: functionRanges then gives every expression the full range).
 */
let known: Set<number> | undefined;
export function knownChildren(b: B, e: Ref): Ref[] | null {
  const id = b.getExpressionId(e);
  if (id === b.NopId || id === b.UnreachableId || id === b.ConstId || id === b.LocalGetId || id === b.GlobalGetId || id === b.MemorySizeId ||
    id === b.RefNullId || id === b.RefFuncId || id === b.DataDropId || id === b.TableSizeId) return [];
  known ??= new Set([b.BlockId, b.IfId, b.LoopId, b.BreakId, b.SwitchId, b.CallId, b.CallIndirectId, b.LocalSetId, b.GlobalSetId, b.DropId,
    b.ReturnId, b.UnaryId, b.LoadId, b.StoreId, b.BinaryId, b.SelectId, b.MemoryGrowId, b.MemoryCopyId, b.MemoryFillId, b.MemoryInitId]);
  if (!known.has(id)) return null; // (binaryen.js has no getters for some kinds: not asked)
  const i: any = b.getExpressionInfo(e);
  switch (id) {
    case b.BlockId: return i.children;
    case b.IfId: return [i.condition, i.ifTrue, i.ifFalse];
    case b.LoopId: return [i.body];
    case b.BreakId: case b.SwitchId: return [i.value, i.condition];
    case b.CallId: return i.operands;
    case b.CallIndirectId: return [...i.operands, i.target];
    case b.LocalSetId: case b.GlobalSetId: case b.DropId: case b.ReturnId: case b.UnaryId: return [i.value];
    case b.LoadId: return [i.ptr];
    case b.StoreId: return [i.ptr, i.value];
    case b.BinaryId: return [i.left, i.right];
    case b.SelectId: return [i.ifTrue, i.ifFalse, i.condition];
    case b.MemoryGrowId: return [i.delta];
    case b.MemoryCopyId: return [i.dest, i.source, i.size];
    case b.MemoryFillId: return [i.dest, i.value, i.size];
    case b.MemoryInitId: return [i.dest, i.offset, i.size];
    default: return null;
  }
}
