// The js target's asm.js flavor (wamrc-ts --js-flavor=asmjs, aot/codegen-asm.ts): V8 validates the
// code it generates, memories it uses grow in place within their reservation, and the modules it
// cannot express are refused with the reason (or, with "auto", take the plain flavor).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import wabtInit from 'wabt';
import { ROOT, runNodeWasi } from './examples-lib.mjs';
import { PROGRAMS } from '../../bench/programs.mjs';
import { allEngines } from '../../bench/engines.mjs';

const { AotRuntime, hostValidatesAsmJs } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const fmt = await import(path.join(ROOT, 'dist/aot/format.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { Trap } = await import(path.join(ROOT, 'dist/core/runtime.js'));

const wabt = await wabtInit();
const wat2wasm = (src) => wabt.parseWat('t.wat', src, { bulk_memory: true }).toBinary({}).buffer;
const b = await loadBinaryen();
const asm = (wasm, options = {}) => compileWasm(b, wasm, { optLevel: 3, flavor: 'asmjs', ...options });

// The bench's aot-js engine: wamrc-ts's default output (both flavors), run by the default loader.
const engine = allEngines().find((e) => e.engine.name === 'aot-js').engine;
const why = await engine.setup();
test('aot-js bench engine is available and runs the asm.js flavor on Node', () => {
  assert.is(why, null);
  assert.match(engine.label, 'the asm.js flavor runs');
});

for (const p of PROGRAMS) {
  test(`${p.name}: asm.js flavor, validated by V8, prints what Node's WebAssembly prints`, async () => {
    const wasm = fs.readFileSync(p.wasm);
    const { stats } = asm(wasm);
    assert.is(stats.flavor, 'asmjs');
    // the code stays proportionate to the module (an expression repeated at every nesting level once grew it 40x)
    assert.ok(stats.codeBytes < 16 * wasm.length, `${stats.codeBytes} bytes of code for ${wasm.length} bytes of wasm`);
    const ref = await runNodeWasi(p.wasm, { args: [String(p.tiny)], argv0: `${p.name}.wasm` });
    const r = await engine.run(wasm, [`${p.name}.wasm`, String(p.tiny)]);
    assert.is(r.error, null, `aot-js: ${r.error?.stack}`);
    assert.is(r.stdout, ref.stdout);
    assert.is(r.exitCode, 0);
  });
}

const GROW = wat2wasm(`(module
  (memory (export "mem") 1 8)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "loadu") (param i32) (result i64) (i64.load offset=1 (local.get 0)))
  (func (export "f64at") (param i32) (result f64) (f64.load (local.get 0))))`);

test('V8 validates the code (AotInstance.asmValidated) and the module reports its flavor', () => {
  const rt = new AotRuntime();
  const mod = rt.load(asm(GROW).aot);
  assert.ok(mod.asm);
  const inst = rt.instantiate(mod);
  assert.is(inst.asmValidated, true);
  const plain = rt.instantiate(rt.load(compileWasm(b, GROW, { optLevel: 3, flavor: 'plain' }).aot));
  assert.is(plain.asmValidated, undefined);
});

test('a file with both flavors (--js-flavor=auto): the loader runs asm.js where the host validates it (jsFlavor "auto", the default); plain when asked', () => {
  assert.is(hostValidatesAsmJs(), true);
  const { aot, stats } = compileWasm(b, GROW, { optLevel: 3, flavor: 'auto' });
  assert.is(stats.flavor, 'both');
  const { code } = fmt.readAot(aot);
  assert.ok(code.source.length > 0 && code.asmSource.length > 0);
  assert.match(code.asmSource, /"use asm"/);
  assert.not.match(code.source, /"use asm"/);
  const run = (rt) => {
    const mod = rt.load(aot);
    const inst = rt.instantiate(mod);
    inst.call('store', 8, 1234);
    return { asm: mod.asm, validated: inst.asmValidated, grew: inst.call('grow', 1), load: inst.call('load', 8), size: mod.codeSize().translated };
  };
  const auto = run(new AotRuntime());
  assert.equal(auto, { asm: true, validated: true, grew: 1, load: 1234, size: code.asmSource.length });
  assert.equal(run(new AotRuntime({ jsFlavor: 'auto' })), auto);
  assert.equal(run(new AotRuntime({ jsFlavor: 'asmjs' })), auto);
  const plain = run(new AotRuntime({ jsFlavor: 'plain' }));
  assert.equal(plain, { asm: false, validated: undefined, grew: 1, load: 1234, size: code.source.length });
  // One flavor in the file: that one, whatever is asked.
  assert.is(new AotRuntime({ jsFlavor: 'asmjs' }).load(compileWasm(b, GROW, { flavor: 'plain' }).aot).asm, false);
  assert.is(new AotRuntime({ jsFlavor: 'plain' }).load(asm(GROW).aot).asm, true);
  try { new AotRuntime({ jsFlavor: 'fast' }); assert.unreachable(); } catch (e) { assert.match(e.message, /unknown jsFlavor "fast"/); }
  // A file with neither text is refused.
  const f = fmt.readAot(aot);
  try { new AotRuntime().load(fmt.writeAot({ ...f, code: { ...f.code, source: '', asmSource: '' } })); assert.unreachable(); } catch (e) { assert.match(e.message, /no JavaScript source/); }
});

test('memory grows in place up to its maximum; the host sees the memory\'s size, not the reservation', () => {
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(asm(GROW).aot));
  const mem = inst.exports.mem;
  assert.is(mem.buffer().length, 65536);
  assert.ok(mem.capacity >= 8 * 65536, `reserved ${mem.capacity}`);
  inst.call('store', 65532, 0x1234);
  try { inst.call('load', 65536); assert.unreachable(); } catch (e) { assert.ok(e instanceof Trap && /out of bounds/.test(e.reason), String(e)); }
  assert.is(inst.call('grow', 2), 1);
  assert.is(inst.call('size'), 3);
  assert.is(mem.buffer().length, 3 * 65536);
  assert.is(inst.call('load', 65532), 0x1234, 'contents kept');
  inst.call('store', 3 * 65536 - 4, -7);
  assert.is(inst.call('load', 3 * 65536 - 4), -7);
  try { inst.call('load', 3 * 65536 - 3); assert.unreachable(); } catch (e) { assert.ok(e instanceof Trap, String(e)); }
  assert.is(mem.grow(5), 3, 'the host grows it too');
  assert.is(inst.call('size'), 8);
  inst.call('store', 8 * 65536 - 4, 99);
  assert.is(inst.call('grow', 1), -1, 'past the maximum');
});

test('unaligned and offset accesses read the right bytes; a wrapped address traps', () => {
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(asm(GROW).aot));
  const bytes = inst.exports.mem.buffer();
  for (let i = 0; i < 16; i++) bytes[i] = i + 1;
  assert.is(inst.call('load', 1), 0x05040302);
  assert.is(inst.call('loadu', 2), 0x0b0a090807060504n, 'bytes 3..10');
  new DataView(bytes.buffer, bytes.byteOffset).setFloat64(3, 2.5, true);
  assert.is(inst.call('f64at', 3), 2.5);
  try { inst.call('loadu', -1); assert.unreachable(); } catch (e) { assert.ok(e instanceof Trap && /out of bounds/.test(e.reason), String(e)); }
});

test('a memory without a maximum is reserved up to the runtime\'s maxMemoryPages; growing past it gives -1', () => {
  const rt = new AotRuntime({ maxMemoryPages: 4 });
  const wasm = wat2wasm(`(module (memory (export "mem") 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`);
  const inst = rt.instantiate(rt.load(asm(wasm).aot));
  assert.is(inst.call('grow', 3), 1);
  assert.is(inst.call('grow', 1), -1);
});

test('plain-flavor code importing a memory of asm.js code sees its size after it grows', () => {
  const rt = new AotRuntime();
  const a = rt.instantiate(rt.load(asm(GROW).aot));
  const user = wat2wasm(`(module (import "a" "mem" (memory 1)) (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))`);
  const u = rt.instantiate(rt.load(compileWasm(b, user, { optLevel: 3 }).aot), { a: { mem: a.exports.mem } });
  try { u.call('load', 65536); assert.unreachable(); } catch (e) { assert.ok(e instanceof Trap, String(e)); }
  a.call('grow', 1);
  a.call('store', 65536, 42);
  assert.is(u.call('load', 65536), 42);
  try { u.call('load', 2 * 65536); assert.unreachable(); } catch (e) { assert.ok(e instanceof Trap && /out of bounds/.test(e.reason), String(e)); }
});

test('modules the flavor cannot express: an error with the reason, or the plain flavor with "auto"', () => {
  const wasm = wat2wasm(`(module (table (export "t") 1 funcref) (func (export "f")))`);
  try { asm(wasm); assert.unreachable(); } catch (e) { assert.match(e.message, /cannot compile to asm\.js.*exports a table/); }
  const { stats } = compileWasm(b, wasm, { flavor: 'auto' });
  assert.is(stats.flavor, 'plain');
  assert.match(stats.plainBecause, /the module exports a table/);
  try { asm(GROW, { i64: 'bigint' }); assert.unreachable(); } catch (e) { assert.match(e.message, /asm\.js needs --i64=pairs/); }
  assert.is(compileWasm(b, GROW, { i64: 'bigint', flavor: 'auto' }).stats.flavor, 'plain');
  assert.is(compileWasm(b, GROW).stats.flavor, 'both'); // the default, auto
  assert.is(compileWasm(b, GROW, { flavor: 'plain' }).stats.flavor, 'plain');
  assert.is(compileWasm(b, wasm).stats.flavor, 'plain');
});

test('call_indirect through the table: right signature runs, wrong one and null trap as the spec says', () => {
  const wasm = wat2wasm(`(module
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (table 3 funcref)
    (elem (i32.const 0) $inc $dbl)
    (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
    (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func (export "call") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
    (func (export "callv") (param i32) (call_indirect (type $v) (local.get 0))))`);
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(asm(wasm).aot));
  assert.is(inst.call('call', 0, 5), 6);
  assert.is(inst.call('call', 1, 5), 10);
  const reason = (f) => { try { f(); } catch (e) { return e.reason; } return 'no trap'; };
  assert.is(reason(() => inst.call('call', 2, 5)), 'uninitialized element');
  assert.is(reason(() => inst.call('call', 3, 5)), 'undefined element');
  assert.is(reason(() => inst.call('callv', 0)), 'indirect call type mismatch');
});

test('where the engine runs the asm.js code as plain JavaScript (node --jitless), every program prints the same; a file with both flavors runs plain there under jsFlavor "auto"', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wamr-ts-asm-'));
  try {
    for (const p of PROGRAMS) {
      fs.writeFileSync(path.join(dir, `${p.name}.aot`), asm(fs.readFileSync(p.wasm)).aot);
      fs.writeFileSync(path.join(dir, `${p.name}.both.aot`), compileWasm(b, fs.readFileSync(p.wasm), { optLevel: 3, flavor: 'auto' }).aot);
    }
    const script = `
      import fs from 'node:fs';
      const { AotRuntime, hostValidatesAsmJs } = await import(${JSON.stringify(path.join(ROOT, 'dist/aot/loader.js'))});
      const { Wasi } = await import(${JSON.stringify(path.join(ROOT, 'dist/platforms/node/wasi.js'))});
      const out = { host: hostValidatesAsmJs() };
      for (const [name, tiny] of ${JSON.stringify(PROGRAMS.map((p) => [p.name, p.tiny]))}) {
        for (const file of [name, name + '.both']) {
          const o = [];
          const wasi = new Wasi({ args: [name + '.wasm', String(tiny)], env: {}, preopens: {}, stdin: '', returnOnExit: true, stdout: (x) => o.push(Buffer.from(x)), stderr: (x) => o.push(Buffer.from(x)) });
          const rt = new AotRuntime({ jsFlavor: 'auto' });
          const mod = rt.load(fs.readFileSync(${JSON.stringify(dir)} + '/' + file + '.aot'));
          const inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.imports });
          wasi.bindMemory(() => inst.memory.buffer());
          wasi.start(() => inst.exports._start.call());
          out[file] = { asm: mod.asm, validated: inst.asmValidated, text: Buffer.concat(o).toString() };
        }
      }
      process.stdout.write(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--jitless', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    assert.is(got.host, false, 'hostValidatesAsmJs() without a JIT');
    for (const p of PROGRAMS) {
      const ref = await runNodeWasi(p.wasm, { args: [String(p.tiny)], argv0: `${p.name}.wasm` });
      assert.is(got[p.name].validated, false, `${p.name}: not validated without a JIT`);
      assert.is(got[p.name].text, ref.stdout + ref.stderr, p.name);
      // Both flavors in the file: the loader runs the plain one here.
      assert.equal([got[`${p.name}.both`].asm, got[`${p.name}.both`].validated], [false, undefined], `${p.name}.both`);
      assert.is(got[`${p.name}.both`].text, ref.stdout + ref.stderr, `${p.name}.both`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
