// wamrc-ts --target=bytecode and the core's AoT loader: programs run as from
// their .wasm, every rejection (container and payload), the payload docs
// against the serializer, and the aot-only preset running a module.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fmt = await import(path.join(ROOT, 'dist/aot/format.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { serializeBytecode } = await import(path.join(ROOT, 'dist/aot/compile-bytecode.js'));
const { signer, trustedKeys } = await import(path.join(ROOT, 'dist/aot/sign.js'));
const { Runtime, WasmError, Trap } = await import(path.join(ROOT, 'dist/core/runtime.js'));
const { nodeCoreLoader } = await import(path.join(ROOT, 'dist/core/node-core.js'));

const wabt = await wabtInit();
const wat2wasm = (src) => wabt.parseWat('t.wat', src, { reference_types: true, bulk_memory: true }).toBinary({ write_debug_names: true }).buffer;
const b = await loadBinaryen();

const WASM = wat2wasm(`(module $m
  (import "env" "log" (func $log (param i32)))
  (memory (export "mem") 1) (data (i32.const 8) "hi") (data $p "passive")
  (global $g (mut i64) (i64.const 7))
  (table 2 funcref) (elem (i32.const 0) $add $fact) (elem funcref (ref.func $add))
  (type $bin (func (param i32 i32) (result i32)))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $fact (export "fact") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fact (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "g") (result i64) (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g))
  (func (export "ind") (param i32 i32 i32) (result i32) (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "init") (memory.init $p (i32.const 100) (i32.const 0) (i32.const 7)) (call $log (i32.load8_u (i32.const 9))))
  (func $boom (export "boom") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "spin") (param i32) (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))`);

const rt = await Runtime.create({ interpreter: 'fast' });
const compile = (wasm, opts = {}) => compileWasm(b, wasm, { target: 'bytecode', runtime: rt, optLevel: 0, ...opts }).aot;
const AOT = compile(WASM);
const imports = (logged = []) => ({ env: { log: (x) => { logged.push(x); } } });

/** The payload's offset in the file (the code section's blob). */
function payloadAt(aot) {
  const f = fmt.readAot(aot);
  return f.code.payload.byteOffset;
}
/** A copy of `aot` with `edit(bytes)` applied and the checksum recomputed. */
function recrc(aot, edit) {
  const x = aot.slice();
  edit(x);
  const file = fmt.readAot(aot);
  const sum = x.length - 12; // checksum section: id + 3 + size (4) + crc (4), last in an unsigned file
  assert.is(x[sum], fmt.SECTION.checksum);
  const crc = fmt.crc32(x, 0, sum);
  new DataView(x.buffer, x.byteOffset).setUint32(sum + 8, crc, true);
  void file;
  return x;
}

const rejects = (bytes, re, runtime = rt, kind = 'malformed') => {
  try { runtime.load(bytes); } catch (e) {
    assert.instance(e, WasmError, String(e));
    assert.is(e.kind, kind, e.message);
    assert.match(e.message, re);
    return e;
  }
  assert.unreachable(`accepted; expected ${re}`);
};

test('a bytecode .aot runs as its .wasm does, at -O0 and -O3, on both core builds', async () => {
  for (const core of ['wasm', 'js']) {
    const r = await Runtime.create({ interpreter: 'fast', core });
    for (const optLevel of [0, 3]) {
      const aot = compileWasm(b, WASM, { target: 'bytecode', runtime: r, optLevel }).aot;
      assert.ok(fmt.isBytecodeAot(aot));
      const logged = [];
      const inst = r.instantiate(r.load(aot), imports(logged));
      assert.is(inst.exports.add.call(2, 40), 42);
      assert.is(inst.exports.fact.call(20n), 2432902008176640000n);
      assert.is(inst.exports.g.call(), 8n);
      assert.is(inst.exports.ind.call(0, 5, 6), 11);
      assert.throws(() => inst.exports.ind.call(1, 5, 6), (e) => e instanceof Trap && /indirect call type mismatch/.test(e.message));
      inst.exports.init.call();
      assert.equal(logged, ['i'.charCodeAt(0)]);
      assert.equal([...inst.memory.buffer().subarray(100, 107)], [...Buffer.from('passive')]);
      const e = (() => { try { inst.exports.boom.call(0); } catch (x) { return x; } })();
      assert.instance(e, Trap);
      assert.match(e.message, /integer divide by zero/);
      if (optLevel === 0) assert.is(e.backtrace[0], 'boom'); // names from the payload
    }
  }
});

test('fuel and suspend/resume work on a loaded bytecode module', () => {
  const inst = rt.instantiate(rt.load(AOT), imports());
  rt.setFuel(1000);
  assert.throws(() => inst.exports.spin.call(100000), /instruction limit exceeded/);
  rt.setFuel(undefined);
  inst.exports.spin.call(1000);
});

test('the module manager installs bytecode .aot files: messages, fuel limit, trusted keys', async () => {
  const { ModuleManager, ManagerError } = await import(path.join(ROOT, 'dist/core/manager.js'));
  const counter = compile(wat2wasm(`(module
    (memory (export "memory") 1)
    (global $n (mut i32) (i32.const 5))
    (func (export "wamr_msg_buffer") (param i32) (result i32) i32.const 1024)
    (func (export "on_message") (param i32 i32) global.get $n local.get 0 i32.load8_u i32.add global.set $n)
    (func (export "get") (result i32) global.get $n))`));
  const spinner = compile(wat2wasm(`(module (memory (export "memory") 1)
    (func (export "on_message") (param i32 i32) (loop br 0))
    (func (export "wamr_msg_buffer") (param i32) (result i32) i32.const 16))`));
  const mgr = new ModuleManager();
  await mgr.install('c', counter);
  await mgr.install('spin', spinner, { limits: { fuel: 100000 } });
  mgr.send('c', Uint8Array.of(7));
  assert.is(mgr.call('c', 'get'), 12);
  try { mgr.send('spin', Uint8Array.of(1)); assert.unreachable(); } catch (e) {
    assert.instance(e, ManagerError);
    assert.is(e.limit, 'fuel');
  }
  assert.is(mgr.query('spin').state, 'faulted');
  const k = crypto.generateKeyPairSync('ed25519');
  const signedMgr = new ModuleManager({ trustedKeys: [k.publicKey.export({ type: 'spki', format: 'pem' })] });
  let refused = null;
  try { await signedMgr.install('c', counter); } catch (e) { refused = e; }
  assert.instance(refused, ManagerError);
  assert.match(refused.message, /not signed/);
  const signed = compileWasm(b, wat2wasm('(module (func (export "f") (result i32) i32.const 9))'),
    { target: 'bytecode', runtime: rt, optLevel: 0, sign: signer(k.privateKey.export({ type: 'pkcs8', format: 'pem' })) }).aot;
  await signedMgr.install('s', signed);
  assert.is(signedMgr.call('s', 'f'), 9);
});

test('the module keeps its payload: code and data are used in place, freed with it', () => {
  const m = rt.load(AOT);
  const { bytecode, translated } = m.codeSize();
  assert.is(bytecode, 0);
  assert.ok(translated > 0);
  const a = rt.instantiate(m, imports());
  const b2 = rt.instantiate(m, imports());
  assert.is(a.exports.add.call(1, 2), 3);
  assert.is(b2.exports.fact.call(5n), 120n);
});

test('rejects: truncated file, flipped byte, wrong version, wrong target', () => {
  rejects(AOT.subarray(0, AOT.length - 30), /truncated|runs past the end|checksum/);
  rejects(AOT.subarray(0, 10), /truncated/);
  const flipped = AOT.slice(); flipped[payloadAt(AOT) + 40] ^= 0x10;
  rejects(flipped, /checksum mismatch/);
  const v = AOT.slice(); v[4] = 99;
  rejects(v, new RegExp(`unsupported \\.aot format version 99 .*version ${fmt.FORMAT_VERSION}`));
  const js = compileWasm(b, WASM, { optLevel: 0 }).aot; // the js target is aot/loader.ts's
  rejects(js, /wrong target: the file is compiled for "js"/);
});

test('rejects: fast-code format version, cores without the loader or the fast interpreter', async () => {
  const at = payloadAt(AOT);
  const e = rejects(recrc(AOT, (x) => { x[at + 4] = 0x77; }), /AoT payload: fast-interpreter code format version 119, this core runs version \d+/);
  assert.is(e.offset, at + 4);
  const classic = await Runtime.create({ interpreter: 'classic' });
  rejects(AOT, /AoT bytecode modules run on the fast interpreter/, classic, 'resource');
  // a core built without AOT_LOADER (the minimal preset)
  const built = spawnSync(process.execPath, ['build-config/build.mjs', '--preset=minimal', '--core-only', '--no-save'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(built.status, 0, built.stderr);
  const minimal = await Runtime.create({ loadCore: nodeCoreLoader({ build: 'wasm', dir: 'build/minimal' }) });
  rejects(AOT, /AoT bytecode loader not built in/, minimal, 'resource');
});

test('rejects: unsigned or badly signed files when trusted keys are set', async () => {
  const mk = () => crypto.generateKeyPairSync('ed25519');
  const pem = (k) => k.export({ type: k.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' });
  const a = mk(), other = mk();
  const signed = compileWasm(b, WASM, { target: 'bytecode', runtime: rt, optLevel: 0, sign: signer(pem(a.privateKey)) }).aot;
  const trustA = await Runtime.create({ interpreter: 'fast', verify: trustedKeys([pem(a.publicKey)]) });
  assert.is(trustA.instantiate(trustA.load(signed), imports()).exports.add.call(1, 1), 2);
  rejects(AOT, /not signed/, trustA);
  const trustOther = await Runtime.create({ interpreter: 'fast', verify: trustedKeys([pem(other.publicKey)]) });
  rejects(signed, /bad signature/, trustOther);
});

test('rejects: a corrupted payload with a recomputed checksum gives a clear error with its offset, never a crash', () => {
  const at = payloadAt(AOT);
  const len = fmt.readAot(AOT).code.payload.length;
  // a count far beyond the payload (types.count at +8)
  let e = rejects(recrc(AOT, (x) => { x[at + 8 + 3] = 0x7f; }), /AoT payload: types\.count \d+ exceeds the payload/);
  assert.is(e.offset, at + 8);
  // a bad value type in the first type
  e = rejects(recrc(AOT, (x) => { x[at + 16] = 0x55; }), /bad value type 0x55/);
  // the payload cut short, with its length and the checksum made consistent
  const cut = (() => {
    const f = fmt.readAot(AOT);
    return fmt.writeAot({ ...f, code: { ...f.code, payload: f.code.payload.subarray(0, len - 64) } });
  })();
  rejects(cut, /AoT payload: truncated: .* runs past the end|AoT payload: function \d+/);
  // every single-byte change of the payload either loads or fails with a malformed error
  let refused = 0;
  for (let i = 0; i < len; i += 3) {
    const x = recrc(AOT, (y) => { y[at + i] ^= 0xa5; });
    try { rt.load(x); } catch (err) {
      assert.instance(err, WasmError, `byte ${i}: ${err}`);
      assert.is(err.kind, 'malformed');
      assert.match(err.message, /AoT payload: /);
      refused++;
    }
  }
  assert.ok(refused > len / 3 / 4, `only ${refused} changes refused`);
});

/** File offset of the last function's code in a bytecode .aot (the payload ends with it: frame size, no global-cache entries, length, padding to 8, code, padding to 4). */
function lastCodeAt(aot) {
  const pl = fmt.readAot(aot).code.payload;
  const dv = new DataView(pl.buffer, pl.byteOffset, pl.length);
  for (let k = pl.length - 8; k >= 0; k -= 4) {
    const len = dv.getUint32(k, true);
    const start = (k + 4 + 7) & ~7;
    const frame = k >= 8 && dv.getUint32(k - 4, true) === 0 ? dv.getUint32(k - 8, true) : 0;
    if (len > 0 && len % 2 === 0 && len < 256 && frame >= 16 && frame % 8 === 0 && start + len + ((4 - (len % 4)) % 4) === pl.length) return { at: pl.byteOffset + start, len };
  }
  throw new Error('no code found');
}

test('the code verifier (generated from format.mjs) refuses code that leaves its frame, function or index spaces', () => {
  const check = spawnSync(process.execPath, ['interp-fast/gen-verify.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(check.status, 0, check.stderr);
  // and the coded messages (core/messages.mjs) the core reports them with
  const msgs = spawnSync(process.execPath, ['core/messages.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(msgs.status, 0, msgs.stderr);
  const u16 = (x, at, v) => new DataView(x.buffer, x.byteOffset).setUint16(at, v, true);
  const i32 = (x, at, v) => new DataView(x.buffer, x.byteOffset).setInt32(at, v, true);
  const id = compile(wat2wasm('(module (func (export "f") (param i32) (result i32) local.get 0))'));
  const c1 = lastCodeAt(id); // copy T0 local0; return1 T0 fuel
  assert.is(rt.instantiate(rt.load(id), {}).exports.f.call(5), 5);
  rejects(recrc(id, (x) => u16(x, c1.at + 2, 0x100)), /AoT payload: function 0: slot operand 256 outside the frame of \d+ bytes/);
  rejects(recrc(id, (x) => u16(x, c1.at + 2, 3)), /slot operand 3 outside the frame/);
  rejects(recrc(id, (x) => u16(x, c1.at, 0x7fff)), /unknown opcode 32767/);
  assert.is(c1.len, 12);
  rejects(recrc(id, (x) => { u16(x, c1.at + 6, 10); u16(x, c1.at + 10, 0); }), /does not end with a return or an unconditional branch/); // return1 -> copy
  const loop = compile(wat2wasm('(module (func (export "f") (loop br 0)))'));
  const c2 = lastCodeAt(loop); // br target fuel
  rejects(recrc(loop, (x) => i32(x, c2.at + 2, 2)), /branch target outside the function or not on an instruction/);
  rejects(recrc(loop, (x) => i32(x, c2.at + 2, -8)), /branch target outside the function/);
  const call = compile(wat2wasm('(module (func $g) (func (export "f") call $g))'));
  const c3 = lastCodeAt(call); // call func args fuel; return0 fuel
  rejects(recrc(call, (x) => new DataView(x.buffer, x.byteOffset).setUint32(c3.at + 2, 99, true)), /index 99 out of range/);
  const load = compile(wat2wasm('(module (memory 1) (func (export "f") (param i32) (result i32) local.get 0 i32.load))'));
  const noMem = compile(wat2wasm('(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 5 i32.add))'));
  // the load's code (i32_load, return1) in a module without memory, in place of i32_add_imm, return1 (same sizes)
  const lc = lastCodeAt(load), nc = lastCodeAt(noMem);
  assert.is(lc.len, nc.len);
  assert.is(rt.instantiate(rt.load(noMem), {}).exports.f.call(1), 6);
  rejects(recrc(noMem, (x) => x.set(load.subarray(lc.at, lc.at + lc.len), nc.at)), /memory instruction in a module without memory/);
});

test('docs/aot-format.md lists exactly the fields the serializer writes', () => {
  const rich = wat2wasm(`(module $rich
    (import "env" "f" (func $imp (param i32) (result i32)))
    (import "env" "tab" (table 1 funcref))
    (import "env" "g" (global $g i32))
    (import "env" "mem" (memory 1))
    (table $t2 2 externref)
    (global $h (mut i64) (i64.const 5))
    (export "id" (func $id))
    (start $s)
    (func $s)
    (func $id (param i32) (result i32) (local f64) (local.get 0))
    (elem (i32.const 0) $id)
    (elem funcref (ref.func $id) (ref.null func))
    (data (i32.const 8) "hi"))`);
  const memories = wat2wasm(`(module (memory 1 2))`);
  const traced = new Set();
  for (const w of [rich, memories, WASM]) for (const line of serializeBytecode(rt, w, true).trace.split('\n')) traced.add(line);
  const doc = fs.readFileSync(path.join(ROOT, 'docs/aot-format.md'), 'utf8');
  const table = doc.slice(doc.indexOf('<!-- payload:begin'), doc.indexOf('<!-- payload:end'));
  const documented = new Set([...table.matchAll(/^\| `([^`]+)` \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`));
  assert.equal([...traced].filter((f) => !documented.has(f)), [], 'written but not documented');
  assert.equal([...documented].filter((f) => !traced.has(f)), [], 'documented but not written');
});

test('wamrc-ts joins small data segments where the memory comes out the same, and keeps them otherwise', async () => {
  const { mergeDataSegments } = await import(path.join(ROOT, 'dist/aot/data-merge.js'));
  const { parseWasm } = await import(path.join(ROOT, 'dist/aot/wasm-parse.js'));
  const segs = (w) => parseWasm(w).data.length;
  const v8memory = async (w) => new Uint8Array((await WebAssembly.instantiate(w)).instance.exports.mem.buffer);
  // out of order, gaps of 0, 3 and 60 bytes (joined), one 200 bytes away (kept apart), an empty one
  const many = wat2wasm(`(module (memory (export "mem") 1)
    (data (i32.const 40) "cd") (data (i32.const 16) "ab") (data (i32.const 18) "x") (data (i32.const 22) "y")
    (data (i32.const 102) "far-ish") (data (i32.const 309) "apart") (data (i32.const 320) ""))`);
  const joined = mergeDataSegments(many);
  assert.is(segs(many), 7);
  assert.is(segs(joined), 2);
  assert.equal(await v8memory(joined), await v8memory(many));
  const aot = compile(many);
  const m = rt.instantiate(rt.load(aot), {}).memory.buffer();
  assert.equal(new Uint8Array(m.slice(0, 400)), (await v8memory(many)).slice(0, 400));
  // left as they are: overlapping segments, an imported memory, a global offset, a passive segment
  for (const src of [
    `(module (memory 1) (data (i32.const 0) "abcd") (data (i32.const 2) "xy"))`,
    `(module (import "env" "m" (memory 1)) (data (i32.const 0) "a") (data (i32.const 2) "b"))`,
    `(module (global $g i32 (i32.const 4)) (memory 1) (data (i32.const 0) "a") (data (global.get $g) "b"))`,
    `(module (memory 1) (data (i32.const 0) "a") (data "b"))`,
  ]) {
    const w = wat2wasm(src);
    assert.is(mergeDataSegments(w), w, src);
  }
  // a data.drop names segment 1: joining would make it unknown; wamrc-ts keeps both (the core's validator says)
  const drop = wat2wasm(`(module (memory 1) (data (i32.const 0) "a") (data (i32.const 2) "b") (func (export "f") data.drop 1))`);
  assert.is(segs(mergeDataSegments(drop)), 1);
  rt.instantiate(rt.load(compile(drop)), {}).exports.f.call();
  // a segment out of bounds: instantiation fails, joined or not
  const oob = wat2wasm(`(module (memory 1) (data (i32.const 65530) "ab") (data (i32.const 65534) "xyz"))`);
  assert.is(segs(mergeDataSegments(oob)), 1);
  assert.throws(() => rt.instantiate(rt.load(compile(oob)), {}), (e) => e instanceof Trap && /out of bounds memory access/.test(e.message));
});

test('recursive inlining: small loop-free self-recursive functions inline themselves once; results, exhaustion and fuel as before', async () => {
  const { inlineRecursion } = await import(path.join(ROOT, 'dist/aot/inline-recursion.js'));
  const src = `(module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $runaway (export "runaway") (param i32) (result i32) (call $runaway (i32.add (local.get 0) (i32.const 1))))
    (func $looped (export "looped") (param i32) (result i32)
      (loop $l (br_if $l (i32.gt_u (local.tee 0 (i32.shr_u (local.get 0) (i32.const 1))) (i32.const 100))))
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (i32.add (i32.const 1) (call $looped (i32.sub (local.get 0) (i32.const 1))))))))`;
  const selfCalls = (wasm, name) => {
    const m = b.readBinary(wasm);
    try { return (b.emitText(b.getFunctionInfo(m.getFunction(name)).body).match(new RegExp(`call \\$${name}\\b`, 'g')) ?? []).length; } finally { m.dispose(); }
  };
  const m = b.readBinary(wat2wasm(src));
  assert.equal(inlineRecursion(b, m), ['fib', 'runaway']); // not the function with a loop
  m.dispose();
  const { optimizeWasm } = await import(path.join(ROOT, 'dist/aot/compile-bytecode.js'));
  const wasm = wat2wasm(src), opt = optimizeWasm(b, wasm, 3, 0);
  assert.is(selfCalls(wasm, 'fib'), 2);
  assert.is(selfCalls(opt, 'fib'), 4); // fib(n - 1) and fib(n - 2) each inlined once
  assert.is(selfCalls(optimizeWasm(b, wasm, 3, 1), 'fib'), 2); // not when optimizing for size
  const v8 = (await WebAssembly.instantiate(wasm)).instance.exports;
  for (const optLevel of [0, 3]) {
    const inst = rt.instantiate(rt.load(compile(wasm, { optLevel })), {});
    assert.equal([0, 1, 2, 10, 20].map((n) => inst.exports.fib.call(n)), [0, 1, 1, 55, 6765]);
    assert.is(inst.exports.looped.call(1000), v8.looped(1000));
    // unbounded recursion still ends in exhaustion (not a loop), and fuel still runs out
    assert.throws(() => inst.exports.runaway.call(0), (e) => e instanceof Trap && /call stack exhausted/.test(e.message));
    rt.setFuel(1000);
    assert.throws(() => inst.exports.fib.call(30), (e) => e instanceof Trap && /instruction limit exceeded/.test(e.message));
    rt.setFuel(undefined);
  }
});

test('level 1 zeroes only the declared locals that may be read before assigned (code[].locals lists just those)', () => {
  const extra = Array(16).fill('i64').join(' ');
  // each extra local read then written (`readFirst`), or written then read: the same instructions
  const src = (locals, n, readFirst) => wat2wasm(`(module (func (export "f") (param i32) (result i32) (local i32 ${locals})
    (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
    ${Array.from({ length: n }, (_, i) => {
      const read = `(local.set 1 (i32.add (local.get 1) (i32.wrap_i64 (local.get ${i + 2}))))`, write = `(local.set ${i + 2} (i64.const ${i}))`;
      return readFirst ? read + write : write + read;
    }).join(' ')}
    (local.get 1)))`);
  const len = (w) => serializeBytecode(rt, w).payload.length;
  // sixteen more locals, never read: the same payload (they lie after the frame record, unlisted)
  assert.is(len(src(extra, 0)), len(src('', 0)));
  // read before their assignment: listed (a type code each; the code is padded to 8 bytes), so the executor zeroes them
  assert.ok(len(src(extra, 16, true)) - len(src(extra, 16, false)) > 8);
  for (const readFirst of [true, false]) {
    const inst = rt.instantiate(rt.load(compile(src(extra, 16, readFirst), { optLevel: 3 })), {});
    assert.is(inst.exports.f.call(7), readFirst ? 21 : 21 + 120);
  }
});

test('wamrc-ts --target=bytecode: writes the file, says what it did; refuses an invalid module', () => {
  const out = path.join(ROOT, 'build', 'cli-test.aot');
  const ok = spawnSync(process.execPath, ['dist/aot/wamrc.js', '--target=bytecode', '-o', out, 'examples/c/hello.wasm'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^wamrc-ts: examples\/c\/hello\.wasm \(\d+ bytes\) -> .*cli-test\.aot \(\d+ bytes, target bytecode, \d+ functions, -O3/);
  assert.ok(fmt.isBytecodeAot(new Uint8Array(fs.readFileSync(out))));
  const run = spawnSync(process.execPath, ['dist/platforms/node/iwasm.js', '--env=HELLO_NAME=aot', out, 'x'], { cwd: ROOT, encoding: 'utf8' });
  const ref = spawnSync(process.execPath, ['dist/platforms/node/iwasm.js', '--env=HELLO_NAME=aot', 'examples/c/hello.wasm', 'x'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(run.status, ref.status);
  assert.is(run.stdout.replace(/cli-test\.aot/g, 'hello.wasm'), ref.stdout.replace(/examples\/c\/hello\.wasm/g, 'hello.wasm'));
  const classic = spawnSync(process.execPath, ['dist/platforms/node/iwasm.js', '--interp=classic', out], { cwd: ROOT, encoding: 'utf8' });
  assert.is(classic.status, 255);
  assert.match(classic.stderr, /AoT bytecode modules run on the fast interpreter/);
  fs.rmSync(out);
  const bad = path.join(ROOT, 'build', 'cli-bad.wasm');
  fs.writeFileSync(bad, Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b)); // a code section without functions
  const no = spawnSync(process.execPath, ['dist/aot/wamrc.js', '--target=bytecode', '-o', out, bad], { cwd: ROOT, encoding: 'utf8' });
  fs.rmSync(bad);
  assert.is(no.status, 1);
  assert.match(no.stderr, /wamrc-ts: .*cli-bad\.wasm: /);
  assert.not.ok(fs.existsSync(out));
});

test('the aot-only preset (no decoder, validator or translator) runs a bytecode module and refuses .wasm', async () => {
  // "énv" "lög😀" and "héllo✓😀" (2-, 3- and 4-byte UTF-8), as wat byte escapes
  const NAMES = compile(wat2wasm(String.raw`(module (import "\c3\a9nv" "l\c3\b6g\f0\9f\98\80" (func $l (param i32)))
    (func (export "h\c3\a9llo\e2\9c\93\f0\9f\98\80") (param i32) (call $l (local.get 0))))`));
  const built = spawnSync(process.execPath, ['build-config/build.mjs', '--preset=aot-only', '--core-only', '--no-save'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(built.status, 0, built.stderr);
  for (const build of ['wasm', 'js']) {
    const small = await Runtime.create({ loadCore: nodeCoreLoader({ build, dir: 'build/aot-only' }) });
    assert.is(small.options.interpreter, 'fast');
    const inst = small.instantiate(small.load(AOT), imports());
    assert.is(inst.exports.fact.call(10n), 3628800n);
    assert.throws(() => inst.exports.boom.call(0), /integer divide by zero/);
    rejects(WASM, /wasm loader not built in/, small, 'resource');
    // it loads .aot files, it does not make them: no serializer exports (aot-writer-exports.ts), and wamrc-ts says so
    assert.is(small.core.wt_aot_serialize, undefined);
    assert.throws(() => serializeBytecode(small, WASM), /bytecode target needs a core built with WASM_LOADER/);
    // names stay UTF-8 bytes in a core without the .wasm loader (utf8.ts byteString): they read and link as on the default core
    const m = small.load(NAMES);
    assert.equal({ imports: m.imports(), exports: m.exports() }, { imports: rt.load(NAMES).imports(), exports: rt.load(NAMES).exports() });
    assert.equal(m.imports().map((d) => d.module + ' ' + d.name), ['\u00e9nv l\u00f6g\u{1f600}']);
    const got = [];
    const named = small.instantiate(m, { '\u00e9nv': { 'l\u00f6g\u{1f600}': (x) => { got.push(x); } } });
    named.exports['h\u00e9llo\u2713\u{1f600}'].call(5);
    assert.equal(got, [5]);
    // its code verifier takes the general path only (SIZE_OPT): every single-byte change of the
    // payload is accepted or refused as on the default core, with the same message and offset
    const at = payloadAt(AOT);
    const len = fmt.readAot(AOT).code.payload.length;
    const outcome = (r, x) => { try { r.load(x); return 'ok'; } catch (e) { return `${e.kind} ${e.offset} ${e.message}`; } };
    let refused = 0;
    for (let i = 0; i < len; i += 5) {
      const x = recrc(AOT, (y) => { y[at + i] ^= 0x5a; });
      const o = outcome(small, x);
      assert.is(o, outcome(rt, x), `byte ${i}`);
      if (o !== 'ok') refused++;
    }
    assert.ok(refused > len / 5 / 4, `only ${refused} changes refused`);
  }
  // a real program: wc from examples/, through iwasm-ts on the default core for its output
  const wc = compile(fs.readFileSync(path.join(ROOT, 'examples/c/wc.wasm')), { optLevel: 2 });
  const file = path.join(ROOT, 'build', 'wc-test.aot');
  fs.writeFileSync(file, wc);
  const run = spawnSync(process.execPath, ['dist/platforms/node/iwasm.js', '--dir=examples', file, 'examples/data/sample.txt'], { cwd: ROOT, encoding: 'utf8' });
  fs.rmSync(file);
  assert.is(run.stdout, '      75      703     4037 efbffa4c examples/data/sample.txt\n', run.stderr);
});

// The aot-only preset's executor is the compact one (COMPACT_EXECUTOR: grouped
// cases, pairs run as their halves): the same .aot files (wamrc-ts -O3, every
// fusion and pair of the translator's AoT level) must print the same on both
// of its core forms as on the default core. Runs after the preset's build above.
test('aot-only (compact executor), core.wasm and core.mjs: the bench programs and wc print what the default core prints', async () => {
  const { Wasi } = await import(path.join(ROOT, 'dist/platforms/node/wasi.js'));
  const { PROGRAMS } = await import(path.join(ROOT, 'bench/programs.mjs'));
  const runOn = async (runtime, aot, args, preopens = {}) => {
    const out = [];
    const wasi = new Wasi({ args, env: {}, preopens, stdin: '', returnOnExit: true, stdout: (x) => out.push(Buffer.from(x)), stderr: (x) => out.push(Buffer.from(x)) });
    const inst = runtime.instantiate(runtime.load(aot), { wasi_snapshot_preview1: wasi.imports });
    wasi.bindMemory(() => inst.memory.buffer());
    const code = wasi.start(() => inst.exports._start.call());
    return { out: Buffer.concat(out).toString('utf8'), code };
  };
  const jobs = PROGRAMS.map((p) => ({ name: p.name, aot: compile(fs.readFileSync(p.wasm), { optLevel: 3 }), args: [`${p.name}.wasm`, String(p.tiny)] }));
  jobs.push({ name: 'wc', aot: compile(fs.readFileSync(path.join(ROOT, 'examples/c/wc.wasm')), { optLevel: 3 }), args: ['wc', 'examples/data/sample.txt'], preopens: { examples: path.join(ROOT, 'examples') } });
  // a fresh runtime per run (the stub runtime of SIZE_OPT builds frees nothing)
  const small = (build) => Runtime.create({ loadCore: nodeCoreLoader({ build, dir: 'build/aot-only' }) });
  for (const j of jobs) {
    const ref = await runOn(await Runtime.create({ interpreter: 'fast' }), j.aot, j.args, j.preopens);
    assert.ok(ref.out.length > 20, `${j.name}: ${ref.out}`);
    for (const build of ['wasm', 'js']) assert.equal(await runOn(await small(build), j.aot, j.args, j.preopens), ref, `${j.name} on the aot-only core.${build === 'wasm' ? 'wasm' : 'mjs'}`);
  }
  assert.match((await runOn(await small('js'), jobs.at(-1).aot, jobs.at(-1).args, jobs.at(-1).preopens)).out, /^ +75 +703 +4037 efbffa4c examples\/data\/sample\.txt\n$/);
});

test.run();
