// .aot code shared by instances (evaluated once per code, state switched per
// instance), per-module function names in backtraces, and iwasm-ts
// --trusted-key (signed .aot files only).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import wabtInit from 'wabt';
import { ROOT, EXAMPLES, runIwasm, makeTempDir, removeTempDir } from './examples-lib.mjs';

const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { signer } = await import(path.join(ROOT, 'dist/aot/sign.js'));
const { Trap } = await import(path.join(ROOT, 'dist/core/runtime.js'));

const wabt = await wabtInit();
const wat2wasm = (src) => wabt.parseWat('t.wat', src).toBinary({ write_debug_names: true }).buffer;
const b = await loadBinaryen();
const tmp = makeTempDir('wamr-ts-aot-trust-');

// A counter with internal state (a non-exported global, memory) that calls out through an import.
const COUNTER = wat2wasm(`(module
  (import "host" "out" (func $out (param i32) (result i32)))
  (memory 1)
  (global $n (mut i32) (i32.const 0))
  (table 1 funcref) (elem (i32.const 0) $bump)
  (func $bump (export "bump") (param i32) (result i32)
    (global.set $n (i32.add (global.get $n) (local.get 0)))
    (i32.store (i32.const 16) (global.get $n))
    (global.get $n))
  (func (export "through") (param i32) (result i32) (call $out (local.get 0)))
  (func (export "indirect") (param i32) (result i32) (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
  (func (export "peek") (result i32) (i32.load (i32.const 16))))`);

for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) {
  test(`instances of one code keep their own state, also when they call each other (--i64=${i64} --js-flavor=${flavor})`, () => {
    const aot = compileWasm(b, COUNTER, { optLevel: 0, i64, flavor }).aot;
    const rt = new AotRuntime();
    const mod = rt.load(aot);
    let other;
    const a = rt.instantiate(mod, { host: { out: (x) => other.call('bump', x) } });
    const c = rt.instantiate(mod, { host: { out: (x) => a.call('bump', x * 100) } });
    other = c;
    assert.is(a.call('bump', 1), 1);
    assert.is(c.call('bump', 2), 2);
    assert.is(a.call('through', 5), 7); // a -> host -> c.bump(5)
    assert.is(a.call('bump', 1), 2); // a's global survived the trip through c
    assert.is(c.call('through', 1), 102); // c -> host -> a.bump(100)
    assert.is(c.call('peek'), 7);
    assert.is(a.call('peek'), 102);
    // A table entry enters its own instance, whoever calls it.
    const d = rt.instantiate(mod, { host: { out: (x) => x } });
    assert.is(d.call('indirect', 3), 3);
    assert.is(a.call('indirect', 0), 102);
    // A trap inside another instance leaves the caller's state intact.
    const bad = rt.instantiate(rt.load(compileWasm(b, wat2wasm('(module (func (export "f") (param i32) (result i32) unreachable))'), { i64, flavor }).aot));
    const e = rt.instantiate(mod, { host: { out: (x) => { try { bad.call('f', x); } catch { return -1; } return 0; } } });
    assert.is(e.call('bump', 4), 4);
    assert.is(e.call('through', 1), -1);
    assert.is(e.call('bump', 1), 5);
    assert.is(e.call('peek'), 5);
  });
}

// Number globals of every kind (an i32 past V8's small integers, an f64, an i64) per instance,
// across instance switches in both directions (the code keeps them in per-instance typed arrays).
const NUMS = wat2wasm(`(module
  (import "host" "out" (func $out (param i32)))
  (global $i (mut i32) (i32.const 0x40000000))
  (global $f (mut f64) (f64.const 0.25))
  (global $w (mut i64) (i64.const 0x100000000))
  (func $add (export "add") (param i32)
    (global.set $i (i32.add (global.get $i) (local.get 0)))
    (global.set $f (f64.add (global.get $f) (f64.convert_i32_s (local.get 0))))
    (global.set $w (i64.mul (global.get $w) (i64.extend_i32_s (local.get 0)))))
  (func (export "addOut") (param i32) (call $add (local.get 0)) (call $out (local.get 0)) (call $add (local.get 0)))
  (func (export "i") (result i32) (global.get $i))
  (func (export "f") (result f64) (global.get $f))
  (func (export "w") (result i64) (global.get $w)))`);

for (const [i64, flavor] of [['bigint', 'plain'], ['pairs', 'plain'], ['pairs', 'asmjs']]) {
  test(`instances keep their own i32, f64 and i64 globals across switches (--i64=${i64} --js-flavor=${flavor})`, () => {
    const rt = new AotRuntime();
    const mod = rt.load(compileWasm(b, NUMS, { optLevel: 0, i64, flavor }).aot);
    let c;
    const a = rt.instantiate(mod, { host: { out: (x) => c.call('add', x * 10) } });
    c = rt.instantiate(mod, { host: { out: () => {} } });
    a.call('addOut', 3); // a += 3, c += 30, a += 3
    c.call('add', -1);
    assert.is(a.call('i'), 0x40000006);
    assert.is(a.call('f'), 6.25);
    assert.is(BigInt(a.call('w')), 0x100000000n * 9n);
    assert.is(c.call('i'), 0x40000000 + 29);
    assert.is(c.call('f'), 29.25);
    assert.is(BigInt(c.call('w')), -(0x100000000n * 30n));
  });
}

test('backtraces name functions from each module\'s own name section', () => {
  const mk = (fname) => wat2wasm(`(module
    (func $${fname}_inner (param i32) (result i32) (if (local.get 0) (then unreachable)) (i32.const 1))
    (func $${fname}_outer (export "run") (param i32) (result i32) (call $${fname}_inner (local.get 0))))`);
  const rt = new AotRuntime();
  const one = rt.instantiate(rt.load(compileWasm(b, mk('alpha'), { optLevel: 0 }).aot));
  const two = rt.instantiate(rt.load(compileWasm(b, mk('beta'), { optLevel: 0 }).aot));
  for (const [inst, name] of [[one, 'alpha'], [two, 'beta'], [one, 'alpha']]) {
    try {
      inst.call('run', 1);
      assert.unreachable('no trap');
    } catch (e) {
      assert.instance(e, Trap);
      assert.equal(e.backtrace, [`${name}_inner`, `${name}_outer`]);
    }
  }
});

test('iwasm-ts --trusted-key: signed by a trusted key runs; unsigned or other keys are refused', () => {
  const pem = (k, type) => k.export({ type, format: 'pem' });
  const keys = ['a', 'b'].map((n) => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(tmp, `${n}.pem`), pem(privateKey, 'pkcs8'));
    fs.writeFileSync(path.join(tmp, `${n}.pub.pem`), pem(publicKey, 'spki'));
    return path.join(tmp, `${n}.pub.pem`);
  });
  const wasm = fs.readFileSync(path.join(EXAMPLES, 'c/hello.wasm'));
  const signedA = path.join(tmp, 'hello-a.aot');
  fs.writeFileSync(signedA, compileWasm(b, wasm, { sign: signer(fs.readFileSync(path.join(tmp, 'a.pem'))) }).aot);
  const unsigned = path.join(tmp, 'hello.aot');
  fs.writeFileSync(unsigned, compileWasm(b, wasm).aot);
  const run = (file, trusted) => runIwasm(file, { extraOptions: trusted.map((k) => `--trusted-key=${k}`), env: { HELLO_NAME: 'aot' } });

  const ok = run(signedA, [keys[1], keys[0]]);
  assert.is(ok.exitCode, 0, ok.stderr);
  assert.match(ok.stdout, 'aot');
  assert.is(run(signedA, []).exitCode, 0); // no policy: signatures are not required
  const noSig = run(unsigned, [keys[0]]);
  assert.is(noSig.exitCode, 255);
  assert.match(noSig.stderr, 'WASM module load failed: the module is not signed, and this loader only runs modules signed by a trusted key');
  const other = run(signedA, [keys[1]]);
  assert.is(other.exitCode, 255);
  assert.match(other.stderr, 'WASM module load failed: bad signature: the module is not signed by a trusted key');
  const tampered = path.join(tmp, 'tampered.aot');
  const t = fs.readFileSync(signedA);
  t[t.length - 1] ^= 1;
  fs.writeFileSync(tampered, t);
  assert.is(run(tampered, [keys[0]]).exitCode, 255);
  const missing = run(signedA, [path.join(tmp, 'missing.pem')]);
  assert.is(missing.exitCode, 255);
  assert.match(missing.stderr, `--trusted-key=${path.join(tmp, 'missing.pem')}`);
  const notAKey = run(signedA, [path.join(EXAMPLES, 'c/hello.wasm')]);
  assert.is(notAKey.exitCode, 255);
  assert.match(notAKey.stderr, 'iwasm-ts: --trusted-key:');
  // A private key is not what --trusted-key takes, but its public half is what it means: accepted.
  assert.is(run(signedA, [path.join(tmp, 'a.pem')]).exitCode, 0);
  const help = runIwasm('--help');
  assert.match(help.stdout, '--trusted-key <key.pem>');
});

test.after(() => removeTempDir(tmp));
test.run();
