// The example programs in examples/, run two ways:
//
//  1. under Node's own WebAssembly + node:wasi (the reference): each program's
//     output is checked against values recomputed here in JavaScript (SHA-256
//     via node:crypto, CRC-32 via zlib, the n-body and Mandelbrot loops ported
//     operation for operation, ...), which proves the committed .wasm files
//     are correct;
//  2. under our iwasm-ts CLI (node dist/platforms/node/iwasm.js), with the same
//     arguments, environment and preopened directory: stdout and the exit
//     status must equal the reference's; files a program writes must be the
//     same too.  A few programs also run with --core=js (the JS build of the
//     core).  When dist/platforms/node/iwasm.js is missing (not built), a
//     test fails saying so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  EXAMPLES,
  IWASM_JS,
  iwasmAvailable,
  instantiateNode,
  makeTempDir,
  removeTempDir,
  runIwasm,
  runNodeWasi,
} from './examples-lib.mjs';

const SAMPLE = fs.readFileSync(path.join(EXAMPLES, 'data/sample.txt'));

// ---------------------------------------------------------------------------
// JavaScript reference computations

const M64 = (1n << 64n) - 1n;

function pad8(n) {
  return String(n).padStart(8);
}

function wcLine(buf, name) {
  const text = buf.toString('latin1');
  const lines = (text.match(/\n/g) || []).length;
  const words = text.split(/[ \t\n\v\f\r]+/).filter((w) => w.length > 0).length;
  const crc = (zlib.crc32(buf) >>> 0).toString(16).padStart(8, '0');
  return `${pad8(lines)} ${pad8(words)} ${pad8(buf.length)} ${crc} ${name}\n`;
}

function computeSha256Line() {
  const data = Buffer.alloc(1 << 20);
  let s = 0x0123456789abcdefn;
  for (let i = 0; i < data.length; i += 8) {
    s = (s + 0x9e3779b97f4a7c15n) & M64;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    data.writeBigUInt64LE(z ^ (z >> 31n), i);
  }
  return `sha256 1048576 bytes: ${crypto.createHash('sha256').update(data).digest('hex')}\n`;
}

function computeNbodyLines(steps) {
  const PI = 3.141592653589793;
  const SOLAR_MASS = 4 * PI * PI;
  const DPY = 365.24;
  const b = [
    [0, 0, 0, 0, 0, 0, SOLAR_MASS],
    [4.8414314424647209, -1.16032004402742839, -1.03622044471123109e-1,
      1.66007664274403694e-3 * DPY, 7.69901118419740425e-3 * DPY, -6.90460016972063023e-5 * DPY,
      9.54791938424326609e-4 * SOLAR_MASS],
    [8.34336671824457987, 4.12479856412430479, -4.03523417114321381e-1,
      -2.76742510726862411e-3 * DPY, 4.99852801234917238e-3 * DPY, 2.30417297573763929e-5 * DPY,
      2.85885980666130812e-4 * SOLAR_MASS],
    [1.2894369562139131e1, -1.51111514016986312e1, -2.23307578892655734e-1,
      2.96460137564761618e-3 * DPY, 2.37847173959480950e-3 * DPY, -2.96589568540237556e-5 * DPY,
      4.36624404335156298e-5 * SOLAR_MASS],
    [1.53796971148509165e1, -2.59193146099879641e1, 1.79258772950371181e-1,
      2.68067772490389322e-3 * DPY, 1.62824170038242295e-3 * DPY, -9.51592254519715870e-5 * DPY,
      5.15138902046611451e-5 * SOLAR_MASS],
  ].map(([x, y, z, vx, vy, vz, mass]) => ({ x, y, z, vx, vy, vz, mass }));
  let px = 0, py = 0, pz = 0;
  for (const p of b) {
    px += p.vx * p.mass;
    py += p.vy * p.mass;
    pz += p.vz * p.mass;
  }
  b[0].vx = -px / SOLAR_MASS;
  b[0].vy = -py / SOLAR_MASS;
  b[0].vz = -pz / SOLAR_MASS;
  const energy = () => {
    let e = 0;
    for (let i = 0; i < 5; i++) {
      const p = b[i];
      e += 0.5 * p.mass * (p.vx * p.vx + p.vy * p.vy + p.vz * p.vz);
      for (let j = i + 1; j < 5; j++) {
        const q = b[j];
        const dx = p.x - q.x, dy = p.y - q.y, dz = p.z - q.z;
        e -= (p.mass * q.mass) / Math.sqrt(dx * dx + dy * dy + dz * dz);
      }
    }
    return e;
  };
  const dt = 0.01;
  let out = `nbody energy start: ${energy().toFixed(9)}\n`;
  for (let s = 1; s <= steps; s++) {
    for (let i = 0; i < 5; i++) {
      const p = b[i];
      for (let j = i + 1; j < 5; j++) {
        const q = b[j];
        const dx = p.x - q.x, dy = p.y - q.y, dz = p.z - q.z;
        const d2 = dx * dx + dy * dy + dz * dz;
        const mag = dt / (d2 * Math.sqrt(d2));
        p.vx -= dx * q.mass * mag;
        p.vy -= dy * q.mass * mag;
        p.vz -= dz * q.mass * mag;
        q.vx += dx * p.mass * mag;
        q.vy += dy * p.mass * mag;
        q.vz += dz * p.mass * mag;
      }
    }
    for (const p of b) {
      p.x += dt * p.vx;
      p.y += dt * p.vy;
      p.z += dt * p.vz;
    }
    if (s === 1000 || s === steps) out += `nbody energy ${s} steps: ${energy().toFixed(9)}\n`;
  }
  return out;
}

function computeQsortLine() {
  const N = 25000;
  const v = new Int32Array(N);
  let x = 42n;
  for (let i = 0; i < N; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & M64;
    v[i] = Number(BigInt.asIntN(32, x >> 32n));
  }
  v.sort();
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < N; i++) {
    const u = v[i] >>> 0;
    for (let k = 0; k < 4; k++) {
      h ^= BigInt((u >>> (8 * k)) & 0xff);
      h = (h * 0x100000001b3n) & M64;
    }
  }
  return `qsort ${N} ints: min ${v[0]} median ${v[N >> 1]} max ${v[N - 1]} fnv1a64 ${h.toString(16).padStart(16, '0')}\n`;
}

function mandelbrotOutput(width, height, maxIter) {
  const PALETTE = ' .:-=+*#%';
  let inside = 0;
  let total = 0;
  let out = '';
  for (let y = 0; y < height; y++) {
    const ci = -1.2 + (2.4 * y) / height;
    let row = '';
    for (let x = 0; x < width; x++) {
      const cr = -2.2 + (3.0 * x) / width;
      let zr = 0, zi = 0, n = 0;
      while (n < maxIter) {
        const zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0) break;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        n++;
      }
      total += n;
      if (n === maxIter) {
        inside++;
        row += '@';
      } else {
        row += PALETTE[Math.min(8, n === 0 ? 0 : 31 - Math.clz32(n))];
      }
    }
    out += row + '\n';
  }
  return out + `points inside: ${inside} of ${width * height}, iterations: ${total}\n`;
}

function sieveOutput(limit) {
  const composite = new Uint8Array(limit);
  for (let i = 2; i * i < limit; i++) {
    if (composite[i]) continue;
    for (let j = i * i; j < limit; j += i) composite[j] = 1;
  }
  const primes = [];
  let sum = 0n, twins = 0;
  for (let i = 2; i < limit; i++) {
    if (composite[i]) continue;
    primes.push(i);
    sum += BigInt(i);
    if (i >= 5 && !composite[i - 2]) twins++;
  }
  return [
    `primes below ${limit}: ${primes.length}`,
    `largest: ${primes[primes.length - 1]}`,
    `sum: ${sum}`,
    `twin pairs: ${twins}`,
    `last five: ${primes.slice(-5).join(' ')}`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------
// The cases: one program run each.  `setup(dir)` fills the preopened
// directory; `check(result, dir)` asserts known content of the reference run;
// `files` lists files the program writes, compared between the two runtimes.

function withSample(dir) {
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data/sample.txt'), SAMPLE);
}

const WC_SAMPLE = wcLine(SAMPLE, 'data/sample.txt');

const cases = [
  {
    name: 'hello: argv and sorted HELLO_ environment',
    wasm: 'c/hello.wasm',
    args: ['one', 'two words', ''],
    env: { HELLO_NAME: 'world', HELLO_ZED: 'last one', HELLO_A: 'first', OTHER: 'not shown' },
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, [
        'Hello from WebAssembly!',
        'argc = 4',
        'argv[0] = hello.wasm',
        'argv[1] = one',
        'argv[2] = two words',
        'argv[3] = ',
        'env HELLO_A = first',
        'env HELLO_NAME = world',
        'env HELLO_ZED = last one',
        'Hello, world!',
        '',
      ].join('\n'));
      assert.is(r.stderr, '');
    },
    core: true,
  },
  {
    name: 'hello: exit status from HELLO_EXIT',
    wasm: 'c/hello.wasm',
    env: { HELLO_EXIT: '3' },
    check(r) {
      assert.is(r.exitCode, 3);
      assert.match(r.stdout, 'Hello, stranger!\n');
    },
  },
  {
    name: 'wc: sample file, --out written into the preopen',
    wasm: 'c/wc.wasm',
    args: ['data/sample.txt', '--out=result.txt'],
    setup: withSample,
    files: ['result.txt'],
    check(r, dir) {
      assert.is(r.exitCode, 0);
      assert.is(WC_SAMPLE, '      75      703     4037 efbffa4c data/sample.txt\n');
      assert.is(r.stdout, WC_SAMPLE + `wrote ${WC_SAMPLE.length} bytes to result.txt\n`);
      assert.is(fs.readFileSync(path.join(dir, 'result.txt'), 'utf8'), WC_SAMPLE);
      assert.is(r.stderr, '');
    },
  },
  {
    name: 'wc: several files, a missing one, totals, exit 1',
    wasm: 'c/wc.wasm',
    args: ['data/sample.txt', 'data/missing.txt', 'data/empty.txt', 'data/sample.txt'],
    setup(dir) {
      withSample(dir);
      fs.writeFileSync(path.join(dir, 'data/empty.txt'), '');
    },
    check(r) {
      assert.is(r.exitCode, 1);
      const total = Buffer.concat([SAMPLE, SAMPLE]);
      const totalLine = wcLine(total, 'total');
      assert.is(r.stdout, WC_SAMPLE + wcLine(Buffer.alloc(0), 'data/empty.txt') + WC_SAMPLE + totalLine);
      assert.is(r.stderr, 'wc: data/missing.txt: No such file or directory\n');
    },
  },
  {
    name: 'wc: standard input',
    wasm: 'c/wc.wasm',
    stdin: 'one two  three\nfour\tfive\n\nsix',
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, wcLine(Buffer.from('one two  three\nfour\tfive\n\nsix'), '(stdin)'));
    },
  },
  {
    name: 'wc: usage error exits 2',
    wasm: 'c/wc.wasm',
    args: ['--bogus'],
    check(r) {
      assert.is(r.exitCode, 2);
      assert.is(r.stdout, '');
      assert.match(r.stderr, 'unknown option --bogus');
    },
  },
  {
    name: 'compute: sha256, n-body, qsort match JavaScript',
    wasm: 'c/compute.wasm',
    check(r) {
      assert.is(r.exitCode, 0);
      const expected = computeSha256Line() + computeNbodyLines(20000) + computeQsortLine();
      assert.is(r.stdout, expected);
      // The benchmarks-game reference values for the n-body problem.
      assert.match(r.stdout, 'nbody energy start: -0.169075164\n');
      assert.match(r.stdout, 'nbody energy 1000 steps: -0.169087605\n');
    },
  },
  {
    name: 'trap: integer divide by zero after flushing stdout',
    wasm: 'c/trap.wasm',
    trap: true,
    check(r) {
      assert.is(r.exitCode, null);
      assert.instance(r.error, WebAssembly.RuntimeError);
      assert.match(r.error.message, /divide by zero/);
      assert.match(r.error.stack, /divide_total[\s\S]*compute_average[\s\S]*run_job[\s\S]*main/);
      assert.is(r.stdout, 'computing the average of 3 items over 0 groups\n');
    },
  },
  {
    name: 'trap: no trap with a non-zero divisor',
    wasm: 'c/trap.wasm',
    args: ['3'],
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, 'computing the average of 3 items over 3 groups\naverage = 20\n');
    },
  },
  {
    name: 'mandelbrot (AssemblyScript): default picture matches JavaScript',
    wasm: 'as/mandelbrot.wasm',
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, mandelbrotOutput(72, 28, 256));
      assert.match(r.stdout, 'points inside: 442 of 2016, iterations: 122454\n');
    },
  },
  {
    name: 'mandelbrot (AssemblyScript): small picture, arguments',
    wasm: 'as/mandelbrot.wasm',
    args: ['40', '12', '64'],
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, mandelbrotOutput(40, 12, 64));
    },
    core: true,
  },
  {
    name: 'mandelbrot (AssemblyScript): bad argument exits 2 via proc_exit',
    wasm: 'as/mandelbrot.wasm',
    args: ['0'],
    check(r) {
      assert.is(r.exitCode, 2);
      assert.is(r.stdout, '');
      assert.match(r.stderr, "bad argument '0'");
    },
  },
  {
    name: 'sieve (AssemblyScript): primes below 1000000',
    wasm: 'as/sieve.wasm',
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, sieveOutput(1000000));
      assert.match(r.stdout, 'primes below 1000000: 78498\n');
    },
  },
  {
    name: 'sieve (AssemblyScript): primes below 10000',
    wasm: 'as/sieve.wasm',
    args: ['10000'],
    check(r) {
      assert.is(r.exitCode, 0);
      assert.is(r.stdout, sieveOutput(10000));
    },
    core: true,
  },
];

// ---------------------------------------------------------------------------

const haveIwasm = iwasmAvailable();
const reference = new Map();

async function runCase(c, runner) {
  const dir = makeTempDir();
  try {
    if (c.setup) c.setup(dir);
    const opts = { args: c.args ?? [], env: c.env ?? {}, stdin: c.stdin ?? '', cwd: dir };
    const r = await runner(path.join(EXAMPLES, c.wasm), opts);
    r.files = {};
    for (const f of c.files ?? []) {
      const p = path.join(dir, f);
      r.files[f] = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null;
    }
    if (c.check && runner === nodeRunner) c.check(r, dir);
    return r;
  } finally {
    removeTempDir(dir);
  }
}

function nodeRunner(file, opts) {
  return runNodeWasi(file, { ...opts, preopens: { '.': '.' } });
}

function iwasmRunner(core) {
  return (file, opts) => runIwasm(file, { ...opts, dirs: ['.'], core });
}

function describe(r) {
  return `exit ${r.exitCode}${r.signal ? ` signal ${r.signal}` : ''}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
}

function compare(c, ref, got) {
  assert.is(got.error, null, `could not run ${got.command}: ${got.error}`);
  if (c.trap) {
    assert.ok(got.exitCode !== 0 && got.exitCode !== null, `a trap must exit non-zero\n${describe(got)}`);
    assert.match(got.stderr, /integer divide by zero/, describe(got));
  } else {
    assert.is(got.exitCode, ref.exitCode, `exit status of ${got.command}\n${describe(got)}`);
    // A program's own stderr must come through (the runtime may add lines).
    for (const line of ref.stderr.split('\n').filter(Boolean)) assert.match(got.stderr, line, describe(got));
  }
  assert.is(got.stdout, ref.stdout, `stdout of ${got.command}`);
  assert.equal(got.files, ref.files, `files written by ${got.command}`);
}

for (const c of cases) {
  test(`node:wasi ${c.name}`, async () => {
    reference.set(c, await runCase(c, nodeRunner));
  });
  if (!haveIwasm) continue;
  test(`iwasm-ts ${c.name}`, async () => {
    const ref = reference.get(c) ?? (await runCase(c, nodeRunner));
    compare(c, ref, await runCase(c, iwasmRunner(undefined)));
  });
  if (c.core) {
    test(`iwasm-ts --core=js ${c.name}`, async () => {
      const ref = reference.get(c) ?? (await runCase(c, nodeRunner));
      compare(c, ref, await runCase(c, iwasmRunner('js')));
    });
  }
}

test('reactor (AssemblyScript): exports under node', async () => {
  const e = await instantiateNode(path.join(EXAMPLES, 'as/reactor.wasm'));
  assert.is(e.add(2, 3), 5);
  assert.is(e.fib(20), 6765);
  assert.is(e.fib_rec(20), 6765);
  assert.is(e.fac(20n), 2432902008176640000n);
  assert.is(e.hypot(3, 4), 5);
  assert.throws(() => e.div(7, 0), /divide by zero/);
});

if (haveIwasm) {
  test('iwasm-ts: the trap backtrace names the trapping functions', async () => {
    const r = runIwasm(path.join(EXAMPLES, 'c/trap.wasm'), { cwd: EXAMPLES });
    assert.match(r.stderr, /divide_total[\s\S]*compute_average[\s\S]*run_job/, describe(r));
  });

  test('iwasm-ts -f: calls reactor exports', async () => {
    const wasm = path.join(EXAMPLES, 'as/reactor.wasm');
    const fib = runIwasm(wasm, { func: 'fib', args: ['20'] });
    assert.is(fib.exitCode, 0, describe(fib));
    assert.match(fib.stdout, /\b(6765|0x1a6d)\b/, describe(fib));
    const add = runIwasm(wasm, { func: 'add', args: ['2', '3'] });
    assert.is(add.exitCode, 0, describe(add));
    assert.match(add.stdout, /\b(5|0x5)\b/, describe(add));
    const div = runIwasm(wasm, { func: 'div', args: ['7', '0'] });
    assert.ok(div.exitCode !== 0, describe(div));
    assert.match(div.stderr, /integer divide by zero/, describe(div));
  });
} else {
  // a missing build is an error, not a pass (npm test builds first)
  test('iwasm-ts is built (for the iwasm-ts and --core=js comparisons)', () => {
    assert.unreachable(`${IWASM_JS} is missing: run npm run build`);
  });
}

test.run();
