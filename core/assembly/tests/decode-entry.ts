/** Scratch entry for testing the decoder/validator (core/assembly/decoder.ts). */
import { loadModule } from "../decoder";
import { errorKind, errorMessage, errorOffset } from "../errors";
import { Module } from "../module";

let last: Module | null = null;

export function alloc(n: u32): usize { return heap.alloc(n ? <usize>n : 1); }
export function free(p: usize): void { heap.free(p); }

/** Returns 1 if the module loads, 0 otherwise. */
export function check(ptr: usize, len: u32): i32 {
  let prev = last;
  if (prev) { prev.dispose(); last = null; }
  let m = loadModule(ptr, len);
  if (!m) return 0;
  last = m;
  return 1;
}
export function errKind(): i32 { return errorKind(); }
export function errOffset(): i32 { return errorOffset(); }
/** Error message as UTF-16 string pointer (read length at ptr-4). */
export function errMsg(): usize { return changetype<usize>(errorMessage()); }

export function numFuncs(): i32 { return (<Module>last).funcs.length; }
export function funcSide(i: i32): usize { return (<Module>last).funcs[i].sideTable; }
export function funcSideLen(i: i32): u32 { return (<Module>last).funcs[i].sideTableLen; }
export function funcMaxStack(i: i32): u32 { return (<Module>last).funcs[i].maxStack; }
export function funcCodeStart(i: i32): u32 { let m = <Module>last; return <u32>(m.funcs[i].codeStart - m.bytes); }
export function funcCodeEnd(i: i32): u32 { let m = <Module>last; return <u32>(m.funcs[i].codeEnd - m.bytes); }
export function funcNumLocals(i: i32): u32 { return (<Module>last).funcs[i].localTypes.length; }
export function funcName(i: u32): usize { let m = <Module>last; return changetype<usize>(m.funcNames.has(i) ? m.funcNames.get(i) : "<none>"); }
export function moduleName(): usize { return changetype<usize>((<Module>last).name); }
