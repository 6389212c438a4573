/**
 * The execution environment (WAMR's `wasm_exec_env`): the value stack that
 * both interpreters run their frames on, the instruction budget, the state of
 * a suspended invocation, the backtrace of the last trap, and the `host_call`
 * import through which wasm code reaches host (native) functions.
 *
 * The core owns it, not an interpreter: the classic and fast interpreters
 * (interp-classic/, interp-fast/) and the AoT bytecode loader's executor all
 * use this one environment, so a build without the classic interpreter
 * (the aot-only preset) still has it.
 */
import { FuncInst } from "./store";

/** Calls a host (native) function: args in `nargs` slots at `slots`, results written back from `slots`. Returns 0, or non-zero when the host function raised. */
// @ts-ignore: decorator
@external("env", "host_call")
export declare function hostCall(hostId: i32, slots: usize, nargs: i32, nresults: i32): i32;


/** The execution environment (WAMR's exec env): the value stack of this runtime. */
export class ExecEnv {
  stackBase: usize = 0;
  stackEnd: usize = 0;
  /** First free slot; nested invocations (host -> wasm -> host -> wasm) start here. */
  sp: usize = 0;
  /**
   * Instruction budget (WAMR's instruction metering): decremented once per
   * executed instruction and checked at taken branches and calls, so a
   * runaway loop or recursion stops within one basic block of the limit.
   * i64.MAX_VALUE means unlimited.
   */
  fuel: i64 = i64.MAX_VALUE;
  /** When the budget runs out in an outermost invocation: suspend (resumable) instead of trapping. */
  suspendable: bool = false;
  /** Nesting of invocations (host -> wasm -> host -> wasm ...). */
  depth: i32 = 0;
  /** Address of the instance whose code made the current host call (-1: called by the host itself). */
  hostCaller: i32 = -1;
  // State of a suspended invocation (valid while `suspended`).
  suspended: bool = false;
  sFunc: usize = 0;
  sPc: usize = 0;
  sStp: usize = 0;
  sFp: usize = 0;
  sSp: usize = 0;
  sEntryFp: usize = 0;
  sEntrySp: usize = 0;
}
export const env = new ExecEnv();

export function initStack(bytes: u32): void {
  if (env.stackBase) heap.free(env.stackBase);
  let b = heap.alloc(<usize>bytes + 16);
  b = (b + 15) & ~(<usize>15);
  env.stackBase = b;
  env.stackEnd = b + <usize>bytes - 64;
  env.sp = b;
}

// ---- backtrace of the last trap ----

/** Function addresses on the call stack at the last trap, innermost first. */
export const backtrace: Array<u32> = [];

/**
 * Fill `backtrace` by walking the frames from `f` (frame at `fp`) out to the
 * invocation's entry frame. Each frame record sits after the frame's locals
 * and holds the caller's fp at `callerFpOff` and FuncInst at `callerFuncOff`
 * (bytes); both interpreters use this with their own record layout.
 */
export function walkFrames(f: FuncInst, fp: usize, entryFp: usize, callerFpOff: usize, callerFuncOff: usize): void {
  backtrace.length = 0;
  if (!isDefined(DUMP_CALL_STACK)) return;
  let cur = f;
  let cfp = fp;
  let guard = 0;
  while (guard++ < 10000) {
    backtrace.push(cur.addr);
    if (cfp == entryFp) break;
    let rec = cfp + (<usize>cur.numLocals << 3);
    let callerFp = load<usize>(rec + callerFpOff);
    let callerFunc = load<usize>(rec + callerFuncOff);
    if (!callerFunc) break;
    cur = changetype<FuncInst>(callerFunc);
    cfp = callerFp;
  }
}

