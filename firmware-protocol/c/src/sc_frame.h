/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * Radio frames (PROTOCOL.md section 1): build any of the five frame types from
 * its fields into a caller buffer, MIC included.
 *
 * Every builder:
 *   - writes exactly the frame (header, body, 4-byte MIC) to out[0 .. len-1],
 *     the MIC being AES-128-CMAC under the 16-byte device `key` (1.7);
 *   - returns the frame length (the SC_FRAME_*_LEN of its type) on success, or
 *     a negative sc_error: SC_ERR_NULL_ARGUMENT, SC_ERR_BUFFER_TOO_SMALL (when
 *     out_size is below that length), or the first field a decoder would reject,
 *     checked in the order of PROTOCOL.md 1.8 (battery, coordinates, event,
 *     command, argument, result, device id; flags are checked with battery).
 *   So a successful builder never produces a frame that the gateway would
 *   reject before the MIC check. A buffer of SC_FRAME_MAX_LEN bytes fits every
 *   frame.
 */
#ifndef SC_FRAME_H
#define SC_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "sc_aes128.h"
#include "sc_error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SC_PROTOCOL_VERSION 1u

/* Sizes (1.1, 1.2). */
#define SC_FRAME_MAX_LEN 51u
#define SC_FRAME_HEADER_LEN 11u
#define SC_FRAME_MIC_LEN 4u
#define SC_FRAME_BEACON_LEN 15u
#define SC_FRAME_POSITION_REPORT_LEN 25u
#define SC_FRAME_ALARM_EVENT_LEN 16u
#define SC_FRAME_ALARM_EVENT_WITH_POSITION_LEN 26u
#define SC_FRAME_DOWNLINK_COMMAND_LEN 18u
#define SC_FRAME_COMMAND_ACK_LEN 21u

/* Frame types, bits 3..0 of the first byte (1.2). */
typedef enum {
    SC_FRAME_BEACON = 1,
    SC_FRAME_POSITION_REPORT = 2,
    SC_FRAME_ALARM_EVENT = 3,
    SC_FRAME_DOWNLINK_COMMAND = 4,
    SC_FRAME_COMMAND_ACK = 5
} sc_frame_type;

/* Status flag masks, `status` bits 8..0 (1.4). */
#define SC_FLAG_SOS 0x0001u
#define SC_FLAG_FALL 0x0002u
#define SC_FLAG_REMOVED 0x0004u
#define SC_FLAG_TAMPER 0x0008u
#define SC_FLAG_ARMED 0x0010u
#define SC_FLAG_MOVING 0x0020u
#define SC_FLAG_CHARGING 0x0040u
#define SC_FLAG_LOW_BATTERY 0x0080u
#define SC_FLAG_GNSS_FIX_VALID 0x0100u
#define SC_FLAGS_MASK 0x01FFu

/* Battery percent, `status` bits 15..9 (1.5): 0..100, or unknown. */
#define SC_BATTERY_MAX 100u
#define SC_BATTERY_UNKNOWN 127u

/* Coordinate limits in 1e-7 degree (1.3). */
#define SC_LATITUDE_MAX 900000000L
#define SC_LONGITUDE_MAX 1800000000L

/* Alarm event codes, bits 6..0 of the `event` byte (1.3). */
typedef enum {
    SC_EVENT_SOS = 1,
    SC_EVENT_FALL = 2,
    SC_EVENT_REMOVED = 3,
    SC_EVENT_TAMPER = 4,
    SC_EVENT_MOVED_WHILE_ARMED = 5,
    SC_EVENT_LOW_BATTERY = 6,
    SC_EVENT_POWER_ON = 7
} sc_event_code;

/* Bit 7 of the `event` byte: a position follows. */
#define SC_EVENT_POSITION_FOLLOWS 0x80u

/* Downlink command codes and their argument limits (1.3). */
typedef enum {
    SC_COMMAND_SET_REPORT_INTERVAL = 1, /* argument: seconds, 10 .. 65535 */
    SC_COMMAND_LOCATE_NOW = 2,          /* argument: 0 */
    SC_COMMAND_ARM = 3,                 /* argument: 0 */
    SC_COMMAND_DISARM = 4,              /* argument: 0 */
    SC_COMMAND_SOUND_BUZZER = 5         /* argument: seconds, 1 .. 120 */
} sc_command_code;

#define SC_REPORT_INTERVAL_MIN_S 10u
#define SC_BUZZER_MIN_S 1u
#define SC_BUZZER_MAX_S 120u

/* Command acknowledgement results (1.3). */
typedef enum {
    SC_RESULT_DONE = 0,
    SC_RESULT_UNSUPPORTED_COMMAND = 1,
    SC_RESULT_INVALID_ARGUMENT = 2,
    SC_RESULT_FAILED = 3
} sc_command_result;

/* The header fields of a device -> gateway frame (offsets 1..10; the first
 * byte, version and type, is set by each builder). */
typedef struct {
    uint32_t device_id; /* never 0 */
    uint32_t counter;   /* the device's uplink counter (1.6); the caller keeps it */
    uint16_t flags;     /* SC_FLAG_* ored together */
    uint8_t battery;    /* 0..100 or SC_BATTERY_UNKNOWN */
} sc_uplink_header;

/* A position body (1.3). */
typedef struct {
    int32_t latitude;  /* 1e-7 degree, -SC_LATITUDE_MAX .. SC_LATITUDE_MAX */
    int32_t longitude; /* 1e-7 degree, -SC_LONGITUDE_MAX .. SC_LONGITUDE_MAX */
    uint8_t accuracy;  /* metres, 255 = 255 m or worse */
    uint8_t fix_age;   /* seconds, 255 = 255 s or older */
} sc_position;

/* Beacon (type 1), SC_FRAME_BEACON_LEN bytes. */
int sc_frame_beacon(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                    const sc_uplink_header *header);

/* Position report (type 2), SC_FRAME_POSITION_REPORT_LEN bytes. */
int sc_frame_position_report(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                             const sc_uplink_header *header, const sc_position *position);

/* Alarm event (type 3). `position` may be NULL: the frame then has no position
 * and is SC_FRAME_ALARM_EVENT_LEN bytes, else SC_FRAME_ALARM_EVENT_WITH_POSITION_LEN
 * (bit 7 of the event byte is set accordingly). */
int sc_frame_alarm_event(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                         const sc_uplink_header *header, sc_event_code event,
                         const sc_position *position);

/* Downlink command (type 4, gateway -> device), SC_FRAME_DOWNLINK_COMMAND_LEN
 * bytes. `counter` is the gateway's downlink counter for that device; the
 * status field is written as 0, as the protocol requires. */
int sc_frame_downlink_command(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                              uint32_t device_id, uint32_t counter, sc_command_code command,
                              uint16_t argument);

/* Command acknowledgement (type 5), SC_FRAME_COMMAND_ACK_LEN bytes. `header`
 * carries the device's own next uplink counter and current status;
 * `acked_counter` and `command` are those of the downlink being acknowledged. */
int sc_frame_command_ack(uint8_t *out, size_t out_size, const uint8_t key[SC_AES128_KEY_LEN],
                         const sc_uplink_header *header, uint32_t acked_counter,
                         sc_command_code command, sc_command_result result);

#ifdef __cplusplus
}
#endif

#endif /* SC_FRAME_H */
