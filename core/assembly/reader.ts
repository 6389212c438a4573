import { ErrorKind, setError, hasError } from "./errors";
import { decodeUtf8 } from "./utf8";

/**
 * A cursor over a module binary held in core memory, decoding the spec's
 * binary conventions (spec 5.2: LEB128 integers, floats, names, vectors).
 *
 * Every read is bounds-checked against `end`. On a decoding error the reader
 * records a Malformed error (with the byte offset relative to `base`) once,
 * sets `failed`, and returns 0 from then on, so callers check `failed` at
 * convenient points rather than after every read.
 */
export class Reader {
  /** Absolute address of byte 0 of the module binary (for error offsets). */
  base: usize;
  pos: usize;
  end: usize;
  failed: bool = false;

  constructor(base: usize, pos: usize, end: usize) {
    this.base = base;
    this.pos = pos;
    this.end = end;
  }

  /** Byte offset of the cursor within the module binary. */
  @inline offset(): i32 { return <i32>(this.pos - this.base); }

  fail(msg: string, at: usize = 0): void {
    if (this.failed) return;
    this.failed = true;
    if (!hasError()) setError(ErrorKind.Malformed, msg, <i32>((at ? at : this.pos) - this.base));
  }

  /** Fail with `unexpected end` (or `msg`) unless `n` more bytes are available. */
  need(n: usize, msg: string = "unexpected end"): bool {
    if (this.failed) return false;
    if (n > this.end - this.pos) { this.fail(msg); return false; }
    return true;
  }

  @inline atEnd(): bool { return this.pos >= this.end; }

  u8(): u32 {
    if (!this.need(1)) return 0;
    let v = <u32>load<u8>(this.pos);
    this.pos++;
    return v;
  }

  /** Unsigned LEB128 of at most `bits` bits (spec 5.2.2). */
  uleb(bits: i32 = 32): u64 {
    let result: u64 = 0;
    let shift: i32 = 0;
    let maxBytes = (bits + 6) / 7;
    for (let i = 0; i < maxBytes; i++) {
      if (!this.need(1)) return 0;
      let b = <u64>load<u8>(this.pos);
      this.pos++;
      if (i == maxBytes - 1) {
        if (b & 0x80) { this.fail("integer representation too long", this.pos - 1); return 0; }
        // unused bits of the last byte must be zero
        let used = bits - shift;
        if (used < 7 && (b >> <u64>used) != 0) { this.fail("integer too large", this.pos - 1); return 0; }
      }
      result |= (b & 0x7f) << <u64>shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
    return result;
  }

  /** Signed LEB128 of at most `bits` bits (spec 5.2.2). */
  sleb(bits: i32 = 32): i64 {
    let result: i64 = 0;
    let shift: i32 = 0;
    let maxBytes = (bits + 6) / 7;
    for (let i = 0; i < maxBytes; i++) {
      if (!this.need(1)) return 0;
      let b = <i64>load<u8>(this.pos);
      this.pos++;
      if (i == maxBytes - 1) {
        if (b & 0x80) { this.fail("integer representation too long", this.pos - 1); return 0; }
        let used = bits - shift; // bits of the value in this byte, incl. sign bit
        if (used < 7) {
          // the remaining high bits must all equal the sign bit
          let rest = (b & 0x7f) >> <i64>(used - 1);
          let allOnes: i64 = (<i64>1 << <i64>(8 - used)) - 1;
          if (rest != 0 && rest != allOnes) { this.fail("integer too large", this.pos - 1); return 0; }
        }
      }
      result |= (b & 0x7f) << <i64>shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < 64 && (b & 0x40)) result |= <i64>-1 << <i64>shift;
        return result;
      }
    }
    return result;
  }

  u32(): u32 { return <u32>this.uleb(32); }
  s32(): i32 { return <i32>this.sleb(32); }
  s33(): i64 { return this.sleb(33); }
  s64(): i64 { return this.sleb(64); }

  f32bits(): u32 {
    if (!this.need(4)) return 0;
    let v = load<u32>(this.pos, 0, 1);
    this.pos += 4;
    return v;
  }

  f64bits(): u64 {
    if (!this.need(8)) return 0;
    let v = load<u64>(this.pos, 0, 1);
    this.pos += 8;
    return v;
  }

  /** A vector length; fails with `msg` if it cannot possibly fit in the rest of the input. */
  count(minBytesEach: u32 = 1, msg: string = "length out of bounds"): u32 {
    let n = this.u32();
    if (this.failed) return 0;
    if (<u64>n * <u64>minBytesEach > <u64>(this.end - this.pos)) { this.fail(msg); return 0; }
    return n;
  }

  /** A name (spec 5.2.4): length-prefixed UTF-8, validated. */
  name(): string {
    let len = this.u32();
    if (this.failed) return "";
    if (<usize>len > this.end - this.pos) { this.fail("length out of bounds"); return ""; }
    let start = this.pos;
    let units = validUtf8(start, len);
    if (units < 0) { this.fail("malformed UTF-8 encoding", start); return ""; }
    this.pos += len;
    return decodeUtf8(start, len, units);
  }
}

/**
 * Check that [p, p+len) is well-formed UTF-8 (no overlongs, surrogates or
 * > U+10FFFF): returns its length in UTF-16 units (what decodeUtf8 takes), or -1.
 */
export function validUtf8(p: usize, len: u32): i32 {
  let end = p + len;
  let units = 0;
  while (p < end) {
    let b0 = <u32>load<u8>(p);
    units++;
    if (b0 < 0x80) { p++; continue; }
    let n: i32;
    let min: u32;
    let cp: u32;
    if ((b0 & 0xe0) == 0xc0) { n = 1; cp = b0 & 0x1f; min = 0x80; }
    else if ((b0 & 0xf0) == 0xe0) { n = 2; cp = b0 & 0x0f; min = 0x800; }
    else if ((b0 & 0xf8) == 0xf0) { n = 3; cp = b0 & 0x07; min = 0x10000; }
    else return -1;
    if (<usize>n >= end - p) return -1;
    for (let i = 1; i <= n; i++) {
      let b = <u32>load<u8>(p + i);
      if ((b & 0xc0) != 0x80) return -1;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    if (n == 3) units++; // a surrogate pair
    p += n + 1;
  }
  return units;
}
