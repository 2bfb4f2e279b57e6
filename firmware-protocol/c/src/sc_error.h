/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * Error codes shared by the frame (sc_frame.h) and link (sc_link.h) builders.
 *
 * Every builder returns the number of bytes written (>= 0) or one of these
 * negative codes; on error nothing useful is in the output buffer.
 * Where a code matches a decoder reason of PROTOCOL.md (sections 1.8 and 2.4),
 * the reason is named so that firmware and gateway logs can be compared.
 */
#ifndef SC_ERROR_H
#define SC_ERROR_H

typedef enum {
    SC_ERR_NULL_ARGUMENT = -1,       /* a required pointer is NULL */
    SC_ERR_BUFFER_TOO_SMALL = -2,    /* the output buffer cannot hold the result */
    SC_ERR_INVALID_DEVICE_ID = -3,   /* device_id 0 (InvalidDeviceId) */
    SC_ERR_FLAGS = -4,               /* status flag bits outside SC_FLAGS_MASK */
    SC_ERR_BATTERY = -5,             /* battery 101..126 or > 127 (BatteryOutOfRange) */
    SC_ERR_COORDINATE = -6,          /* latitude/longitude out of range (CoordinateOutOfRange) */
    SC_ERR_EVENT_CODE = -7,          /* event code not 1..7 (UnknownEventCode) */
    SC_ERR_COMMAND = -8,             /* command code not 1..5 (UnknownCommand) */
    SC_ERR_COMMAND_ARGUMENT = -9,    /* bad argument for the command (InvalidCommandArgument) */
    SC_ERR_COMMAND_RESULT = -10,     /* acknowledgement result not 0..3 (UnknownCommandResult) */
    SC_ERR_FRAME_LENGTH = -11,       /* embedded radio frame not 1..51 bytes */
    SC_ERR_RESERVED_BITS = -12,      /* receiver status_flags bits 7..3 set (ReservedBitsSet) */
    SC_ERR_SENTENCE = -13,           /* GNSS sentence not 6..80 printable ASCII bytes
                                        starting with '$' (InvalidSentence) */
    SC_ERR_INPUT_TOO_LONG = -14      /* COBS input over SC_COBS_MAX_INPUT, or a record
                                        over SC_LINK_RECORD_MAX_LEN */
} sc_error;

#endif /* SC_ERROR_H */
