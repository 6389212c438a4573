// wamrc-ts --i64=pairs: i64 lowered to int32 halves. Every benchmark program
// prints what Node's WebAssembly prints, the CLI takes the mode, and the
// code runs on a host without BigInt (BigInt, BigInt64Array and
// BigUint64Array deleted), taking and returning i64s as {lo, hi}.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import wabtInit from 'wabt';
import { ROOT, runNodeWasi, makeTempDir, removeTempDir } from './examples-lib.mjs';
import { PROGRAMS } from '../../bench/programs.mjs';

const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { FEATURES, readAot } = await import(path.join(ROOT, 'dist/aot/format.js'));
const { Wasi } = await import(path.join(ROOT, 'dist/platforms/node/wasi.js'));
const b = await loadBinaryen();
const wabt = await wabtInit();
const tmp = makeTempDir('wamr-ts-aot-pairs-');

for (const p of PROGRAMS) {
  test(`${p.name} (SCALE ${p.tiny}), --i64=pairs -O3: prints what Node prints`, async () => {
    const bytes = fs.readFileSync(p.wasm);
    const argv = [`${p.name}.wasm`, String(p.tiny)];
    const ref = await runNodeWasi(p.wasm, { args: [String(p.tiny)], argv0: `${p.name}.wasm` });
    const { aot } = compileWasm(b, bytes, { optLevel: 3, i64: 'pairs' });
    const file = readAot(aot, {});
    assert.ok(file.header.features & FEATURES['i64-pairs']);
    assert.not.ok(file.header.features & FEATURES.bigint);
    assert.not.match(file.code.source, /BigInt|\dn\b/);
    const out = [], err = [];
    const wasi = new Wasi({ args: argv, env: {}, preopens: {}, stdin: '', returnOnExit: true, stdout: (x) => out.push(Buffer.from(x)), stderr: (x) => err.push(Buffer.from(x)) });
    const rt = new AotRuntime();
    const inst = rt.instantiate(rt.load(aot), { wasi_snapshot_preview1: wasi.imports });
    wasi.bindMemory(() => inst.memory.buffer());
    const code = wasi.start(() => inst.exports._start.call());
    assert.is(code, 0);
    assert.is(Buffer.concat(out).toString(), ref.stdout);
    assert.is(Buffer.concat(err).toString(), ref.stderr);
  });
}

// i64 through every path a host sees: parameters, results (one and several),
// globals (imported, exported, internal), memory, host functions, and the ops.
const I64_WAT = `(module
  (import "host" "twice" (func $twice (param i64) (result i64)))
  (import "host" "g" (global $hg i64))
  (memory (export "mem") 1)
  (global $acc (export "acc") (mut i64) (i64.const 0x0123456789abcdef))
  (global $inner (mut i64) (i64.const -5))
  (func (export "mix") (param $a i64) (param $b i64) (result i64)
    (local $t i64)
    (local.set $t (i64.mul (local.get $a) (local.get $b)))
    (local.set $t (i64.add (local.get $t) (i64.div_s (local.get $a) (i64.or (local.get $b) (i64.const 1)))))
    (local.set $t (i64.xor (local.get $t) (i64.rem_u (local.get $a) (i64.or (local.get $b) (i64.const 1)))))
    (local.set $t (i64.add (local.get $t) (i64.rotl (local.get $a) (local.get $b))))
    (local.set $t (i64.sub (local.get $t) (i64.shr_s (local.get $a) (i64.const 7))))
    (i64.store offset=3 (i32.const 5) (local.get $t))
    (global.set $inner (i64.add (global.get $inner) (i64.load offset=3 (i32.const 5))))
    (global.set $acc (i64.add (global.get $acc) (call $twice (global.get $inner))))
    (i64.add (global.get $acc) (global.get $hg)))
  (func (export "pair") (param i64 i64) (result i64 i64) (local.get 1) (local.get 0))
  (func (export "conv") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "cmp") (param i64 i64) (result i32) (i64.lt_u (local.get 0) (local.get 1))))`;

const wasm = wabt.parseWat('p.wat', I64_WAT, { multi_value: true }).toBinary({}).buffer;
fs.writeFileSync(path.join(tmp, 'i64.aot'), compileWasm(b, wasm, { optLevel: 1, i64: 'pairs' }).aot);
fs.writeFileSync(path.join(tmp, 'i64-bigint.aot'), compileWasm(b, wasm, { optLevel: 1 }).aot);

/** Runs the module's exports (with i64s given as {lo, hi} or bigint) and returns JSON of the results. */
const SCRIPT = (file, noBigInt) => `
${noBigInt ? 'delete globalThis.BigInt; delete globalThis.BigInt64Array; delete globalThis.BigUint64Array;' : ''}
const fs = await import('node:fs');
const { AotRuntime } = await import(${JSON.stringify(path.join(ROOT, 'dist/aot/loader.js'))});
const i64 = (hi, lo) => (typeof BigInt === 'function' ? BigInt.asIntN(64, (BigInt(hi) << BigInt(32)) | BigInt(lo >>> 0)) : { lo, hi });
const show = (v) => (typeof v === 'bigint' ? { lo: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> BigInt(32))) } : Array.isArray(v) ? v.map(show) : v);
const rt = new AotRuntime();
const twice = (x) => (typeof x === 'bigint' ? x * BigInt(2) : { lo: x.lo << 1, hi: (x.hi << 1) | (x.lo >>> 31) });
const inst = rt.instantiate(rt.load(fs.readFileSync(${JSON.stringify(file)})), { host: { twice, g: i64(1, 2) } });
const r = [];
r.push(show(inst.call('mix', i64(0x12345, 0x6789abcd), i64(0, 13))));
r.push(show(inst.call('mix', i64(-1, -7), i64(-2, 0x40000003))));
r.push(show(inst.exports.acc.value));
r.push(show(inst.call('pair', i64(1, 2), i64(3, 4))));
r.push(show(inst.call('conv', -1e18)));
r.push(inst.call('cmp', i64(1, 0), i64(-1, 0)));
try { inst.call('conv', 1e19); r.push('no trap'); } catch (e) { r.push(e.message); }
console.log(JSON.stringify(r));
`;

test('--i64=pairs code runs on a host without BigInt; same results as --i64=bigint', () => {
  const run = (file, noBigInt) => {
    const s = path.join(tmp, `run-${path.basename(file)}-${noBigInt}.mjs`);
    fs.writeFileSync(s, SCRIPT(file, noBigInt));
    const r = spawnSync(process.execPath, [s], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const want = run(path.join(tmp, 'i64-bigint.aot'), false);
  assert.equal(want[5], 1, JSON.stringify(want));
  assert.equal(want[6], 'integer overflow');
  assert.equal(run(path.join(tmp, 'i64.aot'), true), want);
  assert.equal(run(path.join(tmp, 'i64.aot'), false), want);
});

test('an i64 global or function crosses between --i64=bigint and --i64=pairs code', () => {
  const src = wabt.parseWat('x.wat', `(module
    (global (export "g") i64 (i64.const -3)) (global (export "m") (mut i64) (i64.const 1))
    (func (export "neg") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0))))`, {}).toBinary({}).buffer;
  const user = wabt.parseWat('y.wat', `(module
    (import "x" "g" (global $g i64)) (import "x" "neg" (func $neg (param i64) (result i64)))
    (func (export "f") (result i64) (call $neg (i64.mul (global.get $g) (i64.const 0x100000000)))))`, {}).toBinary({}).buffer;
  const userM = wabt.parseWat('z.wat', '(module (import "x" "m" (global (mut i64))))', {}).toBinary({}).buffer;
  for (const [a, c] of [['bigint', 'pairs'], ['pairs', 'bigint'], ['pairs', 'pairs']]) {
    const rt = new AotRuntime();
    const x = rt.instantiate(rt.load(compileWasm(b, src, { i64: a }).aot));
    const y = rt.instantiate(rt.load(compileWasm(b, user, { i64: c }).aot), { x: x.exports });
    assert.is(y.call('f'), 3n << 32n);
    const m = rt.load(compileWasm(b, userM, { i64: c }).aot);
    if (a === c) rt.instantiate(m, { x: x.exports });
    else assert.throws(() => rt.instantiate(m, { x: x.exports }), /mutable i64 global of --i64=/);
  }
});

test('wamrc-ts --i64=pairs', () => {
  const out = path.join(tmp, 'cli.aot');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/aot/wamrc.js'), '--i64=pairs', '-o', out, PROGRAMS[0].wasm], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /features: .*i64-pairs/);
  assert.not.match(r.stdout, /bigint/);
});

test.after(() => removeTempDir(tmp));
test.run();
