// The .aot format: round trips, every rejection the loader makes, signing,
// and docs/aot-format.md being current with LAYOUT (aot/format.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fmt = await import(path.join(ROOT, 'dist/aot/format.js'));
const { AotRuntime } = await import(path.join(ROOT, 'dist/aot/loader.js'));
const { compileWasm, loadBinaryen } = await import(path.join(ROOT, 'dist/aot/compile.js'));
const { signer, trustedKeys } = await import(path.join(ROOT, 'dist/aot/sign.js'));
const { WasmError } = await import(path.join(ROOT, 'dist/core/runtime.js'));

const wabt = await wabtInit();
const wat2wasm = (src) => wabt.parseWat('t.wat', src).toBinary({}).buffer;
const b = await loadBinaryen();

const WASM = wat2wasm(`(module
  (memory (export "mem") 1) (data (i32.const 8) "hi")
  (global $g (mut i64) (i64.const 7))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "g") (result i64) (global.get $g)))`);
const AOT = compileWasm(b, WASM, { optLevel: 1, i64: 'bigint' }).aot;

const rejects = (bytes, re, rt = new AotRuntime()) => {
  try { rt.load(bytes); } catch (e) {
    assert.instance(e, WasmError);
    assert.is(e.kind, 'malformed');
    assert.match(e.message, re);
    return;
  }
  assert.unreachable(`accepted; expected ${re}`);
};

test('a compiled module loads and runs', () => {
  const rt = new AotRuntime();
  const inst = rt.instantiate(rt.load(AOT));
  assert.is(inst.call('add', 2, 40), 42);
  assert.is(inst.call('g'), 7n);
  assert.equal([...inst.memory.buffer().subarray(8, 10)], [104, 105]);
});

test('round trip: read(write(x)) gives x back, byte for byte', () => {
  const f = fmt.readAot(AOT);
  assert.is(f.header.version, fmt.FORMAT_VERSION);
  assert.is(f.header.target, fmt.TARGETS.js);
  assert.ok(f.header.features & fmt.FEATURES.bigint);
  assert.is(f.exports.map((e) => e.name).join(), 'mem,add,g');
  assert.is(f.data[0].mode, 0);
  assert.equal([...f.data[0].bytes], [104, 105]);
  const again = fmt.writeAot(f);
  assert.equal(again, AOT);
});

test('sections start 4-byte aligned', () => {
  let p = 16;
  while (p < AOT.length) {
    assert.is(p % 4, 0);
    p += 8 + (AOT[p + 4] | (AOT[p + 5] << 8) | (AOT[p + 6] << 16) | (AOT[p + 7] << 24));
  }
  assert.is(p, AOT.length);
});

test('rejects: not an .aot file, truncated files', () => {
  rejects(WASM, /bad magic/);
  rejects(AOT.subarray(0, 2), /truncated/);
  rejects(AOT.subarray(0, 20), /truncated/);
  rejects(AOT.subarray(0, AOT.length - 3), /truncated/);
  for (let n = 16; n < AOT.length; n += 37) rejects(AOT.subarray(0, n), /truncated|checksum|left over|expected section|exceeds/);
});

test('rejects: a flipped byte anywhere after the header (checksum)', () => {
  for (const at of [20, 40, AOT.length >> 1, AOT.length - 12]) {
    const bad = AOT.slice();
    bad[at] ^= 0x10;
    rejects(bad, /checksum mismatch|expected section|truncated|left over|exceeds|bad/);
  }
  const code = AOT.slice();
  const src = new TextEncoder().encode('i32');
  const i = Buffer.from(code).indexOf(Buffer.from('return'));
  code[i] ^= 1;
  rejects(code, /checksum mismatch/);
  void src;
});

test('the checksum: zlib\'s CRC-32 where the host has it, the same value from the portable one', () => {
  assert.is(fmt.crc32(new TextEncoder().encode('123456789')), 0xcbf43926); // the CRC-32 check value
  assert.is(fmt.crc32Portable(new TextEncoder().encode('123456789')), 0xcbf43926);
  const data = crypto.randomBytes(5000);
  for (const [s, e] of [[0, 0], [0, 1], [3, 11], [1, 4999], [0, 5000], [777, 4096]]) {
    assert.is(fmt.crc32(data, s, e), fmt.crc32Portable(data, s, e), `[${s}, ${e})`);
    assert.is(fmt.crc32(data, s, e), zlib.crc32(data.subarray(s, e)) >>> 0, `[${s}, ${e}) against zlib`);
  }
});

test('rejects: wrong version, wrong target, missing feature', () => {
  const v = AOT.slice(); v[4] = 99;
  rejects(v, new RegExp(`unsupported \\.aot format version 99 .*version ${fmt.FORMAT_VERSION}`));
  const t = AOT.slice(); t[8] = fmt.TARGETS.bytecode;
  rejects(t, /wrong target: the file is compiled for "bytecode"/);
  rejects(AOT, /needs feature this host lacks: bigint/, new AotRuntime({ features: fmt.ALL_FEATURES & ~fmt.FEATURES.bigint }));
  const u = AOT.slice(); u[12] |= 0x80;
  rejects(u, /unknown bits 0x80/);
});

test('signatures: trusted key accepted; unsigned, other key, tampered signature rejected', () => {
  const mk = () => crypto.generateKeyPairSync('ed25519');
  const a = mk(), other = mk();
  const pem = (k) => k.export({ type: k.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' });
  const signed = compileWasm(b, WASM, { sign: signer(pem(a.privateKey)) }).aot;
  const trustA = new AotRuntime({ verify: trustedKeys([pem(a.publicKey)]) });
  assert.is(trustA.instantiate(trustA.load(signed)).call('add', 1, 1), 2);
  rejects(AOT, /not signed/, trustA);
  rejects(signed, /bad signature/, new AotRuntime({ verify: trustedKeys([pem(other.publicKey)]) }));
  const t = signed.slice(); t[t.length - 1] ^= 1;
  rejects(t, /bad signature/, trustA);
  // A signed file still loads where no policy is set.
  const rt = new AotRuntime();
  assert.is(rt.instantiate(rt.load(signed)).call('add', 3, 4), 7);
});

test('docs/aot-format.md lists the current LAYOUT', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/aot-format.md'), 'utf8');
  const a = doc.indexOf('-->', doc.indexOf('<!-- format:begin')) + 3;
  const z = doc.indexOf('<!-- format:end -->');
  assert.is(doc.slice(a, z).trim(), fmt.formatDoc().trim(), 'stale: run node aot/update-doc.mjs');
});

test.run();
