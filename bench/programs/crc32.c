/* crc32: integer and memory-bound byte loops.
 *
 * Fills a 1 MiB buffer from xorshift32, then makes SCALE passes over it; each
 * pass computes the CRC-32 (zlib's polynomial, table-driven, byte at a time),
 * Adler-32 and FNV-1a-32 of the buffer and then perturbs one word of it, so no
 * pass can be skipped.  Prints the three checksums of the last pass and a
 * running combination of all of them.
 *
 * Built with -DCRC32_ONLY=1, 2 or 3 (bench/build.sh: crc32-crc, crc32-adler,
 * crc32-fnv, the `npm run bench -- --parts` programs), a pass computes only the
 * CRC-32, the Adler-32 or the FNV-1a checksum and perturbs the buffer with it,
 * so that each loop can be timed alone.
 */
#include <stdint.h>
#include "common.h"

#ifndef CRC32_ONLY
#define CRC32_ONLY 0
#endif
#define BUF_SIZE (1u << 20)
static uint8_t buf[BUF_SIZE];
static uint32_t table[256];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

__attribute__((noinline)) static uint32_t crc32(const uint8_t *p, uint32_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (uint32_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

__attribute__((noinline)) static uint32_t adler32(const uint8_t *p, uint32_t n) {
  uint32_t a = 1, b = 0;
  while (n > 0) {
    uint32_t chunk = n < 5552 ? n : 5552;   /* no overflow before the modulo */
    n -= chunk;
    while (chunk--) { a += *p++; b += a; }
    a %= 65521; b %= 65521;
  }
  return (b << 16) | a;
}

__attribute__((noinline)) static uint32_t fnv1a(const uint8_t *p, uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
  return h;
}

int main(int argc, char **argv) {
  long scale = bench_scale(argc, argv, 24);
  make_table();
  uint32_t x = 2463534242u;
  for (uint32_t i = 0; i < BUF_SIZE; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    buf[i] = (uint8_t)(x >> 24);
  }
  uint32_t crc = 0, ad = 0, fnv = 0, mix = 0;
  for (long pass = 0; pass < scale; pass++) {
    if (CRC32_ONLY == 0 || CRC32_ONLY == 1) crc = crc32(buf, BUF_SIZE);
    if (CRC32_ONLY == 0 || CRC32_ONLY == 2) ad = adler32(buf, BUF_SIZE);
    if (CRC32_ONLY == 0 || CRC32_ONLY == 3) fnv = fnv1a(buf, BUF_SIZE);
    mix = (mix * 31u) ^ crc ^ (ad << 1) ^ (fnv >> 1);
    uint32_t at = ((CRC32_ONLY == 0 ? crc : crc ^ ad) % (BUF_SIZE / 4)) * 4;
    buf[at] ^= (uint8_t)(CRC32_ONLY == 0 ? fnv : (crc ^ ad ^ fnv) | 1);
  }
  printf("crc32 %ld MiB: crc32 %08x adler32 %08x fnv1a %08x mix %08x\n", scale, crc, ad, fnv, mix);
  return 0;
}
