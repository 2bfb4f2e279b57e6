/*
 * Helpers shared by the tests (not part of the library).
 */
#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes a string of hex digit pairs (either case, no separators) into `out`.
 * Returns the number of bytes, or -1 for odd length, a non-hex digit, or more
 * than out_size bytes. */
int hex_decode(const char *hex, uint8_t *out, size_t out_size);

/* Writes `len` bytes as lowercase hex into `text` (room for 2 * len + 1). */
void hex_encode(const uint8_t *bytes, size_t len, char *text);

/* Returns 1 when the two byte strings are equal. */
int bytes_equal(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len);

/* Prints, indented under a FAIL line, where two byte strings first differ and
 * both of them in hex. */
void print_difference(const char *what, const uint8_t *got, size_t got_len, const uint8_t *want,
                      size_t want_len);

/* Runs one named check: prints "PASS name" or "FAIL name" and counts failures. */
void check(const char *name, int ok);
int check_failures(void);

/* check() of `got` against the hex string `want_hex`, printing the difference. */
void check_bytes(const char *name, const uint8_t *got, size_t got_len, const char *want_hex);

/* check() that `got` equals `want` (return values, lengths, error codes). */
void check_int(const char *name, long got, long want);

#endif /* TEST_SUPPORT_H */
