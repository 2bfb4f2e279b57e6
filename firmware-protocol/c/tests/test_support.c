/*
 * Helpers shared by the tests (not part of the library).
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

static int failures;

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int hex_decode(const char *hex, uint8_t *out, size_t out_size)
{
    size_t len = strlen(hex);
    size_t i;

    if (len % 2 != 0 || len / 2 > out_size)
        return -1;
    for (i = 0; i < len / 2; i++) {
        int hi = hex_digit(hex[2 * i]);
        int lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (int)(len / 2);
}

void hex_encode(const uint8_t *bytes, size_t len, char *text)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < len; i++) {
        text[2 * i] = digits[bytes[i] >> 4];
        text[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
    text[2 * len] = '\0';
}

static void print_hex_line(const char *label, const uint8_t *bytes, size_t len)
{
    size_t i;

    printf("      %-5s", label);
    for (i = 0; i < len; i++)
        printf(" %02x", bytes[i]);
    printf("  (%lu bytes)\n", (unsigned long)len);
}

static size_t first_difference(const uint8_t *got, size_t got_len, const uint8_t *want,
                               size_t want_len)
{
    size_t common = got_len < want_len ? got_len : want_len;
    size_t at = 0;

    while (at < common && got[at] == want[at])
        at++;
    return at;
}

int bytes_equal(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len)
{
    return got_len == want_len && first_difference(got, got_len, want, want_len) == got_len;
}

void print_difference(const char *what, const uint8_t *got, size_t got_len, const uint8_t *want,
                      size_t want_len)
{
    printf("    %s differs at byte %lu\n", what,
           (unsigned long)first_difference(got, got_len, want, want_len));
    print_hex_line("got", got, got_len);
    print_hex_line("want", want, want_len);
}

void check(const char *name, int ok)
{
    printf("%s %s\n", ok ? "PASS" : "FAIL", name);
    if (!ok)
        failures++;
}

int check_failures(void)
{
    return failures;
}

void check_bytes(const char *name, const uint8_t *got, size_t got_len, const char *want_hex)
{
    uint8_t want[256];
    int want_len = hex_decode(want_hex, want, sizeof want);
    int ok = want_len >= 0 && bytes_equal(got, got_len, want, (size_t)want_len);

    check(name, ok);
    if (want_len < 0)
        printf("    bad expected hex in the test: %s\n", want_hex);
    else if (!ok)
        print_difference(name, got, got_len, want, (size_t)want_len);
}

void check_int(const char *name, long got, long want)
{
    check(name, got == want);
    if (got != want)
        printf("    got %ld, want %ld\n", got, want);
}
