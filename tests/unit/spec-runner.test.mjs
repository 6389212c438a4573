// The spec runner's own logic (tests/spec): value parsing and matching
// (NaN patterns, i64 as bigint, bit-exact floats), the wast → JSON conversion
// and its cache, and the harness's tally on a hand-written script run on
// Node's WebAssembly (the reference engine).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../spec/engines.mjs";
import { messageMatches, runScript } from "../spec/harness.mjs";
import { ANY_REF, format, hostRef, isNaNKind, matches, parseValue } from "../spec/values.mjs";
import { convertCached, convertWast } from "../spec/wast2json.mjs";

test("values: integers are unsigned bit patterns, i64 as bigint", () => {
  assert.equal(parseValue({ type: "i32", value: "4294967295" }), { type: "i32", bits: 0xffffffffn });
  assert.equal(parseValue({ type: "i64", value: "18446744073709551615" }), { type: "i64", bits: 0xffffffffffffffffn });
  assert.is(format(parseValue({ type: "i64", value: "18446744073709551615" })), "i64:-1");
  assert.ok(matches(parseValue({ type: "i64", value: "9223372036854775808" }), { type: "i64", bits: 1n << 63n }));
  assert.not.ok(matches(parseValue({ type: "i32", value: "1" }), { type: "i64", bits: 1n }), "types must agree");
});

test("values: floats compare bit-exactly", () => {
  const negZero = parseValue({ type: "f32", value: "2147483648" });
  assert.ok(matches(negZero, { type: "f32", bits: 0x80000000n }));
  assert.not.ok(matches(negZero, { type: "f32", bits: 0n }), "-0 is not +0");
  const payload = parseValue({ type: "f64", value: String(0x7ff4000000000001n) });
  assert.not.ok(matches(payload, { type: "f64", bits: 0x7ff8000000000000n }), "NaN payloads must agree");
});

test("values: canonical and arithmetic NaN", () => {
  assert.ok(isNaNKind("f32", 0x7fc00000n, "canonical"));
  assert.ok(isNaNKind("f32", 0xffc00000n, "canonical"), "either sign");
  assert.not.ok(isNaNKind("f32", 0x7fc00001n, "canonical"));
  assert.ok(isNaNKind("f32", 0x7fc00001n, "arithmetic"));
  assert.not.ok(isNaNKind("f32", 0x7fa00000n, "arithmetic"), "signalling NaN is not arithmetic");
  assert.not.ok(isNaNKind("f32", 0x7f800000n, "arithmetic"), "infinity");
  assert.ok(isNaNKind("f64", 0xfff8000000000000n, "canonical"));
  assert.ok(isNaNKind("f64", 0x7ff8000000000123n, "arithmetic"));
  assert.not.ok(isNaNKind("f64", 0x7ff8000000000123n, "canonical"));
  assert.ok(matches(parseValue({ type: "f32", value: "nan:arithmetic" }), { type: "f32", bits: 0x7fe00000n }));
});

test("values: references", () => {
  assert.is(hostRef(3), hostRef(3), "host refs are interned");
  assert.ok(matches(parseValue({ type: "externref", value: "3" }), { type: "externref", ref: hostRef(3) }));
  assert.not.ok(matches(parseValue({ type: "externref", value: "3" }), { type: "externref", ref: hostRef(4) }));
  assert.ok(matches(parseValue({ type: "externref", value: "null" }), { type: "externref", ref: null }));
  assert.is(parseValue({ type: "funcref" }).ref, ANY_REF);
  assert.ok(matches(parseValue({ type: "funcref" }), { type: "funcref", ref: () => 0 }));
  assert.not.ok(matches(parseValue({ type: "funcref" }), { type: "funcref", ref: null }));
});

test("messageMatches: ours must start with or contain the expected text", () => {
  assert.ok(messageMatches("integer divide by zero", "integer divide by zero"));
  assert.ok(messageMatches("unexpected end", "unexpected end of section or function"));
  assert.ok(messageMatches("type mismatch", "invalid module: type mismatch (at byte offset 3)"));
  assert.not.ok(messageMatches("integer divide by zero", "divide by zero"));
});

// Each assertion notes the outcome the harness must report.
const SCRIPT = String.raw`
(module
  (import "spectest" "global_i32" (global $g666 i32))
  (func (export "snan") (result f32) (f32.const nan:0x200000))
  (func (export "canon") (result f64) (f64.const nan))
  (func (export "arith") (result f32) (f32.const nan:0x400001))
  (func (export "id64") (param i64) (result i64) (local.get 0))
  (func (export "idf32") (param f32) (result f32) (local.get 0))
  (func (export "neg1") (result i32) (i32.const -1))
  (func (export "g666") (result i32) (global.get $g666))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "two") (result i32 i64) (i32.const 1) (i64.const -2))
  (func $rec (export "rec") (call $rec))
  (global (export "g") f32 (f32.const -0.0))
)
(assert_return (invoke "snan") (f32.const nan:0x200000))
(assert_return (invoke "snan") (f32.const nan:arithmetic))
(assert_return (invoke "canon") (f64.const nan:canonical))
(assert_return (invoke "arith") (f32.const nan:arithmetic))
(assert_return (invoke "arith") (f32.const nan:canonical))
(assert_return (invoke "idf32" (f32.const nan:0x200001)) (f32.const nan:0x200001))
(assert_return (invoke "id64" (i64.const -1)) (i64.const 0xffffffffffffffff))
(assert_return (invoke "id64" (i64.const 0x8000000000000000)) (i64.const 0x7fffffffffffffff))
(assert_return (invoke "neg1") (i32.const 0xffffffff))
(assert_return (invoke "neg1") (i32.const 1))
(assert_return (invoke "g666") (i32.const 666))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 4) (i32.const 2)) "integer divide by zero")
(assert_return (invoke "two") (i32.const 1) (i64.const -2))
(assert_return (invoke "two") (i32.const 1) (i64.const 2))
(assert_return (get "g") (f32.const -0.0))
(assert_return (get "g") (f32.const 0.0))
(assert_exhaustion (invoke "rec") "call stack exhausted")
(module $Bad (import "spectest" "nope" (func)) (func (export "x")))
(assert_return (invoke $Bad "x"))
(assert_malformed (module quote "(func") "unexpected token")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_invalid (module (func)) "type mismatch")
(assert_unlinkable (module (import "spectest" "nope" (func))) "unknown import")
(module $M2 (func (export "f") (result i32) (i32.const 7)))
(register "m2" $M2)
(module (import "m2" "f" (func $f (result i32))) (func (export "g") (result i32) (call $f)))
(assert_return (invoke "g") (i32.const 7))
(assert_return (invoke $M2 "f") (i32.const 7))
`;

/** Line numbers of the assertions that must fail (1-based lines in SCRIPT). */
function linesOf(pattern) {
  return SCRIPT.split("\n").flatMap((l, i) => (l.includes(pattern) ? [i + 1] : []));
}

test("harness: tallies a hand-written script on the node engine", async () => {
  const { json, files } = await convertWast(SCRIPT, "unit");
  const engine = await createEngine("node");
  const ctx = await engine.newContext();
  const r = runScript({ json, ctx, readModule: (f) => files.get(f) });

  const failedLines = r.failures.map((f) => f.line).sort((a, b) => a - b);
  const expectFail = [
    ...linesOf('(invoke "snan") (f32.const nan:arithmetic)'),
    ...linesOf('(invoke "arith") (f32.const nan:canonical)'),
    ...linesOf("(i64.const 0x7fffffffffffffff)"),
    ...linesOf('(invoke "neg1") (i32.const 1)'),
    ...linesOf("(i32.const 4) (i32.const 2)"),
    ...linesOf("(i64.const 2))"),
    ...linesOf("(f32.const 0.0))"),
    ...linesOf("(module $Bad"),
    ...linesOf('(invoke $Bad "x")'),
    ...linesOf('(assert_invalid (module (func)) "type mismatch")'),
  ].sort((a, b) => a - b);
  assert.equal(failedLines, expectFail, JSON.stringify(r.failures, null, 1));
  assert.is(r.failed, expectFail.length);
  assert.is(r.na, 1, "the text-format assert_malformed is n/a");
  // every command counts once
  assert.is(r.passed + r.failed + r.na, json.commands.length);
  // V8 says "divide by zero" and "Maximum call stack size exceeded": passes, but message mismatches
  assert.ok(r.mismatches >= 2);
  assert.ok(r.mismatchDetails.some((m) => m.command === "assert_trap" && m.detail.includes('expected "integer divide by zero"')));
  // failure details name what was expected and what came back
  const neg1 = r.failures.find((f) => f.line === linesOf('(invoke "neg1") (i32.const 1)')[0]);
  assert.match(neg1.detail, /expected \[i32:1\], got \[i32:-1\]/);
  const snan = r.failures.find((f) => f.line === expectFail[0]);
  assert.match(snan.detail, /f32:nan:0x200000 \(0x7fa00000\)/);
  // a failed module makes the commands on it fail, not crash the run
  const bad = r.failures.find((f) => f.line === linesOf('(invoke $Bad "x")')[0]);
  assert.match(bad.detail, /\$Bad failed to instantiate/);
});

test("wast2json: converted output is cached by content hash", async () => {
  const dir = mkdtempSync(join(tmpdir(), "spec-cache-"));
  try {
    const wast = join(dir, "tiny.wast");
    writeFileSync(wast, '(module (func (export "f")))\n(assert_return (invoke "f"))\n');
    const cache = join(dir, "cache");
    const a = await convertCached(wast, cache);
    assert.equal(a.json.commands.map((c) => c.type), ["module", "assert_return"]);
    assert.ok(statSync(join(a.dir, a.json.commands[0].filename)).size > 8);
    const mtime = statSync(join(a.dir, "tiny.json")).mtimeMs;
    const b = await convertCached(wast, cache);
    assert.is(b.dir, a.dir);
    assert.is(statSync(join(b.dir, "tiny.json")).mtimeMs, mtime, "second call reads the cache");
    writeFileSync(wast, '(module (func (export "g")))\n');
    const c = await convertCached(wast, cache);
    assert.is.not(c.dir, a.dir, "changed content, new entry");
    assert.is(readdirSync(cache).length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("wast2json: a script that does not parse is reported", async () => {
  try {
    await convertWast("(module (func (i32.const)))\n(assert_return (invoke", "bad");
    assert.unreachable("should have thrown");
  } catch (e) {
    assert.match(e.message, /bad\.wast/);
  }
});

test.run();
