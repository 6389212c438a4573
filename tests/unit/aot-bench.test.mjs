// The aot-js benchmark engine (bench/engines.mjs): every benchmark program,
// compiled by wamrc-ts at -O3, prints what Node's WebAssembly prints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import { runNodeWasi } from './examples-lib.mjs';
import { PROGRAMS } from '../../bench/programs.mjs';
import { allEngines } from '../../bench/engines.mjs';

const aot = allEngines().find((e) => e.engine.name === 'aot-js').engine;
const why = await aot.setup();

test('aot-js engine is available', () => assert.is(why, null));

for (const p of PROGRAMS) {
  test(`${p.name} (SCALE ${p.tiny}): aot-js prints what Node prints`, async () => {
    const ref = await runNodeWasi(p.wasm, { args: [String(p.tiny)], argv0: `${p.name}.wasm` });
    const r = await aot.run(fs.readFileSync(p.wasm), [`${p.name}.wasm`, String(p.tiny)]);
    assert.is(r.error, null, `aot-js: ${r.error?.stack}`);
    assert.is(r.exitCode, 0);
    assert.is(r.stdout, ref.stdout);
    assert.is(r.stderr, ref.stderr);
  });
}

test.run();
