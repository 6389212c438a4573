// Differential test of the two interpreters: every example program
// (examples/**/*.wasm) and, when present, every benchmark program
// (bench/programs/*.wasm, at their `tiny` SCALE) runs under
// `iwasm-ts --interp=classic` and `--interp=fast` (at translation levels 0
// and 1, `--translate-opt`); stdout, stderr and the exit status must be the same. Fails when the CLI is not built.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES, IWASM_JS, ROOT, iwasmAvailable, runIwasm } from './examples-lib.mjs';

/** How to run a program: CLI arguments per known example; anything else runs with no arguments. */
const RUNS = {
  'c/hello.wasm': [{ args: ['one', 'two words'], env: { HELLO_NAME: 'world' } }, { env: { HELLO_EXIT: '3' } }],
  'c/wc.wasm': [{ args: ['data/sample.txt'], dirs: ['.'] }, { args: ['no/such/file'], dirs: ['.'] }, { stdin: 'hi there\n' }],
  'as/mandelbrot.wasm': [{ args: ['40', '12', '64'] }, { args: ['x'] }],
  'as/reactor.wasm': [
    { func: 'add', args: ['2', '3'] }, { func: 'fib', args: ['25'] }, { func: 'fib_rec', args: ['15'] },
    { func: 'fac', args: ['20'] }, { func: 'hypot', args: ['3', '4'] }, { func: 'div', args: ['7', '0'] },
  ],
};

function wasmFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...wasmFiles(p));
    else if (e.name.endsWith('.wasm')) out.push(p);
  }
  return out.sort();
}

const cases = [];
for (const file of wasmFiles(EXAMPLES)) {
  const rel = path.relative(EXAMPLES, file).split(path.sep).join('/');
  for (const run of RUNS[rel] ?? [{}]) cases.push({ name: `examples/${rel} ${JSON.stringify(run)}`, file, run, cwd: EXAMPLES });
}
const benchPrograms = path.join(ROOT, 'bench', 'programs.mjs');
if (fs.existsSync(benchPrograms)) {
  const { PROGRAMS } = await import(benchPrograms);
  for (const p of PROGRAMS) {
    if (fs.existsSync(p.wasm)) cases.push({ name: `bench/${p.name} ${p.tiny}`, file: p.wasm, run: { args: [String(p.tiny)] }, cwd: ROOT });
  }
}

if (!iwasmAvailable()) {
  // a missing build is an error, not a pass (npm test builds first)
  test('interp-diff: iwasm-ts is built', () => { assert.unreachable(`${IWASM_JS} is missing: run npm run build`); });
} else {
  for (const c of cases) {
    test(`classic = fast: ${c.name}`, () => {
      const opts = { ...c.run, cwd: c.cwd };
      const classic = runIwasm(c.file, { ...opts, extraOptions: ['--interp=classic'] });
      for (const level of [0, 1]) {
        const fast = runIwasm(c.file, { ...opts, extraOptions: ['--interp=fast', `--translate-opt=${level}`] });
        assert.is(fast.stdout, classic.stdout, `stdout (translation level ${level})`);
        assert.is(fast.stderr, classic.stderr, `stderr (translation level ${level})`);
        assert.is(fast.exitCode, classic.exitCode, `exit status (translation level ${level})`);
      }
    });
  }
  test('the differential test found programs', () => { assert.ok(cases.length >= 8, `${cases.length} cases`); });
}

test.run();
