/**
 * The one definition of wamr-ts's build features and presets. Everything else
 * reads it: the build (build.mjs: asc `--use` flags, bundles, budgets), the
 * menu (menuconfig.mjs), the docs (docs/build.md is checked against it by
 * tests/unit/features.test.mjs) and the host runtime ("not built in" errors,
 * through the `features` list each build writes into build/<name>/config.json
 * and into its bundles).
 *
 * A feature:
 *   name         the flag name; the AssemblyScript core reads core features
 *                with `isDefined(NAME)` (declared for the editor in
 *                core/assembly/features.d.ts), set with `asc --use NAME=1`
 *   where        "core": compiled into the AS core; "host": selects TS host
 *                code put into the bundles; "build": a build setting
 *   description  one line, for the menu and the docs
 *   default      on in the `default` preset and in a config that does not say
 *   requires     features that must be on too
 *   excludes     features that must be off
 *   implemented  false: enabling it fails the build with "not implemented"
 *   notBuiltIn   the run-time error text when a module needs it ("… not built in")
 *   tradeOff     true: trades speed for size (off in the `full` preset, which is the fast build of everything)
 */

export const FEATURES = [
  { name: "CLASSIC_INTERP", where: "core", default: true, implemented: true,
    description: "classic interpreter: executes bytecode in place with a branch side table (WAMR's classic interpreter)",
    notBuiltIn: "classic interpreter not built in" },
  { name: "FAST_INTERP", where: "core", default: true, implemented: true,
    description: "fast interpreter: precompiled register-style code (WAMR's fast interpreter)",
    notBuiltIn: "fast interpreter not built in" },
  { name: "INSTRUCTION_METERING", where: "core", default: true, implemented: true,
    description: "instruction metering in the fast interpreter: fuel budget and suspend/resume (the classic interpreter always meters); off: its counting is compiled out and the fuel APIs refuse on it",
    notBuiltIn: "instruction metering not built in" },
  { name: "AOT_LOADER", where: "core", default: true, implemented: true, requires: ["FAST_INTERP"],
    description: "AoT bytecode loader: loads modules precompiled by wamrc-ts --target=bytecode (the fast interpreter's code, no validation or translation at load); wamrc-ts needs it in the core it compiles with",
    notBuiltIn: "AoT bytecode loader not built in" },
  { name: "AOT_JS_LOADER", where: "host", default: false, implemented: false,
    description: "AoT JS loader: loads modules precompiled to JavaScript",
    notBuiltIn: "AoT JS loader not built in" },
  { name: "MINI_LOADER", where: "core", default: false, implemented: false, requires: ["CLASSIC_INTERP"],
    description: "mini loader: decodes without validating, for trusted modules only (smaller, faster load)",
    notBuiltIn: "mini loader not built in" },
  { name: "BULK_MEMORY", where: "core", default: true, implemented: true,
    description: "bulk memory operations: memory.copy/fill/init, data.drop, table.copy/init, elem.drop",
    notBuiltIn: "bulk memory not built in" },
  { name: "REF_TYPES", where: "core", default: true, implemented: true,
    description: "reference types: externref, ref.null/is_null/func, table.get/set/grow/size/fill, typed select",
    notBuiltIn: "reference types not built in" },
  { name: "MULTI_VALUE", where: "core", default: true, implemented: true,
    description: "multi-value: functions and blocks with several results, blocks with parameters",
    notBuiltIn: "multi-value not built in" },
  { name: "CUSTOM_NAME_SECTION", where: "core", default: true, implemented: true,
    description: "custom name section: function names for backtraces (else $f<index>)",
    notBuiltIn: "name section not built in" },
  { name: "DUMP_CALL_STACK", where: "core", default: true, implemented: true,
    description: "dump call stack on trap: a trap carries the wasm backtrace",
    notBuiltIn: "call stack dump not built in" },
  { name: "MEMORY_PROFILING", where: "host", default: false, implemented: true,
    description: "memory profiling: Runtime.memoryUsage() reports core memory, linear memories and JS-side tables",
    notBuiltIn: "memory profiling not built in" },
  { name: "PERF_PROFILING", where: "core", default: false, implemented: false,
    description: "performance profiling: per-function call counts and time",
    notBuiltIn: "perf profiling not built in" },
  { name: "WASM_LOADER", where: "core", default: true, implemented: true,
    description: ".wasm loader: decoder and validator (and the fast interpreter's translator); off: the core loads only AoT bytecode (.aot files of wamrc-ts --target=bytecode)",
    notBuiltIn: "wasm loader not built in (this core loads only AoT bytecode modules)" },
  { name: "WASI", where: "host", default: true, implemented: true,
    description: "WASI preview1 (Node: full, with preopened directories; embedded hosts: args, env, stdio, clocks, random, files through the host)",
    notBuiltIn: "WASI not built in" },
  { name: "LIBC_BUILTIN", where: "host", default: false, implemented: true,
    description: "libc-builtin: WAMR's small libc subset as native symbols under \"env\" (printf, puts, strlen, memcpy, malloc, ...)",
    notBuiltIn: "libc-builtin not built in" },
  { name: "MODULE_MANAGER", where: "host", default: true, implemented: true,
    description: "module manager: install, update and remove application modules at run time with limits, fuel and a message ABI (ModuleManager; in the embedded bundles with installSync and .wasm modules only)",
    notBuiltIn: "module manager not built in" },
  { name: "COMPACT_EXECUTOR", where: "core", default: false, implemented: true, requires: ["FAST_INTERP"], tradeOff: true,
    description: "compact executor: the fast interpreter's generated instruction cases grouped (operands decoded once per operand form, then the operation from a dense switch; pair superinstructions run as their two halves), for size-optimized builds: aot-only core.wasm 44,916 -> 36,930 bytes; about 2.9x the run time of the per-opcode executor at -O3 (bench/ programs' .aot, geometric mean, 2026-11-22); in the -Oz aot-only build 0.85x the run time of the per-opcode executor there, which was already 3.4x the default core's",
    notBuiltIn: "compact executor not built in" },
  { name: "SIZE_OPT", where: "build", default: false, implemented: true,
    description: "optimize for size: asc -Oz, no assertions or bounds checks in the core, and AssemblyScript's stub runtime (no garbage collector: for load-once hosts; memory the core frees is reused only when it was the last allocation); the AoT code verifier without its fast path (loads take about 1.3x as long)" },
];

/** Presets: a full feature assignment each, with the size budgets CI holds. */
export const PRESETS = {
  minimal: {
    description: "classic interpreter and the module manager, nothing else optional, optimized for size",
    set: { CLASSIC_INTERP: 1, WASM_LOADER: 1, MODULE_MANAGER: 1, SIZE_OPT: 1 },
    budgets: { "core.wasm": { raw: 40 * 1024 }, "embedded.js": { gzip: 40 * 1024 } },
  },
  "aot-only": {
    description: "the smallest useful runtime (core.wasm 24,547 bytes; minimal 38,618): the AoT bytecode loader and the fast interpreter's compact executor (COMPACT_EXECUTOR), without decoder, validator, translator or classic interpreter (runs .aot files of wamrc-ts --target=bytecode), optimized for size; takes about 2.7x the default core's run time on the same .aot",
    set: { FAST_INTERP: 1, AOT_LOADER: 1, COMPACT_EXECUTOR: 1, SIZE_OPT: 1 },
    // measured 24,547 bytes (2026-11-22, session 8: coded error messages, the verifier table deduplicated,
    // division and conversions grouped, no strings for the exports' types, no static empty arrays, no
    // serializer exports, names kept as UTF-8 bytes; 36,930 before, 44,916 with the per-opcode executor):
    // issue 6's 24 KiB (24,576), 29 bytes to spare (docs/performance.md, session 8)
    budgets: { "core.wasm": { raw: 24 * 1024 } },
  },
  default: {
    description: "the features' defaults: both interpreters, Wasm 2.0 proposals, names, backtraces, WASI, the module manager",
    set: {},
    budgets: {},
  },
  full: {
    description: "every implemented feature (not optimized for size)",
    // every implemented feature except the size/speed trade-offs (SIZE_OPT, COMPACT_EXECUTOR)
    set: Object.fromEntries(FEATURES.map((f) => [f.name, f.implemented && f.where !== "build" && !f.tradeOff ? 1 : 0])),
    budgets: {},
  },
};

/** Features by name. */
export const BY_NAME = Object.fromEntries(FEATURES.map((f) => [f.name, f]));

/**
 * Resolve a preset plus overrides into `{ name: boolean }` for every feature.
 * `overrides` maps names to 0/1 (or booleans). Throws Error with every problem:
 * unknown names, unimplemented features switched on, broken requires/excludes.
 */
export function resolveConfig(presetName = "default", overrides = {}) {
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`unknown preset "${presetName}" (known: ${Object.keys(PRESETS).join(", ")})`);
  const cfg = {};
  for (const f of FEATURES) cfg[f.name] = !!f.default;
  // A preset other than `default` lists what it turns on; everything else is off.
  if (presetName !== "default") for (const f of FEATURES) cfg[f.name] = false;
  const problems = [];
  for (const [k, v] of Object.entries(preset.set)) cfg[k] = !!+v;
  for (const [k, v] of Object.entries(overrides)) {
    if (!BY_NAME[k]) { problems.push(`unknown feature "${k}"`); continue; }
    cfg[k] = v === true || v === "1" || v === 1 || v === "on" || v === "y";
  }
  problems.push(...checkConfig(cfg));
  if (problems.length) throw new Error(problems.join("; "));
  return cfg;
}

/** The problems of a full assignment (empty when it can be built). */
export function checkConfig(cfg) {
  const problems = [];
  for (const f of FEATURES) {
    if (!cfg[f.name]) continue;
    if (!f.implemented) problems.push(`${f.name}: not implemented yet (${f.description.split(":")[0]})`);
    for (const r of f.requires ?? []) if (!cfg[r]) problems.push(`${f.name} requires ${r}`);
    for (const x of f.excludes ?? []) if (cfg[x]) problems.push(`${f.name} excludes ${x}`);
  }
  return problems;
}

/** Parse `--set` values: "WASI=0", "WASI=0,BULK_MEMORY=1" (repeatable). */
export function parseSets(list) {
  const out = {};
  for (const item of list ?? []) {
    for (const part of String(item).split(",")) {
      if (!part.trim()) continue;
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(\S+)\s*$/.exec(part);
      if (!m) throw new Error(`--set expects NAME=0|1, got "${part}"`);
      if (!/^(0|1|on|off|y|n)$/.test(m[2])) throw new Error(`--set ${m[1]}: value must be 0 or 1, got "${m[2]}"`);
      out[m[1]] = m[2] === "1" || m[2] === "on" || m[2] === "y";
    }
  }
  return out;
}

/**
 * The core's asc entry files for a config: index.ts, plus aot-exports.ts with
 * AOT_LOADER and aot-writer-exports.ts (the serializer's, for wamrc-ts) with
 * AOT_LOADER and WASM_LOADER (builds without them carry none of their exports).
 */
export function ascEntries(cfg) {
  return [
    "core/assembly/index.ts",
    ...(cfg.AOT_LOADER ? ["core/assembly/aot-exports.ts"] : []),
    ...(cfg.AOT_LOADER && cfg.WASM_LOADER ? ["core/assembly/aot-writer-exports.ts"] : []),
  ];
}

/** The enabled core features, as asc arguments (`--use NAME=1` each). */
export function ascUseFlags(cfg) {
  const args = [];
  for (const f of FEATURES) if (f.where === "core" && cfg[f.name]) args.push("--use", `${f.name}=1`);
  return args;
}

/** A config equal to a preset (no overrides) is named after it; others are "custom". */
export function configName(presetName, overrides) {
  return Object.keys(overrides).length ? "custom" : presetName;
}
