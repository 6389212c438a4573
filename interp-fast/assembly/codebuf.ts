/**
 * A growable buffer of fast-interpreter code (16-bit units, little-endian),
 * written by the translator through the generated encoders
 * (format.generated.ts). `len` is in bytes. Reused from one function to the
 * next; `finish` copies the code out into an exact-size heap block.
 */
export class CodeBuf {
  ptr: usize = 0;
  cap: usize = 0;
  len: usize = 0;

  constructor() {
    this.cap = 4096;
    this.ptr = heap.alloc(this.cap);
  }

  @inline private reserve(n: usize): void {
    if (this.len + n > this.cap) this.grow(n);
  }

  private grow(n: usize): void {
    let c = this.cap << 1;
    while (this.len + n > c) c <<= 1;
    this.ptr = heap.realloc(this.ptr, c);
    this.cap = c;
  }

  u16(v: u32): void { this.reserve(2); store<u16>(this.ptr + this.len, <u16>v); this.len += 2; }
  u32(v: u32): void { this.reserve(4); store<u32>(this.ptr + this.len, v, 0, 2); this.len += 4; }
  i32(v: i32): void { this.reserve(4); store<i32>(this.ptr + this.len, v, 0, 2); this.len += 4; }
  u64(v: u64): void { this.reserve(8); store<u64>(this.ptr + this.len, v, 0, 2); this.len += 8; }

  /** Append `n` bytes from address `src`. */
  bytes(src: usize, n: usize): void { this.reserve(n); memory.copy(this.ptr + this.len, src, n); this.len += n; }

  /** Overwrite the i32 at byte offset `at`. */
  patchI32(at: usize, v: i32): void { store<i32>(this.ptr + at, v, 0, 2); }
  /** Overwrite the u16 at byte offset `at`. */
  patchU16(at: usize, v: u32): void { store<u16>(this.ptr + at, <u16>v); }
  getU16(at: usize): u32 { return <u32>load<u16>(this.ptr + at); }
  getI16(at: usize): i32 { return <i32>load<i16>(this.ptr + at); }
  getU32(at: usize): u32 { return load<u32>(this.ptr + at, 0, 2); }

  /** A heap copy of the code (freed by Module.dispose). */
  finish(): usize {
    let p = heap.alloc(this.len > 0 ? this.len : 2);
    memory.copy(p, this.ptr, this.len);
    return p;
  }
}
