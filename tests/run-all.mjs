#!/usr/bin/env node
/**
 * `npm test`: the unit tests (uvu, tests/unit) and the spec conformance suite
 * on both interpreters (classic, fast, and fast-opt: the fast one at the
 * translator's highest optimization level) with both core builds (core.wasm and core.mjs) and on the
 * AoT compiler's output (aot-js, and aot-js-pairs: --i64=pairs; aot-bytecode on both core builds, and on
 * both forms of the aot-only preset's core: its compact executor), then one closing line `N passed, N failed` that
 * adds both up (CI reads it). Exits non-zero when anything failed.
 *
 * Options: --unit (unit tests only), --spec (spec suite only); anything
 * after `--` goes to the spec runner.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const dd = argv.indexOf("--");
const own = dd < 0 ? argv : argv.slice(0, dd);
const specExtra = dd < 0 ? [] : argv.slice(dd + 1);
const only = own.includes("--unit") ? "unit" : own.includes("--spec") ? "spec" : "all";

let passed = 0;
let failed = 0;
let problems = [];

function run(label, args, env = {}) {
  console.log(`\n=== ${label}: ${Object.entries(env).map(([k, v]) => `${k}=${v} `).join("")}node ${args.join(" ")}`);
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 256 << 20, env: { ...process.env, ...env } });
  process.stdout.write(r.stdout);
  return r;
}

/** One spec-runner run: adds its closing line `N passed, N failed` to the totals (`what` names it in a problem). */
function spec(label, what, args, env = {}) {
  const r = run(label, ["tests/spec/run.mjs", ...args, ...specExtra], env);
  const m = /^(\d+) passed, (\d+) failed\s*$/m.exec(r.stdout);
  if (!m) { failed++; problems.push(`spec suite (${what}): no closing line (crashed?)`); }
  else { passed += +m[1]; failed += +m[2]; }
}

if (only !== "spec") {
  // (node:wasi, the tests' reference, runs with V8's fast API calls off: tests/unit/node-wasi.mjs.)
  const r = run("unit tests", [join(root, "node_modules", "uvu", "bin.js"), "tests/unit", "\\.test\\.mjs$"]);
  const total = /Total:\s+(\d+)/.exec(r.stdout);
  const ok = /Passed:\s+(\d+)/.exec(r.stdout);
  if (!total || !ok) { failed++; problems.push("unit tests: no summary (crashed?)"); }
  else {
    const t = +total[1], p = +ok[1];
    passed += p;
    failed += t - p;
    if (r.status !== 0 && t === p) { failed++; problems.push(`unit tests exited with ${r.status}`); }
  }
}

if (only !== "unit") {
  // The same suite on both builds of the core: wasm2js drops traps and trusts
  // alignment hints, so the JS build must be shown to behave the same.
  // Both interpreters, each on both builds.
  // fast-opt: the fast interpreter at the translator's highest level (the AoT-grade translation).
  for (const engine of ["classic", "fast", "fast-opt"]) {
    for (const core of ["wasm", "js"]) {
      spec(`spec suite, ${engine} interpreter, core ${core}`, `${engine}, core ${core}`, [`--engine=${engine}`, `--core=${core}`]);
    }
  }
  // The AoT compiler: every module compiled by wamrc-ts (-O0) and run from its .aot (about 10 s each),
  // with i64 as BigInt (aot-js), as int32 pairs (aot-js-pairs, --i64=pairs), and as asm.js where
  // the module allows it (aot-js-asm, --js-flavor=auto: V8 must validate every such module).
  for (const engine of ["aot-js", "aot-js-pairs", "aot-js-asm"]) {
    spec(`spec suite, ${engine} (wamrc-ts)`, `${engine}`, [`--engine=${engine}`]);
  }
  // wamrc-ts --target=bytecode, loaded by the core's AoT loader: on core.wasm through
  // Binaryen at -O3, on core.mjs at -O0 (the translator's code as is).
  for (const [core, opt] of [["wasm", "3"], ["js", "0"]]) {
    spec(`spec suite, aot-bytecode (wamrc-ts -O${opt}), core ${core}`, `aot-bytecode, core ${core}`, ["--engine=aot-bytecode", `--core=${core}`], { WAMRC_OPT_LEVEL: opt });
  }
  // The same .aot files on the aot-only preset's core (its compact executor, COMPACT_EXECUTOR),
  // both forms: compiled with the default core, loaded and run by build/aot-only's.
  const built = run("aot-only preset's core", ["build-config/build.mjs", "--preset=aot-only", "--core-only", "--no-save"]);
  if (built.status !== 0) { failed++; problems.push("the aot-only preset's core did not build"); }
  else for (const core of ["wasm", "js"]) {
    spec(`spec suite, aot-bytecode on the aot-only core, core ${core}`, `aot-bytecode on aot-only, core ${core}`, ["--engine=aot-bytecode", `--core=${core}`, "--core-dir=build/aot-only"]);
  }
}

for (const p of problems) console.log(`problem: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
