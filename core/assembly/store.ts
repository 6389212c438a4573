/**
 * The store (spec 4.2.3): runtime instances of functions, tables, linear
 * memories and globals, and module instances. All of them live in store-wide
 * lists and are named by their index there (their "address"), which is what
 * the host API hands out and what funcref values hold (address + 1, 0 = null).
 */
import { ErrorKind, setErrorCode, hasError } from "./errors";
import { Msg } from "./messages.generated";
import {
  Module, Func, FuncType, Limits, TableType, GlobalType, ConstExpr, ElemSegment,
  ExternKind, SegMode, ValType,
  emptyArray, setAt,
} from "./module";
import { Op } from "./opcodes";
import { readU32, readS64, lebEnd } from "./leb";

export const PAGE_SIZE: u32 = 65536;
/** Hard cap of one linear memory in this build, in pages: one allocation must stay below 1 GiB. */
export const MAX_PAGES_BUILD: u32 = 16383;

/** Runtime limits, set by the host at init (`wt_init`). */
export class Config {
  /** Value stack size in bytes. */
  stackSize: u32 = 1 << 20;
  /** Largest linear memory, in pages. */
  maxMemoryPages: u32 = MAX_PAGES_BUILD;
  /** Largest table, in elements. */
  maxTableSize: u32 = 10000000;
  /** Interpreter: 0 classic, 1 fast (interp-fast: modules are translated at load). */
  interpreter: i32 = 0;
}
export const config = new Config();

/** A function instance (spec 4.2.6): a wasm function of an instance, or a host function. */
export class FuncInst {
  addr: u32 = 0;
  type: FuncType;
  /** The defining instance; null for host functions. */
  instance: Instance | null = null;
  /** Function index within the defining module (for names in backtraces). */
  index: u32 = 0;
  /** Host function id (the host's own numbering), -1 for wasm functions. */
  hostId: i32 = -1;
  // Copied from Func and FuncType for the interpreter's call path.
  numParams: u32 = 0;
  numResults: u32 = 0;
  numLocals: u32 = 0;
  localTypes: StaticArray<u8> = new StaticArray<u8>(0);
  codeStart: usize = 0;
  codeEnd: usize = 0;
  sideTable: usize = 0;
  maxStack: u32 = 0;
  /** Fast interpreter: translated code and frame size in bytes (Func.fastCode, frameSize). */
  code: usize = 0;
  frameSize: u32 = 0;
  /** Fast interpreter: the global-cache slots of its frame (Func.gcache). */
  gcache: StaticArray<u32> | null = null;

  constructor(type: FuncType) { this.type = type; }
}

/** A table instance (spec 4.2.7): `size` references (u32: function address + 1, or extern handle; 0 = null) at `data`. */
export class TableInst {
  addr: u32 = 0;
  elemType: u8 = ValType.FuncRef;
  size: u32 = 0;
  /** Effective maximum in elements (declared maximum, capped by the config). */
  max: u32 = 0;
  hasMax: bool = false;
  data: usize = 0;

  /** Grow by `delta` elements set to `init`; returns the old size or -1 (spec 4.4.6 table.grow). */
  grow(delta: u32, init: u32): i32 {
    let old = this.size;
    let n = <u64>old + <u64>delta;
    let limit = this.hasMax ? min<u32>(this.max, config.maxTableSize) : config.maxTableSize;
    if (n > <u64>limit) return -1;
    if (delta == 0) return <i32>old;
    let nd = heap.realloc(this.data, <usize>(n << 2) + 4);
    this.data = nd;
    for (let i = old; i < <u32>n; i++) store<u32>(nd + (<usize>i << 2), init);
    this.size = <u32>n;
    return <i32>old;
  }
}

/** A memory instance (spec 4.2.8): `pages` x 64 KiB bytes at `base`. */
export class MemInst {
  addr: u32 = 0;
  base: usize = 0;
  pages: u32 = 0;
  /** Declared maximum in pages when `hasMax`. */
  max: u32 = 0;
  hasMax: bool = false;

  @inline get byteLength(): u64 { return <u64>this.pages << 16; }

  /** Grow by `delta` pages, zero-filled; returns the old size in pages or -1 (spec 4.4.7 memory.grow). */
  grow(delta: u32): i32 {
    let old = this.pages;
    let n = <u64>old + <u64>delta;
    let limit = this.hasMax ? min<u32>(this.max, config.maxMemoryPages) : config.maxMemoryPages;
    if (n > <u64>limit) return -1;
    if (delta == 0) return <i32>old;
    let nb = heap.realloc(this.base, <usize>(n << 16));
    memory.fill(nb + (<usize>old << 16), 0, <usize>delta << 16);
    this.base = nb;
    this.pages = <u32>n;
    return <i32>old;
  }
}

/** A global instance (spec 4.2.9); the value is kept as a raw 8-byte slot. */
export class GlobalInst {
  addr: u32 = 0;
  valType: u8 = ValType.I32;
  mutable: bool = false;
  value: u64 = 0;
}

/** A module instance (spec 4.2.5). */
export class Instance {
  addr: u32 = 0;
  module: Module;
  funcs: Array<FuncInst> = emptyArray<Array<FuncInst>>();
  tables: Array<TableInst> = emptyArray<Array<TableInst>>();
  memories: Array<MemInst> = emptyArray<Array<MemInst>>();
  globals: Array<GlobalInst> = emptyArray<Array<GlobalInst>>();
  /** Canonical type id of each type index, for call_indirect. */
  typeIds: StaticArray<u32>;
  /** Evaluated references of each element segment; emptied by elem.drop. */
  elemRefs: Array<StaticArray<u32>> = emptyArray<Array<StaticArray<u32>>>();
  /** Length of each data segment; 0 once dropped. */
  dataLens: StaticArray<u32>;

  constructor(module: Module) {
    this.module = module;
    this.typeIds = new StaticArray<u32>(module.types.length);
    this.dataLens = new StaticArray<u32>(module.datas.length);
  }
}

// ---- the store ----

export const funcs: Array<FuncInst> = emptyArray<Array<FuncInst>>();
export const tables: Array<TableInst> = emptyArray<Array<TableInst>>();
export const memories: Array<MemInst> = emptyArray<Array<MemInst>>();
export const globals: Array<GlobalInst> = emptyArray<Array<GlobalInst>>();
export const instances: Array<Instance> = emptyArray<Array<Instance>>();

/**
 * Canonical function types: equal signatures share one id (spec 3.3.1 type
 * equality). Size-optimized builds (asc -Os/-Oz) search a list instead of
 * hashing: no string hash map code in the core.
 */
const typeIdsBySig = new Map<string, u32>();
const typeSigs: string[] = emptyArray<string[]>();

export function canonicalTypeId(t: FuncType): u32 {
  let sig = t.signature();
  if (ASC_SHRINK_LEVEL > 0) {
    let i = typeSigs.indexOf(sig);
    if (i < 0) { i = typeSigs.length; typeSigs.push(sig); }
    return <u32>i + 1;
  }
  if (typeIdsBySig.has(sig)) return typeIdsBySig.get(sig);
  let id = <u32>typeIdsBySig.size + 1;
  typeIdsBySig.set(sig, id);
  return id;
}

export function addFunc(f: FuncInst): u32 {
  f.addr = funcs.length;
  funcs.push(f);
  return f.addr;
}

/** A host function with the given type; `hostId` is the host's own handle. */
export function newHostFunc(type: FuncType, hostId: i32): FuncInst {
  type.id = canonicalTypeId(type);
  let f = new FuncInst(type);
  f.hostId = hostId;
  f.numParams = type.params.length;
  f.numResults = type.results.length;
  addFunc(f);
  return f;
}

/** `l.min` at most `cap`, else a Resource error `what` (Msg.TableTooBig, MemoryTooBig). */
function checkLimits(l: Limits, cap: u32, what: Msg): bool {
  if (l.min > cap) {
    setErrorCode(ErrorKind.Resource, what, -1, l.min, cap);
    return false;
  }
  return true;
}

/** A new table of `t`'s type and minimum size, filled with null (or `init`). Null on a resource error. */
export function newTable(t: TableType, init: u32 = 0): TableInst | null {
  if (!checkLimits(t.limits, config.maxTableSize, Msg.TableTooBig)) return null;
  let tab = new TableInst();
  tab.elemType = t.elemType;
  tab.hasMax = t.limits.hasMax;
  tab.max = t.limits.max;
  tab.size = t.limits.min;
  tab.data = heap.alloc((<usize>tab.size << 2) + 4);
  for (let i: u32 = 0; i < tab.size; i++) store<u32>(tab.data + (<usize>i << 2), init);
  tab.addr = tables.length;
  tables.push(tab);
  return tab;
}

/** A new zero-filled linear memory of `l.min` pages. Null on a resource error. */
export function newMemory(l: Limits): MemInst | null {
  if (!checkLimits(l, config.maxMemoryPages, Msg.MemoryTooBig)) return null;
  let m = new MemInst();
  m.pages = l.min;
  m.hasMax = l.hasMax;
  m.max = l.max;
  let bytes = <usize>l.min << 16;
  m.base = heap.alloc(bytes > 0 ? bytes : 8);
  memory.fill(m.base, 0, bytes);
  m.addr = memories.length;
  memories.push(m);
  return m;
}

export function newGlobal(t: GlobalType, value: u64): GlobalInst {
  let g = new GlobalInst();
  g.valType = t.valType;
  g.mutable = t.mutable;
  g.value = value;
  g.addr = globals.length;
  globals.push(g);
  return g;
}

// ---- instantiation (spec 4.5.4) ----

/**
 * Evaluate a validated constant expression in the context of `inst`
 * (whose globals and functions must already be set up as far as the
 * expression may refer to them). Returns the value as a raw slot.
 */
export function evalConst(inst: Instance, e: ConstExpr): u64 {
  let p = e.start;
  let v: u64 = 0;
  while (p < e.end) {
    let op = <u32>load<u8>(p); p++;
    switch (op) {
      case Op.I32Const: { v = <u64><u32><i32>readS64(p); p = lebEnd; break; }
      case Op.I64Const: { v = <u64>readS64(p); p = lebEnd; break; }
      case Op.F32Const: { v = <u64>load<u32>(p, 0, 1); p += 4; break; }
      case Op.F64Const: { v = load<u64>(p, 0, 1); p += 8; break; }
      case Op.RefNull: { v = 0; p++; break; }
      case Op.RefFunc: { let x = readU32(p); p = lebEnd; v = <u64>inst.funcs[x].addr + 1; break; }
      case Op.GlobalGet: { let x = readU32(p); p = lebEnd; v = inst.globals[x].value; break; }
      case Op.End: return v;
      default: return v; // unreachable for validated expressions
    }
  }
  return v;
}

function linkError(msg: Msg): void { setErrorCode(ErrorKind.Link, msg); }

function limitsMatch(actualMin: u32, actualHasMax: bool, actualMax: u32, want: Limits): bool {
  // spec 4.5.2 (import matching): actual limits must be a sub-range of the declared ones
  if (actualMin < want.min) return false;
  if (want.hasMax) {
    if (!actualHasMax) return false;
    if (actualMax > want.max) return false;
  }
  return true;
}

/**
 * Instantiate `m` with `importAddrs[i]` the store address of the extern
 * provided for import i (its kind is the import's kind). Runs the start
 * function via `callStart`. Returns null on failure, with the error recorded:
 * Link (incompatible import type), Resource (a runtime limit), Trap (an
 * out-of-bounds segment or a trap in the start function; spec 4.5.4).
 */
export function instantiate(m: Module, importAddrs: StaticArray<u32>, callStart: (f: FuncInst) => bool): Instance | null {
  let inst = new Instance(m);
  for (let i = 0; i < m.types.length; i++) {
    let t = m.types[i];
    t.id = canonicalTypeId(t);
    inst.typeIds[i] = t.id;
  }
  // 1. imports
  for (let i = 0; i < m.imports.length; i++) {
    let imp = m.imports[i];
    let a = importAddrs[i];
    switch (imp.kind) {
      case ExternKind.Func: {
        if (a >= <u32>funcs.length) { linkError(Msg.UnknownImport); return null; }
        let f = funcs[a];
        if (!f.type.equals(m.types[imp.typeIdx])) { linkError(Msg.IncompatibleImport); return null; }
        inst.funcs.push(f);
        break;
      }
      case ExternKind.Table: {
        if (a >= <u32>tables.length) { linkError(Msg.UnknownImport); return null; }
        let t = tables[a];
        let want = <TableType>imp.table;
        if (t.elemType != want.elemType || !limitsMatch(t.size, t.hasMax, t.max, want.limits)) { linkError(Msg.IncompatibleImport); return null; }
        inst.tables.push(t);
        break;
      }
      case ExternKind.Memory: {
        if (a >= <u32>memories.length) { linkError(Msg.UnknownImport); return null; }
        let mem = memories[a];
        if (!limitsMatch(mem.pages, mem.hasMax, mem.max, <Limits>imp.memory)) { linkError(Msg.IncompatibleImport); return null; }
        inst.memories.push(mem);
        break;
      }
      case ExternKind.Global: {
        if (a >= <u32>globals.length) { linkError(Msg.UnknownImport); return null; }
        let g = globals[a];
        let want = <GlobalType>imp.global;
        if (g.valType != want.valType || g.mutable != want.mutable) { linkError(Msg.IncompatibleImport); return null; }
        inst.globals.push(g);
        break;
      }
    }
  }
  // 2. functions
  for (let i = 0; i < m.funcs.length; i++) {
    let fd: Func = m.funcs[i];
    let t = m.types[fd.typeIdx];
    let f = new FuncInst(t);
    f.instance = inst;
    f.index = m.numImportedFuncs + i;
    f.numParams = t.params.length;
    f.numResults = t.results.length;
    f.numLocals = fd.localTypes.length;
    f.localTypes = fd.localTypes;
    if (isDefined(WASM_LOADER)) { // the classic interpreter's code and side table (from the validator)
      f.codeStart = fd.codeStart;
      f.codeEnd = fd.codeEnd;
      f.sideTable = fd.sideTable;
      f.maxStack = fd.maxStack;
    }
    f.code = fd.fastCode;
    f.frameSize = fd.frameSize;
    f.gcache = fd.gcache;
    addFunc(f);
    inst.funcs.push(f);
  }
  // 3. tables and memories
  for (let i = 0; i < m.tables.length; i++) {
    let t = newTable(m.tables[i]);
    if (!t) return null;
    inst.tables.push(t);
  }
  for (let i = 0; i < m.memories.length; i++) {
    let mem = newMemory(m.memories[i]);
    if (!mem) return null;
    inst.memories.push(mem);
  }
  // 4. globals, in order (an initializer may read imported globals)
  for (let i = 0; i < m.globals.length; i++) {
    let gd = m.globals[i];
    inst.globals.push(newGlobal(gd.type, evalConst(inst, gd.init)));
  }
  // 5. element segment references, data segment lengths
  for (let i = 0; i < m.elems.length; i++) {
    let seg: ElemSegment = m.elems[i];
    let n = seg.length;
    let refs = new StaticArray<u32>(n);
    let fi = seg.funcIndices;
    if (fi) {
      for (let k = 0; k < n; k++) refs[k] = inst.funcs[fi[k]].addr + 1;
    } else {
      let ex = <Array<ConstExpr>>seg.exprs;
      for (let k = 0; k < n; k++) refs[k] = <u32>evalConst(inst, ex[k]);
    }
    inst.elemRefs.push(refs);
  }
  for (let i = 0; i < m.datas.length; i++) inst.dataLens[i] = m.datas[i].dataLen;
  inst.addr = instances.length;
  instances.push(inst);

  // 6. active element segments (table.init then elem.drop), declarative ones dropped
  for (let i = 0; i < m.elems.length; i++) {
    let seg = m.elems[i];
    if (seg.mode == SegMode.Active) {
      let off = <u32>evalConst(inst, <ConstExpr>seg.offset);
      if (!tableInit(inst, seg.tableIdx, i, off, 0, <u32>inst.elemRefs[i].length)) return null;
    }
    if (seg.mode != SegMode.Passive) setAt(inst.elemRefs, i, new StaticArray<u32>(0));
  }
  // 7. active data segments (memory.init then data.drop)
  for (let i = 0; i < m.datas.length; i++) {
    let d = m.datas[i];
    if (d.mode == SegMode.Active) {
      let off = <u32>evalConst(inst, <ConstExpr>d.offset);
      if (!memoryInit(inst, i, off, 0, d.dataLen)) return null;
      inst.dataLens[i] = 0;
    }
  }
  // 8. start function
  if (m.startFunc >= 0) {
    if (!callStart(inst.funcs[m.startFunc])) return null;
  }
  return inst;
}

export function trap(msg: Msg): void { setErrorCode(ErrorKind.Trap, msg); }

/** table.init semantics (spec 4.4.6): copy `n` refs of segment `seg` from `s` to table offset `d`. */
export function tableInit(inst: Instance, tableIdx: u32, seg: u32, d: u32, s: u32, n: u32): bool {
  let t = inst.tables[tableIdx];
  let refs = inst.elemRefs[seg];
  if (<u64>s + <u64>n > <u64>refs.length || <u64>d + <u64>n > <u64>t.size) { trap(Msg.OobTable); return false; }
  for (let k: u32 = 0; k < n; k++) store<u32>(t.data + (<usize>(d + k) << 2), refs[s + k]);
  return true;
}

/** memory.init semantics (spec 4.4.7): copy `n` bytes of data segment `seg` from `s` to memory offset `d`. */
export function memoryInit(inst: Instance, seg: u32, d: u32, s: u32, n: u32): bool {
  let mem = inst.memories[0];
  let len = inst.dataLens[seg];
  if (<u64>s + <u64>n > <u64>len || <u64>d + <u64>n > mem.byteLength) { trap(Msg.OobMemory); return false; }
  memory.copy(mem.base + d, inst.module.datas[seg].dataStart + s, n);
  return true;
}
