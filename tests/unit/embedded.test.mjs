// Embedded builds: the size budgets of the presets (build-config/features.mjs)
// and the embedded bundles on engines without WebAssembly (node --jitless,
// QuickJS, Duktape for the ES5 bundle), whose output must match iwasm-ts on core.wasm.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runJitless, runQuickJS, runDuktape, hasDuktape } from "../embedded/engines.mjs";
import { ADAPTERS, HELLO, adapterScript, expectedOutput } from "../embedded/adapters.mjs";
import { evalOn } from "../embedded/script-engines.mjs";
import { firmwareScript, firmwareOnNode, FUEL } from "../embedded/firmware.mjs";

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
test("aot-only core.wasm within its budget (24 KB raw, issue 6's: below minimal's)", () => {
  const r = build(["--preset=aot-only", "--core-only"]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  const s = sizes(r.stdout);
  assert.ok(s["core.wasm"] && s["core.wasm"].raw <= 24 * 1024, r.stdout);
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
  // the trapping run: "Exception: ..." and the backtrace on the host's error channel (printErr), as iwasm-ts on stderr
  { wasm: "examples/c/trap.wasm", args: [], env: {} },
];

const refs = new Map();
function reference(c) {
  const key = JSON.stringify(c);
  if (!refs.has(key)) {
    const r = spawnSync(process.execPath, ["dist/platforms/node/iwasm.js", ...Object.entries(c.env).map(([k, v]) => `--env=${k}=${v}`), c.wasm, ...c.args], { cwd: root, encoding: "utf8" });
    refs.set(key, { out: r.stdout, err: r.stderr, code: r.status });
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

// Runs after the minimal build of the budget test above. The minimal core keeps
// no backtraces (no DUMP_CALL_STACK): of a trap report, only the first line is iwasm-ts's.
const firstLine = (r) => ({ ...r, err: r.err.split("\n")[0] });
test("minimal preset's bundles: same output on node --jitless, QuickJS and Duktape", async () => {
  for (const c of cases.filter((c) => !c.needs)) {
    const ref = firstLine(reference(c));
    const j = runJitless(join(root, "build/minimal/embedded.min.js"), join(root, c.wasm), c.args, c.env);
    assert.equal(firstLine(j), ref, `node --jitless minimal ${c.wasm}`);
    const q = await runQuickJS(join(root, "build/minimal/embedded.es5.js"), join(root, c.wasm), c.args, c.env);
    assert.equal(firstLine(q), ref, `QuickJS minimal es5 ${c.wasm}`);
    if (duk) assert.equal(firstLine(runDuktape(join(root, "build/minimal/embedded.es5.js"), join(root, c.wasm), c.args, c.env)), ref, `Duktape minimal ${c.wasm}`);
  }
});

// The nowasm adapter's error channel: env.writeErr gets the trap report, the output stays clean.
test("nowasm adapter: a trap goes to the error channel (env.writeErr), not the output", async () => {
  const ref = reference({ wasm: "examples/c/trap.wasm", args: [], env: {} });
  const script = `${readFileSync(join(root, "build/minimal/embedded.es5.js"), "utf8")}
${readFileSync(join(root, ADAPTERS.nowasm), "utf8")}
var bytes = [${Array.from(readFileSync(join(root, "examples/c/trap.wasm"))).join(",")}];
var out = "", err = "";
var code = WamrNowasm.run("trap.wasm", { args: ["trap.wasm"] }, { readModule: function () { return new Uint8Array(bytes); }, write: function (s) { out += s; }, writeErr: function (s) { err += s; } });
__emit(JSON.stringify({ out: out, err: err, code: code }));`;
  for (const engine of ["jitless", "quickjs", ...(duk ? ["duktape"] : [])]) {
    const got = JSON.parse(await evalOn(engine, script));
    assert.equal(got, { out: ref.out, err: ref.err.split("\n")[0] + "\n", code: 1 }, engine);
  }
  // without env's channels, on node --jitless: the program's output on stdout, the trap report on stderr
  const bare = script.replace(", write: function (s) { out += s; }, writeErr: function (s) { err += s; }", "").replace(/__emit\(JSON[^\n]*$/, "__emit('exit ' + code + '\\n');");
  assert.is(await evalOn("jitless", bare), `${ref.out}exit 1\n`);
});

// The device firmware core (examples/device/firmware-core.js) with the module
// manager: the same script, the same scenario (fake clock and timers) on Node
// with core.wasm and on the minimal preset's bundles; log lines and GPIO
// writes must be identical. Runs after the minimal build above.
test("firmware core: same log and GPIO writes on Node, node --jitless, QuickJS and Duktape (minimal bundles)", async () => {
  const ref = await firmwareOnNode();
  // what the scenario must show (tests/embedded/firmware.mjs)
  const [demo, second] = ref.split("demo done: true\n");
  assert.ok(second, ref);
  for (const line of [/installed blink \(854 bytes, entry points: on_init, on_message, on_timer, on_destroy\)/, /\] message to blink: period=100/,
    /update refused: module "blink": rejected: malformed module: length out of bounds \(at byte offset 9, 0x9\); blink keeps running \(version 1\)/,
    /\] blink: running, 1 in, 0 out, 2 pages/, /\] firmware stopped/]) assert.match(demo, line);
  // the old blink keeps serving after the refused update: pin 13 still toggles at 100 ms
  const afterUpdate = demo.slice(demo.indexOf("update refused"));
  assert.ok((afterUpdate.match(/gpio 13 -> /g) ?? []).length >= 3, demo);
  assert.match(second, new RegExp(`\\] runaway: fault: module "runaway": fuel limit of ${FUEL} instructions exhausted`));
  assert.match(second, /\] module "runaway": is faulted: /);
  // the others keep running after the fault; pin 13 is quiet once blink is uninstalled
  const afterFault = second.slice(second.indexOf("runaway: fault"));
  assert.match(afterFault, /gpio 13 -> 1[^]*thermostat says: heater off/);
  const afterRemove = second.slice(second.indexOf("uninstalled blink"));
  assert.not.match(afterRemove, /gpio 13/);
  assert.match(afterRemove, /thermostat says: heater on at/);
  assert.match(ref, /^gpio writes: 100 5=1, 200 13=1, /m);
  const hosts = [["jitless", "embedded.min.js"], ["quickjs", "embedded.min.js"], ...(duk ? [["duktape", "embedded.es5.js"]] : [])];
  for (const [engine, bundle] of hosts) {
    assert.fixture(await evalOn(engine, firmwareScript(join(root, "build/minimal", bundle))), ref, `firmware on ${engine} (${bundle})`);
  }
});

test("the bundles' module manager: .aot refused clearly (no AoT JS loader: it needs eval); i64 as {lo, hi} without BigInt", async () => {
  // (module (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add))
  const add64 = [0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 126, 126, 1, 126, 3, 2, 1, 0, 7, 9, 1, 5, 97, 100, 100, 54, 52, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 124, 11];
  const script = `${readFileSync(join(root, "build/minimal/embedded.es5.js"), "utf8")}
var mgr = new WamrTs.ModuleManager({ loadCore: WamrTs.createCore });
try { mgr.installSync("x", new Uint8Array([0, 0x61, 0x6f, 0x74, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])); __emit("installed\\n"); }
catch (e) { __emit((e instanceof WamrTs.ManagerError) + " " + e.module + ": " + e.message + "\\n"); }
mgr.installSync("m", new Uint8Array([${add64}]));
var r = mgr.call("m", "add64", { lo: -1, hi: 0 }, { lo: 1, hi: 0 });
__emit(mgr.list().length + " " + (typeof r === "object" ? "pair " + r.hi + ":" + r.lo : typeof r + " " + String(r)) + "\\n");`;
  const refused = 'true x: module "x": cannot create its runtime: AoT JS loader not built in (this build runs .wasm modules only; .aot code of the js target needs eval)\n';
  assert.fixture(await evalOn("jitless", script), refused + "1 bigint 4294967296\n", "node --jitless (BigInt)");
  if (duk) assert.fixture(await evalOn("duktape", script), refused + "1 pair 1:0\n", "Duktape (no BigInt)");
});

// runSliced: the manager's cooperative run without Promise (Duktape has none,
// QuickJS here runs no jobs), slices between fake 0 ms timers.
test("the bundles' module manager: runSliced yields between slices through the given timers (QuickJS, Duktape)", async () => {
  // (func (export "sum") (param $n i32) (result i32)): 0 + 1 + ... + (n - 1), by a loop
  const sum = [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 115, 117, 109, 0, 0, 10, 37, 1, 35, 1, 2, 127, 2, 64, 3, 64, 32, 1, 32, 0, 79, 13, 1, 32, 2, 32, 1, 106, 33, 2, 32, 1, 65, 1, 106, 33, 1, 12, 0, 11, 11, 32, 2, 11];
  const script = `${readFileSync(join(root, "build/minimal/embedded.es5.js"), "utf8")}
var queue = [], ticks = 0;
var timers = { start: function (fn) { queue.push(fn); return queue.length; }, stop: function () {} };
function drain() { while (queue.length) { ticks++; queue.shift()(); } }
var mgr = new WamrTs.ModuleManager({ loadCore: WamrTs.createCore, timers: timers });
mgr.installSync("m", new Uint8Array([${sum}]));
mgr.runSliced("m", "sum", [10000], { slice: 10000 }, function (e, r) { __emit((e ? e.message : "result " + r) + " after " + ticks + " yields\\n"); });
drain();
mgr.runSliced("m", "sum", [10000], { slice: 10000, total: 30000 }, function (e, r) { __emit((e ? e.limit + ": " + e.message : "result " + r) + " after " + ticks + " yields\\n"); });
drain();
__emit(mgr.query("m").state + "\\n");`;
  const outs = [];
  for (const engine of ["quickjs", ...(duk ? ["duktape"] : [])]) outs.push(await evalOn(engine, script));
  const m = /^result 49995000 after (\d+) yields\nfuel: module "m": fuel limit of 30000 instructions exhausted after (\d+) yields\nfaulted\n$/.exec(outs[0]);
  assert.ok(m, outs[0]);
  assert.ok(+m[1] >= 5, `yields: ${m[1]}`);
  assert.is(+m[2] - +m[1], 3, "the 30,000-instruction run stops after 3 slices");
  for (const o of outs.slice(1)) assert.fixture(o, outs[0]);
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
