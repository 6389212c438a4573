// The benchmark programs (bench/programs/*.wasm), correctness only - no
// timing here:
//
//  1. each program at a tiny SCALE under Node's own WebAssembly + node:wasi
//     (the reference) and under wamr-ts's classic interpreter with our WASI
//     (bench/engines.mjs, as `npm run bench` runs it): stdout and the exit
//     status must be identical; the same on the fast interpreter when this
//     build has it (Runtime.create({interpreter: "fast"}) succeeds);
//  2. a few reference outputs recomputed in JavaScript (CRC-32 via zlib,
//     factorial via BigInt, primes by trial division, fib/ackermann), which
//     shows the committed .wasm files compute what they claim;
//  3. the harness itself end to end (`bench/run.mjs` on one program, tiny
//     SCALE, one repetition): the table and the `summary` lines are printed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { runNodeWasi, ROOT } from './examples-lib.mjs';
import { PARTS, PROGRAMS } from '../../bench/programs.mjs';
import { allEngines } from '../../bench/engines.mjs';
import { wasmInfo } from '../../bench/wasm-info.mjs';

const engine = (name) => allEngines().find((e) => e.engine.name === name).engine;
const classic = engine('wamr-classic');
let classicReady;
const fast = engine('wamr-fast');
const fastReason = await fast.setup();

const reference = new Map();
async function nodeRun(p, arg) {
  const key = `${p.name} ${arg}`;
  if (!reference.has(key)) reference.set(key, await runNodeWasi(p.wasm, { args: [String(arg)], argv0: `${p.name}.wasm` }));
  return reference.get(key);
}

test('the programs are built, with a name section and no DWARF', () => {
  assert.ok(PROGRAMS.length >= 6);
  for (const p of [...PROGRAMS, ...PARTS]) {
    assert.ok(fs.existsSync(p.wasm), `${p.wasm} missing: run bench/build.sh`);
    assert.ok(fs.existsSync(path.join(ROOT, 'bench', p.source)), `${p.source} missing`);
    const info = wasmInfo(fs.readFileSync(p.wasm));
    assert.ok(info.hasNames, `${p.name}: name section`);
    assert.ok(!info.sections.some((s) => s.name.startsWith('.debug_')), `${p.name}: DWARF`);
    assert.ok(info.codeBytes > 0 && info.functions > 0, `${p.name}: code section`);
  }
});

for (const p of PROGRAMS) {
  test(`${p.name} (SCALE ${p.tiny}): wamr-classic prints what Node prints`, async () => {
    classicReady ??= classic.setup();
    const why = await classicReady;
    assert.is(why, null, `wamr-classic unavailable: ${why}`);
    const ref = await nodeRun(p, p.tiny);
    assert.is(ref.error, null, `node: ${ref.error}`);
    assert.is(ref.exitCode, 0, `node exit status; stderr: ${ref.stderr}`);
    assert.ok(ref.stdout.length > 20, 'node printed a checksum line');
    const r = await classic.run(fs.readFileSync(p.wasm), [`${p.name}.wasm`, String(p.tiny)]);
    assert.is(r.error, null, `wamr-classic: ${r.error?.message}`);
    assert.is(r.exitCode, 0);
    assert.is(r.stdout, ref.stdout);
    assert.is(r.stderr, '');
  });
}

for (const p of PROGRAMS) {
  if (fastReason) continue;
  test(`${p.name} (SCALE ${p.tiny}): wamr-fast prints what Node prints`, async () => {
    const ref = await nodeRun(p, p.tiny);
    const r = await fast.run(fs.readFileSync(p.wasm), [`${p.name}.wasm`, String(p.tiny)]);
    assert.is(r.error, null, `wamr-fast: ${r.error?.message}`);
    assert.is(r.exitCode, 0);
    assert.is(r.stdout, ref.stdout);
  });
}
if (fastReason) test(`wamr-fast: skipped (${fastReason})`, () => {});

test('a bad SCALE exits with status 2 and a usage line', async () => {
  for (const name of ['crc32', 'calls']) {
    const p = PROGRAMS.find((q) => q.name === name);
    const r = await runNodeWasi(p.wasm, { args: ['x'] });
    assert.is(r.exitCode, 2, name);
    assert.match(r.stderr, /usage/);
  }
});

// ---- outputs recomputed in JavaScript ----

test('crc32 SCALE 1: the checksums of the xorshift32 buffer', async () => {
  const buf = new Uint8Array(1 << 20);
  let x = 2463534242;
  for (let i = 0; i < buf.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    buf[i] = x >>> 24;
  }
  const crc = zlib.crc32(buf);
  let a = 1, b = 0;
  for (const v of buf) { a = (a + v) % 65521; b = (b + a) % 65521; }
  const adler = ((b << 16) | a) >>> 0;
  let fnv = 2166136261;
  for (const v of buf) fnv = Math.imul(fnv ^ v, 16777619) >>> 0;
  const mix = (crc ^ (adler << 1) ^ (fnv >>> 1)) >>> 0;
  const hex = (v) => v.toString(16).padStart(8, '0');
  const r = await nodeRun(PROGRAMS.find((q) => q.name === 'crc32'), 1);
  assert.is(r.stdout, `crc32 1 MiB: crc32 ${hex(crc)} adler32 ${hex(adler)} fnv1a ${hex(fnv)} mix ${hex(mix)}\n`);
});

test('crc32\'s parts (SCALE 1): each computes one of crc32\'s checksums, the same, and leaves the others 0', async () => {
  const line = /^crc32 1 MiB: crc32 ([0-9a-f]{8}) adler32 ([0-9a-f]{8}) fnv1a ([0-9a-f]{8}) mix [0-9a-f]{8}\n$/;
  const whole = line.exec((await nodeRun(PROGRAMS.find((q) => q.name === 'crc32'), 1)).stdout);
  assert.ok(whole);
  for (const [k, p] of PARTS.entries()) {
    const m = line.exec((await nodeRun(p, 1)).stdout);
    assert.ok(m, p.name);
    for (const j of [1, 2, 3]) assert.is(m[j], j === k + 1 ? whole[j] : '00000000', `${p.name}: checksum ${j}`);
  }
});

test('bench/run.mjs --parts: crc32\'s loops apart', () => {
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--parts', '--engines=node,wamr-fast', '--reps=1', '--no-warmup',
    ...PARTS.map((p) => `--scale=${p.name}=1`)], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
  assert.is(r.status, 0, r.stderr);
  for (const p of PARTS) assert.match(r.stdout, new RegExp(`^${p.name}\\s+\\d+\\s+1\\s+node\\s`, 'm'));
  assert.not.match(r.stdout, /^crc32\s/m);
});

test('bigint SCALE 30: 30! and the primes above 2^31', async () => {
  let f = 1n;
  for (let i = 2n; i <= 30n; i++) f *= i;
  const digits = f.toString();
  const digitSum = [...digits].reduce((s, c) => s + +c, 0);
  const r = await nodeRun(PROGRAMS.find((q) => q.name === 'bigint'), 30);
  const lines = r.stdout.split('\n');
  assert.is(lines[0], `bigint 30!: ${digits.length} digits, digit sum ${digitSum}, leading ${digits.slice(0, digits.length - 27)}, last chunk ${digits.slice(-9)}`);
  const lo = 2 ** 31;
  let count = 0;
  for (let v = lo + 1; v < lo + 64 * 30; v += 2) {
    let prime = true;
    for (let d = 3; d * d <= v; d += 2) if (v % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  assert.match(lines[1], new RegExp(`^bigint primes in \\[2\\^31, 2\\^31\\+1920\\): ${count}, hash [0-9a-f]{16}$`));
});

test('calls SCALE 8: fib, ackermann, tak', async () => {
  const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  const tak = (x, y, z) => (y >= x ? z : tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)));
  const r = await nodeRun(PROGRAMS.find((q) => q.name === 'calls'), 8);
  const lines = r.stdout.split('\n');
  assert.is(lines[0], `fib(8) = ${fib(8)}`);
  assert.is(lines[1], `ack(2,512) = ${2 * 512 + 3}, ack(3,6) = ${2 ** 9 - 3}`);
  assert.is(lines[2], `tak(4,3,1) = ${tak(4, 3, 1)}`);
});

// ---- the harness ----

test('bench/run.mjs: one program, tiny SCALE, prints the table and summary lines', () => {
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--filter=calls', '--engines=node,wamr-classic', '--reps=1', '--scale=calls=6'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120000,
  });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^calls\s+\d+\s+6\s+node\s/m);
  assert.match(r.stdout, /^summary node 1$/m);
  assert.match(r.stdout, /^summary wamr-classic \d+(\.\d+)?(e-\d+)?$/m);
  const last = r.stdout.trim().split('\n').slice(-2);
  assert.ok(last.every((l) => l.startsWith('summary ')), 'ends with the summary lines');
});

test('bench/run.mjs without node among --engines: no NaN, no summary lines, a line saying why', () => {
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--filter=calls', '--engines=wamr-classic', '--reps=1', '--scale=calls=6', '--no-warmup'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120000,
  });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^calls\s+\d+\s+6\s+wamr-classic\s/m);
  assert.not.match(r.stdout, /NaN/);
  assert.not.match(r.stdout, /^summary /m);
  assert.match(r.stdout.trim().split('\n').at(-1), /^no summary lines: .*node was not among --engines/);
});

test('bench/run.mjs --json and --sizes', () => {
  const j = spawnSync(process.execPath, ['bench/run.mjs', '--filter=json', '--engines=node', '--reps=1', '--scale=json=5', '--json'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120000,
  });
  assert.is(j.status, 0, j.stderr);
  const data = JSON.parse(j.stdout);
  assert.is(data.programs.length, 1);
  assert.is(data.programs[0].name, 'json');
  assert.ok(data.programs[0].codeBytes > 0);
  assert.is(data.programs[0].results.node.runs.length, 1);
  assert.is(data.summary.node, 1);
  const s = spawnSync(process.execPath, ['bench/run.mjs', '--sizes'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(s.status, 0, s.stderr);
  for (const p of PROGRAMS) assert.match(s.stdout, new RegExp(`^${p.name}\\s+\\d+\\s+\\d+`, 'm'));
});

test('bench/run.mjs --cpu-time: the run times are the process CPU times of the calls', () => {
  const j = spawnSync(process.execPath, ['bench/run.mjs', '--filter=calls', '--engines=node,wamr-fast', '--reps=2', '--scale=calls=12', '--no-warmup', '--json', '--cpu-time'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120000,
  });
  assert.is(j.status, 0, j.stderr);
  for (const e of ['node', 'wamr-fast']) {
    const runs = JSON.parse(j.stdout).programs[0].results[e].runs;
    assert.is(runs.length, 2);
    for (const r of runs) {
      assert.ok(r.cpuMs > 0, `${e}: CPU time ${r.cpuMs}`);
      assert.is(r.runMs, r.cpuMs, `${e}: the run time is the CPU time`);
    }
  }
  const w = spawnSync(process.execPath, ['bench/run.mjs', '--filter=calls', '--engines=wamr-fast', '--reps=1', '--scale=calls=12', '--no-warmup', '--json'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120000,
  });
  assert.is(w.status, 0, w.stderr);
  const r = JSON.parse(w.stdout).programs[0].results['wamr-fast'].runs[0];
  assert.ok(r.cpuMs > 0 && r.runMs > 0 && r.runMs !== r.cpuMs, `wall-clock by default: ${r.runMs} ms, CPU ${r.cpuMs} ms`);
});

test('bench/run.mjs: the first load+instantiate of each program, apart from the timed ones', () => {
  // without the warm-up the first timed run is the first: its load+inst is the column's value
  const j = spawnSync(process.execPath, ['bench/run.mjs', '--filter=calls', '--engines=wamr-fast,aot-js', '--reps=2', '--scale=calls=6', '--no-warmup', '--json'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120000,
  });
  assert.is(j.status, 0, j.stderr);
  const res = JSON.parse(j.stdout).programs[0].results;
  for (const e of ['wamr-fast', 'aot-js']) {
    const first = res[e].runs[0];
    assert.is(res[e].firstLoadInstMs, first.loadMs + first.instMs, e);
  }
  // aot-js runs the asm.js flavor on Node: V8 validates and compiles it at the first instance only
  // (its cache is keyed by the source), so the first load+inst costs more than the later ones
  assert.ok(res['aot-js'].firstLoadInstMs > res['aot-js'].runs[1].loadMs + res['aot-js'].runs[1].instMs,
    `first ${res['aot-js'].firstLoadInstMs} ms, then ${res['aot-js'].runs[1].loadMs + res['aot-js'].runs[1].instMs} ms`);
  // with the warm-up, the table has the column
  const t = spawnSync(process.execPath, ['bench/run.mjs', '--filter=calls', '--engines=wamr-fast', '--reps=1', '--scale=calls=6'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
  assert.is(t.status, 0, t.stderr);
  assert.match(t.stdout, /load\+inst\s+1st l\+i/);
  assert.match(t.stdout, /^calls\s+\d+\s+6\s+wamr-fast\s+[\d.]+\s+-\s+-\s+[\d.]+\s+[\d.]+$/m);
});

test('bench/run.mjs: a bad option exits with status 2 and the usage line', () => {
  for (const args of [['--bogus'], ['--reps=0'], ['--scale=calls'], ['extra']]) {
    const r = spawnSync(process.execPath, ['bench/run.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^usage: node bench\/run\.mjs/m, args.join(' '));
  }
});

test.run();
