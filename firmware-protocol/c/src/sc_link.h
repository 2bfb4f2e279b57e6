/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * Serial receiver link (PROTOCOL.md section 2): CRC-16/CCITT-FALSE, COBS, and
 * the three record types.
 *
 * Two layers of builders:
 *   sc_link_record_*  write the record: type byte, payload, CRC (2.1);
 *   sc_link_wire_*    write what goes on the UART: the record COBS-encoded and
 *                     followed by the 0x00 delimiter (2.2). They build the
 *                     record in a SC_LINK_RECORD_MAX_LEN-byte stack buffer.
 * Both return the number of bytes written, or a negative sc_error:
 * SC_ERR_NULL_ARGUMENT, SC_ERR_BUFFER_TOO_SMALL, or the field a decoder would
 * reject (2.4). A buffer of SC_LINK_WIRE_MAX_LEN bytes fits any wire record.
 *
 * A receiver that cannot queue the whole wire record must drop it and count it
 * in records_dropped, never send part of it (2.5).
 */
#ifndef SC_LINK_H
#define SC_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "sc_error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SC_LINK_VERSION 1u

/* Sizes (2.1 - 2.3). */
#define SC_LINK_RECORD_MAX_LEN 128u
#define SC_LINK_WIRE_MAX_LEN (SC_LINK_RECORD_MAX_LEN + 2u) /* COBS code byte + delimiter */
#define SC_LINK_CRC_LEN 2u
#define SC_LINK_FRAME_MIN_LEN 1u  /* radio frame carried by a reception record */
#define SC_LINK_FRAME_MAX_LEN 51u
#define SC_LINK_RECEPTION_RECORD_MAX_LEN (1u + 7u + SC_LINK_FRAME_MAX_LEN + SC_LINK_CRC_LEN)
#define SC_LINK_STATUS_RECORD_LEN 27u
#define SC_LINK_SENTENCE_MIN_LEN 6u
#define SC_LINK_SENTENCE_MAX_LEN 80u
#define SC_LINK_SENTENCE_RECORD_MAX_LEN (1u + SC_LINK_SENTENCE_MAX_LEN + SC_LINK_CRC_LEN)

/* COBS input limit of sc_cobs_encode: below 254 bytes no 0xFF code is ever
 * needed, so the encoding is always exactly one byte longer than its input. */
#define SC_COBS_MAX_INPUT 253u

/* Record types, bits 3..0 of `record_type` (2.3). */
typedef enum {
    SC_RECORD_RADIO_RECEPTION = 1,
    SC_RECORD_RECEIVER_STATUS = 2,
    SC_RECORD_GNSS_SENTENCE = 3
} sc_record_type;

/* Receiver status_flags bits (2.3); bits 7..3 must be 0. */
#define SC_RX_STATUS_HELLO 0x01u
#define SC_RX_STATUS_GNSS_PRESENT 0x02u
#define SC_RX_STATUS_RADIO_FAULT 0x04u
#define SC_RX_STATUS_MASK 0x07u

/* A radio frame as heard (2.3, type 1). */
typedef struct {
    uint32_t rx_time_ms;  /* receiver's monotonic millisecond clock at end of frame */
    int16_t rssi;         /* dBm */
    int8_t snr;           /* units of 0.25 dB */
    const uint8_t *frame; /* the frame bytes exactly as received, valid or not */
    size_t frame_len;     /* SC_LINK_FRAME_MIN_LEN .. SC_LINK_FRAME_MAX_LEN */
} sc_radio_reception;

/* Receiver status (2.3, type 2). */
typedef struct {
    uint32_t receiver_id;
    uint8_t fw_major;
    uint8_t fw_minor;
    uint8_t fw_patch;
    uint8_t status_flags; /* SC_RX_STATUS_* ored together */
    uint32_t uptime_s;
    uint32_t frames_received;
    uint32_t radio_crc_errors;
    uint32_t records_dropped;
} sc_receiver_status;

/*
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final xor)
 * of `len` bytes; check value 0x29B1 for "123456789". `data` may be NULL only
 * when `len` is 0.
 */
uint16_t sc_crc16_ccitt_false(const uint8_t *data, size_t len);

/*
 * COBS-encodes `in` (`in_len` <= SC_COBS_MAX_INPUT bytes) into `out`, without
 * a delimiter. `in` and `out` must not overlap.
 * Writes: in_len + 1 bytes, none of them 0x00.
 * Returns: in_len + 1, or SC_ERR_NULL_ARGUMENT, SC_ERR_INPUT_TOO_LONG,
 * SC_ERR_BUFFER_TOO_SMALL (out_size < in_len + 1).
 */
int sc_cobs_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size);

/*
 * Frames a record for the UART: COBS encoding followed by the 0x00 delimiter.
 * `record` (`record_len` <= SC_LINK_RECORD_MAX_LEN bytes) is typically the
 * output of a sc_link_record_* builder; it must not overlap `wire`.
 * Writes: record_len + 2 bytes. Returns: record_len + 2, or
 * SC_ERR_NULL_ARGUMENT, SC_ERR_INPUT_TOO_LONG, SC_ERR_BUFFER_TOO_SMALL.
 */
int sc_link_wire_encode(const uint8_t *record, size_t record_len, uint8_t *wire, size_t wire_size);

/*
 * Radio reception record (type 1): 10 + frame_len bytes, at most
 * SC_LINK_RECEPTION_RECORD_MAX_LEN. Errors: SC_ERR_NULL_ARGUMENT,
 * SC_ERR_FRAME_LENGTH (frame_len outside 1..51), SC_ERR_BUFFER_TOO_SMALL.
 */
int sc_link_record_radio_reception(uint8_t *record, size_t record_size,
                                   const sc_radio_reception *reception);

/*
 * Receiver status record (type 2): SC_LINK_STATUS_RECORD_LEN bytes.
 * Errors: SC_ERR_NULL_ARGUMENT, SC_ERR_RESERVED_BITS (status_flags outside
 * SC_RX_STATUS_MASK), SC_ERR_BUFFER_TOO_SMALL.
 */
int sc_link_record_receiver_status(uint8_t *record, size_t record_size,
                                   const sc_receiver_status *status);

/*
 * GNSS sentence record (type 3): 3 + sentence_len bytes, at most
 * SC_LINK_SENTENCE_RECORD_MAX_LEN. `sentence` is the NMEA sentence from '$'
 * through the two checksum digits, without CR LF and without a terminating NUL
 * counted in `sentence_len`. Errors: SC_ERR_NULL_ARGUMENT, SC_ERR_SENTENCE
 * (length outside 6..80, first byte not '$', or a byte outside 0x20..0x7E),
 * SC_ERR_BUFFER_TOO_SMALL.
 */
int sc_link_record_gnss_sentence(uint8_t *record, size_t record_size, const char *sentence,
                                 size_t sentence_len);

/* Wire forms of the three records above: same arguments and errors; they
 * write (and return) the record length + 2 bytes. */
int sc_link_wire_radio_reception(uint8_t *wire, size_t wire_size,
                                 const sc_radio_reception *reception);
int sc_link_wire_receiver_status(uint8_t *wire, size_t wire_size,
                                 const sc_receiver_status *status);
int sc_link_wire_gnss_sentence(uint8_t *wire, size_t wire_size, const char *sentence,
                               size_t sentence_len);

#ifdef __cplusplus
}
#endif

#endif /* SC_LINK_H */
