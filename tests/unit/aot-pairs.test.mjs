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

// Pairs mode lowers these inline: division and remainder by a constant (a dividend within
// 2^53 - 2^32 of zero divides as a double, any other takes the helper), multiplication (by a
// constant below 2^32: exact carry), bitwise ops with a constant half folded, and i32 div/rem by
// constants. The helpers take variable divisors (below 2^32: one double division below 2^53 - 2^32,
// else 16-bit steps; 2^32 and above: shift and subtract). Each is checked against BigInt at the
// boundaries of those paths, with zero and INT64_MIN / -1 trapping.
for (const flavor of ['plain', 'asmjs']) test(`--i64=pairs --js-flavor=${flavor}: i64/i32 div, rem, mul, shifts and bitwise ops by constants and by variables, at the fast paths' boundaries`, () => {
  const M64 = (1n << 64n) - 1n;
  const s64 = (v) => BigInt.asIntN(64, v), u64 = (v) => BigInt.asUintN(64, v);
  const K64 = [1n, 3n, 7n, 10n, 1000n, 100000000n, 1000000000n, (1n << 21n) - 1n, (1n << 22n) - 1n, 1n << 22n, (1n << 22n) + 1n, 0x9e3779b1n,
    (1n << 30n) - 1n, (1n << 30n) + 3n, (1n << 31n) - 1n, 1n << 31n, (1n << 31n) + 11n, 4294967291n, 4294967295n, 4294967296n, 0x123456789n, -1n, -10n, -(1n << 31n), s64(M64), 0n, s64(0xffffffff00000000n)];
  const SHIFTS = [0n, 1n, 7n, 31n, 32n, 33n, 45n, 63n, 64n, 65n, 96n];
  const K32 = [1, 3, 10, 100, 10000, 0x7fffffff, -1, -7, -0x80000000];
  const ops64 = ['div_s', 'div_u', 'rem_s', 'rem_u', 'mul', 'and', 'or', 'xor'];
  const fns = [];
  K64.forEach((k, j) => ops64.forEach((op) => fns.push(`(func (export "${op}_${j}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${k})))`)));
  K32.forEach((k, j) => ['div_s', 'div_u', 'rem_s', 'rem_u'].forEach((op) => fns.push(`(func (export "i32_${op}_${j}") (param i32) (result i32) (i32.${op} (local.get 0) (i32.const ${k})))`)));
  ops64.forEach((op) => fns.push(`(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`));
  const shiftOps = ['shl', 'shr_u', 'shr_s', 'rotl', 'rotr'];
  SHIFTS.forEach((k, j) => shiftOps.forEach((op) => fns.push(`(func (export "${op}_${j}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${k})))`)));
  shiftOps.forEach((op) => fns.push(`(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`));
  const src = wabt.parseWat('d.wat', `(module ${fns.join('\n')})`, {}).toBinary({}).buffer;
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(compileWasm(b, src, { optLevel: 1, i64: 'pairs', flavor }).aot));
  if (flavor === 'asmjs') assert.is(inst.asmValidated, true);
  const E = 1n << 53n, F = E - (1n << 32n);
  const A64 = [0n, 1n, -1n, 9n, -9n, 10n, 999999999n, 4294967295n, 4294967296n, F - 1n, F, F + 1n, -F, -F + 1n, -F - 1n, E - 1n, E, E + 1n, -E, -E - 1n,
    (2097150n << 32n) | 0xffffffffn, 2097151n << 32n, s64(-2097151n << 32n), s64((-2097152n << 32n) | 0xffffffffn),
    (1n << 62n) + 12345n, (1n << 63n) - 1n, -(1n << 63n), -(1n << 63n) + 1n, s64(0xfedcba9876543210n), 0x123456789abcdefn, 999999999n << 32n | 0xffffffffn];
  for (let x = 0x9e3779b97f4a7c15n, n = 0; n < 40; n++) { x = u64(x * 6364136223846793005n + 1442695040888963407n); A64.push(s64(x >> BigInt(n % 40))); }
  const ref = (op, a, k) => {
    if (op === 'mul') return s64(a * k);
    if (op === 'and' || op === 'or' || op === 'xor') return s64(op === 'and' ? a & k : op === 'or' ? a | k : a ^ k);
    if (k === 0n) return 'integer divide by zero';
    if (op === 'div_s') return a === -(1n << 63n) && k === -1n ? 'integer overflow' : s64(a / k);
    if (op === 'rem_s') return s64(a % k);
    return op === 'div_u' ? s64(u64(a) / u64(k)) : s64(u64(a) % u64(k));
  };
  const call = (f, ...args) => { try { return inst.call(f, ...args); } catch (e) { return e.message; } };
  let checked = 0;
  for (const a of A64) {
    K64.forEach((k, j) => ops64.forEach((op) => {
      assert.equal(call(`${op}_${j}`, a), ref(op, a, k), `${op}(${a}, const ${k})`);
      assert.equal(call(op, a, k), ref(op, a, k), `${op}(${a}, ${k})`);
      checked += 2;
    }));
    for (const op of ops64) assert.equal(call(op, a, 0n), ref(op, a, 0n), `${op}(${a}, 0)`);
    SHIFTS.forEach((k, j) => shiftOps.forEach((op) => {
      const n = k & 63n, ua = u64(a);
      const want = s64(op === 'shl' ? ua << n : op === 'shr_u' ? ua >> n : op === 'shr_s' ? a >> n
        : op === 'rotl' ? (ua << n) | (ua >> ((64n - n) & 63n)) : (ua >> n) | (ua << ((64n - n) & 63n)));
      assert.equal(call(`${op}_${j}`, a), want, `${op}(${a}, const ${k})`);
      assert.equal(call(op, a, k), want, `${op}(${a}, ${k})`);
      checked += 2;
    }));
  }
  // dividends next to a multiple of a divisor of 2^22 or more, where the double quotient rounds
  // to the next integer up or down
  for (const d of [1n << 22n, 3n << 22n, 1000000000n, 0x80000000n, 0x9e3779b1n, 0xfffffffbn, 0xffffffffn]) {
    for (const q of [1n << 21n, (1n << 31n) + 1n, 1n << 40n, (1n << 41n) - 3n, u64(-1n) / d]) {
      for (const e of [-2n, -1n, 0n, 1n, d - 1n]) {
        const a = q * d + e;
        if (a < 0n || a >= 1n << 64n) continue;
        for (const op of ['div_u', 'rem_u']) { assert.equal(call(op, s64(a), d), ref(op, s64(a), d), `${op}(${a}, ${d})`); checked++; }
      }
    }
  }
  // products and quotients of random operands, both halves busy
  for (let x = 0x243f6a8885a308d3n, n = 0; n < 3000; n++) {
    x = u64(x * 6364136223846793005n + 1442695040888963407n);
    const a = s64(x), k = s64(u64(x * 0x9e3779b97f4a7c15n) >> BigInt(n % 64));
    for (const op of ['mul', 'div_u', 'rem_u', 'div_s', 'rem_s']) { assert.equal(call(op, a, k), ref(op, a, k), `${op}(${a}, ${k})`); checked++; }
  }
  const A32 = [0, 1, -1, 7, -7, 99, 0x7fffffff, -0x80000000, -0x7fffffff, 123456789, -987654321];
  for (const a of A32) K32.forEach((k, j) => {
    const ua = BigInt(a >>> 0), uk = BigInt(k >>> 0), sa = BigInt(a), sk = BigInt(k);
    const want = {
      div_s: a === -0x80000000 && k === -1 ? 'integer overflow' : Number(BigInt.asIntN(32, sa / sk)),
      div_u: Number(BigInt.asIntN(32, ua / uk)), rem_s: Number(BigInt.asIntN(32, sa % sk)), rem_u: Number(BigInt.asIntN(32, ua % uk)),
    };
    for (const op of Object.keys(want)) { assert.equal(call(`i32_${op}_${j}`, a), want[op], `i32.${op}(${a}, ${k})`); checked++; }
  });
  assert.ok(checked > 20000);
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
