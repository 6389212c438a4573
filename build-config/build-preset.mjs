/**
 * Builds one configuration of wamr-ts (a preset, possibly with --set
 * overrides) into build/<name>/, and measures it:
 *
 *   core.wasm          the AssemblyScript core with the configuration's features
 *   core.mjs           its JavaScript form (wasm2js), an ES module factory
 *   node.mjs           esbuild bundle for Node (ESM): runtime + core.wasm loader (+ WASI, libc-builtin)
 *   embedded.js        one plain script for JS hosts without WebAssembly (ES2015,
 *                      no BigInt, no eval): runtime + core.mjs inlined; global `WamrTs`
 *   embedded.min.js    the same, minified (what goes on a board)
 *   embedded.es5.js    the minified bundle lowered to ES5 by TypeScript 5 (Duktape and other ES5 engines)
 *   config.json        the resolved features and the measured sizes
 *
 * Prints a size table (raw, minified, gzipped, budget) and one line per
 * artifact `size <name> <artifact> <raw bytes> <gzipped bytes>`. Fails when an
 * artifact is over its budget (the preset's, build-config/features.mjs, or --budget).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { wrapWasm2js } from "./lib.mjs";
import { FEATURES, PRESETS, BY_NAME, ascUseFlags, ascEntries } from "./features.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (pkg, file) => join(root, "node_modules", pkg, "bin", file);

function run(what, cmd, args, quiet = false) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    process.stderr.write(r.stdout.slice(-4000) + r.stderr.slice(-4000));
    throw new Error(`build: ${what} failed (exit ${r.status})`);
  }
  if (!quiet) console.log(`build: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** asc arguments for a configuration. */
function ascArgs(cfg, out, extra = []) {
  const size = cfg.SIZE_OPT;
  return [
    bin("assemblyscript", "asc.js"), ...ascEntries(cfg), "-o", out,
    // SIZE_OPT: AssemblyScript's stub runtime (a bump allocator without a
    // garbage collector; see the feature's description) and no run-time
    // assertions or array bounds checks in the core (the validator checks
    // every index a module uses before the core relies on it); the core sees
    // it as isDefined(SIZE_OPT) too (the AoT code verifier's fast path is left out).
    "--runtime", size ? "stub" : "incremental",
    ...(size ? ["-Oz", "--noAssert", "--uncheckedBehavior", "always", "--converge", "--use", "SIZE_OPT=1"] : ["-O3"]),
    ...ascUseFlags(cfg),
    ...extra,
  ];
}

/**
 * SIZE_OPT: Binaryen passes after asc -Oz for core.wasm. Re-running the
 * relooper on flattened code finds smaller control flow for the interpreter's
 * big switch (measured: about 0.6 KB of the minimal core).
 */
export const SIZE_PASSES = ["--flatten", "--rereloop", "-Oz", "--converge"];
const WASM_OPT_FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"];

/**
 * The commands that build a configuration's core.wasm into `wasm`, as
 * [[cmd, args]] to run in order from the repository root (the menu's size
 * costs, build-config/menuconfig.mjs, run them without the rest of a build).
 */
export function coreWasmCommands(cfg, wasm) {
  const cmds = [[process.execPath, ascArgs(cfg, wasm)]];
  if (cfg.SIZE_OPT) cmds.push([process.execPath, coreWasmOptArgs(wasm)]);
  return cmds;
}
const coreWasmOptArgs = (wasm) => [bin("binaryen", "wasm-opt"), ...WASM_OPT_FEATURES, ...SIZE_PASSES, wasm, "-o", wasm];

/** Build the AS core in both forms into `out`. */
export function buildCore(cfg, out) {
  mkdirSync(out, { recursive: true });
  const wasm = join(out, "core.wasm");
  run(`${rel(out)}/core.wasm`, process.execPath, ascArgs(cfg, wasm));
  if (cfg.SIZE_OPT) run(`${rel(out)}/core.wasm (wasm-opt ${SIZE_PASSES.join(" ")})`, process.execPath, coreWasmOptArgs(wasm));
  const tmp = join(out, "core-for-js.wasm");
  run(`${rel(out)}/core.mjs (asc)`, process.execPath, ascArgs(cfg, tmp, ["--disable", "nontrapping-f2i,bulk-memory"]));
  const raw = join(out, "core-wasm2js.mjs");
  run(`${rel(out)}/core.mjs (wasm2js)`, process.execPath, [bin("binaryen", "wasm2js"), tmp, cfg.SIZE_OPT ? "-Oz" : "-O2", "-o", raw]);
  writeFileSync(join(out, "core.mjs"), wrapWasm2js(readFileSync(raw, "utf8")));
  rmSync(raw);
  rmSync(tmp);
}

const rel = (p) => relative(root, p) || ".";

/** The bundles' entry modules for a configuration (written into `out`). */
function entries(cfg, out) {
  const src = (p) => JSON.stringify(relative(out, join(root, p)).replace(/\\/g, "/"));
  const features = JSON.stringify(Object.fromEntries(FEATURES.map((f) => [f.name, !!cfg[f.name]])));
  const common = [
    `export * from ${src("core/runtime.ts")};`,
    `export const features = ${features};`,
    // MEMORY_PROFILING: Runtime.memoryUsage() (added to Runtime.prototype by the import)
    cfg.MEMORY_PROFILING ? `export { memoryUsage } from ${src("core/memory-profiling.ts")};` : "",
    // LIBC_BUILTIN: rt.registerNatives("env", libcBuiltin({ print }))
    cfg.LIBC_BUILTIN ? `export { libcBuiltin, LibcExit } from ${src("platforms/common/libc-builtin.ts")};` : "",
    // MODULE_MANAGER: new ModuleManager({ loadCore, ... }) (embedded bundles: loadCore = createCore, installSync)
    cfg.MODULE_MANAGER ? `export { ModuleManager, ManagerError } from ${src("core/manager.ts")};` : "",
  ];
  const node = [
    ...common,
    `export { nodeCoreLoader, loadCoreNode } from ${src("core/node-core.ts")};`,
    cfg.WASI ? `export { Wasi, WasiExit } from ${src("platforms/node/wasi.ts")};` : "",
  ];
  const embedded = [
    ...common,
    `import { createCore } from "./core.mjs";`,
    `export { createCore };`,
    cfg.WASI ? `export { MiniWasi, WasiExit } from ${src("platforms/common/mini-wasi.ts")};` : "",
    `import { runOnHost, startOnHost } from ${src("platforms/common/host.ts")};`,
    `export { lineWriter } from ${src("platforms/common/host.ts")};`,
    // run(host, name, options): load module `name` through `host` and run it;
    // start(host, name, options): load and instantiate it, for calls later (platforms/common/host.ts)
    `export function run(host, name, options) { return runOnHost(host, createCore, name, options); }`,
    `export function start(host, name, options) { return startOnHost(host, createCore, name, options); }`,
  ];
  writeFileSync(join(out, "entry-node.ts"), node.filter(Boolean).join("\n") + "\n");
  writeFileSync(join(out, "entry-embedded.ts"), embedded.filter(Boolean).join("\n") + "\n");
}

/** esbuild: the Node ESM bundle and the embedded script bundle. */
async function bundle(cfg, out) {
  const esbuild = await import("esbuild");
  entries(cfg, out);
  // The embedded bundle must not pull in the Node core loader.
  const noNode = {
    name: "no-node",
    setup(b) {
      b.onResolve({ filter: /node-core(\.js|\.ts)?$/ }, () => ({ path: "node-core", namespace: "stub" }));
      b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
        contents: "export async function loadCoreNode() { throw new Error('wamr-ts: this bundle has no Node core loader; pass options.loadCore'); }",
        loader: "js",
      }));
    },
  };
  // Without AOT_LOADER the runtime reads no .aot container (the core refuses them first)
  // and shows none of the AoT loader's coded messages (core/messages.mjs).
  const noBytecodeAot = {
    name: "no-bytecode-aot",
    setup(b) {
      b.onResolve({ filter: /aot-messages\.generated(\.js|\.ts)?$/ }, () => ({ path: "aot-messages", namespace: "stub-aot" }));
      b.onLoad({ filter: /^aot-messages$/, namespace: "stub-aot" }, () => ({ contents: "export const AOT_MESSAGES = []; export const FIELDS = [];", loader: "js" }));
      b.onResolve({ filter: /bytecode-container(\.js|\.ts)?$/ }, () => ({ path: "bytecode-container", namespace: "stub-aot" }));
      b.onLoad({ filter: /^bytecode-container$/, namespace: "stub-aot" }, () => ({
        contents: "export function isAot(b) { return b.length >= 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x6f && b[3] === 0x74; }\n" +
          "export function readAotChecked(b, o, wrap) { throw wrap('AoT bytecode loader not built in'); }",
        loader: "js",
      }));
    },
  };
  const t0 = Date.now();
  await esbuild.build({
    entryPoints: [join(out, "entry-node.ts")], bundle: true, format: "esm", platform: "node", target: "node20",
    outfile: join(out, "node.mjs"), logLevel: "warning",
  });
  // The embedded bundles have no AoT JS loader (its code needs eval and
  // BigInt): the module manager (MODULE_MANAGER) gets a stand-in that
  // recognizes .aot files and refuses them, and no signature checks (node:crypto).
  const noAot = {
    name: "no-aot",
    setup(b) {
      b.onResolve({ filter: /aot\/(loader|sign)(\.js|\.ts)?$/ }, (a) => ({ path: /sign/.test(a.path) ? "sign" : "loader", namespace: "no-aot" }));
      b.onLoad({ filter: /^sign$/, namespace: "no-aot" }, () => ({
        contents: "export function trustedKeys() { throw new Error('trustedKeys: signature checks need node:crypto, which this build lacks'); }",
        loader: "js",
      }));
      b.onLoad({ filter: /^loader$/, namespace: "no-aot" }, () => ({
        contents: `export { isAot } from ${JSON.stringify(join(root, "aot/format.ts"))};
export class AotRuntime { constructor() { throw new Error(${JSON.stringify(BY_NAME.AOT_JS_LOADER.notBuiltIn + " (this build runs .wasm modules only; .aot code of the js target needs eval)")}); } }`,
        loader: "js", resolveDir: root,
      }));
    },
  };
  const hostPlugins = cfg.AOT_LOADER ? [noNode, noAot] : [noNode, noAot, noBytecodeAot];
  const embeddedOpts = {
    entryPoints: [join(out, "entry-embedded.ts")], bundle: true, format: "iife", globalName: "WamrTs",
    platform: "neutral", target: "es2015", logLevel: "warning", plugins: hostPlugins, external: ["node:*"],
    supported: { bigint: false },
  };
  await esbuild.build({ ...embeddedOpts, outfile: join(out, "embedded.js") });
  await esbuild.build({ ...embeddedOpts, outfile: join(out, "embedded.min.js"), minify: true });
  console.log(`build: ${rel(out)}/node.mjs, embedded.js, embedded.min.js (esbuild, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // ES5 for engines such as Duktape. Only the runtime goes through
  // TypeScript's ES5 lowering: the wasm2js core is ES5 already, and TypeScript
  // misparses some of its expressions (`a << 2 > (b | 0)` became the call
  // `a(b | 0)`: "1 not callable" on Duktape). So the runtime is bundled with
  // the core left out (a stub reads the global function below), lowered, and
  // the core is put in front as a plain function; then one ES5 minification.
  const t1 = Date.now();
  const ts = (await import("typescript")).default;
  const CORE_FN = "__wamrts_createCore";
  const coreStub = {
    name: "core-stub",
    setup(b) {
      b.onResolve({ filter: /^\.\/core\.mjs$/ }, () => ({ path: "core", namespace: "core-stub" }));
      b.onLoad({ filter: /.*/, namespace: "core-stub" }, () => ({ contents: `export const createCore = ${CORE_FN};`, loader: "js" }));
    },
  };
  const runtimeOnly = (await esbuild.build({ ...embeddedOpts, plugins: [...hostPlugins, coreStub], write: false })).outputFiles[0].text;
  const runtime5 = ts.transpileModule(runtimeOnly, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, allowJs: true, downlevelIteration: true, removeComments: true },
  }).outputText;
  const coreSrc = readFileSync(join(out, "core.mjs"), "utf8");
  if (!/^export function createCore\(env\) \{$/m.test(coreSrc)) throw new Error("build: unexpected core.mjs (no `export function createCore(env) {` line)");
  const core5 = coreSrc.replace(/^export function createCore\(env\) \{$/m, `function ${CORE_FN}(env) {`);
  // ES2015 built-ins that ES5 engines lack (Map, Set, Math.fround, typed-array fill/indexOf/slice, ...)
  const prelude = readFileSync(join(root, "platforms/common/es5-prelude.js"), "utf8");
  const min5 = await esbuild.transform(`${prelude}\n${core5}\n${runtime5}`, { minify: true, target: "es5", loader: "js" });
  writeFileSync(join(out, "embedded.es5.js"), min5.code);
  console.log(`build: ${rel(out)}/embedded.es5.js (runtime lowered by TypeScript ${ts.version}, ${((Date.now() - t1) / 1000).toFixed(1)} s)`);
}

/** Sizes of the artifacts of `out`: [{ artifact, raw, min, gzip }]. */
export async function measure(out) {
  const esbuild = await import("esbuild");
  const rows = [];
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const add = (artifact, rawFile, minBytes) => {
    const p = join(out, rawFile);
    if (!existsSync(p)) return;
    const raw = readFileSync(p);
    const min = minBytes ?? raw;
    rows.push({ artifact, raw: raw.length, min: min.length, gzip: gz(min) });
  };
  add("core.wasm", "core.wasm");
  if (existsSync(join(out, "core.mjs"))) {
    const min = Buffer.from((await esbuild.transform(readFileSync(join(out, "core.mjs"), "utf8"), { minify: true, format: "esm", loader: "js" })).code);
    add("core.mjs", "core.mjs", min);
  }
  if (existsSync(join(out, "node.mjs"))) {
    const min = Buffer.from((await esbuild.transform(readFileSync(join(out, "node.mjs"), "utf8"), { minify: true, format: "esm", loader: "js" })).code);
    add("node.mjs", "node.mjs", min);
  }
  if (existsSync(join(out, "embedded.min.js"))) add("embedded.js", "embedded.js", readFileSync(join(out, "embedded.min.js")));
  if (existsSync(join(out, "embedded.es5.js"))) add("embedded.es5.js", "embedded.es5.js");
  return rows;
}

/** Check rows against budgets `{ artifact: { raw?, gzip? } }`; returns the failures. */
export function overBudget(rows, budgets) {
  const fails = [];
  for (const r of rows) {
    const b = budgets[r.artifact];
    if (!b) continue;
    if (b.raw !== undefined && r.raw > b.raw) fails.push(`${r.artifact}: ${r.raw} bytes raw, budget ${b.raw}`);
    if (b.gzip !== undefined && r.gzip > b.gzip) fails.push(`${r.artifact}: ${r.gzip} bytes gzipped, budget ${b.gzip}`);
  }
  return fails;
}

const budgetText = (b) => !b ? "" : [b.raw !== undefined ? `raw ≤ ${b.raw}` : "", b.gzip !== undefined ? `gzip ≤ ${b.gzip}` : ""].filter(Boolean).join(", ");

/** Print the size table and the `size` lines. */
export function printSizes(name, rows, budgets) {
  const w = [18, 10, 10, 10, 22];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join(" ");
  console.log(`\nsizes of ${name} (bytes):`);
  console.log(line(["artifact", "raw", "minified", "gzipped", "budget"]));
  for (const r of rows) {
    const b = budgets[r.artifact];
    const over = overBudget([r], budgets).length ? "  OVER" : b ? "  ok" : "";
    console.log(line([r.artifact, r.raw, r.min, r.gzip, budgetText(b)]) + over);
  }
  for (const r of rows) console.log(`size ${name} ${r.artifact} ${r.raw} ${r.gzip}`);
}

/**
 * Build configuration `cfg` named `name` into build/<name>/ and measure it.
 * `budgets`: the preset's plus the command line's. `parts`: "core" (core.wasm
 * and core.mjs only) or "all". Returns { rows, fails }.
 */
export async function buildVariant({ name, cfg, budgets = {}, parts = "all" }) {
  const out = join(root, "build", name);
  const t0 = Date.now();
  buildCore(cfg, out);
  if (parts === "all") await bundle(cfg, out);
  const rows = await measure(out);
  writeFileSync(join(out, "config.json"), JSON.stringify({ name, features: cfg, sizes: rows }, null, 2) + "\n");
  printSizes(name, rows, budgets);
  const fails = overBudget(rows, budgets);
  for (const f of fails) console.log(`budget exceeded: ${name} ${f}`);
  console.log(`build: ${name} done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { rows, fails };
}

/** The budgets of preset `name` (none for custom configurations). */
export function presetBudgets(name) {
  return PRESETS[name]?.budgets ?? {};
}

/** Where `npm run menuconfig` and `npm run build -- --preset/--set` keep the chosen configuration. */
export const CONFIG_FILE = join(root, "wamr-ts.config.json");

/**
 * `npm run build -- --preset=NAME [--set NAME=0|1 ...] [--budget=BYTES]
 * [--budget-gzip=BYTES] [--core-only] [--no-save]` and `--all-presets`.
 * With --set and no --preset, the base is the saved configuration (else `default`).
 * Saves the configuration to wamr-ts.config.json unless --no-save or --all-presets.
 * Returns the exit status.
 */
export async function presetMain(opts) {
  const { resolveConfig, parseSets, configName } = await import("./features.mjs");
  const extraBudget = {};
  if (opts.budget !== undefined) extraBudget.raw = +opts.budget;
  if (opts["budget-gzip"] !== undefined) extraBudget.gzip = +opts["budget-gzip"];
  const parts = opts["core-only"] ? "core" : "all";
  const jobs = [];
  try {
    if (opts["all-presets"]) {
      for (const p of Object.keys(PRESETS)) jobs.push({ name: p, cfg: resolveConfig(p), budgets: presetBudgets(p) });
    } else {
      let preset = opts.preset;
      let base = {};
      if (!preset && existsSync(CONFIG_FILE)) ({ preset, set: base } = JSON.parse(readFileSync(CONFIG_FILE, "utf8")));
      preset ??= "default";
      const overrides = { ...(opts.preset ? {} : base ?? {}), ...parseSets(opts.set) };
      const cfg = resolveConfig(preset, overrides);
      const name = configName(preset, overrides);
      jobs.push({ name, cfg, budgets: name === preset ? presetBudgets(preset) : {} });
      if (!opts["no-save"]) {
        writeFileSync(CONFIG_FILE, JSON.stringify({ preset, set: overrides, features: cfg }, null, 2) + "\n");
        console.log(`build: configuration saved to ${rel(CONFIG_FILE)}`);
      }
    }
  } catch (e) {
    console.error(`build: ${e.message}`);
    return 2;
  }
  let failed = false;
  for (const j of jobs) {
    const budgets = { ...j.budgets };
    if (extraBudget.raw !== undefined) budgets["core.wasm"] = { ...budgets["core.wasm"], raw: extraBudget.raw };
    if (extraBudget.gzip !== undefined) budgets["embedded.js"] = { ...budgets["embedded.js"], gzip: extraBudget.gzip };
    try {
      const { fails } = await buildVariant({ name: j.name, cfg: j.cfg, budgets, parts });
      if (fails.length) failed = true;
    } catch (e) {
      console.error(e.message);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
