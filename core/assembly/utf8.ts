/**
 * UTF-8 <-> string conversion with byte-wise memory access only.
 *
 * AssemblyScript's String.UTF8 stores 16- and 32-bit words at unaligned
 * addresses with natural alignment hints, which the core's JS build (wasm2js
 * trusts the hints) turns into wrong bytes. These routines touch the UTF-8
 * side one byte at a time and the string side at its natural 2-byte alignment.
 */

/** Decode well-formed UTF-8 at [p, p+len), `units` UTF-16 units long (validate first: reader.ts validUtf8 checks and gives the length). */
export function decodeUtf8(p: usize, len: u32, units: i32): string {
  let end = p + len;
  let s = changetype<string>(__new(<usize>units << 1, idof<string>()));
  let out = changetype<usize>(s);
  while (p < end) {
    let b = <u32>load<u8>(p);
    let cp: u32;
    if (b < 0x80) { cp = b; p += 1; }
    else if (b < 0xe0) { cp = ((b & 0x1f) << 6) | (<u32>load<u8>(p, 1) & 0x3f); p += 2; }
    else if (b < 0xf0) { cp = ((b & 0x0f) << 12) | ((<u32>load<u8>(p, 1) & 0x3f) << 6) | (<u32>load<u8>(p, 2) & 0x3f); p += 3; }
    else {
      cp = ((b & 0x07) << 18) | ((<u32>load<u8>(p, 1) & 0x3f) << 12) | ((<u32>load<u8>(p, 2) & 0x3f) << 6) | (<u32>load<u8>(p, 3) & 0x3f);
      p += 4;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      store<u16>(out, <u16>(0xd800 | (cp >> 10)));
      store<u16>(out, <u16>(0xdc00 | (cp & 0x3ff)), 2);
      out += 4;
    } else {
      store<u16>(out, <u16>cp);
      out += 2;
    }
  }
  return s;
}

/** Bytes `s` takes in UTF-8 (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): u32 {
  let n: u32 = 0;
  let len = s.length;
  for (let i = 0; i < len; i++) {
    let c = <u32>s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && (<u32>s.charCodeAt(i + 1) & 0xfc00) == 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** Encode `s` as UTF-8 at `out` (utf8Length(s) bytes); returns the byte count. */
export function encodeUtf8(s: string, out: usize): u32 {
  let start = out;
  let len = s.length;
  for (let i = 0; i < len; i++) {
    let c = <u32>s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && (<u32>s.charCodeAt(i + 1) & 0xfc00) == 0xdc00) {
      c = 0x10000 + ((c - 0xd800) << 10) + (<u32>s.charCodeAt(i + 1) - 0xdc00);
      i++;
    } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) { store<u8>(out, c); out += 1; }
    else if (c < 0x800) { store<u8>(out, 0xc0 | (c >> 6)); store<u8>(out, 0x80 | (c & 0x3f), 1); out += 2; }
    else if (c < 0x10000) {
      store<u8>(out, 0xe0 | (c >> 12)); store<u8>(out, 0x80 | ((c >> 6) & 0x3f), 1); store<u8>(out, 0x80 | (c & 0x3f), 2); out += 3;
    } else {
      store<u8>(out, 0xf0 | (c >> 18)); store<u8>(out, 0x80 | ((c >> 12) & 0x3f), 1);
      store<u8>(out, 0x80 | ((c >> 6) & 0x3f), 2); store<u8>(out, 0x80 | (c & 0x3f), 3); out += 4;
    }
  }
  return <u32>(out - start);
}

// Cores without the .wasm loader (WASM_LOADER off) keep names as their UTF-8
// bytes: every string such a core holds comes from an AoT payload (import,
// export and function names, validated as UTF-8 when loaded) or is ASCII, so
// a string of one unit per byte goes back out byte for byte, and the
// conversions above (about 600 bytes of core.wasm) are left out. The host
// decodes the UTF-8 as it always did.

/** The bytes at [p, p+len) as a string of one UTF-16 unit per byte (for `bytesOut`; WASM_LOADER off). */
export function byteString(p: usize, len: u32): string {
  let s = changetype<string>(__new(<usize>len << 1, idof<string>()));
  for (let i: usize = 0; i < <usize>len; i++) store<u16>(changetype<usize>(s) + (i << 1), load<u8>(p + i));
  return s;
}

/** Write the units of `s` (each below 256: byteString's, or ASCII) as bytes at `out`; returns the byte count. */
export function bytesOut(s: string, out: usize): u32 {
  let n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) store<u8>(out + i, <u8>load<u16>(changetype<usize>(s) + (i << 1)));
  return <u32>n;
}

