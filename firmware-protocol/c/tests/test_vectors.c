/*
 * CTest "vectors": encodes every valid vector of firmware-protocol/vectors
 * (schema: PROTOCOL.md section 3) from its fields with the library and
 * compares the bytes with the vector's `hex` (and `record_hex` for link
 * records); cmac vectors check sc_cmac. Invalid vectors are counted, not run.
 *
 * Usage: test_vectors DIR. Fails when DIR holds fewer than MIN_VECTOR_FILES
 * vectors, or when any vector fails. The last output line is "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L /* opendir/readdir, to list the vector folder */

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "sc_cmac.h"
#include "sc_frame.h"
#include "sc_link.h"
#include "test_support.h"

#define MIN_VECTOR_FILES 16
#define MAX_HEX_BYTES 512

typedef enum { VECTOR_PASSED, VECTOR_FAILED, VECTOR_SKIPPED } verdict;

/* Why the current vector failed; set by FAIL_VECTOR(). */
static char failure[2 * 2 * MAX_HEX_BYTES + 256];

static void set_failure(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(failure, sizeof failure, format, args);
    va_end(args);
}

/* Records why and evaluates to 0 (failure). A macro, so that the compiler sees
 * the 0 and knows the caller's out-parameters are not used afterwards. */
#define FAIL_VECTOR(...) (set_failure(__VA_ARGS__), 0)

/* ---- Names used in vector fields, PROTOCOL.md section 3 ---- */

typedef struct {
    const char *name;
    int value;
} name_value;

static const name_value frame_types[] = {
    {"beacon", SC_FRAME_BEACON},
    {"position-report", SC_FRAME_POSITION_REPORT},
    {"alarm-event", SC_FRAME_ALARM_EVENT},
    {"downlink-command", SC_FRAME_DOWNLINK_COMMAND},
    {"command-ack", SC_FRAME_COMMAND_ACK},
    {NULL, 0},
};

static const name_value frame_flags[] = {
    {"sos", SC_FLAG_SOS},
    {"fall", SC_FLAG_FALL},
    {"removed", SC_FLAG_REMOVED},
    {"tamper", SC_FLAG_TAMPER},
    {"armed", SC_FLAG_ARMED},
    {"moving", SC_FLAG_MOVING},
    {"charging", SC_FLAG_CHARGING},
    {"low_battery", SC_FLAG_LOW_BATTERY},
    {"gnss_fix_valid", SC_FLAG_GNSS_FIX_VALID},
    {NULL, 0},
};

static const name_value event_codes[] = {
    {"sos", SC_EVENT_SOS},
    {"fall", SC_EVENT_FALL},
    {"removed", SC_EVENT_REMOVED},
    {"tamper", SC_EVENT_TAMPER},
    {"moved-while-armed", SC_EVENT_MOVED_WHILE_ARMED},
    {"low-battery", SC_EVENT_LOW_BATTERY},
    {"power-on", SC_EVENT_POWER_ON},
    {NULL, 0},
};

static const name_value command_codes[] = {
    {"set-report-interval", SC_COMMAND_SET_REPORT_INTERVAL},
    {"locate-now", SC_COMMAND_LOCATE_NOW},
    {"arm", SC_COMMAND_ARM},
    {"disarm", SC_COMMAND_DISARM},
    {"sound-buzzer", SC_COMMAND_SOUND_BUZZER},
    {NULL, 0},
};

static const name_value command_results[] = {
    {"done", SC_RESULT_DONE},
    {"unsupported-command", SC_RESULT_UNSUPPORTED_COMMAND},
    {"invalid-argument", SC_RESULT_INVALID_ARGUMENT},
    {"failed", SC_RESULT_FAILED},
    {NULL, 0},
};

static const name_value record_types[] = {
    {"radio-reception", SC_RECORD_RADIO_RECEPTION},
    {"receiver-status", SC_RECORD_RECEIVER_STATUS},
    {"gnss-sentence", SC_RECORD_GNSS_SENTENCE},
    {NULL, 0},
};

static const name_value receiver_flags[] = {
    {"hello", SC_RX_STATUS_HELLO},
    {"gnss_present", SC_RX_STATUS_GNSS_PRESENT},
    {"radio_fault", SC_RX_STATUS_RADIO_FAULT},
    {NULL, 0},
};

static int lookup(const name_value *table, const char *name, int *value)
{
    for (; table->name != NULL; table++) {
        if (strcmp(table->name, name) == 0) {
            *value = table->value;
            return 1;
        }
    }
    return 0;
}

/* ---- Typed access to vector members; each sets `failure` when it fails ---- */

static const json_value *get_string(const json_value *object, const char *key)
{
    const json_value *value = json_get(object, key);
    if (value == NULL || value->kind != JSON_STRING) {
        set_failure("\"%s\" is missing or not a string", key);
        return NULL;
    }
    return value;
}

/* Integers are exact in a double up to 2^53, far beyond any field here. */
static int get_integer(const json_value *object, const char *key, double min, double max,
                       long long *out)
{
    const json_value *value = json_get(object, key);

    if (value == NULL || value->kind != JSON_NUMBER)
        return FAIL_VECTOR("\"%s\" is missing or not a number", key);
    if (value->number < min || value->number > max)
        return FAIL_VECTOR("\"%s\" = %.17g is outside %.0f..%.0f", key, value->number, min, max);
    if (value->number != (double)(long long)value->number)
        return FAIL_VECTOR("\"%s\" = %.17g is not an integer", key, value->number);
    *out = (long long)value->number;
    return 1;
}

static int get_u32(const json_value *object, const char *key, uint32_t *out)
{
    long long v;
    if (!get_integer(object, key, 0, 4294967295.0, &v))
        return 0;
    *out = (uint32_t)v;
    return 1;
}

static int get_i32(const json_value *object, const char *key, int32_t *out)
{
    long long v;
    if (!get_integer(object, key, -2147483648.0, 2147483647.0, &v))
        return 0;
    *out = (int32_t)v;
    return 1;
}

static int get_u16(const json_value *object, const char *key, uint16_t *out)
{
    long long v;
    if (!get_integer(object, key, 0, 65535, &v))
        return 0;
    *out = (uint16_t)v;
    return 1;
}

static int get_i16(const json_value *object, const char *key, int16_t *out)
{
    long long v;
    if (!get_integer(object, key, -32768, 32767, &v))
        return 0;
    *out = (int16_t)v;
    return 1;
}

static int get_u8(const json_value *object, const char *key, uint8_t *out)
{
    long long v;
    if (!get_integer(object, key, 0, 255, &v))
        return 0;
    *out = (uint8_t)v;
    return 1;
}

static int get_i8(const json_value *object, const char *key, int8_t *out)
{
    long long v;
    if (!get_integer(object, key, -128, 127, &v))
        return 0;
    *out = (int8_t)v;
    return 1;
}

static int get_hex(const json_value *object, const char *key, uint8_t *out, size_t out_size,
                   size_t *len)
{
    const json_value *text = get_string(object, key);
    int n;

    if (text == NULL)
        return 0;
    n = hex_decode(text->string, out, out_size);
    if (n < 0)
        return FAIL_VECTOR("\"%s\" is not hex of at most %lu bytes", key, (unsigned long)out_size);
    *len = (size_t)n;
    return 1;
}

static int get_key(const json_value *vector, uint8_t key[SC_AES128_KEY_LEN])
{
    size_t len;
    if (!get_hex(vector, "key", key, SC_AES128_KEY_LEN, &len))
        return 0;
    return len == SC_AES128_KEY_LEN ? 1 : FAIL_VECTOR("\"key\" is not 16 bytes");
}

static int get_name(const json_value *object, const char *key, const name_value *table, int *out)
{
    const json_value *text = get_string(object, key);
    if (text == NULL)
        return 0;
    return lookup(table, text->string, out) ? 1
                                            : FAIL_VECTOR("\"%s\": unknown name \"%s\"", key,
                                                          text->string);
}

/* An array of flag names, ored into a mask; a name listed twice is refused. */
static int get_flags(const json_value *object, const char *key, const name_value *table,
                     unsigned *mask)
{
    const json_value *list = json_get(object, key);
    size_t i;

    if (list == NULL || list->kind != JSON_ARRAY)
        return FAIL_VECTOR("\"%s\" is missing or not an array", key);
    *mask = 0;
    for (i = 0; i < list->count; i++) {
        const json_value *item = &list->items[i];
        int bit;
        if (item->kind != JSON_STRING || !lookup(table, item->string, &bit))
            return FAIL_VECTOR("\"%s\": item %lu is not a known flag name", key, (unsigned long)i);
        if (*mask & (unsigned)bit)
            return FAIL_VECTOR("\"%s\": \"%s\" listed twice", key, item->string);
        *mask |= (unsigned)bit;
    }
    return 1;
}

/* Compares encoder output with the vector's hex member `key`. */
static int expect_hex(const json_value *vector, const char *key, const uint8_t *got, size_t got_len)
{
    uint8_t want[MAX_HEX_BYTES];
    size_t want_len;
    char got_text[2 * MAX_HEX_BYTES + 1], want_text[2 * MAX_HEX_BYTES + 1];

    if (!get_hex(vector, key, want, sizeof want, &want_len))
        return 0;
    if (bytes_equal(got, got_len, want, want_len))
        return 1;
    hex_encode(got, got_len, got_text);
    hex_encode(want, want_len, want_text);
    return FAIL_VECTOR("\"%s\" differs\n      got  %s\n      want %s", key, got_text, want_text);
}

static int builder_result(int len, size_t *out_len)
{
    if (len < 0)
        return FAIL_VECTOR("the encoder refused the fields (sc_error %d)", len);
    *out_len = (size_t)len;
    return 1;
}

/* ---- cmac ---- */

static int run_cmac(const json_value *vector)
{
    uint8_t key[SC_AES128_KEY_LEN], message[MAX_HEX_BYTES], mac[SC_CMAC_LEN];
    size_t message_len;

    if (!get_key(vector, key) || !get_hex(vector, "message", message, sizeof message, &message_len))
        return 0;
    sc_cmac(key, message, message_len, mac);
    return expect_hex(vector, "cmac", mac, sizeof mac);
}

/* ---- radio-frame ---- */

static int get_uplink_header(const json_value *fields, sc_uplink_header *header)
{
    unsigned flags;

    if (!get_u32(fields, "device_id", &header->device_id) ||
        !get_u32(fields, "counter", &header->counter) ||
        !get_flags(fields, "flags", frame_flags, &flags) ||
        !get_u8(fields, "battery", &header->battery))
        return 0;
    header->flags = (uint16_t)flags;
    return 1;
}

static int get_position(const json_value *fields, sc_position *position)
{
    return get_i32(fields, "latitude", &position->latitude) &&
           get_i32(fields, "longitude", &position->longitude) &&
           get_u8(fields, "accuracy", &position->accuracy) &&
           get_u8(fields, "fix_age", &position->fix_age);
}

/* A downlink's status is 0 by definition (1.3), so the builder takes no
 * flags or battery; the vector must agree. */
static int check_downlink_status(const json_value *fields)
{
    unsigned flags;
    uint8_t battery;

    if (!get_flags(fields, "flags", frame_flags, &flags) || !get_u8(fields, "battery", &battery))
        return 0;
    return flags == 0 && battery == 0 ? 1
                                      : FAIL_VECTOR("a downlink must have no flags and battery 0");
}

static int build_downlink(const json_value *fields, const uint8_t *key, uint8_t *out,
                          size_t *len)
{
    uint32_t device_id, counter;
    uint16_t argument;
    int command;

    if (!check_downlink_status(fields) || !get_u32(fields, "device_id", &device_id) ||
        !get_u32(fields, "counter", &counter) ||
        !get_name(fields, "command", command_codes, &command) ||
        !get_u16(fields, "argument", &argument))
        return 0;
    return builder_result(sc_frame_downlink_command(out, SC_FRAME_MAX_LEN, key, device_id, counter,
                                                    (sc_command_code)command, argument),
                          len);
}

static int build_uplink(int type, const json_value *fields, const uint8_t *key, uint8_t *out,
                        size_t *len)
{
    sc_uplink_header header;
    sc_position position;
    uint32_t acked_counter;
    int event, command, result;

    if (!get_uplink_header(fields, &header))
        return 0;
    switch (type) {
    case SC_FRAME_BEACON:
        return builder_result(sc_frame_beacon(out, SC_FRAME_MAX_LEN, key, &header), len);
    case SC_FRAME_POSITION_REPORT:
        if (!get_position(fields, &position))
            return 0;
        return builder_result(
            sc_frame_position_report(out, SC_FRAME_MAX_LEN, key, &header, &position), len);
    case SC_FRAME_ALARM_EVENT:
        /* 1.3: an alarm event has a position exactly when its fields carry one. */
        if (!get_name(fields, "event", event_codes, &event) ||
            (json_get(fields, "latitude") != NULL && !get_position(fields, &position)))
            return 0;
        return builder_result(
            sc_frame_alarm_event(out, SC_FRAME_MAX_LEN, key, &header, (sc_event_code)event,
                                 json_get(fields, "latitude") != NULL ? &position : NULL),
            len);
    default: /* SC_FRAME_COMMAND_ACK */
        if (!get_u32(fields, "acked_counter", &acked_counter) ||
            !get_name(fields, "command", command_codes, &command) ||
            !get_name(fields, "result", command_results, &result))
            return 0;
        return builder_result(sc_frame_command_ack(out, SC_FRAME_MAX_LEN, key, &header,
                                                   acked_counter, (sc_command_code)command,
                                                   (sc_command_result)result),
                              len);
    }
}

static int run_radio_frame(const json_value *vector)
{
    const json_value *fields = json_get(vector, "fields");
    uint8_t key[SC_AES128_KEY_LEN], frame[SC_FRAME_MAX_LEN];
    size_t len;
    int type;

    if (!get_key(vector, key) || !get_name(fields, "type", frame_types, &type))
        return 0;
    if (type == SC_FRAME_DOWNLINK_COMMAND ? !build_downlink(fields, key, frame, &len)
                                          : !build_uplink(type, fields, key, frame, &len))
        return 0;
    return expect_hex(vector, "hex", frame, len);
}

/* ---- link-record ---- */

static int build_reception(const json_value *fields, uint8_t *record, size_t *len)
{
    uint8_t frame[MAX_HEX_BYTES];
    sc_radio_reception reception;

    if (!get_u32(fields, "rx_time_ms", &reception.rx_time_ms) ||
        !get_i16(fields, "rssi", &reception.rssi) || !get_i8(fields, "snr", &reception.snr) ||
        !get_hex(fields, "frame", frame, sizeof frame, &reception.frame_len))
        return 0;
    reception.frame = frame;
    return builder_result(
        sc_link_record_radio_reception(record, SC_LINK_RECORD_MAX_LEN, &reception), len);
}

static int build_status(const json_value *fields, uint8_t *record, size_t *len)
{
    sc_receiver_status status;
    unsigned flags;

    if (!get_u32(fields, "receiver_id", &status.receiver_id) ||
        !get_u8(fields, "fw_major", &status.fw_major) ||
        !get_u8(fields, "fw_minor", &status.fw_minor) ||
        !get_u8(fields, "fw_patch", &status.fw_patch) ||
        !get_flags(fields, "status_flags", receiver_flags, &flags) ||
        !get_u32(fields, "uptime_s", &status.uptime_s) ||
        !get_u32(fields, "frames_received", &status.frames_received) ||
        !get_u32(fields, "radio_crc_errors", &status.radio_crc_errors) ||
        !get_u32(fields, "records_dropped", &status.records_dropped))
        return 0;
    status.status_flags = (uint8_t)flags;
    return builder_result(sc_link_record_receiver_status(record, SC_LINK_RECORD_MAX_LEN, &status),
                          len);
}

static int build_sentence(const json_value *fields, uint8_t *record, size_t *len)
{
    const json_value *sentence = get_string(fields, "sentence");
    if (sentence == NULL)
        return 0;
    return builder_result(sc_link_record_gnss_sentence(record, SC_LINK_RECORD_MAX_LEN,
                                                       sentence->string, sentence->string_len),
                          len);
}

/* Checks the record before COBS, then the wire bytes built from it. */
static int run_link_record(const json_value *vector)
{
    const json_value *fields = json_get(vector, "fields");
    uint8_t record[SC_LINK_RECORD_MAX_LEN], wire[SC_LINK_WIRE_MAX_LEN];
    size_t record_len;
    int type, ok, wire_len;

    if (!get_name(fields, "record_type", record_types, &type))
        return 0;
    switch (type) {
    case SC_RECORD_RADIO_RECEPTION:
        ok = build_reception(fields, record, &record_len);
        break;
    case SC_RECORD_RECEIVER_STATUS:
        ok = build_status(fields, record, &record_len);
        break;
    default: /* SC_RECORD_GNSS_SENTENCE */
        ok = build_sentence(fields, record, &record_len);
        break;
    }
    if (!ok || !expect_hex(vector, "record_hex", record, record_len))
        return 0;
    wire_len = sc_link_wire_encode(record, record_len, wire, sizeof wire);
    if (wire_len < 0)
        return FAIL_VECTOR("sc_link_wire_encode refused the record (sc_error %d)", wire_len);
    return expect_hex(vector, "hex", wire, (size_t)wire_len);
}

/* ---- running vectors ---- */

static verdict run_vector(const json_value *vector)
{
    const json_value *valid = json_get(vector, "valid");
    const json_value *kind;
    int ok;

    if (valid == NULL || (valid->kind != JSON_TRUE && valid->kind != JSON_FALSE)) {
        set_failure("\"valid\" is missing or not a boolean");
        return VECTOR_FAILED;
    }
    if (valid->kind == JSON_FALSE)
        return VECTOR_SKIPPED;
    kind = get_string(vector, "kind");
    if (kind == NULL)
        return VECTOR_FAILED;
    if (strcmp(kind->string, "cmac") == 0)
        ok = run_cmac(vector);
    else if (strcmp(kind->string, "radio-frame") == 0)
        ok = run_radio_frame(vector);
    else if (strcmp(kind->string, "link-record") == 0)
        ok = run_link_record(vector);
    else
        ok = FAIL_VECTOR("unknown kind \"%s\"", kind->string);
    return ok ? VECTOR_PASSED : VECTOR_FAILED;
}

/* Reads a whole file into a malloc'd buffer; NULL on error. */
static char *read_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    char *text = NULL;
    size_t size = 0;

    *len = 0;
    if (file == NULL)
        return NULL;
    for (;;) {
        char *bigger = realloc(text, size + 4096);
        if (bigger == NULL)
            break;
        text = bigger;
        size += 4096;
        *len += fread(&text[*len], 1, size - *len, file);
        if (*len < size) {
            if (ferror(file))
                break;
            fclose(file);
            return text;
        }
    }
    fclose(file);
    free(text);
    return NULL;
}

static verdict run_file(const char *path)
{
    char error[128];
    size_t len;
    char *text = read_file(path, &len);
    json_value *vector;
    verdict result;

    if (text == NULL) {
        set_failure("cannot read the file");
        return VECTOR_FAILED;
    }
    vector = json_parse(text, len, error, sizeof error);
    free(text);
    if (vector == NULL) {
        set_failure("invalid JSON: %s", error);
        return VECTOR_FAILED;
    }
    result = run_vector(vector);
    json_free(vector);
    return result;
}

static int ends_with_json(const char *name)
{
    size_t len = strlen(name);
    return len > 5 && strcmp(&name[len - 5], ".json") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted *.json file names of `dir`, so the output order is stable. */
static char **list_vectors(const char *dir, size_t *count)
{
    DIR *handle = opendir(dir);
    struct dirent *entry;
    char **names = NULL;

    *count = 0;
    if (handle == NULL) {
        printf("FAIL: cannot open the vector folder %s\n", dir);
        return NULL;
    }
    while ((entry = readdir(handle)) != NULL) {
        char **bigger;
        if (!ends_with_json(entry->d_name))
            continue;
        bigger = realloc(names, (*count + 1) * sizeof *names);
        if (bigger == NULL)
            break;
        names = bigger;
        names[*count] = malloc(strlen(entry->d_name) + 1);
        if (names[*count] == NULL)
            break;
        strcpy(names[(*count)++], entry->d_name);
    }
    closedir(handle);
    if (*count > 1)
        qsort(names, *count, sizeof *names, compare_names);
    return names;
}

int main(int argc, char **argv)
{
    size_t count, i;
    char **names;
    int passed = 0, failed = 0, skipped = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    names = list_vectors(argv[1], &count);
    for (i = 0; i < count; i++) {
        char *path = malloc(strlen(argv[1]) + strlen(names[i]) + 2);
        verdict result;

        if (path == NULL)
            return 2;
        sprintf(path, "%s/%s", argv[1], names[i]);
        result = run_file(path);
        if (result == VECTOR_PASSED) {
            passed++;
            printf("PASS %s\n", names[i]);
        } else if (result == VECTOR_FAILED) {
            failed++;
            printf("FAIL %s: %s\n", names[i], failure);
        } else {
            skipped++;
            printf("SKIP %s (invalid vector)\n", names[i]);
        }
        free(path);
        free(names[i]);
    }
    free(names);

    printf("%d invalid vectors skipped (\"valid\": false)\n", skipped);
    if (count < MIN_VECTOR_FILES)
        printf("FAIL: %lu vector files in %s, at least %d expected\n", (unsigned long)count,
               argv[1], MIN_VECTOR_FILES);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && count >= MIN_VECTOR_FILES ? 0 : 1;
}
