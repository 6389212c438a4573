/* bigint: i64 arithmetic (mul, div, rem, shifts on 64-bit values).
 *
 *  1. SCALE! in base 2^32 limbs (32x32->64 products with carries), then its
 *     decimal digits by repeated division by 10^9 (64-bit divisions); prints
 *     the number of digits, the digit sum and the leading and trailing digits.
 *  2. Miller-Rabin (bases 2, 3, 5, 7: exact below 3,215,031,751) over the odd
 *     numbers in [2^31, 2^31 + 64*SCALE), with 64-bit mulmod; prints the count
 *     of primes and an xorshift64* hash of them.
 */
#include <stdint.h>
#include <string.h>
#include "common.h"

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  b %= m;
  while (e) {
    if (e & 1) r = r * b % m;
    b = b * b % m;
    e >>= 1;
  }
  return r;
}

__attribute__((noinline)) static int is_prime(uint64_t n) {
  static const uint64_t bases[4] = {2, 3, 5, 7};
  if (n < 2) return 0;
  if (n % 2 == 0) return n == 2;
  uint64_t d = n - 1;
  int s = 0;
  while ((d & 1) == 0) { d >>= 1; s++; }
  for (int i = 0; i < 4; i++) {
    uint64_t a = bases[i];
    if (a % n == 0) continue;
    uint64_t x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    int composite = 1;
    for (int k = 1; k < s; k++) {
      x = x * x % n;
      if (x == n - 1) { composite = 0; break; }
    }
    if (composite) return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  long n = bench_scale(argc, argv, 8000);
  /* n! < n^n: n*log2(n)/32 + 2 limbs */
  long cap = 2;
  for (long v = n; v > 0; v >>= 1) cap += n / 32 + 1;
  uint32_t *limbs = calloc((size_t)cap, sizeof(uint32_t));
  if (!limbs) { fprintf(stderr, "out of memory\n"); return 1; }
  long len = 1;
  limbs[0] = 1;
  for (uint64_t f = 2; f <= (uint64_t)n; f++) {
    uint64_t carry = 0;
    for (long i = 0; i < len; i++) {
      uint64_t p = (uint64_t)limbs[i] * f + carry;
      limbs[i] = (uint32_t)p;
      carry = p >> 32;
    }
    while (carry) { limbs[len++] = (uint32_t)carry; carry >>= 32; }
  }
  /* decimal: divide by 1e9 repeatedly, collecting 9-digit chunks (little end first) */
  uint32_t *chunks = malloc(sizeof(uint32_t) * (size_t)(len * 10 / 9 + 2));
  long nchunks = 0;
  while (len > 0) {
    uint64_t rem = 0;
    for (long i = len - 1; i >= 0; i--) {
      uint64_t cur = (rem << 32) | limbs[i];
      limbs[i] = (uint32_t)(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    chunks[nchunks++] = (uint32_t)rem;
    while (len > 0 && limbs[len - 1] == 0) len--;
  }
  uint64_t digitsum = 0;
  for (long i = 0; i < nchunks; i++)
    for (uint32_t c = chunks[i], k = 0; k < 9; k++, c /= 10) digitsum += c % 10;
  uint32_t top = chunks[nchunks - 1];
  long digits = (nchunks - 1) * 9;
  for (uint32_t t = top; t; t /= 10) digits++;
  printf("bigint %ld!: %ld digits, digit sum %llu, leading %u, last chunk %09u\n",
         n, digits, (unsigned long long)digitsum, top, chunks[0]);

  uint64_t lo = 1ull << 31, hi = lo + 64ull * (uint64_t)n;
  uint64_t count = 0, h = 0x9E3779B97F4A7C15ull;
  for (uint64_t v = lo + 1; v < hi; v += 2) {
    if (is_prime(v)) {
      count++;
      h ^= v; h ^= h >> 12; h ^= h << 25; h ^= h >> 27; h *= 0x2545F4914F6CDD1Dull;
    }
  }
  printf("bigint primes in [2^31, 2^31+%llu): %llu, hash %016llx\n",
         (unsigned long long)(hi - lo), (unsigned long long)count, (unsigned long long)h);
  return 0;
}
