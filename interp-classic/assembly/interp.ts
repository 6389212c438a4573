/**
 * The classic interpreter: executes validated WebAssembly bytecode in place
 * (spec 4.4), reading immediates from the module's own binary, with the
 * validator's branch side table giving every branch its target (see
 * docs/design.md, "Side table"). This is WAMR's "classic interpreter".
 *
 * It never recurses on the host stack for wasm calls: frames live on the
 * value stack, so deep recursion ends in "call stack exhausted", not a host
 * stack overflow. Every trap is an explicit check here (the core's JS build,
 * made by wasm2js, does not trap by itself).
 *
 * Frame layout on the value stack (8-byte slots):
 *   fp -> [param 0 .. param n-1][local n .. local m-1][frame record: 2 slots][operand stack ...]
 * The frame record holds the caller's pc, side-table pointer, fp and FuncInst.
 */
import { ErrorKind, setErrorCode } from "../../core/assembly/errors";
import { Msg } from "../../core/assembly/messages.generated";
import { Op, OpFC } from "../../core/assembly/opcodes";
import { readU32, readS64, lebEnd } from "../../core/assembly/leb";
import { ValType } from "../../core/assembly/module";
import {
  FuncInst, Instance, MemInst, TableInst, GlobalInst, funcs, config, tableInit, memoryInit,
} from "../../core/assembly/store";
import { env, backtrace, walkFrames, hostCall } from "../../core/assembly/exec-env";
import {
  bit, f32bits, quiet32, quiet64, truncSat32s, truncSat32u, truncSat64s, truncSat64u, i64ToF32, u64ToF32,
} from "../../core/assembly/numeric";

const FRAME_RECORD: usize = 16;

// ---- traps ----

/** Frame records here hold the caller's fp at +8 and FuncInst at +12 (see the layout above). */
function recordBacktrace(f: FuncInst, fp: usize, entryFp: usize): void { walkFrames(f, fp, entryFp, 8, 12); }

function doTrap(msg: Msg, f: FuncInst, fp: usize, entryFp: usize, a0: u32 = 0): i32 {
  setErrorCode(ErrorKind.Trap, msg, -1, a0);
  recordBacktrace(f, fp, entryFp);
  return ErrorKind.Trap;
}

// ---- immediates ----

// Immediates: a one-byte fast path here, the general case in core/assembly/leb.ts.

// @ts-ignore: decorator
@inline function u32imm(p: usize): u32 {
  let b = <u32>load<u8>(p);
  if (b < 0x80) { immEnd = p + 1; return b; }
  let v = readU32(p);
  immEnd = lebEnd;
  return v;
}

/** Address after the last immediate read. */
let immEnd: usize = 0;

function s64imm(p: usize): i64 {
  let v = readS64(p);
  immEnd = lebEnd;
  return v;
}

/** Skip a block type (spec 5.4.1): 0x40, a value type, or an s33 type index. */
// @ts-ignore: decorator
@inline function skipBlockType(p: usize): usize {
  let b = <u32>load<u8>(p);
  if (b == 0x40 || b >= 0x6f) return p + 1;
  s64imm(p);
  return immEnd;
}

// ---- the interpreter ----

/**
 * Execute wasm function `f` with its arguments already in the `numParams`
 * slots at `env.sp`. On success the results are in the slots starting at the
 * same address and 0 is returned; otherwise an ErrorKind (Trap, Exhaustion,
 * Host) with the error recorded and `backtrace` filled.
 */
export function execute(f: FuncInst): i32 {
  let entrySp = env.sp;
  if (f.hostId >= 0) {
    env.sp = entrySp + (<usize>f.numParams << 3);
    env.hostCaller = -1;
    let status = hostCall(f.hostId, entrySp, f.numParams, f.numResults);
    env.sp = entrySp;
    if (status != 0) { setErrorCode(ErrorKind.Host, Msg.HostRaised); backtrace.length = 0; return ErrorKind.Host; }
    return 0;
  }
  if (!isDefined(CLASSIC_INTERP)) { setErrorCode(ErrorKind.Trap, Msg.ClassicNotBuiltIn); return ErrorKind.Trap; }
  let fp = entrySp;
  // enter f: zero declared locals, write an entry frame record (caller func 0)
  let rec = fp + (<usize>f.numLocals << 3);
  if (rec + FRAME_RECORD + (<usize>f.maxStack << 3) > env.stackEnd) {
    setErrorCode(ErrorKind.Exhaustion, Msg.CallStackExhausted);
    backtrace.length = 0;
    return ErrorKind.Exhaustion;
  }
  memory.fill(fp + (<usize>f.numParams << 3), 0, <usize>(f.numLocals - f.numParams) << 3);
  store<usize>(rec, 0, 0);
  store<usize>(rec, 0, 4);
  store<usize>(rec, 0, 8);
  store<usize>(rec, 0, 12);
  env.depth++;
  let status = run(f, f.codeStart, f.sideTable, fp, rec + FRAME_RECORD, fp, entrySp);
  env.depth--;
  return status;
}

/**
 * Continue the invocation suspended when its instruction budget ran out
 * (`env.suspended`), with the budget now in `env.fuel`. Returns as `execute`.
 */
export function resume(): i32 {
  if (!isDefined(CLASSIC_INTERP)) { setErrorCode(ErrorKind.Trap, Msg.ClassicNotBuiltIn); return ErrorKind.Trap; }
  if (!env.suspended) { setErrorCode(ErrorKind.Trap, Msg.NothingToResume); return ErrorKind.Trap; }
  env.suspended = false;
  env.depth++;
  let status = run(changetype<FuncInst>(env.sFunc), env.sPc, env.sStp, env.sFp, env.sSp, env.sEntryFp, env.sEntrySp);
  env.depth--;
  return status;
}

/**
 * The budget ran out at a check point (a taken branch, or before a call):
 * suspend the outermost invocation when allowed, else trap with WAMR's
 * "instruction limit exceeded".
 */
function outOfFuel(f: FuncInst, pc: usize, stp: usize, fp: usize, sp: usize, entryFp: usize, entrySp: usize): i32 {
  env.fuel = 0;
  if (env.suspendable && env.depth == 1) {
    env.suspended = true;
    env.sFunc = changetype<usize>(f);
    env.sPc = pc;
    env.sStp = stp;
    env.sFp = fp;
    env.sSp = sp;
    env.sEntryFp = entryFp;
    env.sEntrySp = entrySp;
    env.sp = sp; // keep the suspended frames; other calls run above them
    setErrorCode(ErrorKind.Suspended, Msg.Suspended);
    return ErrorKind.Suspended;
  }
  return doTrap(Msg.FuelExhausted, f, fp, entryFp);
}

/** The interpreter loop, from the given state (see the frame layout above). */
function run(f: FuncInst, pc: usize, stp: usize, fp: usize, sp: usize, entryFp: usize, entrySp: usize): i32 {
  let inst = changetype<Instance>(f.instance);
  let mem: MemInst | null = inst.memories.length ? unchecked(inst.memories[0]) : null;
  let memBase: usize = mem ? mem.base : 0;
  let memSize: u64 = mem ? mem.byteLength : 0;
  let stackEnd = env.stackEnd;
  let fuel = env.fuel;

  while (true) {
    let ip = pc;
    let op = <u32>load<u8>(pc);
    pc++;
    fuel--;
    switch (op) {
      case Op.Unreachable: return doTrap(Msg.Unreachable, f, fp, entryFp);
      case Op.Nop: break;
      case Op.Block:
      case Op.Loop: { pc = skipBlockType(pc); break; }
      case Op.If: {
        pc = skipBlockType(pc);
        sp -= 8;
        if (load<i32>(sp)) { stp += 16; }
        else {
          pc = ip + <usize>load<i32>(stp);
          stp += <usize>(load<i32>(stp, 4) << 4);
        }
        break;
      }
      case Op.Else: {
        pc = ip + <usize>load<i32>(stp);
        stp += <usize>(load<i32>(stp, 4) << 4);
        break;
      }
      case Op.End:
      case Op.Return: {
        if (op == Op.End && pc != f.codeEnd) break;
        // return from f: read the frame record first (the results may overwrite it)
        let r = fp + (<usize>f.numLocals << 3);
        let callerFunc = load<usize>(r, 12);
        let retPc = load<usize>(r, 0);
        let retStp = load<usize>(r, 4);
        let callerFp = load<usize>(r, 8);
        let nres = <usize>f.numResults;
        let src = sp - (nres << 3);
        if (src != fp) memory.copy(fp, src, nres << 3);
        sp = fp + (nres << 3);
        if (!callerFunc) { env.sp = entrySp; env.fuel = fuel; return 0; }
        pc = retPc;
        stp = retStp;
        fp = callerFp;
        f = changetype<FuncInst>(callerFunc);
        inst = changetype<Instance>(f.instance);
        mem = inst.memories.length ? unchecked(inst.memories[0]) : null;
        memBase = mem ? mem.base : 0;
        memSize = mem ? mem.byteLength : 0;
        break;
      }
      case Op.Br: {
        let vc = <usize>load<i32>(stp, 8);
        let pop = <usize>load<i32>(stp, 12);
        if (pop) { memory.copy(sp - ((vc + pop) << 3), sp - (vc << 3), vc << 3); sp -= pop << 3; }
        pc = ip + <usize>load<i32>(stp);
        stp += <usize>(load<i32>(stp, 4) << 4);
        if (fuel < 0) return outOfFuel(f, pc, stp, fp, sp, entryFp, entrySp);
        break;
      }
      case Op.BrIf: {
        sp -= 8;
        if (load<i32>(sp)) {
          let vc = <usize>load<i32>(stp, 8);
          let pop = <usize>load<i32>(stp, 12);
          if (pop) { memory.copy(sp - ((vc + pop) << 3), sp - (vc << 3), vc << 3); sp -= pop << 3; }
          pc = ip + <usize>load<i32>(stp);
          stp += <usize>(load<i32>(stp, 4) << 4);
          if (fuel < 0) return outOfFuel(f, pc, stp, fp, sp, entryFp, entrySp);
        } else {
          u32imm(pc); pc = immEnd;
          stp += 16;
        }
        break;
      }
      case Op.BrTable: {
        let n = u32imm(pc);
        sp -= 8;
        let i = load<u32>(sp);
        if (i > n) i = n;
        let e = stp + (<usize>i << 4);
        let vc = <usize>load<i32>(e, 8);
        let pop = <usize>load<i32>(e, 12);
        if (pop) { memory.copy(sp - ((vc + pop) << 3), sp - (vc << 3), vc << 3); sp -= pop << 3; }
        pc = ip + <usize>load<i32>(e);
        stp = e + <usize>(load<i32>(e, 4) << 4);
        if (fuel < 0) return outOfFuel(f, pc, stp, fp, sp, entryFp, entrySp);
        break;
      }
      case Op.Call:
      case Op.CallIndirect: {
        if (fuel < 0) return outOfFuel(f, ip, stp, fp, sp, entryFp, entrySp);
        let callee: FuncInst;
        if (op == Op.Call) {
          let idx = u32imm(pc); pc = immEnd;
          callee = unchecked(inst.funcs[idx]);
        } else {
          let typeIdx = u32imm(pc); pc = immEnd;
          let tableIdx = u32imm(pc); pc = immEnd;
          let tab = unchecked(inst.tables[tableIdx]);
          sp -= 8;
          let i = load<u32>(sp);
          if (i >= tab.size) return doTrap(Msg.UndefinedElement, f, fp, entryFp);
          let ref = load<u32>(tab.data + (<usize>i << 2));
          if (!ref) return doTrap(Msg.UninitializedElement, f, fp, entryFp, i);
          callee = unchecked(funcs[ref - 1]);
          if (callee.type.id != unchecked(inst.typeIds[typeIdx])) return doTrap(Msg.IndirectCallType, f, fp, entryFp);
        }
        let argBase = sp - (<usize>callee.numParams << 3);
        if (callee.hostId >= 0) {
          env.sp = sp; // a host function calling back into wasm starts above the arguments
          env.hostCaller = <i32>inst.addr;
          env.fuel = fuel;
          let status = hostCall(callee.hostId, argBase, callee.numParams, callee.numResults);
          fuel = env.fuel;
          env.sp = entrySp;
          if (status != 0) {
            setErrorCode(ErrorKind.Host, Msg.HostRaised);
            recordBacktrace(f, fp, entryFp);
            env.sp = entrySp;
            return ErrorKind.Host;
          }
          sp = argBase + (<usize>callee.numResults << 3);
          // the host may have grown or replaced memory
          memBase = mem ? mem.base : 0;
          memSize = mem ? mem.byteLength : 0;
          break;
        }
        let nfp = argBase;
        let nrec = nfp + (<usize>callee.numLocals << 3);
        if (nrec + FRAME_RECORD + (<usize>callee.maxStack << 3) > stackEnd) {
          setErrorCode(ErrorKind.Exhaustion, Msg.CallStackExhausted);
          recordBacktrace(f, fp, entryFp);
          env.sp = entrySp;
          return ErrorKind.Exhaustion;
        }
        let nl = callee.numLocals - callee.numParams;
        if (nl) memory.fill(nfp + (<usize>callee.numParams << 3), 0, <usize>nl << 3);
        store<usize>(nrec, pc, 0);
        store<usize>(nrec, stp, 4);
        store<usize>(nrec, fp, 8);
        store<usize>(nrec, changetype<usize>(f), 12);
        f = callee;
        fp = nfp;
        sp = nrec + FRAME_RECORD;
        pc = f.codeStart;
        stp = f.sideTable;
        let ci = changetype<Instance>(f.instance);
        if (ci !== inst) {
          inst = ci;
          mem = inst.memories.length ? unchecked(inst.memories[0]) : null;
          memBase = mem ? mem.base : 0;
          memSize = mem ? mem.byteLength : 0;
        }
        break;
      }
      case Op.Drop: { sp -= 8; break; }
      case Op.Select: {
        sp -= 16;
        if (!load<i32>(sp, 8)) store<u64>(sp - 8, load<u64>(sp));
        break;
      }
      case Op.SelectT: {
        if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
        u32imm(pc); pc = immEnd; // vector length (1)
        pc++; // the value type
        sp -= 16;
        if (!load<i32>(sp, 8)) store<u64>(sp - 8, load<u64>(sp));
        break;
      }
      case Op.LocalGet: {
        let x = u32imm(pc); pc = immEnd;
        store<u64>(sp, load<u64>(fp + (<usize>x << 3)));
        sp += 8;
        break;
      }
      case Op.LocalSet: {
        let x = u32imm(pc); pc = immEnd;
        sp -= 8;
        store<u64>(fp + (<usize>x << 3), load<u64>(sp));
        break;
      }
      case Op.LocalTee: {
        let x = u32imm(pc); pc = immEnd;
        store<u64>(fp + (<usize>x << 3), load<u64>(sp - 8));
        break;
      }
      case Op.GlobalGet: {
        let x = u32imm(pc); pc = immEnd;
        store<u64>(sp, unchecked(inst.globals[x]).value);
        sp += 8;
        break;
      }
      case Op.GlobalSet: {
        let x = u32imm(pc); pc = immEnd;
        sp -= 8;
        unchecked(inst.globals[x]).value = load<u64>(sp);
        break;
      }
      case Op.TableGet: {
        if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
        let x = u32imm(pc); pc = immEnd;
        let tab = unchecked(inst.tables[x]);
        let i = load<u32>(sp - 8);
        if (i >= tab.size) return doTrap(Msg.OobTable, f, fp, entryFp);
        store<u64>(sp - 8, <u64>load<u32>(tab.data + (<usize>i << 2)));
        break;
      }
      case Op.TableSet: {
        if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
        let x = u32imm(pc); pc = immEnd;
        let tab = unchecked(inst.tables[x]);
        sp -= 16;
        let i = load<u32>(sp);
        if (i >= tab.size) return doTrap(Msg.OobTable, f, fp, entryFp);
        store<u32>(tab.data + (<usize>i << 2), load<u32>(sp, 8));
        break;
      }

      // ---- memory ----
      case Op.I32Load: case Op.F32Load: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        let ea = <u64>load<u32>(sp - 8) + <u64>off;
        if (ea + 4 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        store<u64>(sp - 8, <u64>load<u32>(memBase + <usize>ea, 0, 1));
        break;
      }
      case Op.I64Load: case Op.F64Load: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        let ea = <u64>load<u32>(sp - 8) + <u64>off;
        if (ea + 8 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        store<u64>(sp - 8, load<u64>(memBase + <usize>ea, 0, 1));
        break;
      }
      case Op.I32Load8S: case Op.I32Load8U: case Op.I64Load8S: case Op.I64Load8U: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        let ea = <u64>load<u32>(sp - 8) + <u64>off;
        if (ea + 1 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        let a = memBase + <usize>ea;
        let v: u64;
        if (op == Op.I32Load8S) v = <u64><u32><i32>load<i8>(a);
        else if (op == Op.I64Load8S) v = <u64><i64>load<i8>(a);
        else v = <u64>load<u8>(a);
        store<u64>(sp - 8, v);
        break;
      }
      case Op.I32Load16S: case Op.I32Load16U: case Op.I64Load16S: case Op.I64Load16U: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        let ea = <u64>load<u32>(sp - 8) + <u64>off;
        if (ea + 2 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        let a = memBase + <usize>ea;
        let v: u64;
        if (op == Op.I32Load16S) v = <u64><u32><i32>load<i16>(a, 0, 1);
        else if (op == Op.I64Load16S) v = <u64><i64>load<i16>(a, 0, 1);
        else v = <u64>load<u16>(a, 0, 1);
        store<u64>(sp - 8, v);
        break;
      }
      case Op.I64Load32S: case Op.I64Load32U: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        let ea = <u64>load<u32>(sp - 8) + <u64>off;
        if (ea + 4 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        let a = memBase + <usize>ea;
        store<u64>(sp - 8, op == Op.I64Load32S ? <u64><i64>load<i32>(a, 0, 1) : <u64>load<u32>(a, 0, 1));
        break;
      }
      case Op.I32Store: case Op.F32Store: case Op.I64Store32: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        sp -= 16;
        let ea = <u64>load<u32>(sp) + <u64>off;
        if (ea + 4 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        store<u32>(memBase + <usize>ea, load<u32>(sp, 8), 0, 1);
        break;
      }
      case Op.I64Store: case Op.F64Store: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        sp -= 16;
        let ea = <u64>load<u32>(sp) + <u64>off;
        if (ea + 8 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        store<u64>(memBase + <usize>ea, load<u64>(sp, 8), 0, 1);
        break;
      }
      case Op.I32Store8: case Op.I64Store8: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        sp -= 16;
        let ea = <u64>load<u32>(sp) + <u64>off;
        if (ea + 1 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        store<u8>(memBase + <usize>ea, load<u8>(sp, 8));
        break;
      }
      case Op.I32Store16: case Op.I64Store16: {
        u32imm(pc); let off = u32imm(immEnd); pc = immEnd;
        sp -= 16;
        let ea = <u64>load<u32>(sp) + <u64>off;
        if (ea + 2 > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
        store<u16>(memBase + <usize>ea, load<u16>(sp, 8), 0, 1);
        break;
      }
      case Op.MemorySize: {
        pc++;
        store<u64>(sp, <u64>(memSize >> 16));
        sp += 8;
        break;
      }
      case Op.MemoryGrow: {
        pc++;
        let m = changetype<MemInst>(mem);
        let r = m.grow(load<u32>(sp - 8));
        store<u64>(sp - 8, <u64><u32>r);
        memBase = m.base;
        memSize = m.byteLength;
        break;
      }

      // ---- constants ----
      case Op.I32Const: {
        let v: u32;
        let b = <u32>load<u8>(pc);
        if (b < 0x40) { v = b; pc++; }
        else { v = <u32>s64imm(pc); pc = immEnd; }
        store<u64>(sp, <u64>v);
        sp += 8;
        break;
      }
      case Op.I64Const: { store<u64>(sp, <u64>s64imm(pc)); pc = immEnd; sp += 8; break; }
      case Op.F32Const: { store<u64>(sp, <u64>load<u32>(pc, 0, 1)); pc += 4; sp += 8; break; }
      case Op.F64Const: { store<u64>(sp, load<u64>(pc, 0, 1)); pc += 8; sp += 8; break; }

      // ---- i32 comparisons ----
      case Op.I32Eqz: { store<u64>(sp - 8, bit(load<i32>(sp - 8) == 0)); break; }
      case Op.I32Eq: { sp -= 8; store<u64>(sp - 8, bit(load<i32>(sp - 8) == load<i32>(sp))); break; }
      case Op.I32Ne: { sp -= 8; store<u64>(sp - 8, bit(load<i32>(sp - 8) != load<i32>(sp))); break; }
      case Op.I32LtS: { sp -= 8; store<u64>(sp - 8, bit(load<i32>(sp - 8) < load<i32>(sp))); break; }
      case Op.I32LtU: { sp -= 8; store<u64>(sp - 8, bit(load<u32>(sp - 8) < load<u32>(sp))); break; }
      case Op.I32GtS: { sp -= 8; store<u64>(sp - 8, bit(load<i32>(sp - 8) > load<i32>(sp))); break; }
      case Op.I32GtU: { sp -= 8; store<u64>(sp - 8, bit(load<u32>(sp - 8) > load<u32>(sp))); break; }
      case Op.I32LeS: { sp -= 8; store<u64>(sp - 8, bit(load<i32>(sp - 8) <= load<i32>(sp))); break; }
      case Op.I32LeU: { sp -= 8; store<u64>(sp - 8, bit(load<u32>(sp - 8) <= load<u32>(sp))); break; }
      case Op.I32GeS: { sp -= 8; store<u64>(sp - 8, bit(load<i32>(sp - 8) >= load<i32>(sp))); break; }
      case Op.I32GeU: { sp -= 8; store<u64>(sp - 8, bit(load<u32>(sp - 8) >= load<u32>(sp))); break; }

      // ---- i64 comparisons ----
      case Op.I64Eqz: { store<u64>(sp - 8, bit(load<i64>(sp - 8) == 0)); break; }
      case Op.I64Eq: { sp -= 8; store<u64>(sp - 8, bit(load<i64>(sp - 8) == load<i64>(sp))); break; }
      case Op.I64Ne: { sp -= 8; store<u64>(sp - 8, bit(load<i64>(sp - 8) != load<i64>(sp))); break; }
      case Op.I64LtS: { sp -= 8; store<u64>(sp - 8, bit(load<i64>(sp - 8) < load<i64>(sp))); break; }
      case Op.I64LtU: { sp -= 8; store<u64>(sp - 8, bit(load<u64>(sp - 8) < load<u64>(sp))); break; }
      case Op.I64GtS: { sp -= 8; store<u64>(sp - 8, bit(load<i64>(sp - 8) > load<i64>(sp))); break; }
      case Op.I64GtU: { sp -= 8; store<u64>(sp - 8, bit(load<u64>(sp - 8) > load<u64>(sp))); break; }
      case Op.I64LeS: { sp -= 8; store<u64>(sp - 8, bit(load<i64>(sp - 8) <= load<i64>(sp))); break; }
      case Op.I64LeU: { sp -= 8; store<u64>(sp - 8, bit(load<u64>(sp - 8) <= load<u64>(sp))); break; }
      case Op.I64GeS: { sp -= 8; store<u64>(sp - 8, bit(load<i64>(sp - 8) >= load<i64>(sp))); break; }
      case Op.I64GeU: { sp -= 8; store<u64>(sp - 8, bit(load<u64>(sp - 8) >= load<u64>(sp))); break; }

      // ---- float comparisons ----
      case Op.F32Eq: { sp -= 8; store<u64>(sp - 8, bit(load<f32>(sp - 8) == load<f32>(sp))); break; }
      case Op.F32Ne: { sp -= 8; store<u64>(sp - 8, bit(load<f32>(sp - 8) != load<f32>(sp))); break; }
      case Op.F32Lt: { sp -= 8; store<u64>(sp - 8, bit(load<f32>(sp - 8) < load<f32>(sp))); break; }
      case Op.F32Gt: { sp -= 8; store<u64>(sp - 8, bit(load<f32>(sp - 8) > load<f32>(sp))); break; }
      case Op.F32Le: { sp -= 8; store<u64>(sp - 8, bit(load<f32>(sp - 8) <= load<f32>(sp))); break; }
      case Op.F32Ge: { sp -= 8; store<u64>(sp - 8, bit(load<f32>(sp - 8) >= load<f32>(sp))); break; }
      case Op.F64Eq: { sp -= 8; store<u64>(sp - 8, bit(load<f64>(sp - 8) == load<f64>(sp))); break; }
      case Op.F64Ne: { sp -= 8; store<u64>(sp - 8, bit(load<f64>(sp - 8) != load<f64>(sp))); break; }
      case Op.F64Lt: { sp -= 8; store<u64>(sp - 8, bit(load<f64>(sp - 8) < load<f64>(sp))); break; }
      case Op.F64Gt: { sp -= 8; store<u64>(sp - 8, bit(load<f64>(sp - 8) > load<f64>(sp))); break; }
      case Op.F64Le: { sp -= 8; store<u64>(sp - 8, bit(load<f64>(sp - 8) <= load<f64>(sp))); break; }
      case Op.F64Ge: { sp -= 8; store<u64>(sp - 8, bit(load<f64>(sp - 8) >= load<f64>(sp))); break; }

      // ---- i32 arithmetic ----
      case Op.I32Clz: { store<u64>(sp - 8, <u64>clz<u32>(load<u32>(sp - 8))); break; }
      case Op.I32Ctz: { store<u64>(sp - 8, <u64>ctz<u32>(load<u32>(sp - 8))); break; }
      case Op.I32Popcnt: { store<u64>(sp - 8, <u64>popcnt<u32>(load<u32>(sp - 8))); break; }
      case Op.I32Add: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) + load<u32>(sp))); break; }
      case Op.I32Sub: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) - load<u32>(sp))); break; }
      case Op.I32Mul: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) * load<u32>(sp))); break; }
      case Op.I32DivS: {
        sp -= 8;
        let b = load<i32>(sp); let a = load<i32>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        if (a == i32.MIN_VALUE && b == -1) return doTrap(Msg.IntOverflow, f, fp, entryFp);
        store<u64>(sp - 8, <u64><u32>(a / b));
        break;
      }
      case Op.I32DivU: {
        sp -= 8;
        let b = load<u32>(sp); let a = load<u32>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        store<u64>(sp - 8, <u64>(a / b));
        break;
      }
      case Op.I32RemS: {
        sp -= 8;
        let b = load<i32>(sp); let a = load<i32>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        store<u64>(sp - 8, b == -1 ? 0 : <u64><u32>(a % b));
        break;
      }
      case Op.I32RemU: {
        sp -= 8;
        let b = load<u32>(sp); let a = load<u32>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        store<u64>(sp - 8, <u64>(a % b));
        break;
      }
      case Op.I32And: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) & load<u32>(sp))); break; }
      case Op.I32Or: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) | load<u32>(sp))); break; }
      case Op.I32Xor: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) ^ load<u32>(sp))); break; }
      case Op.I32Shl: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) << (load<u32>(sp) & 31))); break; }
      case Op.I32ShrS: { sp -= 8; store<u64>(sp - 8, <u64><u32>(load<i32>(sp - 8) >> (load<i32>(sp) & 31))); break; }
      case Op.I32ShrU: { sp -= 8; store<u64>(sp - 8, <u64>(load<u32>(sp - 8) >>> (load<u32>(sp) & 31))); break; }
      case Op.I32Rotl: { sp -= 8; store<u64>(sp - 8, <u64>rotl<u32>(load<u32>(sp - 8), load<u32>(sp))); break; }
      case Op.I32Rotr: { sp -= 8; store<u64>(sp - 8, <u64>rotr<u32>(load<u32>(sp - 8), load<u32>(sp))); break; }

      // ---- i64 arithmetic ----
      case Op.I64Clz: { store<u64>(sp - 8, clz<u64>(load<u64>(sp - 8))); break; }
      case Op.I64Ctz: { store<u64>(sp - 8, ctz<u64>(load<u64>(sp - 8))); break; }
      case Op.I64Popcnt: { store<u64>(sp - 8, popcnt<u64>(load<u64>(sp - 8))); break; }
      case Op.I64Add: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) + load<u64>(sp)); break; }
      case Op.I64Sub: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) - load<u64>(sp)); break; }
      case Op.I64Mul: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) * load<u64>(sp)); break; }
      case Op.I64DivS: {
        sp -= 8;
        let b = load<i64>(sp); let a = load<i64>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        if (a == i64.MIN_VALUE && b == -1) return doTrap(Msg.IntOverflow, f, fp, entryFp);
        store<i64>(sp - 8, a / b);
        break;
      }
      case Op.I64DivU: {
        sp -= 8;
        let b = load<u64>(sp); let a = load<u64>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        store<u64>(sp - 8, a / b);
        break;
      }
      case Op.I64RemS: {
        sp -= 8;
        let b = load<i64>(sp); let a = load<i64>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        store<i64>(sp - 8, b == -1 ? 0 : a % b);
        break;
      }
      case Op.I64RemU: {
        sp -= 8;
        let b = load<u64>(sp); let a = load<u64>(sp - 8);
        if (b == 0) return doTrap(Msg.DivByZero, f, fp, entryFp);
        store<u64>(sp - 8, a % b);
        break;
      }
      case Op.I64And: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) & load<u64>(sp)); break; }
      case Op.I64Or: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) | load<u64>(sp)); break; }
      case Op.I64Xor: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) ^ load<u64>(sp)); break; }
      case Op.I64Shl: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) << (load<u64>(sp) & 63)); break; }
      case Op.I64ShrS: { sp -= 8; store<i64>(sp - 8, load<i64>(sp - 8) >> (load<i64>(sp) & 63)); break; }
      case Op.I64ShrU: { sp -= 8; store<u64>(sp - 8, load<u64>(sp - 8) >>> (load<u64>(sp) & 63)); break; }
      case Op.I64Rotl: { sp -= 8; store<u64>(sp - 8, rotl<u64>(load<u64>(sp - 8), load<u64>(sp))); break; }
      case Op.I64Rotr: { sp -= 8; store<u64>(sp - 8, rotr<u64>(load<u64>(sp - 8), load<u64>(sp))); break; }

      // ---- f32 arithmetic (sign operations on bits, to keep NaN payloads) ----
      case Op.F32Abs: { store<u32>(sp - 8, load<u32>(sp - 8) & 0x7fffffff); break; }
      case Op.F32Neg: { store<u32>(sp - 8, load<u32>(sp - 8) ^ 0x80000000); break; }
      case Op.F32Copysign: { sp -= 8; store<u32>(sp - 8, (load<u32>(sp - 8) & 0x7fffffff) | (load<u32>(sp) & 0x80000000)); break; }
      case Op.F32Ceil: { store<u64>(sp - 8, quiet32(Mathf.ceil(load<f32>(sp - 8)))); break; }
      case Op.F32Floor: { store<u64>(sp - 8, quiet32(Mathf.floor(load<f32>(sp - 8)))); break; }
      case Op.F32Trunc: { store<u64>(sp - 8, quiet32(Mathf.trunc(load<f32>(sp - 8)))); break; }
      case Op.F32Nearest: { store<u64>(sp - 8, quiet32(nearest<f32>(load<f32>(sp - 8)))); break; }
      case Op.F32Sqrt: { store<u64>(sp - 8, quiet32(sqrt<f32>(load<f32>(sp - 8)))); break; }
      case Op.F32Add: { sp -= 8; store<u64>(sp - 8, f32bits(load<f32>(sp - 8) + load<f32>(sp))); break; }
      case Op.F32Sub: { sp -= 8; store<u64>(sp - 8, f32bits(load<f32>(sp - 8) - load<f32>(sp))); break; }
      case Op.F32Mul: { sp -= 8; store<u64>(sp - 8, f32bits(load<f32>(sp - 8) * load<f32>(sp))); break; }
      case Op.F32Div: { sp -= 8; store<u64>(sp - 8, f32bits(load<f32>(sp - 8) / load<f32>(sp))); break; }
      case Op.F32Min: { sp -= 8; store<u64>(sp - 8, f32bits(min<f32>(load<f32>(sp - 8), load<f32>(sp)))); break; }
      case Op.F32Max: { sp -= 8; store<u64>(sp - 8, f32bits(max<f32>(load<f32>(sp - 8), load<f32>(sp)))); break; }

      // ---- f64 arithmetic ----
      case Op.F64Abs: { store<u64>(sp - 8, load<u64>(sp - 8) & 0x7fffffffffffffff); break; }
      case Op.F64Neg: { store<u64>(sp - 8, load<u64>(sp - 8) ^ 0x8000000000000000); break; }
      case Op.F64Copysign: { sp -= 8; store<u64>(sp - 8, (load<u64>(sp - 8) & 0x7fffffffffffffff) | (load<u64>(sp) & 0x8000000000000000)); break; }
      case Op.F64Ceil: { store<u64>(sp - 8, quiet64(Math.ceil(load<f64>(sp - 8)))); break; }
      case Op.F64Floor: { store<u64>(sp - 8, quiet64(Math.floor(load<f64>(sp - 8)))); break; }
      case Op.F64Trunc: { store<u64>(sp - 8, quiet64(Math.trunc(load<f64>(sp - 8)))); break; }
      case Op.F64Nearest: { store<u64>(sp - 8, quiet64(nearest<f64>(load<f64>(sp - 8)))); break; }
      case Op.F64Sqrt: { store<u64>(sp - 8, quiet64(sqrt<f64>(load<f64>(sp - 8)))); break; }
      case Op.F64Add: { sp -= 8; store<f64>(sp - 8, load<f64>(sp - 8) + load<f64>(sp)); break; }
      case Op.F64Sub: { sp -= 8; store<f64>(sp - 8, load<f64>(sp - 8) - load<f64>(sp)); break; }
      case Op.F64Mul: { sp -= 8; store<f64>(sp - 8, load<f64>(sp - 8) * load<f64>(sp)); break; }
      case Op.F64Div: { sp -= 8; store<f64>(sp - 8, load<f64>(sp - 8) / load<f64>(sp)); break; }
      case Op.F64Min: { sp -= 8; store<f64>(sp - 8, min<f64>(load<f64>(sp - 8), load<f64>(sp))); break; }
      case Op.F64Max: { sp -= 8; store<f64>(sp - 8, max<f64>(load<f64>(sp - 8), load<f64>(sp))); break; }

      // ---- conversions ----
      case Op.I32WrapI64: { store<u64>(sp - 8, <u64><u32>load<u64>(sp - 8)); break; }
      case Op.I32TruncF32S: case Op.I32TruncF64S: {
        let x: f64 = op == Op.I32TruncF32S ? <f64>load<f32>(sp - 8) : load<f64>(sp - 8);
        if (x != x) return doTrap(Msg.InvalidConversion, f, fp, entryFp);
        if (!(x > -2147483649.0 && x < 2147483648.0)) return doTrap(Msg.IntOverflow, f, fp, entryFp);
        store<u64>(sp - 8, <u64><u32><i32>x);
        break;
      }
      case Op.I32TruncF32U: case Op.I32TruncF64U: {
        let x: f64 = op == Op.I32TruncF32U ? <f64>load<f32>(sp - 8) : load<f64>(sp - 8);
        if (x != x) return doTrap(Msg.InvalidConversion, f, fp, entryFp);
        if (!(x > -1.0 && x < 4294967296.0)) return doTrap(Msg.IntOverflow, f, fp, entryFp);
        store<u64>(sp - 8, <u64><u32>x);
        break;
      }
      case Op.I64TruncF32S: case Op.I64TruncF64S: {
        let x: f64 = op == Op.I64TruncF32S ? <f64>load<f32>(sp - 8) : load<f64>(sp - 8);
        if (x != x) return doTrap(Msg.InvalidConversion, f, fp, entryFp);
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return doTrap(Msg.IntOverflow, f, fp, entryFp);
        store<i64>(sp - 8, <i64>x);
        break;
      }
      case Op.I64TruncF32U: case Op.I64TruncF64U: {
        let x: f64 = op == Op.I64TruncF32U ? <f64>load<f32>(sp - 8) : load<f64>(sp - 8);
        if (x != x) return doTrap(Msg.InvalidConversion, f, fp, entryFp);
        if (!(x > -1.0 && x < 18446744073709551616.0)) return doTrap(Msg.IntOverflow, f, fp, entryFp);
        store<u64>(sp - 8, <u64>x);
        break;
      }
      case Op.I64ExtendI32S: { store<i64>(sp - 8, <i64>load<i32>(sp - 8)); break; }
      case Op.I64ExtendI32U: { store<u64>(sp - 8, <u64>load<u32>(sp - 8)); break; }
      case Op.F32ConvertI32S: { store<u64>(sp - 8, f32bits(<f32>load<i32>(sp - 8))); break; }
      case Op.F32ConvertI32U: { store<u64>(sp - 8, f32bits(<f32>load<u32>(sp - 8))); break; }
      case Op.F32ConvertI64S: { store<u64>(sp - 8, f32bits(i64ToF32(load<i64>(sp - 8)))); break; }
      case Op.F32ConvertI64U: { store<u64>(sp - 8, f32bits(u64ToF32(load<u64>(sp - 8)))); break; }
      case Op.F32DemoteF64: { store<u64>(sp - 8, f32bits(<f32>load<f64>(sp - 8))); break; }
      case Op.F64ConvertI32S: { store<f64>(sp - 8, <f64>load<i32>(sp - 8)); break; }
      case Op.F64ConvertI32U: { store<f64>(sp - 8, <f64>load<u32>(sp - 8)); break; }
      case Op.F64ConvertI64S: { store<f64>(sp - 8, <f64>load<i64>(sp - 8)); break; }
      case Op.F64ConvertI64U: { store<f64>(sp - 8, <f64>load<u64>(sp - 8)); break; }
      case Op.F64PromoteF32: { store<f64>(sp - 8, <f64>load<f32>(sp - 8)); break; }
      case Op.I32ReinterpretF32: case Op.I64ReinterpretF64:
      case Op.F32ReinterpretI32: case Op.F64ReinterpretI64: break; // slots hold bits
      case Op.I32Extend8S: { store<u64>(sp - 8, <u64><u32><i32>load<i8>(sp - 8)); break; }
      case Op.I32Extend16S: { store<u64>(sp - 8, <u64><u32><i32>load<i16>(sp - 8)); break; }
      case Op.I64Extend8S: { store<i64>(sp - 8, <i64>load<i8>(sp - 8)); break; }
      case Op.I64Extend16S: { store<i64>(sp - 8, <i64>load<i16>(sp - 8)); break; }
      case Op.I64Extend32S: { store<i64>(sp - 8, <i64>load<i32>(sp - 8)); break; }

      // ---- references ----
      case Op.RefNull: { pc++; store<u64>(sp, 0); sp += 8; break; }
      case Op.RefIsNull: { store<u64>(sp - 8, bit(load<u64>(sp - 8) == 0)); break; }
      case Op.RefFunc: {
        if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
        let x = u32imm(pc); pc = immEnd;
        store<u64>(sp, <u64>unchecked(inst.funcs[x]).addr + 1);
        sp += 8;
        break;
      }

      case Op.PrefixFC: {
        let sub = u32imm(pc); pc = immEnd;
        switch (sub) {
          case OpFC.I32TruncSatF32S: { store<u64>(sp - 8, <u64><u32>truncSat32s(<f64>load<f32>(sp - 8))); break; }
          case OpFC.I32TruncSatF32U: { store<u64>(sp - 8, <u64>truncSat32u(<f64>load<f32>(sp - 8))); break; }
          case OpFC.I32TruncSatF64S: { store<u64>(sp - 8, <u64><u32>truncSat32s(load<f64>(sp - 8))); break; }
          case OpFC.I32TruncSatF64U: { store<u64>(sp - 8, <u64>truncSat32u(load<f64>(sp - 8))); break; }
          case OpFC.I64TruncSatF32S: { store<i64>(sp - 8, truncSat64s(<f64>load<f32>(sp - 8))); break; }
          case OpFC.I64TruncSatF32U: { store<u64>(sp - 8, truncSat64u(<f64>load<f32>(sp - 8))); break; }
          case OpFC.I64TruncSatF64S: { store<i64>(sp - 8, truncSat64s(load<f64>(sp - 8))); break; }
          case OpFC.I64TruncSatF64U: { store<u64>(sp - 8, truncSat64u(load<f64>(sp - 8))); break; }
          case OpFC.MemoryInit: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            let seg = u32imm(pc); pc = immEnd + 1;
            sp -= 24;
            if (!memoryInit(inst, seg, load<u32>(sp), load<u32>(sp, 8), load<u32>(sp, 16))) return doTrap(Msg.OobMemory, f, fp, entryFp);
            break;
          }
          case OpFC.DataDrop: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            let seg = u32imm(pc); pc = immEnd;
            unchecked(inst.dataLens[seg] = 0);
            break;
          }
          case OpFC.MemoryCopy: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            pc += 2;
            sp -= 24;
            let d = <u64>load<u32>(sp); let s = <u64>load<u32>(sp, 8); let n = <u64>load<u32>(sp, 16);
            if (s + n > memSize || d + n > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
            memory.copy(memBase + <usize>d, memBase + <usize>s, <usize>n);
            break;
          }
          case OpFC.MemoryFill: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            pc += 1;
            sp -= 24;
            let d = <u64>load<u32>(sp); let v = load<u8>(sp, 8); let n = <u64>load<u32>(sp, 16);
            if (d + n > memSize) return doTrap(Msg.OobMemory, f, fp, entryFp);
            memory.fill(memBase + <usize>d, v, <usize>n);
            break;
          }
          case OpFC.TableInit: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            let seg = u32imm(pc);
            let t = u32imm(immEnd); pc = immEnd;
            sp -= 24;
            if (!tableInit(inst, t, seg, load<u32>(sp), load<u32>(sp, 8), load<u32>(sp, 16))) return doTrap(Msg.OobTable, f, fp, entryFp);
            break;
          }
          case OpFC.ElemDrop: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            let seg = u32imm(pc); pc = immEnd;
            unchecked(inst.elemRefs[seg] = new StaticArray<u32>(0));
            break;
          }
          case OpFC.TableCopy: {
            if (!isDefined(BULK_MEMORY)) unreachable(); // rejected at load
            let dt = unchecked(inst.tables[u32imm(pc)]);
            let st = unchecked(inst.tables[u32imm(immEnd)]);
            pc = immEnd;
            sp -= 24;
            let d = <u64>load<u32>(sp); let s = <u64>load<u32>(sp, 8); let n = <u64>load<u32>(sp, 16);
            if (s + n > <u64>st.size || d + n > <u64>dt.size) return doTrap(Msg.OobTable, f, fp, entryFp);
            memory.copy(dt.data + (<usize>d << 2), st.data + (<usize>s << 2), <usize>n << 2);
            break;
          }
          case OpFC.TableGrow: {
            if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
            let tab = unchecked(inst.tables[u32imm(pc)]); pc = immEnd;
            sp -= 8;
            let r = tab.grow(load<u32>(sp), load<u32>(sp - 8));
            store<u64>(sp - 8, <u64><u32>r);
            break;
          }
          case OpFC.TableSize: {
            if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
            let tab = unchecked(inst.tables[u32imm(pc)]); pc = immEnd;
            store<u64>(sp, <u64>tab.size);
            sp += 8;
            break;
          }
          case OpFC.TableFill: {
            if (!isDefined(REF_TYPES)) unreachable(); // rejected at load
            let tab = unchecked(inst.tables[u32imm(pc)]); pc = immEnd;
            sp -= 24;
            let i = <u64>load<u32>(sp); let v = load<u32>(sp, 8); let n = <u64>load<u32>(sp, 16);
            if (i + n > <u64>tab.size) return doTrap(Msg.OobTable, f, fp, entryFp);
            for (let k: u64 = 0; k < n; k++) store<u32>(tab.data + (<usize>(i + k) << 2), v);
            break;
          }
          default: return doTrap(Msg.IllegalOpcode, f, fp, entryFp);
        }
        break;
      }
      default: return doTrap(Msg.IllegalOpcode, f, fp, entryFp);
    }
  }
  return 0;
}
