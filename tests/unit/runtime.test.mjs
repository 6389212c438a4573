// The host API (core/runtime.ts) on both core builds: load errors, calls and
// values, traps with backtraces, host functions and WAMR-style native symbols,
// memory, tables, globals, and resource limits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import wabtInit from "wabt";
import { Runtime, WasmError, Trap, WasmFunction } from "../../dist/core/runtime.js";

const wabt = await wabtInit();
/** Assemble a text module with wabt (test input only). */
function wat(text) {
  const m = wabt.parseWat("test.wat", text, {});
  try { return m.toBinary({ write_debug_names: true }).buffer; } finally { m.destroy(); }
}

const runtimes = { wasm: await Runtime.create({ core: "wasm" }), js: await Runtime.create({ core: "js" }) };

for (const [build, rt] of Object.entries(runtimes)) {
  const t = (name, fn) => test(`[${build}] ${name}`, fn);

  t("calls with i32, i64, f32, f64 and several results", () => {
    const m = rt.load(wat(`(module
      (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
      (func (export "mul64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.mul)
      (func (export "f") (param f32 f64) (result f64) local.get 0 f64.promote_f32 local.get 1 f64.add)
      (func (export "swap") (param i32 i64) (result i64 i32) local.get 1 local.get 0))`));
    const inst = rt.instantiate(m);
    assert.is(inst.call("add", 2, 40), 42);
    assert.is(inst.call("add", 0x7fffffff, 1), -0x80000000);
    assert.is(inst.call("mul64", 0x100000000n, 0x100000001n), 0x100000000n); // 2^64 + 2^32 wraps to 2^32
    assert.is(inst.call("mul64", -3n, 5n), -15n);
    assert.is(inst.call("f", 1.5, 2.25), 3.75);
    assert.equal(inst.call("swap", 7, -1n), [-1n, 7]);
  });

  t("recursion and loops (fib)", () => {
    const inst = rt.instantiate(rt.load(wat(`(module
      (func $fib (export "fib") (param i32) (result i32)
        local.get 0 i32.const 2 i32.lt_u
        if (result i32) local.get 0
        else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end)
      (func (export "sum") (param i32) (result i64) (local i64)
        block loop
          local.get 0 i32.eqz br_if 1
          local.get 1 local.get 0 i64.extend_i32_u i64.add local.set 1
          local.get 0 i32.const 1 i32.sub local.set 0
          br 0
        end end
        local.get 1))`)));
    assert.is(inst.call("fib", 20), 6765);
    assert.is(inst.call("sum", 100000), 5000050000n);
  });

  t("malformed and invalid modules: kind, reason, byte offset", () => {
    try { rt.load(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])); assert.unreachable(); }
    catch (e) { assert.instance(e, WasmError); assert.is(e.kind, "malformed"); assert.is(e.reason, "unknown binary version"); assert.is(e.offset, 4); }
    try { rt.load(new Uint8Array([1, 2, 3])); assert.unreachable(); }
    catch (e) { assert.instance(e, WasmError); assert.is(e.kind, "malformed"); }
    try { rt.load(wat(`(module (func (result i32) i64.const 1))`)); assert.unreachable(); }
    catch (e) { assert.instance(e, WasmError); assert.is(e.kind, "invalid"); assert.is(e.reason, "type mismatch"); assert.ok(e.offset > 8); }
  });

  t("module-level errors carry the offset of the section they concern", () => {
    const fails = (bytes, kind, reason) => {
      try { rt.load(bytes); } catch (e) {
        assert.instance(e, WasmError); assert.is(e.kind, kind); assert.is(e.reason, reason);
        return e.offset;
      }
      assert.unreachable(`accepted; expected ${reason}`);
    };
    const bin = (...sections) => new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flatMap(([id, ...b]) => [id, b.length, ...b])]);
    const type = [1, 1, 0x60, 0, 0]; // at 8 (6 bytes): one type, () -> ()
    // function section (at 14) declares 2 functions, the code section (at 19) has 1 body
    assert.is(fails(bin(type, [3, 2, 0, 0], [10, 1, 2, 0, 0x0b]), "malformed", "function and code section have inconsistent lengths"), 19);
    // no code section: the function section's
    assert.is(fails(bin(type, [3, 1, 0]), "malformed", "function and code section have inconsistent lengths"), 14);
    // a data count of 1 (at 13, after the memory section) and no data section
    assert.is(fails(bin([5, 1, 0, 1], [12, 1]), "malformed", "data count and data section have inconsistent lengths"), 13);
    // the function section's type index out of range (section at 8; no type section)
    assert.is(fails(bin([3, 1, 5], [10, 1, 2, 0, 0x0b]), "invalid", "unknown type 5"), 8);
    /** Offset of the first section `id` in a binary (test input from wabt). */
    const sectionAt = (b, id) => {
      for (let p = 8; p < b.length;) {
        if (b[p] === id) return p;
        let size = 0, shift = 0, q = p + 1, x;
        do { x = b[q++]; size |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80);
        p = q + size;
      }
      return -1;
    };
    const start = wat(`(module (func $f (param i32)) (start $f))`);
    assert.is(fails(start, "invalid", "start function"), sectionAt(start, 8));
    const mem = wat(`(module (memory 2 1))`);
    assert.is(fails(mem, "invalid", "size minimum must not be greater than maximum"), sectionAt(mem, 5));
    const elem = wat(`(module (table 1 externref) (func $f) (elem (i32.const 0) func $f))`);
    assert.is(fails(elem, "invalid", "type mismatch"), sectionAt(elem, 9));
  });

  t("traps carry the spec message and a backtrace of names", () => {
    const inst = rt.instantiate(rt.load(wat(`(module
      (func $inner (param i32) (result i32) i32.const 1 local.get 0 i32.div_s)
      (func $middle (param i32) (result i32) local.get 0 call $inner)
      (func (export "outer") (param i32) (result i32) local.get 0 call $middle))`)));
    assert.is(inst.call("outer", 1), 1);
    try { inst.call("outer", 0); assert.unreachable(); }
    catch (e) {
      assert.instance(e, Trap);
      assert.is(e.reason, "integer divide by zero");
      assert.is(e.backtrace[0], "inner");
      assert.is(e.backtrace[1], "middle");
      assert.is(e.backtrace.length, 3);
    }
    // the runtime is still usable after a trap
    assert.is(inst.call("outer", 1), 1);
  });

  t("deep recursion ends in call stack exhausted, not a host crash", () => {
    const inst = rt.instantiate(rt.load(wat(`(module (func $r (export "r") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $r))`)));
    try { inst.call("r", 0); assert.unreachable(); }
    catch (e) { assert.instance(e, Trap); assert.is(e.kind, "exhaustion"); assert.is(e.reason, "call stack exhausted"); }
  });

  t("host functions: values in and out, exceptions propagate unchanged, re-entry", () => {
    const seen = [];
    const m = rt.load(wat(`(module
      (import "env" "log" (func $log (param i32 i64 f64)))
      (import "env" "twice" (func $twice (param i32) (result i32)))
      (import "env" "boom" (func $boom))
      (func (export "run") (param i32) (result i32)
        local.get 0 i64.const -5 f64.const 2.5 call $log
        local.get 0 call $twice)
      (func (export "sq") (param i32) (result i32) local.get 0 local.get 0 i32.mul)
      (func (export "boom") call $boom))`));
    let inst;
    class MyError extends Error {}
    inst = rt.instantiate(m, { env: {
      log: (a, b, c) => seen.push([a, b, c]),
      twice: (x) => inst.call("sq", x) * 2, // calls back into wasm
      boom: () => { throw new MyError("from host"); },
    } });
    assert.is(inst.call("run", 3), 18);
    assert.equal(seen, [[3, -5n, 2.5]]);
    try { inst.call("boom"); assert.unreachable(); } catch (e) { assert.instance(e, MyError); }
    assert.is(inst.call("run", 4), 32);
  });

  t("native symbols: signature strings, buffers checked against memory", () => {
    const got = [];
    rt.registerNatives("natives", [
      { name: "sum_bytes", signature: "(*~)i", fn: (env, buf, len) => { got.push(len); return buf.reduce((a, b) => a + b, 0); } },
      { name: "puts", signature: "($)i", fn: (env, s) => { got.push(s); return s.length; } },
    ]);
    const inst = rt.instantiate(rt.load(wat(`(module
      (import "natives" "sum_bytes" (func $sum (param i32 i32) (result i32)))
      (import "natives" "puts" (func $puts (param i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 16) "\\01\\02\\03\\04hello\\00")
      (func (export "sum") (param i32 i32) (result i32) local.get 0 local.get 1 call $sum)
      (func (export "puts") (param i32) (result i32) local.get 0 call $puts))`)));
    assert.is(inst.call("sum", 16, 4), 10);
    assert.is(inst.call("puts", 20), 5);
    assert.equal(got, [4, "hello"]);
    try { inst.call("sum", 65530, 100); assert.unreachable(); }
    catch (e) { assert.instance(e, Trap); assert.is(e.reason, "out of bounds memory access"); }
    try { inst.call("puts", 70000); assert.unreachable(); }
    catch (e) { assert.instance(e, Trap); }
  });

  t("memory: views, grow, maximum, out-of-bounds trap", () => {
    const inst = rt.instantiate(rt.load(wat(`(module (memory (export "mem") 1 3)
      (func (export "load") (param i32) (result i32) local.get 0 i32.load)
      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`)));
    const mem = inst.exports.mem;
    new DataView(mem.buffer().buffer, mem.buffer().byteOffset).setInt32(100, 12345, true);
    assert.is(inst.call("load", 100), 12345);
    assert.is(inst.call("grow", 1), 1);
    assert.is(mem.pages, 2);
    assert.is(inst.call("load", 100), 12345); // contents survive a move
    assert.is(inst.call("grow", 5), -1);
    assert.is(inst.call("load", 2 * 65536 - 4), 0);
    try { inst.call("load", 2 * 65536 - 3); assert.unreachable(); }
    catch (e) { assert.instance(e, Trap); assert.is(e.reason, "out of bounds memory access"); }
  });

  t("a 4 GiB memory request is refused as a resource error", () => {
    const m = rt.load(wat(`(module (memory 65536))`));
    try { rt.instantiate(m); assert.unreachable(); }
    catch (e) { assert.instance(e, WasmError); assert.is(e.kind, "resource"); assert.match(e.message, /exceeds the runtime limit/); }
  });

  t("tables, funcref and call_indirect; globals", () => {
    const inst = rt.instantiate(rt.load(wat(`(module
      (type $t (func (result i32)))
      (table (export "tab") 2 funcref)
      (global (export "g") (mut i64) (i64.const 7))
      (func $a (result i32) i32.const 11)
      (func $b (param i32) (result i32) local.get 0)
      (elem (i32.const 0) $a $b)
      (func (export "ci") (param i32) (result i32) local.get 0 call_indirect (type $t)))`)));
    assert.is(inst.call("ci", 0), 11);
    for (const [i, msg] of [[1, "indirect call type mismatch"], [2, "undefined element"]]) {
      try { inst.call("ci", i); assert.unreachable(); } catch (e) { assert.instance(e, Trap); assert.is(e.reason, msg); }
    }
    const tab = inst.exports.tab;
    assert.instance(tab.get(0), WasmFunction);
    assert.is(tab.get(0).call(), 11);
    tab.set(0, null);
    try { inst.call("ci", 0); assert.unreachable(); } catch (e) { assert.is(e.reason, "uninitialized element 0"); }
    const g = inst.exports.g;
    assert.is(g.value, 7n);
    g.value = -2n;
    assert.is(g.value, -2n);
  });

  t("fuel: a runaway loop traps with instruction limit exceeded; the budget decreases", () => {
    const inst = rt.instantiate(rt.load(wat(`(module
      (func (export "spin") (loop br 0))
      (func $r (export "rec") (param i32) (result i32) local.get 0 i32.eqz if (result i32) i32.const 0 else local.get 0 i32.const 1 i32.sub call $r end)
      (func (export "sum") (param i32) (result i64) (local i64)
        block loop local.get 0 i32.eqz br_if 1
          local.get 1 local.get 0 i64.extend_i32_u i64.add local.set 1
          local.get 0 i32.const 1 i32.sub local.set 0 br 0 end end local.get 1))`)));
    rt.setFuel(100000);
    try { inst.call("spin"); assert.unreachable(); }
    catch (e) { assert.instance(e, Trap); assert.is(e.reason, "instruction limit exceeded"); }
    rt.setFuel(1000);
    try { inst.call("rec", 100000); assert.unreachable(); } catch (e) { assert.is(e.reason, "instruction limit exceeded"); }
    rt.setFuel(1000000);
    assert.is(inst.call("sum", 1000), 500500n);
    const left = rt.fuel;
    assert.ok(left < 1000000 - 1000 * 10 && left > 1000000 - 1000 * 20, `left ${left}`);
    rt.setFuel(undefined);
    assert.is(rt.fuel, Infinity);
    assert.is(inst.call("sum", 100000), 5000050000n);
  });

  t("fuel: a long call suspends and resumes in slices with the right result", () => {
    const inst = rt.instantiate(rt.load(wat(`(module
      (func (export "sum") (param i32) (result i64) (local i64)
        block loop local.get 0 i32.eqz br_if 1
          local.get 1 local.get 0 i64.extend_i32_u i64.add local.set 1
          local.get 0 i32.const 1 i32.sub local.set 0 br 0 end end local.get 1)
      (func (export "one") (result i32) i32.const 1))`)));
    const inv = rt.startCall(inst.func("sum"), [100000], 50000);
    assert.not.ok(inv.done);
    assert.throws(() => inst.call("one"), /another invocation is suspended/);
    let slices = 1;
    while (!inv.resume(50000)) slices++;
    assert.is(inv.result, 5000050000n);
    assert.ok(slices > 10, `${slices} slices`);
    assert.is(inst.call("one"), 1);
    const inv2 = rt.startCall(inst.func("sum"), [100000], 1000);
    inv2.abandon();
    assert.is(inst.call("one"), 1);
    assert.is(rt.startCall(inst.func("sum"), [10], 100000).result, 55n);
  });

  t("unknown and incompatible imports are link errors", () => {
    const m = rt.load(wat(`(module (import "env" "f" (func (param i32))))`));
    try { rt.instantiate(m, {}); assert.unreachable(); } catch (e) { assert.is(e.kind, "link"); assert.match(e.message, /unknown import/); }
    const other = rt.instantiate(rt.load(wat(`(module (func (export "g") (param i64)))`)));
    try { rt.instantiate(m, { env: { f: other.exports.g } }); assert.unreachable(); } catch (e) { assert.is(e.kind, "link"); assert.match(e.message, /incompatible import type/); }
  });
}

test.run();
