// Entry of the profiling core built by interp-fast/tools/profile.mjs: the
// core's exports plus the fast interpreter's dynamic opcode counters
// (interp-fast/assembly/interp.ts counts only when built with FAST_PROFILE).
export * from "../../core/assembly/index";
export { profileCounts as wt_fast_profile_counts, profilePairs as wt_fast_profile_pairs } from "../assembly/interp";
import { mod } from "../../core/assembly/handles";
/** Defined function i of module handle h: the address of its translated code (0 when none); its length by wt_fast_func_code_len. */
export function wt_fast_func_code(h: i32, i: i32): usize { return mod(h).funcs[i].fastCode; }
export function wt_fast_func_code_len(h: i32, i: i32): u32 { return mod(h).funcs[i].fastCodeLen; }
export function wt_fast_func_count(h: i32): i32 { return mod(h).funcs.length; }
