// Embedded builds: the size budgets of the presets (build-config/features.mjs)
// and the embedded bundles on engines without WebAssembly (node --jitless,
// QuickJS, Duktape for the ES5 bundle), whose output must match iwasm-ts on core.wasm.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runJitless, runQuickJS, runDuktape, hasDuktape } from "../embedded/engines.mjs";
import { ADAPTERS, HELLO, adapterScript, expectedOutput } from "../embedded/adapters.mjs";
import { evalOn } from "../embedded/script-engines.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const build = (args) => spawnSync(process.execPath, ["build-config/build.mjs", ...args, "--no-save"], { cwd: root, encoding: "utf8" });

/** The `size <name> <artifact> <raw> <gzip>` lines of a build's output. */
function sizes(stdout) {
  const out = {};
  for (const m of stdout.matchAll(/^size (\S+) (\S+) (\d+) (\d+)$/gm)) out[m[2]] = { raw: +m[3], gzip: +m[4] };
  return out;
}

// The budgets are the presets' (build-config/features.mjs): the build fails
// when an artifact is over, so a zero exit is the check; the size lines are
// checked against the same numbers so that a budget dropped from the preset fails here.
test("aot-only core.wasm within its budget (44 KB raw)", () => {
  const r = build(["--preset=aot-only", "--core-only"]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  const s = sizes(r.stdout);
  assert.ok(s["core.wasm"] && s["core.wasm"].raw <= 44 * 1024, r.stdout);
});

test("minimal within its budgets (core.wasm 40 KB raw, embedded.js 40 KB gzipped)", () => {
  const r = build(["--preset=minimal"]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  const s = sizes(r.stdout);
  assert.ok(s["core.wasm"] && s["core.wasm"].raw <= 40 * 1024, r.stdout);
  assert.ok(s["embedded.js"] && s["embedded.js"].gzip <= 40 * 1024, r.stdout);
});

test("a feature that is not implemented fails the build clearly", () => {
  const r = build(["--preset=minimal", "--set", "PERF_PROFILING=1", "--core-only"]);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /PERF_PROFILING: not implemented yet/);
});

const cases = [
  { wasm: "examples/c/hello.wasm", args: ["one", "two words"], env: { HELLO_NAME: "world" } },
  { wasm: "examples/c/hello.wasm", args: [], env: { HELLO_EXIT: "3" } },
  { wasm: "examples/as/sieve.wasm", args: ["1000"], env: {}, needs: "BULK_MEMORY" },
  { wasm: "examples/as/mandelbrot.wasm", args: ["24", "8", "32"], env: {}, needs: "BULK_MEMORY" },
  { wasm: "examples/c/trap.wasm", args: ["3"], env: {} },
];

const refs = new Map();
function reference(c) {
  const key = JSON.stringify(c);
  if (!refs.has(key)) {
    const r = spawnSync(process.execPath, ["dist/platforms/node/iwasm.js", ...Object.entries(c.env).map(([k, v]) => `--env=${k}=${v}`), c.wasm, ...c.args], { cwd: root, encoding: "utf8" });
    refs.set(key, { out: r.stdout, code: r.status });
  }
  return refs.get(key);
}

// Duktape is a Debian package (.ci/run installs it and sets WAMR_TS_REQUIRE_DUKTAPE=1;
// without that variable a machine without `duk` skips the Duktape runs, saying so).
const duk = hasDuktape();
if (!duk) {
  if (process.env.WAMR_TS_REQUIRE_DUKTAPE === "1") throw new Error("duk (Duktape) not found, but WAMR_TS_REQUIRE_DUKTAPE=1");
  console.log("embedded.test: `duk` not found (apt-get install duktape): the Duktape runs are skipped");
}

test("embedded bundles: same output as core.wasm on node --jitless, QuickJS and Duktape (default preset)", async () => {
  const r = build(["--preset=default"]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  for (const c of cases) {
    const ref = reference(c);
    for (const bundle of ["build/default/embedded.js", "build/default/embedded.min.js", "build/default/embedded.es5.js"]) {
      const j = runJitless(join(root, bundle), join(root, c.wasm), c.args, c.env);
      assert.equal(j, ref, `node --jitless ${bundle} ${c.wasm}`);
      const q = await runQuickJS(join(root, bundle), join(root, c.wasm), c.args, c.env);
      assert.equal(q, ref, `QuickJS ${bundle} ${c.wasm}`);
    }
    if (duk) assert.equal(runDuktape(join(root, "build/default/embedded.es5.js"), join(root, c.wasm), c.args, c.env), ref, `Duktape ${c.wasm}`);
  }
});

// Runs after the minimal build of the budget test above.
test("minimal preset's bundles: same output on node --jitless, QuickJS and Duktape", async () => {
  for (const c of cases.filter((c) => !c.needs)) {
    const ref = reference(c);
    const j = runJitless(join(root, "build/minimal/embedded.min.js"), join(root, c.wasm), c.args, c.env);
    assert.equal(j, ref, `node --jitless minimal ${c.wasm}`);
    const q = await runQuickJS(join(root, "build/minimal/embedded.es5.js"), join(root, c.wasm), c.args, c.env);
    assert.equal(q, ref, `QuickJS minimal es5 ${c.wasm}`);
    if (duk) assert.equal(runDuktape(join(root, "build/minimal/embedded.es5.js"), join(root, c.wasm), c.args, c.env), ref, `Duktape minimal ${c.wasm}`);
  }
});

// The board adapters on fake host objects (tests/embedded/adapters.mjs), with
// the minimal preset's ES5 bundle, on each engine.
test("adapters (espruino, zephyr, nowasm) on fake hosts: node --jitless, QuickJS, Duktape", async () => {
  const iwasm = (args) => spawnSync(process.execPath, ["dist/platforms/node/iwasm.js", ...args], { cwd: root, encoding: "utf8" });
  const h = iwasm([...Object.entries(HELLO.env).map(([k, v]) => `--env=${k}=${v}`), "examples/c/hello.wasm", ...HELLO.args]);
  const fib = {};
  for (const n of [0, 10, 20]) fib[n] = iwasm(["-f", "fib", "examples/as/reactor.wasm", String(n)]).stdout.trim();
  const want = expectedOutput({ out: h.stdout, code: h.status }, fib);
  for (const adapter of Object.keys(ADAPTERS)) {
    const script = adapterScript(adapter, join(root, "build/minimal/embedded.es5.js"));
    for (const engine of ["jitless", "quickjs", ...(duk ? ["duktape"] : [])]) {
      assert.fixture(await evalOn(engine, script), want, `${adapter} on ${engine}`);
    }
  }
});

test.run();
