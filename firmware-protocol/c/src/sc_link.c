/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * Serial receiver link, PROTOCOL.md section 2.
 */
#include "sc_link.h"
#include "sc_endian.h"

#include <string.h>

#define RECEPTION_HEADER_LEN 7u /* rx_time_ms, rssi, snr */
#define STATUS_PAYLOAD_LEN 24u

/* Bit-at-a-time on purpose: a record every few milliseconds at 115200 baud
 * does not justify a 512-byte table in a receiver's flash. */
uint16_t sc_crc16_ccitt_false(const uint8_t *data, size_t len)
{
    uint16_t crc = 0xFFFF;
    size_t i;

    for (i = 0; i < len; i++) {
        int bit;
        crc ^= (uint16_t)(data[i] << 8);
        for (bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

int sc_cobs_encode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_size)
{
    size_t code_at = 0; /* where the code byte of the current piece goes */
    size_t o = 1;
    size_t i;

    if (in == NULL || out == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if (in_len > SC_COBS_MAX_INPUT)
        return SC_ERR_INPUT_TOO_LONG;
    if (out_size < in_len + 1)
        return SC_ERR_BUFFER_TOO_SMALL;

    for (i = 0; i < in_len; i++) {
        if (in[i] == 0) {
            out[code_at] = (uint8_t)(o - code_at);
            code_at = o++;
        } else {
            out[o++] = in[i];
        }
    }
    out[code_at] = (uint8_t)(o - code_at); /* the piece ended by the implicit final zero */
    return (int)o;
}

int sc_link_wire_encode(const uint8_t *record, size_t record_len, uint8_t *wire, size_t wire_size)
{
    if (record == NULL || wire == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if (record_len > SC_LINK_RECORD_MAX_LEN)
        return SC_ERR_INPUT_TOO_LONG;
    if (wire_size < record_len + 2)
        return SC_ERR_BUFFER_TOO_SMALL;

    (void)sc_cobs_encode(record, record_len, wire, wire_size); /* cannot fail after the checks */
    wire[record_len + 1] = 0x00;
    return (int)(record_len + 2);
}

static void put_record_type(uint8_t *record, sc_record_type type)
{
    record[0] = (uint8_t)((SC_LINK_VERSION << 4) | (unsigned)type);
}

/* Appends the CRC over the type byte and payload; returns the record length. */
static int put_crc(uint8_t *record, size_t payload_len)
{
    size_t len = 1 + payload_len;
    sc_put_u16le(&record[len], sc_crc16_ccitt_false(record, len));
    return (int)(len + SC_LINK_CRC_LEN);
}

int sc_link_record_radio_reception(uint8_t *record, size_t record_size,
                                   const sc_radio_reception *reception)
{
    size_t record_len;

    if (record == NULL || reception == NULL || reception->frame == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if (reception->frame_len < SC_LINK_FRAME_MIN_LEN ||
        reception->frame_len > SC_LINK_FRAME_MAX_LEN)
        return SC_ERR_FRAME_LENGTH;
    record_len = 1 + RECEPTION_HEADER_LEN + reception->frame_len + SC_LINK_CRC_LEN;
    if (record_size < record_len)
        return SC_ERR_BUFFER_TOO_SMALL;

    put_record_type(record, SC_RECORD_RADIO_RECEPTION);
    sc_put_u32le(&record[1], reception->rx_time_ms);
    sc_put_u16le(&record[5], (uint16_t)reception->rssi);
    record[7] = (uint8_t)reception->snr;
    memcpy(&record[1 + RECEPTION_HEADER_LEN], reception->frame, reception->frame_len);
    return put_crc(record, RECEPTION_HEADER_LEN + reception->frame_len);
}

int sc_link_record_receiver_status(uint8_t *record, size_t record_size,
                                   const sc_receiver_status *status)
{
    if (record == NULL || status == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if ((status->status_flags & ~SC_RX_STATUS_MASK) != 0)
        return SC_ERR_RESERVED_BITS;
    if (record_size < SC_LINK_STATUS_RECORD_LEN)
        return SC_ERR_BUFFER_TOO_SMALL;

    put_record_type(record, SC_RECORD_RECEIVER_STATUS);
    sc_put_u32le(&record[1], status->receiver_id);
    record[5] = status->fw_major;
    record[6] = status->fw_minor;
    record[7] = status->fw_patch;
    record[8] = status->status_flags;
    sc_put_u32le(&record[9], status->uptime_s);
    sc_put_u32le(&record[13], status->frames_received);
    sc_put_u32le(&record[17], status->radio_crc_errors);
    sc_put_u32le(&record[21], status->records_dropped);
    return put_crc(record, STATUS_PAYLOAD_LEN);
}

static int is_valid_sentence(const char *sentence, size_t len)
{
    size_t i;

    if (len < SC_LINK_SENTENCE_MIN_LEN || len > SC_LINK_SENTENCE_MAX_LEN || sentence[0] != '$')
        return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)sentence[i];
        if (c < 0x20 || c > 0x7E)
            return 0;
    }
    return 1;
}

int sc_link_record_gnss_sentence(uint8_t *record, size_t record_size, const char *sentence,
                                 size_t sentence_len)
{
    if (record == NULL || sentence == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if (!is_valid_sentence(sentence, sentence_len))
        return SC_ERR_SENTENCE;
    if (record_size < 1 + sentence_len + SC_LINK_CRC_LEN)
        return SC_ERR_BUFFER_TOO_SMALL;

    put_record_type(record, SC_RECORD_GNSS_SENTENCE);
    memcpy(&record[1], sentence, sentence_len);
    return put_crc(record, sentence_len);
}

/* Shared tail of the sc_link_wire_* builders: pass a record builder's error
 * through, otherwise frame the record. */
static int wire_from_record(int record_len, const uint8_t *record, uint8_t *wire, size_t wire_size)
{
    if (record_len < 0)
        return record_len;
    return sc_link_wire_encode(record, (size_t)record_len, wire, wire_size);
}

int sc_link_wire_radio_reception(uint8_t *wire, size_t wire_size,
                                 const sc_radio_reception *reception)
{
    uint8_t record[SC_LINK_RECORD_MAX_LEN];
    int len = sc_link_record_radio_reception(record, sizeof record, reception);
    return wire_from_record(len, record, wire, wire_size);
}

int sc_link_wire_receiver_status(uint8_t *wire, size_t wire_size,
                                 const sc_receiver_status *status)
{
    uint8_t record[SC_LINK_RECORD_MAX_LEN];
    int len = sc_link_record_receiver_status(record, sizeof record, status);
    return wire_from_record(len, record, wire, wire_size);
}

int sc_link_wire_gnss_sentence(uint8_t *wire, size_t wire_size, const char *sentence,
                               size_t sentence_len)
{
    uint8_t record[SC_LINK_RECORD_MAX_LEN];
    int len = sc_link_record_gnss_sentence(record, sizeof record, sentence, sentence_len);
    return wire_from_record(len, record, wire, wire_size);
}
