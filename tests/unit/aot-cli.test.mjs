// wamrc-ts (the CLI) and .aot files under iwasm-ts: every example in
// examples/c and examples/as compiled, then run with the output, errors and
// exit status of the interpreter run of the .wasm.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXAMPLES, ROOT, IWASM_JS, runIwasm, makeTempDir, removeTempDir } from './examples-lib.mjs';

const WAMRC = path.join(ROOT, 'dist/aot/wamrc.js');
const wamrc = (args, cwd = ROOT) => spawnSync(process.execPath, [WAMRC, ...args], { cwd, encoding: 'utf8' });
const tmp = makeTempDir('wamr-ts-aot-');
const SAMPLE = fs.readFileSync(path.join(EXAMPLES, 'data/sample.txt'));

test('--help, usage errors, invalid input', () => {
  const h = wamrc(['--help']);
  assert.is(h.status, 0);
  assert.match(h.stdout, 'Usage: wamrc-ts [options] -o <out.aot> <in.wasm>');
  assert.match(h.stdout, '--opt-level');
  assert.match(h.stdout, '--sign-key');
  const noOut = wamrc([path.join(EXAMPLES, 'c/hello.wasm')]);
  assert.is(noOut.status, 2);
  assert.match(noOut.stderr, "required option '-o, --output <file>'");
  const badLevel = wamrc(['--opt-level=7', '-o', path.join(tmp, 'x.aot'), path.join(EXAMPLES, 'c/hello.wasm')]);
  assert.is(badLevel.status, 2);
  assert.match(badLevel.stderr, '--opt-level must be an integer from 0 to 3');
  const bad = path.join(tmp, 'bad.wasm');
  fs.writeFileSync(bad, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1]));
  const r = wamrc(['-o', path.join(tmp, 'bad.aot'), bad]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /bad\.wasm: malformed module: .*byte offset/);
  assert.not.ok(fs.existsSync(path.join(tmp, 'bad.aot')));
  const missing = wamrc(['-o', path.join(tmp, 'm.aot'), path.join(tmp, 'missing.wasm')]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, 'cannot read');
});

const EXAMPLE_FILES = ['c/hello.wasm', 'c/wc.wasm', 'c/compute.wasm', 'c/trap.wasm', 'as/mandelbrot.wasm', 'as/sieve.wasm', 'as/reactor.wasm'];

test('every example compiles; the CLI says what it did', () => {
  for (const f of EXAMPLE_FILES) {
    // Same base name as the .wasm (argv[0] is printed by some programs); iwasm-ts goes by the magic.
    const out = path.join(tmp, f);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // The default, --js-flavor=auto: plain code, and asm.js beside it where the module allows it, else the reason.
    const r = wamrc([`--opt-level=${f.includes('compute') ? 0 : 3}`, '-o', out, path.join(EXAMPLES, f)]);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^wamrc-ts: .*${path.basename(f)} \\(\\d+ bytes\\) -> .* \\(\\d+ bytes, target js (plain \\+ asm\\.js|plain \\(no asm\\.js: the module [^)]+\\)), \\d+ functions, -O[03], features: .*\\) in \\d+ ms\\n$`));
    assert.equal([...fs.readFileSync(out).subarray(0, 4)], [0, 0x61, 0x6f, 0x74]);
    // --js-flavor=plain: the plain flavor only, a smaller file.
    const outPlain = path.join(tmp, 'plain', f);
    fs.mkdirSync(path.dirname(outPlain), { recursive: true });
    const a = wamrc(['--js-flavor=plain', '-o', outPlain, path.join(EXAMPLES, f)]);
    assert.is(a.status, 0, a.stderr);
    assert.match(a.stdout, / \(\d+ bytes, target js plain, \d+ functions/);
    assert.ok(fs.statSync(outPlain).size <= fs.statSync(out).size);
  }
  assert.match(wamrc(['-o', path.join(tmp, 'w.aot'), path.join(EXAMPLES, 'c/wc.wasm')]).stdout, 'target js plain + asm.js');
  // iwasm-ts -v=3 says which flavor runs (a file with both: asm.js where Node validates it, the
  // default --js-flavor=auto, or plain when asked; an asm.js-only file: asm.js); the output is the same.
  const flavorRun = (file, ...opts) => spawnSync(process.execPath, [IWASM_JS, '-v=3', ...opts, path.join(tmp, file)], { encoding: 'utf8', input: 'a b\n' });
  const both = flavorRun('w.aot'), bothPlain = flavorRun('w.aot', '--js-flavor=plain');
  assert.match(both.stderr, /loaded .*w\.aot \(\d+ bytes\): js target, asm\.js flavor \(the file has both\), i64 pairs, metered/);
  assert.match(bothPlain.stderr, /loaded .*w\.aot \(\d+ bytes\): js target, plain flavor \(the file has both\), i64 pairs, metered/);
  assert.is(both.status, 0, both.stderr);
  assert.is(bothPlain.stdout, both.stdout);
  assert.match(both.stdout, /^\s*1\s+2\s+4\b/);
  const badFlavor = flavorRun('w.aot', '--js-flavor=fast');
  assert.is.not(badFlavor.status, 0);
  assert.match(badFlavor.stderr, /--js-flavor.*fast.*(auto|choices)/s);
  assert.match(wamrc(['--js-flavor=asmjs', '-o', path.join(tmp, 'w1.aot'), path.join(EXAMPLES, 'c/wc.wasm')]).stdout, 'target js asm.js,');
  assert.match(flavorRun('w1.aot').stderr, /loaded .*w1\.aot \(\d+ bytes\): js target, asm\.js flavor, i64 pairs, metered/);
  const refused = wamrc(['--js-flavor=asmjs', '--i64=bigint', '-o', path.join(tmp, 'w2.aot'), path.join(EXAMPLES, 'c/wc.wasm')]);
  assert.is(refused.status, 1);
  assert.match(refused.stderr, 'cannot compile to asm.js (--js-flavor=asmjs): asm.js needs --i64=pairs');
});

const cases = [
  { wasm: 'c/hello.wasm', args: ['one', 'two words', ''], env: { HELLO_NAME: 'world' } },
  { wasm: 'c/hello.wasm', env: { HELLO_EXIT: '3' } },
  { wasm: 'c/wc.wasm', args: ['data/sample.txt', 'data/missing.txt'], sample: true },
  { wasm: 'c/wc.wasm', stdin: 'one two  three\nfour\n' },
  { wasm: 'c/compute.wasm' },
  { wasm: 'c/trap.wasm', trap: true },
  { wasm: 'c/trap.wasm', args: ['3'] },
  { wasm: 'as/mandelbrot.wasm', args: ['40', '12', '64'] },
  { wasm: 'as/mandelbrot.wasm', args: ['0'] },
  { wasm: 'as/sieve.wasm', args: ['10000'] },
  { wasm: 'as/reactor.wasm', func: 'fib', args: ['20'] },
  { wasm: 'as/reactor.wasm', func: 'div', args: ['7', '0'], trap: true },
];

for (const c of cases) {
  test(`${c.wasm} ${c.func ? `-f ${c.func} ` : ''}${(c.args ?? []).join(' ')}: .aot output identical to the interpreter's`, () => {
    const dir = makeTempDir();
    try {
      if (c.sample) { fs.mkdirSync(path.join(dir, 'data')); fs.writeFileSync(path.join(dir, 'data/sample.txt'), SAMPLE); }
      const opts = { args: c.args ?? [], env: c.env ?? {}, stdin: c.stdin ?? '', cwd: dir, dirs: ['.'], func: c.func };
      const ref = runIwasm(path.join(EXAMPLES, c.wasm), opts);
      for (const file of [path.join(tmp, c.wasm), path.join(tmp, 'plain', c.wasm)]) {
        const got = runIwasm(file, opts);
        assert.is(got.exitCode, ref.exitCode, got.stderr);
        assert.is(got.stdout, ref.stdout);
        if (c.trap) {
          // The message is the same; the backtrace may differ (Binaryen inlines).
          assert.is(got.stderr.split('\n')[0], ref.stderr.split('\n')[0]);
          assert.match(got.stderr, /^Exception: integer divide by zero\n/);
        } else assert.is(got.stderr, ref.stderr);
      }
    } finally {
      removeTempDir(dir);
    }
  });
}

test('cleanup', () => removeTempDir(tmp));

test.run();
