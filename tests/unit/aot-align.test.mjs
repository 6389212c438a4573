// aot-js (both flavors: the asm.js one has its own alignBits and loop versioning in codegen-asm.ts)
// drops the alignment branch of a memory access whose address is provably a multiple of
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
const fmt = await import(path.join(ROOT, 'dist/aot/format.js'));
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
    (i32.load (i32.const 40)))
  ;; versioned loop (codegen-js.ts "loop versioning"): sums f64s at $p and copies i32s from $q to
  ;; $p + 1024, both pointers stepping by their size; aligned or not at entry, in bounds or not
  (func (export "vsum") (param $p i32) (param $q i32) (param $n i32) (result f64) (local $s f64) (local $r i32)
    (call $fill)
    (loop $l
      (local.set $s (f64.add (local.get $s) (f64.load offset=8 (local.get $p))))
      (local.set $r (i32.add (local.get $p) (i32.const 1024)))
      (i32.store (local.get $r) (i32.load (local.get $q)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (local.set $q (i32.add (local.get $q) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (f64.add (local.get $s) (f64.convert_i32_s (i32.load (i32.const 1028)))))
  ;; i64 accesses (--i64=pairs: two int32 words), misaligned or not, near the end, past 2^31
  (func (export "i64rw") (param $p i32) (result i64) (local $v i64)
    (call $fill)
    (local.set $v (i64.load offset=3 (local.get $p)))
    (i64.store offset=5 (local.get $p) (i64.xor (local.get $v) (i64.const 0x0123456789abcdef)))
    (i64.add (i64.load offset=5 (local.get $p)) (i64.load32_u (i32.and (local.get $p) (i32.const -4)))))
  ;; a pointer provably 8-aligned: its i64 accesses without the alignment branch
  (func (export "i64al") (param $p i32) (result i64) (local $a i32) (local $s i64)
    (call $fill)
    (local.set $a (i32.const 64))
    (loop $l
      (i64.store (local.get $a) (i64.mul (i64.load (local.get $a)) (i64.extend_i32_u (i32.load (local.get $a)))))
      (local.set $s (i64.add (local.get $s) (i64.load32_u offset=4 (local.get $a))))
      (br_if $l (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 8))) (local.get $p))))
    (local.get $s))
  ;; a store whose high word is out of bounds traps before writing its low word
  (func (export "i64st") (param $p i32) (result i32) (i64.store (local.get $p) (i64.const -1)) (i32.load (i32.const 65528)))
  (func (export "rd") (result i32) (i32.xor (i32.load (i32.const 65528)) (i32.load (i32.const 65532)))))`, {}).toBinary({}).buffer;

const calls = [['ifarm', 0], ['ifarm', 1], ['brout', 0], ['brout', 1], ['tee'], ['loop', 7], ['store', 0], ['store', 1],
  ['vsum', 0, 64, 10], ['vsum', 3, 64, 10], ['vsum', 8, 65, 10], ['vsum', 1, 2, 20], ['vsum', 65520, 0, 4], ['vsum', 64, 65535, 2], ['vsum', -8, 0, 1],
  ['i64rw', 0], ['i64rw', 1], ['i64rw', 65520], ['i64rw', 65525], ['i64rw', 65528], ['i64rw', -1], ['i64rw', -4], ['i64rw', 0x7fffffff], ['i64rw', 65529],
  ['i64st', 65532], ['rd'], ['i64st', 65528], ['i64st', 65529], ['i64st', 65536], ['i64st', -4], ['rd'],
  ['i64al', 200], ['i64al', 65528], ['i64al', 65600]];
for (const optLevel of [0, 3]) {
  for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) {
    test(`aligned/unaligned accesses match Node's WebAssembly (-O${optLevel}, --i64=${i64}, --js-flavor=${flavor})`, () => {
      const rt = new AotRuntime();
      const inst = rt.instantiate(rt.load(compileWasm(b, WASM, { optLevel, i64, flavor }).aot), {});
      // a fresh reference instance too: the calls leave memory to the next (i64rw reads what the last one wrote)
      const ref = new WebAssembly.Instance(new WebAssembly.Module(WASM)).exports;
      for (const [f, ...args] of calls) {
        let want;
        try { want = ref[f](...args); } catch (e) { want = `trap: ${e.message}`; }
        let got;
        try { got = inst.exports[f].call(...args); } catch (e) { got = `trap: ${e.reason}`; }
        // same value, or both trap out of bounds
        if (typeof want === 'string') assert.ok(/out of bounds/.test(want) && got === 'trap: out of bounds memory access', `${f}(${args}): ${got} vs ${want}`);
        else assert.is(got, want, `${f}(${args})`);
      }
    });
  }
}
test('the loop over pointer locals is versioned on their alignment (-O0)', () => {
  const { readAot } = fmt;
  const src = readAot(compileWasm(b, WASM, { optLevel: 0, flavor: 'plain' }).aot).code.source;
  assert.match(src, /if \(\(l0 & 7 \| l1 & 3\) === 0\) \{/);
  // both copies charge the same fuel
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(compileWasm(b, WASM, { optLevel: 0, flavor: 'plain' }).aot), {});
  const spent = (...args) => { rt.setFuel(1e6); inst.exports.vsum.call(...args); return 1e6 - rt.fuel; };
  assert.is(spent(8, 64, 10), spent(3, 65, 10));
});
test('asm.js flavor: the same loop is versioned; both copies charge the same fuel', () => {
  const src = fmt.readAot(compileWasm(b, WASM, { optLevel: 0, flavor: 'asmjs' }).aot).code.asmSource;
  assert.match(src, /if \(\(\(l0 & 7 \| l1 & 3\)\|0\) == 0\) \{/);
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(compileWasm(b, WASM, { optLevel: 0, flavor: 'asmjs' }).aot), {});
  const spent = (...args) => { rt.setFuel(1e6); inst.exports.vsum.call(...args); return 1e6 - rt.fuel; };
  assert.is(spent(8, 64, 10), spent(3, 65, 10));
});
test.run();
