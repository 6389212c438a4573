// Instruction metering in the aot-js target: AotRuntime.setFuel / fuel, charged
// at function entry and loop headers; runaway loops and recursion trap with
// "instruction limit exceeded", as in the interpreters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import wabtInit from 'wabt';
import { ROOT } from './examples-lib.mjs';

const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { Trap } = await import(path.join(ROOT, 'dist/core/runtime.js'));

const wabt = await wabtInit();
const wat2wasm = (src) => wabt.parseWat('t.wat', src).toBinary({}).buffer;
const b = await loadBinaryen();

const M = wat2wasm(`(module
  (func (export "spin") (loop br 0))
  (func $rec (export "rec") (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "sum") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1)))`);

const isFuelTrap = (e) => e instanceof Trap && e.reason === 'instruction limit exceeded';

for (const i64 of ['bigint', 'pairs']) for (const optLevel of [0, 3]) {
  const label = `--i64=${i64} -O${optLevel}`;
  const load = () => { const rt = new AotRuntime(); const inst = rt.instantiate(rt.load(compileWasm(b, M, { optLevel, i64 }).aot)); return { rt, inst }; };

  test(`unlimited by default; a finite loop finishes and the budget decreases (${label})`, () => {
    const { rt, inst } = load();
    assert.is(rt.fuel, Infinity);
    assert.is(inst.call('sum', 100), 5050);
    rt.setFuel(100000);
    assert.is(inst.call('sum', 100), 5050);
    const left = rt.fuel;
    // 100 iterations of a loop body of several instructions each
    assert.ok(left < 100000 - 100 * 3 && left > 100000 - 100 * 40, `fuel left ${left}`);
    assert.is(inst.call('sum', 10), 55);
    assert.ok(rt.fuel < left, 'budget decreases across calls');
    rt.setFuel(undefined);
    assert.is(rt.fuel, Infinity);
  });

  test(`a runaway loop and runaway recursion trap (${label})`, () => {
    const { rt, inst } = load();
    rt.setFuel(50000);
    try { inst.call('spin'); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e), String(e)); }
    assert.is(rt.fuel, 0);
    rt.setFuel(5000);
    try { inst.call('rec', 0); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e), String(e)); }
    // too small a budget for even a short loop
    rt.setFuel(10);
    try { inst.call('sum', 100); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e), String(e)); }
    rt.setFuel(undefined);
    assert.is(inst.call('sum', 4), 10);
  });
}

test('budgets are per runtime: code of one runtime does not use another runtime\'s fuel', () => {
  const aot = compileWasm(b, M, { optLevel: 3 }).aot;
  const a = new AotRuntime(), c = new AotRuntime();
  const ia = a.instantiate(a.load(aot));
  const ic = c.instantiate(c.load(aot));
  a.setFuel(100000);
  c.setFuel(30);
  assert.is(ia.call('sum', 100), 5050);
  const left = a.fuel;
  try { ic.call('sum', 100); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e)); }
  assert.is(a.fuel, left);
  assert.is(ia.call('sum', 1), 1);
});

test.run();
