// Bounds tests the js target leaves out (aot/codegen-js.ts and codegen-asm.ts), on both flavors, unoptimized and
// optimized: (1) addresses provably inside the memory's initial size (aot/ranges.ts): at the
// boundary, an access just inside runs, one just outside still traps, and addresses that wrap
// around (in i32 arithmetic or past 2^32 with the offset) still trap or read where the spec says;
// (2) an address already tested in the same straight-line code: a local assigned in between, a
// test in an if arm, a loop's earlier iteration or a narrower access do not count; (3) loop
// counters; (4) runs of accesses at a local plus constants tested once, at the first (asm.js).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import wabtInit from 'wabt';
import { ROOT } from './examples-lib.mjs';

const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { readAot } = await import(path.join(ROOT, 'dist/aot/format.js'));
const { Trap } = await import(path.join(ROOT, 'dist/core/runtime.js'));

const wabt = await wabtInit();
const b = await loadBinaryen();

// One page; the last word at 65532 holds 0x44332211 (and the last byte 0x44), address 8 holds 0x77.
// Functions named `in_*` address at most the page's last bytes (the check can go), `out_*` one
// byte further for some argument (the check must stay).
const M = wabt.parseWat('t.wat', `(module
  (memory (export "mem") 1 2)
  (data (i32.const 8) "\\77")
  (data (i32.const 65532) "\\11\\22\\33\\44")
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  ;; a table of 64 words at 65280 indexed by a masked value (crc32's table[(c ^ b) & 0xff])
  (func (export "in_table") (param i32) (result i32)
    (i32.load (i32.add (i32.const 65280) (i32.shl (i32.and (local.get 0) (i32.const 63)) (i32.const 2)))))
  (func (export "out_table") (param i32) (result i32)
    (i32.load (i32.add (i32.const 65284) (i32.shl (i32.and (local.get 0) (i32.const 63)) (i32.const 2)))))
  ;; constant addresses
  (func (export "in_const") (result i32) (i32.load8_u (i32.const 65535)))
  (func (export "out_const") (result i32) (i32.load8_u (i32.const 65536)))
  (func (export "in_const_word") (result i32) (i32.load (i32.const 65532)))
  (func (export "out_const_word") (result i32) (i32.load (i32.const 65533)))
  ;; a masked value plus the access's static offset; a store through the same form
  (func (export "in_offset") (param i32) (result i32) (i32.load8_u offset=65000 (i32.and (local.get 0) (i32.const 535))))
  (func (export "out_offset") (param i32) (result i32) (i32.load8_u offset=65001 (i32.and (local.get 0) (i32.const 535))))
  (func (export "in_store") (param i32 i32) (i32.store16 offset=65000 (i32.and (local.get 0) (i32.const 534)) (local.get 1)))
  (func (export "out_store") (param i32 i32) (i32.store16 offset=65001 (i32.and (local.get 0) (i32.const 534)) (local.get 1)))
  ;; a local assigned only masked values (flow-insensitive: zero and x & 1023; the parameter
  ;; stays live so that the local is not merged into it)
  (func (export "in_local") (param i32) (result i32) (local i32)
    (local.set 1 (i32.and (local.get 0) (i32.const 1023)))
    (i64.load32_u offset=64509 (local.get 1)) (drop)
    (f64.load offset=64505 (local.get 1)) (drop)
    (i32.sub (i32.load offset=64509 (local.get 1)) (local.get 0)))
  ;; wrap-around: a constant sum that wraps in i32 arithmetic addresses 8 (not a trap); a base
  ;; near 2^32 plus the offset passes 2^32 (a trap); a difference that may go negative
  (func (export "wrapped_sum") (result i32) (i32.load8_u (i32.add (i32.const -16) (i32.const 24))))
  (func (export "wrap_offset") (param i32) (result i32)
    (i32.load8_u offset=16 (i32.add (i32.const -16) (i32.and (local.get 0) (i32.const 7)))))
  (func (export "wrap_sub") (param i32) (result i32)
    (i32.load offset=8 (i32.sub (i32.const 4) (i32.and (local.get 0) (i32.const 15))))))`).toBinary({}).buffer;

const isOob = (e) => e instanceof Trap && e.reason === 'out of bounds memory access';
const traps = (f) => { try { f(); } catch (e) { assert.ok(isOob(e), String(e)); return true; } return false; };

for (const flavor of ['plain', 'asmjs']) for (const optLevel of [0, 3]) {
  const label = `--js-flavor=${flavor} -O${optLevel}`;
  test(`accesses at the initial memory's end: inside runs, outside traps (${label})`, () => {
    const rt = new AotRuntime();
    const inst = rt.instantiate(rt.load(compileWasm(b, M, { optLevel, flavor }).aot));
    if (flavor === 'asmjs') assert.is(inst.asmValidated, true);
    const x = inst.exports;
    for (const v of [0, 5, 63, -1, 0x7fffffff]) assert.is(x.in_table.call(v), (v & 63) === 63 ? 0x44332211 : 0);
    for (const v of [0, 62, -2]) assert.is(x.out_table.call(v), (v & 63) === 62 ? 0x44332211 : 0);
    for (const v of [63, -1]) assert.ok(traps(() => x.out_table.call(v)), `out_table(${v})`);
    assert.is(x.in_const.call(), 0x44);
    assert.ok(traps(() => x.out_const.call()));
    assert.is(x.in_const_word.call(), 0x44332211);
    assert.ok(traps(() => x.out_const_word.call()));
    assert.is(x.in_offset.call(535), 0x44);
    assert.is(x.in_offset.call(-1), 0x44); // -1 & 535 = 535
    assert.is(x.out_offset.call(534), 0x44);
    assert.ok(traps(() => x.out_offset.call(535)));
    x.in_store.call(534, 0x5566);
    assert.is(x.in_const_word.call(), 0x55662211);
    assert.ok(traps(() => x.out_store.call(534, 0)));
    assert.is(x.in_const_word.call(), 0x55662211, 'a trapping store writes nothing');
    assert.is(x.in_local.call(1023), 0x55662211 - 1023);
    assert.is(x.in_local.call(-1), 0x55662211 + 1);
    assert.is(x.in_local.call(1024), -1024);
    assert.is(x.wrapped_sum.call(), 0x77);
    assert.ok(traps(() => x.wrap_offset.call(0)), 'base 2^32 - 16 plus offset 16 is past 2^32');
    assert.ok(traps(() => x.wrap_offset.call(7)));
    assert.is(x.wrap_sub.call(4), 0x77);          // 4 - 4 + 8
    assert.ok(traps(() => x.wrap_sub.call(8)));   // 2^32 - 4 + 8
    assert.ok(traps(() => x.wrap_sub.call(15)));
    // after memory.grow the next page is memory too (the kept checks test the current size)
    assert.is(x.grow.call(), 1);
    assert.is(x.out_const.call(), 0);
    assert.is(x.out_table.call(63), 0);
    assert.is(x.out_offset.call(535), 0);
  });
}

const R = wabt.parseWat('t.wat', `(module
  (memory 1 2)
  (func (export "reassign") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load (local.get 0)))
    (local.set 0 (local.get 1))
    (i32.add (local.get 2) (i32.load (local.get 0))))
  (func (export "bump") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load (local.get 0)))
    (local.set 0 (i32.add (local.get 0) (local.get 1)))
    (i32.add (local.get 2) (i32.load (local.get 0))))
  (func (export "arm") (param i32 i32) (result i32)
    (if (local.get 1) (then (drop (i32.load (local.get 0)))))
    (i32.load (local.get 0)))
  (func (export "walk") (param i32 i32) (result i32) (local i32)
    (drop (i32.load (local.get 0)))
    (loop
      (local.set 2 (i32.add (local.get 2) (i32.load (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br_if 0 (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
  (func (export "store_after") (param i32 i32)
    (i32.store (local.get 0) (i32.add (i32.load (local.tee 0 (local.get 1))) (i32.const 1))))
  (func (export "wider") (param i32) (result i32)
    (i32.add (i32.load8_u (local.get 0)) (i32.load (local.get 0))))
  ;; x + 16, x, x + 8: once x is tested (x < 2^31), the test of x + 16 covers x + 8; without
  ;; x's own test it does not (x + 16 may have wrapped)
  (func (export "span") (param i32) (result i32)
    (i32.add (i32.load (i32.add (local.get 0) (i32.const 16)))
      (i32.add (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 8))))))
  (func (export "span_wrap") (param i32) (result i32)
    (i32.add (i32.load (i32.add (local.get 0) (i32.const 16))) (i32.load (i32.add (local.get 0) (i32.const 8)))))
  ;; a local assigned x + 65536 in an if arm holds x after it when the arm did not run
  (func (export "arm_value") (param i32 i32) (result i32) (local i32)
    (local.set 2 (local.get 0))
    (if (local.get 1) (then (local.set 2 (i32.add (local.get 0) (i32.const 65536)))))
    (i32.add (i32.load (local.get 2)) (i32.load (i32.add (local.get 0) (i32.const 65536)))))
  (func (export "same") (param i32)
    (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const 1)))
    (i32.store offset=4 (local.get 0) (i32.add (i32.load offset=4 (local.get 0)) (i32.const 1)))))`).toBinary({}).buffer;

for (const flavor of ['plain', 'asmjs']) for (const optLevel of [0, 3]) {
  test(`an address tested once is not tested again, but a new value, a skipped test or a wider access is (--js-flavor=${flavor} -O${optLevel})`, () => {
    const rt = new AotRuntime();
    const inst = rt.instantiate(rt.load(compileWasm(b, R, { optLevel, flavor }).aot));
    const x = inst.exports;
    assert.is(x.reassign.call(0, 4), 0);
    assert.ok(traps(() => x.reassign.call(0, 65536)));
    assert.ok(traps(() => x.reassign.call(0, 65533)));
    assert.is(x.bump.call(0, 65532), 0);
    assert.ok(traps(() => x.bump.call(0, 65536)), 'the local was assigned between the accesses');
    assert.is(x.arm.call(65532, 1), 0);
    assert.ok(traps(() => x.arm.call(65536, 0)));
    assert.ok(traps(() => x.arm.call(65533, 1)));
    assert.is(x.walk.call(65528, 2), 0);
    assert.ok(traps(() => x.walk.call(65528, 3)), 'the third word is past the end');
    x.same.call(65528);
    x.same.call(65528);
    assert.is(x.walk.call(65528, 2), 4);
    assert.ok(traps(() => x.store_after.call(65536, 0)), 'the store is at the old address');
    x.store_after.call(0, 65528);
    assert.is(x.walk.call(0, 1), 3);
    assert.ok(traps(() => x.same.call(65529)), 'the second pair, at p + 4, is past the end');
    assert.is(x.span.call(65500), 0);
    assert.ok(traps(() => x.span.call(-16)), 'x + 16 wraps to 0, x does not');
    assert.ok(traps(() => x.span.call(65520)));
    assert.ok(traps(() => x.span_wrap.call(-12)), 'x + 16 wraps to 4, x + 8 to 2^32 - 4');
    assert.ok(traps(() => x.arm_value.call(0, 0)), 'x + 65536 is past the end');
    assert.ok(traps(() => x.arm_value.call(0, 1)));
    assert.is(x.wider.call(65520), 0);
    assert.ok(traps(() => x.wider.call(65535)), 'a byte in bounds does not make a word so');
    assert.ok(traps(() => x.wider.call(-1)));
  });
}

/** The out-of-bounds trap in generated code: code 1 in asm.js (ASM_TRAPS), a call of $oob in plain code. */
const OOB = { asmjs: /\$tc = 1;/g, plain: /\$oob\(\)/g };

for (const flavor of ['plain', 'asmjs']) test(`${flavor} flavor: the accesses proven inside the initial memory have no bounds test; the others keep theirs`, () => {
  const code = readAot(compileWasm(b, M, { optLevel: 0, flavor }).aot).code;
  const src = flavor === 'asmjs' ? code.asmSource : code.source;
  const names = ['grow', 'in_table', 'out_table', 'in_const', 'out_const', 'in_const_word', 'out_const_word', 'in_offset', 'out_offset',
    'in_store', 'out_store', 'in_local', 'wrapped_sum', 'wrap_offset', 'wrap_sub'];
  const bodyOf = (k) => { const at = src.indexOf(`\nfunction f${k}(`); assert.ok(at >= 0, `f${k}`); return src.slice(at, src.indexOf('\nfunction ', at + 1)); };
  const tests = (k) => (bodyOf(k).match(OOB[flavor]) ?? []).length;
  names.forEach((n, k) => {
    if (n.startsWith('in_') || n === 'wrapped_sum') assert.is(tests(k), 0, `${n}: no bounds test`);
    else if (n !== 'grow') assert.ok(tests(k) > 0, `${n}: a bounds test`);
  });
  if (flavor === 'plain') return;
  // `same`: a load and a store at p, then at p + 4: one test each
  const r = readAot(compileWasm(b, R, { optLevel: 0, flavor: 'asmjs' }).aot).code.asmSource;
  const at = r.indexOf('\nfunction f9(');
  assert.is((r.slice(at, r.indexOf('\nfunction ', at + 1)).match(/\$tc = 1;/g) ?? []).length, 2);
});

// Loop counters (aot/ranges.ts loopCounters): k = -64, stepped by 1 up to 0, addressing k + 65536
// (the page's last 64 bytes: no test needed) or k + 65537 (one byte past: the test stays); a read
// after the loop (k is 0 there), a step that does not reach 0 exactly, a counter that starts from
// a parameter or that the loop assigns again with a value of its own keep their tests.
/**
 * A function summing the bytes at k + base while the loop `k = init; loop { sum += mem[k + base];
 * body; k += step; br_if k }` runs (parameter 0 is `p` when `param`; k and the sum are locals),
 * then returning `after` (the sum by default).
 */
const counterLoop = (name, { init, base = 65536, step = 1, param = false, body = '', after = '(local.get $s)' }) => `
  (func (export "${name}") ${param ? '(param $p i32) ' : ''}(result i32) (local $k i32) (local $s i32)
    (local.set $k ${init})
    (loop
      (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $k) (i32.const ${base})))))
      ${body}
      (local.set $k (i32.add (local.get $k) (i32.const ${step})))
      (br_if 0 (local.get $k)))
    ${after})`;
const C = wabt.parseWat('t.wat', `(module
  (memory 1 2)
  (data (i32.const 65532) "\\11\\22\\33\\44")
  ${counterLoop('count_in', { init: '(i32.const -64)' })}
  ${counterLoop('count_out', { init: '(i32.const -64)', base: 65537 })}
  ${counterLoop('after_loop', { init: '(i32.const -64)', after: '(i32.add (local.get $s) (i32.load8_u (i32.add (local.get $k) (i32.const 65536))))' })}
  ${counterLoop('odd_step', { init: '(i32.const -3)', step: 2 })}
  ${counterLoop('from_param', { init: '(local.get $p)', param: true })}
  ${counterLoop('reassigned', { init: '(i32.const -4)', param: true, body: '(if (local.get $p) (then (local.set $k (local.get $p)) (local.set $p (i32.const 0))))' })})`).toBinary({}).buffer;

for (const flavor of ['plain', 'asmjs']) for (const optLevel of [0, 3]) {
  test(`loop counters: inside the initial memory runs, past it traps (--js-flavor=${flavor} -O${optLevel})`, () => {
    const rt = new AotRuntime();
    const x = rt.instantiate(rt.load(compileWasm(b, C, { optLevel, flavor }).aot)).exports;
    assert.is(x.count_in.call(), 0x11 + 0x22 + 0x33 + 0x44);
    assert.ok(traps(() => x.count_out.call()), 'the last byte read is at 65536');
    assert.ok(traps(() => x.after_loop.call()), 'after the loop the counter is 0: 65536');
    assert.ok(traps(() => x.odd_step.call()), '-3, -1, then 1: 65537');
    assert.is(x.from_param.call(-4), 0x11 + 0x22 + 0x33 + 0x44);
    assert.ok(traps(() => x.from_param.call(-65537)));
    assert.is(x.reassigned.call(0), 0x11 + 0x22 + 0x33 + 0x44);
    assert.ok(traps(() => x.reassigned.call(1)), 'the loop sets the counter to 1 and steps it to 2: 65538');
  });
}

for (const flavor of ['plain', 'asmjs']) {
  test(`${flavor} flavor: a loop counter stepped to 0 needs no bounds test inside its loop; the others keep theirs`, () => {
    const code = readAot(compileWasm(b, C, { optLevel: 0, flavor }).aot).code;
    const src = flavor === 'asmjs' ? code.asmSource : code.source;
    const trap = OOB[flavor];
    const tests = (k) => { const at = src.indexOf(`\nfunction f${k}(`); assert.ok(at >= 0, `f${k}`); return (src.slice(at, src.indexOf('\nfunction ', at + 1)).match(trap) ?? []).length; };
    assert.is(tests(0), 0, 'count_in');
    assert.is(tests(1), 1, 'count_out');
    assert.is(tests(2), 1, 'after_loop: the read after the loop');
    for (const k of [3, 4, 5]) assert.is(tests(k), 1, `f${k}`);
  });
}

// Bundled tests (aot/ranges.ts bundledTests, asm.js flavor): the accesses at x, x + 1, x + 2, x + 3
// of straight-line code are tested once, at the first, up to the last; what happens between them
// still happens in order: a store, a global write or a call before a later access out of bounds
// is done before the trap, a division by zero traps as such, and a branch taken skips the rest.
const G = wabt.parseWat('t.wat', `(module
  (memory (export "mem") 1 2)
  (global $g (mut i32) (i32.const 0))
  (data (i32.const 65532) "\\01\\02\\03\\04")
  (func $set (param i32) (global.set $g (local.get 0)))
  (func (export "run4") (param $p i32) (result i32)
    (i32.add (i32.add (i32.load8_u (local.get $p)) (i32.load8_u offset=1 (local.get $p)))
      (i32.add (i32.load8_u (i32.add (local.get $p) (i32.const 2))) (i32.load8_u offset=3 (local.get $p)))))
  (func (export "words") (param $p i32) (result i32)
    (i32.add (i32.load (local.get $p)) (i32.load offset=4 (local.get $p))))
  (func (export "store_between") (param $p i32) (result i32)
    (i32.add (i32.load8_u (local.get $p))
      (block (result i32) (i32.store8 (i32.const 8) (i32.const 99)) (i32.load8_u offset=3 (local.get $p)))))
  (func (export "global_between") (param $p i32) (result i32)
    (i32.add (i32.load8_u (local.get $p))
      (block (result i32) (global.set $g (i32.const 7)) (i32.load8_u offset=3 (local.get $p)))))
  (func (export "call_between") (param $p i32) (result i32)
    (i32.add (i32.load8_u (local.get $p))
      (block (result i32) (call $set (i32.const 11)) (i32.load8_u offset=3 (local.get $p)))))
  (func (export "div_between") (param $p i32) (param $d i32) (result i32)
    (i32.add (i32.div_u (i32.load8_u (local.get $p)) (local.get $d)) (i32.load8_u offset=3 (local.get $p))))
  (func (export "branch_between") (param $p i32) (param $c i32) (result i32)
    (block $out (result i32)
      (drop (br_if $out (i32.load8_u (local.get $p)) (local.get $c)))
      (i32.load8_u offset=3 (local.get $p))))
  (func (export "store_last") (param $p i32)
    (i32.store8 offset=3 (local.get $p) (i32.add (i32.load8_u (local.get $p)) (i32.load8_u offset=1 (local.get $p)))))
  (func (export "reassigned") (param $p i32) (param $q i32) (result i32)
    (i32.add (i32.load8_u (local.get $p))
      (i32.load8_u offset=3 (local.tee $p (local.get $q)))))
  (func (export "g") (result i32) (global.get $g)))`).toBinary({}).buffer;

for (const flavor of ['plain', 'asmjs']) for (const optLevel of [0, 3]) {
  test(`runs of accesses tested once: the same results and traps, effects between them kept (--js-flavor=${flavor} -O${optLevel})`, () => {
    const rt = new AotRuntime();
    const inst = rt.instantiate(rt.load(compileWasm(b, G, { optLevel, flavor }).aot));
    const x = inst.exports;
    const mem = () => x.mem.buffer();
    assert.is(x.run4.call(65532), 10);
    for (const p of [65533, 65535, 65536, -1, -4, 0x7fffffff, -0x80000000]) assert.ok(traps(() => x.run4.call(p)), `run4(${p})`);
    assert.is(x.words.call(65528), 0x04030201);
    assert.ok(traps(() => x.words.call(65529)));
    assert.ok(traps(() => x.store_between.call(65533)));
    assert.is(mem()[8], 99, 'the store before the trap was done');
    assert.ok(traps(() => x.global_between.call(65533)));
    assert.is(x.g.call(), 7, 'the global was written before the trap');
    assert.ok(traps(() => x.call_between.call(65533)));
    assert.is(x.g.call(), 11, 'the call ran before the trap');
    // (Binaryen's optimizer treats traps as indistinguishable and may order the two: -O0 only)
    if (optLevel === 0) {
      try { x.div_between.call(65533, 0); assert.unreachable(); } catch (e) {
        assert.ok(e instanceof Trap && e.reason === 'integer divide by zero', String(e));
      }
    }
    assert.ok(traps(() => x.div_between.call(65533, 1)));
    assert.is(x.branch_between.call(65533, 1), 2, 'the branch skips the access past the end');
    assert.ok(traps(() => x.branch_between.call(65533, 0)));
    assert.ok(traps(() => x.store_last.call(65533)));
    assert.is(mem()[65535], 4, 'the trapping store wrote nothing');
    x.store_last.call(65532);
    assert.is(mem()[65535], 3, '1 + 2');
    assert.is(x.reassigned.call(65535, 0), mem()[65535] + mem()[3]);
    assert.ok(traps(() => x.reassigned.call(0, 65533)));
    // after memory.grow the bundled test is against the new size
    assert.is(inst.exports.mem.grow(1), 1);
    assert.is(x.run4.call(65533), 2 + 3 + 3 + 0);
  });
}

test('asmjs flavor: a run of byte loads at x .. x + 3 has one bounds test; a store, a global write, a call or a division between splits it', () => {
  const src = readAot(compileWasm(b, G, { optLevel: 0, flavor: 'asmjs' }).aot).code.asmSource;
  const tests = (k) => { const at = src.indexOf(`\nfunction f${k}(`); assert.ok(at >= 0, `f${k}`); return (src.slice(at, src.indexOf('\nfunction ', at + 1)).match(OOB.asmjs) ?? []).length; };
  assert.is(tests(1), 1, 'run4');
  assert.is(tests(2), 1, 'words');
  for (const k of [3, 4, 5, 6, 7]) assert.is(tests(k), 2, `f${k}`);
  assert.is(tests(8), 1, 'store_last: the store is the run\'s last access');
  assert.is(tests(9), 2, 'reassigned');
});

test.run();
