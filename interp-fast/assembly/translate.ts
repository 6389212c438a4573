/**
 * The fast interpreter's translator: validated wasm function bodies (spec
 * 5.4 code, already checked by core/assembly/validator.ts) into the
 * register-style code of docs/fast-code-format.md, at module load.
 *
 * Frame of a function (8-byte slots, byte offsets from the frame pointer fp):
 *   [params][declared locals][frame record: 2 slots][level >= 1: K constant-pool slots, G global-cache slots][operand slots T(0) .. T(maxStack-1)]
 * Local x lives at 8x (level >= 1: the declared locals assigned before every
 * read lie after the frame record instead, see layoutLocals); the value at operand-stack position p (0 = bottom)
 * lives at T(p) = 8 * (numLocals + 2 + K + G + p) when it has been computed into a
 * slot. Operands are slot offsets (u16), so a frame is at most 64 KiB
 * (8190 locals and stack positions); a larger function fails to load with a
 * resource error.
 *
 * The translator keeps a compile-time operand stack whose entries are
 *   TEMP   the value is in T(p) (p its own position);
 *   LOCAL  a pending `local.get`: the value is local x's slot (no code emitted);
 *          at level >= 1 also a pending `global.get` of a global-cache slot;
 *   CONST  a pending constant (no code emitted).
 * Instructions read LOCAL entries straight from the local's slot and fold
 * CONST entries into immediate forms (`i32_add_imm` ...) or materialize them
 * with `const32`/`const64`. Invariants:
 *  - `local.set x`/`local.tee x` first copy every pending LOCAL x entry below
 *    the top into its T slot ("local.set hazard");
 *  - at `block`, `loop` and `if` every LOCAL entry is materialized (a later
 *    hazard copy inside the block would run on one path only), and the block's
 *    parameters are put in their T slots;
 *  - at every label (block/if end, else, loop start) the carried values are in
 *    the T slots of the label's frame: T(base + k) for the k-th value, where
 *    base is the stack height below the block's parameters; branches move
 *    their values there (`copy`/`const*`, in ascending order, which is safe
 *    because a source position is never below its destination).
 * `local.set x` after an instruction that wrote a fresh T slot retargets that
 * instruction's destination to x (when nothing was emitted or bound since and
 * no pending LOCAL x entry needs the old value). A `br_if`/`if` on the result
 * of an i32 comparison or `i32.eqz` just emitted becomes one compare-and-branch
 * instruction.
 */
import { Module, Func, FuncType } from "../../core/assembly/module";
import { Op, OpFC } from "../../core/assembly/opcodes";
import { Reader } from "../../core/assembly/reader";
import { Instr, readInstr, BlockTypeKind } from "../../core/assembly/decoder";
import { ErrorKind, setError } from "../../core/assembly/errors";
import { CodeBuf } from "./codebuf";
import { FOp, FSize, fopSizes, fopTargetOffsets, fopTargetBases, fopPairs } from "./format.generated";
import * as E from "./format.generated";

const TEMP: u8 = 0;
const LOCAL: u8 = 1;
const CONST: u8 = 2;

const K_BLOCK = 0;
const K_LOOP = 1;
const K_IF = 2;
const K_ELSE = 3;
const K_FUNC = 4;

/**
 * Metering: the instructions counted since the last charge are flushed with a
 * `fuel` instruction beyond this many, so that charges (and the compensations
 * subtracted from them, both at most this plus a few) fit the i16 operand.
 */
const MAX_PEND: i32 = 16000;

/** Byte size of the frame record between locals and operand slots. */
export const FRAME_RECORD: u32 = 16;

/** Level >= 1: at most this many constant-pool slots per function (see Translator.pool). */
const MAX_POOL = 16;
/** Level >= 1: at most this many globals per function get a cache slot (see Translator.gIdx; a u32 mask holds their state). */
const MAX_GCACHE = 16;
/** Level >= 1: the declared locals (the first 64) whose reads the definite-assignment analysis tracks (Translator.da; a u64 mask). */
const DA_LOCALS: u32 = 64;
const ALL_LOCALS: u64 = 0xffffffffffffffff;
/** Largest frame (bytes) that u16 slot operands can address. */
const MAX_FRAME: u32 = 65536;

/** Inverse of an i32 comparison, by index eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u. */
const INVERSE: StaticArray<i32> = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];
/** The comparison with its operands swapped (a < b == b > a). */
const MIRROR: StaticArray<i32> = [0, 1, 4, 5, 2, 3, 8, 9, 6, 7];

class Ctl {
  kind: i32 = 0;
  /** Stack height below the block's parameters. */
  base: i32 = 0;
  nparams: i32 = 0;
  nresults: i32 = 0;
  /** Loops: code offset of the first body instruction. */
  loopTarget: usize = 0;
  /** Forward branches to this label: triples (offset of the target operand, offset of the instruction, offset of its charge operand, or -1 for a conditional branch or br_table entry). */
  patches: Array<isize> = [];
  /** A conditional branch or br_table entry jumps to this forward label: its charge cannot be lowered (see bind). */
  fixedCharge: bool = false;
  /** Loops: the instructions counted on entry, which the body charges and branches back must not (see Metering). */
  entry: i32 = 0;
  /** `if`: the branch to the else-arm (or end), -1 once bound. */
  elseAt: isize = -1;
  elseStart: usize = 0;
  unreachable: bool = false;
  /** Loops not inside another loop (level >= 1): their ordinal in the function (constant pool). */
  loopOrd: i32 = -1;
  /** Level >= 1, global cache: forward labels: the cache bits valid on every branch to it so far (all ones: none yet); loops: the bits the body assumes at its header; `if`: the bits at its branch to the else-arm (see Translator.gIdx). */
  gIn: u32 = 0xffffffff;
  gIf: u32 = 0;
  /** Level >= 1, locals left unzeroed (Translator.da): forward labels: the locals assigned on every branch to it so far (all ones: none yet); `if`: those assigned at its branch to the else-arm. */
  daIn: u64 = ALL_LOCALS;
  daIf: u64 = 0;
  @inline arity(): i32 { return this.kind == K_LOOP ? this.nparams : this.nresults; }
}

/** Sizes of the last translation, for reporting (bytes). */
export let lastBytecodeSize: u32 = 0;
export let lastCodeSize: u32 = 0;

/** Highest optimization level of translateModule. */
export const TRANSLATE_OPT_MAX: i32 = 1;
/** The level wt_module_load translates at (set by the host: wt_set_translate_opt). */
export let translateOpt: i32 = 0;
/** Set the level for the modules loaded from now on; returns the level in effect (clamped to 0..TRANSLATE_OPT_MAX). */
export function setTranslateOpt(level: i32): i32 {
  translateOpt = level < 0 ? 0 : level > TRANSLATE_OPT_MAX ? TRANSLATE_OPT_MAX : level;
  return translateOpt;
}

class Translator {
  m: Module;
  /** Optimization level (translateModule): 0 the load-time translator, >= 1 adds the AoT-grade fusions. */
  opt: i32 = 0;
  buf: CodeBuf = new CodeBuf();
  ins: Instr = new Instr();
  kinds: Array<u8> = [];
  vals: Array<u64> = [];
  ctls: Array<Ctl> = [];
  depth: i32 = 0;
  tempBase: u32 = 0;
  numResults: i32 = 0;
  /** Byte offset of the destination operand of the last instruction when it wrote T(lastDstPos) and nothing was emitted or bound since; -1 otherwise. */
  lastDstOff: isize = -1;
  lastDstPos: i32 = 0;
  lastStart: usize = 0;
  lastOp: i32 = 0;
  /** Offset of the target operand of the last branch emitted by `cond` (its charge operand follows it). */
  targetAt: usize = 0;
  /**
   * Metering: wasm instructions (as the classic interpreter counts them) on
   * the current straight-line path that no emitted instruction charges yet;
   * the next branch, call or return charges them (docs/fast-code-format.md, "Metering").
   */
  pend: i32 = 0;

  /** Take the pending count, for the charge operand of the instruction about to be emitted. */
  @inline take(): i32 { let p = this.pend; this.pend = 0; return p; }

  /** Charge the pending count with a `fuel` instruction. */
  flushFuel(): void {
    if (this.pend == 0) return;
    this.start();
    E.emitFuel(this.buf, <u32>this.take());
  }

  constructor(m: Module) { this.m = m; }

  // ---- level >= 1: declared locals left unzeroed ----
  //
  // The executor zeroes a function's declared locals at every call (a
  // memory.fill of 8 bytes per local). At level >= 1 the first translation
  // also runs a definite-assignment analysis over the structured control
  // flow: `da` holds the declared locals (the first DA_LOCALS) assigned on
  // every path to the current instruction (a label: on every branch to it
  // and the fall-through, Ctl.daIn/daIf, as the global cache's bits); a
  // `local.get` of one not in `da` may read the initial zero (`needZero`).
  // The second translation keeps only the locals that need it before the
  // frame record (the params, then those, in index order: `Func.localTypes`
  // is cut to them, so the executor zeroes just those) and gives the others
  // slots right after the record, which nothing zeroes.

  /** Number of parameters of the function being translated (a prefix of its locals). */
  numParams: u32 = 0;
  /** Definite assignment (level >= 1, see above): bit d = declared local numParams + d is assigned on every path here. */
  da: u64 = 0;
  /** Declared locals (bit d as in `da`) read where they may still hold their initial zero. */
  needZero: u64 = 0;
  /** Level >= 1, second translation: the slot (byte offset) of each local; empty: local x at 8x. */
  lslots: Array<u32> = [];

  /** The slot of local x. */
  @inline lslot(x: u32): u32 { return x < <u32>this.lslots.length ? unchecked(this.lslots[x]) : x << 3; }

  /**
   * Lay out f's locals for the second translation from the first's
   * `needZero`: false when every declared local needs zeroing (the layout is
   * the spec's order). Otherwise fills `lslots` and cuts `f.localTypes` to
   * the params and the zeroed locals; the frame's size does not change.
   */
  layoutLocals(f: Func): bool {
    let lt = f.localTypes;
    let n = <u32>lt.length, np = this.numParams;
    let keep = np;
    for (let x = np; x < n; x++) if (this.mustZero(x)) keep++;
    if (keep == n) return false;
    let cut = new StaticArray<u8>(keep);
    let ls = this.lslots;
    ls.length = n;
    let z = np, after = (keep << 3) + FRAME_RECORD;
    for (let x: u32 = 0; x < n; x++) {
      if (x < np) { unchecked(cut[x] = unchecked(lt[x])); unchecked(ls[x] = x << 3); }
      else if (this.mustZero(x)) { unchecked(cut[z] = unchecked(lt[x])); unchecked(ls[x] = z << 3); z++; }
      else { unchecked(ls[x] = after); after += 8; }
    }
    f.localTypes = cut;
    return true;
  }
  @inline mustZero(x: u32): bool { let d = x - this.numParams; return d >= DA_LOCALS || (this.needZero & (<u64>1 << d)) != 0; }

  // ---- slots and the compile-time stack ----

  @inline T(p: i32): u32 { return this.tempBase + (<u32>p << 3); }
  @inline get height(): i32 { return this.kinds.length; }

  push(kind: u8, v: u64): void { this.kinds.push(kind); this.vals.push(v); }
  pop(): void { this.kinds.pop(); this.vals.pop(); }
  truncate(h: i32): void { this.kinds.length = h; this.vals.length = h; }

  /** Start an instruction: invalidates retargeting; returns its offset. */
  @inline start(): usize {
    this.lastDstOff = -1;
    let s = this.buf.len;
    this.lastStart = s;
    return s;
  }

  /** The instruction just started wrote T(p) through its first operand (a `d`). */
  @inline produced(p: i32, op: i32): void {
    this.lastDstOff = <isize>this.lastStart + 2;
    this.lastDstPos = p;
    this.lastOp = op;
  }

  emitConst(dst: u32, v: u64): void {
    this.start();
    if ((v >> 32) == 0) E.emitConst32(this.buf, dst, <u32>v);
    else E.emitConst64(this.buf, dst, v);
  }

  emitCopy(dst: u32, src: u32): void {
    if (dst == src) return;
    this.start();
    E.emitCopy(this.buf, dst, src);
  }

  /** Put the value of entry p into its own slot T(p) (changes the entry to TEMP). */
  materialize(p: i32): void {
    let k = unchecked(this.kinds[p]);
    if (k == TEMP) return;
    let v = unchecked(this.vals[p]);
    if (k == LOCAL) this.emitCopy(this.T(p), <u32>v);
    else this.emitConst(this.T(p), v);
    unchecked(this.kinds[p] = TEMP);
  }

  /** The slot holding entry p's value (materializing a constant, or at level >= 1 its constant-pool slot). */
  slot(p: i32): u32 {
    let k = unchecked(this.kinds[p]);
    if (k == LOCAL) return <u32>unchecked(this.vals[p]);
    if (k == CONST) {
      let s = this.poolSlot(unchecked(this.vals[p]));
      if (s >= 0) return <u32>s;
      this.materialize(p);
    }
    return this.T(p);
  }

  /**
   * Level >= 1, inside a loop: the constant-pool slot holding v, or -1 (not
   * in a loop, the pool full, or the first translation, which only records
   * that the loop reads v).
   */
  poolSlot(v: u64): i32 {
    let ord = this.opt > 0 ? this.outerLoop() : -1;
    if (ord < 0) return -1;
    let i = this.pool.indexOf(v);
    let set = unchecked(this.loopConsts[ord]);
    if (!this.collecting) return set.includes(v) ? <i32>(this.poolBase + (<u32>i << 3)) : -1;
    if (i >= 0 || this.pool.length < MAX_POOL) {
      if (i < 0) this.pool.push(v);
      if (!set.includes(v)) set.push(v);
    }
    return -1;
  }

  // ---- level >= 1: constant pool ----

  /**
   * Constants that instructions inside loops read from a slot (no immediate
   * form), given their own frame slots between the frame record and the
   * operand slots, set before the outermost loop that reads them is entered:
   * the loop body reads the slot instead of running a `const32`/`const64`
   * every iteration. Found by a first translation of the function
   * (`collecting`), used by a second. Distinct values, one slot each.
   */
  pool: Array<u64> = [];
  /** Per outermost loop (by Ctl.loopOrd): the pooled constants read inside it. */
  loopConsts: Array<Array<u64>> = [];
  /** Outermost loops seen so far in the function being translated. */
  loops: i32 = 0;
  collecting: bool = false;
  /** Offset of the first pool slot (the one after the frame record). */
  poolBase: u32 = 0;

  /** The ordinal of the outermost loop around the instruction being translated, or -1. */
  outerLoop(): i32 {
    for (let i = 0; i < this.depth; i++) {
      let c = unchecked(this.ctls[i]);
      if (c.kind == K_LOOP) return c.loopOrd;
    }
    return -1;
  }

  /** At a loop (level >= 1): number it if it is outermost and, translating with the pool, set its constants' slots. */
  enterLoop(): i32 {
    if (this.opt == 0 || this.outerLoop() >= 0) return -1;
    let ord = this.loops++;
    if (this.collecting) this.loopConsts.push([]);
    else {
      let set = unchecked(this.loopConsts[ord]);
      for (let i = 0; i < set.length; i++) {
        let v = unchecked(set[i]);
        this.emitConst(this.poolBase + (<u32>this.pool.indexOf(v) << 3), v);
      }
    }
    return ord;
  }

  // ---- level >= 1: global cache ----

  /**
   * Globals that the function reads at least twice (`global.get`), at most
   * MAX_GCACHE of them: global gIdx[i] gets the cache slot gBase + 8i (after
   * the constant pool). While bit i of gValid is set, that slot holds the
   * global's current value, and a `global.get` of it is a pending read of
   * the slot (a LOCAL entry: no code). The slot is written only by a
   * `global_get` that refreshes it (when the bit is clear) and by the
   * producer of a `global.set`'s value (its destination retargeted to the
   * slot); pending reads of the old value are materialized first, as for
   * `local.set`. Every `global.set` writes the global too (write through).
   * Calls clear every bit (the callee may set any global; it cannot write
   * the caller's slots below its arguments). A label's bits are those set
   * on every path into it (Ctl.gIn, gIf); a loop loads the globals its body
   * reads before its header and assumes them there (Ctl.gIn), and each
   * back-edge refreshes those it lost first (jump; a `br_if` or `br_table`
   * entry then goes through a stub). The invocation may be suspended at any
   * taken branch or call (Metering) and the host may set globals before
   * resuming it: resuming reloads the suspended frame's slots (Func.gcache,
   * recorded by translate; interp.ts resumeFast), so no pending read of a
   * slot may cross a block entry (mustMaterializeLocal) or a call
   * (gFlushReads); callers' frames are at calls, after which no bit is set.
   */
  gIdx: Array<u32> = [];
  gSeen: Array<u32> = [];
  gBase: u32 = 0;
  gValid: u32 = 0;

  /** Choose f's cached globals (level >= 1): those it reads twice or more. */
  chooseGlobals(f: Func): void {
    let g = this.gIdx, seen = this.gSeen;
    g.length = 0;
    seen.length = 0;
    if (this.opt == 0) return;
    let r = new Reader(this.m.bytes, f.codeStart, f.codeEnd);
    let ins = this.scanIns;
    while (g.length < MAX_GCACHE && readInstr(r, ins)) {
      if (ins.op != Op.GlobalGet) continue;
      let x = <u32>ins.a;
      if (x > 0xffff) continue; // (Func.gcache packs the index in 16 bits)
      if (!seen.includes(x)) seen.push(x);
      else if (!g.includes(x)) g.push(x);
    }
  }

  /** The cache index of global x, or -1. */
  @inline gCache(x: u32): i32 { return this.opt > 0 ? this.gIdx.indexOf(x) : -1; }
  @inline gSlot(i: i32): u32 { return this.gBase + (<u32>i << 3); }

  /** Is a pending read of cache slot i below stack position `below`? */
  gPending(i: i32, below: i32): bool {
    let gs = this.gSlot(i);
    for (let q = 0; q < below; q++) if (unchecked(this.kinds[q]) == LOCAL && <u32>unchecked(this.vals[q]) == gs) return true;
    return false;
  }

  /** Is slot offset v one of the global-cache slots? */
  @inline isGSlot(v: u32): bool { return v >= this.gBase && v < this.tempBase; }

  /**
   * Refresh the cache slots of `mask` that are not valid (a `global_get`
   * each) and mark them valid; true when it emitted any. Pending reads of
   * those slots must be gone (block entries and calls materialize them).
   */
  gRefresh(mask: u32): bool {
    let miss = mask & ~this.gValid;
    if (!miss) return false;
    for (let i = 0; i < this.gIdx.length; i++) {
      if (!(miss & (1 << i))) continue;
      this.start();
      E.emitGlobalGet(this.buf, this.gSlot(i), unchecked(this.gIdx[i]));
    }
    this.gValid |= miss;
    return true;
  }

  /** Materialize every pending read of a cache slot (before a call: the invocation may be suspended there, and resuming reloads the slots). */
  gFlushReads(): void {
    if (this.gIdx.length == 0) return;
    for (let p = 0; p < this.height; p++) {
      if (unchecked(this.kinds[p]) == LOCAL && this.isGSlot(<u32>unchecked(this.vals[p]))) this.materialize(p);
    }
  }

  /** The cache bits of the globals that the loop whose body starts at the reader's position reads (`global.get`, nested blocks included). */
  gLoopReads(): u32 {
    let r0 = this.rd!;
    let r = new Reader(r0.base, r0.pos, r0.end);
    let ins = this.scanIns;
    let d = 0;
    let mask: u32 = 0;
    while (readInstr(r, ins)) {
      let op = ins.op;
      if (op == Op.Block || op == Op.Loop || op == Op.If) d++;
      else if (op == Op.End) { if (d == 0) break; d--; }
      else if (op == Op.GlobalGet) {
        let i = this.gIdx.indexOf(<u32>ins.a);
        if (i >= 0) mask |= 1 << i;
      }
    }
    return mask;
  }

  /** Emit code that puts entry p's value into slot `dst`, without changing the entry. */
  moveTo(p: i32, dst: u32): void {
    let k = unchecked(this.kinds[p]);
    let v = unchecked(this.vals[p]);
    if (k == TEMP) this.emitCopy(dst, this.T(p));
    else if (k == LOCAL) this.emitCopy(dst, <u32>v);
    else this.emitConst(dst, v);
  }

  /** Materialize every pending local reference (block entry) that the block may write, and the top `n` entries. */
  enterBlock(nparams: i32): void {
    let h = this.height;
    this.scanWrites();
    for (let p = 0; p < h; p++) {
      if (p >= h - nparams || this.mustMaterializeLocal(p)) this.materialize(p);
    }
  }

  /** Reader over the current function body (positioned after the instruction being translated). */
  rd: Reader | null = null;
  scanIns: Instr = new Instr();
  /** Local slots (byte offsets) written by the block being entered; level >= 1 only (level 0 materializes every LOCAL). */
  written: Array<u32> = [];

  /**
   * Level >= 1: collect the locals that the block whose body starts at the
   * reader's position writes (`local.set`/`local.tee`, nested blocks
   * included) before its matching `end`. A pending `local.get` of any other
   * local stays pending across the block: no path inside it changes the
   * local, so the entry reads the same value at every label.
   */
  scanWrites(): void {
    let w = this.written;
    w.length = 0;
    if (this.opt == 0) return;
    let h = this.height;
    let any = false;
    for (let p = 0; p < h; p++) if (unchecked(this.kinds[p]) == LOCAL) { any = true; break; }
    if (!any) return;
    let r0 = this.rd!;
    let r = new Reader(r0.base, r0.pos, r0.end);
    let ins = this.scanIns;
    let d = 0;
    while (readInstr(r, ins)) {
      let op = ins.op;
      if (op == Op.Block || op == Op.Loop || op == Op.If) d++;
      else if (op == Op.End) { if (d == 0) return; d--; }
      else if (op == Op.LocalSet || op == Op.LocalTee) w.push(this.lslot(ins.a));
      else if (op == Op.GlobalGet || op == Op.GlobalSet) {
        // (a refresh or a retargeted global.set writes the cache slot)
        let i = this.gIdx.indexOf(<u32>ins.a);
        if (i >= 0) w.push(this.gSlot(i));
      }
    }
  }

  /** Is entry p a pending `local.get` that must be materialized at block entry (scanWrites just ran)? */
  mustMaterializeLocal(p: i32): bool {
    if (unchecked(this.kinds[p]) != LOCAL) return false;
    if (this.opt == 0) return true;
    let v = <u32>unchecked(this.vals[p]);
    // (a pending read of a cache slot: the block may suspend, and resuming reloads the slot)
    return this.isGSlot(v) || this.written.includes(v);
  }

  // ---- labels ----

  /**
   * Bind frame c's forward label here. `e` instructions reached it by falling
   * through, uncharged: the code after the label charges them, so each `br`
   * to the label charges that many less (its charge operand is lowered). The
   * caller makes `e` 0 when a conditional branch targets the label (its charge
   * is made on both paths, so it cannot be lowered).
   */
  bind(c: Ctl, e: i32): void {
    let here = this.buf.len;
    let ps = c.patches;
    let b = this.buf;
    for (let i = 0; i < ps.length; i += 3) {
      b.patchI32(<usize>unchecked(ps[i]), <i32>(here - <usize>unchecked(ps[i + 1])));
      let fa = unchecked(ps[i + 2]);
      if (fa >= 0 && e != 0) b.patchU16(<usize>fa, <u32>(b.getI16(<usize>fa) - e));
    }
    ps.length = 0;
    this.lastDstOff = -1;
  }

  /** Emit `br` to the label of frame c (values already moved). */
  jump(c: Ctl): void {
    let s = this.start();
    if (c.kind == K_LOOP) {
      if (this.gRefresh(c.gIn)) s = this.start();
      E.emitBr(this.buf, <i32>(c.loopTarget - s), this.take() - c.entry);
      return;
    }
    E.emitBr(this.buf, 0, this.take());
    c.gIn &= this.gValid;
    c.daIn &= this.da;
    c.patches.push(<isize>s + 2);
    c.patches.push(<isize>s);
    c.patches.push(<isize>s + 6);
  }

  /**
   * Set the target of the conditional branch just emitted by `cond` to frame
   * c's label. A loop's entry count is taken off the charge (made on both
   * paths) and put back as pending on the path that falls through.
   */
  target(c: Ctl, s: usize): void {
    if (c.kind == K_LOOP) {
      this.buf.patchI32(this.targetAt, <i32>(c.loopTarget - s));
      if (c.entry) {
        let fa = this.targetAt + 4;
        this.buf.patchU16(fa, <u32>(this.buf.getI16(fa) - c.entry));
        this.pend += c.entry;
      }
    } else { c.patches.push(<isize>this.targetAt); c.patches.push(<isize>s); c.patches.push(-1); c.fixedCharge = true; c.gIn &= this.gValid; c.daIn &= this.da; }
  }

  /** Conditional branch on the value that was entry p (already popped). */
  private condKind: u8 = 0;
  private condVal: u64 = 0;
  condSlot(p: i32, whenTrue: bool): usize {
    let k = this.condKind, v = this.condVal;
    let c: u32;
    if (k == LOCAL) c = <u32>v;
    else {
      c = this.T(p);
      if (k == CONST) this.emitConst(c, v);
    }
    let s = this.start();
    if (whenTrue) E.emitBrIfNz(this.buf, c, 0, this.take()); else E.emitBrIfZ(this.buf, c, 0, this.take());
    this.targetAt = s + 4;
    return s;
  }

  /** Emit the return of the function's results from the top of the stack; it charges the pending count plus `extra`. */
  emitReturn(extra: i32): void {
    let n = this.numResults;
    let h = this.height;
    if (n == 0) { this.start(); E.emitReturn0(this.buf, this.take() + extra); return; }
    if (n == 1) {
      let p = h - 1;
      let k = unchecked(this.kinds[p]);
      let src: u32;
      if (k == LOCAL) src = <u32>unchecked(this.vals[p]);
      else { src = this.T(p); if (k == CONST) this.emitConst(src, unchecked(this.vals[p])); }
      this.start();
      E.emitReturn1(this.buf, src, this.take() + extra);
      return;
    }
    for (let k = 0; k < n; k++) this.moveTo(h - n + k, this.T(h - n + k));
    this.start();
    E.emitReturnN(this.buf, <u32>n, this.T(h - n), this.take() + extra);
  }

  /** Does a branch to c's label need to move values? */
  needsMoves(c: Ctl): bool {
    let n = c.arity();
    let h = this.height;
    if (h - n != c.base) return n > 0;
    for (let k = h - n; k < h; k++) if (unchecked(this.kinds[k]) != TEMP) return true;
    return false;
  }

  /** Unconditional branch to the label of frame `c`: move the values, jump (or return). */
  branch(c: Ctl): void {
    // (a branch to the function's label also runs its final `end`, which the classic interpreter counts)
    if (c.kind == K_FUNC) { this.emitReturn(1); return; }
    let n = c.arity();
    let h = this.height;
    // level >= 1: a single value just computed into a fresh T slot is written
    // straight into the label's slot (the branch is unconditional here: the
    // temporary is not read again)
    if (this.opt > 0 && n == 1 && this.lastDstOff >= 0 && this.lastDstPos == h - 1 && unchecked(this.kinds[h - 1]) == TEMP) {
      this.buf.patchU16(<usize>this.lastDstOff, this.T(c.base));
      this.lastDstOff = -1;
    } else {
      for (let k = 0; k < n; k++) this.moveTo(h - n + k, this.T(c.base + k));
    }
    this.jump(c);
  }

  @inline frameAt(depth: u32): Ctl { return unchecked(this.ctls[this.depth - 1 - <i32>depth]); }

  pushCtl(kind: i32, nparams: i32, nresults: i32): Ctl {
    if (this.depth == this.ctls.length) this.ctls.push(new Ctl());
    let c = unchecked(this.ctls[this.depth++]);
    c.kind = kind;
    c.base = this.height - nparams;
    c.nparams = nparams;
    c.nresults = nresults;
    c.patches.length = 0;
    c.fixedCharge = false;
    c.entry = 0;
    c.elseAt = -1;
    c.unreachable = false;
    c.loopOrd = -1;
    c.gIn = 0xffffffff;
    c.daIn = ALL_LOCALS;
    return c;
  }

  /** Code after this instruction is unreachable until the frame's else/end. */
  setUnreachable(): void {
    let c = unchecked(this.ctls[this.depth - 1]);
    c.unreachable = true;
    this.truncate(c.base);
    this.pend = 0;
  }

  // ---- instruction groups ----

  bin(op: i32, opImm: i32, commutative: bool): void {
    let pb = this.height - 1, pa = pb - 1;
    let b = this.buf;
    if (opImm >= 0 && unchecked(this.kinds[pb]) == CONST) {
      let k = <u32>unchecked(this.vals[pb]);
      let sa = this.slot(pa);
      this.start();
      if (op == FOp.I32Sub) { E.encodeDSI(b, FOp.I32AddImm, this.T(pa), sa, <u32>(-<i32>k)); opImm = FOp.I32AddImm; }
      else E.encodeDSI(b, opImm, this.T(pa), sa, k);
      this.pop(); this.pop(); this.push(TEMP, 0);
      this.produced(pa, opImm);
      return;
    }
    if (opImm >= 0 && commutative && unchecked(this.kinds[pa]) == CONST) {
      let k = <u32>unchecked(this.vals[pa]);
      let sb = this.slot(pb);
      if (opImm >= FOp.I32EqImm && opImm <= FOp.I32GeUImm) opImm = FOp.I32EqImm + unchecked(MIRROR[opImm - FOp.I32EqImm]);
      this.start();
      E.encodeDSI(b, opImm, this.T(pa), sb, k);
      this.pop(); this.pop(); this.push(TEMP, 0);
      this.produced(pa, opImm);
      return;
    }
    if (this.opt > 0 && op == FOp.I32Add && this.lastDstOff >= 0 && this.lastOp == FOp.I32ShlImm && this.fuseAddShl(pa, pb)) return;
    let sa = this.slot(pa), sb = this.slot(pb);
    this.start();
    E.encodeDSS(b, op, this.T(pa), sa, sb);
    this.pop(); this.pop(); this.push(TEMP, 0);
    this.produced(pa, op);
  }

  /**
   * Level >= 1: `i32.add` of the `i32_shl_imm` just emitted (either operand;
   * the other a slot that no code since has written) becomes one
   * `i32_add_shl` (scaled index). Returns false when the pattern does not apply.
   */
  fuseAddShl(pa: i32, pb: i32): bool {
    let ka = unchecked(this.kinds[pa]), kb = unchecked(this.kinds[pb]);
    let other: u32;
    if (this.lastDstPos == pb && kb == TEMP && ka != CONST) other = ka == LOCAL ? <u32>unchecked(this.vals[pa]) : this.T(pa);
    else if (this.lastDstPos == pa && ka == TEMP && kb == LOCAL) other = <u32>unchecked(this.vals[pb]);
    else return false;
    let b = this.buf, at = this.lastStart;
    let x = b.getU16(at + 4), k = b.getU32(at + 6) & 31;
    b.len = at;
    this.start();
    E.encodeDSSI(b, FOp.I32AddShl, this.T(pa), other, x, k);
    this.pop(); this.pop(); this.push(TEMP, 0);
    this.produced(pa, FOp.I32AddShl);
    return true;
  }

  /** An i64 binary operation; a constant operand in [-2^31, 2^31) uses the `_imm` form (k sign-extended). */
  bin64(op: i32, opImm: i32, commutative: bool): void {
    let pb = this.height - 1, pa = pb - 1;
    let kb = unchecked(this.kinds[pb]), ka = unchecked(this.kinds[pa]);
    if (opImm >= 0 && kb == CONST) {
      let k = <i64>unchecked(this.vals[pb]);
      if (op == FOp.I64Sub) { k = -k; opImm = FOp.I64AddImm; }
      if (k == <i64><i32>k) {
        let sa = this.slot(pa);
        this.start();
        E.encodeDSI(this.buf, opImm, this.T(pa), sa, <u32><i32>k);
        this.pop(); this.pop(); this.push(TEMP, 0);
        this.produced(pa, opImm);
        return;
      }
    } else if (opImm >= 0 && commutative && ka == CONST) {
      let k = <i64>unchecked(this.vals[pa]);
      if (k == <i64><i32>k) {
        let sb = this.slot(pb);
        this.start();
        E.encodeDSI(this.buf, opImm, this.T(pa), sb, <u32><i32>k);
        this.pop(); this.pop(); this.push(TEMP, 0);
        this.produced(pa, opImm);
        return;
      }
    }
    this.bin(op, -1, false);
  }

  un(op: i32): void {
    let pa = this.height - 1;
    let sa = this.slot(pa);
    this.start();
    E.encodeDS(this.buf, op, this.T(pa), sa);
    unchecked(this.kinds[pa] = TEMP);
    this.produced(pa, op);
  }

  /** An f64 add/sub/mul/div: a constant operand folds into the `_k` form; a second operand just loaded, into the `_m` form (opM >= 0). */
  binF64(op: i32, opK: i32, opM: i32, commutative: bool): void {
    let pb = this.height - 1, pa = pb - 1;
    let b = this.buf;
    let kb = unchecked(this.kinds[pb]), ka = unchecked(this.kinds[pa]);
    if (kb == CONST || (commutative && ka == CONST)) {
      let pk = kb == CONST ? pb : pa;
      let k = unchecked(this.vals[pk]);
      let sx = this.slot(pk == pb ? pa : pb);
      this.start();
      E.encodeDSL(b, opK, this.T(pa), sx, k);
      this.pop(); this.pop(); this.push(TEMP, 0);
      this.produced(pa, opK);
      return;
    }
    if (opM >= 0 && this.lastDstOff >= 0 && kb == TEMP && this.lastDstPos == pb && this.fuseF64Load(opM, pa, pa)) return;
    // level >= 1, add and mul: the first operand just loaded and the second a local not yet read
    // (no code after the load) read in the operation's order swapped
    if (opM >= 0 && commutative && this.opt > 0 && this.lastDstOff >= 0 && ka == TEMP && kb == LOCAL && this.lastDstPos == pa &&
        this.fuseF64Load(opM, pa, pb)) return;
    this.bin(op, -1, false);
  }

  /**
   * The f64.load just emitted (`i64_load`, `i64_load_ai`, or at level >= 1
   * `i64_load_k` at the constant-pool slot of 0 plus the address) becomes the
   * memory operand of the `_m` operation `opM` whose other operand is stack
   * entry `po` (read after the load's address slot, which the operation
   * reads as it was: that slot is T(pb), T(pa) with `po` a local, or a local
   * the load does not write); the result goes to T(pa). Returns false
   * (nothing emitted) when the last instruction is none of those.
   */
  fuseF64Load(opM: i32, pa: i32, po: i32): bool {
    let b = this.buf, at = this.lastStart, op = this.lastOp;
    let x: u32, k: u32 = 0, off: u32 = 0;
    if (op == FOp.I64Load) { x = b.getU16(at + 4); off = b.getU32(at + 6); }
    else if (op == FOp.I64LoadAi) { x = b.getU16(at + 4); k = b.getU32(at + 6); off = b.getU32(at + 10); }
    else if (op == FOp.I64LoadK && this.opt > 0) {
      let z = this.poolSlot(0);
      if (z < 0) return false;
      x = <u32>z; k = b.getU32(at + 4); // (0 + k) mod 2^32 + 0: the load's address
    } else return false;
    b.len = at;
    let sa = this.slot(po);
    this.start();
    E.encodeDSSIU(b, opM, this.T(pa), sa, x, k, off);
    this.pop(); this.pop(); this.push(TEMP, 0);
    this.produced(pa, opM);
    return true;
  }

  load(op: i32, offset: u32): void {
    let pa = this.height - 1;
    if ((op == FOp.I32Load || op == FOp.I64Load) && unchecked(this.kinds[pa]) == CONST) {
      // a constant address (a C global): fold it with the offset when the sum is below 2^32
      let ea = <u64><u32>unchecked(this.vals[pa]) + <u64>offset;
      if (ea < 0x100000000) {
        let kop = op == FOp.I32Load ? FOp.I32LoadK : FOp.I64LoadK;
        this.start();
        E.encodeDU(this.buf, kop, this.T(pa), <u32>ea);
        unchecked(this.kinds[pa] = TEMP);
        this.produced(pa, kop);
        return;
      }
    }
    if (this.lastDstOff >= 0 && this.lastDstPos == pa && this.lastOp == FOp.I32AddImm && unchecked(this.kinds[pa]) == TEMP) {
      // the address is `x + k` just computed into T(pa): one load_ai instruction instead
      let b = this.buf, at = this.lastStart;
      let x = b.getU16(at + 4), k = b.getU32(at + 6);
      b.len = at;
      let aop = FOp.I32LoadAi + (op - FOp.I32Load);
      this.start();
      E.encodeDSIU(b, aop, this.T(pa), x, k, offset);
      this.produced(pa, aop);
      return;
    }
    if (this.opt > 0 && this.lastDstOff >= 0 && this.lastDstPos == pa && unchecked(this.kinds[pa]) == TEMP &&
        (this.lastOp == FOp.I32Add || this.lastOp == FOp.I32AddShl)) {
      // level >= 1: the address is `x + y` or `x + (y << k)` just computed into T(pa): one load_x instruction
      let b = this.buf, at = this.lastStart;
      let x = b.getU16(at + 4), y = b.getU16(at + 6);
      let k: u32 = this.lastOp == FOp.I32AddShl ? b.getU32(at + 8) : 0;
      b.len = at;
      let xop = FOp.I32LoadX + (op - FOp.I32Load);
      this.start();
      E.encodeDSSIU(b, xop, this.T(pa), x, y, k, offset);
      this.produced(pa, xop);
      return;
    }
    let sa = this.slot(pa);
    this.start();
    E.encodeDSU(this.buf, op, this.T(pa), sa, offset);
    unchecked(this.kinds[pa] = TEMP);
    this.produced(pa, op);
  }

  storeOp(op: i32, offset: u32): void {
    let pv = this.height - 1, pa = pv - 1;
    if ((op == FOp.I32Store || op == FOp.I64Store) && unchecked(this.kinds[pa]) == CONST) {
      let ea = <u64><u32>unchecked(this.vals[pa]) + <u64>offset;
      if (ea < 0x100000000) {
        let sv = this.slot(pv);
        this.start();
        E.encodeUS(this.buf, op == FOp.I32Store ? FOp.I32StoreK : FOp.I64StoreK, <u32>ea, sv);
        this.pop(); this.pop();
        return;
      }
    }
    let sa = this.slot(pa), sv = this.slot(pv);
    this.start();
    E.encodeSSU(this.buf, op, sa, sv, offset);
    this.pop(); this.pop();
  }

  localSet(x: u32, tee: bool): void {
    let d = x - this.numParams;
    if (d < DA_LOCALS) this.da |= <u64>1 << d;
    let dst = this.lslot(x);
    let p = this.height - 1;
    let k = unchecked(this.kinds[p]);
    let hazard = false;
    for (let q = 0; q < p; q++) {
      if (unchecked(this.kinds[q]) == LOCAL && <u32>unchecked(this.vals[q]) == dst) { hazard = true; break; }
    }
    if (k == TEMP && !hazard && this.lastDstOff >= 0 && this.lastDstPos == p) {
      this.buf.patchU16(<usize>this.lastDstOff, dst);
      this.lastDstOff = -1;
      if (tee) { unchecked(this.kinds[p] = LOCAL); unchecked(this.vals[p] = dst); }
      else this.pop();
      return;
    }
    if (k == LOCAL && !hazard && this.lastDstOff >= 0 && this.lastDstPos == p && this.lastOp == FOp.GlobalGet) {
      // level >= 1: a global's cache slot refresh just emitted writes the local instead (the cache slot stays stale)
      let i = <i32>((<u32>unchecked(this.vals[p]) - this.gBase) >> 3);
      this.buf.patchU16(<usize>this.lastDstOff, dst);
      this.lastDstOff = -1;
      this.gValid &= ~(1 << i);
      if (tee) unchecked(this.vals[p] = dst);
      else this.pop();
      return;
    }
    if (k == LOCAL && <u32>unchecked(this.vals[p]) == dst) { if (!tee) this.pop(); return; }
    if (hazard) {
      for (let q = 0; q < p; q++) {
        if (unchecked(this.kinds[q]) == LOCAL && <u32>unchecked(this.vals[q]) == dst) this.materialize(q);
      }
    }
    this.moveTo(p, dst);
    if (!tee) this.pop();
  }

  /** Put the top `np` entries (call arguments) in their slots; returns the slot of the first. */
  callArgs(np: i32): u32 {
    let h = this.height;
    for (let p = h - np; p < h; p++) this.materialize(p);
    return this.T(h - np);
  }

  /** Replace the `np` arguments on top by `nr` results (written by the callee from the first argument's slot). */
  callResults(np: i32, nr: i32): void {
    this.truncate(this.height - np);
    for (let i = 0; i < nr; i++) this.push(TEMP, 0);
  }

  blockType(): FuncType | null {
    let ins = this.ins;
    if (ins.btKind == BlockTypeKind.TypeIdx) return this.m.types[ins.a];
    return null;
  }

  // ---- one function ----

  translate(f: Func): bool {
    this.chooseGlobals(f);
    this.pool.length = 0;
    this.loopConsts.length = 0;
    this.numParams = <u32>this.m.types[f.typeIdx].params.length;
    this.lslots.length = 0;
    this.needZero = 0;
    if (this.opt > 0) {
      // first pass: find the constants that loops read from slots, and the locals read before they are
      // assigned; second: give the constants pool slots, and the other locals slots nothing zeroes
      this.collecting = true;
      let ok = this.body(f);
      this.collecting = false;
      if (!ok) return false;
      let moved = this.layoutLocals(f);
      if ((this.pool.length || moved) && !this.body(f)) return false;
      this.pairUp();
    } else if (!this.body(f)) return false;
    f.frameSize = this.frameSize;
    let ng = this.gIdx.length;
    let gc: StaticArray<u32> | null = null;
    if (ng) {
      gc = new StaticArray<u32>(ng);
      for (let i = 0; i < ng; i++) unchecked(gc[i] = this.gSlot(i) | unchecked(this.gIdx[i]) << 16);
    }
    f.gcache = gc;
    f.fastCodeLen = <u32>this.buf.len;
    f.fastCode = this.buf.finish();
    return true;
  }

  /** Frame size in bytes of the function translated by `body`. */
  frameSize: u32 = 0;

  /** Translate f's body into buf (with the constant pool unless collecting); false with an error set when it cannot. */
  body(f: Func): bool {
    let m = this.m;
    let t = m.types[f.typeIdx];
    // (all the locals: after layoutLocals, those not zeroed lie between the frame record and the pool)
    let numLocals = this.lslots.length ? <u32>this.lslots.length : <u32>f.localTypes.length;
    this.poolBase = (numLocals << 3) + FRAME_RECORD;
    let npool: u32 = this.collecting ? 0 : <u32>this.pool.length;
    if (<u64>this.poolBase + (<u64>npool << 3) + (<u64>f.maxStack << 3) > <u64>MAX_FRAME) {
      npool = 0;
      this.pool.length = 0;
      for (let i = 0; i < this.loopConsts.length; i++) unchecked(this.loopConsts[i]).length = 0;
    }
    this.loops = 0;
    let ng: u32 = <u32>this.gIdx.length;
    if (<u64>this.poolBase + (<u64>(npool + ng) << 3) + (<u64>f.maxStack << 3) > <u64>MAX_FRAME) { ng = 0; this.gIdx.length = 0; }
    this.gBase = this.poolBase + (npool << 3);
    this.gValid = 0;
    this.tempBase = this.gBase + (ng << 3);
    let frame = <u64>this.tempBase + (<u64>f.maxStack << 3);
    if (frame > <u64>MAX_FRAME) {
      setError(ErrorKind.Resource, "function " + (m.numImportedFuncs + <u32>m.funcs.indexOf(f)).toString() + " is too large for the fast interpreter (frame of " + frame.toString() + " bytes, limit 65536)", -1);
      return false;
    }
    this.frameSize = <u32>frame;
    this.numResults = t.results.length;
    this.buf.len = 0;
    this.truncate(0);
    this.depth = 0;
    this.lastDstOff = -1;
    this.pend = 0;
    this.da = 0;
    this.pushCtl(K_FUNC, 0, t.results.length);

    let r = new Reader(m.bytes, f.codeStart, f.codeEnd);
    this.rd = r;
    let ins = this.ins;
    let skip = 0; // nesting depth inside unreachable code
    while (this.depth > 0 && readInstr(r, ins)) {
      let op = ins.op;
      let c = unchecked(this.ctls[this.depth - 1]);
      if (c.unreachable) {
        if (op == Op.Block || op == Op.Loop || op == Op.If) { skip++; continue; }
        if (op == Op.End && skip > 0) { skip--; continue; }
        if (op == Op.Else && skip > 0) continue;
        if (op != Op.End && op != Op.Else) continue;
      }
      // metering: every executed wasm instruction counts (End and Else count where they run)
      if (op != Op.End && op != Op.Else) {
        if (this.pend >= MAX_PEND) this.flushFuel();
        this.pend++;
      }
      this.instr(op, c);
    }
    return true;
  }

  // ---- level >= 1: pair superinstructions (format.mjs PAIRS) ----

  /** Second buffer of pairUp (swapped with buf). */
  buf2: CodeBuf | null = null;

  /**
   * The last pass of level >= 1: rewrite every two consecutive instructions
   * that form a pair superinstruction (fopPairs) into it, unless a branch
   * targets the second, and relocate every branch target. Greedy, left to
   * right. Semantics and charges are unchanged (both still execute, in order).
   */
  pairUp(): void {
    let src = this.buf;
    let code = src.ptr, len = src.len;
    let sizes = fopSizes(), toffs = fopTargetOffsets(), tbases = fopTargetBases(), pairs = fopPairs();
    let units = (len >> 1) + 1;
    // labels: one byte per code unit; then old offset -> new offset, an i32 per unit
    let label = heap.alloc(units);
    memory.fill(label, 0, units);
    let pc: usize = 0;
    while (pc < len) {
      let op = <i32>load<u16>(code + pc);
      let size = <usize>unchecked(sizes[op]);
      if (op == FOp.BrTable) {
        let n = <usize>load<u32>(code + pc, 6, 2) + 1;
        for (let i: usize = 0; i < n; i++) store<u8>(label + ((pc + <usize>load<i32>(code + pc + FSize.BrTable + (i << 2), 0, 2)) >> 1), 1);
        size += n << 2;
      } else {
        let to = <usize>unchecked(toffs[op]);
        if (to) store<u8>(label + ((pc + <usize>unchecked(tbases[op]) + <usize>load<i32>(code + pc + to, 0, 2)) >> 1), 1);
      }
      pc += size;
    }
    let map = heap.alloc(units << 2);
    let out = this.buf2;
    if (!out) { out = new CodeBuf(); this.buf2 = out; }
    out.len = 0;
    // fixups: (offset of the target operand in out, its base in out, old absolute target)
    let fix: Array<i32> = [];
    pc = 0;
    while (pc < len) {
      let op = <i32>load<u16>(code + pc);
      let size = <usize>unchecked(sizes[op]);
      let at = out.len;
      store<i32>(map + ((pc >> 1) << 2), <i32>at);
      if (op == FOp.BrTable) {
        let n = <usize>load<u32>(code + pc, 6, 2) + 1;
        size += n << 2;
        out.bytes(code + pc, size);
        for (let i: usize = 0; i < n; i++) {
          let o = <usize>FSize.BrTable + (i << 2);
          fix.push(<i32>(at + o)); fix.push(<i32>at); fix.push(<i32>(pc + <usize>load<i32>(code + pc + o, 0, 2)));
        }
        pc += size;
        continue;
      }
      let next = pc + size;
      let pop = -1;
      if (next < len && !load<u8>(label + (next >> 1))) {
        let op2 = <i32>load<u16>(code + next);
        for (let i = 0; i < pairs.length; i += 3) {
          if (<i32>unchecked(pairs[i]) == op && <i32>unchecked(pairs[i + 1]) == op2) { pop = <i32>unchecked(pairs[i + 2]); break; }
        }
      }
      if (pop < 0) {
        out.bytes(code + pc, size);
        let to = <usize>unchecked(toffs[op]);
        if (to) { fix.push(<i32>(at + to)); fix.push(<i32>at); fix.push(<i32>(pc + <usize>load<i32>(code + pc + to, 0, 2))); }
        pc = next;
        continue;
      }
      let op2 = <i32>load<u16>(code + next);
      let size2 = <usize>unchecked(sizes[op2]);
      out.u16(<u32>pop);
      out.bytes(code + pc + 2, size - 2);
      out.bytes(code + next + 2, size2 - 2);
      let to = <usize>unchecked(toffs[pop]);
      if (to) {
        let base = <usize>unchecked(tbases[pop]);
        fix.push(<i32>(at + to)); fix.push(<i32>(at + base)); fix.push(<i32>(next + <usize>load<i32>(code + next + <usize>unchecked(toffs[op2]), 0, 2)));
      }
      pc = next + size2;
    }
    store<i32>(map + ((len >> 1) << 2), <i32>out.len);
    for (let i = 0; i < fix.length; i += 3) {
      let target = load<i32>(map + ((<usize>unchecked(fix[i + 2]) >> 1) << 2));
      out.patchI32(<usize>unchecked(fix[i]), target - unchecked(fix[i + 1]));
    }
    heap.free(label);
    heap.free(map);
    this.buf = out;
    this.buf2 = src;
  }

  instr(op: i32, c: Ctl): void {
    let ins = this.ins;
    let b = this.buf;
    switch (op) {
      case Op.Unreachable: { this.start(); E.emitUnreachable(b); this.setUnreachable(); break; }
      case Op.Nop: break;
      case Op.Block: case Op.Loop: {
        let bt = this.blockType();
        let np = bt ? bt.params.length : 0;
        let nr = bt ? bt.results.length : (ins.btKind == BlockTypeKind.Value ? 1 : 0);
        this.enterBlock(np);
        let ord = op == Op.Loop ? this.enterLoop() : -1;
        let gh: u32 = 0;
        if (op == Op.Loop && this.gIdx.length) {
          // the globals the body reads are loaded before it and stay valid at its header
          // (back-edges refresh what the body made stale: jump, BrIf, BrTable)
          gh = this.gLoopReads();
          this.gRefresh(gh);
          this.gValid = gh;
        }
        let n = this.pushCtl(op == Op.Loop ? K_LOOP : K_BLOCK, np, nr);
        n.loopOrd = ord;
        if (op == Op.Loop) {
          n.gIn = gh;
          n.loopTarget = b.len;
          this.lastDstOff = -1;
          // the body charges what was counted before the label; back-edges charge that much less
          n.entry = this.pend;
        }
        break;
      }
      case Op.If: {
        let bt = this.blockType();
        let np = bt ? bt.params.length : 0;
        let nr = bt ? bt.results.length : (ins.btKind == BlockTypeKind.Value ? 1 : 0);
        // the condition is on top; materialize the rest (parameters, pending locals) first
        let h = this.height;
        let needs = false;
        this.scanWrites();
        for (let p = 0; p < h - 1; p++) {
          if ((p >= h - 1 - np && unchecked(this.kinds[p]) != TEMP) || this.mustMaterializeLocal(p)) { needs = true; break; }
        }
        if (needs) {
          // (the condition's own slot T(h-1) is not touched by materializing the entries below)
          for (let p = 0; p < h - 1; p++) {
            if (p >= h - 1 - np || this.mustMaterializeLocal(p)) this.materialize(p);
          }
        }
        let s = this.condPop(false);
        let n = this.pushCtl(K_IF, np, nr);
        n.gIf = this.gValid;
        n.daIf = this.da;
        n.elseAt = <isize>this.targetAt;
        n.elseStart = s;
        break;
      }
      case Op.Else: {
        if (!c.unreachable) {
          this.pend++; // the then-arm runs `else` (a jump to `end`)
          for (let p = c.base; p < c.base + c.nresults; p++) this.materialize(p);
          this.jump(c);
        }
        this.pend = 0; // the else-arm is entered only by the `if`'s branch, which charged
        this.gValid = c.gIf; // (entered by the if's branch)
        this.da = c.daIf;
        this.bindElse(c);
        c.kind = K_ELSE;
        c.unreachable = false;
        this.truncate(c.base);
        for (let i = 0; i < c.nparams; i++) this.push(TEMP, 0);
        break;
      }
      case Op.End: {
        if (!c.unreachable) {
          for (let p = c.base; p < c.base + c.nresults; p++) this.materialize(p);
        }
        if (c.kind == K_FUNC) {
          if (!c.unreachable) { this.pend++; this.emitReturn(0); }
          this.depth--;
          break;
        }
        // metering: `e` instructions fall through into the label; a conditional
        // branch to it (an `if` without else included) cannot charge less: charge them here
        let e = c.unreachable ? 0 : this.pend;
        if (e > 0 && (c.fixedCharge || (c.kind == K_IF && c.elseAt >= 0))) { this.flushFuel(); e = 0; }
        // the cache bits valid on every path into the label (a loop's end is reached by falling through alone)
        if (c.kind != K_LOOP) {
          let g = c.gIn;
          if (c.kind == K_IF && c.elseAt >= 0) g &= c.gIf;
          this.gValid = c.unreachable ? (g == 0xffffffff ? 0 : g) : this.gValid & g;
          let d = c.daIn;
          if (c.kind == K_IF && c.elseAt >= 0) d &= c.daIf;
          this.da = c.unreachable ? d : this.da & d;
        } else if (c.unreachable) this.da = ALL_LOCALS; // (nothing falls out of the loop)
        if (c.kind == K_IF) this.bindElse(c);
        this.bind(c, e);
        this.pend = e + 1; // and every path runs this `end`
        this.depth--;
        this.truncate(c.base);
        for (let i = 0; i < c.nresults; i++) this.push(TEMP, 0);
        break;
      }
      case Op.Br: {
        this.branch(this.frameAt(ins.a));
        this.setUnreachable();
        break;
      }
      case Op.BrIf: {
        let t = this.frameAt(ins.a);
        // the condition is on top of the values
        this.pop2cond();
        // (a back-edge that must refresh cache slots first goes through a stub, as one that moves values)
        if (t.kind != K_FUNC && !this.needsMoves(t) && !(t.kind == K_LOOP && (t.gIn & ~this.gValid))) {
          let s = this.condFromSaved(true);
          this.target(t, s);
        } else {
          let s = this.condFromSaved(false);
          let at = this.targetAt;
          let g = this.gValid;
          this.branch(t);
          this.gValid = g;
          b.patchI32(at, <i32>(b.len - s));
          this.lastDstOff = -1;
        }
        break;
      }
      case Op.BrTable: {
        let p = this.height - 1;
        let idx = this.slot(p);
        this.pop();
        let targets = ins.targets;
        let n = targets.length;
        let s = this.start();
        E.emitBrTable(b, idx, this.take(), <u32>(n - 1));
        let tab = b.len;
        let g = this.gValid;
        for (let i = 0; i < n; i++) b.i32(0);
        for (let i = 0; i < n; i++) {
          let t = this.frameAt(targets[i]);
          let at = tab + (<usize>i << 2);
          // (an entry to a loop whose back-edges charge less goes through a `br` stub that does)
          if (t.kind != K_FUNC && !this.needsMoves(t) && !(t.kind == K_LOOP && (t.entry != 0 || (t.gIn & ~g) != 0))) {
            if (t.kind == K_LOOP) b.patchI32(at, <i32>(t.loopTarget - s));
            else { t.patches.push(<isize>at); t.patches.push(<isize>s); t.patches.push(-1); t.fixedCharge = true; t.gIn &= g; t.daIn &= this.da; }
          } else {
            b.patchI32(at, <i32>(b.len - s));
            this.gValid = g; // (each stub is its own path)
            this.branch(t);
          }
        }
        this.setUnreachable();
        break;
      }
      case Op.Return: { this.emitReturn(0); this.setUnreachable(); break; }
      case Op.Call: {
        let t = this.m.funcType(ins.a);
        this.gFlushReads();
        let args = this.callArgs(t.params.length);
        this.start();
        E.emitCall(b, ins.a, args, this.take());
        this.gValid = 0;
        this.callResults(t.params.length, t.results.length);
        break;
      }
      case Op.CallIndirect: {
        let t = this.m.types[ins.a];
        let p = this.height - 1;
        let np = t.params.length;
        this.gFlushReads();
        for (let q = p - np; q < p; q++) this.materialize(q);
        let is = this.slot(p);
        this.pop();
        let args = this.callArgs(np);
        this.start();
        E.emitCallIndirect(b, ins.a, ins.b, is, args, this.take());
        this.gValid = 0;
        this.callResults(np, t.results.length);
        break;
      }
      case Op.Drop: this.pop(); break;
      case Op.Select: case Op.SelectT: {
        let pc_ = this.height - 1, pb = pc_ - 1, pa = pb - 1;
        let sa = this.slot(pa), sb = this.slot(pb), sc = this.slot(pc_);
        this.start();
        E.emitSelect(b, this.T(pa), sa, sb, sc);
        this.pop(); this.pop(); this.pop(); this.push(TEMP, 0);
        this.produced(pa, FOp.Select);
        break;
      }
      case Op.LocalGet: {
        // (level >= 1, first translation: a read of a declared local that may still hold its initial zero)
        let d = ins.a - this.numParams;
        if (d < DA_LOCALS && !(this.da & (<u64>1 << d))) this.needZero |= <u64>1 << d;
        this.push(LOCAL, <u64>this.lslot(ins.a));
        break;
      }
      case Op.LocalSet: this.localSet(ins.a, false); break;
      case Op.LocalTee: this.localSet(ins.a, true); break;
      case Op.GlobalGet: {
        let p = this.height;
        let i = this.gCache(ins.a);
        if (i >= 0) {
          let gs = this.gSlot(i);
          if (!(this.gValid & (1 << i))) {
            // refresh the cache slot (localSet may retarget this to a local instead)
            for (let q = 0; q < p; q++) if (unchecked(this.kinds[q]) == LOCAL && <u32>unchecked(this.vals[q]) == gs) this.materialize(q);
            this.start();
            E.emitGlobalGet(b, gs, ins.a);
            this.gValid |= 1 << i;
            this.push(LOCAL, gs);
            this.produced(p, FOp.GlobalGet);
          } else this.push(LOCAL, gs);
          break;
        }
        this.push(TEMP, 0);
        this.start();
        E.emitGlobalGet(b, this.T(p), ins.a);
        this.produced(p, FOp.GlobalGet);
        break;
      }
      case Op.GlobalSet: {
        let p = this.height - 1;
        let i = this.gCache(ins.a);
        if (i >= 0) {
          let gs = this.gSlot(i);
          if (unchecked(this.kinds[p]) == TEMP && this.lastDstOff >= 0 && this.lastDstPos == p && !this.gPending(i, p)) {
            // the value was just computed: into the cache slot, which stays valid
            b.patchU16(<usize>this.lastDstOff, gs);
            this.start();
            E.emitGlobalSet(b, ins.a, gs);
            this.pop();
            this.gValid |= 1 << i;
            break;
          }
          this.gValid &= ~(1 << i);
        }
        let s = this.slot(p);
        this.start();
        E.emitGlobalSet(b, ins.a, s);
        this.pop();
        break;
      }
      case Op.TableGet: {
        let p = this.height - 1;
        let s = this.slot(p);
        this.start();
        E.emitTableGet(b, this.T(p), ins.a, s);
        unchecked(this.kinds[p] = TEMP);
        this.produced(p, FOp.TableGet);
        break;
      }
      case Op.TableSet: {
        let pv = this.height - 1, pi = pv - 1;
        let si = this.slot(pi), sv = this.slot(pv);
        this.start();
        E.emitTableSet(b, ins.a, si, sv);
        this.pop(); this.pop();
        break;
      }
      case Op.I32Load: case Op.F32Load: case Op.I64Load32U: this.load(FOp.I32Load, ins.b); break;
      case Op.I64Load: case Op.F64Load: this.load(FOp.I64Load, ins.b); break;
      case Op.I32Load8S: this.load(FOp.I32Load8S, ins.b); break;
      case Op.I32Load8U: case Op.I64Load8U: this.load(FOp.I32Load8U, ins.b); break;
      case Op.I32Load16S: this.load(FOp.I32Load16S, ins.b); break;
      case Op.I32Load16U: case Op.I64Load16U: this.load(FOp.I32Load16U, ins.b); break;
      case Op.I64Load8S: this.load(FOp.I64Load8S, ins.b); break;
      case Op.I64Load16S: this.load(FOp.I64Load16S, ins.b); break;
      case Op.I64Load32S: this.load(FOp.I64Load32S, ins.b); break;
      case Op.I32Store: case Op.F32Store: case Op.I64Store32: this.storeOp(FOp.I32Store, ins.b); break;
      case Op.I64Store: case Op.F64Store: this.storeOp(FOp.I64Store, ins.b); break;
      case Op.I32Store8: case Op.I64Store8: this.storeOp(FOp.I32Store8, ins.b); break;
      case Op.I32Store16: case Op.I64Store16: this.storeOp(FOp.I32Store16, ins.b); break;
      case Op.MemorySize: {
        let p = this.height;
        this.push(TEMP, 0);
        this.start();
        E.emitMemorySize(b, this.T(p));
        this.produced(p, FOp.MemorySize);
        break;
      }
      case Op.MemoryGrow: this.un(FOp.MemoryGrow); break;
      case Op.I32Const: this.push(CONST, <u64><u32>ins.i64v); break;
      case Op.I64Const: this.push(CONST, <u64>ins.i64v); break;
      case Op.F32Const: this.push(CONST, <u64><u32>ins.i64v); break;
      case Op.F64Const: this.push(CONST, <u64>ins.i64v); break;

      case Op.I32Eqz: this.un(FOp.I32Eqz); break;
      case Op.I32Eq: this.bin(FOp.I32Eq, FOp.I32EqImm, true); break;
      case Op.I32Ne: this.bin(FOp.I32Ne, FOp.I32NeImm, true); break;
      case Op.I32LtS: this.bin(FOp.I32LtS, FOp.I32LtSImm, true); break;
      case Op.I32LtU: this.bin(FOp.I32LtU, FOp.I32LtUImm, true); break;
      case Op.I32GtS: this.bin(FOp.I32GtS, FOp.I32GtSImm, true); break;
      case Op.I32GtU: this.bin(FOp.I32GtU, FOp.I32GtUImm, true); break;
      case Op.I32LeS: this.bin(FOp.I32LeS, FOp.I32LeSImm, true); break;
      case Op.I32LeU: this.bin(FOp.I32LeU, FOp.I32LeUImm, true); break;
      case Op.I32GeS: this.bin(FOp.I32GeS, FOp.I32GeSImm, true); break;
      case Op.I32GeU: this.bin(FOp.I32GeU, FOp.I32GeUImm, true); break;
      case Op.I64Eqz: this.un(FOp.I64Eqz); break;
      case Op.I64Eq: this.bin(FOp.I64Eq, -1, false); break;
      case Op.I64Ne: this.bin(FOp.I64Ne, -1, false); break;
      case Op.I64LtS: this.bin(FOp.I64LtS, -1, false); break;
      case Op.I64LtU: this.bin(FOp.I64LtU, -1, false); break;
      case Op.I64GtS: this.bin(FOp.I64GtS, -1, false); break;
      case Op.I64GtU: this.bin(FOp.I64GtU, -1, false); break;
      case Op.I64LeS: this.bin(FOp.I64LeS, -1, false); break;
      case Op.I64LeU: this.bin(FOp.I64LeU, -1, false); break;
      case Op.I64GeS: this.bin(FOp.I64GeS, -1, false); break;
      case Op.I64GeU: this.bin(FOp.I64GeU, -1, false); break;
      case Op.F32Eq: this.bin(FOp.F32Eq, -1, false); break;
      case Op.F32Ne: this.bin(FOp.F32Ne, -1, false); break;
      case Op.F32Lt: this.bin(FOp.F32Lt, -1, false); break;
      case Op.F32Gt: this.bin(FOp.F32Gt, -1, false); break;
      case Op.F32Le: this.bin(FOp.F32Le, -1, false); break;
      case Op.F32Ge: this.bin(FOp.F32Ge, -1, false); break;
      case Op.F64Eq: this.bin(FOp.F64Eq, -1, false); break;
      case Op.F64Ne: this.bin(FOp.F64Ne, -1, false); break;
      case Op.F64Lt: this.bin(FOp.F64Lt, -1, false); break;
      case Op.F64Gt: this.bin(FOp.F64Gt, -1, false); break;
      case Op.F64Le: this.bin(FOp.F64Le, -1, false); break;
      case Op.F64Ge: this.bin(FOp.F64Ge, -1, false); break;

      case Op.I32Clz: this.un(FOp.I32Clz); break;
      case Op.I32Ctz: this.un(FOp.I32Ctz); break;
      case Op.I32Popcnt: this.un(FOp.I32Popcnt); break;
      case Op.I32Add: this.bin(FOp.I32Add, FOp.I32AddImm, true); break;
      case Op.I32Sub: this.bin(FOp.I32Sub, FOp.I32AddImm, false); break;
      case Op.I32Mul: this.bin(FOp.I32Mul, FOp.I32MulImm, true); break;
      case Op.I32DivS: this.bin(FOp.I32DivS, -1, false); break;
      case Op.I32DivU: this.bin(FOp.I32DivU, -1, false); break;
      case Op.I32RemS: this.bin(FOp.I32RemS, -1, false); break;
      case Op.I32RemU: this.bin(FOp.I32RemU, -1, false); break;
      case Op.I32And: this.bin(FOp.I32And, FOp.I32AndImm, true); break;
      case Op.I32Or: this.bin(FOp.I32Or, FOp.I32OrImm, true); break;
      case Op.I32Xor: this.bin(FOp.I32Xor, FOp.I32XorImm, true); break;
      case Op.I32Shl: this.bin(FOp.I32Shl, FOp.I32ShlImm, false); break;
      case Op.I32ShrS: this.bin(FOp.I32ShrS, FOp.I32ShrSImm, false); break;
      case Op.I32ShrU: this.bin(FOp.I32ShrU, FOp.I32ShrUImm, false); break;
      case Op.I32Rotl: this.bin(FOp.I32Rotl, FOp.I32RotlImm, false); break;
      case Op.I32Rotr: this.bin(FOp.I32Rotr, FOp.I32RotrImm, false); break;

      case Op.I64Clz: this.un(FOp.I64Clz); break;
      case Op.I64Ctz: this.un(FOp.I64Ctz); break;
      case Op.I64Popcnt: this.un(FOp.I64Popcnt); break;
      case Op.I64Add: this.bin64(FOp.I64Add, FOp.I64AddImm, true); break;
      case Op.I64Sub: this.bin64(FOp.I64Sub, FOp.I64AddImm, false); break;
      case Op.I64Mul: this.bin64(FOp.I64Mul, FOp.I64MulImm, true); break;
      case Op.I64DivS: this.bin(FOp.I64DivS, -1, false); break;
      case Op.I64DivU: this.bin(FOp.I64DivU, -1, false); break;
      case Op.I64RemS: this.bin(FOp.I64RemS, -1, false); break;
      case Op.I64RemU: this.bin(FOp.I64RemU, -1, false); break;
      case Op.I64And: this.bin64(FOp.I64And, FOp.I64AndImm, true); break;
      case Op.I64Or: this.bin64(FOp.I64Or, FOp.I64OrImm, true); break;
      case Op.I64Xor: this.bin64(FOp.I64Xor, FOp.I64XorImm, true); break;
      case Op.I64Shl: this.bin64(FOp.I64Shl, FOp.I64ShlImm, false); break;
      case Op.I64ShrS: this.bin64(FOp.I64ShrS, FOp.I64ShrSImm, false); break;
      case Op.I64ShrU: this.bin64(FOp.I64ShrU, FOp.I64ShrUImm, false); break;
      case Op.I64Rotl: this.bin(FOp.I64Rotl, -1, false); break;
      case Op.I64Rotr: this.bin(FOp.I64Rotr, -1, false); break;

      case Op.F32Abs: this.un(FOp.F32Abs); break;
      case Op.F32Neg: this.un(FOp.F32Neg); break;
      case Op.F32Ceil: this.un(FOp.F32Ceil); break;
      case Op.F32Floor: this.un(FOp.F32Floor); break;
      case Op.F32Trunc: this.un(FOp.F32Trunc); break;
      case Op.F32Nearest: this.un(FOp.F32Nearest); break;
      case Op.F32Sqrt: this.un(FOp.F32Sqrt); break;
      case Op.F32Add: this.bin(FOp.F32Add, -1, false); break;
      case Op.F32Sub: this.bin(FOp.F32Sub, -1, false); break;
      case Op.F32Mul: this.bin(FOp.F32Mul, -1, false); break;
      case Op.F32Div: this.bin(FOp.F32Div, -1, false); break;
      case Op.F32Min: this.bin(FOp.F32Min, -1, false); break;
      case Op.F32Max: this.bin(FOp.F32Max, -1, false); break;
      case Op.F32Copysign: this.bin(FOp.F32Copysign, -1, false); break;
      case Op.F64Abs: this.un(FOp.F64Abs); break;
      case Op.F64Neg: this.un(FOp.F64Neg); break;
      case Op.F64Ceil: this.un(FOp.F64Ceil); break;
      case Op.F64Floor: this.un(FOp.F64Floor); break;
      case Op.F64Trunc: this.un(FOp.F64Trunc); break;
      case Op.F64Nearest: this.un(FOp.F64Nearest); break;
      case Op.F64Sqrt: this.un(FOp.F64Sqrt); break;
      case Op.F64Add: this.binF64(FOp.F64Add, FOp.F64AddK, FOp.F64AddM, true); break;
      case Op.F64Sub: this.binF64(FOp.F64Sub, FOp.F64SubK, FOp.F64SubM, false); break;
      case Op.F64Mul: this.binF64(FOp.F64Mul, FOp.F64MulK, FOp.F64MulM, true); break;
      case Op.F64Div: this.binF64(FOp.F64Div, FOp.F64DivK, -1, false); break;
      case Op.F64Min: this.bin(FOp.F64Min, -1, false); break;
      case Op.F64Max: this.bin(FOp.F64Max, -1, false); break;
      case Op.F64Copysign: this.bin(FOp.F64Copysign, -1, false); break;

      case Op.I32WrapI64: this.un(FOp.I32WrapI64); break;
      case Op.I32TruncF32S: this.un(FOp.I32TruncF32S); break;
      case Op.I32TruncF32U: this.un(FOp.I32TruncF32U); break;
      case Op.I32TruncF64S: this.un(FOp.I32TruncF64S); break;
      case Op.I32TruncF64U: this.un(FOp.I32TruncF64U); break;
      case Op.I64ExtendI32S: this.un(FOp.I64ExtendI32S); break;
      case Op.I64ExtendI32U: this.un(FOp.I64ExtendI32U); break;
      case Op.I64TruncF32S: this.un(FOp.I64TruncF32S); break;
      case Op.I64TruncF32U: this.un(FOp.I64TruncF32U); break;
      case Op.I64TruncF64S: this.un(FOp.I64TruncF64S); break;
      case Op.I64TruncF64U: this.un(FOp.I64TruncF64U); break;
      case Op.F32ConvertI32S: this.un(FOp.F32ConvertI32S); break;
      case Op.F32ConvertI32U: this.un(FOp.F32ConvertI32U); break;
      case Op.F32ConvertI64S: this.un(FOp.F32ConvertI64S); break;
      case Op.F32ConvertI64U: this.un(FOp.F32ConvertI64U); break;
      case Op.F32DemoteF64: this.un(FOp.F32DemoteF64); break;
      case Op.F64ConvertI32S: this.un(FOp.F64ConvertI32S); break;
      case Op.F64ConvertI32U: this.un(FOp.F64ConvertI32U); break;
      case Op.F64ConvertI64S: this.un(FOp.F64ConvertI64S); break;
      case Op.F64ConvertI64U: this.un(FOp.F64ConvertI64U); break;
      case Op.F64PromoteF32: this.un(FOp.F64PromoteF32); break;
      // slots hold bit patterns: reinterpretations are no-ops
      case Op.I32ReinterpretF32: case Op.I64ReinterpretF64:
      case Op.F32ReinterpretI32: case Op.F64ReinterpretI64: break;
      case Op.I32Extend8S: this.un(FOp.I32Extend8S); break;
      case Op.I32Extend16S: this.un(FOp.I32Extend16S); break;
      case Op.I64Extend8S: this.un(FOp.I64Extend8S); break;
      case Op.I64Extend16S: this.un(FOp.I64Extend16S); break;
      case Op.I64Extend32S: this.un(FOp.I64Extend32S); break;

      case Op.RefNull: this.push(CONST, 0); break;
      case Op.RefIsNull: this.un(FOp.I64Eqz); break;
      case Op.RefFunc: {
        let p = this.height;
        this.push(TEMP, 0);
        this.start();
        E.emitRefFunc(b, this.T(p), ins.a);
        this.produced(p, FOp.RefFunc);
        break;
      }
      case Op.PrefixFC: this.fc(ins.sub); break;
    }
  }

  fc(sub: i32): void {
    let ins = this.ins;
    let b = this.buf;
    switch (sub) {
      case OpFC.I32TruncSatF32S: this.un(FOp.I32TruncSatF32S); break;
      case OpFC.I32TruncSatF32U: this.un(FOp.I32TruncSatF32U); break;
      case OpFC.I32TruncSatF64S: this.un(FOp.I32TruncSatF64S); break;
      case OpFC.I32TruncSatF64U: this.un(FOp.I32TruncSatF64U); break;
      case OpFC.I64TruncSatF32S: this.un(FOp.I64TruncSatF32S); break;
      case OpFC.I64TruncSatF32U: this.un(FOp.I64TruncSatF32U); break;
      case OpFC.I64TruncSatF64S: this.un(FOp.I64TruncSatF64S); break;
      case OpFC.I64TruncSatF64U: this.un(FOp.I64TruncSatF64U); break;
      case OpFC.MemoryInit: case OpFC.MemoryCopy: case OpFC.MemoryFill:
      case OpFC.TableInit: case OpFC.TableCopy: case OpFC.TableFill: {
        let pn = this.height - 1, ps = pn - 1, pd = ps - 1;
        let sd = this.slot(pd), ss = this.slot(ps), sn = this.slot(pn);
        this.start();
        if (sub == OpFC.MemoryInit) E.emitMemoryInit(b, ins.a, sd, ss, sn);
        else if (sub == OpFC.MemoryCopy) E.emitMemoryCopy(b, sd, ss, sn);
        else if (sub == OpFC.MemoryFill) E.emitMemoryFill(b, sd, ss, sn);
        else if (sub == OpFC.TableInit) E.emitTableInit(b, ins.a, ins.b, sd, ss, sn);
        else if (sub == OpFC.TableCopy) E.emitTableCopy(b, ins.a, ins.b, sd, ss, sn);
        else E.emitTableFill(b, ins.a, sd, ss, sn);
        this.pop(); this.pop(); this.pop();
        break;
      }
      case OpFC.DataDrop: { this.start(); E.emitDataDrop(b, ins.a); break; }
      case OpFC.ElemDrop: { this.start(); E.emitElemDrop(b, ins.a); break; }
      case OpFC.TableGrow: {
        let pd = this.height - 1, pi = pd - 1;
        let si = this.slot(pi), sd = this.slot(pd);
        this.start();
        E.emitTableGrow(b, this.T(pi), ins.a, si, sd);
        this.pop(); this.pop(); this.push(TEMP, 0);
        this.produced(pi, FOp.TableGrow);
        break;
      }
      case OpFC.TableSize: {
        let p = this.height;
        this.push(TEMP, 0);
        this.start();
        E.emitTableSize(b, this.T(p), ins.a);
        this.produced(p, FOp.TableSize);
        break;
      }
    }
  }

  // ---- conditions ----

  /** Pop the condition on top, remembering its entry for condFromSaved. */
  private savedPos: i32 = 0;
  private savedFusable: bool = false;
  pop2cond(): void {
    let p = this.height - 1;
    this.savedPos = p;
    this.savedFusable = this.lastDstOff >= 0 && this.lastDstPos == p && unchecked(this.kinds[p]) == TEMP;
    this.condKind = unchecked(this.kinds[p]);
    this.condVal = unchecked(this.vals[p]);
    this.pop();
  }

  /** Emit the conditional branch for the condition saved by pop2cond. */
  condFromSaved(whenTrue: bool): usize {
    let p = this.savedPos;
    let b = this.buf;
    if (this.savedFusable && this.lastDstOff >= 0) {
      let op = this.lastOp;
      let at = this.lastStart;
      if (op >= FOp.I32Eq && op <= FOp.I32GeU) {
        let a = b.getU16(at + 4), c = b.getU16(at + 6);
        b.len = at;
        let i = op - FOp.I32Eq;
        if (!whenTrue) i = unchecked(INVERSE[i]);
        let s = this.start();
        E.encodeSSTC(b, FOp.BrIfI32Eq + i, a, c, 0, this.take());
        this.targetAt = s + 6;
        return s;
      }
      if (op >= FOp.I32EqImm && op <= FOp.I32GeUImm) {
        let a = b.getU16(at + 4), k = b.getU32(at + 6);
        b.len = at;
        let i = op - FOp.I32EqImm;
        if (!whenTrue) i = unchecked(INVERSE[i]);
        let s = this.start();
        E.encodeSITC(b, FOp.BrIfI32EqImm + i, a, k, 0, this.take());
        this.targetAt = s + 8;
        return s;
      }
      if (op == FOp.I32Eqz || (this.opt > 0 && op == FOp.I32WrapI64)) {
        // (level >= 1: `br_if_z`/`br_if_nz` test the low 32 bits of the slot,
        // so an `i32.wrap_i64` just computed for them is dropped)
        let a = b.getU16(at + 4);
        b.len = at;
        let s = this.start();
        if (whenTrue == (op == FOp.I32Eqz)) E.emitBrIfZ(b, a, 0, this.take()); else E.emitBrIfNz(b, a, 0, this.take());
        this.targetAt = s + 4;
        return s;
      }
    }
    return this.condSlot(p, whenTrue);
  }

  /** `if`: pop the condition and branch to the else-arm when it is zero. */
  condPop(whenTrue: bool): usize {
    this.pop2cond();
    return this.condFromSaved(whenTrue);
  }

  /** Bind the `if`'s branch to here (the else-arm, or the end). */
  bindElse(c: Ctl): void {
    if (c.elseAt >= 0) {
      this.buf.patchI32(<usize>c.elseAt, <i32>(this.buf.len - c.elseStart));
      c.elseAt = -1;
    }
    this.lastDstOff = -1;
  }
}

/**
 * Translate every defined function of validated module `m` (docs/fast-code-format.md)
 * at optimization level `optLevel` (0: the load-time translator; 1 (the
 * highest): also the AoT-grade fusions of FORMAT_VERSION 4, see
 * docs/fast-code-format.md, "Optimization levels"). Fills `Func.fastCode`, `fastCodeLen`, `frameSize`. Returns false with a
 * resource error when a function's frame exceeds 64 KiB.
 */
export function translateModule(m: Module, optLevel: i32 = 0): bool {
  let t = new Translator(m);
  t.opt = optLevel;
  let bc: u32 = 0, fc: u32 = 0;
  for (let i = 0; i < m.funcs.length; i++) {
    let f = m.funcs[i];
    if (!t.translate(f)) return false;
    bc += <u32>(f.codeEnd - f.codeStart);
    fc += f.fastCodeLen;
  }
  heap.free(t.buf.ptr);
  let b2 = t.buf2;
  if (b2) heap.free(b2.ptr);
  lastBytecodeSize = bc;
  lastCodeSize = fc;
  return true;
}
