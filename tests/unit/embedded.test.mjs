// Embedded builds: the size budgets of the presets (build-config/features.mjs)
// and the embedded bundle on engines without WebAssembly (node --jitless,
// QuickJS), whose output must match iwasm-ts on core.wasm.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runJitless, runQuickJS } from "../embedded/engines.mjs";

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
test("aot-only core.wasm within its budget (24 KB raw)", () => {
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
  const r = build(["--preset=minimal", "--set", "AOT_LOADER=1", "--core-only"]);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /AOT_LOADER: not implemented yet/);
});

const cases = [
  { wasm: "examples/c/hello.wasm", args: ["one", "two words"], env: { HELLO_NAME: "world" } },
  { wasm: "examples/c/hello.wasm", args: [], env: { HELLO_EXIT: "3" } },
];

function reference(c) {
  const r = spawnSync(process.execPath, ["dist/platforms/node/iwasm.js", ...Object.entries(c.env).map(([k, v]) => `--env=${k}=${v}`), c.wasm, ...c.args], { cwd: root, encoding: "utf8" });
  return { out: r.stdout, code: r.status };
}

test("embedded bundle: same output as core.wasm on node --jitless and QuickJS", async () => {
  const r = build(["--preset=default"]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  for (const bundle of ["build/default/embedded.js", "build/default/embedded.min.js"]) {
    for (const c of cases) {
      const ref = reference(c);
      const j = runJitless(join(root, bundle), join(root, c.wasm), c.args, c.env);
      assert.equal(j, ref, `node --jitless ${bundle} ${c.wasm}`);
      const q = await runQuickJS(join(root, bundle), join(root, c.wasm), c.args, c.env);
      assert.equal(q, ref, `QuickJS ${bundle} ${c.wasm}`);
    }
  }
});

test.run();
