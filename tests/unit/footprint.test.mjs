// npm run footprint (build-config/footprint.mjs): the RAM a preset needs to
// load and run a small program, measured in child processes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measureAll, formatTable, PROGRAMS } from "../../build-config/footprint.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("minimal preset: hello runs on both core forms; core memory holds the module's memory; the table has every row", () => {
  const rows = measureAll(["minimal"], { log: () => {}, repeat: 1 });
  assert.is(rows.length, 2 * Object.keys(PROGRAMS).length);
  // sieve.wasm uses bulk memory, which minimal lacks
  assert.equal(rows.filter((r) => r.skipped).map((r) => [r.program, r.skipped]), [["sieve", "bulk memory not built in"], ["sieve", "bulk memory not built in"]]);
  for (const r of rows.filter((r) => !r.skipped)) {
    assert.is(r.status, 0);
    assert.ok(r.coreMemory > 0 && r.coreMemory % 65536 === 0, JSON.stringify(r));
    assert.ok(r.moduleMemory > 0 && r.moduleMemory < r.coreMemory, JSON.stringify(r));
    // the JS heap figure is only good to some tens of KB (docs/embedded.md); the wasm2js core alone is over 1 MB of it
    assert.ok(Number.isFinite(r.heap) && (r.form === "wasm" || r.heap > 512 << 10), JSON.stringify(r));
  }
  assert.match(rows.find((r) => r.program === "hello").output, /^Hello from WebAssembly!/);
  const md = formatTable(rows, true).split("\n");
  assert.is(md.length, rows.length + 2);
  assert.match(md[2], /^\| minimal \| core\.wasm \| hello \| [\d,]+ \|/);
  const d = measureAll(["default"], { log: () => {}, repeat: 1 }).filter((r) => r.program === "sieve");
  assert.is(d.length, 2);
  for (const r of d) assert.match(r.output, /primes below 1000: 168/);
});

test("MEMORY_PROFILING: Runtime.memoryUsage() once core/memory-profiling is imported; not in the minimal preset's bundles", async () => {
  const { Runtime } = await import("../../dist/core/runtime.js");
  const rt = await Runtime.create({ stackSize: 64 << 10 });
  assert.is(rt.memoryUsage, undefined);
  const { memoryUsage } = await import("../../dist/core/memory-profiling.js");
  const wabt = await (await import("wabt")).default();
  const bin = (wat) => wabt.parseWat("m.wat", wat).toBinary({}).buffer;
  const a = rt.instantiate(rt.load(bin('(module (memory 3) (func (export "f")))')), {});
  rt.instantiate(rt.load(bin("(module (memory 1))")), {});
  rt.instantiate(rt.load(bin("(module)")), {});
  const u = rt.memoryUsage();
  assert.equal(u, memoryUsage(rt));
  assert.is(u.linearMemories, 4 * 65536);
  assert.is(u.valueStack, 64 << 10);
  assert.is(u.instances, 3);
  assert.ok(u.coreMemory >= u.linearMemories + u.valueStack && u.coreMemory % 65536 === 0, JSON.stringify(u));
  assert.ok(a.func("f"));
  // measureAll above built build/minimal/ when it was missing
  for (const f of ["node.mjs", "embedded.min.js"]) assert.not.ok(readFileSync(join(root, "build/minimal", f), "utf8").includes("memoryUsage"), f);
});

test.run();
