/*
 * wc.c - word count plus CRC-32 for files in a preopened directory.
 *
 *   wc [--out=FILE] [FILE...]
 *
 * For each FILE (a path relative to a preopened directory, e.g.
 * data/sample.txt when the runtime runs in examples/ with --dir=.) prints
 *
 *   lines words bytes crc32 name
 *
 * and, for more than one file, a "total" line (its crc32 column is the
 * CRC-32 of all the files' bytes concatenated).  With no FILE, or FILE "-",
 * standard input is read.  With --out=FILE the same report is also written
 * to FILE (inside the preopened directory), then read back, and a line
 * "wrote N bytes to FILE" is printed, so path_open for writing, fd_write,
 * fd_seek/fd_read and path_filestat_get are exercised.
 *
 * Words are maximal runs of bytes that are not ASCII white space, as in
 * POSIX wc in the C locale.  CRC-32 is the zlib/PNG polynomial (0xEDB88320,
 * reflected, initial and final xor 0xFFFFFFFF).
 *
 * Expected output for the shipped sample, run in examples/ with --dir=.:
 *
 *   $ iwasm-ts --dir=. c/wc.wasm data/sample.txt
 *         75      703     4037 efbffa4c data/sample.txt
 *
 * Exit status: 0 on success, 1 when a file could not be read or written,
 * 2 on a usage error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct counts {
    unsigned long lines, words, bytes;
    uint32_t crc; /* running CRC register (not yet final-xored) */
};

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc_update(uint32_t reg, const unsigned char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        reg = crc_table[(reg ^ buf[i]) & 0xff] ^ (reg >> 8);
    return reg;
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Counts one stream into *c and also feeds *total_crc. Returns 0 or errno. */
static int count_stream(FILE *f, struct counts *c, uint32_t *total_crc)
{
    unsigned char buf[4096];
    int in_word = 0;
    size_t got;
    c->lines = c->words = c->bytes = 0;
    c->crc = 0xFFFFFFFFu;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < got; i++) {
            int ch = buf[i];
            if (ch == '\n')
                c->lines++;
            if (is_space(ch)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                c->words++;
            }
        }
        c->bytes += got;
        c->crc = crc_update(c->crc, buf, got);
        *total_crc = crc_update(*total_crc, buf, got);
    }
    return ferror(f) ? (errno ? errno : EIO) : 0;
}

static int format_line(char *dst, size_t cap, const struct counts *c, uint32_t crc, const char *name)
{
    return snprintf(dst, cap, "%8lu %8lu %8lu %08x %s\n", c->lines, c->words, c->bytes, crc, name);
}

int main(int argc, char **argv)
{
    const char *out_path = NULL;
    const char *files[64];
    int nfiles = 0;
    int status = 0;

    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--out=", 6) == 0 && argv[i][6]) {
            out_path = argv[i] + 6;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "wc: unknown option %s\nusage: wc [--out=FILE] [FILE...]\n", argv[i]);
            return 2;
        } else if (nfiles < 64) {
            files[nfiles++] = argv[i];
        } else {
            fprintf(stderr, "wc: too many files\n");
            return 2;
        }
    }
    if (nfiles == 0)
        files[nfiles++] = "-";

    crc_init();

    /* The report is kept in memory so it can be written to --out as well. */
    size_t report_cap = 128 * (size_t)(nfiles + 1);
    char *report = malloc(report_cap);
    size_t report_len = 0;
    report[0] = 0;

    struct counts total = {0, 0, 0, 0xFFFFFFFFu};
    int counted = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *name = files[i];
        int from_stdin = strcmp(name, "-") == 0;
        FILE *f = from_stdin ? stdin : fopen(name, "rb");
        if (!f) {
            fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        struct counts c;
        int err = count_stream(f, &c, &total.crc);
        if (!from_stdin)
            fclose(f);
        if (err) {
            fprintf(stderr, "wc: %s: read error: %s\n", name, strerror(err));
            status = 1;
            continue;
        }
        if (!from_stdin) {
            struct stat st;
            if (stat(name, &st) != 0) {
                fprintf(stderr, "wc: %s: stat: %s\n", name, strerror(errno));
                status = 1;
            } else if ((unsigned long long)st.st_size != c.bytes) {
                fprintf(stderr, "wc: %s: size %llu but read %lu bytes\n", name,
                        (unsigned long long)st.st_size, c.bytes);
                status = 1;
            }
        }
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
        counted++;
        report_len += format_line(report + report_len, report_cap - report_len, &c,
                                  c.crc ^ 0xFFFFFFFFu, from_stdin ? "(stdin)" : name);
    }
    if (counted > 1)
        report_len += format_line(report + report_len, report_cap - report_len, &total,
                                  total.crc ^ 0xFFFFFFFFu, "total");

    fputs(report, stdout);

    if (out_path) {
        FILE *out = fopen(out_path, "w+");
        if (!out) {
            fprintf(stderr, "wc: %s: %s\n", out_path, strerror(errno));
            return 1;
        }
        size_t wrote = fwrite(report, 1, report_len, out);
        /* Read the file back to check what landed on disk. */
        char *check = malloc(report_len + 1);
        size_t back = 0;
        if (fflush(out) == 0 && fseek(out, 0, SEEK_SET) == 0)
            back = fread(check, 1, report_len + 1, out);
        int same = wrote == report_len && back == report_len && memcmp(check, report, report_len) == 0;
        free(check);
        if (fclose(out) != 0 || !same) {
            fprintf(stderr, "wc: %s: write failed\n", out_path);
            return 1;
        }
        printf("wrote %zu bytes to %s\n", report_len, out_path);
    }
    free(report);
    return status;
}
