/*
 * A small strict JSON (RFC 8259) reader for the vector test. Test-only code:
 * it allocates with malloc and is not part of the library.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

typedef enum {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_kind;

typedef struct json_value {
    json_kind kind;
    double number;             /* JSON_NUMBER */
    char *string;              /* JSON_STRING: UTF-8, NUL-terminated */
    size_t string_len;         /* JSON_STRING: bytes, excluding the NUL (may contain NULs) */
    struct json_value *items;  /* JSON_ARRAY elements, JSON_OBJECT member values */
    char **keys;               /* JSON_OBJECT member names, parallel to items */
    size_t count;              /* JSON_ARRAY / JSON_OBJECT: number of items */
} json_value;

/*
 * Parses `len` bytes of `text` as one JSON value. Returns a tree to release
 * with json_free(), or NULL with a message in `error` (byte offset included).
 * Duplicate object keys, nesting deeper than 64 levels and trailing
 * non-whitespace are errors.
 */
json_value *json_parse(const char *text, size_t len, char *error, size_t error_size);

void json_free(json_value *value);

/* The member `key` of an object, or NULL when `object` is not an object or has
 * no such member. */
const json_value *json_get(const json_value *object, const char *key);

#endif /* JSON_H */
