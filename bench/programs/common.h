/* Shared by the C benchmark programs: the SCALE argument. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H
#include <stdio.h>
#include <stdlib.h>

/* argv[1] as a positive integer, or `def` when absent; exits 2 on a bad one. */
static long bench_scale(int argc, char **argv, long def) {
  if (argc < 2) return def;
  char *end;
  long v = strtol(argv[1], &end, 10);
  if (*end != 0 || v < 1) {
    fprintf(stderr, "usage: %s [SCALE]   (SCALE a positive integer)\n", argv[0]);
    exit(2);
  }
  return v;
}
#endif
