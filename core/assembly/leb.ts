/**
 * LEB128 readers for already-validated code (spec 5.2.2): no bounds or
 * overflow checks, used at instantiation and by the interpreters. Each call
 * leaves the address after the number in `lebEnd`. (The checking reader for
 * untrusted input is reader.ts.)
 */

/** Address one past the last number read. */
export let lebEnd: usize = 0;

/** Unsigned LEB128 (up to 32 bits) at `p`. */
export function readU32(p: usize): u32 {
  let result: u32 = 0;
  let shift: u32 = 0;
  while (true) {
    let b = <u32>load<u8>(p); p++;
    result |= (b & 0x7f) << shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  lebEnd = p;
  return result;
}

/** Signed LEB128 (up to 64 bits) at `p`. */
export function readS64(p: usize): i64 {
  let result: i64 = 0;
  let shift: i64 = 0;
  let b: i64 = 0;
  while (true) {
    b = <i64>load<u8>(p); p++;
    result |= (b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  if (shift < 64 && (b & 0x40)) result |= <i64>-1 << shift;
  lebEnd = p;
  return result;
}
