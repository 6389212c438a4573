/*
 * trap.c - a program that deliberately traps, for backtrace demos.
 *
 *   trap [DIVISOR]
 *
 * main -> run_job -> compute_average -> divide_total, and divide_total
 * divides by DIVISOR (default 0, i.e. argc - 1 when no argument is given).
 * The division is a real i32.div_s instruction in a function that is not
 * inlined, so a runtime reports "integer divide by zero" with a backtrace of
 * named frames (the build keeps the "name" custom section).
 *
 * Expected output with no argument (stdout is flushed before the trap):
 *
 *   computing the average of 3 items over 0 groups
 *
 * then the runtime's trap report on stderr, e.g. from iwasm-ts
 *
 *   Exception: integer divide by zero
 *   (backtrace: divide_total <- compute_average <- run_job <- main ...)
 *
 * and a non-zero exit status.  With a non-zero DIVISOR it prints
 * "average = N" and exits 0, e.g. `trap 3` prints "average = 20".
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int divide_total(int total, int groups)
{
    return total / groups;
}

__attribute__((noinline)) int compute_average(const int *items, int count, int groups)
{
    int total = 0;
    for (int i = 0; i < count; i++)
        total += items[i];
    return divide_total(total, groups);
}

__attribute__((noinline)) int run_job(int groups)
{
    static const int items[3] = {10, 20, 30};
    printf("computing the average of 3 items over %d groups\n", groups);
    fflush(stdout);
    return compute_average(items, 3, groups);
}

int main(int argc, char **argv)
{
    int groups = argc > 1 ? atoi(argv[1]) : argc - 1;
    int average = run_job(groups);
    printf("average = %d\n", average);
    return 0;
}
