/**
 * The validator (spec 3): module-level checks, constant expressions and
 * function bodies, run on a module the decoder has fully decoded. For each
 * defined function it also builds the branch side table of the classic
 * interpreter and the maximum operand-stack height (docs/design.md,
 * "Side table").
 *
 * Function bodies are checked with the algorithm of the spec appendix
 * "Validation Algorithm": an operand stack of value types (0 stands for the
 * unknown type of unreachable code) and a control stack, both explicit arrays,
 * so nesting depth never uses host stack.
 *
 * Messages are the reference interpreter's (interpreter/valid/valid.ml);
 * "unknown X" messages carry the index ("unknown global 3"), as there, and
 * the spec tests' texts are prefixes of them. Errors are ErrorKind.Invalid,
 * with the byte offset of the offending instruction when there is one, else -1.
 */

import { ErrorKind, setError, hasError } from "./errors";
import { Reader } from "./reader";
import { Op, OpFC } from "./opcodes";
import {
  Module, FuncType, Func, ConstExpr, TableType, ValType, ExternKind, SegMode, Limits, isNumType, isRefType, SecId,
} from "./module";
import { Instr, readInstr, BlockTypeKind } from "./decoder";

/** Largest memory size in pages (spec 3.2.7: 2^16 pages = 4 GiB). */
const MAX_PAGES: u32 = 65536;

/** The unknown (bottom) operand type of unreachable code. */
const UNKNOWN: u8 = 0;

/** Record a validation error at `at` (an address in `m.bytes`, or 0 for none). */
function fail(m: Module, msg: string, at: usize = 0): bool {
  if (!hasError()) setError(ErrorKind.Invalid, msg, at ? <i32>(at - m.bytes) : -1);
  return false;
}

/** Address of section `id` in `m.bytes` (for the errors of module-level checks), 0 when the decoder saw none. */
function secAt(m: Module, id: SecId): usize {
  let o = unchecked(m.sectionAt[id]);
  return o ? m.bytes + o : 0;
}

/** "unknown <what> <index>" (reference interpreter wording). */
function unknown(m: Module, what: string, idx: u32, at: usize = 0): bool {
  return fail(m, "unknown " + what + " " + idx.toString(), at);
}

/** Limits of a table (spec 3.2.6): min <= max. */
function checkTableLimits(m: Module, l: Limits, at: usize): bool {
  if (l.hasMax && l.min > l.max) return fail(m, "size minimum must not be greater than maximum", at);
  return true;
}

/** Limits of a memory (spec 3.2.7): at most 65536 pages, min <= max. */
function checkMemoryLimits(m: Module, l: Limits, at: usize): bool {
  if (l.min > MAX_PAGES || (l.hasMax && l.max > MAX_PAGES))
    return fail(m, "memory size must be at most 65536 pages (4GiB)", at);
  if (l.hasMax && l.min > l.max) return fail(m, "size minimum must not be greater than maximum", at);
  return true;
}

/** Shared scratch instruction for module-level passes. */
const scratch = new Instr();

/**
 * Add to `m.declaredFuncRefs` every `ref.func x` of constant expression `e`
 * (spec 3.4.10, C.refs).
 */
function collectRefs(m: Module, e: ConstExpr): void {
  let r = new Reader(m.bytes, e.start, e.end);
  while (r.pos < r.end && readInstr(r, scratch)) {
    if (isDefined(REF_TYPES) && scratch.op == Op.RefFunc) m.declaredFuncRefs.add(scratch.a);
  }
}

/**
 * Validate constant expression `e` (spec 3.3.10) of result type `t`. Only
 * imported globals are visible (2.0 rule, as in the reference interpreter),
 * and they must be immutable. As in the reference, every instruction is
 * first checked to be constant ("constant expression required", "unknown
 * global"), then the types ("unknown function", "type mismatch").
 */
function checkConst(m: Module, e: ConstExpr, t: u8): bool {
  let r = new Reader(m.bytes, e.start, e.end);
  let ins = scratch;
  let n = 0;           // values produced
  let last: u8 = 0;    // type of the last value
  let typeErr = "";    // first type error, reported once everything is known constant
  let typeErrAt: usize = 0;
  while (r.pos < r.end && readInstr(r, ins)) {
    let vt: u8 = 0;
    switch (ins.op) {
      case Op.I32Const: vt = ValType.I32; break;
      case Op.I64Const: vt = ValType.I64; break;
      case Op.F32Const: vt = ValType.F32; break;
      case Op.F64Const: vt = ValType.F64; break;
      case Op.RefNull: if (!isDefined(REF_TYPES)) unreachable(); vt = ins.valType; break;
      case Op.RefFunc:
        if (!isDefined(REF_TYPES)) unreachable();
        vt = ValType.FuncRef;
        if (ins.a >= <u32>m.funcTypeIdx.length && !typeErr.length) {
          typeErr = "unknown function " + ins.a.toString();
          typeErrAt = ins.pos;
        }
        break;
      case Op.GlobalGet: {
        if (ins.a >= m.numImportedGlobals) return unknown(m, "global", ins.a, ins.pos);
        let g = m.globalTypes[ins.a];
        if (g.mutable) return fail(m, "constant expression required", ins.pos);
        vt = g.valType;
        break;
      }
      case Op.End: continue;
      default:
        return fail(m, "constant expression required", ins.pos);
    }
    n++;
    last = vt;
  }
  if (typeErr.length) return fail(m, typeErr, typeErrAt);
  if (n != 1 || last != t) return fail(m, "type mismatch", e.start);
  return true;
}

/** Kinds of control frames. */
const enum FrameKind { Block = 0, Loop = 1, If = 2, Else = 3, Func = 4 }

/** A control frame (spec appendix, "Validation Algorithm": ctrl_frame) plus side-table bookkeeping. */
class Frame {
  kind: i32 = 0;
  /** Block type: a function type, or null with `single` the only result (0 for none). */
  type: FuncType | null = null;
  single: u8 = 0;
  /** Operand stack height at entry, below the block's parameters. */
  height: i32 = 0;
  unreachable: bool = false;
  /** Head of this frame's list of forward branches to patch at `end` (index into the fixup arrays), -1 if none. */
  fixups: i32 = -1;
  /** Side-table index of this `if`'s entry while its else-branch target is unknown, else -1. */
  ifEntry: i32 = -1;
  /** Address of this `if`'s opcode. */
  ifPos: usize = 0;
  /** For loops: address of the first body instruction and side-table length there. */
  loopPc: usize = 0;
  loopStp: i32 = 0;

  @inline numParams(): i32 { let t = this.type; return t ? t.params.length : 0; }
  @inline numResults(): i32 { let t = this.type; return t ? t.results.length : (this.single ? 1 : 0); }
  @inline param(i: i32): u8 { return unchecked((<FuncType>this.type).params[i]); }
  @inline result(i: i32): u8 { let t = this.type; return t ? unchecked(t.results[i]) : this.single; }
  /** Arity of a branch to this frame's label: loop parameters, else results. */
  @inline labelArity(): i32 { return this.kind == FrameKind.Loop ? this.numParams() : this.numResults(); }
  @inline labelType(i: i32): u8 { return this.kind == FrameKind.Loop ? this.param(i) : this.result(i); }
}

/**
 * Validator of function bodies. One instance per module; its arrays are
 * reused from one function to the next.
 */
class FuncValidator {
  m: Module;
  ins: Instr = new Instr();
  /** Operand stack of value types. */
  vals: Array<u8> = [];
  /** Control stack; frames are pooled: `depth` of them are live. */
  frames: Array<Frame> = [];
  depth: i32 = 0;
  /** Side table being built: 4 i32 per entry. */
  side: Array<i32> = [];
  /** Forward-branch fixups (linked lists per frame): entry index, branch opcode address, next. */
  fixEntry: Array<i32> = [];
  fixPos: Array<usize> = [];
  fixNext: Array<i32> = [];
  maxStack: i32 = 0;
  failed: bool = false;
  /** Scratch list of popped operand types (br_table). */
  tmp: Array<u8> = [];
  /** Current function's locals (params first) and type. */
  locals: StaticArray<u8> = new StaticArray<u8>(0);

  constructor(m: Module) { this.m = m; }

  err(msg: string): void {
    if (!this.failed) { this.failed = true; fail(this.m, msg, this.ins.pos); }
  }

  // ---- operand stack (spec appendix: push_val, pop_val, pop_vals) ----

  @inline push(t: u8): void {
    let v = this.vals;
    v.push(t);
    if (v.length > this.maxStack) this.maxStack = v.length;
  }

  pop(): u8 {
    let f = unchecked(this.frames[this.depth - 1]);
    let v = this.vals;
    if (v.length == f.height) {
      if (!f.unreachable) this.err("type mismatch");
      return UNKNOWN;
    }
    return v.pop();
  }

  /** Pop a value of type `t` ("type mismatch" otherwise); returns the popped type. */
  popT(t: u8): u8 {
    let a = this.pop();
    if (a != t && a != UNKNOWN && t != UNKNOWN) this.err("type mismatch");
    return a;
  }

  /** Pop a reference (or unknown) value. */
  popRef(): u8 {
    let a = this.pop();
    if (a != UNKNOWN && !isRefType(a)) this.err("type mismatch");
    return a;
  }

  popParams(t: FuncType): void {
    for (let i = t.params.length - 1; i >= 0; i--) this.popT(unchecked(t.params[i]));
  }

  pushResults(t: FuncType): void {
    for (let i = 0; i < t.results.length; i++) this.push(unchecked(t.results[i]));
  }

  /** Pop the types of the label of frame `f` (a branch to it). */
  popLabel(f: Frame): void {
    for (let i = f.labelArity() - 1; i >= 0; i--) this.popT(f.labelType(i));
  }

  pushLabel(f: Frame): void {
    let n = f.labelArity();
    for (let i = 0; i < n; i++) this.push(f.labelType(i));
  }

  // ---- control stack ----

  /** Enter a block of kind `kind` whose type is in `ins` (parameters are already popped). */
  pushFrame(kind: i32, type: FuncType | null, single: u8): Frame {
    let frames = this.frames;
    if (this.depth == frames.length) frames.push(new Frame());
    let f = unchecked(frames[this.depth++]);
    f.kind = kind;
    f.type = type;
    f.single = single;
    f.height = this.vals.length;
    f.unreachable = false;
    f.fixups = -1;
    f.ifEntry = -1;
    if (type) for (let i = 0; i < type.params.length; i++) this.push(unchecked(type.params[i]));
    return f;
  }

  /** Check that the top frame ends with exactly its results on the stack (spec appendix, pop_ctrl). */
  checkFrameEnd(f: Frame): void {
    for (let i = f.numResults() - 1; i >= 0; i--) this.popT(f.result(i));
    if (this.vals.length != f.height) this.err("type mismatch");
  }

  /** Mark the rest of the current block unreachable (spec appendix, unreachable). */
  setUnreachable(): void {
    let f = unchecked(this.frames[this.depth - 1]);
    this.vals.length = f.height;
    f.unreachable = true;
  }

  /** Resolve the block type in `this.ins` into (type, single); false on "unknown type". */
  blockType(): FuncType | null {
    let ins = this.ins;
    if (ins.btKind == BlockTypeKind.TypeIdx) {
      if (ins.a >= <u32>this.m.types.length) { this.err("unknown type " + ins.a.toString()); return null; }
      return this.m.types[ins.a];
    }
    return null;
  }

  // ---- side table ----

  @inline entryCount(): i32 { return this.side.length >> 2; }

  emit(pc: i32, stp: i32, valCount: i32, popCount: i32): i32 {
    let idx = this.entryCount();
    let s = this.side;
    s.push(pc); s.push(stp); s.push(valCount); s.push(popCount);
    return idx;
  }

  @inline patch(entry: i32, pc: i32, stp: i32): void {
    unchecked(this.side[entry << 2] = pc);
    unchecked(this.side[(entry << 2) + 1] = stp);
  }

  /**
   * Emit the side-table entry of a branch to label `l` (a frame index) for the
   * branching instruction at `this.ins.pos`, with the operand stack at its
   * height before the branch pops anything. In unreachable code valCount and
   * popCount are 0 (the entry is never used).
   */
  branchEntry(target: Frame): void {
    let cur = unchecked(this.frames[this.depth - 1]);
    let arity = target.labelArity();
    let val = 0, pop = 0;
    if (!cur.unreachable) {
      val = arity;
      pop = this.vals.length - target.height - arity;
      if (pop < 0) pop = 0; // only in code that cannot run (nested in unreachable code) or ill-typed code
    }
    let opPos = this.ins.pos;
    if (target.kind == FrameKind.Loop) {
      let idx = this.entryCount();
      this.emit(<i32>(target.loopPc - opPos), target.loopStp - idx, val, pop);
    } else {
      let idx = this.emit(0, 0, val, pop);
      this.addFixup(target, idx, opPos);
    }
  }

  addFixup(f: Frame, entry: i32, opPos: usize): void {
    let k = this.fixEntry.length;
    this.fixEntry.push(entry);
    this.fixPos.push(opPos);
    this.fixNext.push(f.fixups);
    f.fixups = k;
  }

  /** At the `end` opcode at `endPos` of frame `f`: point all its forward branches (and a lone `if`) there. */
  resolveFixups(f: Frame, endPos: usize): void {
    let stp = this.entryCount();
    for (let k = f.fixups; k >= 0; k = unchecked(this.fixNext[k])) {
      let e = unchecked(this.fixEntry[k]);
      this.patch(e, <i32>(endPos - unchecked(this.fixPos[k])), stp - e);
    }
    if (f.ifEntry >= 0) this.patch(f.ifEntry, <i32>(endPos - f.ifPos), stp - f.ifEntry);
  }

  /** Label `l` counted outwards from the innermost frame, or null after "unknown label". */
  label(l: u32): Frame | null {
    if (l >= <u32>this.depth) { this.err("unknown label " + l.toString()); return null; }
    return unchecked(this.frames[this.depth - 1 - <i32>l]);
  }

  // ---- instructions ----

  unop(a: u8, r: u8): void { this.popT(a); this.push(r); }
  binop(a: u8, r: u8): void { this.popT(a); this.popT(a); this.push(r); }

  /** Memory access with natural alignment `natural` (log2 bytes), spec 3.3.7. */
  memarg(natural: u32): bool {
    if (this.m.memories.length == 0) { this.err("unknown memory 0"); return false; }
    if (this.ins.a > natural) { this.err("alignment must not be larger than natural"); return false; }
    return true;
  }

  load(t: u8, natural: u32): void { if (this.memarg(natural)) { this.popT(ValType.I32); this.push(t); } }
  store(t: u8, natural: u32): void { if (this.memarg(natural)) { this.popT(t); this.popT(ValType.I32); } }

  needMemory(): bool {
    if (this.m.memories.length == 0) { this.err("unknown memory 0"); return false; }
    return true;
  }

  /** Table `x`'s element type, or 0 after "unknown table". */
  table(x: u32): u8 {
    if (x >= <u32>this.m.tables.length) { this.err("unknown table " + x.toString()); return 0; }
    return this.m.tables[x].elemType;
  }

  /** Elem segment `x`'s element type, or 0 after "unknown elem segment". */
  elem(x: u32): u8 {
    if (x >= <u32>this.m.elems.length) { this.err("unknown elem segment " + x.toString()); return 0; }
    return this.m.elems[x].elemType;
  }

  /**
   * Data segment `x` of `memory.init`/`data.drop` (spec 3.3.7): "unknown data
   * segment", then, for a binary without a data count section, the format
   * error "data count section required" (spec 5.5.15). That format error is
   * checked here rather than in the decoder so that the index error wins, as
   * the spec tests expect of text modules converted without a data count
   * section.
   */
  dataIdx(x: u32): bool {
    let m = this.m;
    m.usesDataIndices = true;
    if (x >= <u32>m.datas.length) { this.err("unknown data segment " + x.toString()); return false; }
    if (m.dataCount < 0) {
      this.failed = true;
      if (!hasError()) setError(ErrorKind.Malformed, "data count section required", <i32>(this.ins.pos - m.bytes));
      return false;
    }
    return true;
  }

  local(x: u32): u8 {
    if (x >= <u32>this.locals.length) { this.err("unknown local " + x.toString()); return 0; }
    return unchecked(this.locals[x]);
  }

  /**
   * Validate defined function `f` (spec 3.4.1): its body against its type,
   * building its side table and max stack height. `f.typeIdx` is valid.
   */
  validate(f: Func): bool {
    let m = this.m;
    let ftype = m.types[f.typeIdx];
    // locals: parameters followed by the declared locals
    let np = ftype.params.length;
    let declared = f.localTypes;
    let all = new StaticArray<u8>(np + declared.length);
    for (let i = 0; i < np; i++) unchecked(all[i] = ftype.params[i]);
    for (let i = 0; i < declared.length; i++) unchecked(all[np + i] = declared[i]);
    f.localTypes = all;
    f.numParams = np;
    this.locals = all;

    this.vals.length = 0;
    this.side.length = 0;
    this.fixEntry.length = 0;
    this.fixPos.length = 0;
    this.fixNext.length = 0;
    this.depth = 0;
    this.maxStack = 0;
    this.failed = false;
    // The function's frame: its label carries the results. The type is set
    // after the push so that the parameters (locals) are not pushed as operands.
    this.pushFrame(FrameKind.Func, null, 0).type = ftype;

    let r = new Reader(m.bytes, f.codeStart, f.codeEnd);
    let ins = this.ins;
    while (this.depth > 0 && !this.failed) {
      if (!readInstr(r, ins)) { this.failed = true; break; }
      this.instr(r);
    }
    if (this.failed) return false;

    f.maxStack = <u32>this.maxStack;
    let n = this.entryCount();
    f.sideTableLen = n;
    if (n) {
      let p = heap.alloc(<usize>n << 4);
      for (let i = 0; i < (n << 2); i++) store<i32>(p + (<usize>i << 2), unchecked(this.side[i]));
      f.sideTable = p;
    }
    return true;
  }

  /** Validate the instruction in `this.ins` (spec 3.3), `r` positioned after it. */
  instr(r: Reader): void {
    let ins = this.ins;
    let m = this.m;
    let op = ins.op;
    switch (op) {
      case Op.Unreachable: this.setUnreachable(); break;
      case Op.Nop: break;
      case Op.Block: case Op.Loop: case Op.If: {
        let t = this.blockType();
        if (this.failed) return;
        let single = ins.btKind == BlockTypeKind.Value ? ins.valType : <u8>0;
        if (op == Op.If) this.popT(ValType.I32);
        if (t) this.popParams(t);
        if (op == Op.If) {
          let ifPos = ins.pos;
          let f = this.pushFrame(FrameKind.If, t, single);
          f.ifPos = ifPos;
          f.ifEntry = this.emit(0, 0, 0, 0);
        } else {
          let f = this.pushFrame(op == Op.Loop ? FrameKind.Loop : FrameKind.Block, t, single);
          f.loopPc = r.pos;
          f.loopStp = this.entryCount();
        }
        break;
      }
      case Op.Else: {
        let f = unchecked(this.frames[this.depth - 1]);
        if (f.kind != FrameKind.If) { this.err("else without if"); return; }
        this.checkFrameEnd(f);
        let e = this.emit(0, 0, 0, 0);
        this.addFixup(f, e, ins.pos);
        // the if's entry now targets the first instruction of the else-arm
        this.patch(f.ifEntry, <i32>(r.pos - f.ifPos), e + 1 - f.ifEntry);
        f.ifEntry = -1;
        f.kind = FrameKind.Else;
        this.vals.length = f.height;
        f.unreachable = false;
        let t = f.type;
        if (t) for (let i = 0; i < t.params.length; i++) this.push(unchecked(t.params[i]));
        break;
      }
      case Op.End: {
        let f = unchecked(this.frames[this.depth - 1]);
        this.checkFrameEnd(f);
        // an `if` without `else` must have an else-arm that maps params to results
        if (f.kind == FrameKind.If) {
          let np = f.numParams(), nr = f.numResults();
          if (np != nr) { this.err("type mismatch"); return; }
          for (let i = 0; i < np; i++) if (f.param(i) != f.result(i)) { this.err("type mismatch"); return; }
        }
        this.resolveFixups(f, ins.pos);
        this.depth--;
        for (let i = 0; i < f.numResults(); i++) this.push(f.result(i));
        break;
      }
      case Op.Br: {
        let f = this.label(ins.a);
        if (!f) return;
        this.branchEntry(f);
        this.popLabel(f);
        this.setUnreachable();
        break;
      }
      case Op.BrIf: {
        this.popT(ValType.I32);
        let f = this.label(ins.a);
        if (!f) return;
        this.branchEntry(f);
        this.popLabel(f);
        this.pushLabel(f);
        break;
      }
      case Op.BrTable: {
        this.popT(ValType.I32);
        let t = ins.targets;
        let n = t.length;
        let def = this.label(unchecked(t[n - 1]));
        if (!def) return;
        let arity = def.labelArity();
        for (let i = 0; i < n; i++) {
          let f = this.label(unchecked(t[i]));
          if (!f) return;
          if (f.labelArity() != arity) { this.err("type mismatch"); return; }
          this.branchEntry(f);
        }
        // operand types must suit every label (spec appendix, br_table): pop
        // each label's types and push back what was popped (unknown stays unknown)
        let tmp = this.tmp;
        for (let i = 0; i < n - 1; i++) {
          let f = this.label(unchecked(t[i]));
          if (!f) return;
          tmp.length = 0;
          for (let k = arity - 1; k >= 0; k--) tmp.push(this.popT(f.labelType(k)));
          for (let k = arity - 1; k >= 0; k--) this.push(unchecked(tmp[k]));
        }
        this.popLabel(def);
        this.setUnreachable();
        break;
      }
      case Op.Return: {
        this.popLabel(unchecked(this.frames[0]));
        this.setUnreachable();
        break;
      }
      case Op.Call: {
        if (ins.a >= <u32>m.funcTypeIdx.length) { this.err("unknown function " + ins.a.toString()); return; }
        let t = m.funcType(ins.a);
        this.popParams(t);
        this.pushResults(t);
        break;
      }
      case Op.CallIndirect: {
        let et = this.table(ins.b);
        if (this.failed) return;
        if (ins.a >= <u32>m.types.length) { this.err("unknown type " + ins.a.toString()); return; }
        if (et != ValType.FuncRef) { this.err("type mismatch"); return; }
        let t = m.types[ins.a];
        this.popT(ValType.I32);
        this.popParams(t);
        this.pushResults(t);
        break;
      }
      case Op.Drop: this.pop(); break;
      case Op.Select: {
        this.popT(ValType.I32);
        let t1 = this.pop();
        let t2 = this.pop();
        if ((t1 != UNKNOWN && !isNumType(t1)) || (t2 != UNKNOWN && !isNumType(t2))) { this.err("type mismatch"); return; }
        if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN) { this.err("type mismatch"); return; }
        this.push(t1 == UNKNOWN ? t2 : t1);
        break;
      }
      case Op.SelectT: {
        if (!isDefined(REF_TYPES)) unreachable();
        if (ins.selectCount != 1) { this.err("invalid result arity"); return; }
        let t = ins.valType;
        this.popT(ValType.I32);
        this.popT(t);
        this.popT(t);
        this.push(t);
        break;
      }
      case Op.LocalGet: { let t = this.local(ins.a); if (t) this.push(t); break; }
      case Op.LocalSet: { let t = this.local(ins.a); if (t) this.popT(t); break; }
      case Op.LocalTee: { let t = this.local(ins.a); if (t) { this.popT(t); this.push(t); } break; }
      case Op.GlobalGet: {
        if (ins.a >= <u32>m.globalTypes.length) { this.err("unknown global " + ins.a.toString()); return; }
        this.push(m.globalTypes[ins.a].valType);
        break;
      }
      case Op.GlobalSet: {
        if (ins.a >= <u32>m.globalTypes.length) { this.err("unknown global " + ins.a.toString()); return; }
        let g = m.globalTypes[ins.a];
        if (!g.mutable) { this.err("global is immutable"); return; }
        this.popT(g.valType);
        break;
      }
      case Op.TableGet: {
        if (!isDefined(REF_TYPES)) unreachable();
        let t = this.table(ins.a);
        if (!t) return;
        this.popT(ValType.I32);
        this.push(t);
        break;
      }
      case Op.TableSet: {
        if (!isDefined(REF_TYPES)) unreachable();
        let t = this.table(ins.a);
        if (!t) return;
        this.popT(t);
        this.popT(ValType.I32);
        break;
      }
      case Op.I32Load: this.load(ValType.I32, 2); break;
      case Op.I64Load: this.load(ValType.I64, 3); break;
      case Op.F32Load: this.load(ValType.F32, 2); break;
      case Op.F64Load: this.load(ValType.F64, 3); break;
      case Op.I32Load8S: case Op.I32Load8U: this.load(ValType.I32, 0); break;
      case Op.I32Load16S: case Op.I32Load16U: this.load(ValType.I32, 1); break;
      case Op.I64Load8S: case Op.I64Load8U: this.load(ValType.I64, 0); break;
      case Op.I64Load16S: case Op.I64Load16U: this.load(ValType.I64, 1); break;
      case Op.I64Load32S: case Op.I64Load32U: this.load(ValType.I64, 2); break;
      case Op.I32Store: this.store(ValType.I32, 2); break;
      case Op.I64Store: this.store(ValType.I64, 3); break;
      case Op.F32Store: this.store(ValType.F32, 2); break;
      case Op.F64Store: this.store(ValType.F64, 3); break;
      case Op.I32Store8: this.store(ValType.I32, 0); break;
      case Op.I32Store16: this.store(ValType.I32, 1); break;
      case Op.I64Store8: this.store(ValType.I64, 0); break;
      case Op.I64Store16: this.store(ValType.I64, 1); break;
      case Op.I64Store32: this.store(ValType.I64, 2); break;
      case Op.MemorySize: if (this.needMemory()) this.push(ValType.I32); break;
      case Op.MemoryGrow: if (this.needMemory()) this.unop(ValType.I32, ValType.I32); break;
      case Op.I32Const: this.push(ValType.I32); break;
      case Op.I64Const: this.push(ValType.I64); break;
      case Op.F32Const: this.push(ValType.F32); break;
      case Op.F64Const: this.push(ValType.F64); break;
      case Op.RefNull: if (!isDefined(REF_TYPES)) unreachable(); this.push(ins.valType); break;
      case Op.RefIsNull: if (!isDefined(REF_TYPES)) unreachable(); this.popRef(); this.push(ValType.I32); break;
      case Op.RefFunc: {
        if (!isDefined(REF_TYPES)) unreachable();
        if (ins.a >= <u32>m.funcTypeIdx.length) { this.err("unknown function " + ins.a.toString()); return; }
        if (!m.declaredFuncRefs.has(ins.a)) { this.err("undeclared function reference"); return; }
        this.push(ValType.FuncRef);
        break;
      }
      case Op.PrefixFC: this.prefixed(); break;
      default: this.numeric(op);
    }
  }

  /** The 0xFC-prefixed instructions (spec 3.3.2 saturating truncation, 3.3.6-3.3.7 bulk table and memory). */
  prefixed(): void {
    let ins = this.ins;
    switch (ins.sub) {
      case OpFC.I32TruncSatF32S: case OpFC.I32TruncSatF32U: this.unop(ValType.F32, ValType.I32); break;
      case OpFC.I32TruncSatF64S: case OpFC.I32TruncSatF64U: this.unop(ValType.F64, ValType.I32); break;
      case OpFC.I64TruncSatF32S: case OpFC.I64TruncSatF32U: this.unop(ValType.F32, ValType.I64); break;
      case OpFC.I64TruncSatF64S: case OpFC.I64TruncSatF64U: this.unop(ValType.F64, ValType.I64); break;
      case OpFC.MemoryInit:
        if (!isDefined(BULK_MEMORY)) unreachable();
        if (!this.needMemory() || !this.dataIdx(ins.a)) return;
        this.pop3(ValType.I32, ValType.I32, ValType.I32);
        break;
      case OpFC.DataDrop: if (!isDefined(BULK_MEMORY)) unreachable(); this.dataIdx(ins.a); break;
      case OpFC.MemoryCopy: case OpFC.MemoryFill:
        if (!isDefined(BULK_MEMORY)) unreachable();
        if (!this.needMemory()) return;
        this.pop3(ValType.I32, ValType.I32, ValType.I32); // memory.fill's value is an i32 too
        break;
      case OpFC.TableInit: {
        if (!isDefined(BULK_MEMORY)) unreachable();
        let tt = this.table(ins.b);
        if (!tt) return;
        let et = this.elem(ins.a);
        if (!et) return;
        if (tt != et) { this.err("type mismatch"); return; }
        this.pop3(ValType.I32, ValType.I32, ValType.I32);
        break;
      }
      case OpFC.ElemDrop: if (!isDefined(BULK_MEMORY)) unreachable(); this.elem(ins.a); break;
      case OpFC.TableCopy: {
        if (!isDefined(BULK_MEMORY)) unreachable();
        let dst = this.table(ins.a);
        if (!dst) return;
        let src = this.table(ins.b);
        if (!src) return;
        if (dst != src) { this.err("type mismatch"); return; }
        this.pop3(ValType.I32, ValType.I32, ValType.I32);
        break;
      }
      case OpFC.TableGrow: {
        if (!isDefined(REF_TYPES)) unreachable();
        let t = this.table(ins.a);
        if (!t) return;
        this.popT(ValType.I32);
        this.popT(t);
        this.push(ValType.I32);
        break;
      }
      case OpFC.TableSize: if (!isDefined(REF_TYPES)) unreachable(); if (this.table(ins.a)) this.push(ValType.I32); break;
      case OpFC.TableFill: {
        if (!isDefined(REF_TYPES)) unreachable();
        let t = this.table(ins.a);
        if (!t) return;
        this.pop3(ValType.I32, t, ValType.I32);
        break;
      }
    }
  }

  /** Pop three operands, the last pushed (`c`) first. */
  pop3(a: u8, b: u8, c: u8): void { this.popT(c); this.popT(b); this.popT(a); }

  /** Numeric instructions 0x45-0xc4 (spec 3.3.1-3.3.2), by opcode range. */
  numeric(op: i32): void {
    const I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64;
    if (op == Op.I32Eqz) this.unop(I32, I32);
    else if (op <= Op.I32GeU) this.binop(I32, I32);
    else if (op == Op.I64Eqz) this.unop(I64, I32);
    else if (op <= Op.I64GeU) this.binop(I64, I32);
    else if (op <= Op.F32Ge) this.binop(F32, I32);
    else if (op <= Op.F64Ge) this.binop(F64, I32);
    else if (op <= Op.I32Popcnt) this.unop(I32, I32);
    else if (op <= Op.I32Rotr) this.binop(I32, I32);
    else if (op <= Op.I64Popcnt) this.unop(I64, I64);
    else if (op <= Op.I64Rotr) this.binop(I64, I64);
    else if (op <= Op.F32Sqrt) this.unop(F32, F32);
    else if (op <= Op.F32Copysign) this.binop(F32, F32);
    else if (op <= Op.F64Sqrt) this.unop(F64, F64);
    else if (op <= Op.F64Copysign) this.binop(F64, F64);
    else switch (op) {
      case Op.I32WrapI64: this.unop(I64, I32); break;
      case Op.I32TruncF32S: case Op.I32TruncF32U: this.unop(F32, I32); break;
      case Op.I32TruncF64S: case Op.I32TruncF64U: this.unop(F64, I32); break;
      case Op.I64ExtendI32S: case Op.I64ExtendI32U: this.unop(I32, I64); break;
      case Op.I64TruncF32S: case Op.I64TruncF32U: this.unop(F32, I64); break;
      case Op.I64TruncF64S: case Op.I64TruncF64U: this.unop(F64, I64); break;
      case Op.F32ConvertI32S: case Op.F32ConvertI32U: this.unop(I32, F32); break;
      case Op.F32ConvertI64S: case Op.F32ConvertI64U: this.unop(I64, F32); break;
      case Op.F32DemoteF64: this.unop(F64, F32); break;
      case Op.F64ConvertI32S: case Op.F64ConvertI32U: this.unop(I32, F64); break;
      case Op.F64ConvertI64S: case Op.F64ConvertI64U: this.unop(I64, F64); break;
      case Op.F64PromoteF32: this.unop(F32, F64); break;
      case Op.I32ReinterpretF32: this.unop(F32, I32); break;
      case Op.I64ReinterpretF64: this.unop(F64, I64); break;
      case Op.F32ReinterpretI32: this.unop(I32, F32); break;
      case Op.F64ReinterpretI64: this.unop(I64, F64); break;
      case Op.I32Extend8S: case Op.I32Extend16S: this.unop(I32, I32); break;
      case Op.I64Extend8S: case Op.I64Extend16S: case Op.I64Extend32S: this.unop(I64, I64); break;
      default: this.err("illegal opcode"); // unreachable: the decoder accepted only known opcodes
    }
  }
}

/** C.refs (spec 3.4.10): functions referenced outside function bodies, which `ref.func` may name. */
function collectDeclaredRefs(m: Module): void {
  for (let i = 0; i < m.globals.length; i++) collectRefs(m, m.globals[i].init);

  for (let i = 0; i < m.elems.length; i++) {
    let s = m.elems[i];
    let fi = s.funcIndices;
    if (fi) for (let k = 0; k < fi.length; k++) m.declaredFuncRefs.add(unchecked(fi[k]));
    let ex = s.exprs;
    if (ex) for (let k = 0; k < ex.length; k++) collectRefs(m, ex[k]);
  }
  for (let i = 0; i < m.exports.length; i++) {
    let e = m.exports[i];
    if (e.kind == ExternKind.Func) m.declaredFuncRefs.add(e.index);
  }
}

/**
 * Validate decoded module `m` (spec 3.4.10), in the reference interpreter's
 * order: imports and function types, globals, tables, memories, elem and data
 * segments, function bodies, start function, exports, memory count. Fills
 * `declaredFuncRefs`, and per function `localTypes` (parameters prepended),
 * `numParams`, `sideTable`, `sideTableLen` and `maxStack`. Returns false after
 * recording an Invalid error.
 */
export function validateModule(m: Module): bool {
  let nfuncs = <u32>m.funcTypeIdx.length;
  let ntypes = <u32>m.types.length;

  // C.refs: functions referenced outside function bodies (only ref.func reads them)
  if (isDefined(REF_TYPES)) collectDeclaredRefs(m);

  // Module-level errors carry the offset of the section they concern.
  // imports
  let at = secAt(m, SecId.Import);
  for (let i = 0; i < m.imports.length; i++) {
    let imp = m.imports[i];
    switch (imp.kind) {
      case ExternKind.Func:
        if (imp.typeIdx >= ntypes) return unknown(m, "type", imp.typeIdx, at);
        break;
      case ExternKind.Table:
        if (!checkTableLimits(m, (<TableType>imp.table).limits, at)) return false;
        break;
      case ExternKind.Memory:
        if (!checkMemoryLimits(m, <Limits>imp.memory, at)) return false;
        break;
    }
  }
  at = secAt(m, SecId.Function);
  for (let i = 0; i < m.funcs.length; i++) {
    let x = m.funcs[i].typeIdx;
    if (x >= ntypes) return unknown(m, "type", x, at);
  }
  for (let i = 0; i < m.globals.length; i++) {
    let g = m.globals[i];
    if (!checkConst(m, g.init, g.type.valType)) return false;
  }
  at = secAt(m, SecId.Table);
  for (let i = <i32>m.numImportedTables; i < m.tables.length; i++) {
    if (!checkTableLimits(m, m.tables[i].limits, at)) return false;
  }
  at = secAt(m, SecId.Memory);
  for (let i = <i32>m.numImportedMemories; i < m.memories.length; i++) {
    if (!checkMemoryLimits(m, m.memories[i], at)) return false;
  }
  at = secAt(m, SecId.Elem);
  for (let i = 0; i < m.elems.length; i++) {
    let s = m.elems[i];
    let fi = s.funcIndices;
    if (fi) {
      for (let k = 0; k < fi.length; k++) {
        if (unchecked(fi[k]) >= nfuncs) return unknown(m, "function", unchecked(fi[k]), at);
      }
    }
    let ex = s.exprs;
    if (ex) for (let k = 0; k < ex.length; k++) if (!checkConst(m, ex[k], s.elemType)) return false;
    if (s.mode == SegMode.Active) {
      if (s.tableIdx >= <u32>m.tables.length) return unknown(m, "table", s.tableIdx, at);
      if (m.tables[s.tableIdx].elemType != s.elemType) return fail(m, "type mismatch", at);
      if (!checkConst(m, <ConstExpr>s.offset, ValType.I32)) return false;
    }
  }
  at = secAt(m, SecId.Data);
  for (let i = 0; i < m.datas.length; i++) {
    let d = m.datas[i];
    if (d.mode == SegMode.Active) {
      if (d.memIdx >= <u32>m.memories.length) return unknown(m, "memory", d.memIdx, at);
      if (!checkConst(m, <ConstExpr>d.offset, ValType.I32)) return false;
    }
  }

  let fv = new FuncValidator(m);
  for (let i = 0; i < m.funcs.length; i++) {
    if (!fv.validate(m.funcs[i])) return false;
  }

  if (m.startFunc >= 0) {
    at = secAt(m, SecId.Start);
    let x = <u32>m.startFunc;
    if (x >= nfuncs) return unknown(m, "function", x, at);
    let t = m.funcType(x);
    if (t.params.length || t.results.length) return fail(m, "start function", at);
  }

  // (size-optimized builds: a list searched per name, no string hash set code)
  let names = new Set<string>();
  let nameList: string[] = [];
  at = secAt(m, SecId.Export);
  for (let i = 0; i < m.exports.length; i++) {
    let e = m.exports[i];
    let limit: u32 = 0;
    let what = "";
    switch (e.kind) {
      case ExternKind.Func: limit = nfuncs; what = "function"; break;
      case ExternKind.Table: limit = <u32>m.tables.length; what = "table"; break;
      case ExternKind.Memory: limit = <u32>m.memories.length; what = "memory"; break;
      default: limit = <u32>m.globalTypes.length; what = "global";
    }
    if (e.index >= limit) return unknown(m, what, e.index, at);
    if (ASC_SHRINK_LEVEL > 0) {
      if (nameList.includes(e.name)) return fail(m, "duplicate export name", at);
      nameList.push(e.name);
    } else {
      if (names.has(e.name)) return fail(m, "duplicate export name", at);
      names.add(e.name);
    }
  }

  // (the memory section, or the import section when every memory is imported)
  if (m.memories.length > 1) return fail(m, "multiple memories", secAt(m, <u32>m.memories.length > m.numImportedMemories ? SecId.Memory : SecId.Import));
  return true;
}
