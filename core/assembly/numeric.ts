/**
 * Numeric helpers shared by the interpreters: slot encodings of comparison
 * results and float bits, arithmetic-NaN quieting (spec 4.3.3), saturating
 * truncation (spec 4.3.3, `trunc_sat`), and an i64 -> f32 conversion with a
 * single rounding. All are bit-exact alike in the core's wasm build and in
 * its wasm2js (JS) build, where a naive version would differ.
 */

/**
 * A comparison result as a slot value. (Written as a call so the comparison is
 * typed by its operands: asc 0.28 otherwise widens `load<i32>` operands to
 * i64 under a u64 context and compares them unsigned.)
 */
// @ts-ignore: decorator
@inline export function bit(c: bool): u64 { return c ? 1 : 0; }

// ---- float helpers (bit-exact, same in the wasm and JS builds) ----

// @ts-ignore: decorator
@inline export function f32of(bits: u64): f32 { return reinterpret<f32>(<u32>bits); }
// @ts-ignore: decorator
@inline export function f32bits(v: f32): u64 { return <u64>reinterpret<u32>(v); }
// @ts-ignore: decorator
@inline export function f64of(bits: u64): f64 { return reinterpret<f64>(bits); }
// @ts-ignore: decorator
@inline export function f64bits(v: f64): u64 { return reinterpret<u64>(v); }

/**
 * Result bits of a float operation whose NaN result must be arithmetic
 * (quiet bit set, spec 4.3.3). JS's Math.floor and friends return a
 * signalling NaN operand unchanged, so the JS build must set the bit.
 */
export function quiet64(v: f64): u64 {
  let b = reinterpret<u64>(v);
  return v != v ? b | 0x0008000000000000 : b;
}
export function quiet32(v: f32): u64 {
  let b = reinterpret<u32>(v);
  return <u64>(v != v ? b | 0x00400000 : b);
}

export function truncSat32s(x: f64): i32 {
  if (x != x) return 0;
  if (x <= -2147483648.0) return i32.MIN_VALUE;
  if (x >= 2147483647.0) return i32.MAX_VALUE;
  return <i32>x;
}
export function truncSat32u(x: f64): u32 {
  if (x != x || x <= 0) return 0;
  if (x >= 4294967295.0) return u32.MAX_VALUE;
  return <u32>x;
}
export function truncSat64s(x: f64): i64 {
  if (x != x) return 0;
  if (x <= -9223372036854775808.0) return i64.MIN_VALUE;
  if (x >= 9223372036854775808.0) return i64.MAX_VALUE;
  return <i64>x;
}
export function truncSat64u(x: f64): u64 {
  if (x != x || x <= 0) return 0;
  if (x >= 18446744073709551616.0) return u64.MAX_VALUE;
  return <u64>x;
}

/** i64 -> f32 with a single rounding (the JS build would otherwise round twice through f64). */
export function i64ToF32(x: i64): f32 {
  if (x >= -(<i64>1 << 53) && x <= (<i64>1 << 53)) return <f32><f64>x;
  let neg = x < 0;
  let u: u64 = neg ? <u64>(-x) : <u64>x;
  let r = u64ToF32(u);
  return neg ? -r : r;
}
export function u64ToF32(u: u64): f32 {
  if (u <= (<u64>1 << 53)) return <f32><f64>u;
  // Keep 26 significant bits (24 + round + sticky), so that the one
  // f64 -> f32 rounding below is the correct one.
  let lz = <i32>clz<u64>(u);
  let shift = 64 - 26 - lz; // >= 28 here
  let sticky: u64 = (u & ((<u64>1 << <u64>shift) - 1)) != 0 ? 1 : 0;
  let top = (u >> <u64>shift) | sticky;
  return <f32>(<f64>top * reinterpret<f64>(<u64>(1023 + shift) << 52)); // exact: 2^shift
}
