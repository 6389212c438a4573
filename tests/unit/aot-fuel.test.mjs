// Instruction metering in the aot-js target: AotRuntime.setFuel / fuel, charged
// at function entry and loop headers; runaway loops and recursion trap with
// "instruction limit exceeded", as in the interpreters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import fs from 'node:fs';
import wabtInit from 'wabt';
import { ROOT } from './examples-lib.mjs';

const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen, optimize } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const fmt = await import(path.join(ROOT, 'dist/aot/format.js'));
const { Trap } = await import(path.join(ROOT, 'dist/core/runtime.js'));

const wabt = await wabtInit();
const wat2wasm = (src) => wabt.parseWat('t.wat', src).toBinary({}).buffer;
const b = await loadBinaryen();

/** A function body: the sum n + ... + 1 of its parameter n by a loop, `extra` run in each iteration. */
const sumBody = (extra = '') => `(block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      ${extra}
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1)`;
const M = wat2wasm(`(module
  (func (export "spin") (loop br 0))
  (func $rec (export "rec") (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "sum") (param i32) (result i32) (local i32)
    ${sumBody()}))`);

const isFuelTrap = (e) => e instanceof Trap && e.reason === 'instruction limit exceeded';

for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) for (const optLevel of [0, 3]) {
  const label = `--i64=${i64} --js-flavor=${flavor} -O${optLevel}`;
  const load = () => { const rt = new AotRuntime(); const inst = rt.instantiate(rt.load(compileWasm(b, M, { optLevel, i64, flavor }).aot)); return { rt, inst }; };

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

// Exponential recursion, direct and through the table: each call's body is charged (a caller
// charges its callees' entry instructions), so a budget stops 2^40 calls quickly.
const R = wat2wasm(`(module
  (type $t (func (param i32) (result i32)))
  (table 1 funcref) (elem (i32.const 0) $ind)
  (func $dir (export "dir") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (i32.add (call $dir (i32.sub (local.get 0) (i32.const 1))) (call $dir (i32.sub (local.get 0) (i32.const 1)))))))
  (func $ind (export "ind") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (i32.add (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))
                     (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))))`);

for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) for (const optLevel of [0, 3]) {
  const label = `--i64=${i64} --js-flavor=${flavor} -O${optLevel}`;
  test(`exponential recursion, direct and through the table, is bounded by the budget (${label})`, () => {
    const rt = new AotRuntime();
    const inst = rt.instantiate(rt.load(compileWasm(b, R, { optLevel, i64, flavor }).aot));
    for (const name of ['dir', 'ind']) {
      const spent = (n) => { rt.setFuel(1e7); assert.is(inst.call(name, n), 2 ** n); return 1e7 - rt.fuel; };
      // 2^(n+1) - 1 calls: the charge grows with the calls made
      const s8 = spent(8), s10 = spent(10);
      assert.ok(s8 >= 511 && s10 > 3.5 * s8, `${name}: fuel for 2^9 - 1 calls ${s8}, for 2^11 - 1 calls ${s10}`);
      rt.setFuel(100000);
      try { inst.call(name, 40); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e), String(e)); }
      rt.setFuel(undefined);
    }
  });
}

// A loop whose body calls an import: after each import call the asm.js flavor's fuel chunk is
// empty, so every iteration's header charge takes the slow path (the refill, outside the loop,
// then the loop entered again): the budget must still be charged exactly once per iteration.
const I = wat2wasm(`(module
  (import "env" "tick" (func $tick (param i32)))
  (func (export "ticks") (param i32) (result i32) (local i32)
    ${sumBody('(call $tick (local.get 0))')})
  (func (export "sums") (param i32) (result i32) (local i32)
    ${sumBody()}))`);

for (const [i64, flavor] of [['pairs', 'plain'], ['pairs', 'asmjs']]) for (const optLevel of [0, 3]) {
  test(`a loop's charge is exact when its refill runs every iteration: the smallest budget that finishes is the fuel spent (--js-flavor=${flavor} -O${optLevel})`, () => {
    const rt = new AotRuntime();
    let ticks = 0;
    const inst = rt.instantiate(rt.load(compileWasm(b, I, { optLevel, i64, flavor }).aot), { env: { tick: () => { ticks++; } } });
    const spent = (n, f = 'ticks') => { rt.setFuel(1e6); ticks = 0; assert.is(inst.call(f, n), n * (n + 1) / 2); assert.is(ticks, f === 'ticks' ? n : 0); return 1e6 - rt.fuel; };
    const s20 = spent(20), s30 = spent(30);
    const per = (s30 - s20) / 10;
    assert.is(spent(40), s30 + 10 * per);
    // the same loop without the call (its chunk refilled once) costs the call's instructions less:
    // a loop entered again after its refill is not charged twice
    const without = (spent(30, 'sums') - spent(20, 'sums')) / 10;
    assert.ok(per - without >= 1 && per - without <= 2, `fuel per iteration ${per}, without the call ${without}`);
    rt.setFuel(s30);
    ticks = 0;
    assert.is(inst.call('ticks', 30), 465);
    assert.is(rt.fuel, 0);
    rt.setFuel(s30 - 1);
    ticks = 0;
    try { inst.call('ticks', 30); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e), String(e)); }
    // the trap came at the last iteration's charge (or after it), not before the 30th call
    assert.ok(ticks >= 29 && ticks <= 30, `calls before the trap ${ticks}`);
    rt.setFuel(undefined);
  });
}

/** The bodies of the innermost `while (1) { ... }` loops of generated code (braces matched). */
const innermostLoops = (src) => {
  const bodies = [];
  for (let at = src.indexOf('while (1) {'); at >= 0; at = src.indexOf('while (1) {', at + 1)) {
    let depth = 0, k = at + 'while (1) '.length;
    for (; k < src.length; k++) { if (src[k] === '{') depth++; else if (src[k] === '}' && --depth === 0) break; }
    const body = src.slice(at + 'while (1) {'.length, k);
    if (!body.includes('while (1)')) bodies.push(body);
  }
  return bodies;
};

test('asm.js flavor: a loop\'s fuel refill is outside it; an innermost loop without calls in the module has none in its code', () => {
  const src = (wasm) => fmt.readAot(compileWasm(b, wasm, { optLevel: 3, flavor: 'asmjs' }).aot).code.asmSource;
  const sum = innermostLoops(src(M));
  assert.ok(sum.length >= 2, 'spin and sum');
  // calls in the body other than asm.js's own math (imul, fround, ...), which V8 compiles inline
  for (const body of sum) assert.not.match(body, /(?<![\w$])(?!imul\(|fround\(|clz32\(|abs\(|floor\(|ceil\(|sqrt\()[A-Za-z_$][\w$]*\(/);
  // a real program: no innermost loop refills inside itself
  const crc = innermostLoops(src(fs.readFileSync(path.join(ROOT, 'bench/programs/crc32.wasm'))));
  assert.ok(crc.length > 10);
  for (const body of crc) assert.not.ok(body.includes('$refill('), body.slice(0, 300));
});

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

// Call depth: metered code counts the calls of non-leaf functions (AotRuntimeOptions.maxCallDepth).
const D = wat2wasm(`(module
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
  (func $forever (export "forever") (param i32) (result i32) (i32.add (call $forever (local.get 0)) (i32.const 1)))
  (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "leafy") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (call $leaf (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))
  (func (export "inlined") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.mul (local.get 0) (i32.const 3))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1)))`);
const isDepthTrap = (e) => e instanceof Trap && e.kind === 'exhaustion' && e.reason === 'call stack exhausted';

for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) for (const optLevel of [0, 3]) {
  const label = `--i64=${i64} --js-flavor=${flavor} -O${optLevel}`;
  test(`maxCallDepth: recursion deeper than the limit traps as stack exhaustion, shallower runs; the count is reset after a trap (${label})`, () => {
    const rt = new AotRuntime({ maxCallDepth: 100 });
    const inst = rt.instantiate(rt.load(compileWasm(b, D, { optLevel, i64, flavor }).aot));
    // The depth is counted in the optimized module's calls: at -O3 recursive inlining (compile.ts
    // optimize) makes `down` recurse once per two levels, so its limit is reached deeper.
    const per = optLevel >= 2 ? 2 : 1;
    assert.is(inst.call('down', 90), 90);
    try { inst.call('down', 150 * per); assert.unreachable(); } catch (e) { assert.ok(isDepthTrap(e), String(e)); }
    try { inst.call('forever', 1); assert.unreachable(); } catch (e) { assert.ok(isDepthTrap(e), String(e)); }
    // the trap left no calls taken: the full depth is available again
    assert.is(inst.call('down', 99 * per), 99 * per);
    // exported function entered from the host counts as one call
    try { inst.call('down', 100 * per); assert.unreachable(); } catch (e) { assert.ok(isDepthTrap(e), String(e)); }
  });

  test(`without a limit, runaway recursion ends in the same trap (the JS stack), not a host crash (${label})`, () => {
    const rt = new AotRuntime();
    const inst = rt.instantiate(rt.load(compileWasm(b, D, { optLevel, i64, flavor }).aot));
    try { inst.call('forever', 1); assert.unreachable(); } catch (e) { assert.ok(isDepthTrap(e), String(e)); }
    assert.is(inst.call('down', 1000), 1000);
  });
}

test('leaf functions are charged at their call sites; code compiled without metering has no fuel or depth code', () => {
  const metered = compileWasm(b, D, { optLevel: 0 }).aot;
  const rt = new AotRuntime({ maxCallDepth: 50 });
  const inst = rt.instantiate(rt.load(metered));
  // fuel per loop iteration: the cost of 20 iterations minus that of 10, over 10
  const perIteration = (name) => {
    const spent = (n) => { rt.setFuel(1e6); inst.call(name, n); return 1e6 - rt.fuel; };
    return (spent(20) - spent(10)) / 10;
  };
  assert.is(inst.call('leafy', 10), 165);
  // the loop's charge holds the leaf's three instructions (mul, local.get, const) as the inlined
  // loop's does, plus the call and its argument's local.get
  assert.is(perIteration('leafy'), perIteration('inlined') + 2);
  const plainFile = compileWasm(b, D, { optLevel: 0, metering: false }).aot;
  const plain = rt.load(plainFile);
  assert.is(plain.metered, false);
  assert.is(plain.depthCounted, false);
  assert.ok(rt.load(metered).metered && rt.load(metered).depthCounted);
  const pi = rt.instantiate(plain);
  rt.setFuel(10);
  assert.is(pi.call('leafy', 1000), 1501500);  // no fuel code: the budget is not enforced
  assert.is(pi.call('down', 500), 500);        // nor the depth limit
  rt.setFuel(undefined);
  // fuel without call-depth counting (compileWasm's callDepth: false)
  const fuelOnly = rt.load(compileWasm(b, D, { optLevel: 0, callDepth: false }).aot);
  assert.ok(fuelOnly.metered);
  assert.is(fuelOnly.depthCounted, false);
  const fi = rt.instantiate(fuelOnly);
  assert.is(fi.call('down', 500), 500);        // maxCallDepth 50 not enforced
  rt.setFuel(10);
  try { fi.call('leafy', 1000); assert.unreachable(); } catch (e) { assert.ok(isFuelTrap(e), String(e)); }
  rt.setFuel(undefined);
});

test('recursive inlining in the js target (-O2 and above, size level 0): fib makes half the calls; results, depth limit and fuel as before, on every flavor', () => {
  const src = wat2wasm(`(module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))`);
  // compile.ts optimize (both targets' Binaryen step): fib's two self-calls each inlined once
  const selfCalls = (optLevel, sizeLevel) => {
    const m = b.readBinary(src);
    try {
      optimize(b, m, optLevel, sizeLevel);
      const fib = b.getExportInfo(m.getExport('fib')).value; // (the module has no name section)
      return (b.emitText(b.getFunctionInfo(m.getFunction(fib)).body).match(new RegExp(`call \\$${fib}\\b`, 'g')) ?? []).length;
    } finally { m.dispose(); }
  };
  assert.is(selfCalls(1, 0), 2);
  assert.is(selfCalls(3, 0), 4);
  assert.is(selfCalls(3, 1), 2); // not when optimizing for size
  for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) {
    const rt = new AotRuntime({ maxCallDepth: 50 });
    const inst = rt.instantiate(rt.load(compileWasm(b, src, { optLevel: 3, i64, flavor }).aot));
    const label = `${i64} ${flavor}`;
    assert.equal([0, 1, 2, 10, 20].map((n) => inst.call('fib', n)), [0, 1, 1, 55, 6765], label);
    assert.is(inst.call('down', 20), 20, label);
    // the depth limit still holds, counted in the optimized module's frames (an inlined level is not one)
    try { inst.call('down', 1000); assert.unreachable(label); } catch (e) { assert.ok(e instanceof Trap && /call stack exhausted/.test(e.reason), `${label}: ${e}`); }
    rt.setFuel(1000);
    try { inst.call('fib', 30); assert.unreachable(label); } catch (e) { assert.ok(isFuelTrap(e), `${label}: ${e}`); }
    rt.setFuel(undefined);
    assert.is(inst.call('fib', 25), 75025, label);
  }
});

test.run();
