/*
 * A small strict JSON (RFC 8259) reader for the vector test (test-only code).
 * Recursive descent over an in-memory text; every read is bounds-checked
 * against the text length, so a truncated or hostile file yields an error,
 * never an overrun.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64
#define MAX_NUMBER_TEXT 64

typedef struct {
    const char *text;
    size_t len;
    size_t pos;
    int depth;
    char *error;
    size_t error_size;
} parser;

static int fail(parser *p, const char *message)
{
    snprintf(p->error, p->error_size, "%s at byte %lu", message, (unsigned long)p->pos);
    return 0;
}

static int at_end(const parser *p)
{
    return p->pos >= p->len;
}

static char peek(const parser *p)
{
    return at_end(p) ? '\0' : p->text[p->pos];
}

static void skip_whitespace(parser *p)
{
    for (;;) {
        char c = peek(p);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return;
        p->pos++;
    }
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Frees what `value` owns, not `value` itself. */
static void release(json_value *value)
{
    size_t i;

    free(value->string);
    for (i = 0; i < value->count; i++) {
        release(&value->items[i]);
        if (value->keys != NULL)
            free(value->keys[i]);
    }
    free(value->items);
    free(value->keys);
    memset(value, 0, sizeof *value);
}

static int parse_value(parser *p, json_value *out);

static int parse_literal(parser *p, const char *word, json_kind kind, json_value *out)
{
    size_t n = strlen(word);

    if (p->len - p->pos < n || memcmp(&p->text[p->pos], word, n) != 0)
        return fail(p, "unexpected character");
    p->pos += n;
    out->kind = kind;
    return 1;
}

static void skip_digits(parser *p)
{
    while (is_digit(peek(p)))
        p->pos++;
}

/* Checks the RFC 8259 number grammar first, because strtod alone accepts
 * more (hex, "inf", leading '+', ...). */
static int parse_number(parser *p, json_value *out)
{
    size_t start = p->pos;
    char text[MAX_NUMBER_TEXT + 1];

    if (peek(p) == '-')
        p->pos++;
    if (peek(p) == '0')
        p->pos++;
    else if (is_digit(peek(p)))
        skip_digits(p);
    else
        return fail(p, "bad number");
    if (peek(p) == '.') {
        p->pos++;
        if (!is_digit(peek(p)))
            return fail(p, "bad number fraction");
        skip_digits(p);
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-')
            p->pos++;
        if (!is_digit(peek(p)))
            return fail(p, "bad number exponent");
        skip_digits(p);
    }
    if (p->pos - start > MAX_NUMBER_TEXT)
        return fail(p, "number too long");
    memcpy(text, &p->text[start], p->pos - start);
    text[p->pos - start] = '\0';
    out->kind = JSON_NUMBER;
    out->number = strtod(text, NULL);
    return 1;
}

static int hex4(parser *p, unsigned *code)
{
    size_t i;

    *code = 0;
    if (p->len - p->pos < 4)
        return fail(p, "truncated \\u escape");
    for (i = 0; i < 4; i++) {
        char c = p->text[p->pos++];
        unsigned digit;
        if (is_digit(c))
            digit = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = (unsigned)(c - 'A' + 10);
        else
            return fail(p, "bad \\u escape");
        *code = *code << 4 | digit;
    }
    return 1;
}

static size_t put_utf8(char *out, unsigned code)
{
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | code >> 6);
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | code >> 12);
        out[1] = (char)(0x80 | (code >> 6 & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | code >> 18);
    out[1] = (char)(0x80 | (code >> 12 & 0x3F));
    out[2] = (char)(0x80 | (code >> 6 & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

/* A \u escape, with a UTF-16 surrogate pair joined into one code point. */
static int parse_unicode_escape(parser *p, unsigned *code)
{
    unsigned low;

    if (!hex4(p, code))
        return 0;
    if (*code >= 0xDC00 && *code <= 0xDFFF)
        return fail(p, "unpaired low surrogate");
    if (*code < 0xD800 || *code > 0xDBFF)
        return 1;
    if (p->len - p->pos < 2 || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u')
        return fail(p, "unpaired high surrogate");
    p->pos += 2;
    if (!hex4(p, &low))
        return 0;
    if (low < 0xDC00 || low > 0xDFFF)
        return fail(p, "unpaired high surrogate");
    *code = 0x10000 + ((*code - 0xD800) << 10) + (low - 0xDC00);
    return 1;
}

static int parse_escape(parser *p, char *out, size_t *out_len)
{
    static const char plain[] = "\"\\/bfnrt";
    static const char meaning[] = "\"\\/\b\f\n\r\t";
    const char *found;
    unsigned code;
    char c;

    if (at_end(p))
        return fail(p, "truncated escape");
    c = p->text[p->pos++];
    if (c == 'u') {
        if (!parse_unicode_escape(p, &code))
            return 0;
        *out_len += put_utf8(&out[*out_len], code);
        return 1;
    }
    found = c == '\0' ? NULL : strchr(plain, c);
    if (found == NULL)
        return fail(p, "bad escape");
    out[(*out_len)++] = meaning[found - plain];
    return 1;
}

/* Decoded text is never longer than its escaped source, so the buffer is
 * sized by the remaining input. */
static int parse_string(parser *p, char **out, size_t *out_len)
{
    char *buffer;

    p->pos++; /* opening quote */
    buffer = malloc(p->len - p->pos + 1);
    if (buffer == NULL)
        return fail(p, "out of memory");
    *out_len = 0;
    for (;;) {
        unsigned char c;
        if (at_end(p)) {
            free(buffer);
            return fail(p, "unterminated string");
        }
        c = (unsigned char)p->text[p->pos++];
        if (c == '"')
            break;
        if (c < 0x20) {
            free(buffer);
            return fail(p, "control character in string");
        }
        if (c == '\\') {
            if (!parse_escape(p, buffer, out_len)) {
                free(buffer);
                return 0;
            }
        } else {
            buffer[(*out_len)++] = (char)c;
        }
    }
    buffer[*out_len] = '\0';
    *out = buffer;
    return 1;
}

/* Appends a zeroed slot to items (and keys, for objects); returns it or NULL. */
static json_value *grow(parser *p, json_value *container)
{
    json_value *items = realloc(container->items, (container->count + 1) * sizeof *items);

    if (items == NULL) {
        fail(p, "out of memory");
        return NULL;
    }
    container->items = items;
    if (container->kind == JSON_OBJECT) {
        char **keys = realloc(container->keys, (container->count + 1) * sizeof *keys);
        if (keys == NULL) {
            fail(p, "out of memory");
            return NULL;
        }
        container->keys = keys;
        keys[container->count] = NULL;
    }
    memset(&items[container->count], 0, sizeof *items);
    return &items[container->count++];
}

static int is_duplicate_key(const json_value *object, const char *key)
{
    size_t i;
    for (i = 0; i + 1 < object->count; i++)
        if (strcmp(object->keys[i], key) == 0)
            return 1;
    return 0;
}

/* Parses the elements or members after the opening bracket up to `close`. */
static int parse_container(parser *p, json_value *out, json_kind kind, char close)
{
    out->kind = kind;
    p->pos++;
    skip_whitespace(p);
    if (peek(p) == close) {
        p->pos++;
        return 1;
    }
    for (;;) {
        json_value *slot = grow(p, out);
        if (slot == NULL)
            return 0;
        if (kind == JSON_OBJECT) {
            size_t key_len;
            if (peek(p) != '"')
                return fail(p, "expected a member name");
            if (!parse_string(p, &out->keys[out->count - 1], &key_len))
                return 0;
            if (strlen(out->keys[out->count - 1]) != key_len ||
                is_duplicate_key(out, out->keys[out->count - 1]))
                return fail(p, "duplicate or unusable member name");
            skip_whitespace(p);
            if (peek(p) != ':')
                return fail(p, "expected ':'");
            p->pos++;
        }
        if (!parse_value(p, slot))
            return 0;
        skip_whitespace(p);
        if (peek(p) == close) {
            p->pos++;
            return 1;
        }
        if (peek(p) != ',')
            return fail(p, "expected ',' or a closing bracket");
        p->pos++;
        skip_whitespace(p);
    }
}

static int parse_value(parser *p, json_value *out)
{
    int ok;

    skip_whitespace(p);
    switch (peek(p)) {
    case '{':
    case '[':
        if (++p->depth > MAX_DEPTH)
            return fail(p, "nesting too deep");
        ok = peek(p) == '{' ? parse_container(p, out, JSON_OBJECT, '}')
                            : parse_container(p, out, JSON_ARRAY, ']');
        p->depth--;
        return ok;
    case '"':
        out->kind = JSON_STRING;
        return parse_string(p, &out->string, &out->string_len);
    case 't':
        return parse_literal(p, "true", JSON_TRUE, out);
    case 'f':
        return parse_literal(p, "false", JSON_FALSE, out);
    case 'n':
        return parse_literal(p, "null", JSON_NULL, out);
    default:
        if (peek(p) == '-' || is_digit(peek(p)))
            return parse_number(p, out);
        return fail(p, at_end(p) ? "unexpected end of text" : "unexpected character");
    }
}

json_value *json_parse(const char *text, size_t len, char *error, size_t error_size)
{
    parser p;
    json_value *root = calloc(1, sizeof *root);

    if (root == NULL) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    p.text = text;
    p.len = len;
    p.pos = 0;
    p.depth = 0;
    p.error = error;
    p.error_size = error_size;
    if (parse_value(&p, root)) {
        skip_whitespace(&p);
        if (at_end(&p))
            return root;
        fail(&p, "trailing characters");
    }
    json_free(root);
    return NULL;
}

void json_free(json_value *value)
{
    if (value == NULL)
        return;
    release(value);
    free(value);
}

const json_value *json_get(const json_value *object, const char *key)
{
    size_t i;

    if (object == NULL || object->kind != JSON_OBJECT)
        return NULL;
    for (i = 0; i < object->count; i++)
        if (strcmp(object->keys[i], key) == 0)
            return &object->items[i];
    return NULL;
}
