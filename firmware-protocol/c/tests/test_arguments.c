/*
 * CTest "argument_checks": every builder refuses the fields that would make a
 * decoder reject its output (PROTOCOL.md 1.8 and 2.4) and accepts the limits.
 */
#include <stdio.h>
#include <string.h>

#include "sc_frame.h"
#include "sc_link.h"
#include "test_support.h"

static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};

static sc_uplink_header header_with(uint16_t flags, uint8_t battery)
{
    sc_uplink_header header;
    header.device_id = 0x00C0FFEE;
    header.counter = 1;
    header.flags = flags;
    header.battery = battery;
    return header;
}

static int beacon(uint32_t device_id, uint16_t flags, uint8_t battery)
{
    uint8_t out[SC_FRAME_MAX_LEN];
    sc_uplink_header header = header_with(flags, battery);
    header.device_id = device_id;
    return sc_frame_beacon(out, sizeof out, key, &header);
}

static void test_header_fields(void)
{
    check_int("battery 0", beacon(1, 0, 0), SC_FRAME_BEACON_LEN);
    check_int("battery 100", beacon(1, 0, 100), SC_FRAME_BEACON_LEN);
    check_int("battery 101", beacon(1, 0, 101), SC_ERR_BATTERY);
    check_int("battery 126", beacon(1, 0, 126), SC_ERR_BATTERY);
    check_int("battery 127 (unknown)", beacon(1, 0, 127), SC_FRAME_BEACON_LEN);
    check_int("battery 128", beacon(1, 0, 128), SC_ERR_BATTERY);
    check_int("all nine flags", beacon(1, SC_FLAGS_MASK, 50), SC_FRAME_BEACON_LEN);
    check_int("flag bit 9", beacon(1, 0x0200, 50), SC_ERR_FLAGS);
    check_int("device id 0", beacon(0, 0, 50), SC_ERR_INVALID_DEVICE_ID);
    check_int("battery checked before device id", beacon(0, 0, 101), SC_ERR_BATTERY);
    check_int("device id 0xFFFFFFFF", beacon(0xFFFFFFFFu, 0, 50), SC_FRAME_BEACON_LEN);
}

static int position_report(int32_t latitude, int32_t longitude)
{
    uint8_t out[SC_FRAME_MAX_LEN];
    sc_uplink_header header = header_with(SC_FLAG_GNSS_FIX_VALID, 50);
    sc_position position;
    position.latitude = latitude;
    position.longitude = longitude;
    position.accuracy = 255;
    position.fix_age = 255;
    return sc_frame_position_report(out, sizeof out, key, &header, &position);
}

static void test_coordinates(void)
{
    check_int("latitude +90", position_report(900000000, 0), SC_FRAME_POSITION_REPORT_LEN);
    check_int("latitude -90", position_report(-900000000, 0), SC_FRAME_POSITION_REPORT_LEN);
    check_int("latitude +90.0000001", position_report(900000001, 0), SC_ERR_COORDINATE);
    check_int("latitude -90.0000001", position_report(-900000001, 0), SC_ERR_COORDINATE);
    check_int("longitude +180", position_report(0, 1800000000), SC_FRAME_POSITION_REPORT_LEN);
    check_int("longitude -180", position_report(0, -1800000000), SC_FRAME_POSITION_REPORT_LEN);
    check_int("longitude +180.0000001", position_report(0, 1800000001), SC_ERR_COORDINATE);
    check_int("longitude -180.0000001", position_report(0, -1800000001), SC_ERR_COORDINATE);
}

static int alarm_event(int event, int with_position)
{
    uint8_t out[SC_FRAME_MAX_LEN];
    sc_uplink_header header = header_with(SC_FLAG_SOS, 50);
    sc_position position = {251012345, 1054712345, 8, 3};
    return sc_frame_alarm_event(out, sizeof out, key, &header, (sc_event_code)event,
                                with_position ? &position : NULL);
}

static void test_events(void)
{
    check_int("event 1 without position", alarm_event(1, 0), SC_FRAME_ALARM_EVENT_LEN);
    check_int("event 7 with position", alarm_event(7, 1), SC_FRAME_ALARM_EVENT_WITH_POSITION_LEN);
    check_int("event 0", alarm_event(0, 0), SC_ERR_EVENT_CODE);
    check_int("event 8", alarm_event(8, 1), SC_ERR_EVENT_CODE);
}

static int downlink(int command, uint16_t argument)
{
    uint8_t out[SC_FRAME_MAX_LEN];
    return sc_frame_downlink_command(out, sizeof out, key, 0x00C0FFEE, 7,
                                     (sc_command_code)command, argument);
}

static void test_commands(void)
{
    check_int("command 0", downlink(0, 0), SC_ERR_COMMAND);
    check_int("command 6", downlink(6, 0), SC_ERR_COMMAND);
    check_int("report interval 9", downlink(SC_COMMAND_SET_REPORT_INTERVAL, 9),
              SC_ERR_COMMAND_ARGUMENT);
    check_int("report interval 10", downlink(SC_COMMAND_SET_REPORT_INTERVAL, 10),
              SC_FRAME_DOWNLINK_COMMAND_LEN);
    check_int("report interval 65535", downlink(SC_COMMAND_SET_REPORT_INTERVAL, 65535),
              SC_FRAME_DOWNLINK_COMMAND_LEN);
    check_int("locate now 0", downlink(SC_COMMAND_LOCATE_NOW, 0), SC_FRAME_DOWNLINK_COMMAND_LEN);
    check_int("locate now 1", downlink(SC_COMMAND_LOCATE_NOW, 1), SC_ERR_COMMAND_ARGUMENT);
    check_int("arm 1", downlink(SC_COMMAND_ARM, 1), SC_ERR_COMMAND_ARGUMENT);
    check_int("disarm 1", downlink(SC_COMMAND_DISARM, 1), SC_ERR_COMMAND_ARGUMENT);
    check_int("buzzer 0", downlink(SC_COMMAND_SOUND_BUZZER, 0), SC_ERR_COMMAND_ARGUMENT);
    check_int("buzzer 1", downlink(SC_COMMAND_SOUND_BUZZER, 1), SC_FRAME_DOWNLINK_COMMAND_LEN);
    check_int("buzzer 120", downlink(SC_COMMAND_SOUND_BUZZER, 120),
              SC_FRAME_DOWNLINK_COMMAND_LEN);
    check_int("buzzer 121", downlink(SC_COMMAND_SOUND_BUZZER, 121), SC_ERR_COMMAND_ARGUMENT);
}

static int command_ack(int command, int result)
{
    uint8_t out[SC_FRAME_MAX_LEN];
    sc_uplink_header header = header_with(0, SC_BATTERY_UNKNOWN);
    return sc_frame_command_ack(out, sizeof out, key, &header, 7, (sc_command_code)command,
                                (sc_command_result)result);
}

static void test_acknowledgements(void)
{
    check_int("ack result 3", command_ack(SC_COMMAND_ARM, 3), SC_FRAME_COMMAND_ACK_LEN);
    check_int("ack result 4", command_ack(SC_COMMAND_ARM, 4), SC_ERR_COMMAND_RESULT);
    check_int("ack command 6", command_ack(6, 0), SC_ERR_COMMAND);
}

static void test_buffers_and_pointers(void)
{
    uint8_t out[SC_FRAME_MAX_LEN];
    sc_uplink_header header = header_with(0, 50);
    sc_position position = {0, 0, 0, 0};

    check_int("beacon into 14 bytes",
              sc_frame_beacon(out, SC_FRAME_BEACON_LEN - 1, key, &header), SC_ERR_BUFFER_TOO_SMALL);
    check_int("alarm with position into 25 bytes",
              sc_frame_alarm_event(out, SC_FRAME_ALARM_EVENT_WITH_POSITION_LEN - 1, key, &header,
                                   SC_EVENT_FALL, &position),
              SC_ERR_BUFFER_TOO_SMALL);
    check_int("null key", sc_frame_beacon(out, sizeof out, NULL, &header), SC_ERR_NULL_ARGUMENT);
    check_int("null position",
              sc_frame_position_report(out, sizeof out, key, &header, NULL), SC_ERR_NULL_ARGUMENT);
}

static int reception(size_t frame_len, size_t wire_size)
{
    uint8_t frame[SC_LINK_FRAME_MAX_LEN + 1] = {0};
    uint8_t wire[SC_LINK_WIRE_MAX_LEN];
    sc_radio_reception rx;
    rx.rx_time_ms = 0;
    rx.rssi = -120;
    rx.snr = -128;
    rx.frame = frame;
    rx.frame_len = frame_len;
    return sc_link_wire_radio_reception(wire, wire_size, &rx);
}

static void test_link_records(void)
{
    uint8_t wire[SC_LINK_WIRE_MAX_LEN];
    sc_receiver_status status;
    static const char sentence[] =
        "$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,291126,,,A*43";
    char long_sentence[SC_LINK_SENTENCE_MAX_LEN + 1];

    check_int("reception of 0-byte frame", reception(0, sizeof wire), SC_ERR_FRAME_LENGTH);
    check_int("reception of 1-byte frame", reception(1, sizeof wire), 1 + 7 + 1 + 2 + 2);
    check_int("reception of 51-byte frame", reception(51, sizeof wire), 1 + 7 + 51 + 2 + 2);
    check_int("reception of 52-byte frame", reception(52, sizeof wire), SC_ERR_FRAME_LENGTH);
    check_int("reception wire one byte short", reception(51, 1 + 7 + 51 + 2 + 1),
              SC_ERR_BUFFER_TOO_SMALL);

    memset(&status, 0, sizeof status);
    status.status_flags = SC_RX_STATUS_MASK;
    check_int("status all flags", sc_link_wire_receiver_status(wire, sizeof wire, &status),
              SC_LINK_STATUS_RECORD_LEN + 2);
    status.status_flags = 0x08;
    check_int("status reserved bit 3", sc_link_wire_receiver_status(wire, sizeof wire, &status),
              SC_ERR_RESERVED_BITS);

    check_int("sentence from PROTOCOL.md 2.3",
              sc_link_wire_gnss_sentence(wire, sizeof wire, sentence, strlen(sentence)),
              (long)strlen(sentence) + 3 + 2);
    check_int("sentence of 5 bytes", sc_link_wire_gnss_sentence(wire, sizeof wire, "$GPGG", 5),
              SC_ERR_SENTENCE);
    check_int("sentence of 6 bytes", sc_link_wire_gnss_sentence(wire, sizeof wire, "$GPGGA", 6),
              6 + 3 + 2);
    memset(long_sentence, 'A', sizeof long_sentence);
    long_sentence[0] = '$';
    check_int("sentence of 80 bytes",
              sc_link_wire_gnss_sentence(wire, sizeof wire, long_sentence, 80), 80 + 3 + 2);
    check_int("sentence of 81 bytes",
              sc_link_wire_gnss_sentence(wire, sizeof wire, long_sentence, 81), SC_ERR_SENTENCE);
    check_int("sentence without $", sc_link_wire_gnss_sentence(wire, sizeof wire, "GPGGA,1", 7),
              SC_ERR_SENTENCE);
    check_int("sentence with CR", sc_link_wire_gnss_sentence(wire, sizeof wire, "$GPGGA\r", 7),
              SC_ERR_SENTENCE);
}

static void test_cobs_limits(void)
{
    static uint8_t in[SC_COBS_MAX_INPUT + 1], out[SC_COBS_MAX_INPUT + 2];

    memset(in, 0x5a, sizeof in);
    check_int("cobs input of 253 bytes", sc_cobs_encode(in, 253, out, 254), 254);
    check_int("cobs 253 bytes into 253", sc_cobs_encode(in, 253, out, 253),
              SC_ERR_BUFFER_TOO_SMALL);
    check_int("cobs input of 254 bytes", sc_cobs_encode(in, 254, out, 255),
              SC_ERR_INPUT_TOO_LONG);
    check_int("wire record of 129 bytes", sc_link_wire_encode(in, 129, out, sizeof out),
              SC_ERR_INPUT_TOO_LONG);
}

int main(void)
{
    test_header_fields();
    test_coordinates();
    test_events();
    test_commands();
    test_acknowledgements();
    test_buffers_and_pointers();
    test_link_records();
    test_cobs_limits();
    printf("%d failed\n", check_failures());
    return check_failures() == 0 ? 0 : 1;
}
