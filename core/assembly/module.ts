/**
 * The module model: what the decoder produces from a binary (spec 2.5) and
 * what validation, instantiation and the interpreters read.
 *
 * A Module owns a private copy of the binary (`bytes`, `size`): code is
 * executed in place from it by the classic interpreter, so offsets such as
 * `Func.codeStart` are absolute addresses into that copy, and byte offsets
 * for error messages are `addr - bytes`.
 */

/** Value types, by their binary encoding (spec 5.3.1, 5.3.3); u8 constants so they compare and switch with the u8 fields below. */
export namespace ValType {
  // @ts-ignore: decorator
  @inline export const I32: u8 = 0x7f;
  // @ts-ignore: decorator
  @inline export const I64: u8 = 0x7e;
  // @ts-ignore: decorator
  @inline export const F32: u8 = 0x7d;
  // @ts-ignore: decorator
  @inline export const F64: u8 = 0x7c;
  // @ts-ignore: decorator
  @inline export const V128: u8 = 0x7b;
  // @ts-ignore: decorator
  @inline export const FuncRef: u8 = 0x70;
  // @ts-ignore: decorator
  @inline export const ExternRef: u8 = 0x6f;
}

/** External kinds (spec 5.5.5 import/export descriptors). */
export namespace ExternKind {
  // @ts-ignore: decorator
  @inline export const Func: u8 = 0;
  // @ts-ignore: decorator
  @inline export const Table: u8 = 1;
  // @ts-ignore: decorator
  @inline export const Memory: u8 = 2;
  // @ts-ignore: decorator
  @inline export const Global: u8 = 3;
}

/** Segment modes (spec 2.5.7, 2.5.8). */
export namespace SegMode {
  // @ts-ignore: decorator
  @inline export const Active: u8 = 0;
  // @ts-ignore: decorator
  @inline export const Passive: u8 = 1;
  // @ts-ignore: decorator
  @inline export const Declarative: u8 = 2;
}

/** No value types: one shared empty list (a default, and what the AoT loader reads for an empty one); never written to. */
export const NO_TYPES = new StaticArray<u8>(0);

/**
 * A new empty array (what a `[]` field initializer makes, without the static
 * empty buffer AssemblyScript puts in the data section for each `[]`: about
 * 14 bytes of data segments apiece in the size-optimized cores).
 */
// @ts-ignore: decorator
@inline export function emptyArray<T>(): T { return changetype<T>(__newArray(0, 0, idof<T>())); }

/**
 * `a[i] = v` for an index already known to be below `a.length`: AssemblyScript's
 * Array store (also under `unchecked`) grows the array and carries an "Index out
 * of range" abort, whose text and code the size-optimized cores then hold.
 */
// @ts-ignore: decorator
@inline export function setAt<T>(a: Array<T>, i: i32, v: T): void {
  store<T>(a.dataStart + (<usize>i << alignof<T>()), v);
  if (isManaged<T>()) __link(changetype<usize>(a), changetype<usize>(v), true);
}

export function isNumType(t: u8): bool { return t == ValType.I32 || t == ValType.I64 || t == ValType.F32 || t == ValType.F64; }
export function isRefType(t: u8): bool { return t == ValType.FuncRef || t == ValType.ExternRef; }

/** A function type (spec 2.3.5). `id` is the store-wide canonical id (equal signatures, equal ids). */
export class FuncType {
  params: StaticArray<u8>;
  results: StaticArray<u8>;
  id: u32 = 0;
  constructor(params: StaticArray<u8>, results: StaticArray<u8>) {
    this.params = params;
    this.results = results;
  }
  /** Signature string such as "(ii)I" using WAMR's letters (i I f F, r funcref, e externref; typeCode). */
  signature(): string {
    let np = this.params.length, nr = this.results.length;
    let s = newString(np + nr + 2);
    let p = changetype<usize>(s);
    store<u16>(p, 0x28); // (
    for (let i = 0; i < np; i++) store<u16>(p + (<usize>(i + 1) << 1), typeCode(this.params[i]));
    store<u16>(p + (<usize>(np + 1) << 1), 0x29); // )
    for (let i = 0; i < nr; i++) store<u16>(p + (<usize>(np + 2 + i) << 1), typeCode(this.results[i]));
    return s;
  }
  equals(o: FuncType): bool {
    if (this.params.length != o.params.length || this.results.length != o.results.length) return false;
    for (let i = 0; i < this.params.length; i++) if (this.params[i] != o.params[i]) return false;
    for (let i = 0; i < this.results.length; i++) if (this.results[i] != o.results[i]) return false;
    return true;
  }
}

/**
 * WAMR's letter for value type `t`, as a UTF-16 code: i I f F, V (v128), r
 * (funcref), e (externref); ? for another code. Codes, not one-letter string
 * literals: each literal costs the size-optimized cores about 30 bytes of data
 * (FuncType.signature, the exports' type strings, core/assembly/handles.ts).
 */
export function typeCode(t: u8): u16 {
  switch (t) {
    case ValType.I32: return 0x69;
    case ValType.I64: return 0x49;
    case ValType.F32: return 0x66;
    case ValType.F64: return 0x46;
    case ValType.V128: return 0x56;
    case ValType.FuncRef: return 0x72;
    case ValType.ExternRef: return 0x65;
  }
  return 0x3f;
}

/** A new string of `n` UTF-16 units (to be filled by the caller). */
function newString(n: i32): string { return changetype<string>(__new(<usize>n << 1, idof<string>())); }

/** Limits (spec 2.3.7); `max` is meaningful only when `hasMax`. Units: pages for memories, elements for tables. */
export class Limits {
  min: u32 = 0;
  max: u32 = 0;
  hasMax: bool = false;
}

export class TableType {
  elemType: u8 = ValType.FuncRef;
  limits: Limits = new Limits();
}

export class GlobalType {
  valType: u8 = ValType.I32;
  mutable: bool = false;
}

/**
 * A constant expression (spec 3.3.10), kept as the byte range [start, end) of
 * its instructions in `Module.bytes`, including the final `end` opcode.
 * Validated by the decoder; evaluated at instantiation.
 */
export class ConstExpr {
  start: usize = 0;
  end: usize = 0;
}

export class Import {
  module: string = "";
  name: string = "";
  kind: u8 = 0;
  /** For functions: the type index. */
  typeIdx: u32 = 0;
  table: TableType | null = null;
  memory: Limits | null = null;
  global: GlobalType | null = null;
}

export class Export {
  name: string = "";
  kind: u8 = 0;
  index: u32 = 0;
}

/**
 * A function defined in the module (spec 2.5.3). Filled by the decoder
 * (type, locals, code range) and by the validator (side table, max stack).
 */
export class Func {
  typeIdx: u32 = 0;
  /** Type of every local, parameters first (spec: params then declared locals). */
  localTypes: StaticArray<u8> = NO_TYPES;
  /** Number of parameters (a prefix of `localTypes`). */
  numParams: u32 = 0;
  /** Address of the first instruction (after the locals declarations). */
  codeStart: usize = 0;
  /** Address one past the function's final `end` opcode. */
  codeEnd: usize = 0;
  /**
   * Branch side table (see docs/design.md, "Side table"): `sideTableLen`
   * entries of 4 x i32 {pcDelta, stpDelta, valCount, popCount}, heap-allocated
   * by the validator; 0 when the function has no branches.
   */
  sideTable: usize = 0;
  sideTableLen: u32 = 0;
  /** Maximum operand-stack height in slots, computed by validation. */
  maxStack: u32 = 0;
  /**
   * Fast-interpreter code (docs/fast-code-format.md), heap-allocated by
   * interp-fast/assembly/translate.ts at load when the fast interpreter is
   * selected, else 0; `fastCodeLen` bytes. `frameSize`: the frame in bytes.
   */
  fastCode: usize = 0;
  fastCodeLen: u32 = 0;
  frameSize: u32 = 0;
  /**
   * Fast-interpreter code at level >= 1: the global cache (docs/fast-code-format.md,
   * "Optimization levels"), one u32 per cached global: the slot's byte offset
   * from fp | the global's index << 16. Resuming a suspended invocation
   * reloads its frame's slots from the globals. Null: none.
   */
  gcache: StaticArray<u32> | null = null;
}

export class ElemSegment {
  mode: u8 = SegMode.Passive;
  tableIdx: u32 = 0;
  offset: ConstExpr | null = null;
  elemType: u8 = ValType.FuncRef;
  /**
   * The items. When `funcIndices` is set the segment was written as a vector
   * of function indices; otherwise each item is a constant expression.
   */
  funcIndices: StaticArray<u32> | null = null;
  exprs: Array<ConstExpr> | null = null;
  @inline get length(): i32 {
    let f = this.funcIndices;
    if (f) return f.length;
    return (<Array<ConstExpr>>this.exprs).length;
  }
}

export class DataSegment {
  mode: u8 = SegMode.Passive;
  memIdx: u32 = 0;
  offset: ConstExpr | null = null;
  /** Address and length (bytes) of the initializer in `Module.bytes`. */
  dataStart: usize = 0;
  dataLen: u32 = 0;
}

export class Global {
  type: GlobalType = new GlobalType();
  init: ConstExpr = new ConstExpr();
}

/** A decoded (and, once `validated`, valid) module. */
/** Section ids (spec 5.5.2). */
export const enum SecId {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6,
  Export = 7, Start = 8, Elem = 9, Code = 10, Data = 11, DataCount = 12,
}

export class Module {
  /** Private copy of the binary, heap-allocated; freed by `dispose`. */
  bytes: usize = 0;
  size: u32 = 0;

  types: Array<FuncType> = emptyArray<Array<FuncType>>();
  imports: Array<Import> = emptyArray<Array<Import>>();
  /** Type index of every function in the function index space (imports first). */
  funcTypeIdx: Array<u32> = emptyArray<Array<u32>>();
  numImportedFuncs: u32 = 0;
  /** Defined functions; function index i >= numImportedFuncs is funcs[i - numImportedFuncs]. */
  funcs: Array<Func> = emptyArray<Array<Func>>();
  tables: Array<TableType> = emptyArray<Array<TableType>>();
  numImportedTables: u32 = 0;
  memories: Array<Limits> = emptyArray<Array<Limits>>();
  numImportedMemories: u32 = 0;
  /** Types of all globals in the global index space (imports first). */
  globalTypes: Array<GlobalType> = emptyArray<Array<GlobalType>>();
  numImportedGlobals: u32 = 0;
  /** Defined globals. */
  globals: Array<Global> = emptyArray<Array<Global>>();
  exports: Array<Export> = emptyArray<Array<Export>>();
  startFunc: i32 = -1;
  elems: Array<ElemSegment> = emptyArray<Array<ElemSegment>>();
  datas: Array<DataSegment> = emptyArray<Array<DataSegment>>();
  /** Byte offset of each non-custom section's id byte in the binary, by SecId; 0 when absent (and in AoT-loaded modules). For errors. */
  sectionAt: StaticArray<u32> = new StaticArray<u32>(13);
  /** Some function's code has memory.init or data.drop (set by the validator). */
  usesDataIndices: bool = false;
  /** Data count section value, or -1 when absent. */
  dataCount: i32 = -1;
  /** Function names from the custom "name" section, by function index (null without one, and in builds without CUSTOM_NAME_SECTION). */
  funcNames: Map<u32, string> | null = null;
  /** Module name from the name section, or "". */
  name: string = "";
  /**
   * Functions that may be referenced by ref.func in code (spec 3.4.10 C.refs):
   * those in elem segments, exports, and global initializers.
   */
  declaredFuncRefs: Set<u32> = new Set();

  funcType(funcIdx: u32): FuncType { return this.types[this.funcTypeIdx[funcIdx]]; }

  dispose(): void {
    for (let i = 0; i < this.funcs.length; i++) {
      let f = this.funcs[i];
      if (isDefined(WASM_LOADER) && f.sideTable) { heap.free(f.sideTable); f.sideTable = 0; } // (made by the validator)
      // AoT bytecode modules (aot-bytecode.ts) run their code in place from `bytes`
      if (f.fastCode && !(isDefined(AOT_LOADER) && f.fastCode - this.bytes < <usize>this.size)) heap.free(f.fastCode);
      f.fastCode = 0;
    }
    if (this.bytes) { heap.free(this.bytes); this.bytes = 0; }
  }
}
