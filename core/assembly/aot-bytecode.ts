/**
 * The `bytecode` AoT payload: a module already decoded, validated and
 * translated to the fast interpreter's code (docs/fast-code-format.md), as
 * wamrc-ts --target=bytecode stores it in the code section of an .aot file
 * (docs/aot-format.md, "Bytecode payload").
 *
 * The layout is defined once, by `walk` below: the same function serializes
 * a loaded module (wamrc-ts, through `wt_aot_serialize`) and builds a Module
 * from a payload (the device, through `wt_module_load_aot`), so the writer
 * and the reader cannot disagree. Field names given to the codec are the
 * names docs/aot-format.md lists; tests/unit/aot-bytecode.test.mjs checks
 * the documentation against the serializer's trace of them.
 *
 * Encoding: little-endian u32 fields, 4-byte aligned; `bytes` = u32 length,
 * the bytes, zero padding to 4; `code` = u32 length, zero padding to 8, the
 * bytes, zero padding to 4 (offsets from the payload's start, which the host
 * copies to an 8-aligned heap block, so the executor's 2-, 4- and 8-byte
 * operand loads never straddle more than the format allows).
 *
 * Loading runs nothing of the decoder, validator or translator: the payload
 * is kept (Module.bytes, owned by the Module) and every Func.fastCode,
 * constant expression and data segment points into it (no copies).
 * Every count, length, index and type code is checked against the payload's
 * bounds and the module's index spaces, and constant expressions are checked
 * instruction by instruction; a failure is a Malformed error with the byte
 * offset in the payload and a coded message (Msg, Field: the text is the
 * host's, core/messages.mjs, so the core carries none of it). The code streams themselves are trusted, as WAMR
 * trusts its AoT code: a well-formed payload with hostile code can do
 * anything the executor allows (signed .aot files are the defence).
 */
import { ErrorKind, setErrorCode } from "./errors";
import { Msg, Field, fieldName } from "./messages.generated";
import {
  Module, Func, FuncType, Import, Export, Limits, TableType, GlobalType, Global, ConstExpr,
  ElemSegment, DataSegment, ExternKind, SegMode, ValType, isNumType, isRefType, NO_TYPES,
} from "./module";
import { validUtf8 } from "./reader";
import { decodeUtf8, utf8Length, encodeUtf8, byteString } from "./utf8";
import { FORMAT_VERSION } from "../../interp-fast/assembly/format.generated";
import { VERIFY_FORMAT_VERSION, VERIFY_OPS, VERIFY_STRIDE, VERIFY_ROWS, VK, verifyRows, verifyRowOf } from "./aot-verify.generated";

/**
 * Serializing needs a module the translator made: only builds with the
 * .wasm loader have one, and only they compile the writing side of the codec.
 */
const WRITER: bool = isDefined(WASM_LOADER);

/** Reading: room for `n` more items in `a` at once (one block, not a series of doublings; counts are checked against the payload first). */
function reserveItems<T>(a: Array<T>, n: u32): void {
  let l = a.length;
  a.length = l + <i32>n;
  a.length = l;
}

/** "wtbc", the payload's first u32. */
export const PAYLOAD_MAGIC: u32 = 0x63627477;
const NONE: u32 = 0xffffffff;
/** Frame record bytes between locals and operand slots (interp-fast/assembly/translate.ts FRAME_RECORD). */
const FRAME_RECORD: u32 = 16;

/**
 * Writes (serializer) or reads (loader) the payload's fields. Reads are
 * bounds-checked against `end`; the first failure records an error and sets
 * `failed`, and every read after it returns 0.
 */
class Codec {
  /** Writing (a serializer), else reading. Always false in builds without WASM_LOADER (see WRITER). */
  writing: bool;
  /** Reading: the payload's first byte; writing: the buffer. */
  base: usize = 0;
  /** Reading: address of the next byte; writing: bytes written so far. */
  p: usize = 0;
  end: usize = 0;
  cap: usize = 0;
  failed: bool = false;
  /** Writing with a trace: "name kind" of every field (fieldName), in order of first appearance. */
  trace: Array<string> | null = null;

  constructor(writing: bool) { this.writing = WRITER && writing; }

  // ---- errors ----

  /** Record the first failure: message `msg` with its arguments (see core/messages.mjs), at address `at`. */
  fail(msg: Msg, at: usize, a0: u32 = 0, a1: u32 = 0, a2: u32 = 0): void {
    if (this.failed) return;
    this.failed = true;
    setErrorCode(ErrorKind.Malformed, msg, <i32>(at - this.base), a0, a1, a2);
  }

  /** Reading: check `v` (field `name`, read just before `p`) is below `limit`. */
  below(v: u32, limit: u32, name: Field): bool {
    if ((WRITER && this.writing) || this.failed) return !this.failed;
    if (v >= limit) { this.fail(Msg.AotOutOfRange, this.p - 4, name, v, limit); return false; }
    return true;
  }

  // ---- raw access ----

  private note(name: Field, kind: string): void {
    let t = this.trace;
    if (name == Field.None) return;
    if (t) { let s = fieldName(name) + " " + kind; if (!t.includes(s)) t.push(s); }
  }

  private reserve(n: usize): void {
    if (this.p + n <= this.cap) return;
    let c = max<usize>(this.cap << 1, 256);
    while (this.p + n > c) c <<= 1;
    this.base = this.base ? heap.realloc(this.base, c) : heap.alloc(c);
    this.cap = c;
  }

  /** Reading: `n` more bytes are there (else the error; not inlined: one copy of it is smaller). */
  private need(n: usize, name: Field): bool {
    if (this.failed) return false;
    if (n > this.end - this.p) { this.fail(Msg.AotTruncated, this.p, name); return false; }
    return true;
  }

  private pad(to: usize): void {
    if ((WRITER && this.writing)) {
      this.reserve(to);
      while (this.p & (to - 1)) { store<u8>(this.base + this.p, 0); this.p++; }
    } else {
      let q = (this.p - this.base + to - 1) & ~(to - 1);
      if (!this.need(q - (this.p - this.base), Field.Padding)) return;
      this.p = this.base + q;
    }
  }

  // ---- fields ----

  u32(v: u32, name: Field): u32 {
    if ((WRITER && this.writing)) {
      this.note(name, "u32");
      this.reserve(4);
      store<u32>(this.base + this.p, v);
      this.p += 4;
      return v;
    }
    if (!this.need(4, name)) return 0;
    let r = load<u32>(this.p);
    this.p += 4;
    return r;
  }

  /** A count of items that take at least `minEach` bytes each (a count the rest cannot hold fails). */
  count(n: u32, name: Field, minEach: u32): u32 {
    let v = this.u32(n, name);
    if ((WRITER && this.writing) || this.failed) return v;
    if (<u64>v * <u64>minEach > <u64>(this.end - this.p)) { this.fail(Msg.AotCountTooBig, this.p - 4, name, v); return 0; }
    return v;
  }

  /** A value type code (reading: one of i32 i64 f32 f64 funcref externref). */
  valType(v: u8, name: Field): u8 {
    let t = <u8>this.u32(v, name);
    if (!(WRITER && this.writing) && !this.failed && !isNumType(t) && !isRefType(t)) { this.fail(Msg.AotBadValType, this.p - 4, name, t); return 0; }
    return t;
  }

  /** `bytes` (or, with `align8`, `code`; `isStr`: a `str` field, for the trace): returns the address of the bytes (reading: in place); their length is in `len`. */
  len: u32 = 0;
  bytes(ptr: usize, n: u32, name: Field, align8: bool = false, isStr: bool = false): usize {
    if ((WRITER && this.writing)) {
      this.note(name, align8 ? "code" : isStr ? "str" : "bytes");
      this.u32(n, Field.None);
      if (align8) this.pad(8);
      this.reserve(n);
      memory.copy(this.base + this.p, ptr, n);
      this.p += n;
      this.pad(4);
      this.len = n;
      return ptr;
    }
    let v = this.u32(0, name);
    if (align8) this.pad(8);
    if (!this.need(v, name)) { this.len = 0; return 0; }
    let at = this.p;
    this.p += v;
    this.pad(4);
    this.len = v;
    return at;
  }

  str(s: string, name: Field): string {
    if ((WRITER && this.writing)) {
      let n = utf8Length(s);
      let tmp = heap.alloc(<usize>max<u32>(n, 1));
      encodeUtf8(s, tmp);
      this.bytes(tmp, n, name, false, true);
      heap.free(tmp);
      return s;
    }
    let at = this.bytes(0, 0, name);
    if (this.failed) return "";
    let units = validUtf8(at, this.len);
    if (units < 0) { this.fail(Msg.AotBadUtf8, at, name); return ""; }
    // without the .wasm loader names stay UTF-8 bytes (utf8.ts byteString; handles.ts out writes them back)
    return isDefined(WASM_LOADER) ? decodeUtf8(at, this.len, units) : byteString(at, this.len);
  }

  /** Value type codes as `bytes` (reading: a new array, every code checked; none: the shared NO_TYPES). */
  valTypes(a: StaticArray<u8>, name: Field): StaticArray<u8> {
    let p = this.bytes(changetype<usize>(a), <u32>a.length, name);
    if ((WRITER && this.writing)) return a;
    let n: u32 = this.failed ? 0 : this.len;
    if (!n) return NO_TYPES;
    let r = new StaticArray<u8>(n);
    for (let i: u32 = 0; i < n; i++) {
      let t = load<u8>(p + i);
      if (!isNumType(t) && !isRefType(t)) { this.fail(Msg.AotBadValType, p + i, name, t); break; }
      r[i] = t;
    }
    return r;
  }

  /** A constant expression (raw wasm instructions up to and including `end`, spec 5.4.9), checked when reading. */
  expr(e: ConstExpr | null, name: Field, m: Module): ConstExpr {
    let src = e ? e.start : 0;
    let n = e ? <u32>(e.end - e.start) : 0;
    let at = this.bytes(src, n, name);
    if ((WRITER && this.writing) && e) return e;
    // reading: into `e` when the module already has one (a Global's init), else a new one
    let r = e ? e : new ConstExpr();
    r.start = at;
    r.end = at + this.len;
    if (!(WRITER && this.writing) && !this.failed && this.len) checkConstExpr(this, r, m, name);
    return r;
  }
}

/** Skip a LEB128 number at `p` (at most `maxBytes` bytes, inside [p, end)); returns its end or 0. */
function lebSkip(p: usize, end: usize, maxBytes: i32): usize {
  for (let i = 0; i < maxBytes && p < end; i++) {
    let b = load<u8>(p); p++;
    if (!(b & 0x80)) return p;
  }
  return 0;
}

/** Value of a checked u32 LEB128 at [p, q). */
function lebValue(p: usize, q: usize): u32 {
  let v: u32 = 0, shift: u32 = 0;
  for (; p < q; p++) { v |= (<u32>load<u8>(p) & 0x7f) << shift; shift += 7; }
  return v;
}

/**
 * Check a constant expression read from a payload: only the constant
 * instructions evalConst (store.ts) knows, every immediate inside the
 * expression, function and global indices in range, `end` last.
 */
function checkConstExpr(c: Codec, e: ConstExpr, m: Module, name: Field): void {
  let p = e.start;
  let end = e.end;
  let numFuncs = <u32>m.funcTypeIdx.length;
  while (p < end) {
    let at = p;
    let op = <u32>load<u8>(p); p++;
    let q: usize = 0;
    switch (op) {
      case 0x41: q = lebSkip(p, end, 5); break;  // i32.const
      case 0x42: q = lebSkip(p, end, 10); break; // i64.const
      case 0x43: q = p + 4 <= end ? p + 4 : 0; break; // f32.const
      case 0x44: q = p + 8 <= end ? p + 8 : 0; break; // f64.const
      case 0xd0: q = p < end && isRefType(load<u8>(p)) ? p + 1 : 0; break; // ref.null t
      case 0xd2: case 0x23: { // ref.func x, global.get x
        q = lebSkip(p, end, 5);
        if (q && lebValue(p, q) >= (op == 0x23 ? <u32>m.globalTypes.length : numFuncs)) { c.fail(Msg.AotExprIndex, p, name); return; }
        break;
      }
      case 0x0b: if (p == end) return; c.fail(Msg.AotExprAfterEnd, p, name); return;
      default: c.fail(Msg.AotExprNotConst, at, name, op); return;
    }
    if (!q) { c.fail(Msg.AotExprTruncated, at, name); return; }
    p = q;
  }
  c.fail(Msg.AotExprNoEnd, end, name);
}

// ---- the code verifier ----
//
// A linear pass over each function's code, driven by the operand kinds of
// the format's one definition (interp-fast/format.mjs, through the table
// interp-fast/gen-verify.mjs generates): every opcode known, every instruction inside the code, slot
// operands 8-aligned inside the frame, branch targets on instruction
// boundaries inside the function, function, type, global, table and segment
// indices in range, memory instructions only with a memory, and the last
// instruction one that never falls through. It does not check types (a
// slot's type, a table's element type): code that passes can still compute
// garbage, but stays inside its frame, its function and the module's index spaces.

// the verifier's table must describe the code this core runs
if (VERIFY_FORMAT_VERSION != FORMAT_VERSION) ERROR("aot-verify.generated.ts is stale: run node interp-fast/gen-verify.mjs");

/** Size of the index space an operand of kind `k` (VK.Func .. VK.Elem) indexes. */
function indexLimit(m: Module, k: i32): i64 {
  switch (k) {
    case VK.Func: return m.funcTypeIdx.length;
    case VK.Type: return m.types.length;
    case VK.Global: return m.globalTypes.length;
    case VK.Table: return m.tables.length;
    case VK.Data: return m.datas.length;
    case VK.Elem: return m.elems.length;
  }
  return -1;
}

// Scratch of verifyCode, reused across functions: a byte per 16-bit unit of
// code (1 where an instruction starts), then the branch targets found (u32
// addresses; a target takes 4 bytes of code, so the code's length in bytes
// holds them), checked after the walk.
let scratchBuf: usize = 0;
let scratchCap: usize = 0;
let targetsEnd: usize = 0;

// @ts-ignore: decorator
@inline function addTarget(t: usize): void { store<u32>(targetsEnd, <u32>t); targetsEnd += 4; }

/** Row index (in verifyRows, and in the fast path's table) of opcode `op` (below VERIFY_OPS). */
// @ts-ignore: decorator
@inline function rowIndex(op: u32): usize { return <usize>load<u8>(verifyRowOf() + <usize>op); }
/** Address of the generated table row of opcode `op` (below VERIFY_OPS). */
// @ts-ignore: decorator
@inline function rowOf(op: u32): usize { return verifyRows() + rowIndex(op) * VERIFY_STRIDE; }

/** Operand kind `i` (0-based) of a generated table row. */
// @ts-ignore: decorator
@inline function operandKind(row: usize, i: i32): i32 {
  return <i32>((<u32>load<u8>(row + 1 + <usize>(i >> 1)) >> (<u32>(i & 1) << 2)) & 15);
}

/** Bytes per row in the fast path's table (see fastTable). */
const FAST_STRIDE: usize = 8;
let fastTableAddr: usize = 0;

/**
 * The verifier's fast path table, derived once from the generated rows
 * (indexed as they are, rowIndex): for every row whose operands are only
 * slots, destinations, unchecked immediates and branch targets (most
 * opcodes' rows), 8 bytes: the instruction's size in bytes (u8; 0 for the
 * other rows, whose opcodes take the general path), the row's flags (u8), a
 * bit per 16-bit unit after the opcode that holds a slot operand (u16), a
 * bit per unit where a branch target starts (u16).
 */
function fastTable(): usize {
  if (fastTableAddr) return fastTableAddr;
  let t = heap.alloc(<usize>VERIFY_ROWS * FAST_STRIDE);
  for (let r = 0; r < VERIFY_ROWS; r++) {
    let row = verifyRows() + <usize>r * VERIFY_STRIDE;
    let unit: u32 = 0, slots: u32 = 0, targets: u32 = 0;
    let simple = true;
    for (let i = 0; i < (VERIFY_STRIDE - 1) * 2 && simple; i++) {
      let k = operandKind(row, i);
      if (k == VK.End) break;
      switch (k) {
        case VK.Slot: case VK.Dst: slots |= <u32>1 << unit; unit++; break;
        case VK.Charge: unit++; break;
        case VK.Imm32: unit += 2; break;
        case VK.Imm64: unit += 4; break;
        case VK.Target: targets |= <u32>1 << unit; unit += 2; break;
        default: simple = false;
      }
    }
    let e = t + <usize>r * FAST_STRIDE;
    store<u8>(e, simple ? <u8>((unit + 1) << 1) : 0);
    store<u8>(e, load<u8>(row), 1);
    store<u16>(e, <u16>slots, 2);
    store<u16>(e, <u16>targets, 4);
  }
  fastTableAddr = t;
  return t;
}

/**
 * Check the instruction at `pc` (general path: every operand kind, and the
 * precise error): returns the address after it, or 0 with the error recorded.
 * Its branch targets go to the scratch list (addTarget), checked after the walk.
 */
function verifyInstr(c: Codec, m: Module, fi: u32, pc: usize, end: usize, frame: u32, hasMem: bool): usize {
  if (pc + 2 > end) { c.fail(Msg.AotPastEnd, pc, fi); return 0; }
  let op = <i32>load<u16>(pc);
  if (op >= VERIFY_OPS) { c.fail(Msg.AotUnknownOp, pc, fi, op); return 0; }
  let row = rowOf(op);
  if ((load<u8>(row) & 1) && !hasMem) { c.fail(Msg.AotNoMemory, pc, fi); return 0; }
  let p = pc + 2;
  let tbase = pc + ((<usize>load<u8>(row) >> 2) << 1); // where branch targets count from
  let count: u32 = 0;
  let sawCount = false;
  for (let i = 0; i < (VERIFY_STRIDE - 1) * 2; i++) {
    let k = operandKind(row, i);
    if (k == VK.End) break;
    let size: u64 = k <= VK.Charge ? 2 : k == VK.Imm64 ? 8 : k == VK.Targets ? (<u64>count + 1) << 2 : 4;
    if (size > <u64>(end - p)) { c.fail(Msg.AotPastEnd, pc, fi); return 0; }
    switch (k) {
      case VK.Slot: case VK.Dst: { // inside the frame (after a Count: that many slots)
        let v = <u32>load<u16>(p);
        let n: u64 = k == VK.Slot && sawCount ? <u64>count : 1;
        if ((v & 7) != 0 || <u64>v + (n << 3) > <u64>frame) { c.fail(Msg.AotSlotOutside, p, fi, v, frame); return 0; }
        break;
      }
      case VK.Args: { // a call's arguments, where the callee's frame starts (checked against the stack when called)
        let v = <u32>load<u16>(p);
        if ((v & 7) != 0 || v > frame) { c.fail(Msg.AotArgsOutside, p, fi, v, frame); return 0; }
        break;
      }
      case VK.Func: case VK.Type: case VK.Global: case VK.Table: case VK.Data: case VK.Elem: {
        if (<i64>load<u32>(p, 0, 2) >= indexLimit(m, k)) { c.fail(Msg.AotIndexRange, p, fi, load<u32>(p, 0, 2)); return 0; }
        break;
      }
      case VK.Target: addTarget(tbase + <usize>load<i32>(p, 0, 2)); break; // (wrapping: checked after the walk)
      case VK.Count: { count = load<u32>(p, 0, 2); sawCount = true; break; } // checked by what it counts
      case VK.Targets: { for (let j: u32 = 0; j <= count; j++) addTarget(tbase + <usize>load<i32>(p + (<usize>j << 2), 0, 2)); break; }
    }
    p += <usize>size;
  }
  return p;
}

/**
 * Verify function `fi`'s code at [code, code+len) (frame of `frame` bytes); false with the error recorded.
 * Most instructions take the fast path (fastTable: one bounds check, then
 * their slot operands and branch targets); the others, and any instruction
 * the fast path finds fault with, take verifyInstr, which makes the same
 * checks operand by operand and reports the first failure. Size-optimized
 * builds (SIZE_OPT) leave the fast path out: every instruction takes
 * verifyInstr (about 250 bytes less core.wasm; loading the bench programs'
 * .aot files of 28-57 KB on the aot-only core took 0.09-0.15 ms with it,
 * 0.11-0.20 ms without, 2026-11-22).
 */
function verifyCode(c: Codec, m: Module, fi: u32, code: usize, len: u32, frame: u32): bool {
  let fast = fastTable();
  let end = code + len;
  // instruction starts, a byte per 16-bit unit, then the targets (see scratchBuf)
  let units = (<usize>len >> 1) + 1;
  let need = units + 4 + <usize>len + 4;
  if (need > scratchCap) { if (scratchBuf) heap.free(scratchBuf); scratchCap = max<usize>(need, 1024); scratchBuf = heap.alloc(scratchCap); }
  let starts = scratchBuf;
  memory.fill(starts, 0, units);
  let targets = (starts + units + 3) & ~(<usize>3);
  targetsEnd = targets;
  let hasMem = m.memories.length > 0;
  let noMem: u32 = hasMem ? 0 : 1; // flags bit of memory instructions
  let limit: u32 = frame - 8; // a slot operand v is inside the frame when v <= frame - 8 (frame >= 16 here)
  let pc = code;
  let last: i32 = -1;
  while (pc < end) {
    store<u8>(starts + ((pc - code) >> 1), 1);
    let next: usize = 0;
    if (!isDefined(SIZE_OPT) && end - pc >= 2) {
      let op = <u32>load<u16>(pc);
      if (op < <u32>VERIFY_OPS) {
        let e = fast + rowIndex(op) * FAST_STRIDE;
        let size = <usize>load<u8>(e);
        let flags = <u32>load<u8>(e, 1);
        if (size && size <= end - pc && !(flags & noMem)) {
          let bad: u32 = 0;
          let sm = <u32>load<u16>(e, 2);
          while (sm) {
            let v = <u32>load<u16>(pc + 2 + (<usize>ctz(sm) << 1));
            bad |= (v & 7) | <u32>(v > limit);
            sm &= sm - 1;
          }
          if (!bad) {
            let tm = <u32>load<u16>(e, 4);
            if (tm) {
              let tbase = pc + (<usize>(flags >> 2) << 1);
              do { addTarget(tbase + <usize>load<i32>(pc + 2 + (<usize>ctz(tm) << 1), 0, 2)); tm &= tm - 1; } while (tm);
            }
            next = pc + size;
          }
        }
      }
    }
    if (!next) { next = verifyInstr(c, m, fi, pc, end, frame, hasMem); if (!next) return false; }
    last = <i32>load<u16>(pc);
    pc = next;
  }
  if (last < 0 || !(load<u8>(rowOf(<u32>last)) & 2)) { c.fail(Msg.AotFallsThrough, end, fi); return false; }
  for (let q = targets; q < targetsEnd; q += 4) {
    let off = <usize>load<u32>(q) - code; // unsigned: below the code wraps to a huge offset
    if (off >= <usize>len || (off & 1) || !load<u8>(starts + (off >> 1))) {
      c.fail(Msg.AotBadTarget, code, fi);
      return false;
    }
  }
  return true;
}

/** Limits: fields `min` and `max` (NONE: no maximum). */
function limits(c: Codec, l: Limits, min: Field, max: Field): void {
  l.min = c.u32(l.min, min);
  let mx = c.u32(l.hasMax ? l.max : NONE, max);
  l.hasMax = mx != NONE;
  l.max = l.hasMax ? mx : 0;
}

/**
 * The payload, field by field: writes `m` (writing) or fills the empty
 * module `m` (reading). Returns false when reading failed (error recorded).
 */
function walk(c: Codec, m: Module): bool {
  let w = WRITER && c.writing;
  let at = c.p;
  if (c.u32(PAYLOAD_MAGIC, Field.Magic) != PAYLOAD_MAGIC && !c.failed) c.fail(Msg.AotBadMagic, at);
  let v = c.u32(FORMAT_VERSION, Field.CodeVersion);
  if (v != FORMAT_VERSION && !c.failed) c.fail(Msg.AotBadVersion, c.p - 4, v, FORMAT_VERSION);

  // types
  let n = c.count(m.types.length, Field.TypesCount, 8);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let t: FuncType = w ? m.types[i] : new FuncType(NO_TYPES, NO_TYPES);
    let ps = c.valTypes(t.params, Field.TypesParams);
    let rs = c.valTypes(t.results, Field.TypesResults);
    if (!w) { t.params = ps; t.results = rs; m.types.push(t); }
  }
  let numTypes = <u32>m.types.length;

  // imports
  n = c.count(m.imports.length, Field.ImportsCount, 12);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let imp = w ? m.imports[i] : new Import();
    imp.module = c.str(imp.module, Field.ImportsModule);
    imp.name = c.str(imp.name, Field.ImportsName);
    at = c.p;
    imp.kind = <u8>c.u32(imp.kind, Field.ImportsKind);
    switch (imp.kind) {
      case ExternKind.Func:
        imp.typeIdx = c.u32(imp.typeIdx, Field.ImportsFuncType);
        c.below(imp.typeIdx, numTypes, Field.ImportsFuncType);
        if (!w) { m.funcTypeIdx.push(imp.typeIdx); m.numImportedFuncs++; }
        break;
      case ExternKind.Table: {
        let t = w ? <TableType>imp.table : new TableType();
        t.elemType = c.valType(t.elemType, Field.ImportsTableElemType);
        limits(c, t.limits, Field.ImportsTableMin, Field.ImportsTableMax);
        if (!w) { imp.table = t; m.tables.push(t); m.numImportedTables++; }
        break;
      }
      case ExternKind.Memory: {
        let l = w ? <Limits>imp.memory : new Limits();
        limits(c, l, Field.ImportsMemoryMin, Field.ImportsMemoryMax);
        if (!w) { imp.memory = l; m.memories.push(l); m.numImportedMemories++; }
        break;
      }
      case ExternKind.Global: {
        let g = w ? <GlobalType>imp.global : new GlobalType();
        g.valType = c.valType(g.valType, Field.ImportsGlobalValType);
        g.mutable = c.u32(g.mutable ? 1 : 0, Field.ImportsGlobalMutable) != 0;
        if (!w) { imp.global = g; m.globalTypes.push(g); m.numImportedGlobals++; }
        break;
      }
      default: c.fail(Msg.AotBadImportKind, at, imp.kind);
    }
    if (!w) m.imports.push(imp);
  }

  // function types first (code comes last: function indices in constant expressions need them)
  n = c.count(m.funcs.length, Field.FunctionsCount, 4);
  if (!w) { reserveItems(m.funcs, n); reserveItems(m.funcTypeIdx, n); }
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let f = w ? m.funcs[i] : new Func();
    f.typeIdx = c.u32(f.typeIdx, Field.FunctionsType);
    if (!c.below(f.typeIdx, numTypes, Field.FunctionsType)) break;
    if (!w) { f.numParams = <u32>m.types[f.typeIdx].params.length; m.funcs.push(f); m.funcTypeIdx.push(f.typeIdx); }
  }

  // defined tables, memories, globals
  n = c.count(m.tables.length - m.numImportedTables, Field.TablesCount, 12);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let t = w ? m.tables[m.numImportedTables + i] : new TableType();
    t.elemType = c.valType(t.elemType, Field.TablesElemType);
    limits(c, t.limits, Field.TablesMin, Field.TablesMax);
    if (!w) m.tables.push(t);
  }
  n = c.count(m.memories.length - m.numImportedMemories, Field.MemoriesCount, 8);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let l = w ? m.memories[m.numImportedMemories + i] : new Limits();
    limits(c, l, Field.MemoriesMin, Field.MemoriesMax);
    if (!w) m.memories.push(l);
  }
  n = c.count(m.globals.length, Field.GlobalsCount, 12);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let g = w ? m.globals[i] : new Global();
    g.type.valType = c.valType(g.type.valType, Field.GlobalsValType);
    g.type.mutable = c.u32(g.type.mutable ? 1 : 0, Field.GlobalsMutable) != 0;
    g.init = c.expr(g.init, Field.GlobalsInit, m);
    if (!w) { m.globals.push(g); m.globalTypes.push(g.type); }
  }
  let numFuncs = <u32>m.funcTypeIdx.length;

  // exports, start
  n = c.count(m.exports.length, Field.ExportsCount, 12);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let e = w ? m.exports[i] : new Export();
    e.name = c.str(e.name, Field.ExportsName);
    e.kind = <u8>c.u32(e.kind, Field.ExportsKind);
    e.index = c.u32(e.index, Field.ExportsIndex);
    let limit: u32 = 0;
    switch (e.kind) {
      case ExternKind.Func: limit = numFuncs; break;
      case ExternKind.Table: limit = <u32>m.tables.length; break;
      case ExternKind.Memory: limit = <u32>m.memories.length; break;
      case ExternKind.Global: limit = <u32>m.globalTypes.length; break;
      default: c.fail(Msg.AotBadExportKind, c.p - 8, e.kind);
    }
    c.below(e.index, limit, Field.ExportsIndex);
    if (!w) m.exports.push(e);
  }
  let start = c.u32(m.startFunc < 0 ? NONE : <u32>m.startFunc, Field.Start);
  if (!w) { if (start != NONE && c.below(start, numFuncs, Field.Start)) m.startFunc = <i32>start; }

  // element segments
  n = c.count(m.elems.length, Field.ElementsCount, 20);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let s = w ? m.elems[i] : new ElemSegment();
    s.mode = <u8>c.u32(s.mode, Field.ElementsMode);
    if (s.mode > SegMode.Declarative) c.fail(Msg.AotBadSegMode, c.p - 4);
    s.tableIdx = c.u32(s.tableIdx, Field.ElementsTable);
    if (s.mode == SegMode.Active) c.below(s.tableIdx, <u32>m.tables.length, Field.ElementsTable);
    s.offset = c.expr(s.offset, Field.ElementsOffset, m);
    if (!w && s.mode == SegMode.Active && c.len == 0) c.fail(Msg.AotNoOffset, c.p);
    s.elemType = c.valType(s.elemType, Field.ElementsElemType);
    let fi = s.funcIndices;
    let form = c.u32(fi ? 0 : 1, Field.ElementsForm);
    let k = c.count(w ? <u32>s.length : 0, Field.ElementsItems, 4);
    if (form == 0) {
      let a = w ? <StaticArray<u32>>fi : new StaticArray<u32>(k);
      for (let j: u32 = 0; j < k; j++) { a[j] = c.u32(a[j], Field.ElementsItemsFunc); if (!c.below(a[j], numFuncs, Field.ElementsItemsFunc)) break; }
      if (!w) s.funcIndices = a;
    } else {
      let ex = w ? <Array<ConstExpr>>s.exprs : new Array<ConstExpr>();
      for (let j: u32 = 0; j < k && !c.failed; j++) {
        let e = c.expr(w ? ex[j] : null, Field.ElementsItemsExpr, m);
        if (!w) { if (c.len == 0) c.fail(Msg.AotEmptyElemExpr, c.p); ex.push(e); }
      }
      if (!w) s.exprs = ex;
    }
    if (!w) m.elems.push(s);
  }

  // data segments (the bytes stay in the payload)
  n = c.count(m.datas.length, Field.DataCount, 16);
  if (!w) reserveItems(m.datas, n);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let d = w ? m.datas[i] : new DataSegment();
    d.mode = <u8>c.u32(d.mode, Field.DataMode);
    if (d.mode > SegMode.Passive) c.fail(Msg.AotBadSegMode, c.p - 4);
    d.memIdx = c.u32(d.memIdx, Field.DataMemory);
    if (d.mode == SegMode.Active) c.below(d.memIdx, <u32>m.memories.length, Field.DataMemory);
    d.offset = c.expr(d.offset, Field.DataOffset, m);
    if (!w && d.mode == SegMode.Active && c.len == 0) c.fail(Msg.AotNoOffset, c.p);
    let p = c.bytes(d.dataStart, d.dataLen, Field.DataBytes);
    if (!w) { d.dataStart = p; d.dataLen = c.len; m.datas.push(d); }
  }

  // function names (written and read only with CUSTOM_NAME_SECTION; a file without them reads as no names)
  let names = m.funcNames;
  n = c.count(w && isDefined(CUSTOM_NAME_SECTION) && names ? names.size : 0, Field.NamesCount, 8);
  if (isDefined(CUSTOM_NAME_SECTION)) {
    let keys = w && names ? names.keys() : new Array<u32>();
    let map = new Map<u32, string>();
    for (let i: u32 = 0; i < n && !c.failed; i++) {
      let idx = c.u32(w ? keys[i] : 0, Field.NamesIndex);
      let s = c.str(w ? (<Map<u32, string>>names).get(keys[i]) : "", Field.NamesName);
      if (!w) map.set(idx, s);
    }
    if (!w && n) m.funcNames = map;
  } else {
    for (let i: u32 = 0; i < n && !c.failed; i++) { c.u32(0, Field.NamesIndex); c.bytes(0, 0, Field.NamesName); }
  }

  // code: per defined function its locals, frame and fast-interpreter code
  n = c.count(m.funcs.length, Field.CodeCount, 16);
  if (!w && n != <u32>m.funcs.length && !c.failed) c.fail(Msg.AotCodeCount, c.p - 4, n, m.funcs.length);
  for (let i: u32 = 0; i < n && !c.failed; i++) {
    let f = m.funcs[i];
    let lt = c.valTypes(f.localTypes, Field.CodeLocals);
    let nl = <u32>lt.length;
    f.frameSize = c.u32(f.frameSize, Field.CodeFrameSize);
    // the global-cache slots (Func.gcache: slot | global << 16), each after the frame record, inside the frame
    let gw = w ? f.gcache : null;
    let ng = c.count(gw ? <u32>gw.length : 0, Field.CodeGcacheCount, 4);
    let gc: StaticArray<u32> | null = ng && !w ? new StaticArray<u32>(ng) : null;
    for (let j: u32 = 0; j < ng && !c.failed; j++) {
      let e = c.u32(gw ? unchecked(gw[j]) : 0, Field.CodeGcache);
      let slot = e & 0xffff;
      if (w || c.failed) continue;
      if ((slot & 7) != 0 || slot < (nl << 3) + FRAME_RECORD || slot + 8 > f.frameSize || (e >>> 16) >= <u32>m.globalTypes.length) { c.fail(Msg.AotGcacheRange, c.p - 4, i); break; }
      unchecked((<StaticArray<u32>>gc)[j] = e);
    }
    let p = c.bytes(f.fastCode, f.fastCodeLen, Field.CodeCode, true);
    if (w || c.failed) continue;
    f.gcache = gc;
    f.localTypes = lt;
    if (nl < f.numParams) { c.fail(Msg.AotFewLocals, p, i); break; }
    let min = (<u64>nl << 3) + FRAME_RECORD;
    if (<u64>f.frameSize < min || f.frameSize > 65536) { c.fail(Msg.AotFrameSize, p, i, f.frameSize); break; }
    if (c.len < 2) { c.fail(Msg.AotEmptyCode, p, i); break; }
    if (!verifyCode(c, m, m.numImportedFuncs + i, p, c.len, f.frameSize)) break;
    f.fastCode = p;
    f.fastCodeLen = c.len;
  }
  if (!w && !c.failed && c.p != c.end) c.fail(Msg.AotTrailingBytes, c.p, <u32>(c.end - c.p));
  return !c.failed;
}

/** The payload of module `m` (loaded and translated): a heap block of `serializedLen` bytes, owned by the caller. With `trace`, `lastTrace` lists the fields written ("name kind" lines). */
export let serializedLen: u32 = 0;
export let lastTrace: string = "";
export function serialize(m: Module, trace: bool): usize {
  let c = new Codec(true);
  if (trace) c.trace = new Array<string>();
  walk(c, m);
  serializedLen = <u32>c.p;
  if (trace) lastTrace = (<Array<string>>c.trace).join("\n");
  return c.base;
}

/**
 * Build a Module from the payload at [ptr, ptr+len), which the Module takes
 * over (Module.bytes; freed by dispose, also on failure here). `ptr` must be
 * 8-aligned (a heap block). Returns null with a Malformed error (byte offset
 * in the payload) when the payload is truncated, inconsistent or for another
 * code format version.
 */
export function loadPayload(ptr: usize, len: u32): Module | null {
  let m = new Module();
  m.bytes = ptr;
  m.size = len;
  let c = new Codec(false);
  c.base = ptr;
  c.p = ptr;
  c.end = ptr + len;
  if (!walk(c, m)) { m.dispose(); return null; }
  return m;
}
