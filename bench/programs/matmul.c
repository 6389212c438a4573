/* matmul: f64 matrix multiply, memory and floating point.
 *
 * C = A x B for N x N matrices of doubles (N = SCALE), with A and B filled
 * from an LCG, in i-k-j loop order over row-major arrays; then C = C x A
 * once more so the result depends on the whole of C.  Prints the trace and
 * the sum of all elements of the final matrix, and one element.
 */
#include <stdint.h>
#include "common.h"

__attribute__((noinline)) static void mul(int n, const double *a, const double *b, double *c) {
  for (int i = 0; i < n * n; i++) c[i] = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      const double *brow = b + k * n;
      double *crow = c + i * n;
      for (int j = 0; j < n; j++) crow[j] += aik * brow[j];
    }
}

int main(int argc, char **argv) {
  int n = (int)bench_scale(argc, argv, 350);
  double *a = malloc(sizeof(double) * n * n);
  double *b = malloc(sizeof(double) * n * n);
  double *c = malloc(sizeof(double) * n * n);
  double *d = malloc(sizeof(double) * n * n);
  if (!a || !b || !c || !d) { fprintf(stderr, "out of memory\n"); return 1; }
  uint32_t s = 12345;
  for (int i = 0; i < n * n; i++) {
    s = s * 1103515245u + 12345u;
    a[i] = (double)(s >> 8) / 16777216.0 - 0.5;
    s = s * 1103515245u + 12345u;
    b[i] = (double)(s >> 8) / 16777216.0 - 0.5;
  }
  mul(n, a, b, c);
  mul(n, c, a, d);
  double trace = 0.0, sum = 0.0;
  for (int i = 0; i < n; i++) trace += d[i * n + i];
  for (int i = 0; i < n * n; i++) sum += d[i];
  printf("matmul %dx%d: trace %.10e sum %.10e d[n-1][0] %.10e\n", n, n, trace, sum, d[(n - 1) * n]);
  return 0;
}
