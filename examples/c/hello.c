/*
 * hello.c - the smallest useful WASI command: prints a greeting, its
 * arguments and the environment variables whose names start with "HELLO_".
 *
 *   iwasm-ts --env=HELLO_NAME=world examples/c/hello.wasm one "two words"
 *
 * Expected output (argv[0] is printed as its base name, so the output does
 * not depend on the path the runtime was given; the HELLO_ variables are
 * printed sorted by name):
 *
 *   Hello from WebAssembly!
 *   argc = 3
 *   argv[0] = hello.wasm
 *   argv[1] = one
 *   argv[2] = two words
 *   env HELLO_NAME = world
 *   Hello, world!
 *
 * Exit status: 0, or the number given by HELLO_EXIT when it is set (so a
 * non-zero exit code can be tested).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
    printf("Hello from WebAssembly!\n");
    printf("argc = %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = %s\n", i, i == 0 ? base_name(argv[i]) : argv[i]);

    /* Collect HELLO_* variables and print them in a fixed order. */
    size_t count = 0;
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, "HELLO_", 6) == 0)
            count++;
    const char **selected = malloc((count + 1) * sizeof *selected);
    size_t n = 0;
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, "HELLO_", 6) == 0)
            selected[n++] = *e;
    qsort(selected, n, sizeof *selected, compare_strings);
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(selected[i], '=');
        int name_len = eq ? (int)(eq - selected[i]) : (int)strlen(selected[i]);
        printf("env %.*s = %s\n", name_len, selected[i], eq ? eq + 1 : "");
    }
    free(selected);

    const char *name = getenv("HELLO_NAME");
    printf("Hello, %s!\n", name && *name ? name : "stranger");

    const char *code = getenv("HELLO_EXIT");
    return code ? atoi(code) : 0;
}
