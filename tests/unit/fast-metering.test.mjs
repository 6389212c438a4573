// Instruction metering on the fast interpreter (docs/fast-code-format.md,
// "Metering"): a call that completes uses exactly the budget the classic
// interpreter uses for it (both count the instructions of the wasm code), on
// hand-written control flow (loops entered by falling through, back-edges by
// br, br_if and br_table, if with and without else, blocks left by br_if and
// by falling through, branches to the function's label, calls, host calls)
// and on the benchmark programs; runaway loops and recursion trap; long calls
// suspend and resume in slices; both core builds; translation levels 0 and
// 1 (the AoT-grade translation: same counts, pair superinstructions charge
// what their two instructions charge).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { Runtime, Trap } from "../../dist/core/runtime.js";
import { Wasi } from "../../dist/platforms/node/wasi.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const wabt = await wabtInit();
const wat = (text) => { const m = wabt.parseWat("t.wat", text, {}); try { return m.toBinary({}).buffer; } finally { m.destroy(); } };

const MODULE = wat(`(module
  (import "env" "h" (func $h (param i32) (result i32)))
  (func (export "spin") (loop br 0))
  (func $r (export "rec") (param i32) (result i32) local.get 0 i32.eqz if (result i32) i32.const 0 else local.get 0 i32.const 1 i32.sub call $r end)
  (func (export "sum") (param i32) (result i64) (local i64)
    block loop local.get 0 i32.eqz br_if 1
      local.get 1 local.get 0 i64.extend_i32_u i64.add local.set 1
      local.get 0 i32.const 1 i32.sub local.set 0 br 0 end end local.get 1)
  (func (export "tee") (param i32) (result i32) nop loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end local.get 0)
  (func (export "tbl") (param i32) (result i32) (local i32)
    block loop
      block block block local.get 0 i32.const 3 i32.rem_u br_table 0 1 2 2 end
        local.get 1 i32.const 1 i32.add local.set 1 br 1 end
        local.get 1 i32.const 7 i32.add local.set 1 end
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end end local.get 1)
  (func (export "tblloop") (param i32) (result i32) (local i32)
    i32.const 0 drop nop
    block loop local.get 1 i32.const 1 i32.add local.set 1 local.get 0 i32.const 1 i32.sub local.tee 0 br_table 1 0 end end
    local.get 1)
  (func (export "ifs") (param i32) (result i32) (local i32)
    loop
      local.get 0 i32.const 1 i32.and if local.get 1 i32.const 3 i32.add local.set 1 end
      local.get 0 i32.const 2 i32.and if (result i32) i32.const 5 else i32.const 9 nop end local.get 1 i32.add local.set 1
      block local.get 0 i32.const 5 i32.gt_u br_if 0 local.get 1 i32.const 1 i32.add local.set 1 end
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0
    end local.get 1 return)
  (func (export "brf") (param i32) (result i32) local.get 0 local.get 0 br_if 0 drop i32.const 4)
  (func (export "host") (param i32) (result i32) (local i32)
    loop local.get 1 local.get 0 call $h i32.add local.set 1 local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end local.get 1)
  ;; polls a global that the host sets while the call is suspended (level 1 caches
  ;; globals read twice or more in frame slots, across loop back-edges: resuming reloads them)
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (func (export "poll") (result i32) (local i32)
    loop local.get 0 global.get $stop i32.add local.set 0
      global.get $stop i32.eqz br_if 0 end
    global.get $stop)
  (func (export "f64") (param i32) (result f64) (local f64)
    loop local.get 1 f64.const 1.5 f64.mul f64.const 0.25 f64.add local.set 1 local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end local.get 1))`);
const imports = { env: { h: (x) => x * 2 } };

const CASES = [["sum", [1000]], ["sum", [0]], ["rec", [50]], ["tee", [7]], ["tbl", [100]], ["tblloop", [30]], ["ifs", [40]], ["brf", [0]], ["brf", [3]], ["host", [10]], ["f64", [20]]];

// Level 1's global cache (docs/fast-code-format.md, "Optimization levels"): loops keep
// globals in frame slots across back-edges; host functions, callees and the host between
// two slices see and set the globals themselves.
const GLOBALS = wat(`(module
  (import "env" "bump" (func $bump))
  (import "env" "peek" (func $peek (result i32)))
  (global $g (export "g") (mut i32) (i32.const 1))
  (func $read (result i32) global.get $g)
  ;; a host function sets the global a loop caches: the loop sees it
  (func (export "hostset") (param i32) (result i32) (local i32)
    loop
      local.get 1 global.get $g i32.add local.set 1
      call $bump
      global.get $g local.get 1 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end
    local.get 1 global.get $g i32.add)
  ;; the loop sets a cached global: a host function and a callee read the new value
  (func (export "loopset") (param i32) (result i32) (local i32)
    loop
      global.get $g i32.const 3 i32.add global.set $g
      local.get 1 call $peek i32.add local.set 1
      local.get 1 call $read i32.add global.get $g i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end
    local.get 1)
  ;; a read of the global before a loop keeps its value when the host sets the global in a pause inside it
  (func (export "keep") (param i32) (result i32)
    global.get $g
    loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end
    global.get $g i32.const 1000 i32.mul i32.add))`);

for (const core of ["wasm", "js"]) {
  test(`[${core}] level 1 caches globals in loops; host functions, callees and the host between slices see the globals`, async () => {
    const run = async (interpreter, translateOpt) => {
      const rt = await Runtime.create({ core, interpreter, translateOpt });
      let inst;
      const inst_ = rt.instantiate(rt.load(GLOBALS), { env: { bump: () => { inst.exports.g.value += 7; }, peek: () => inst.exports.g.value } });
      inst = inst_;
      const out = [inst.call("hostset", 10), inst.exports.g.value, inst.call("loopset", 10), inst.exports.g.value];
      inst.exports.g.value = 5;
      const keep = rt.startCall(inst.func("keep"), [2000], 300);
      assert.not.ok(keep.done);
      inst.exports.g.value = 9;
      for (let i = 0; i < 1000 && !keep.resume(300); i++);
      assert.ok(keep.done);
      out.push(keep.result);
      return out;
    };
    const classic = await run("classic", 0);
    assert.equal([classic[1], classic[3], classic[4]], [71, 101, 9005]); // (g: 1 + 10 x 7; then + 10 x 3; keep: 5 + 9 x 1000)
    assert.equal(await run("fast", 0), classic);
    assert.equal(await run("fast", 1), classic);
  });
}

for (const core of ["wasm", "js"]) {
  const rts = {
    classic: await Runtime.create({ core, interpreter: "classic" }), fast: await Runtime.create({ core, interpreter: "fast" }),
    fastOpt: await Runtime.create({ core, interpreter: "fast", translateOpt: 1 }),
  };
  const insts = Object.fromEntries(Object.entries(rts).map(([k, rt]) => [k, rt.instantiate(rt.load(MODULE), imports)]));
  const t = (name, fn) => test(`[${core}] ${name}`, fn);

  t("fast uses the same budget as classic for calls that complete", () => {
    for (const [fn, args] of CASES) {
      const used = {}, results = {};
      for (const k of ["classic", "fast", "fastOpt"]) {
        rts[k].setFuel(1e9);
        results[k] = insts[k].call(fn, ...args);
        used[k] = 1e9 - rts[k].fuel;
        rts[k].setFuel(undefined);
      }
      assert.equal(results.fast, results.classic, `${fn}(${args}) result`);
      assert.is(used.fast, used.classic, `${fn}(${args}) instructions`);
      assert.equal(results.fastOpt, results.classic, `${fn}(${args}) result, level 1`);
      assert.is(used.fastOpt, used.classic, `${fn}(${args}) instructions, level 1`);
    }
  });

  for (const k of ["fast", "fastOpt"]) t(`${k}: runaway loops and recursion trap; a long call suspends and resumes`, () => {
    const rt = rts[k], inst = insts[k];
    rt.setFuel(100000);
    try { inst.call("spin"); assert.unreachable(); } catch (e) { assert.instance(e, Trap); assert.is(e.reason, "instruction limit exceeded"); }
    rt.setFuel(1000);
    try { inst.call("rec", 100000); assert.unreachable(); } catch (e) { assert.is(e.reason, "instruction limit exceeded"); }
    rt.setFuel(undefined);
    const inv = rt.startCall(inst.func("sum"), [100000], 50000);
    let slices = 1;
    while (!inv.resume(50000)) slices++;
    assert.is(inv.result, 5000050000n);
    assert.ok(slices > 20 && slices < 30, `${slices} slices`);
    assert.is(inst.call("tee", 3), 0);
    // the host changes a global between two slices: the call sees it
    const poll = rt.startCall(inst.func("poll"), [], 1000);
    assert.not.ok(poll.done);
    inst.exports.stop.value = 7;
    for (let i = 0; i < 100 && !poll.resume(1000); i++);
    assert.ok(poll.done, "the call sees the global the host set while it was suspended");
    assert.is(poll.result, 7);
    inst.exports.stop.value = 0;
  });
}

test("fast uses the same budget as classic on the benchmark programs", async () => {
  const { PROGRAMS } = await import("../../bench/programs.mjs");
  for (const p of PROGRAMS) {
    const bytes = fs.readFileSync(p.wasm);
    const used = {};
    for (const [key, interpreter, translateOpt] of [["classic", "classic", 0], ["fast", "fast", 0], ["fastOpt", "fast", 1]]) {
      const rt = await Runtime.create({ interpreter, translateOpt });
      const wasi = new Wasi({ args: [p.name, String(p.tiny)], env: {}, preopens: {}, stdin: "", returnOnExit: true, stdout: () => {}, stderr: () => {} });
      const inst = rt.instantiate(rt.load(bytes), { wasi_snapshot_preview1: wasi.imports });
      wasi.bindMemory(() => inst.memory.buffer());
      rt.setFuel(1e15);
      assert.is(wasi.start(() => inst.exports._start.call()), 0, `${p.name} on ${key}`);
      used[key] = 1e15 - rt.fuel;
    }
    assert.is(used.fast, used.classic, `${p.name}: instructions`);
    assert.is(used.fastOpt, used.classic, `${p.name}: instructions at translation level 1`);
  }
});

test.run();
