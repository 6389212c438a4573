/**
 * Build features, for the editor only (asc never reads this file). The core
 * reads them with `isDefined(NAME)`; the build sets them with
 * `asc --use NAME=1` from build-config/features.mjs, the one list of
 * features. Do not `declare const` them in a .ts module: asc would make them
 * imported globals and ignore `--use`.
 */
declare const CLASSIC_INTERP: i32;
declare const FAST_INTERP: i32;
declare const INSTRUCTION_METERING: i32;
declare const AOT_LOADER: i32;
declare const WASM_LOADER: i32;
declare const MINI_LOADER: i32;
declare const BULK_MEMORY: i32;
declare const REF_TYPES: i32;
declare const MULTI_VALUE: i32;
declare const CUSTOM_NAME_SECTION: i32;
declare const DUMP_CALL_STACK: i32;
declare const PERF_PROFILING: i32;
declare const COMPACT_EXECUTOR: i32;
/** A build setting (build-config/features.mjs `where: "build"`), set by build-preset.mjs for size-optimized builds. */
declare const SIZE_OPT: i32;
