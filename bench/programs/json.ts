// json: a branchy byte-level parser (AssemblyScript).
//
// Generates a JSON document of SCALE records into linear memory, e.g.
//   {"id":17,"name":"item-17","ok":true,"score":-12.5,"tags":["t1","t2"],
//    "pos":{"x":3,"y":-4,"z":[1,2,3]},"note":null,"esc":"a\"b\\c\n"}
// (fields vary with the record number), then parses it with a recursive
// descent parser that validates it and computes: counts of objects, arrays,
// strings, numbers, literals, the maximum depth, the sum of the integers (i64),
// the sum of the non-integers (f64), and an FNV-1a hash of every key and
// string value.  Prints those.  The stub runtime never frees, so neither
// generator nor parser allocates per value.
import { print, printErr, exit, scaleArg, hex32 } from "./wasi";

let buf: usize = 0;
let cap: usize = 0;
let len: usize = 0;

@inline function put(c: i32): void {
  store<u8>(buf + len, <u8>c);
  len++;
}

function putStr(s: string): void {
  for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
}

function putInt(v: i64): void {
  if (v < 0) { put(45); v = -v; }
  let digits = memory.data(24);
  let n = 0;
  do { store<u8>(digits + n, <u8>(48 + v % 10)); v /= 10; n++; } while (v != 0);
  while (n > 0) { n--; put(load<u8>(digits + n)); }
}

function generate(records: i32): void {
  cap = <usize>records * 200 + 64;
  buf = heap.alloc(cap);
  len = 0;
  put(91); // [
  let seed: u32 = 12345;
  for (let i = 0; i < records; i++) {
    if (i > 0) put(44);
    seed = seed * 1103515245 + 12345;
    const r = <i32>(seed >> 8);
    putStr("{\"id\":"); putInt(i);
    putStr(",\"name\":\"item-"); putInt(i); put(34);
    putStr(",\"ok\":"); putStr((r & 1) != 0 ? "true" : "false");
    putStr(",\"score\":"); putInt((r % 2000) - 1000); put(46); putInt((r >> 11) % 100);
    if ((r & 4) != 0) { putStr("e-"); putInt((r >> 3) & 3); }
    putStr(",\"tags\":[");
    const ntags = (r >> 4) & 3;
    for (let t = 0; t < ntags; t++) { if (t > 0) put(44); putStr("\"t"); putInt(t + (r & 7)); put(34); }
    putStr("],\"pos\":{\"x\":"); putInt(r % 1000);
    putStr(",\"y\":"); putInt(-(r % 777));
    putStr(",\"z\":[1,2,"); putInt(i * 7 % 13); putStr("]}");
    if ((r & 8) != 0) putStr(",\"note\":null");
    if ((r & 16) != 0) putStr(",\"esc\":\"a\\\"b\\\\c\\n\"");
    put(125);
  }
  put(93);
}

// ---- parser ----
let pos: usize = 0;
let objects = 0, arrays = 0, strings = 0, numbers = 0, literals = 0, maxDepth = 0;
let intSum: i64 = 0;
let floatSum: f64 = 0;
let hash: u32 = 2166136261;

function fail(what: string): void {
  printErr("json: " + what + " at byte " + pos.toString() + "\n");
  exit(1);
}

@inline function peek(): i32 { return pos < len ? <i32>load<u8>(buf + pos) : -1; }

function skipWs(): void {
  while (pos < len) {
    const c = load<u8>(buf + pos);
    if (c != 32 && c != 10 && c != 13 && c != 9) return;
    pos++;
  }
}

function parseString(): void {
  pos++; // opening quote
  let h = hash;
  while (true) {
    if (pos >= len) { fail("unterminated string"); return; }
    let c = <u32>load<u8>(buf + pos++);
    if (c == 34) break;
    if (c == 92) {
      const e = peek();
      pos++;
      switch (e) {
        case 34: c = 34; break;
        case 92: c = 92; break;
        case 47: c = 47; break;
        case 98: c = 8; break;
        case 102: c = 12; break;
        case 110: c = 10; break;
        case 114: c = 13; break;
        case 116: c = 9; break;
        default: fail("bad escape"); return;
      }
    } else if (c < 32) { fail("control character in string"); return; }
    h = (h ^ c) * 16777619;
  }
  hash = h;
  strings++;
}

const POW10: StaticArray<f64> = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function parseNumber(): void {
  let neg = false;
  if (peek() == 45) { neg = true; pos++; }
  let mant: i64 = 0;
  let digits = 0;
  let c = peek();
  while (c >= 48 && c <= 57) { mant = mant * 10 + (c - 48); digits++; pos++; c = peek(); }
  if (digits == 0) { fail("digit expected"); return; }
  let frac = 0;
  if (c == 46) {
    pos++;
    c = peek();
    while (c >= 48 && c <= 57) { mant = mant * 10 + (c - 48); frac++; pos++; c = peek(); }
    if (frac == 0) { fail("digit expected after ."); return; }
  }
  let exp = 0;
  if (c == 101 || c == 69) {
    pos++;
    let eneg = false;
    c = peek();
    if (c == 45 || c == 43) { eneg = c == 45; pos++; c = peek(); }
    let ed = 0;
    while (c >= 48 && c <= 57) { exp = exp * 10 + (c - 48); ed++; pos++; c = peek(); }
    if (ed == 0) { fail("digit expected in exponent"); return; }
    if (eneg) exp = -exp;
  }
  numbers++;
  if (neg) mant = -mant;
  const scale = exp - frac;
  if (scale == 0) { intSum += mant; return; }
  if (scale < -15 || scale > 15) { fail("exponent out of range"); return; }
  floatSum += scale < 0 ? <f64>mant / POW10[-scale] : <f64>mant * POW10[scale];
}

function expectWord(w: string): void {
  for (let i = 0; i < w.length; i++) {
    if (peek() != w.charCodeAt(i)) { fail("bad literal"); return; }
    pos++;
  }
  literals++;
}

function parseValue(depth: i32): void {
  if (depth > maxDepth) maxDepth = depth;
  skipWs();
  const c = peek();
  switch (c) {
    case 123: { // {
      pos++;
      objects++;
      skipWs();
      if (peek() == 125) { pos++; return; }
      while (true) {
        skipWs();
        if (peek() != 34) { fail("key expected"); return; }
        parseString();
        skipWs();
        if (peek() != 58) { fail(": expected"); return; }
        pos++;
        parseValue(depth + 1);
        skipWs();
        const d = peek();
        pos++;
        if (d == 125) return;
        if (d != 44) { fail(", or } expected"); return; }
      }
    }
    case 91: { // [
      pos++;
      arrays++;
      skipWs();
      if (peek() == 93) { pos++; return; }
      while (true) {
        parseValue(depth + 1);
        skipWs();
        const d = peek();
        pos++;
        if (d == 93) return;
        if (d != 44) { fail(", or ] expected"); return; }
      }
    }
    case 34: parseString(); return;
    case 116: expectWord("true"); return;
    case 102: expectWord("false"); return;
    case 110: expectWord("null"); return;
    default:
      if (c == 45 || (c >= 48 && c <= 57)) { parseNumber(); return; }
      fail("value expected");
  }
}

const records = scaleArg(60000);
generate(records);
const passes = 3;
for (let p = 0; p < passes; p++) {
  pos = 0;
  parseValue(0);
  skipWs();
  if (pos != len) fail("trailing bytes");
}
print("json " + records.toString() + " records, " + len.toString() + " bytes, " + passes.toString() + " passes: " +
  objects.toString() + " objects " + arrays.toString() + " arrays " + strings.toString() + " strings " +
  numbers.toString() + " numbers " + literals.toString() + " literals, depth " + maxDepth.toString() +
  ", int sum " + intSum.toString() + ", float sum " + floatSum.toString() + ", hash " + hex32(hash) + "\n");
