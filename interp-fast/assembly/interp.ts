/**
 * The fast interpreter's executor: runs the register-style code that
 * translate.ts makes from validated wasm at load (docs/fast-code-format.md).
 * This is WAMR's "fast interpreter".
 *
 * Like the classic interpreter it never recurses on the host stack for wasm
 * calls (frames live on the ExecEnv value stack, so deep recursion ends in
 * "call stack exhausted"), makes every trap an explicit check with the spec's
 * message (the core's JS build, made by wasm2js, does not trap by itself and
 * trusts alignment hints, so possibly unaligned accesses say `align 1`), and
 * reaches host functions through the same `host_call` import, setting
 * `env.hostCaller` and `env.sp` so that a host function may call back in.
 *
 * Frame (8-byte slots; operands are byte offsets from fp):
 *   fp -> [params][declared locals][frame record: 16 bytes][level 1: constant-pool and global-cache slots][operand slots ...]
 * The frame record holds the caller's resume pc (u32 at +0), fp (+4) and
 * FuncInst (+8; 0 in the frame an invocation starts with).
 *
 * The `case`s between the GENERATED markers come from interp-fast/format.mjs
 * (node interp-fast/gen.mjs); the others are written here.
 */
import { ErrorKind, setErrorCode } from "../../core/assembly/errors";
import { Msg } from "../../core/assembly/messages.generated";
import { FuncInst, Instance, MemInst, GlobalInst, funcs, tableInit, memoryInit } from "../../core/assembly/store";
import { env, backtrace, walkFrames, hostCall } from "../../core/assembly/exec-env";
import { setAt } from "../../core/assembly/module";
import {
  bit, quiet32, quiet64, truncSat32s, truncSat32u, truncSat64s, truncSat64u, i64ToF32, u64ToF32,
} from "../../core/assembly/numeric";
import { FOp, FSize, FOP_COUNT, fopCompact, fopCompactPairs } from "./format.generated";

/**
 * The case label of the generated cases that a build leaves out (no u16
 * opcode): the per-opcode ones with COMPACT_EXECUTOR, the grouped ones
 * without (interp-fast/gen.mjs, "the compact executor's cases").
 */
const NO_CASE: u32 = 0x10000;

// The compact executor's grouped division and conversion cases (run) rely on this order and these sizes (format.mjs).
if (isDefined(COMPACT_EXECUTOR) && (FOp.I32DivU != FOp.I32DivS + 1 || FOp.I32RemS != FOp.I32DivS + 2 || FOp.I32RemU != FOp.I32DivS + 3 ||
  FOp.I64DivU != FOp.I64DivS + 1 || FOp.I64RemS != FOp.I64DivS + 2 || FOp.I64RemU != FOp.I64DivS + 3 || FOp.I64DivS < FOp.I32DivS + 4 ||
  FOp.I32TruncF32U != FOp.I32TruncF32S + 1 || FOp.I32TruncF64S != FOp.I32TruncF32S + 2 || FOp.I32TruncF64U != FOp.I32TruncF32S + 3 ||
  FOp.I64TruncF32S != FOp.I32TruncF32S + 4 || FOp.I64TruncF32U != FOp.I32TruncF32S + 5 || FOp.I64TruncF64S != FOp.I32TruncF32S + 6 ||
  FOp.I64TruncF64U != FOp.I32TruncF32S + 7 || FSize.I32DivS != 8 || FSize.I64RemU != 8 || FSize.I32TruncF32S != 6 || FSize.I64TruncF64U != 6))
  ERROR("interp.ts: the grouped division/conversion cases of the compact executor no longer match format.mjs");

// ---- backtrace of the last trap ----

/** Frame records here hold the caller's fp at +4 and FuncInst at +8 (docs/fast-code-format.md). */
function recordBacktrace(f: FuncInst, fp: usize, entryFp: usize): void { walkFrames(f, fp, entryFp, 4, 8); }

function doTrap(msg: Msg, f: FuncInst, fp: usize, entryFp: usize, a0: u32 = 0): i32 {
  setErrorCode(ErrorKind.Trap, msg, -1, a0);
  recordBacktrace(f, fp, entryFp);
  return ErrorKind.Trap;
}

// @ts-ignore: decorator
@inline function S(pc: usize, off: usize): usize { return <usize>load<u16>(pc + off); }

// ---- dynamic opcode counts (only in the profiling build: interp-fast/tools/profile.mjs) ----

const PROFILE_OPS: usize = 512;
let profCounts: usize = 0;
let profPairs: usize = 0;
let profPrev: u32 = 0;

/** Address of the executed-instruction counters: u64 per opcode (FOp). */
export function profileCounts(): usize {
  if (!profCounts) { profCounts = heap.alloc(PROFILE_OPS << 3); memory.fill(profCounts, 0, PROFILE_OPS << 3); }
  return profCounts;
}
/** Address of the counters of consecutive pairs: u64 per (previous opcode * 256 + opcode). */
export function profilePairs(): usize {
  if (!profPairs) { profPairs = heap.alloc(PROFILE_OPS * PROFILE_OPS << 3); memory.fill(profPairs, 0, PROFILE_OPS * PROFILE_OPS << 3); }
  return profPairs;
}

// @ts-ignore: decorator
@inline function profile(op: u32): void {
  let c = profileCounts() + (<usize>op << 3);
  store<u64>(c, load<u64>(c) + 1);
  let p = profilePairs() + ((<usize>profPrev * PROFILE_OPS + <usize>op) << 3);
  store<u64>(p, load<u64>(p) + 1);
  profPrev = op;
}

/**
 * Execute function `f` with its arguments in the `numParams` slots at
 * `env.sp`. On success the results are in the slots from the same address
 * and 0 is returned; otherwise an ErrorKind (Trap, Exhaustion, Host) with the
 * error recorded and `backtrace` filled (innermost first). Same contract as
 * the classic interpreter's `execute`.
 */
export function executeFast(f: FuncInst): i32 {
  let entrySp = env.sp;
  if (f.hostId >= 0) {
    env.sp = entrySp + (<usize>max<u32>(f.numParams, f.numResults) << 3);
    env.hostCaller = -1;
    let status = hostCall(f.hostId, entrySp, f.numParams, f.numResults);
    env.sp = entrySp;
    if (status != 0) { setErrorCode(ErrorKind.Host, Msg.HostRaised); backtrace.length = 0; return ErrorKind.Host; }
    return 0;
  }
  let fp = entrySp;
  if (fp + <usize>f.frameSize > env.stackEnd) {
    setErrorCode(ErrorKind.Exhaustion, Msg.CallStackExhausted);
    backtrace.length = 0;
    return ErrorKind.Exhaustion;
  }
  memory.fill(fp + (<usize>f.numParams << 3), 0, <usize>(f.numLocals - f.numParams) << 3);
  let rec = fp + (<usize>f.numLocals << 3);
  store<u32>(rec, 0, 0);
  store<u32>(rec, 0, 4);
  store<u32>(rec, 0, 8);
  env.depth++;
  let status = run(f, f.code, fp, fp, entrySp);
  env.depth--;
  return status;
}

/**
 * Continue the invocation suspended when its instruction budget ran out
 * (`env.suspended`), with the budget now in `env.fuel`. Returns as `executeFast`.
 */
export function resumeFast(): i32 {
  // only a build with INSTRUCTION_METERING suspends here (outOfFuel): without it there is nothing to resume
  if (!isDefined(INSTRUCTION_METERING) || !env.suspended) { setErrorCode(ErrorKind.Trap, Msg.NothingToResume); return ErrorKind.Trap; }
  env.suspended = false;
  let f = changetype<FuncInst>(env.sFunc);
  // the host may have set globals meanwhile: reload the suspended frame's global-cache slots (its callers'
  // frames are at calls, after which their code reads no slot before refreshing it; docs/fast-code-format.md)
  let gc = f.gcache;
  if (gc) {
    let gl = changetype<Instance>(f.instance).globals;
    for (let i = 0; i < gc.length; i++) { let e = unchecked(gc[i]); store<u64>(env.sFp + <usize>(e & 0xffff), unchecked(gl[e >>> 16]).value); }
  }
  env.depth++;
  let status = run(f, env.sPc, env.sFp, env.sEntryFp, env.sEntrySp);
  env.depth--;
  return status;
}

// ---- the state of the running invocation that the dispatch loop rarely uses ----
//
// run() keeps only what nearly every instruction needs in locals (pc, fp,
// memBase, memSize and the budget); the current function, instance, memory
// and the invocation's entry fp/sp live in these module globals. V8's
// optimizing compiler (TurboFan) allocates registers across the whole
// dispatch loop: with a local more than it has registers for, every handler
// paid for spills (the budget local alone made the metered build 1.2-3x
// slower than one without metering; docs/fast-code-format.md, "Metering").
// A host function may call back in: run() saves and restores them around
// host calls. Addresses, not references: the store keeps the objects alive.

let runFuncAddr: usize = 0;  // FuncInst of the current frame
let runInstAddr: usize = 0;  // its Instance
let runGlobals: usize = 0;   // the data of its Array<GlobalInst> (set with runInstAddr; two loads fewer per global access)
let runMemAddr: usize = 0;   // that instance's memory 0 (MemInst), or 0
let runEntryFp: usize = 0;   // the invocation's first frame
let runEntrySp: usize = 0;   // env.sp when the invocation started
// @ts-ignore: decorator
@inline function runFunc(): FuncInst { return changetype<FuncInst>(runFuncAddr); }
// @ts-ignore: decorator
@inline function runInst(): Instance { return changetype<Instance>(runInstAddr); }
/** Global `i` of the running instance, through runGlobals. */
// @ts-ignore: decorator
@inline function globalAt(i: u32): GlobalInst { return changetype<GlobalInst>(load<usize>(runGlobals + (<usize>i << alignof<usize>()))); }

/** Trap in the running invocation, at the frame `fp` of the current function. */
function trap(msg: Msg, fp: usize, a0: u32 = 0): i32 {
  return doTrap(msg, runFunc(), fp, runEntryFp, a0);
}

// ---- instruction metering (docs/fast-code-format.md, "Metering") ----

/** The budget as the executor's local: +Infinity when unlimited (i64.MAX_VALUE in `env.fuel`). */
// @ts-ignore: decorator
@inline function loadFuel(): f64 { return env.fuel == i64.MAX_VALUE ? Infinity : <f64>env.fuel; }
// @ts-ignore: decorator
@inline function saveFuel(fuel: f64): void { env.fuel = fuel == Infinity ? i64.MAX_VALUE : <i64>fuel; }

/**
 * The budget ran out at a check point (a taken branch, or a call before it
 * is made): suspend the outermost invocation when allowed, else trap with
 * WAMR's "instruction limit exceeded". As the classic interpreter's.
 */
function outOfFuel(pc: usize, fp: usize): i32 {
  env.fuel = 0;
  if (env.suspendable && env.depth == 1) {
    env.suspended = true;
    env.sFunc = runFuncAddr;
    env.sPc = pc;
    env.sFp = fp;
    env.sEntryFp = runEntryFp;
    env.sEntrySp = runEntrySp;
    env.sp = fp + <usize>runFunc().frameSize; // keep the suspended frames; other calls run above them
    setErrorCode(ErrorKind.Suspended, Msg.Suspended);
    return ErrorKind.Suspended;
  }
  return trap(Msg.FuelExhausted, fp);
}

/** The executor loop, from the given state (an invocation's start, or where it was suspended). */
function run(f: FuncInst, pc: usize, fp: usize, entryFp: usize, entrySp: usize): i32 {
  runFuncAddr = changetype<usize>(f); runEntryFp = entryFp; runEntrySp = entrySp;
  let fuel: f64 = 0;
  if (isDefined(INSTRUCTION_METERING)) fuel = loadFuel();
  runInstAddr = changetype<usize>(f.instance);
  runGlobals = runInst().globals.dataStart;
  runMemAddr = changetype<usize>(runInst().memories.length ? unchecked(runInst().memories[0]) : null);
  let memBase: usize = runMemAddr ? changetype<MemInst>(runMemAddr).base : 0;
  let memSize: u64 = runMemAddr ? changetype<MemInst>(runMemAddr).byteLength : 0;

  let pq: u32 = 0; // COMPACT_EXECUTOR: the halves of a pair still to run (x | y << 16, then y)

  while (true) {
    let op: u32 = 0;
    if (isDefined(COMPACT_EXECUTOR)) {
      op = <u32>load<u16>(pc);
      if (pq) {
        op = pq & 0xffff;
        if (pq < 0x10000) pc -= 2; // y: its operands follow x's, its virtual opcode overlaps x's last unit
        pq >>>= 16;
      }
    }
    // (a pair's halves count as their own opcodes in the compact executor)
    if (isDefined(FAST_PROFILE)) profile(isDefined(COMPACT_EXECUTOR) ? op : <u32>load<u16>(pc));
    if (isDefined(COMPACT_EXECUTOR)) {
      // ---- GENERATED COMPACT BEGIN (node interp-fast/gen.mjs; do not edit by hand)
      let e = op < <u32>FOP_COUNT ? <u32>load<u16>(fopCompact() + (<usize>op << 1)) : 0;
      let form = e >> 8, arm = e & 0xff;
      if (form != 0 && form <= 10) { // arithmetic, comparisons, branches
        let A: u64 = 0, B: u64 = 0; let n: usize = 0, t: usize = 0;
        switch (form) {
          case 1: { t = 2; break; } // br
          case 2: { A = load<u64>(fp + <usize>load<u16>(pc, 2)); t = 4; break; } // brz
          case 3: { A = load<u64>(fp + <usize>load<u16>(pc, 4)); B = load<u64>(fp + <usize>load<u16>(pc, 6)); n = 8; break; } // bin
          case 4: { A = load<u64>(fp + <usize>load<u16>(pc, 4)); n = 6; break; } // un
          case 5: { A = load<u64>(fp + <usize>load<u16>(pc, 4)); B = <u64>load<u32>(pc, 6, 2); n = 10; break; } // imm
          case 6: { A = load<u64>(fp + <usize>load<u16>(pc, 4)); B = <u64><i64>load<i32>(pc, 6, 2); n = 10; break; } // imm64
          case 7: { A = load<u64>(fp + <usize>load<u16>(pc, 4)); B = load<u64>(pc, 6, 2); n = 14; break; } // fk
          case 8: { A = load<u64>(fp + <usize>load<u16>(pc, 4)); B = <u64>(load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); n = 12; break; } // addshl
          case 9: { A = load<u64>(fp + <usize>load<u16>(pc, 2)); B = load<u64>(fp + <usize>load<u16>(pc, 4)); t = 6; break; } // brc
          case 10: { A = load<u64>(fp + <usize>load<u16>(pc, 2)); B = <u64>load<u32>(pc, 4, 2); t = 8; break; } // brci
        }
        let r: u64 = 0;
        switch (arm) {
          case 0: { r = bit(true); break; } // br
          case 1: { let a = <i32>A; r = bit(a != 0); break; } // br_if_nz
          case 2: { let a = <i32>A; r = bit(a == 0); break; } // br_if_z i32_eqz
          case 3: { let a = <i32>A; let b = <i32>B; r = bit(a == b); break; } // i32_eq i32_eq_imm br_if_i32_eq br_if_i32_eq_imm
          case 4: { let a = <i32>A; let b = <i32>B; r = bit(a != b); break; } // i32_ne i32_ne_imm br_if_i32_ne br_if_i32_ne_imm
          case 5: { let a = <i32>A; let b = <i32>B; r = bit(a < b); break; } // i32_lt_s i32_lt_s_imm br_if_i32_lt_s br_if_i32_lt_s_imm
          case 6: { let a = <u32>A; let b = <u32>B; r = bit(a < b); break; } // i32_lt_u i32_lt_u_imm br_if_i32_lt_u br_if_i32_lt_u_imm
          case 7: { let a = <i32>A; let b = <i32>B; r = bit(a > b); break; } // i32_gt_s i32_gt_s_imm br_if_i32_gt_s br_if_i32_gt_s_imm
          case 8: { let a = <u32>A; let b = <u32>B; r = bit(a > b); break; } // i32_gt_u i32_gt_u_imm br_if_i32_gt_u br_if_i32_gt_u_imm
          case 9: { let a = <i32>A; let b = <i32>B; r = bit(a <= b); break; } // i32_le_s i32_le_s_imm br_if_i32_le_s br_if_i32_le_s_imm
          case 10: { let a = <u32>A; let b = <u32>B; r = bit(a <= b); break; } // i32_le_u i32_le_u_imm br_if_i32_le_u br_if_i32_le_u_imm
          case 11: { let a = <i32>A; let b = <i32>B; r = bit(a >= b); break; } // i32_ge_s i32_ge_s_imm br_if_i32_ge_s br_if_i32_ge_s_imm
          case 12: { let a = <u32>A; let b = <u32>B; r = bit(a >= b); break; } // i32_ge_u i32_ge_u_imm br_if_i32_ge_u br_if_i32_ge_u_imm
          case 13: { let a = <u32>A; r = <u64><u32>(clz<u32>(a)); break; } // i32_clz
          case 14: { let a = <u32>A; r = <u64><u32>(ctz<u32>(a)); break; } // i32_ctz
          case 15: { let a = <u32>A; r = <u64><u32>(popcnt<u32>(a)); break; } // i32_popcnt
          case 16: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a + b); break; } // i32_add i32_add_imm i32_add_shl
          case 17: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a - b); break; } // i32_sub
          case 18: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a * b); break; } // i32_mul i32_mul_imm
          case 19: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a & b); break; } // i32_and i32_and_imm
          case 20: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a | b); break; } // i32_or i32_or_imm
          case 21: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a ^ b); break; } // i32_xor i32_xor_imm
          case 22: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a << (b & 31)); break; } // i32_shl i32_shl_imm
          case 23: { let a = <i32>A; let b = <i32>B; r = <u64><u32>(a >> (b & 31)); break; } // i32_shr_s i32_shr_s_imm
          case 24: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(a >>> (b & 31)); break; } // i32_shr_u i32_shr_u_imm
          case 25: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(rotl<u32>(a, b)); break; } // i32_rotl i32_rotl_imm
          case 26: { let a = <u32>A; let b = <u32>B; r = <u64><u32>(rotr<u32>(a, b)); break; } // i32_rotr i32_rotr_imm
          case 27: { let a = <i32>A; r = <u64><u32>(<i32><i8>a); break; } // i32_extend8_s
          case 28: { let a = <i32>A; r = <u64><u32>(<i32><i16>a); break; } // i32_extend16_s
          case 29: { let a = <i64>A; r = bit(a == 0); break; } // i64_eqz
          case 30: { let a = <i64>A; let b = <i64>B; r = bit(a == b); break; } // i64_eq
          case 31: { let a = <i64>A; let b = <i64>B; r = bit(a != b); break; } // i64_ne
          case 32: { let a = <i64>A; let b = <i64>B; r = bit(a < b); break; } // i64_lt_s
          case 33: { let a = A; let b = B; r = bit(a < b); break; } // i64_lt_u
          case 34: { let a = <i64>A; let b = <i64>B; r = bit(a > b); break; } // i64_gt_s
          case 35: { let a = A; let b = B; r = bit(a > b); break; } // i64_gt_u
          case 36: { let a = <i64>A; let b = <i64>B; r = bit(a <= b); break; } // i64_le_s
          case 37: { let a = A; let b = B; r = bit(a <= b); break; } // i64_le_u
          case 38: { let a = <i64>A; let b = <i64>B; r = bit(a >= b); break; } // i64_ge_s
          case 39: { let a = A; let b = B; r = bit(a >= b); break; } // i64_ge_u
          case 40: { let a = A; r = <u64>(clz<u64>(a)); break; } // i64_clz
          case 41: { let a = A; r = <u64>(ctz<u64>(a)); break; } // i64_ctz
          case 42: { let a = A; r = <u64>(popcnt<u64>(a)); break; } // i64_popcnt
          case 43: { let a = A; let b = B; r = <u64>(a + b); break; } // i64_add i64_add_imm
          case 44: { let a = A; let b = B; r = <u64>(a - b); break; } // i64_sub
          case 45: { let a = A; let b = B; r = <u64>(a * b); break; } // i64_mul i64_mul_imm
          case 46: { let a = A; let b = B; r = <u64>(a & b); break; } // i64_and i64_and_imm
          case 47: { let a = A; let b = B; r = <u64>(a | b); break; } // i64_or i64_or_imm
          case 48: { let a = A; let b = B; r = <u64>(a ^ b); break; } // i64_xor i64_xor_imm
          case 49: { let a = A; let b = B; r = <u64>(a << (b & 63)); break; } // i64_shl i64_shl_imm
          case 50: { let a = <i64>A; let b = <i64>B; r = <u64>(a >> (b & 63)); break; } // i64_shr_s i64_shr_s_imm
          case 51: { let a = A; let b = B; r = <u64>(a >>> (b & 63)); break; } // i64_shr_u i64_shr_u_imm
          case 52: { let a = A; let b = B; r = <u64>(rotl<u64>(a, b)); break; } // i64_rotl
          case 53: { let a = A; let b = B; r = <u64>(rotr<u64>(a, b)); break; } // i64_rotr
          case 54: { let a = <i64>A; r = <u64>(<i64><i8>a); break; } // i64_extend8_s
          case 55: { let a = <i64>A; r = <u64>(<i64><i16>a); break; } // i64_extend16_s
          case 56: { let a = <i64>A; r = <u64>(<i64><i32>a); break; } // i64_extend32_s
          case 57: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = bit(a == b); break; } // f32_eq
          case 58: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = bit(a != b); break; } // f32_ne
          case 59: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = bit(a < b); break; } // f32_lt
          case 60: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = bit(a > b); break; } // f32_gt
          case 61: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = bit(a <= b); break; } // f32_le
          case 62: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = bit(a >= b); break; } // f32_ge
          case 63: { let a = <u32>A; r = <u64><u32>(a & 0x7fffffff); break; } // f32_abs
          case 64: { let a = <u32>A; r = <u64><u32>(a ^ 0x80000000); break; } // f32_neg
          case 65: { let a = <u32>A; let b = <u32>B; r = <u64><u32>((a & 0x7fffffff) | (b & 0x80000000)); break; } // f32_copysign
          case 66: { let a = reinterpret<f32>(<u32>A); r = quiet32(Mathf.ceil(a)); break; } // f32_ceil
          case 67: { let a = reinterpret<f32>(<u32>A); r = quiet32(Mathf.floor(a)); break; } // f32_floor
          case 68: { let a = reinterpret<f32>(<u32>A); r = quiet32(Mathf.trunc(a)); break; } // f32_trunc
          case 69: { let a = reinterpret<f32>(<u32>A); r = quiet32(nearest<f32>(a)); break; } // f32_nearest
          case 70: { let a = reinterpret<f32>(<u32>A); r = quiet32(sqrt<f32>(a)); break; } // f32_sqrt
          case 71: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = <u64>reinterpret<u32>(<f32>(a + b)); break; } // f32_add
          case 72: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = <u64>reinterpret<u32>(<f32>(a - b)); break; } // f32_sub
          case 73: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = <u64>reinterpret<u32>(<f32>(a * b)); break; } // f32_mul
          case 74: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = <u64>reinterpret<u32>(<f32>(a / b)); break; } // f32_div
          case 75: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = <u64>reinterpret<u32>(<f32>(min<f32>(a, b))); break; } // f32_min
          case 76: { let a = reinterpret<f32>(<u32>A); let b = reinterpret<f32>(<u32>B); r = <u64>reinterpret<u32>(<f32>(max<f32>(a, b))); break; } // f32_max
          case 77: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = bit(a == b); break; } // f64_eq
          case 78: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = bit(a != b); break; } // f64_ne
          case 79: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = bit(a < b); break; } // f64_lt
          case 80: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = bit(a > b); break; } // f64_gt
          case 81: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = bit(a <= b); break; } // f64_le
          case 82: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = bit(a >= b); break; } // f64_ge
          case 83: { let a = A; r = <u64>(a & 0x7fffffffffffffff); break; } // f64_abs
          case 84: { let a = A; r = <u64>(a ^ 0x8000000000000000); break; } // f64_neg
          case 85: { let a = A; let b = B; r = <u64>((a & 0x7fffffffffffffff) | (b & 0x8000000000000000)); break; } // f64_copysign
          case 86: { let a = reinterpret<f64>(A); r = quiet64(Math.ceil(a)); break; } // f64_ceil
          case 87: { let a = reinterpret<f64>(A); r = quiet64(Math.floor(a)); break; } // f64_floor
          case 88: { let a = reinterpret<f64>(A); r = quiet64(Math.trunc(a)); break; } // f64_trunc
          case 89: { let a = reinterpret<f64>(A); r = quiet64(nearest<f64>(a)); break; } // f64_nearest
          case 90: { let a = reinterpret<f64>(A); r = quiet64(sqrt<f64>(a)); break; } // f64_sqrt
          case 91: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = reinterpret<u64>(<f64>(a + b)); break; } // f64_add f64_add_k
          case 92: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = reinterpret<u64>(<f64>(a - b)); break; } // f64_sub f64_sub_k
          case 93: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = reinterpret<u64>(<f64>(a * b)); break; } // f64_mul f64_mul_k
          case 94: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = reinterpret<u64>(<f64>(a / b)); break; } // f64_div f64_div_k
          case 95: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = reinterpret<u64>(<f64>(min<f64>(a, b))); break; } // f64_min
          case 96: { let a = reinterpret<f64>(A); let b = reinterpret<f64>(B); r = reinterpret<u64>(<f64>(max<f64>(a, b))); break; } // f64_max
          case 97: { let a = A; r = <u64><u32>(<u32>a); break; } // i32_wrap_i64
          case 98: { let a = reinterpret<f32>(<u32>A); r = <u64><u32>(truncSat32s(<f64>a)); break; } // i32_trunc_sat_f32_s
          case 99: { let a = reinterpret<f32>(<u32>A); r = <u64><u32>(truncSat32u(<f64>a)); break; } // i32_trunc_sat_f32_u
          case 100: { let a = reinterpret<f64>(A); r = <u64><u32>(truncSat32s(a)); break; } // i32_trunc_sat_f64_s
          case 101: { let a = reinterpret<f64>(A); r = <u64><u32>(truncSat32u(a)); break; } // i32_trunc_sat_f64_u
          case 102: { let a = reinterpret<f32>(<u32>A); r = <u64>(truncSat64s(<f64>a)); break; } // i64_trunc_sat_f32_s
          case 103: { let a = reinterpret<f32>(<u32>A); r = <u64>(truncSat64u(<f64>a)); break; } // i64_trunc_sat_f32_u
          case 104: { let a = reinterpret<f64>(A); r = <u64>(truncSat64s(a)); break; } // i64_trunc_sat_f64_s
          case 105: { let a = reinterpret<f64>(A); r = <u64>(truncSat64u(a)); break; } // i64_trunc_sat_f64_u
          case 106: { let a = <i32>A; r = <u64>(<i64>a); break; } // i64_extend_i32_s
          case 107: { let a = <u32>A; r = <u64>(<u64>a); break; } // i64_extend_i32_u
          case 108: { let a = <i32>A; r = <u64>reinterpret<u32>(<f32>(<f32>a)); break; } // f32_convert_i32_s
          case 109: { let a = <u32>A; r = <u64>reinterpret<u32>(<f32>(<f32>a)); break; } // f32_convert_i32_u
          case 110: { let a = <i64>A; r = <u64>reinterpret<u32>(<f32>(i64ToF32(a))); break; } // f32_convert_i64_s
          case 111: { let a = A; r = <u64>reinterpret<u32>(<f32>(u64ToF32(a))); break; } // f32_convert_i64_u
          case 112: { let a = reinterpret<f64>(A); r = <u64>reinterpret<u32>(<f32>(<f32>a)); break; } // f32_demote_f64
          case 113: { let a = <i32>A; r = reinterpret<u64>(<f64>(<f64>a)); break; } // f64_convert_i32_s
          case 114: { let a = <u32>A; r = reinterpret<u64>(<f64>(<f64>a)); break; } // f64_convert_i32_u
          case 115: { let a = <i64>A; r = reinterpret<u64>(<f64>(<f64>a)); break; } // f64_convert_i64_s
          case 116: { let a = A; r = reinterpret<u64>(<f64>(<f64>a)); break; } // f64_convert_i64_u
          case 117: { let a = reinterpret<f32>(<u32>A); r = reinterpret<u64>(<f64>(<f64>a)); break; } // f64_promote_f32
        }
        if (t) { if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc + t, 4); if (r) { pc += <usize>load<i32>(pc + t, 0, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += t + 6; }
        else { store<u64>(fp + <usize>load<u16>(pc, 2), r); pc += n; }
        continue;
      }
      if (form != 0 && form <= 17) { // loads and stores
        let ea: u64 = 0; let n: usize = 0, v: usize = 0;
        switch (form) {
          case 11: { ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); n = 10; break; } // load
          case 12: { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); ea = <u64>x + <u64>load<u32>(pc, 10, 2); n = 14; break; } // loadai
          case 13: { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); ea = <u64>x + <u64>load<u32>(pc, 12, 2); n = 16; break; } // loadx
          case 14: { ea = <u64>load<u32>(pc, 4, 2); n = 8; break; } // loadk
          case 15: { ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); v = 4; n = 10; break; } // store
          case 16: { ea = <u64>load<u32>(pc, 2, 2); v = 6; n = 8; break; } // storek
          case 17: { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); ea = <u64>x + <u64>load<u32>(pc, 12, 2); n = 16; break; } // fm
        }
        switch (arm) {
          case 0: { if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u32>(memBase + <usize>ea, 0, 1)); break; } // i32_load i32_load_ai i32_load_k i32_load_x
          case 1: { if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), load<u64>(memBase + <usize>ea, 0, 1)); break; } // i64_load i64_load_ai i64_load_k i64_load_x
          case 2: { if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i8>(memBase + <usize>ea)); break; } // i32_load8_s i32_load8_s_ai i32_load8_s_x
          case 3: { if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u8>(memBase + <usize>ea)); break; } // i32_load8_u i32_load8_u_ai i32_load8_u_x
          case 4: { if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i16>(memBase + <usize>ea, 0, 1)); break; } // i32_load16_s i32_load16_s_ai i32_load16_s_x
          case 5: { if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u16>(memBase + <usize>ea, 0, 1)); break; } // i32_load16_u i32_load16_u_ai i32_load16_u_x
          case 6: { if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i8>(memBase + <usize>ea)); break; } // i64_load8_s i64_load8_s_ai i64_load8_s_x
          case 7: { if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i16>(memBase + <usize>ea, 0, 1)); break; } // i64_load16_s i64_load16_s_ai i64_load16_s_x
          case 8: { if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i32>(memBase + <usize>ea, 0, 1)); break; } // i64_load32_s i64_load32_s_ai i64_load32_s_x
          case 9: { if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u32>(memBase + <usize>ea, load<u32>(fp + <usize>load<u16>(pc + v)), 0, 1); break; } // i32_store i32_store_k
          case 10: { if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(memBase + <usize>ea, load<u64>(fp + <usize>load<u16>(pc + v)), 0, 1); break; } // i64_store i64_store_k
          case 11: { if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u8>(memBase + <usize>ea, load<u8>(fp + <usize>load<u16>(pc + v))); break; } // i32_store8
          case 12: { if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u16>(memBase + <usize>ea, load<u16>(fp + <usize>load<u16>(pc + v)), 0, 1); break; } // i32_store16
          case 13: { if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a + b); break; } // f64_add_m
          case 14: { if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a - b); break; } // f64_sub_m
          case 15: { if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a * b); break; } // f64_mul_m
        }
        pc += n;
        continue;
      }
      if (form == 18) { // a pair: its halves x, y (format.mjs PAIRS)
        pq = load<u32>(fopCompactPairs() + (<usize>arm << 2));
        continue;
      }
      // ---- GENERATED COMPACT END
      // integer division and float-to-integer conversions (they trap), grouped as the generated
      // cases are: the operands decoded once (the per-opcode cases below are left out)
      if (op - <u32>FOp.I32DivS < 4 || op - <u32>FOp.I64DivS < 4) {
        let k = op - (op < <u32>FOp.I64DivS ? <u32>FOp.I32DivS : <u32>FOp.I64DivS); // 0 div_s, 1 div_u, 2 rem_s, 3 rem_u
        let A = load<u64>(fp + S(pc, 4)), B = load<u64>(fp + S(pc, 6));
        let r: u64;
        if (op < <u32>FOp.I64DivS) {
          let a = <u32>A, b = <u32>B;
          if (b == 0) return trap(Msg.DivByZero, fp);
          if (k == 0 && a == 0x80000000 && b == 0xffffffff) return trap(Msg.IntOverflow, fp);
          r = <u64>(k == 0 ? <u32>(<i32>a / <i32>b) : k == 1 ? a / b : k == 3 ? a % b : b == 0xffffffff ? 0 : <u32>(<i32>a % <i32>b));
        } else {
          if (B == 0) return trap(Msg.DivByZero, fp);
          if (k == 0 && A == 0x8000000000000000 && B == u64.MAX_VALUE) return trap(Msg.IntOverflow, fp);
          r = k == 0 ? <u64>(<i64>A / <i64>B) : k == 1 ? A / B : k == 3 ? A % B : B == u64.MAX_VALUE ? 0 : <u64>(<i64>A % <i64>B);
        }
        store<u64>(fp + S(pc, 2), r);
        pc += FSize.I32DivS;
        continue;
      }
      if (op - <u32>FOp.I32TruncF32S < 8) {
        let k = op - <u32>FOp.I32TruncF32S; // bit 0: unsigned, bit 1: from f64, bit 2: to i64
        let x: f64 = k & 2 ? load<f64>(fp + S(pc, 4)) : <f64>load<f32>(fp + S(pc, 4));
        if (x != x) return trap(Msg.InvalidConversion, fp);
        let inRange = k & 1 ? x > -1.0 && x < (k & 4 ? 18446744073709551616.0 : 4294967296.0)
          : k & 4 ? x >= -9223372036854775808.0 && x < 9223372036854775808.0 : x > -2147483649.0 && x < 2147483648.0;
        if (!inRange) return trap(Msg.IntOverflow, fp);
        store<u64>(fp + S(pc, 2), k & 4 ? (k & 1 ? <u64>x : <u64><i64>x) : <u64>(k & 1 ? <u32>x : <u32><i32>x));
        pc += FSize.I32TruncF32S;
        continue;
      }
    }
    // (with COMPACT_EXECUTOR the mask tells Binaryen that no opcode equals NO_CASE)
    switch (isDefined(COMPACT_EXECUTOR) ? op & 0xffff : <u32>load<u16>(pc)) {
      // ---- control ----
      case FOp.Unreachable: return trap(Msg.Unreachable, fp);
      case FOp.BrTable: {
        if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 4);
        let i = load<u32>(fp + S(pc, 2));
        let n = load<u32>(pc, 6, 2);
        if (i > n) i = n;
        pc += <usize>load<i32>(pc + FSize.BrTable + (<usize>i << 2), 0, 2);
        if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp);
        break;
      }
      case FOp.Fuel: { if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i32>(pc, 2, 2); pc += FSize.Fuel; break; }
      case FOp.Return0: case FOp.Return1: case FOp.ReturnN: {
        let op = <u32>load<u16>(pc);
        // read the frame record before the results overwrite it
        let r = fp + (<usize>runFunc().numLocals << 3);
        let retPc = load<usize>(r, 0);
        let callerFp = load<usize>(r, 4);
        let callerFunc = load<usize>(r, 8);
        if (op == FOp.Return1) {
          if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 4);
          store<u64>(fp, load<u64>(fp + S(pc, 2)));
        } else if (op == FOp.ReturnN) {
          if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 8);
          memory.copy(fp, fp + S(pc, 6), <usize>load<u32>(pc, 2, 2) << 3);
        } else if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 2);
        if (!callerFunc) {
          env.sp = runEntrySp;
          if (isDefined(INSTRUCTION_METERING)) saveFuel(fuel);
          return 0;
        }
        pc = retPc;
        fp = callerFp;
        runFuncAddr = callerFunc;
        // back in another instance's function: its globals and memory (within one
        // instance, memBase/memSize already follow every memory.grow and host call)
        let ri = changetype<usize>(runFunc().instance);
        if (ri != runInstAddr) {
          runInstAddr = ri;
          runGlobals = runInst().globals.dataStart;
          runMemAddr = changetype<usize>(runInst().memories.length ? unchecked(runInst().memories[0]) : null);
          memBase = runMemAddr ? changetype<MemInst>(runMemAddr).base : 0;
          memSize = runMemAddr ? changetype<MemInst>(runMemAddr).byteLength : 0;
        }
        break;
      }
      case FOp.Call: case FOp.CallIndirect: {
        let callee: FuncInst;
        let nfp: usize;
        if (<u32>load<u16>(pc) == FOp.Call) {
          if (isDefined(INSTRUCTION_METERING)) {
            fuel -= <f64>load<i16>(pc, 8);
            if (fuel < 0) return outOfFuel(pc, fp);
          }
          callee = unchecked(runInst().funcs[load<u32>(pc, 2, 2)]);
          nfp = fp + S(pc, 6);
          pc += FSize.Call;
        } else {
          if (isDefined(INSTRUCTION_METERING)) {
            fuel -= <f64>load<i16>(pc, 14);
            if (fuel < 0) return outOfFuel(pc, fp);
          }
          let tab = unchecked(runInst().tables[load<u32>(pc, 6, 2)]);
          let i = load<u32>(fp + S(pc, 10));
          if (i >= tab.size) return trap(Msg.UndefinedElement, fp);
          let ref = load<u32>(tab.data + (<usize>i << 2));
          if (!ref) return trap(Msg.UninitializedElement, fp, i);
          callee = unchecked(funcs[ref - 1]);
          if (callee.type.id != unchecked(runInst().typeIds[load<u32>(pc, 2, 2)])) return trap(Msg.IndirectCallType, fp);
          nfp = fp + S(pc, 12);
          pc += FSize.CallIndirect;
        }
        if (callee.hostId >= 0) {
          // a host function calling back into wasm starts above the argument/result slots
          env.sp = nfp + (<usize>max<u32>(callee.numParams, callee.numResults) << 3);
          env.hostCaller = <i32>runInst().addr;
          if (isDefined(INSTRUCTION_METERING)) saveFuel(fuel);
          // the host may call back in (a nested run() replaces the state above)
          let sFunc = runFuncAddr, sInst = runInstAddr, sMem = runMemAddr, sEntryFp = runEntryFp, sEntrySp = runEntrySp;
          let status = hostCall(callee.hostId, nfp, callee.numParams, callee.numResults);
          runFuncAddr = sFunc; runInstAddr = sInst; runMemAddr = sMem; runEntryFp = sEntryFp; runEntrySp = sEntrySp;
          runGlobals = runInst().globals.dataStart;
          if (isDefined(INSTRUCTION_METERING)) fuel = loadFuel();
          env.sp = runEntrySp;
          if (status != 0) {
            setErrorCode(ErrorKind.Host, Msg.HostRaised);
            recordBacktrace(runFunc(), fp, runEntryFp);
            return ErrorKind.Host;
          }
          // the host may have grown or replaced memory
          memBase = runMemAddr ? changetype<MemInst>(runMemAddr).base : 0;
          memSize = runMemAddr ? changetype<MemInst>(runMemAddr).byteLength : 0;
          break;
        }
        if (nfp + <usize>callee.frameSize > env.stackEnd) {
          setErrorCode(ErrorKind.Exhaustion, Msg.CallStackExhausted);
          recordBacktrace(runFunc(), fp, runEntryFp);
          env.sp = runEntrySp;
          return ErrorKind.Exhaustion;
        }
        let nl = callee.numLocals - callee.numParams;
        if (nl) memory.fill(nfp + (<usize>callee.numParams << 3), 0, <usize>nl << 3);
        let nrec = nfp + (<usize>callee.numLocals << 3);
        store<usize>(nrec, pc, 0);
        store<usize>(nrec, fp, 4);
        store<usize>(nrec, runFuncAddr, 8);
        runFuncAddr = changetype<usize>(callee);
        fp = nfp;
        pc = runFunc().code;
        let ci = changetype<Instance>(runFunc().instance);
        if (ci !== runInst()) {
          runInstAddr = changetype<usize>(ci);
          runGlobals = ci.globals.dataStart;
          runMemAddr = changetype<usize>(runInst().memories.length ? unchecked(runInst().memories[0]) : null);
          memBase = runMemAddr ? changetype<MemInst>(runMemAddr).base : 0;
          memSize = runMemAddr ? changetype<MemInst>(runMemAddr).byteLength : 0;
        }
        break;
      }

      // ---- moves, constants, variables ----
      case FOp.Copy: { store<u64>(fp + S(pc, 2), load<u64>(fp + S(pc, 4))); pc += FSize.Copy; break; }
      case FOp.Const32: { store<u64>(fp + S(pc, 2), <u64>load<u32>(pc, 4, 2)); pc += FSize.Const32; break; }
      case FOp.Const64: { store<u64>(fp + S(pc, 2), load<u64>(pc, 4, 2)); pc += FSize.Const64; break; }
      case FOp.Select: {
        let v = load<i32>(fp + S(pc, 8)) ? load<u64>(fp + S(pc, 4)) : load<u64>(fp + S(pc, 6));
        store<u64>(fp + S(pc, 2), v);
        pc += FSize.Select;
        break;
      }
      case FOp.GlobalGet: { store<u64>(fp + S(pc, 2), globalAt(load<u32>(pc, 4, 2)).value); pc += FSize.GlobalGet; break; }
      case FOp.GlobalSet: { globalAt(load<u32>(pc, 2, 2)).value = load<u64>(fp + S(pc, 6)); pc += FSize.GlobalSet; break; }
      case FOp.TableGet: {
        let tab = unchecked(runInst().tables[load<u32>(pc, 4, 2)]);
        let i = load<u32>(fp + S(pc, 8));
        if (i >= tab.size) return trap(Msg.OobTable, fp);
        store<u64>(fp + S(pc, 2), <u64>load<u32>(tab.data + (<usize>i << 2)));
        pc += FSize.TableGet;
        break;
      }
      case FOp.TableSet: {
        let tab = unchecked(runInst().tables[load<u32>(pc, 2, 2)]);
        let i = load<u32>(fp + S(pc, 6));
        if (i >= tab.size) return trap(Msg.OobTable, fp);
        store<u32>(tab.data + (<usize>i << 2), load<u32>(fp + S(pc, 8)));
        pc += FSize.TableSet;
        break;
      }
      case FOp.RefFunc: { store<u64>(fp + S(pc, 2), <u64>unchecked(runInst().funcs[load<u32>(pc, 4, 2)]).addr + 1); pc += FSize.RefFunc; break; }

      // ---- memory (loads and stores are generated) ----
      case FOp.MemorySize: { store<u64>(fp + S(pc, 2), memSize >> 16); pc += FSize.MemorySize; break; }
      case FOp.MemoryGrow: {
        let m = changetype<MemInst>(runMemAddr);
        let r = m.grow(load<u32>(fp + S(pc, 4)));
        store<u64>(fp + S(pc, 2), <u64><u32>r);
        memBase = m.base;
        memSize = m.byteLength;
        pc += FSize.MemoryGrow;
        break;
      }
      case FOp.MemoryInit: {
        if (!memoryInit(runInst(), load<u32>(pc, 2, 2), load<u32>(fp + S(pc, 6)), load<u32>(fp + S(pc, 8)), load<u32>(fp + S(pc, 10)))) return trap(Msg.OobMemory, fp);
        pc += FSize.MemoryInit;
        break;
      }
      case FOp.DataDrop: { unchecked(runInst().dataLens[load<u32>(pc, 2, 2)] = 0); pc += FSize.DataDrop; break; }
      case FOp.MemoryCopy: {
        let d = <u64>load<u32>(fp + S(pc, 2)); let s = <u64>load<u32>(fp + S(pc, 4)); let n = <u64>load<u32>(fp + S(pc, 6));
        if (s + n > memSize || d + n > memSize) return trap(Msg.OobMemory, fp);
        memory.copy(memBase + <usize>d, memBase + <usize>s, <usize>n);
        pc += FSize.MemoryCopy;
        break;
      }
      case FOp.MemoryFill: {
        let d = <u64>load<u32>(fp + S(pc, 2)); let v = load<u8>(fp + S(pc, 4)); let n = <u64>load<u32>(fp + S(pc, 6));
        if (d + n > memSize) return trap(Msg.OobMemory, fp);
        memory.fill(memBase + <usize>d, v, <usize>n);
        pc += FSize.MemoryFill;
        break;
      }
      case FOp.TableInit: {
        if (!tableInit(runInst(), load<u32>(pc, 6, 2), load<u32>(pc, 2, 2), load<u32>(fp + S(pc, 10)), load<u32>(fp + S(pc, 12)), load<u32>(fp + S(pc, 14)))) return trap(Msg.OobTable, fp);
        pc += FSize.TableInit;
        break;
      }
      case FOp.ElemDrop: { setAt(runInst().elemRefs, <i32>load<u32>(pc, 2, 2), new StaticArray<u32>(0)); pc += FSize.ElemDrop; break; }
      case FOp.TableCopy: {
        let dt = unchecked(runInst().tables[load<u32>(pc, 2, 2)]);
        let st = unchecked(runInst().tables[load<u32>(pc, 6, 2)]);
        let d = <u64>load<u32>(fp + S(pc, 10)); let s = <u64>load<u32>(fp + S(pc, 12)); let n = <u64>load<u32>(fp + S(pc, 14));
        if (s + n > <u64>st.size || d + n > <u64>dt.size) return trap(Msg.OobTable, fp);
        memory.copy(dt.data + (<usize>d << 2), st.data + (<usize>s << 2), <usize>n << 2);
        pc += FSize.TableCopy;
        break;
      }
      case FOp.TableGrow: {
        let tab = unchecked(runInst().tables[load<u32>(pc, 4, 2)]);
        let r = tab.grow(load<u32>(fp + S(pc, 10)), load<u32>(fp + S(pc, 8)));
        store<u64>(fp + S(pc, 2), <u64><u32>r);
        pc += FSize.TableGrow;
        break;
      }
      case FOp.TableSize: { store<u64>(fp + S(pc, 2), <u64>unchecked(runInst().tables[load<u32>(pc, 4, 2)]).size); pc += FSize.TableSize; break; }
      case FOp.TableFill: {
        let tab = unchecked(runInst().tables[load<u32>(pc, 2, 2)]);
        let i = <u64>load<u32>(fp + S(pc, 6)); let v = load<u32>(fp + S(pc, 8)); let n = <u64>load<u32>(fp + S(pc, 10));
        if (i + n > <u64>tab.size) return trap(Msg.OobTable, fp);
        for (let k: u64 = 0; k < n; k++) store<u32>(tab.data + (<usize>(i + k) << 2), v);
        pc += FSize.TableFill;
        break;
      }

      // ---- integer division (traps) ----
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32DivS: {
        let a = load<i32>(fp + S(pc, 4)); let b = load<i32>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        if (a == i32.MIN_VALUE && b == -1) return trap(Msg.IntOverflow, fp);
        store<u64>(fp + S(pc, 2), <u64><u32>(a / b));
        pc += FSize.I32DivS;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32DivU: {
        let a = load<u32>(fp + S(pc, 4)); let b = load<u32>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        store<u64>(fp + S(pc, 2), <u64>(a / b));
        pc += FSize.I32DivU;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32RemS: {
        let a = load<i32>(fp + S(pc, 4)); let b = load<i32>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        store<u64>(fp + S(pc, 2), b == -1 ? 0 : <u64><u32>(a % b));
        pc += FSize.I32RemS;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32RemU: {
        let a = load<u32>(fp + S(pc, 4)); let b = load<u32>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        store<u64>(fp + S(pc, 2), <u64>(a % b));
        pc += FSize.I32RemU;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64DivS: {
        let a = load<i64>(fp + S(pc, 4)); let b = load<i64>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        if (a == i64.MIN_VALUE && b == -1) return trap(Msg.IntOverflow, fp);
        store<i64>(fp + S(pc, 2), a / b);
        pc += FSize.I64DivS;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64DivU: {
        let a = load<u64>(fp + S(pc, 4)); let b = load<u64>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        store<u64>(fp + S(pc, 2), a / b);
        pc += FSize.I64DivU;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64RemS: {
        let a = load<i64>(fp + S(pc, 4)); let b = load<i64>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        store<i64>(fp + S(pc, 2), b == -1 ? 0 : a % b);
        pc += FSize.I64RemS;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64RemU: {
        let a = load<u64>(fp + S(pc, 4)); let b = load<u64>(fp + S(pc, 6));
        if (b == 0) return trap(Msg.DivByZero, fp);
        store<u64>(fp + S(pc, 2), a % b);
        pc += FSize.I64RemU;
        break;
      }

      // ---- float to integer (traps) ----
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncF32S: case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncF64S: {
        let op = <u32>load<u16>(pc);
        let x: f64 = op == FOp.I32TruncF32S ? <f64>load<f32>(fp + S(pc, 4)) : load<f64>(fp + S(pc, 4));
        if (x != x) return trap(Msg.InvalidConversion, fp);
        if (!(x > -2147483649.0 && x < 2147483648.0)) return trap(Msg.IntOverflow, fp);
        store<u64>(fp + S(pc, 2), <u64><u32><i32>x);
        pc += FSize.I32TruncF32S;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncF32U: case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncF64U: {
        let op = <u32>load<u16>(pc);
        let x: f64 = op == FOp.I32TruncF32U ? <f64>load<f32>(fp + S(pc, 4)) : load<f64>(fp + S(pc, 4));
        if (x != x) return trap(Msg.InvalidConversion, fp);
        if (!(x > -1.0 && x < 4294967296.0)) return trap(Msg.IntOverflow, fp);
        store<u64>(fp + S(pc, 2), <u64><u32>x);
        pc += FSize.I32TruncF32U;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncF32S: case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncF64S: {
        let op = <u32>load<u16>(pc);
        let x: f64 = op == FOp.I64TruncF32S ? <f64>load<f32>(fp + S(pc, 4)) : load<f64>(fp + S(pc, 4));
        if (x != x) return trap(Msg.InvalidConversion, fp);
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return trap(Msg.IntOverflow, fp);
        store<i64>(fp + S(pc, 2), <i64>x);
        pc += FSize.I64TruncF32S;
        break;
      }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncF32U: case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncF64U: {
        let op = <u32>load<u16>(pc);
        let x: f64 = op == FOp.I64TruncF32U ? <f64>load<f32>(fp + S(pc, 4)) : load<f64>(fp + S(pc, 4));
        if (x != x) return trap(Msg.InvalidConversion, fp);
        if (!(x > -1.0 && x < 18446744073709551616.0)) return trap(Msg.IntOverflow, fp);
        store<u64>(fp + S(pc, 2), <u64>x);
        pc += FSize.I64TruncF32U;
        break;
      }

      // ---- GENERATED BEGIN (node interp-fast/gen.mjs; do not edit by hand)
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.Br: { if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 6); pc += <usize>load<i32>(pc, 2, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfNz: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 8); if (a != 0) { pc += <usize>load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfZ: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 8); if (a == 0) { pc += <usize>load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u32>(memBase + <usize>ea, 0, 1)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), load<u64>(memBase + <usize>ea, 0, 1)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8S: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i8>(memBase + <usize>ea)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8U: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u8>(memBase + <usize>ea)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load16S: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i16>(memBase + <usize>ea, 0, 1)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load16U: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u16>(memBase + <usize>ea, 0, 1)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load8S: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i8>(memBase + <usize>ea)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load16S: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i16>(memBase + <usize>ea, 0, 1)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load32S: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 4)) + <u64>load<u32>(pc, 6, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i32>(memBase + <usize>ea, 0, 1)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Store: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u32>(memBase + <usize>ea, load<u32>(fp + <usize>load<u16>(pc, 4)), 0, 1); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Store: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(memBase + <usize>ea, load<u64>(fp + <usize>load<u16>(pc, 4)), 0, 1); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Store8: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u8>(memBase + <usize>ea, load<u8>(fp + <usize>load<u16>(pc, 4))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Store16: { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u16>(memBase + <usize>ea, load<u16>(fp + <usize>load<u16>(pc, 4)), 0, 1); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Eqz: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == 0)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Eq: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Ne: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a != b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LtS: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LtU: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GtS: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GtU: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LeS: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LeU: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GeS: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GeU: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Clz: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(clz<u32>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Ctz: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(ctz<u32>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Popcnt: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(popcnt<u32>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Add: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Sub: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a - b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Mul: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a * b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32And: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a & b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Or: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a | b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Xor: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a ^ b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Shl: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a << (b & 31))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShrS: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let b = load<i32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a >> (b & 31))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShrU: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a >>> (b & 31))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Rotl: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(rotl<u32>(a, b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Rotr: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(rotr<u32>(a, b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Extend8S: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(<i32><i8>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Extend16S: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(<i32><i16>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Eqz: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == 0)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Eq: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Ne: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a != b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LtS: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LtU: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64GtS: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64GtU: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LeS: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LeU: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64GeS: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64GeU: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Clz: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(clz<u64>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Ctz: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(ctz<u64>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Popcnt: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(popcnt<u64>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Add: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a + b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Sub: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a - b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Mul: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a * b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64And: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a & b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Or: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a | b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Xor: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a ^ b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Shl: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a << (b & 63))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ShrS: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let b = load<i64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a >> (b & 63))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ShrU: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a >>> (b & 63))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Rotl: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(rotl<u64>(a, b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Rotr: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(rotr<u64>(a, b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Extend8S: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(<i64><i8>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Extend16S: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(<i64><i16>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Extend32S: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(<i64><i32>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Eq: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Ne: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a != b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Lt: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Gt: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Le: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Ge: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Abs: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a & 0x7fffffff)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Neg: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a ^ 0x80000000)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Copysign: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>((a & 0x7fffffff) | (b & 0x80000000))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Ceil: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet32(Mathf.ceil(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Floor: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet32(Mathf.floor(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Trunc: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet32(Mathf.trunc(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Nearest: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet32(nearest<f32>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Sqrt: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet32(sqrt<f32>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Add: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(a + b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Sub: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(a - b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Mul: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(a * b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Div: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(a / b))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Min: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(min<f32>(a, b)))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32Max: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); let b = load<f32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(max<f32>(a, b)))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Eq: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Ne: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a != b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Lt: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Gt: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Le: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Ge: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Abs: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a & 0x7fffffffffffffff)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Neg: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a ^ 0x8000000000000000)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Copysign: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let b = load<u64>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>((a & 0x7fffffffffffffff) | (b & 0x8000000000000000))); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Ceil: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet64(Math.ceil(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Floor: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet64(Math.floor(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Trunc: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet64(Math.trunc(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Nearest: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet64(nearest<f64>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Sqrt: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), quiet64(sqrt<f64>(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Add: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), a + b); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Sub: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), a - b); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Mul: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), a * b); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Div: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), a / b); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Min: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), min<f64>(a, b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64Max: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), max<f64>(a, b)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32WrapI64: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(<u32>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncSatF32S: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(truncSat32s(<f64>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncSatF32U: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(truncSat32u(<f64>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncSatF64S: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(truncSat32s(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32TruncSatF64U: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(truncSat32u(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncSatF32S: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(truncSat64s(<f64>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncSatF32U: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(truncSat64u(<f64>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncSatF64S: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(truncSat64s(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64TruncSatF64U: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(truncSat64u(a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ExtendI32S: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(<i64>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ExtendI32U: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(<u64>a)); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32ConvertI32S: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(<f32>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32ConvertI32U: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(<f32>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32ConvertI64S: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(i64ToF32(a)))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32ConvertI64U: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(u64ToF32(a)))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F32DemoteF64: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>reinterpret<u32>(<f32>(<f32>a))); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64ConvertI32S: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); store<f64>(fp + <usize>load<u16>(pc, 2), <f64>a); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64ConvertI32U: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); store<f64>(fp + <usize>load<u16>(pc, 2), <f64>a); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64ConvertI64S: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); store<f64>(fp + <usize>load<u16>(pc, 2), <f64>a); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64ConvertI64U: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); store<f64>(fp + <usize>load<u16>(pc, 2), <f64>a); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64PromoteF32: { let a = load<f32>(fp + <usize>load<u16>(pc, 4)); store<f64>(fp + <usize>load<u16>(pc, 2), <f64>a); pc += 6; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32MulImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a * k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AndImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a & k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32OrImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a | k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32XorImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a ^ k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShlImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a << (k & 31))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShrSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a >> (k & 31))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShrUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a >>> (k & 31))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32EqImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a == k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32NeImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a != k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LtSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LtUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a < k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GtSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GtUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a > k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LeSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LeUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a <= k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GeSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32GeUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a >= k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32Eq: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a == b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32Ne: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a != b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LtS: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a < b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LtU: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let b = load<u32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a < b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GtS: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a > b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GtU: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let b = load<u32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a > b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LeS: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a <= b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LeU: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let b = load<u32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a <= b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GeS: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a >= b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GeU: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let b = load<u32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a >= b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32EqImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let k = load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a == k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32NeImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let k = load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a != k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LtSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let k = load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a < k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LtUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let k = load<u32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a < k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GtSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let k = load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a > k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GtUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let k = load<u32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a > k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LeSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let k = load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a <= k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32LeUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let k = load<u32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a <= k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GeSImm: { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let k = load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a >= k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.BrIfI32GeUImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 2)); let k = load<u32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 12); if (a >= k) { pc += <usize>load<i32>(pc, 8, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32RotlImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(rotl<u32>(a, k))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32RotrImm: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(rotr<u32>(a, k))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64AddImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a + k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64MulImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a * k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64AndImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a & k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64OrImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a | k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64XorImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a ^ k)); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ShlImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a << (k & 63))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ShrSImm: { let a = load<i64>(fp + <usize>load<u16>(pc, 4)); let k = <i64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a >> (k & 63))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64ShrUImm: { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a >>> (k & 63))); pc += 10; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LoadAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u32>(memBase + <usize>ea, 0, 1)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LoadAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), load<u64>(memBase + <usize>ea, 0, 1)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8SAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i8>(memBase + <usize>ea)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8UAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u8>(memBase + <usize>ea)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load16SAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i16>(memBase + <usize>ea, 0, 1)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load16UAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u16>(memBase + <usize>ea, 0, 1)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load8SAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i8>(memBase + <usize>ea)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load16SAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i16>(memBase + <usize>ea, 0, 1)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load32SAi: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i32>(memBase + <usize>ea, 0, 1)); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LoadK: { let ea = <u64>load<u32>(pc, 4, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u32>(memBase + <usize>ea, 0, 1)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LoadK: { let ea = <u64>load<u32>(pc, 4, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), load<u64>(memBase + <usize>ea, 0, 1)); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32StoreK: { let ea = <u64>load<u32>(pc, 2, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u32>(memBase + <usize>ea, load<u32>(fp + <usize>load<u16>(pc, 6)), 0, 1); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64StoreK: { let ea = <u64>load<u32>(pc, 2, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(memBase + <usize>ea, load<u64>(fp + <usize>load<u16>(pc, 6)), 0, 1); pc += 8; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64AddK: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let k = reinterpret<f64>(load<u64>(pc, 6, 2)); store<f64>(fp + <usize>load<u16>(pc, 2), a + k); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64SubK: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let k = reinterpret<f64>(load<u64>(pc, 6, 2)); store<f64>(fp + <usize>load<u16>(pc, 2), a - k); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64MulK: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let k = reinterpret<f64>(load<u64>(pc, 6, 2)); store<f64>(fp + <usize>load<u16>(pc, 2), a * k); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64DivK: { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let k = reinterpret<f64>(load<u64>(pc, 6, 2)); store<f64>(fp + <usize>load<u16>(pc, 2), a / k); pc += 14; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64AddM: { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); let ea = <u64>x + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a + b); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64SubM: { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); let ea = <u64>x + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a - b); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64MulM: { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); let ea = <u64>x + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a * b); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddShl: { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); let k = load<u32>(pc, 8, 2); let r: u32 = a + (b << k); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>r); pc += 12; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32LoadX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u32>(memBase + <usize>ea, 0, 1)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64LoadX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), load<u64>(memBase + <usize>ea, 0, 1)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8SX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i8>(memBase + <usize>ea)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8UX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u8>(memBase + <usize>ea)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load16SX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32><i32>load<i16>(memBase + <usize>ea, 0, 1)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load16UX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u16>(memBase + <usize>ea, 0, 1)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load8SX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i8>(memBase + <usize>ea)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load16SX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 2 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i16>(memBase + <usize>ea, 0, 1)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64Load32SX: { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + (load<u32>(fp + <usize>load<u16>(pc, 6)) << load<u32>(pc, 8, 2)); let ea = <u64>a + <u64>load<u32>(pc, 12, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><i64>load<i32>(memBase + <usize>ea, 0, 1)); pc += 16; break; }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddImmThenI32AddImm: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); } pc += 8; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShlImmThenI32LoadAi: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a << (k & 31))); } pc += 8; { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u32>(memBase + <usize>ea, 0, 1)); pc += 14; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64StoreThenI32AddImm: { { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(memBase + <usize>ea, load<u64>(fp + <usize>load<u16>(pc, 4)), 0, 1); } pc += 8; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64AddMThenI64Store: { { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); let ea = <u64>x + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a + b); } pc += 14; { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); store<u64>(memBase + <usize>ea, load<u64>(fp + <usize>load<u16>(pc, 4)), 0, 1); pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64MulThenF64Mul: { { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), a * b); } pc += 6; { let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = load<f64>(fp + <usize>load<u16>(pc, 6)); store<f64>(fp + <usize>load<u16>(pc, 2), a * b); pc += 8; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddImmThenI32ShlImm: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); } pc += 8; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a << (k & 31))); pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.F64MulMThenF64AddM: { { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); let ea = <u64>x + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a * b); } pc += 14; { let x: u32 = load<u32>(fp + <usize>load<u16>(pc, 6)) + load<u32>(pc, 8, 2); let ea = <u64>x + <u64>load<u32>(pc, 12, 2); if (ea + 8 > memSize) return trap(Msg.OobMemory, fp); let a = load<f64>(fp + <usize>load<u16>(pc, 4)); let b = reinterpret<f64>(load<u64>(memBase + <usize>ea, 0, 1)); store<f64>(fp + <usize>load<u16>(pc, 2), a + b); pc += 16; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I64AddImmThenBr: { { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a + k)); } pc += 8; { if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 6); pc += <usize>load<i32>(pc, 2, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddImmThenBrIfNz: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); } pc += 8; { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 8); if (a != 0) { pc += <usize>load<i32>(pc, 4, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddImmThenI64AddImm: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); } pc += 8; { let a = load<u64>(fp + <usize>load<u16>(pc, 4)); let k = <u64>load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>(a + k)); pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32AddImmThenBrIfI32Ne: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a + k)); } pc += 8; { let a = load<i32>(fp + <usize>load<u16>(pc, 2)); let b = load<i32>(fp + <usize>load<u16>(pc, 4)); if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 10); if (a != b) { pc += <usize>load<i32>(pc, 6, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); } else pc += 12; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32ShrUImmThenI32Xor: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a >>> (k & 31))); } pc += 8; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a ^ b)); pc += 8; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32XorThenI32MulImm: { { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a ^ b)); } pc += 6; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let k = load<u32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a * k)); pc += 10; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32NeImmThenI32And: { { let a = load<i32>(fp + <usize>load<u16>(pc, 4)); let k = load<i32>(pc, 6, 2); store<u64>(fp + <usize>load<u16>(pc, 2), bit(a != k)); } pc += 8; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a & b)); pc += 8; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32Load8UAiThenI32Xor: { { let a: u32 = load<u32>(fp + <usize>load<u16>(pc, 4)) + load<u32>(pc, 6, 2); let ea = <u64>a + <u64>load<u32>(pc, 10, 2); if (ea + 1 > memSize) return trap(Msg.OobMemory, fp); store<u64>(fp + <usize>load<u16>(pc, 2), <u64>load<u8>(memBase + <usize>ea)); } pc += 12; { let a = load<u32>(fp + <usize>load<u16>(pc, 4)); let b = load<u32>(fp + <usize>load<u16>(pc, 6)); store<u64>(fp + <usize>load<u16>(pc, 2), <u64><u32>(a ^ b)); pc += 8; break; } }
      case isDefined(COMPACT_EXECUTOR) ? NO_CASE : FOp.I32StoreThenBr: { { let ea = <u64>load<u32>(fp + <usize>load<u16>(pc, 2)) + <u64>load<u32>(pc, 6, 2); if (ea + 4 > memSize) return trap(Msg.OobMemory, fp); store<u32>(memBase + <usize>ea, load<u32>(fp + <usize>load<u16>(pc, 4)), 0, 1); } pc += 8; { if (isDefined(INSTRUCTION_METERING)) fuel -= <f64>load<i16>(pc, 6); pc += <usize>load<i32>(pc, 2, 2); if (isDefined(INSTRUCTION_METERING) && fuel < 0) return outOfFuel(pc, fp); break; } }
      // ---- GENERATED END
      default: return trap(Msg.IllegalOpcode, fp);
    }
  }
  return 0;
}
