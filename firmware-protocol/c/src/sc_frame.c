/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * Radio frame builders, PROTOCOL.md section 1.
 */
#include "sc_frame.h"
#include "sc_endian.h"

#include "sc_cmac.h"

#define BATTERY_SHIFT 9u
#define POSITION_LEN 10u

static int check_output(const uint8_t *out, size_t out_size, const uint8_t *key, size_t frame_len)
{
    if (out == NULL || key == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if (out_size < frame_len)
        return SC_ERR_BUFFER_TOO_SMALL;
    return 0;
}

/* Flag bits above bit 8 would land in the battery field, so they are refused
 * rather than silently corrupting the battery percent. */
static int check_status(const sc_uplink_header *header)
{
    if ((header->flags & ~SC_FLAGS_MASK) != 0)
        return SC_ERR_FLAGS;
    if (header->battery > SC_BATTERY_MAX && header->battery != SC_BATTERY_UNKNOWN)
        return SC_ERR_BATTERY;
    return 0;
}

static int check_position(const sc_position *position)
{
    if (position->latitude < -SC_LATITUDE_MAX || position->latitude > SC_LATITUDE_MAX ||
        position->longitude < -SC_LONGITUDE_MAX || position->longitude > SC_LONGITUDE_MAX)
        return SC_ERR_COORDINATE;
    return 0;
}

static int check_event(sc_event_code event)
{
    int code = (int)event;
    return code < SC_EVENT_SOS || code > SC_EVENT_POWER_ON ? SC_ERR_EVENT_CODE : 0;
}

static int check_command_code(sc_command_code command)
{
    int code = (int)command;
    return code < SC_COMMAND_SET_REPORT_INTERVAL || code > SC_COMMAND_SOUND_BUZZER ? SC_ERR_COMMAND
                                                                                   : 0;
}

static int check_command_argument(sc_command_code command, uint16_t argument)
{
    switch (command) {
    case SC_COMMAND_SET_REPORT_INTERVAL:
        return argument >= SC_REPORT_INTERVAL_MIN_S ? 0 : SC_ERR_COMMAND_ARGUMENT;
    case SC_COMMAND_SOUND_BUZZER:
        return argument >= SC_BUZZER_MIN_S && argument <= SC_BUZZER_MAX_S ? 0
                                                                          : SC_ERR_COMMAND_ARGUMENT;
    default: /* locate now, arm, disarm */
        return argument == 0 ? 0 : SC_ERR_COMMAND_ARGUMENT;
    }
}

static int check_result(sc_command_result result)
{
    int code = (int)result;
    return code < SC_RESULT_DONE || code > SC_RESULT_FAILED ? SC_ERR_COMMAND_RESULT : 0;
}

static int check_device_id(uint32_t device_id)
{
    return device_id == 0 ? SC_ERR_INVALID_DEVICE_ID : 0;
}

/* Writes the 11-byte header; returns the offset of the body. */
static size_t put_header(uint8_t *out, sc_frame_type type, uint32_t device_id, uint32_t counter,
                         uint16_t status)
{
    out[0] = (uint8_t)((SC_PROTOCOL_VERSION << 4) | (unsigned)type);
    sc_put_u32le(&out[1], device_id);
    sc_put_u32le(&out[5], counter);
    sc_put_u16le(&out[9], status);
    return SC_FRAME_HEADER_LEN;
}

static size_t put_uplink_header(uint8_t *out, sc_frame_type type, const sc_uplink_header *header)
{
    uint16_t status = (uint16_t)(header->flags | ((unsigned)header->battery << BATTERY_SHIFT));
    return put_header(out, type, header->device_id, header->counter, status);
}

/* Writes a position at out[at]; returns the offset after it. */
static size_t put_position(uint8_t *out, size_t at, const sc_position *position)
{
    sc_put_u32le(&out[at], (uint32_t)position->latitude);
    sc_put_u32le(&out[at + 4], (uint32_t)position->longitude);
    out[at + 8] = position->accuracy;
    out[at + 9] = position->fix_age;
    return at + POSITION_LEN;
}

/* Appends the MIC over out[0 .. len-1]; returns the frame length. */
static int put_mic(uint8_t *out, size_t len, const uint8_t *key)
{
    sc_cmac_mic(key, out, len, &out[len]);
    return (int)(len + SC_FRAME_MIC_LEN);
}

int sc_frame_beacon(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                    const sc_uplink_header *header)
{
    int err;
    size_t len;

    if (header == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if ((err = check_output(out, out_size, key, SC_FRAME_BEACON_LEN)) != 0 ||
        (err = check_status(header)) != 0 || (err = check_device_id(header->device_id)) != 0)
        return err;

    len = put_uplink_header(out, SC_FRAME_BEACON, header);
    return put_mic(out, len, key);
}

int sc_frame_position_report(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                             const sc_uplink_header *header, const sc_position *position)
{
    int err;
    size_t len;

    if (header == NULL || position == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if ((err = check_output(out, out_size, key, SC_FRAME_POSITION_REPORT_LEN)) != 0 ||
        (err = check_status(header)) != 0 || (err = check_position(position)) != 0 ||
        (err = check_device_id(header->device_id)) != 0)
        return err;

    len = put_uplink_header(out, SC_FRAME_POSITION_REPORT, header);
    len = put_position(out, len, position);
    return put_mic(out, len, key);
}

int sc_frame_alarm_event(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                         const sc_uplink_header *header, sc_event_code event,
                         const sc_position *position)
{
    size_t frame_len =
        position != NULL ? SC_FRAME_ALARM_EVENT_WITH_POSITION_LEN : SC_FRAME_ALARM_EVENT_LEN;
    int err;
    size_t len;

    if (header == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if ((err = check_output(out, out_size, key, frame_len)) != 0 ||
        (err = check_status(header)) != 0 ||
        (position != NULL && (err = check_position(position)) != 0) ||
        (err = check_event(event)) != 0 || (err = check_device_id(header->device_id)) != 0)
        return err;

    len = put_uplink_header(out, SC_FRAME_ALARM_EVENT, header);
    out[len++] = (uint8_t)((unsigned)event | (position != NULL ? SC_EVENT_POSITION_FOLLOWS : 0u));
    if (position != NULL)
        len = put_position(out, len, position);
    return put_mic(out, len, key);
}

int sc_frame_downlink_command(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                              uint32_t device_id, uint32_t counter, sc_command_code command,
                              uint16_t argument)
{
    int err;
    size_t len;

    if ((err = check_output(out, out_size, key, SC_FRAME_DOWNLINK_COMMAND_LEN)) != 0 ||
        (err = check_command_code(command)) != 0 ||
        (err = check_command_argument(command, argument)) != 0 ||
        (err = check_device_id(device_id)) != 0)
        return err;

    len = put_header(out, SC_FRAME_DOWNLINK_COMMAND, device_id, counter, 0);
    out[len++] = (uint8_t)command;
    sc_put_u16le(&out[len], argument);
    len += 2;
    return put_mic(out, len, key);
}

int sc_frame_command_ack(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                         const sc_uplink_header *header, uint32_t acked_counter,
                         sc_command_code command, sc_command_result result)
{
    int err;
    size_t len;

    if (header == NULL)
        return SC_ERR_NULL_ARGUMENT;
    if ((err = check_output(out, out_size, key, SC_FRAME_COMMAND_ACK_LEN)) != 0 ||
        (err = check_status(header)) != 0 || (err = check_command_code(command)) != 0 ||
        (err = check_result(result)) != 0 || (err = check_device_id(header->device_id)) != 0)
        return err;

    len = put_uplink_header(out, SC_FRAME_COMMAND_ACK, header);
    sc_put_u32le(&out[len], acked_counter);
    len += 4;
    out[len++] = (uint8_t)command;
    out[len++] = (uint8_t)result;
    return put_mic(out, len, key);
}
