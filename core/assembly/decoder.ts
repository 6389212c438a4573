/**
 * The binary decoder (spec 5): turns a module binary into a `Module`, checking
 * only the binary format, then hands the module to the validator.
 *
 * Decoding and validation are separate passes, as in the spec reference
 * interpreter, so that a module with both a format error and a validation
 * error reports the format error (the spec tests rely on this). The decoder
 * therefore never looks at types or index ranges; it does scan every
 * expression (function bodies and constant expressions) instruction by
 * instruction, with `readInstr`, which the validator also uses: that is the
 * one place where instruction encodings are decoded.
 *
 * Error positions and wording follow the reference interpreter
 * (interpreter/binary/decode.ml): reads are bounded by the end of the whole
 * binary, not by the end of the current section, and a section (or function
 * body) that is read past its declared size is reported as
 * "section size mismatch" afterwards. Vector lengths must not exceed the bytes
 * left in the binary ("length out of bounds"), which also bounds every
 * allocation by the module size.
 */

import { ErrorKind, setError, clearError, errorKind, errorMessage, errorOffset } from "./errors";
import { Reader } from "./reader";
import { Op, OpFC } from "./opcodes";
import {
  Module, FuncType, Import, Export, Func, ElemSegment, DataSegment, Global, GlobalType,
  TableType, Limits, ConstExpr, ValType, ExternKind, SegMode, SecId,
} from "./module";
import { validateModule } from "./validator";

/** Largest number of declared locals (excluding parameters) a function may have; more is "too many locals". */
export const MAX_LOCALS: u32 = 50000;

/** Block type kinds in `Instr.btKind`. */
export const enum BlockTypeKind {
  /** `0x40`: no parameters, no results. */
  Empty = 0,
  /** A single result value type, in `Instr.valType`. */
  Value = 1,
  /** A type index, in `Instr.a`. */
  TypeIdx = 2,
}

/**
 * One decoded instruction: its opcode and immediates. Filled by `readInstr`;
 * reused from one instruction to the next.
 */
export class Instr {
  /** Address of the opcode byte. */
  pos: usize = 0;
  /** The opcode byte (`Op`); 0xFC for the prefixed instructions, whose sub-opcode is `sub`. */
  op: i32 = 0;
  /** Sub-opcode after the 0xFC prefix (`OpFC`). */
  sub: i32 = 0;
  /**
   * First u32 immediate: the index (label, function, local, global, table,
   * type of `call_indirect`, data or elem segment of `*.init`, destination
   * table of `table.copy`), or the alignment exponent of a memory access.
   */
  a: u32 = 0;
  /** Second u32 immediate: table of `call_indirect`, table of `table.init`, source table of `table.copy`, memory offset. */
  b: u32 = 0;
  /** Value of `i32.const`/`i64.const`, or bits of `f32.const`/`f64.const`. */
  i64v: i64 = 0;
  /** Block type of `block`/`loop`/`if` (`BlockTypeKind`). */
  btKind: i32 = 0;
  /** Value type: block result (`btKind == Value`), `ref.null` type, first type of `select t*`. */
  valType: u8 = 0;
  /** Number of types of `select t*` (valid only when 1). */
  selectCount: u32 = 0;
  /** `br_table` labels: the targets followed by the default. */
  targets: Array<u32> = [];
}

/**
 * A value type (spec 5.3.1-5.3.4). Returns the type byte, or 0 after
 * recording "malformed value type" (or, for `v128`, an unsupported-SIMD
 * error: this build implements Wasm 2.0 without SIMD).
 */
export function readValType(r: Reader): u8 {
  let at = r.pos;
  let b = <u8>r.u8();
  if (r.failed) return 0;
  switch (b) {
    case ValType.I32: case ValType.I64: case ValType.F32: case ValType.F64:
      return b;
    case ValType.FuncRef: case ValType.ExternRef:
      if (!isDefined(REF_TYPES)) { r.fail("reference types not built in", at); return 0; }
      return b;
    case ValType.V128:
      r.fail("SIMD is not supported (v128 type)", at);
      return 0;
  }
  r.fail("malformed value type", at);
  return 0;
}

/** A reference type (spec 5.3.3): funcref or externref, else "malformed reference type". Returns 0 on failure. */
export function readRefType(r: Reader): u8 {
  let at = r.pos;
  let b = <u8>r.u8();
  if (r.failed) return 0;
  if (b == ValType.FuncRef || b == ValType.ExternRef) return b;
  r.fail("malformed reference type", at);
  return 0;
}

/**
 * A vector length or byte-string length (spec 5.1.3). Like the reference
 * interpreter, it must not exceed the bytes left in the binary counted from
 * the length's own first byte, else "length out of bounds".
 */
export function readLen(r: Reader): u32 {
  let at = r.pos;
  let n = r.u32();
  if (r.failed) return 0;
  if (<usize>n > r.end - at) { r.fail("length out of bounds", at); return 0; }
  return n;
}

/** The single 0x00 byte of memory instructions (spec 5.4.6): "zero byte expected" otherwise. */
function readZero(r: Reader): void {
  let at = r.pos;
  if (r.u8() != 0 && !r.failed) r.fail("zero byte expected", at);
}

/** A memory access's `memarg` (spec 5.4.6): alignment exponent into `a`, offset into `b`. */
function readMemarg(r: Reader, ins: Instr): void {
  let at = r.pos;
  ins.a = r.u32();
  if (r.failed) return;
  // The reference interpreter treats flags with bit 5 or above as malformed
  // (bit 6 announces a memory index in the multi-memory proposal).
  if (ins.a >= 32) { r.fail("malformed memop flags", at); return; }
  ins.b = r.u32();
}

/** The block type of `block`, `loop` and `if` (spec 5.4.1). */
function readBlockType(r: Reader, ins: Instr): void {
  if (!r.need(1)) return;
  let b = <u32>load<u8>(r.pos);
  if (b == 0x40) { r.pos++; ins.btKind = BlockTypeKind.Empty; return; }
  if ((b & 0xc0) == 0x40) {
    // a one-byte negative s33: a value type
    ins.btKind = BlockTypeKind.Value;
    ins.valType = readValType(r);
    return;
  }
  let at = r.pos;
  let x = r.s33();
  if (r.failed) return;
  if (x < 0) { r.fail("malformed block type", at); return; }
  if (!isDefined(MULTI_VALUE)) { r.fail("multi-value not built in", at); return; }
  ins.btKind = BlockTypeKind.TypeIdx;
  ins.a = <u32>x;
}

/**
 * Decode one instruction (spec 5.4) at `r.pos` into `ins` and advance past
 * it. Checks the encoding only (opcode known, immediates well-formed).
 * Returns false after recording a Malformed error: "illegal opcode XX",
 * "zero byte expected", "malformed memop flags", LEB errors, "unexpected end".
 * SIMD (0xFD prefix) is rejected as unsupported.
 */
export function readInstr(r: Reader, ins: Instr): bool {
  ins.pos = r.pos;
  let op = <i32>r.u8();
  if (r.failed) return false;
  ins.op = op;
  if (!isDefined(REF_TYPES) || !isDefined(BULK_MEMORY)) { if (!featureBuiltIn(r, op, ins.pos)) return false; }
  switch (op) {
    case Op.Unreachable: case Op.Nop: case Op.Else: case Op.End: case Op.Return:
    case Op.Drop: case Op.Select: case Op.RefIsNull:
      break;
    case Op.Block: case Op.Loop: case Op.If:
      readBlockType(r, ins);
      break;
    case Op.Br: case Op.BrIf: case Op.Call:
    case Op.LocalGet: case Op.LocalSet: case Op.LocalTee:
    case Op.GlobalGet: case Op.GlobalSet: case Op.TableGet: case Op.TableSet:
    case Op.RefFunc:
      ins.a = r.u32();
      break;
    case Op.BrTable: {
      let n = readLen(r);
      let t = ins.targets;
      t.length = 0;
      for (let i: u32 = 0; i <= n && !r.failed; i++) t.push(r.u32());
      break;
    }
    case Op.CallIndirect:
      ins.a = r.u32();
      ins.b = r.u32();
      break;
    case Op.SelectT: {
      let n = readLen(r);
      ins.selectCount = n;
      ins.valType = 0;
      for (let i: u32 = 0; i < n && !r.failed; i++) {
        let t = readValType(r);
        if (i == 0) ins.valType = t;
      }
      break;
    }
    case Op.MemorySize: case Op.MemoryGrow:
      readZero(r);
      break;
    case Op.I32Const: ins.i64v = r.s32(); break;
    case Op.I64Const: ins.i64v = r.s64(); break;
    case Op.F32Const: ins.i64v = <i64>r.f32bits(); break;
    case Op.F64Const: ins.i64v = <i64>r.f64bits(); break;
    case Op.RefNull: ins.valType = readRefType(r); break;
    case Op.PrefixFC: {
      let sub = r.u32();
      if (r.failed) return false;
      ins.sub = <i32>sub;
      switch (<i32>sub) {
        case OpFC.I32TruncSatF32S: case OpFC.I32TruncSatF32U:
        case OpFC.I32TruncSatF64S: case OpFC.I32TruncSatF64U:
        case OpFC.I64TruncSatF32S: case OpFC.I64TruncSatF32U:
        case OpFC.I64TruncSatF64S: case OpFC.I64TruncSatF64U:
          break;
        case OpFC.MemoryInit: ins.a = r.u32(); readZero(r); break;
        case OpFC.DataDrop: case OpFC.ElemDrop:
        case OpFC.TableGrow: case OpFC.TableSize: case OpFC.TableFill:
          ins.a = r.u32();
          break;
        case OpFC.MemoryCopy: readZero(r); readZero(r); break;
        case OpFC.MemoryFill: readZero(r); break;
        case OpFC.TableInit:
          ins.a = r.u32(); // elem segment
          ins.b = r.u32(); // table
          break;
        case OpFC.TableCopy:
          ins.a = r.u32(); // destination table
          ins.b = r.u32(); // source table
          break;
        default:
          r.fail("illegal opcode fc " + hex(sub, 1), ins.pos);
      }
      break;
    }
    case Op.PrefixSIMD:
      r.fail("SIMD is not supported (opcode prefix fd)", ins.pos);
      break;
    default:
      if (op >= Op.I32Load && op <= Op.I64Store32) { readMemarg(r, ins); break; }
      if (op >= Op.I32Eqz && op <= Op.I64Extend32S) break; // numeric, no immediates
      r.fail("illegal opcode " + hex(op, 2), ins.pos);
  }
  return !r.failed;
}

/**
 * `v` in lowercase hex, at least `digits` digits (for error messages; smaller
 * than asc's `toString(16)`, which brings its any-radix code and tables).
 */
function hex(v: u32, digits: i32): string {
  let s = "";
  do {
    let d = v & 15;
    s = String.fromCharCode(d < 10 ? 48 + d : 87 + d) + s;
    v >>>= 4;
  } while (v != 0 || s.length < digits);
  return s;
}

/**
 * In a build without some proposals (build-config/features.mjs), reject their
 * instructions with "<feature> not built in" at the opcode's offset. Returns false after failing.
 */
function featureBuiltIn(r: Reader, op: i32, at: usize): bool {
  if (!isDefined(REF_TYPES)) {
    if (op == Op.RefNull || op == Op.RefIsNull || op == Op.RefFunc || op == Op.TableGet || op == Op.TableSet || op == Op.SelectT) {
      r.fail("reference types not built in", at);
      return false;
    }
  }
  if (op != Op.PrefixFC || !r.need(1)) return true;
  let sub = <i32>load<u8>(r.pos); // every sub-opcode below fits one LEB byte
  if (!isDefined(BULK_MEMORY) && sub >= OpFC.MemoryInit && sub <= OpFC.TableCopy) { r.fail("bulk memory not built in", at); return false; }
  if (!isDefined(REF_TYPES) && sub >= OpFC.TableGrow && sub <= OpFC.TableFill) { r.fail("reference types not built in", at); return false; }
  return true;
}


/** Position of a section id in the required section order (the data count section comes before code). */
function sectionRank(id: i32): i32 {
  if (id == SecId.DataCount) return 10;
  if (id >= SecId.Code) return id + 1;
  return id;
}

/** Kinds of open blocks while scanning an expression. */
const enum ScanKind { Block = 0, Then = 1, Else = 2 }

/** The decoder state for one module. */
class Decoder {
  m: Module;
  r: Reader;
  ins: Instr = new Instr();
  /** Open blocks while scanning an expression (explicit stack: no host recursion). */
  kinds: Array<i32> = [];
  hasDataCount: bool = false;
  dataCountValue: u32 = 0;
  /** Number of function bodies in the code section. */
  numBodies: u32 = 0;

  constructor(m: Module) {
    this.m = m;
    this.r = new Reader(m.bytes, m.bytes, m.bytes + m.size);
  }

  /** Decode the whole binary into `m`. Returns false after recording a Malformed error. */
  decode(): bool {
    let r = this.r;
    let m = this.m;
    // header (spec 5.5.16)
    let magic = r.need(4) ? load<u32>(r.pos, 0, 1) : 0;
    if (r.failed) return false;
    if (magic != 0x6d736100) { r.fail("magic header not detected", r.base); return false; }
    r.pos += 4;
    let version = r.need(4) ? load<u32>(r.pos, 0, 1) : 0;
    if (r.failed) return false;
    if (version != 1) { r.fail("unknown binary version", r.base + 4); return false; }
    r.pos += 4;

    let lastRank = 0;
    while (!r.atEnd()) {
      let idAt = r.pos;
      let id = <i32>r.u8();
      if (id > SecId.DataCount) { r.fail("malformed section id", idAt); break; }
      let size = readLen(r);
      if (r.failed) break;
      let start = r.pos;
      // a section must fit in what is left of the binary (spec 5.5.2)
      if (<usize>size > r.end - start) { r.fail("length out of bounds", start); break; }
      if (id != SecId.Custom) {
        let rank = sectionRank(id);
        if (rank <= lastRank) { r.fail("unexpected content after last section", idAt); break; }
        lastRank = rank;
        unchecked(m.sectionAt[id] = <u32>(idAt - r.base));
      }
      switch (id) {
        case SecId.Custom: this.customSection(start + size); break;
        case SecId.Type: this.typeSection(); break;
        case SecId.Import: this.importSection(); break;
        case SecId.Function: this.functionSection(); break;
        case SecId.Table: this.tableSection(); break;
        case SecId.Memory: this.memorySection(); break;
        case SecId.Global: this.globalSection(); break;
        case SecId.Export: this.exportSection(); break;
        case SecId.Start: this.startSection(); break;
        case SecId.Elem: this.elemSection(); break;
        case SecId.DataCount:
          this.hasDataCount = true;
          this.dataCountValue = r.u32();
          break;
        case SecId.Code: this.codeSection(); break;
        case SecId.Data: this.dataSection(); break;
      }
      if (r.failed) break;
      if (r.pos != start + size) { r.fail("section size mismatch", start); break; }
    }
    if (r.failed) {
      // Past the header, running out of input means a truncated section or function.
      if (errorKind() == ErrorKind.Malformed && errorMessage() == "unexpected end")
        setError(ErrorKind.Malformed, "unexpected end of section or function", errorOffset());
      return false;
    }
    // (at the code or data section, or the function or data count section when that one is absent)
    if (<u32>m.funcs.length != this.numBodies) {
      r.fail("function and code section have inconsistent lengths", r.base + <usize>unchecked(m.sectionAt[this.numBodies ? SecId.Code : SecId.Function]));
      return false;
    }
    if (this.hasDataCount && this.dataCountValue != <u32>m.datas.length) {
      r.fail("data count and data section have inconsistent lengths", r.base + <usize>unchecked(m.sectionAt[m.datas.length ? SecId.Data : SecId.DataCount]));
      return false;
    }
    m.dataCount = this.hasDataCount ? <i32>this.dataCountValue : -1;
    return true;
  }

  /**
   * Scan an expression from `r.pos` through its final `end` (function body or
   * constant expression), checking the encoding and block structure only.
   * `else` is accepted only in the then-arm of an `if` ("END opcode expected"
   * otherwise, as the reference parser reports it).
   */
  scanExpr(): bool {
    let r = this.r;
    let ins = this.ins;
    let kinds = this.kinds;
    kinds.length = 0;
    kinds.push(ScanKind.Block);
    while (readInstr(r, ins)) {
      switch (ins.op) {
        case Op.Block: case Op.Loop: kinds.push(ScanKind.Block); break;
        case Op.If: kinds.push(ScanKind.Then); break;
        case Op.Else: {
          let top = kinds.length - 1;
          if (unchecked(kinds[top]) != ScanKind.Then) { r.fail("END opcode expected", ins.pos); return false; }
          unchecked(kinds[top] = ScanKind.Else);
          break;
        }
        case Op.End:
          kinds.pop();
          if (kinds.length == 0) return true;
          break;
      }
    }
    return false;
  }

  /** A constant expression (spec 5.4.9): its byte range including the final `end`. */
  constExpr(): ConstExpr {
    let e = new ConstExpr();
    e.start = this.r.pos;
    this.scanExpr();
    e.end = this.r.pos;
    return e;
  }

  /** Limits (spec 5.3.7). The flag is a 1-bit LEB128 (0: min only, 1: min and max). */
  limits(): Limits {
    let r = this.r;
    let l = new Limits();
    let flag = <u32>r.uleb(1);
    l.min = r.u32();
    if (flag) { l.hasMax = true; l.max = r.u32(); }
    return l;
  }

  tableType(): TableType {
    let t = new TableType();
    t.elemType = readRefType(this.r);
    t.limits = this.limits();
    return t;
  }

  globalType(): GlobalType {
    let r = this.r;
    let g = new GlobalType();
    g.valType = readValType(r);
    if (r.failed) return g;
    let at = r.pos;
    let mut = r.u8();
    if (mut > 1) r.fail("malformed mutability", at);
    g.mutable = mut == 1;
    return g;
  }

  /** Custom section (spec 5.5.3): the name must be valid UTF-8; the "name" section is read on a best-effort basis. */
  customSection(end: usize): void {
    let r = this.r;
    let name = r.name();
    if (r.failed) return;
    if (r.pos > end) { r.fail("unexpected end", end); return; }
    if (isDefined(CUSTOM_NAME_SECTION)) { if (name == "name") readNameSection(this.m, r.pos, end); }
    r.pos = end;
  }

  /** Type section (spec 5.5.4). */
  typeSection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let at = r.pos;
      let form = r.sleb(7);
      if (r.failed) return;
      if (form != -0x20) { r.fail("malformed function type", at); return; }
      let params = this.valTypes();
      let results = this.valTypes();
      if (!isDefined(MULTI_VALUE) && results.length > 1 && !r.failed) { r.fail("multi-value not built in", at); return; }
      this.m.types.push(new FuncType(params, results));
    }
  }

  /** A vector of value types. */
  valTypes(): StaticArray<u8> {
    let r = this.r;
    let n = readLen(r);
    let ts = new StaticArray<u8>(n);
    for (let i: u32 = 0; i < n && !r.failed; i++) unchecked(ts[i] = readValType(r));
    return ts;
  }

  /** Import section (spec 5.5.5). Fills the import prefix of every index space. */
  importSection(): void {
    let r = this.r;
    let m = this.m;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let imp = new Import();
      imp.module = r.name();
      imp.name = r.name();
      let at = r.pos;
      let kind = r.u8();
      if (r.failed) return;
      imp.kind = <u8>kind;
      switch (kind) {
        case ExternKind.Func:
          imp.typeIdx = r.u32();
          m.funcTypeIdx.push(imp.typeIdx);
          m.numImportedFuncs++;
          break;
        case ExternKind.Table: {
          let t = this.tableType();
          imp.table = t;
          m.tables.push(t);
          m.numImportedTables++;
          break;
        }
        case ExternKind.Memory: {
          let l = this.limits();
          imp.memory = l;
          m.memories.push(l);
          m.numImportedMemories++;
          break;
        }
        case ExternKind.Global: {
          let g = this.globalType();
          imp.global = g;
          m.globalTypes.push(g);
          m.numImportedGlobals++;
          break;
        }
        default:
          r.fail("malformed import kind", at);
          return;
      }
      m.imports.push(imp);
    }
  }

  /** Function section (spec 5.5.6): the type index of each defined function. */
  functionSection(): void {
    let r = this.r;
    let m = this.m;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let f = new Func();
      f.typeIdx = r.u32();
      m.funcs.push(f);
      m.funcTypeIdx.push(f.typeIdx);
    }
  }

  tableSection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) this.m.tables.push(this.tableType());
  }

  memorySection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) this.m.memories.push(this.limits());
  }

  globalSection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let g = new Global();
      g.type = this.globalType();
      if (r.failed) return;
      g.init = this.constExpr();
      this.m.globals.push(g);
      this.m.globalTypes.push(g.type);
    }
  }

  exportSection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let e = new Export();
      e.name = r.name();
      let at = r.pos;
      let kind = r.u8();
      if (r.failed) return;
      if (kind > ExternKind.Global) { r.fail("malformed export kind", at); return; }
      e.kind = <u8>kind;
      e.index = r.u32();
      this.m.exports.push(e);
    }
  }

  /** Start section (spec 5.5.11). An index beyond i32 range is kept as i32.MAX_VALUE (still unknown to validation). */
  startSection(): void {
    let x = this.r.u32();
    this.m.startFunc = x > <u32>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>x;
  }

  /** Element section (spec 5.5.12), segment flags 0-7. */
  elemSection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let at = r.pos;
      let flags = r.u32();
      if (r.failed) return;
      if (flags > 7) { r.fail("malformed elements segment kind", at); return; }
      if (!isDefined(BULK_MEMORY) && (flags & 1)) { r.fail("bulk memory not built in", at); return; }
      if (!isDefined(REF_TYPES) && (flags & 6)) { r.fail("reference types not built in", at); return; }
      let seg = new ElemSegment();
      // bit 0: passive or declarative; bit 1: explicit table index (active) or declarative; bit 2: expressions
      if (flags & 1) seg.mode = (flags & 2) ? SegMode.Declarative : SegMode.Passive;
      else {
        seg.mode = SegMode.Active;
        if (flags & 2) seg.tableIdx = r.u32();
        seg.offset = this.constExpr();
      }
      let usesExprs = (flags & 4) != 0;
      if (flags & 3) {
        // explicit element kind (0x00 = funcref) or reference type
        if (usesExprs) seg.elemType = readRefType(r);
        else {
          let kat = r.pos;
          if (r.u8() != 0 && !r.failed) { r.fail("malformed element kind", kat); return; }
          seg.elemType = ValType.FuncRef;
        }
      } else seg.elemType = ValType.FuncRef;
      let count = readLen(r);
      if (usesExprs) {
        let exprs = new Array<ConstExpr>();
        for (let k: u32 = 0; k < count && !r.failed; k++) exprs.push(this.constExpr());
        seg.exprs = exprs;
      } else {
        let idx = new StaticArray<u32>(count);
        for (let k: u32 = 0; k < count && !r.failed; k++) unchecked(idx[k] = r.u32());
        seg.funcIndices = idx;
      }
      this.m.elems.push(seg);
    }
  }

  /**
   * Code section (spec 5.5.13). Each body: size, locals, expression. Fills
   * `Func.localTypes` with the declared locals only (the validator prepends the
   * parameters once the type index is known to be valid), `codeStart` and
   * `codeEnd`. Bodies beyond the function section's count are decoded and
   * dropped (the count mismatch is reported after the last section).
   */
  codeSection(): void {
    let r = this.r;
    let m = this.m;
    let n = readLen(r);
    this.numBodies = n;
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let size = readLen(r);
      if (r.failed) return;
      let start = r.pos;
      let f = i < <u32>m.funcs.length ? unchecked(m.funcs[i]) : new Func();
      // locals: first pass to count, second to fill
      let localsAt = r.pos;
      let groups = readLen(r);
      let total: u64 = 0;
      for (let g: u32 = 0; g < groups && !r.failed; g++) {
        total += <u64>r.u32();
        readValType(r);
      }
      if (r.failed) return;
      if (total > <u64>MAX_LOCALS) { r.fail("too many locals", localsAt); return; }
      let locals = new StaticArray<u8>(<i32>total);
      let afterLocals = r.pos;
      r.pos = localsAt;
      readLen(r);
      let k = 0;
      for (let g: u32 = 0; g < groups; g++) {
        let c = r.u32();
        let t = <u8>r.u8();
        for (let j: u32 = 0; j < c; j++) unchecked(locals[k++] = t);
      }
      r.pos = afterLocals;
      f.localTypes = locals;
      f.codeStart = r.pos;
      if (!this.scanExpr()) return;
      f.codeEnd = r.pos;
      if (r.pos != start + size) { r.fail("section size mismatch", start); return; }
    }
  }

  /** Data section (spec 5.5.14), segment flags 0-2. */
  dataSection(): void {
    let r = this.r;
    let n = readLen(r);
    for (let i: u32 = 0; i < n && !r.failed; i++) {
      let at = r.pos;
      let flags = r.u32();
      if (r.failed) return;
      if (flags > 2) { r.fail("malformed data segment kind", at); return; }
      if (!isDefined(BULK_MEMORY) && flags == 1) { r.fail("bulk memory not built in", at); return; }
      let seg = new DataSegment();
      if (flags == 1) seg.mode = SegMode.Passive;
      else {
        seg.mode = SegMode.Active;
        if (flags == 2) seg.memIdx = r.u32();
        seg.offset = this.constExpr();
      }
      let len = readLen(r);
      if (!r.need(len)) return;
      seg.dataStart = r.pos;
      seg.dataLen = len;
      r.pos += len;
      this.m.datas.push(seg);
    }
  }
}

/**
 * Read the custom "name" section payload [pos, end) (spec 7.4.1): module name
 * (subsection 0) and function names (subsection 1). Like custom sections in
 * general it is not validated: anything malformed is ignored, along with the
 * rest of the section, and leaves no error behind.
 */
function readNameSection(m: Module, pos: usize, end: usize): void {
  let r = new Reader(m.bytes, pos, end);
  let names = new Map<u32, string>();
  let moduleName = "";
  while (!r.atEnd() && !r.failed) {
    let id = r.u8();
    let size = readLen(r);
    if (r.failed) break;
    let subEnd = r.pos + size;
    if (id == 0) moduleName = r.name();
    else if (id == 1) {
      let n = readLen(r);
      for (let i: u32 = 0; i < n && !r.failed; i++) {
        let idx = r.u32();
        let name = r.name();
        if (!r.failed) names.set(idx, name);
      }
    }
    if (r.failed || r.pos > subEnd) { r.failed = true; break; }
    r.pos = subEnd;
  }
  if (r.failed) { clearError(); return; }
  m.funcNames = names;
  m.name = moduleName;
}

/**
 * Decode and validate a module binary at [ptr, ptr+len) in core memory.
 * Copies the bytes into a new heap allocation owned by the Module
 * (`Module.bytes`), so the caller may free its buffer. Returns null on failure
 * with the error recorded via `setError(kind, msg, byteOffset)`
 * (ErrorKind.Malformed for binary-format errors, spec 5; ErrorKind.Invalid
 * for validation errors, spec 3). Nothing is half-loaded: on failure the
 * copy and any side tables are freed.
 */
export function loadModule(ptr: usize, len: u32): Module | null {
  clearError();
  if (!isDefined(CLASSIC_INTERP) && !isDefined(FAST_INTERP)) {
    // a build without an interpreter (aot-only) has no bytecode loader
    setError(ErrorKind.Malformed, "bytecode loader not built in (this build has no interpreter)", 0);
    return null;
  }
  let m = new Module();
  m.bytes = heap.alloc(len ? <usize>len : 1);
  m.size = len;
  memory.copy(m.bytes, ptr, len);
  let d = new Decoder(m);
  if (!d.decode() || !validateModule(m)) {
    m.dispose();
    return null;
  }
  return m;
}
