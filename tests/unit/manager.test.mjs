// The module manager (core/manager.ts): isolation, fuel, memory limits,
// atomic replacement, messages and timers, and install/uninstall without leaks.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { ModuleManager, ManagerError } from "../../dist/core/manager.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const wabt = await wabtInit();
const wat = (text) => { const m = wabt.parseWat("t.wat", text, {}); try { return m.toBinary({}).buffer; } finally { m.destroy(); } };

/** A counter module: on_message adds the message's first byte; `get` reads it; `send_back` posts it. */
const counter = (start) => wat(`(module
  (import "wamr" "send" (func $send (param i32 i32)))
  (memory (export "memory") 1)
  (global $n (mut i32) (i32.const ${start}))
  (func (export "wamr_msg_buffer") (param i32) (result i32) i32.const 1024)
  (func (export "on_message") (param i32 i32) global.get $n local.get 0 i32.load8_u i32.add global.set $n)
  (func (export "get") (result i32) global.get $n)
  (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "peek") (param i32) (result i32) local.get 0 i32.load)
  (func (export "send_back") i32.const 0 global.get $n i32.store i32.const 0 i32.const 4 call $send))`);

const spinner = wat(`(module (memory (export "memory") 1)
  (func (export "on_message") (param i32 i32) (loop br 0))
  (func (export "wamr_msg_buffer") (param i32) (result i32) i32.const 16)
  (func (export "spin") (loop br 0)))`);

const grower = wat(`(module (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "pages") (result i32) memory.size))`);

test("two modules are isolated: same addresses, separate memories and state", async () => {
  const out = [];
  const mgr = new ModuleManager({ onMessage: (from, data) => out.push([from, [...data]]) });
  await mgr.install("a", counter(10));
  await mgr.install("b", counter(100));
  mgr.call("a", "poke", 64, 0x1234);
  assert.is(mgr.call("a", "peek", 64), 0x1234);
  assert.is(mgr.call("b", "peek", 64), 0);
  mgr.send("a", Uint8Array.of(5));
  assert.is(mgr.call("a", "get"), 15);
  assert.is(mgr.call("b", "get"), 100);
  mgr.call("b", "send_back");
  assert.equal(out, [["b", [100, 0, 0, 0]]]);
  assert.equal(mgr.list().map((m) => [m.name, m.state, m.messagesIn, m.messagesOut]), [["a", "running", 1, 0], ["b", "running", 0, 1]]);
});

test("a module that loops forever is stopped by its fuel limit; the others keep running", async () => {
  const mgr = new ModuleManager();
  await mgr.install("spin", spinner, { limits: { fuel: 200000 } });
  await mgr.install("ok", counter(1));
  try { mgr.send("spin", Uint8Array.of(1)); assert.unreachable(); }
  catch (e) {
    assert.instance(e, ManagerError);
    assert.is(e.module, "spin");
    assert.is(e.limit, "fuel");
    assert.match(e.message, /module "spin": fuel limit of 200000 instructions exhausted/);
  }
  assert.is(mgr.query("spin").state, "faulted");
  mgr.send("ok", Uint8Array.of(2));
  assert.is(mgr.call("ok", "get"), 3);
  assert.throws(() => mgr.call("spin", "spin"), /is faulted/);
});

test("a cooperative run yields between slices, so other modules run meanwhile", async () => {
  const mgr = new ModuleManager();
  await mgr.install("spin", spinner);
  await mgr.install("ok", counter(0));
  let ticks = 0;
  const t = setInterval(() => { mgr.send("ok", Uint8Array.of(1)); ticks++; }, 0);
  try { await mgr.run("spin", "spin", [], { slice: 20000, total: 3000000 }); assert.unreachable(); }
  catch (e) { assert.instance(e, ManagerError); assert.is(e.limit, "fuel"); }
  clearInterval(t);
  assert.ok(ticks > 0, "no other work ran during the long computation");
  assert.is(mgr.call("ok", "get"), ticks);
});

test("memory past the module's limit: grow returns -1, instantiation above it is refused", async () => {
  const mgr = new ModuleManager();
  await mgr.install("g", grower, { limits: { memoryPages: 4 } });
  assert.is(mgr.call("g", "grow", 3), 1);
  assert.is(mgr.call("g", "grow", 1), -1);
  assert.is(mgr.query("g").memoryPages, 4);
  assert.is(mgr.query("g").state, "running");
  try { await mgr.install("big", wat(`(module (memory 20))`), { limits: { memoryPages: 4 } }); assert.unreachable(); }
  catch (e) {
    assert.instance(e, ManagerError);
    assert.is(e.limit, "memoryPages");
    assert.match(e.message, /module "big": exceeds its memory limit of 4 pages/);
  }
  assert.equal(mgr.list().map((m) => m.name), ["g"]);
});

test("deep recursion is stopped by the module's stack limit", async () => {
  const mgr = new ModuleManager();
  await mgr.install("rec", wat(`(module (func $r (export "r") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $r))`), { limits: { stackSize: 16384 } });
  try { mgr.call("rec", "r", 0); assert.unreachable(); }
  catch (e) { assert.is(e.limit, "stackSize"); assert.match(e.message, /module "rec": stack limit of 16384 bytes/); }
});

test("replace is atomic: a failed update leaves the old version serving", async () => {
  const mgr = new ModuleManager();
  await mgr.install("app", counter(7));
  for (const bad of [Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0), wat(`(module (func (export "on_init") unreachable))`), wat(`(module (import "x" "y" (func)))`)]) {
    try { await mgr.replace("app", bad); assert.unreachable(); } catch (e) { assert.instance(e, ManagerError); assert.is(e.module, "app"); }
    assert.is(mgr.call("app", "get"), 7);
    assert.is(mgr.query("app").version, 1);
  }
  await mgr.replace("app", counter(42));
  assert.is(mgr.call("app", "get"), 42);
  assert.is(mgr.query("app").version, 2);
});

test("on_init, on_destroy and timers", async () => {
  const logs = [];
  const mgr = new ModuleManager({ onLog: (from, line) => logs.push(`${from}: ${line}`) });
  const m = wat(`(module
    (import "wamr" "log" (func $log (param i32)))
    (import "wamr" "timer_start" (func $ts (param i32 i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "init\\00destroy\\00tick\\00")
    (global $ticks (mut i32) (i32.const 0))
    (func (export "on_init") i32.const 0 call $log i32.const 3 i32.const 1 i32.const 1 call $ts)
    (func (export "on_timer") (param i32) global.get $ticks i32.const 1 i32.add global.set $ticks i32.const 13 call $log)
    (func (export "ticks") (result i32) global.get $ticks)
    (func (export "on_destroy") i32.const 5 call $log))`);
  await mgr.install("t", m);
  await new Promise((r) => setTimeout(r, 30));
  const ticks = mgr.call("t", "ticks");
  assert.ok(ticks >= 2, `${ticks} ticks`);
  mgr.uninstall("t");
  await new Promise((r) => setTimeout(r, 10));
  assert.is(logs[0], "t: init");
  assert.is(logs[logs.length - 1], "t: destroy");
  assert.ok(logs.filter((l) => l === "t: tick").length >= ticks);
  assert.equal(mgr.list(), []);
});

test("installing and uninstalling 1,000 modules leaks no memory (measured in a child with --expose-gc)", () => {
  const script = `
    import { ModuleManager } from ${JSON.stringify(path.join(root, "dist", "core", "manager.js"))};
    const bytes = Buffer.from(${JSON.stringify(Buffer.from(counter(1)).toString("base64"))}, "base64");
    const mgr = new ModuleManager();
    const cycle = async (n) => { for (let i = 0; i < n; i++) { await mgr.install("m", bytes); mgr.send("m", Uint8Array.of(1)); mgr.uninstall("m"); } };
    const used = () => { gc(); gc(); const m = process.memoryUsage(); return m.heapUsed + m.external + m.arrayBuffers; };
    await cycle(200);
    const before = used();
    await cycle(1000);
    const after = used();
    console.log(JSON.stringify({ before, after, rss: process.memoryUsage().rss }));`;
  const r = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 120000 });
  assert.is(r.status, 0, r.stderr);
  const { before, after } = JSON.parse(r.stdout.trim().split("\n").pop());
  // 1,000 runtimes of >= 64 KiB each would be > 64 MB if any were kept
  assert.ok(after - before < 8 << 20, `grew by ${((after - before) / 1048576).toFixed(1)} MiB`);
});

test("the device simulator demo runs: apps installed, messages, a refused update", () => {
  const r = spawnSync(process.execPath, [path.join(root, "examples", "device", "firmware.mjs"), "--demo"], { encoding: "utf8", timeout: 30000 });
  assert.is(r.status, 0, r.stderr);
  for (const line of [/installed blink \(\d+ bytes/, /installed thermostat/, /gpio 13 -> 1/, /thermostat says: heater on at/,
    /update refused: module "blink": rejected: malformed module/, /blink: running, 1 in, 0 out/, /blink: stopped/, /firmware stopped/]) {
    assert.match(r.stdout, line);
  }
});

test("installSync / replaceSync with a synchronous core loader (preloadCore); without one they refuse clearly", async () => {
  const { preloadCore } = await import("../../dist/core/node-core.js");
  const none = new ModuleManager();
  try { none.installSync("a", counter(1)); assert.unreachable(); }
  catch (e) { assert.instance(e, ManagerError); assert.is(e.module, "a"); assert.match(e.message, /need a synchronous core loader: the manager's loadCore option/); }
  for (const build of ["wasm", "js"]) {
    const mgr = new ModuleManager({ loadCore: await preloadCore({ build }) });
    const info = mgr.installSync("a", counter(7));
    assert.is(info.version, 1);
    mgr.send("a", Uint8Array.of(3));
    assert.is(mgr.call("a", "get"), 10);
    try { mgr.replaceSync("a", Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9)); assert.unreachable(); }
    catch (e) { assert.match(e.message, /module "a": rejected: malformed module/); }
    assert.is(mgr.call("a", "get"), 10, `${build}: the old version serves after a failed update`);
    assert.is(mgr.replaceSync("a", counter(100)).version, 2);
    assert.is(mgr.call("a", "get"), 100);
    // install (async) uses the same loader
    await mgr.install("b", counter(5));
    assert.is(mgr.call("b", "get"), 5);
  }
});

// ---- .aot modules (aot-js code on an AotRuntime) ----
const { compileWasm, loadBinaryen } = await import("../../dist/aot/compile.js");
const { signer } = await import("../../dist/aot/sign.js");
const binaryen = await loadBinaryen();
const keyPair = () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  return { pub: publicKey.export({ type: "spki", format: "pem" }), priv: privateKey.export({ type: "pkcs8", format: "pem" }) };
};
const trusted = keyPair(), other = keyPair();
const aotOf = (wasm, key, opts = {}) => compileWasm(binaryen, wasm, { optLevel: 2, ...(key ? { sign: signer(key.priv) } : {}), ...opts }).aot;

test("a signed .aot module installs and runs under the manager; a runaway one is stopped by fuel", async () => {
  const out = [];
  const mgr = new ModuleManager({ trustedKeys: [trusted.pub], onMessage: (from, data) => out.push([from, [...data]]) });
  await mgr.install("c", aotOf(counter(10), trusted));
  mgr.send("c", Uint8Array.of(5));
  assert.is(mgr.call("c", "get"), 15);
  mgr.call("c", "send_back");
  assert.equal(out, [["c", [15, 0, 0, 0]]]);
  await mgr.install("spin", aotOf(spinner, trusted), { limits: { fuel: 200000 } });
  try { mgr.send("spin", Uint8Array.of(1)); assert.unreachable(); }
  catch (e) {
    assert.instance(e, ManagerError);
    assert.is(e.limit, "fuel");
    assert.match(e.message, /module "spin": fuel limit of 200000 instructions exhausted/);
  }
  assert.is(mgr.query("spin").state, "faulted");
  assert.is(mgr.call("c", "get"), 15);
  // run() on .aot code: one go under `total`
  await mgr.install("spin2", aotOf(spinner, trusted));
  try { await mgr.run("spin2", "spin", [], { total: 100000 }); assert.unreachable(); }
  catch (e) { assert.is(e.limit, "fuel"); }
});

test("with trustedKeys: unsigned, wrongly signed .aot and plain .wasm are refused before instantiation", async () => {
  let inits = 0;
  const natives = { env: [{ name: "hit", signature: "()", fn: () => { inits++; } }] };
  const m = wat(`(module (import "env" "hit" (func $hit)) (func (export "on_init") call $hit) (start $hit))`);
  const mgr = new ModuleManager({ trustedKeys: [trusted.pub] });
  for (const [name, bytes, why] of [["unsigned", aotOf(m), /not signed/], ["wrong", aotOf(m, other), /bad signature/], ["plain", m, /plain \.wasm/]]) {
    try { await mgr.install(name, bytes, { natives }); assert.unreachable(); }
    catch (e) { assert.instance(e, ManagerError); assert.is(e.module, name); assert.match(e.message, new RegExp(`module "${name}": rejected: `)); assert.match(e.message, why); }
  }
  assert.is(inits, 0);
  assert.equal(mgr.list(), []);
  await mgr.install("ok", aotOf(m, trusted), { natives });
  assert.is(inits, 2);
  // without trustedKeys, unsigned .aot and .wasm both install
  const open = new ModuleManager();
  await open.install("u", aotOf(counter(1)));
  await open.install("w", counter(1));
  assert.is(open.call("u", "get"), 1);
});

test("requiredFeatures refuses .aot files needing a feature the host lacks; memory limit applies to .aot", async () => {
  const mgr = new ModuleManager({ requiredFeatures: ["i64-pairs", "bulk-memory", "reference-types", "multi-value"] });
  const i64 = wat(`(module (func (export "f") (param i64) (result i64) local.get 0))`);
  try { await mgr.install("big", aotOf(i64, null, { i64: "bigint" })); assert.unreachable(); }
  catch (e) { assert.instance(e, ManagerError); assert.is(e.module, "big"); assert.match(e.message, /needs feature this host lacks: bigint/); }
  await mgr.install("pairs", aotOf(i64, null, { i64: "pairs" }));
  assert.is(mgr.call("pairs", "f", 5n), 5n);
  await mgr.install("g", aotOf(grower), { limits: { memoryPages: 4 } });
  assert.is(mgr.call("g", "grow", 3), 1);
  assert.is(mgr.call("g", "grow", 1), -1);
  try { await mgr.install("huge", aotOf(wat(`(module (memory 20))`)), { limits: { memoryPages: 4 } }); assert.unreachable(); }
  catch (e) { assert.is(e.limit, "memoryPages"); }
});

test(".aot code without instruction metering (compiled without it, or by an older wamrc-ts) is refused: its fuel limit could not be enforced", async () => {
  const old = aotOf(spinner, null, { metering: false });
  const mgr = new ModuleManager();
  try { await mgr.install("old", old); assert.unreachable(); }
  catch (e) { assert.instance(e, ManagerError); assert.is(e.module, "old"); assert.is(e.limit, "fuel"); assert.match(e.message, /no instruction metering/); }
  assert.equal(mgr.list(), []);
});

test("a host without eval refuses .aot modules clearly (node --disallow-code-generation-from-strings)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wamr-ts-noeval-"));
  try {
    writeFileSync(path.join(dir, "c.aot"), aotOf(counter(3)));
    const script = `import { ModuleManager } from ${JSON.stringify(path.join(root, "dist/core/manager.js"))};
      import { readFileSync } from "node:fs";
      const mgr = new ModuleManager();
      try { await mgr.install("c", readFileSync(${JSON.stringify(path.join(dir, "c.aot"))})); console.log("installed"); } catch (e) { console.log(e.message); }
      await mgr.install("w", readFileSync(${JSON.stringify(path.join(root, "examples/device/apps/blink.wasm"))}), { natives: { device: [{ name: "gpio_write", signature: "(ii)", fn() {} }] } });
      console.log(mgr.list().map((m) => m.name).join(","));
      process.exit(0);`;
    const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30000 });
    assert.is(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split("\n"), [
      'module "c": rejected: an .aot module\'s code is JavaScript evaluated with new Function, and this host does not allow eval: install the .wasm instead',
      "w",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(".aot code recursing without bound is stopped by the module's stack limit (a call depth); the others keep running", async () => {
  const { aotCallDepth } = await import("../../dist/core/manager.js");
  const rec = aotOf(wat(`(module (memory (export "memory") 1)
    (func $r (export "r") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $r)
    (func $d (export "depth") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))`),
    undefined, { optLevel: 1 }); // -O1: no recursive inlining (-O2+), so the depth counts the module's own calls
  const mgr = new ModuleManager();
  await mgr.install("rec", rec, { limits: { stackSize: 16384 } });
  await mgr.install("ok", aotOf(counter(1)));
  const depth = aotCallDepth(16384);
  assert.is(depth, 256);
  try { mgr.call("rec", "r", 0); assert.unreachable(); }
  catch (e) {
    assert.instance(e, ManagerError);
    assert.is(e.module, "rec");
    assert.is(e.limit, "stackSize");
    assert.match(e.message, /module "rec": stack limit of 16384 bytes exhausted \(call depth 256 for \.aot code\)/);
  }
  assert.is(mgr.query("rec").state, "faulted");
  mgr.send("ok", Uint8Array.of(2));
  assert.is(mgr.call("ok", "get"), 3);
  // the limit is the depth: just below it runs, at it traps (the exported call counts as one)
  await mgr.install("rec2", rec, { limits: { stackSize: 16384 } });
  assert.is(mgr.call("rec2", "depth", depth - 1), depth - 1);
  assert.throws(() => mgr.call("rec2", "depth", depth), /stack limit of 16384 bytes/);
});

test.run();
