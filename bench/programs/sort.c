/* sort: integer compares, swaps and memory traffic.
 *
 * SCALE ints from a 64-bit LCG, sorted three ways on separate copies: a
 * quicksort (median of three, insertion sort below 16 elements), a heapsort,
 * and a bottom-up merge sort.  Checks that the three agree and are sorted,
 * and prints the minimum, median, maximum and an FNV-1a hash of the result.
 */
#include <stdint.h>
#include <string.h>
#include "common.h"

static void insertion(int32_t *a, long lo, long hi) {
  for (long i = lo + 1; i <= hi; i++) {
    int32_t v = a[i];
    long j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static inline void swap(int32_t *a, long i, long j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; }

__attribute__((noinline)) static void quicksort(int32_t *a, long lo, long hi) {
  while (hi - lo >= 16) {
    long mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    int32_t p = a[mid];
    long i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    }
    /* recurse into the smaller part, loop on the larger */
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
  insertion(a, lo, hi);
}

static void sift(int32_t *a, long root, long n) {
  for (;;) {
    long child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[child + 1] > a[child]) child++;
    if (a[root] >= a[child]) return;
    swap(a, root, child);
    root = child;
  }
}

__attribute__((noinline)) static void heapsort(int32_t *a, long n) {
  for (long i = n / 2 - 1; i >= 0; i--) sift(a, i, n);
  for (long end = n - 1; end > 0; end--) { swap(a, 0, end); sift(a, 0, end); }
}

__attribute__((noinline)) static void mergesort(int32_t *a, int32_t *tmp, long n) {
  for (long width = 1; width < n; width *= 2) {
    for (long lo = 0; lo < n; lo += 2 * width) {
      long mid = lo + width < n ? lo + width : n;
      long hi = lo + 2 * width < n ? lo + 2 * width : n;
      long i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
    }
    memcpy(a, tmp, sizeof(int32_t) * n);
  }
}

int main(int argc, char **argv) {
  long n = bench_scale(argc, argv, 400000);
  int32_t *orig = malloc(sizeof(int32_t) * n), *q = malloc(sizeof(int32_t) * n);
  int32_t *h = malloc(sizeof(int32_t) * n), *m = malloc(sizeof(int32_t) * n), *tmp = malloc(sizeof(int32_t) * n);
  if (!orig || !q || !h || !m || !tmp) { fprintf(stderr, "out of memory\n"); return 1; }
  uint64_t s = 0x9E3779B97F4A7C15ull;
  for (long i = 0; i < n; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    orig[i] = (int32_t)(s >> 32);
  }
  memcpy(q, orig, sizeof(int32_t) * n);
  memcpy(h, orig, sizeof(int32_t) * n);
  memcpy(m, orig, sizeof(int32_t) * n);
  quicksort(q, 0, n - 1);
  heapsort(h, n);
  mergesort(m, tmp, n);
  for (long i = 0; i < n; i++) {
    if (q[i] != h[i] || q[i] != m[i] || (i > 0 && q[i - 1] > q[i])) {
      printf("sort %ld ints: MISMATCH at %ld\n", n, i);
      return 1;
    }
  }
  uint64_t hash = 0xcbf29ce484222325ull;
  for (long i = 0; i < n; i++) {
    uint32_t v = (uint32_t)q[i];
    for (int b = 0; b < 4; b++) { hash ^= (v >> (8 * b)) & 0xFF; hash *= 0x100000001b3ull; }
  }
  printf("sort %ld ints: min %d median %d max %d fnv1a64 %016llx\n", n, q[0], q[n / 2], q[n - 1], (unsigned long long)hash);
  return 0;
}
