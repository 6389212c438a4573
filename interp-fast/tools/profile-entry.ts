// Entry of the profiling core built by interp-fast/tools/profile.mjs: the
// core's exports plus the fast interpreter's dynamic opcode counters
// (interp-fast/assembly/interp.ts counts only when built with FAST_PROFILE).
export * from "../../core/assembly/index";
export { profileCounts as wt_fast_profile_counts, profilePairs as wt_fast_profile_pairs } from "../assembly/interp";
