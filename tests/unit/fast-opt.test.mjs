// The fast interpreter's AoT-grade translation (translation level 1,
// RuntimeOptions.translateOpt; docs/fast-code-format.md "Optimization
// levels"): scaled-index addressing (i32_add_shl, loads _x) and pair
// superinstructions must not change behaviour. Differential: hand-written
// edge cases (address sums that wrap at 2^32, out-of-bounds accesses, shift
// counts >= 32, a sum kept in a local, pairs split by a loop header and by
// br_table targets, constant-pool slots across a recursive call, pending
// local.gets across blocks that do or do not write them, a br value computed
// into the label's slot, cached globals, f64 operations reading memory, declared locals
// read before or after every path assigns them) against V8 and the classic interpreter; every bench/
// program at its `tiny` SCALE, as built and after Binaryen (the bytecode
// target's pipeline, aot/bytecode-passes.ts), on classic, fast level 0 and
// fast level 1: same output and exit status. Fails when dist/ is not built.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabtInit from 'wabt';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runtimeJs = path.join(root, 'dist/core/runtime.js');

const WAT = String.raw`
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20")
  (data (i32.const 65520) "\f0\f1\f2\f3\f4\f5\f6\f7\f8\f9\fa\fb\fc\fd\fe\ff")
  ;; base + (i << 2), then a load with an offset: i32_load_x
  (func (export "ldx") (param i32 i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
  ;; the shifted operand first, a narrow load
  (func (export "ldx_rev") (param i32 i32) (result i32)
    (i32.load8_s (i32.add (i32.shl (local.get 1) (i32.const 3)) (local.get 0))))
  ;; a plain sum as the address (k = 0), 8-byte load
  (func (export "ldadd") (param i32 i32) (result i64)
    (i64.load offset=8 (i32.add (local.get 0) (local.get 1))))
  ;; a sum of two computed values as the address
  (func (export "ldtemps") (param i32 i32) (result i32)
    (i32.load16_u (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.shl (i32.add (local.get 1) (i32.const 1)) (i32.const 1)))))
  ;; a shift count >= 32 is taken mod 32
  (func (export "addshl") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 35))))
  ;; the sum is kept in a local: both the load and the later use see it
  (func (export "tee") (param i32 i32) (result i32) (local i32)
    (i32.add (i32.load (local.tee 2 (i32.add (local.get 0) (local.get 1)))) (local.get 2)))
  ;; pairs around a loop header and a conditional back-edge
  (func (export "loop") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.add (local.get 1) (i32.const 3)))
    (loop $l
      (local.set 2 (i32.add (local.get 2) (i32.const 5)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const -1))) (i32.const 0))))
    (i32.add (local.get 1) (i32.mul (local.get 2) (i32.const 1000))))
  ;; br_table targets at instructions that would otherwise pair with the one before
  (func (export "tbl") (param i32 i32) (result i32) (local i32)
    (block $c (block $b (block $a
      (local.set 2 (i32.add (local.get 1) (i32.const 1)))
      (br_table $a $b $c (local.get 0)))
      (local.set 2 (i32.add (local.get 2) (i32.const 10))))
      (local.set 2 (i32.add (local.get 2) (i32.const 100))))
    (local.set 2 (i32.add (local.get 2) (i32.const 1000)))
    (local.get 2))
  ;; f64: the paired multiply-add-store of matmul's inner loop
  (func (export "axpy") (param i32 f64) (result f64) (local i32)
    (loop $l
      (f64.store offset=1024 (local.get 2)
        (f64.add (f64.load offset=1024 (local.get 2)) (f64.mul (local.get 1) (f64.load offset=2048 (local.get 2)))))
      (local.set 2 (i32.add (local.get 2) (i32.const 8)))
      (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const -1))) (i32.const 0))))
    (f64.add (f64.load offset=1024 (i32.const 0)) (f64.load offset=1032 (i32.const 0))))
  ;; constant pool: constants read inside a loop (no immediate form: i64 compare,
  ;; k - x in f64, i32.const -1 and i64.const 0xffffffff sharing the bits) come from
  ;; slots set at entry; a recursive call inside the loop must not clobber them
  (func $pool (export "pool") (param i32 i64) (result i64) (local i64 f64)
    (loop $l
      (local.set 2 (i64.add (local.get 2)
        (select (i64.const 0xffffffff) (i64.const 3) (i64.gt_u (local.get 1) (i64.const 0x123456789)))))
      (local.set 3 (f64.sub (f64.const 2.5) (local.get 3)))
      (local.set 1 (i64.add (local.get 1) (i64.const 0x100000000)))
      (if (i32.gt_u (local.get 0) (i32.const 40))
        (then (local.set 2 (i64.add (local.get 2) (call $pool (i32.const 2) (i64.const 0x123456780))))))
      (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const -1))) (i32.const -1))))
    (i64.add (i64.add (local.get 2) (i64.extend_i32_u (i32.xor (local.get 0) (i32.const -1))))
      (i64.add (i64.extend_i32_u (i64.gt_u (local.get 1) (i64.const 0x123456789)))
        (i64.trunc_f64_s (f64.mul (local.get 3) (f64.const 1000))))))
  ;; two outermost loops, the second reading a constant the first does not:
  ;; each loop's pool slots are set before it is entered
  (func (export "pool2") (param i64 i32) (result i64) (local i64)
    (local.set 1 (i32.add (local.get 1) (i32.const 1)))
    (loop $a
      (local.set 2 (i64.add (local.get 2) (i64.extend_i32_u (i64.lt_s (local.get 0) (i64.const 0x7fff00000000)))))
      (br_if $a (local.tee 1 (i32.add (local.get 1) (i32.const -1)))))
    (loop $b
      (local.set 2 (i64.add (local.get 2) (i64.extend_i32_u (i64.ge_u (local.get 0) (i64.const 5000000000)))))
      (local.set 2 (i64.add (local.get 2) (i64.extend_i32_u (i64.lt_s (local.get 0) (i64.const 0x7fff00000000)))))
      (br_if $b (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (i32.const 3))))
    (local.get 2))
  ;; a pending local.get kept across a block that does not write it, and
  ;; materialized when the block (or an if's else-arm, or a loop) writes it
  (func (export "pend") (param i32 i32) (result i32)
    (i32.add
      (i32.sub
        (i32.add (local.get 0)
          (block (result i32) (local.set 1 (i32.mul (local.get 1) (i32.const 3))) (local.get 1)))
        (block (result i32) (local.set 0 (i32.const 100)) (i32.const 1)))
      (i32.mul (local.get 0)
        (if (result i32) (local.get 1) (then (i32.const 5)) (else (local.set 0 (i32.const 9)) (i32.const 6))))))
  (func (export "pendloop") (param i32) (result i32) (local i32)
    (i32.add (local.get 0)
      (loop $l (result i32)
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 10)))
        (local.get 1))))
  ;; a br's value computed straight into the label's slot, with values below it
  (func (export "brval") (param i32 i32) (result i32)
    (i32.add (local.get 1)
      (i32.mul (i32.const 3)
        (block $b (result i32)
          (drop (br_if $b (i32.const 11) (i32.eqz (local.get 0))))
          (br $b (i32.add (i32.mul (local.get 0) (local.get 1)) (i32.const 7)))))))
  ;; global cache: globals read twice or more get cache slots; calls (which may
  ;; set them), labels, sets with a pending read of the old value, a read
  ;; retargeted into a local, loops (refreshed before, kept across back-edges)
  (global $g (mut i32) (i32.const 10))
  (global $h (mut i64) (i64.const 7))
  (global $k i32 (i32.const 1000))
  (func $bump (param i32) (global.set $g (i32.add (global.get $g) (local.get 0))))
  (func (export "gif") (param i32) (result i32)
    (i32.add (global.get $g)
      (if (result i32) (local.get 0)
        (then (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
        (else (call $bump (i32.const 5)) (i32.mul (global.get $g) (global.get $k))))))
  (func (export "gloop") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.add (global.get $g) (global.get $k))))
      (global.set $g (i32.add (global.get $g) (i32.const 3)))
      (if (i32.eq (local.get 0) (i32.const 2)) (then (call $bump (i32.const 100))))
      (if (i32.gt_u (local.get 1) (i32.const 100000)) (then (call $bump (i32.const 1)) (return (global.get $g))))
      (global.set $g (local.get 1))
      (global.set $g (i32.xor (global.get $g) (local.get 0)))
      (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (i32.add (local.get 1) (global.get $g)))
  (func (export "ghaz") (param i32) (result i32)
    global.get $g
    global.get $g
    i32.const 1
    i32.add
    global.set $g
    global.get $g
    local.get 0
    global.set $g
    global.get $g
    i32.sub
    i32.add
    global.get $g
    local.set 0
    global.get $g
    local.get 0
    i32.add
    i32.add)
  (func (export "gblock") (param i32) (result i64)
    (i64.add (global.get $h)
      (block $b (result i64)
        (global.set $h (i64.mul (global.get $h) (i64.const 3)))
        (drop (br_if $b (global.get $h) (local.get 0)))
        (global.set $h (i64.add (global.get $h) (i64.const 1)))
        (global.get $h))))
  (func (export "gtable") (param i32) (result i32) (local i32)
    (local.set 1 (global.get $g))
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (global.set $g (i32.const 5)))
      (drop (global.get $g))
      (call $bump (i32.const 2)))
    (i32.add (local.get 1) (i32.mul (global.get $g) (global.get $g))))
;; f64 operations reading memory (the _m forms): the load as the first
  ;; operand of add/mul with a local second (swapped), its address computed in
  ;; place; a load at a constant address inside a loop (through the pool's
  ;; slot of 0) and outside one; a constant address out of bounds
  (func (export "fmem") (param i32 f64) (result f64) (local f64 i32)
    (local.set 3 (i32.const 64))
    (loop $init ;; f64 values 0.25 + 1.5 i at 8 i, i < 64
      (local.set 3 (i32.add (local.get 3) (i32.const -1)))
      (f64.store (i32.shl (local.get 3) (i32.const 3))
        (f64.add (f64.const 0.25) (f64.mul (f64.convert_i32_s (local.get 3)) (f64.const 1.5))))
      (br_if $init (local.get 3)))
    (f64.store (i32.const 1008) (f64.const 3.75))
    (local.set 3 (local.get 0))
    (loop $l
      (local.set 2 (f64.add (f64.mul (f64.load (i32.mul (local.get 3) (i32.const 8))) (local.get 1)) (local.get 2)))
      (local.set 2 (f64.add (f64.load offset=16 (local.get 3)) (local.get 2)))
      (local.set 2 (f64.sub (local.get 2) (f64.load offset=8 (i32.const 1000))))
      (local.set 2 (f64.mul (f64.load (i32.const 24)) (local.get 2)))
      (local.set 1 (f64.add (local.get 1) (f64.load (i32.add (local.get 0) (i32.const 65520)))))
      (br_if $l (i32.gt_s (local.tee 3 (i32.add (local.get 3) (i32.const -1))) (i32.const 0))))
    (f64.add (f64.add (local.get 2) (local.get 1)) (f64.load (i32.const 8))))
  (func (export "fmemk") (param i32) (result f64) (local f64)
    (loop $l
      (local.set 1 (f64.add (local.get 1) (f64.load (i32.const 65528))))
      (local.set 1 (f64.sub (local.get 1) (f64.load offset=65530 (i32.const 0))))
      (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (local.get 1))
  (func (export "gloop2") (param i32) (result i32) (local i32)
    (loop $l
      ;; a read of the old value pending below the set, inside a loop
      global.get $g  global.get $g  i32.const 1  i32.add  global.set $g
      global.get $g  i32.add  local.get 1
      i32.add
      local.set 1
      (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (i32.add (local.get 1) (global.get $g)))
  ;; declared locals: level 1 leaves those assigned before every read unzeroed;
  ;; the others must still read 0. $dirty first fills the stack slots that the
  ;; next callee's frame reuses with non-zero values.
  (func $dirty (param i32) (result i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (i64.const -1)) (local.set 2 (i64.const -1)) (local.set 3 (i64.const -1)) (local.set 4 (i64.const -1))
    (local.set 5 (i64.const -1)) (local.set 6 (i64.const -1)) (local.set 7 (i64.const -1)) (local.set 8 (i64.const -1))
    (local.set 9 (i64.const -1)) (local.set 10 (i64.const -1))
    (i32.wrap_i64 (i64.add (i64.add (local.get 1) (local.get 5)) (i64.add (local.get 9) (local.get 10)))))
  (func $maybe (param i32) (result i64) (local i64 i64 i64 i32 i64 i64)
    ;; 1: set on one arm only; 2: on both arms; 3: after a br_if out of its block
    (if (local.get 0) (then (local.set 1 (i64.const 5))))
    (if (i32.and (local.get 0) (i32.const 2)) (then (local.set 2 (i64.const 7))) (else (local.set 2 (i64.const 9))))
    (block $b (br_if $b (i32.gt_u (local.get 0) (i32.const 3))) (local.set 3 (i64.const 11)))
    ;; 4: read in a loop before it is set (0 on the first iteration); 5: set before it is read
    (loop $l
      (local.set 5 (i64.add (local.get 5) (i64.extend_i32_u (local.get 4))))
      (local.set 4 (i32.add (local.get 4) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 4) (i32.const 3))))
    ;; 6: assigned before a block, read inside it after a branch
    (local.set 6 (i64.const 100))
    (block $c (br_if $c (local.get 0)) (local.set 1 (i64.add (local.get 1) (local.get 6))))
    (i64.add (i64.add (local.get 1) (local.get 2)) (i64.add (i64.add (local.get 3) (local.get 5)) (local.get 6))))
  (func $maybet (param i32) (result i32) (local i32 i32 i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (local.set 1 (i32.const 3)) (local.set 2 (i32.const 4)))
      (local.set 2 (i32.const 6)))
    (local.set 3 (i32.mul (local.get 2) (i32.const 10)))
    (i32.add (local.get 1) (local.get 3)))
  (func (export "unset") (param i32) (result i64) (drop (call $dirty (local.get 0))) (call $maybe (local.get 0)))
  (func (export "unsett") (param i32) (result i32) (drop (call $dirty (local.get 0))) (call $maybet (local.get 0)))
)`;

const CALLS = [
  ['ldx', [[0, 0], [4, 3], [0xfffffff0, 4], [-4, 0], [0x10, 0x3ffffffc], [65532, 0], [65520, 3], [65536, 0], [0, 0x4000]]],
  ['ldx_rev', [[0, 0], [1, 2], [65535, 0], [65536, 0], [0xfffffff8, 1], [0, 0x20000000]]],
  ['ldadd', [[0, 0], [8, 8], [65520, 0], [65527, 1], [-8, 0], [0x80000000, 0x80000000]]],
  ['ldtemps', [[0, 0], [5, 3], [21845, 0], [21845, 1], [0x55555556, 0]]],
  ['addshl', [[1, 1], [0xffffffff, 0x20000000], [7, -1]]],
  ['tee', [[0, 4], [65532, 0], [65533, 0], [-4, 8]]],
  ['loop', [[1], [7], [100]]],
  ['tbl', [[0, 5], [1, 5], [2, 5], [3, 5], [-1, 0]]],
  ['axpy', [[4, 1.5], [1, -2]]],
  ['pool', [[0, 0n], [3, 0x123456787n], [42, 5n], [7, -1n]]],
  ['pool2', [[0n, 2], [6000000000n, 0], [-1n, 5]]],
  ['pend', [[1, 2], [5, 0], [-3, 7]]],
  ['pendloop', [[0], [9], [20]]],
  ['brval', [[0, 4], [2, 3], [-1, 5]]],
  ['gif', [[0], [1], [1], [0]]],
  ['gloop', [[1], [5], [40], [3]]],
  ['ghaz', [[3], [-7]]],
  ['gblock', [[0], [1], [0]]],
  ['gtable', [[0], [1], [2], [3]]],
  ['gloop2', [[1], [4]]],
  ['fmem', [[1, 0.5], [3, -2], [5, 1.25], [8192, 1], [-8, 1], [40, 0.125]]],
  ['fmemk', [[1], [2]]],
  ['unset', [[0], [1], [2], [3], [4], [7]]],
  ['unsett', [[0], [1], [2], [5]]],
];

if (!fs.existsSync(runtimeJs)) {
  // a missing build is an error, not a pass (npm test builds first)
  test('fast-opt: the runtime is built', () => { assert.unreachable(`${runtimeJs} is missing: run npm run build`); });
} else {
  const { Runtime } = await import(pathToFileURL(runtimeJs).href);
  const { Wasi } = await import(pathToFileURL(path.join(root, 'dist/platforms/node/wasi.js')).href);
  const wabt = await wabtInit();
  const bytes = wabt.parseWat('opt.wat', WAT, {}).toBinary({}).buffer;
  const outcome = (f, args) => {
    try { return { value: f(...args) }; } catch (e) { return { trap: e.reason ?? e.message }; }
  };
  const show = (x) => JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? `${v}n` : v));

  test('translateOpt: clamped to the highest level (1); the classic interpreter ignores it; a bad level is refused', async () => {
    assert.is((await Runtime.create({ interpreter: 'fast', translateOpt: 7 })).options.translateOpt, 1);
    assert.is((await Runtime.create({ interpreter: 'fast' })).options.translateOpt, 0);
    assert.is((await Runtime.create({ interpreter: 'classic', translateOpt: 1 })).options.interpreter, 'classic');
    let err;
    try { await Runtime.create({ interpreter: 'fast', translateOpt: -1 }); } catch (e) { err = e; }
    assert.instance(err, RangeError);
  });

  for (const core of ['wasm', 'js']) {
    test(`level-1 fusions agree with V8 and the classic interpreter, traps included (core ${core})`, async () => {
      // (a fresh instance each: the global-cache cases change the module's globals)
      const ref = (await WebAssembly.instantiate(bytes)).instance.exports;
      const classic = await Runtime.create({ interpreter: 'classic', core });
      const ci = classic.instantiate(classic.load(bytes));
      const levels = [];
      for (const translateOpt of [0, 1]) {
        const rt = await Runtime.create({ interpreter: 'fast', core, translateOpt });
        const mod = rt.load(bytes);
        levels.push({ translateOpt, inst: rt.instantiate(mod), size: mod.codeSize().translated });
      }
      for (const [name, argSets] of CALLS) {
        for (const args of argSets) {
          const want = outcome(ref[name], args);
          const c = outcome((...a) => ci.call(name, ...a), args);
          assert.is('trap' in c, 'trap' in want, `classic ${name}(${args}) traps as V8: ${show(c)} ${show(want)}`);
          if (!('trap' in want)) assert.is(show(c.value), show(want.value), `classic ${name}(${args})`);
          for (const l of levels) {
            const got = outcome((...a) => l.inst.call(name, ...a), args);
            assert.is(show(got), show(c), `fast level ${l.translateOpt} ${name}(${args}): ${show(got)} != ${show(c)}`);
          }
        }
      }
      // the fusions make the code smaller
      assert.ok(levels[1].size < levels[0].size, `code ${levels[1].size} B at level 1, ${levels[0].size} B at level 0`);
    });
  }

  const { PROGRAMS } = await import(pathToFileURL(path.join(root, 'bench/programs.mjs')).href);
  const { optimizeWasm } = await import(pathToFileURL(path.join(root, 'dist/aot/compile-bytecode.js')).href);
  const { loadBinaryen } = await import(pathToFileURL(path.join(root, 'dist/aot/compile.js')).href);
  const binaryen = await loadBinaryen();
  const runProgram = async (wasm, argv, options) => {
    const rt = await Runtime.create(options);
    const out = [];
    const wasi = new Wasi({ args: argv, env: {}, preopens: {}, stdin: '', returnOnExit: true, stdout: (b) => out.push(Buffer.from(b)), stderr: (b) => out.push(Buffer.from(b)) });
    const inst = rt.instantiate(rt.load(wasm), { wasi_snapshot_preview1: wasi.imports });
    wasi.bindMemory(() => inst.memory.buffer());
    const status = wasi.start(() => inst.exports._start.call());
    return { status, out: Buffer.concat(out).toString('utf8') };
  };
  for (const p of PROGRAMS) {
    test(`bench/${p.name} ${p.tiny}: classic = fast level 0 = fast level 1, as built and after Binaryen`, async () => {
      const raw = fs.readFileSync(p.wasm);
      const opt = optimizeWasm(binaryen, raw, 3, 0);
      const argv = [p.name, String(p.tiny)];
      const want = await runProgram(raw, argv, { interpreter: 'classic' });
      assert.is(want.status, 0);
      assert.ok(want.out.length > 0);
      for (const [label, wasm, translateOpt] of [['level 0', raw, 0], ['level 1', raw, 1], ['Binaryen, level 0', opt, 0], ['Binaryen, level 1', opt, 1]]) {
        const got = await runProgram(wasm, argv, { interpreter: 'fast', translateOpt });
        assert.is(got.out, want.out, `${label}: output`);
        assert.is(got.status, want.status, `${label}: exit status`);
      }
    });
  }
}

test.run();
