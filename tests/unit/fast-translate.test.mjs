// The fast interpreter's translator on its tricky cases (interp-fast/assembly/translate.ts):
// pending local.get references overwritten by local.set/local.tee ("hazards"),
// retargeted destinations, br_table carrying values, multi-value blocks,
// loops with parameters, if/else with parameters, fused compare-and-branch
// (inverted for `if`), returns of several values. Each function runs on
// the fast (at translation levels 0 and 1) and the classic interpreter and
// on V8 (the reference) with the same arguments; results must agree.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runtimeJs = path.join(root, 'dist/core/runtime.js');

const WAT = String.raw`
(module
  (type $ii_ii (func (param i32 i32) (result i32 i32)))
  (type $ii_i (func (param i32 i32) (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $sq $neg)
  (func $sq (type $i_i) (i32.mul (local.get 0) (local.get 0)))
  (func $neg (type $i_i) (i32.sub (i32.const 0) (local.get 0)))

  ;; a pending reference to local 0 below a local.set 0
  (func (export "set_hazard") (param i32) (result i32)
    local.get 0
    local.get 0 i32.const 1 i32.add local.set 0
    local.get 0
    i32.add)
  ;; local.tee over a pending reference, then the teed value used twice
  (func (export "tee_hazard") (param i32) (result i32)
    local.get 0
    i32.const 5 local.tee 0
    i32.add
    local.get 0
    i32.mul)
  ;; the same local pending twice, overwritten by a retargeted result
  (func (export "set_twice") (param i32 i32) (result i32)
    local.get 0 local.get 0
    local.get 1 local.get 1 i32.mul local.set 0
    i32.sub
    local.get 0 i32.add)
  ;; a hazard inside a block that may be left early: the entry is saved at block entry
  (func (export "block_hazard") (param i32 i32) (result i32)
    local.get 0
    block
      local.get 1 br_if 0
      i32.const 9 local.set 0
    end
    local.get 0
    i32.add)
  ;; a loop body overwriting a local pending below the loop
  (func (export "loop_hazard") (param i32) (result i32) (local i32)
    local.get 0
    loop
      local.get 0 i32.const 1 i32.sub local.tee 0
      local.get 1 i32.add local.set 1
      local.get 0 br_if 0
    end
    local.get 1
    i32.add)
  ;; retargeted destinations: tee then get of the same local
  (func (export "retarget") (param i32 i32) (result i32) (local i32)
    local.get 0 local.get 1 i32.add local.tee 2
    local.get 2 i32.mul
    local.get 2 i32.sub)
  ;; br_table carrying a value to three labels, each adding its own constant
  (func (export "br_table_values") (param i32 i32) (result i32)
    block (result i32)
      block (result i32)
        block (result i32)
          local.get 1
          local.get 0
          br_table 0 1 2 3
        end
        i32.const 100 i32.add
      end
      i32.const 10 i32.add
    end
    i32.const 1 i32.add)
  ;; br_table to a loop with a parameter, and out of it to a block
  (func (export "br_table_loop") (param i32) (result i32)
    (local $acc i32)
    block (result i32)
      local.get 0
      loop (param i32) (result i32)
        local.tee 0
        local.get $acc i32.add local.set $acc
        local.get 0 i32.const 1 i32.sub
        local.get 0 i32.const 3 i32.lt_u
        br_table 0 1
      end
    end
    local.get $acc i32.add)
  ;; a multi-value block swapping its parameters
  (func (export "mv_block") (type $ii_ii)
    local.get 0 local.get 1
    block (type $ii_ii)
      local.set 0 local.set 1
      local.get 0 local.get 1
    end)
  ;; multi-value return of swapped locals (sources overlap destinations)
  (func (export "mv_return") (type $ii_ii)
    local.get 1 local.get 0 return)
  ;; a loop with two parameters: sum and count down
  (func (export "loop_params") (param i32) (result i32)
    i32.const 0 local.get 0
    loop (param i32 i32) (result i32)
      local.tee 0
      i32.add
      local.get 0 i32.const 1 i32.sub
      local.get 0 i32.const 1 i32.gt_s
      br_if 0
      drop
    end)
  ;; if with parameters and an else arm; the condition is an unsigned comparison (fused, inverted)
  (func (export "if_params") (param i32 i32) (result i32)
    local.get 0 local.get 1
    local.get 0 local.get 1 i32.lt_u
    if (param i32 i32) (result i32)
      i32.sub
    else
      i32.mul
    end)
  ;; br_if carrying values out of nested blocks, the values being pending locals and constants
  (func (export "br_if_values") (param i32 i32) (result i32 i32)
    block (result i32 i32)
      local.get 1 i32.const 7
      local.get 0 i32.eqz br_if 0
      drop drop
      local.get 0 local.get 1
    end)
  ;; br to the function label from inside a block, with a value
  (func (export "br_func") (param i32) (result i32)
    block
      local.get 0 i32.const 10 i32.ge_s
      if local.get 0 i32.const 2 i32.mul br 2 end
    end
    i32.const -1)
  ;; select with constant operands, comparison with the constant first (swapped)
  (func (export "select_const") (param i32) (result i32)
    i32.const 11 i32.const 22 i32.const 5 local.get 0 i32.lt_s select)
  ;; call_indirect with a computed index, arguments from pending locals
  (func (export "indirect") (param i32 i32) (result i32)
    local.get 1 local.get 0 call_indirect (type $i_i))
  ;; i64 and f64 values through blocks and copies
  (func (export "mixed") (param i64 f64) (result f64)
    block (result f64)
      local.get 1
      local.get 0 i64.eqz br_if 0
      f64.const 0.5 f64.add
    end
    local.get 0 f64.convert_i64_s f64.mul)
  ;; unreachable code after br with leftover stack
  (func (export "dead_code") (param i32) (result i32)
    block (result i32)
      local.get 0
      br 0
      i32.const 1 i32.add drop
      i32.const 5
    end)
  ;; stores and loads with the offset, on an address computed with an immediate
  (memory 1)
  (func (export "mem") (param i32 i32) (result i32)
    local.get 0 i32.const 4 i32.add local.get 1 i32.store offset=8
    local.get 0 i32.load offset=12
    local.get 0 i32.load8_u offset=13 i32.add)
  ;; loads of (x - k) and (x + k) folded into one instruction: the sum wraps at 2^32 before the offset
  (func (export "mem_ai") (param i32) (result i32)
    i32.const 16 i32.const 0x11223344 i32.store
    local.get 0 i32.const 8 i32.sub i32.load offset=4
    local.get 0 i32.const -4 i32.add i32.load8_u offset=2 i32.add
    local.get 0 i32.const -16 i32.add i32.load16_u offset=2 i32.add)
)`;

const CALLS = [
  ['set_hazard', [[5], [-1], [0x7fffffff]]],
  ['tee_hazard', [[3], [0]]],
  ['set_twice', [[3, 4], [10, -2]]],
  ['block_hazard', [[3, 0], [3, 1]]],
  ['loop_hazard', [[4], [1]]],
  ['retarget', [[2, 3], [-7, 7]]],
  ['br_table_values', [[0, 5], [1, 5], [2, 5], [3, 5], [-1, 5]]],
  ['br_table_loop', [[5], [2], [10]]],
  ['mv_block', [[1, 2]]],
  ['mv_return', [[1, 2]]],
  ['loop_params', [[1], [5], [100]]],
  ['if_params', [[2, 9], [9, 2], [-1, 2]]],
  ['br_if_values', [[0, 4], [3, 4]]],
  ['br_func', [[3], [12]]],
  ['select_const', [[4], [5], [6]]],
  ['indirect', [[0, 7], [1, 7]]],
  ['mixed', [[0n, 1.5], [3n, 1.5], [-2n, 0.25]]],
  ['dead_code', [[4]]],
  ['mem', [[0, 0x01020304], [100, -1]]],
  ['mem_ai', [[20], [18]]],
];

const same = (a, b) => JSON.stringify(a, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(b, (k, v) => (typeof v === 'bigint' ? `${v}n` : v));

if (!fs.existsSync(runtimeJs)) {
  // a missing build is an error, not a pass (npm test builds first)
  test('fast-translate: the runtime is built', () => { assert.unreachable(`${runtimeJs} is missing: run npm run build`); });
} else {
  const { Runtime } = await import(runtimeJs);
  const wabt = await wabtInit();
  const bytes = wabt.parseWat('t.wat', WAT, { multi_value: true, reference_types: true, bulk_memory: true }).toBinary({}).buffer;
  const ref = (await WebAssembly.instantiate(bytes)).instance.exports;
  for (const [core, translateOpt] of [['wasm', 0], ['js', 0], ['wasm', 1], ['js', 1]]) {
    test(`translator cases agree with V8 and the classic interpreter (core ${core}, translation level ${translateOpt})`, async () => {
      const fast = (await Runtime.create({ interpreter: 'fast', core, translateOpt })).load(bytes);
      const classic = (await Runtime.create({ interpreter: 'classic', core })).load(bytes);
      const fi = fast.runtime.instantiate(fast);
      const ci = classic.runtime.instantiate(classic);
      for (const [name, argSets] of CALLS) {
        for (const args of argSets) {
          const want = ref[name](...args);
          const got = fi.call(name, ...args);
          assert.ok(same(got, want), `fast ${name}(${args}): ${got} != ${want}`);
          assert.ok(same(ci.call(name, ...args), want), `classic ${name}(${args})`);
        }
      }
    });
  }

  test('traps, backtraces and call stack exhaustion match the classic interpreter', async () => {
    const wat = String.raw`(module
      (func $deep (export "deep") (param i32) (result i32) (i32.add (call $deep (local.get 0)) (i32.const 1)))
      (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func $mid (export "mid") (param i32) (result i32) (call $inner (local.get 0)))
      (table 1 funcref)
      (func (export "ind") (param i32) (result i32) (call_indirect (param i32) (result i32) (local.get 0) (local.get 0)))
      (memory 1)
      (func (export "oob") (param i32) (result i32) (i32.load offset=4 (local.get 0))))`;
    const b = wabt.parseWat('t2.wat', wat, {}).toBinary({ write_debug_names: true }).buffer;
    const outcome = async (interpreter) => {
      const rt = await Runtime.create({ interpreter, stackSize: 64 << 10 });
      const i = rt.instantiate(rt.load(b));
      const out = [];
      for (const [f, a] of [['deep', 1], ['mid', 0], ['mid', 2], ['ind', 0], ['ind', 5], ['oob', 65532], ['oob', 65528]]) {
        try { out.push(['ok', i.call(f, a)]); } catch (e) { out.push([e.kind, e.reason, e.backtrace.slice(0, 3)]); }
      }
      return out;
    };
    const f = await outcome('fast');
    const c = await outcome('classic');
    assert.equal(f, c);
    assert.equal(f[0].slice(0, 2), ['exhaustion', 'call stack exhausted']);
    assert.equal(f[1], ['trap', 'integer divide by zero', ['inner', 'mid']]);
  });

  test('re-entrancy: host -> wasm -> host -> wasm on the fast interpreter', async () => {
    const wat = String.raw`(module
      (import "env" "cb" (func $cb (param i32) (result i32)))
      (func (export "f") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1000))
          (else (i32.add (local.get 0) (call $cb (i32.sub (local.get 0) (i32.const 1))))))))`;
    const b = wabt.parseWat('t3.wat', wat, {}).toBinary({}).buffer;
    const rt = await Runtime.create({ interpreter: 'fast' });
    let inst;
    inst = rt.instantiate(rt.load(b), { env: { cb: (x) => inst.call('f', x) * 2 } });
    // f(3) = 3 + 2 f(2) = 3 + 2 (2 + 2 (1 + 2 * 1000))
    assert.is(inst.call('f', 3), 3 + 2 * (2 + 2 * (1 + 2 * 1000)));
  });

  test('translated code size is reported and below 3x the bytecode', async () => {
    const rt = await Runtime.create({ interpreter: 'fast' });
    for (const f of ['examples/c/compute.wasm', 'examples/as/sieve.wasm', 'examples/as/mandelbrot.wasm']) {
      const s = rt.load(fs.readFileSync(path.join(root, f))).codeSize();
      assert.ok(s.translated > 0 && s.translated < 3 * s.bytecode, `${f}: ${JSON.stringify(s)}`);
    }
    const c = await Runtime.create({ interpreter: 'classic' });
    assert.is(c.load(fs.readFileSync(path.join(root, 'examples/as/sieve.wasm'))).codeSize().translated, 0);
  });
}

test.run();
