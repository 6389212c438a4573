// aot-js drops the alignment branch of a memory access whose address is provably a multiple of
// its size (codegen-js.ts: alignBits, the flow-sensitive `al` of generated values). These programs
// make a local aligned on some paths and not on others (if arms, branches out of blocks, loop
// back edges, tees inside an address); results must match Node's WebAssembly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import wabtInit from 'wabt';
import { ROOT } from './examples-lib.mjs';

const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const wabt = await wabtInit();
const b = await loadBinaryen();

const WASM = wabt.parseWat('t.wat', `(module
  (memory (export "mem") 1)
  (func $fill (local $i i32)
    (loop $l (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 37)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 256)))))
  (func (export "ifarm") (param $p i32) (result i32) (local $a i32)
    (call $fill)
    (local.set $a (i32.const 8))
    (if (local.get $p) (then (local.set $a (i32.const 3))))
    (i32.add (i32.load (local.get $a)) (i32.trunc_f64_s (f64.mul (f64.load (local.get $a)) (f64.const 0)))))
  (func (export "brout") (param $p i32) (result i32) (local $a i32)
    (call $fill)
    (block $b (local.set $a (i32.const 5)) (br_if $b (local.get $p)) (local.set $a (i32.const 8)))
    (i32.load (local.get $a)))
  (func (export "tee") (result i32) (local $a i32)
    (call $fill)
    (local.set $a (i32.const 8))
    (i32.load (i32.add (i32.and (local.tee $a (i32.const 3)) (i32.const 0)) (local.get $a))))
  (func (export "loop") (param $n i32) (result i32) (local $a i32) (local $s i32)
    (call $fill)
    (local.set $a (i32.const 16))
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load16_s (local.get $a))))
      (local.set $s (i32.add (local.get $s) (i32.load (i32.shl (i32.shr_u (local.get $a) (i32.const 2)) (i32.const 2)))))
      (local.set $a (i32.add (local.get $a) (i32.const 3)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "store") (param $p i32) (result i32) (local $a i32)
    (call $fill)
    (local.set $a (i32.const 32))
    (if (local.get $p) (then (local.set $a (i32.const 33))))
    (f64.store (local.get $a) (f64.const 1.5))
    (i32.store16 (i32.add (local.get $a) (i32.const 9)) (i32.const 0x1234))
    (i32.load (i32.const 40))))`, {}).toBinary({}).buffer;

const calls = [['ifarm', 0], ['ifarm', 1], ['brout', 0], ['brout', 1], ['tee'], ['loop', 7], ['store', 0], ['store', 1]];
const ref = (await WebAssembly.instantiate(WASM)).instance.exports;
for (const optLevel of [0, 3]) {
  for (const i64 of ['bigint', 'pairs']) {
    test(`aligned/unaligned accesses match Node's WebAssembly (-O${optLevel}, --i64=${i64})`, () => {
      const rt = new AotRuntime();
      const inst = rt.instantiate(rt.load(compileWasm(b, WASM, { optLevel, i64 }).aot), {});
      for (const [f, ...args] of calls) assert.is(inst.exports[f].call(...args), ref[f](...args), `${f}(${args})`);
    });
  }
}
test.run();
