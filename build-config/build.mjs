#!/usr/bin/env node
/**
 * Builds the runtime:
 *   build/core.wasm   the AssemblyScript core (asc), for hosts with a wasm engine
 *   build/core.mjs    the same core as plain JavaScript (asc without
 *                     nontrapping-f2i/bulk-memory, then Binaryen's wasm2js),
 *                     wrapped as an ES module factory `createCore(env)`
 *   dist/             the TypeScript host code (tsc)
 *
 * Usage: node build-config/build.mjs [--only=core|js|ts] [--debug] [--force]
 *        node build-config/build.mjs --preset=NAME [--set NAME=0|1]... [--budget=BYTES] [--budget-gzip=BYTES]
 *        node build-config/build.mjs --all-presets      (see build-preset.mjs)
 * Without --force it does nothing when every output is newer than every source.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, statSync, rmSync, readdirSync, existsSync, chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { wrapWasm2js } from "./lib.mjs";
import { resolveConfig, ascUseFlags, ascEntries } from "./features.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(root, "build");
const bin = (pkg, file) => join(root, "node_modules", pkg, "bin", file);

const { values: opts } = parseArgs({
  options: {
    only: { type: "string" },
    debug: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    // configurations (build-config/features.mjs, build-preset.mjs): build into build/<name>/
    preset: { type: "string" },
    set: { type: "string", multiple: true },
    "all-presets": { type: "boolean" },
    budget: { type: "string" },
    "budget-gzip": { type: "string" },
    "core-only": { type: "boolean" },
    "no-save": { type: "boolean" },
  },
});
if (opts.preset || opts.set || opts["all-presets"]) {
  const { presetMain } = await import("./build-preset.mjs");
  process.exit(await presetMain(opts));
}

/** Newest modification time (ms) of the files below `paths`. */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    let st;
    try { st = statSync(p); } catch { return; }
    if (st.isDirectory()) { for (const e of readdirSync(p)) if (e !== "node_modules") walk(join(p, e)); }
    else t = Math.max(t, st.mtimeMs);
  };
  paths.forEach((p) => walk(join(root, p)));
  return t;
}
const outputs = ["build/core.wasm", "build/core.mjs", "dist/core/runtime.js", "dist/platforms/node/iwasm.js", "dist/aot/loader.js"];
const inputs = ["core", "interp-classic", "interp-fast", "platforms", "build-config", "aot", "tsconfig.json", "package.json"];
if (!opts.force && !opts.only && !opts.debug && outputs.every((o) => existsSync(join(root, o)))) {
  const oldestOut = Math.min(...outputs.map((o) => statSync(join(root, o)).mtimeMs));
  if (newest(inputs) < oldestOut) {
    console.log("build: up to date (use --force to rebuild)");
    process.exit(0);
  }
}

function run(what, cmd, args) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) {
    console.error(`build: ${what} failed (exit ${r.status})`);
    process.exit(1);
  }
  console.log(`build: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

const kb = (f) => `${(statSync(f).size / 1024).toFixed(1)} KiB`;

/** asc arguments shared by both core builds. */
function ascArgs(out, extra) {
  return [
    bin("assemblyscript", "asc.js"), ...ascEntries(resolveConfig("default")),
    "-o", out,
    "--runtime", "incremental",
    opts.debug ? "--debug" : "-O3",
    // the default preset's core features (build-config/features.mjs); other presets: build-preset.mjs
    ...ascUseFlags(resolveConfig("default")),
    ...extra,
  ];
}

mkdirSync(build, { recursive: true });

// the AoT loader's code-verifier table, from the fast interpreter's format (when it changed)
if (!opts.only || opts.only === "core" || opts.only === "js") run("aot-verify table", process.execPath, [join(root, "interp-fast", "gen-verify.mjs")]);
// the core's coded error messages, for the core and the host (core/messages.mjs)
run("coded messages", process.execPath, [join(root, "core", "messages.mjs")]);

if (!opts.only || opts.only === "core") {
  run("core.wasm", process.execPath, ascArgs(join(build, "core.wasm"), []));
  console.log(`  build/core.wasm ${kb(join(build, "core.wasm"))}`);
}

if (!opts.only || opts.only === "js") {
  const tmp = join(build, "core-for-js.wasm");
  run("core for wasm2js", process.execPath, ascArgs(tmp, ["--disable", "nontrapping-f2i,bulk-memory"]));
  const raw = join(build, "core-wasm2js.mjs");
  run("wasm2js", process.execPath, [bin("binaryen", "wasm2js"), tmp, "-O2", "-o", raw]);
  writeFileSync(join(build, "core.mjs"), wrapWasm2js(readFileSync(raw, "utf8")));
  rmSync(raw);
  rmSync(tmp);
  console.log(`  build/core.mjs ${kb(join(build, "core.mjs"))}`);
}

if (!opts.only || opts.only === "ts") {
  run("host code (tsc)", process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
  // tsc writes files without the execute bit; the package's commands (npx iwasm-ts, wamrc-ts) need it
  const { bin = {} } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const file of Object.values(bin)) if (existsSync(join(root, file))) chmodSync(join(root, file), 0o755);
}
