#!/usr/bin/env python3
"""Generate the SafeCommunity wire protocol v1 test vectors.

This is an independent implementation of firmware-protocol/PROTOCOL.md, written
from that document only. It builds every vector from its fields, then checks
each one with a small reference decoder that follows the validation order of
PROTOCOL.md §1.8 and §2.4, and writes one JSON file per vector (schema: §3).

    python3 firmware-protocol/vectors/generate.py

Python 3.11, standard library only. AES-128-CMAC comes from the `openssl` CLI
(OpenSSL 3: `openssl mac -cipher AES-128-CBC -macopt hexkey:<key> CMAC`).
The output is deterministic: running the script again gives the same bytes.
"""

import json
import struct
import subprocess
import sys
from functools import reduce
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# AES-128-CMAC (RFC 4493) via openssl, checked against the RFC examples
# ---------------------------------------------------------------------------


def aes_cmac(key: bytes, message: bytes) -> bytes:
    """Full 16-byte AES-128-CMAC of `message` under the 16-byte `key`."""
    assert len(key) == 16
    result = subprocess.run(
        ["openssl", "mac", "-binary", "-cipher", "AES-128-CBC",
         "-macopt", "hexkey:" + key.hex(), "CMAC"],
        input=message, capture_output=True, check=True)
    assert len(result.stdout) == 16, result
    return result.stdout


RFC4493_KEY = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
RFC4493_M64 = bytes.fromhex(
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710")
# (vector name, message length, expected CMAC) from RFC 4493 §4
RFC4493_EXAMPLES = [
    ("cmac-rfc4493-empty", 0, "bb1d6929e95937287fa37d129b756746"),
    ("cmac-rfc4493-16", 16, "070a16b46b4d4144f79bdd9dd04a287c"),
    ("cmac-rfc4493-40", 40, "dfa66747de9ae63030ca32611497c827"),
    ("cmac-rfc4493-64", 64, "51f0bebf7e3b9d92fc49741779363cfe"),
]

# ---------------------------------------------------------------------------
# Radio frame (PROTOCOL.md §1)
# ---------------------------------------------------------------------------

MAX_FRAME = 51
FRAME_TYPES = {1: "beacon", 2: "position-report", 3: "alarm-event",
               4: "downlink-command", 5: "command-ack"}
FRAME_TYPE_CODES = {name: code for code, name in FRAME_TYPES.items()}
# §1.4, in bit order: bit i has mask 1 << i
FLAG_NAMES = ["sos", "fall", "removed", "tamper", "armed", "moving",
              "charging", "low_battery", "gnss_fix_valid"]
EVENTS = {1: "sos", 2: "fall", 3: "removed", 4: "tamper",
          5: "moved-while-armed", 6: "low-battery", 7: "power-on"}
EVENT_CODES = {name: code for code, name in EVENTS.items()}
COMMANDS = {1: "set-report-interval", 2: "locate-now", 3: "arm",
            4: "disarm", 5: "sound-buzzer"}
COMMAND_CODES = {name: code for code, name in COMMANDS.items()}
RESULTS = {0: "done", 1: "unsupported-command", 2: "invalid-argument",
           3: "failed"}
RESULT_CODES = {name: code for code, name in RESULTS.items()}
# §1.3: allowed argument per command
ARGUMENT_RANGES = {1: (10, 65535), 2: (0, 0), 3: (0, 0), 4: (0, 0),
                   5: (1, 120)}
POSITION_FIELDS = ["latitude", "longitude", "accuracy", "fix_age"]


def flags_mask(names: list[str]) -> int:
    return reduce(lambda m, n: m | (1 << FLAG_NAMES.index(n)), names, 0)


def flag_names(mask: int) -> list[str]:
    return [n for i, n in enumerate(FLAG_NAMES) if mask & (1 << i)]


def pack_position(f: dict) -> bytes:
    return struct.pack("<iiBB", f["latitude"], f["longitude"],
                       f["accuracy"], f["fix_age"])


def encode_frame(f: dict, key: bytes, *, version: int = 1,
                 type_code: int | None = None, event_code: int | None = None,
                 status: int | None = None, extra: bytes = b"") -> bytes:
    """Build a frame from its fields (names as in §3) and append its MIC.

    The keyword arguments exist only to build invalid frames: `type_code`,
    `event_code` and `status` override what the fields say, `extra` is
    inserted between the body and the MIC (the MIC still covers it).
    """
    if type_code is None:
        type_code = FRAME_TYPE_CODES[f["type"]]
    if status is None:
        status = flags_mask(f["flags"]) | (f["battery"] << 9)
    header = struct.pack("<BIIH", (version << 4) | type_code,
                         f["device_id"], f["counter"], status)
    kind = f.get("type")
    if kind == "position-report":
        body = pack_position(f)
    elif kind == "alarm-event":
        has_position = "latitude" in f
        code = EVENT_CODES[f["event"]] if event_code is None else event_code
        body = bytes([(0x80 if has_position else 0) | code])
        if has_position:
            body += pack_position(f)
    elif kind == "downlink-command":
        body = struct.pack("<BH", COMMAND_CODES[f["command"]], f["argument"])
    elif kind == "command-ack":
        body = struct.pack("<IBB", f["acked_counter"],
                           COMMAND_CODES[f["command"]],
                           RESULT_CODES[f["result"]])
    else:  # beacon: no body
        body = b""
    covered = header + body + extra
    return covered + aes_cmac(key, covered)[:4]


class Invalid(Exception):
    """A decoder rejected the input; args[0] is the reason name."""


def decode_frame(data: bytes, key: bytes | None) -> dict:
    """Reference decoder: checks of §1.8 in order, returns the §3 fields."""
    n = len(data)
    if n < 1:
        raise Invalid("Truncated")                                  # 1
    if n > MAX_FRAME:
        raise Invalid("Oversize")                                   # 2
    if data[0] >> 4 != 1:
        raise Invalid("UnsupportedVersion")                         # 3
    type_code = data[0] & 0x0F
    if type_code not in FRAME_TYPES:
        raise Invalid("UnknownFrameType")                           # 4
    if n < 11 or (type_code == 3 and n < 12):
        raise Invalid("Truncated")                                  # 5
    has_position = type_code == 2 or (type_code == 3 and data[11] & 0x80)
    size = {1: 15, 2: 25, 3: 26 if has_position else 16, 4: 18,
            5: 21}[type_code]
    if n < size:
        raise Invalid("Truncated")                                  # 6
    if n > size:
        raise Invalid("TrailingBytes")                              # 7
    device_id, counter, status = struct.unpack_from("<IIH", data, 1)
    battery = status >> 9
    if not (battery <= 100 or battery == 127):
        raise Invalid("BatteryOutOfRange")                          # 8
    fields = {"type": FRAME_TYPES[type_code], "device_id": device_id,
              "counter": counter, "flags": flag_names(status & 0x1FF),
              "battery": battery}
    body = data[11:size - 4]
    if type_code == 3:
        event_code = body[0] & 0x7F
        body = body[1:]
    if has_position:
        lat, lon, acc, age = struct.unpack("<iiBB", body)
        if not (-900000000 <= lat <= 900000000
                and -1800000000 <= lon <= 1800000000):
            raise Invalid("CoordinateOutOfRange")                   # 9
    if type_code == 3:
        if event_code not in EVENTS:
            raise Invalid("UnknownEventCode")                       # 10
        fields["event"] = EVENTS[event_code]
    if has_position:
        fields.update(latitude=lat, longitude=lon, accuracy=acc, fix_age=age)
    if type_code == 4:
        command, argument = struct.unpack("<BH", body)
        if command not in COMMANDS:
            raise Invalid("UnknownCommand")                         # 11
        low, high = ARGUMENT_RANGES[command]
        if not low <= argument <= high:
            raise Invalid("InvalidCommandArgument")                 # 12
        if status != 0:
            raise Invalid("ReservedBitsSet")                        # 13
        fields.update(command=COMMANDS[command], argument=argument)
    if type_code == 5:
        acked, command, result = struct.unpack("<IBB", body)
        if command not in COMMANDS:
            raise Invalid("UnknownCommand")                         # 11
        if result not in RESULTS:
            raise Invalid("UnknownCommandResult")                   # 14
        fields.update(acked_counter=acked, command=COMMANDS[command],
                      result=RESULTS[result])
    if device_id == 0:
        raise Invalid("InvalidDeviceId")                            # 15
    if key is not None and aes_cmac(key, data[:size - 4])[:4] != data[size - 4:]:
        raise Invalid("BadMic")                                     # 16
    return fields


# ---------------------------------------------------------------------------
# Serial receiver link (PROTOCOL.md §2)
# ---------------------------------------------------------------------------

MAX_RECORD = 128
MAX_RUN = 129
RECORD_TYPES = {1: "radio-reception", 2: "receiver-status",
                3: "gnss-sentence"}
RECORD_TYPE_CODES = {name: code for code, name in RECORD_TYPES.items()}
STATUS_FLAG_NAMES = ["hello", "gnss_present", "radio_fault"]  # bits 0..2


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def cobs_encode(record: bytes) -> bytes:
    """COBS as described in §2.2 (pieces never reach 254 bytes here)."""
    out = bytearray()
    for piece in record.split(b"\x00"):
        assert len(piece) <= 253, "records are at most 128 bytes"
        out.append(len(piece) + 1)
        out += piece
    return bytes(out)


def cobs_decode(run: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(run):
        code = run[i]
        if code == 0 or i + code > len(run):
            raise Invalid("BadCobs")
        out += run[i + 1:i + code]
        i += code
        if code < 0xFF and i < len(run):
            out.append(0)
    return bytes(out)


def make_record(record_type_byte: int, payload: bytes) -> bytes:
    """Type, payload and CRC-16/CCITT-FALSE (little-endian)."""
    body = bytes([record_type_byte]) + payload
    return body + struct.pack("<H", crc16_ccitt_false(body))


def on_the_wire(record: bytes) -> bytes:
    return cobs_encode(record) + b"\x00"


def record_payload(f: dict) -> bytes:
    """The payload of a record from its §3 fields."""
    kind = f["record_type"]
    if kind == "radio-reception":
        return (struct.pack("<Ihb", f["rx_time_ms"], f["rssi"], f["snr"])
                + bytes.fromhex(f["frame"]))
    if kind == "receiver-status":
        flags = reduce(lambda m, n: m | (1 << STATUS_FLAG_NAMES.index(n)),
                       f["status_flags"], 0)
        return struct.pack("<IBBBBIIII", f["receiver_id"], f["fw_major"],
                           f["fw_minor"], f["fw_patch"], flags, f["uptime_s"],
                           f["frames_received"], f["radio_crc_errors"],
                           f["records_dropped"])
    return f["sentence"].encode("ascii")


def encode_record(f: dict) -> bytes:
    return make_record(0x10 | RECORD_TYPE_CODES[f["record_type"]],
                       record_payload(f))


def decode_run(run: bytes) -> dict:
    """Reference decoder for one run between delimiters: checks of §2.4."""
    if len(run) > MAX_RUN:
        raise Invalid("Oversize")                                   # 1
    record = cobs_decode(run)                                       # 2
    if len(record) < 3:
        raise Invalid("Truncated")                                  # 3
    if crc16_ccitt_false(record[:-2]) != struct.unpack("<H", record[-2:])[0]:
        raise Invalid("BadCrc")                                     # 4
    if record[0] >> 4 != 1:
        raise Invalid("UnsupportedVersion")                         # 5
    type_code = record[0] & 0x0F
    if type_code not in RECORD_TYPES:
        raise Invalid("UnknownRecordType")                          # 6
    payload = record[1:-2]
    low, high = {1: (8, 58), 2: (24, 24), 3: (6, 80)}[type_code]
    if len(payload) < low:
        raise Invalid("Truncated")                                  # 7
    if len(payload) > high:
        raise Invalid("TrailingBytes")                              # 8
    fields = {"record_type": RECORD_TYPES[type_code]}
    if type_code == 1:
        rx_time, rssi, snr = struct.unpack_from("<Ihb", payload)
        fields.update(rx_time_ms=rx_time, rssi=rssi, snr=snr,
                      frame=payload[7:].hex())
    elif type_code == 2:
        (receiver_id, major, minor, patch, flags, uptime, received,
         crc_errors, dropped) = struct.unpack("<IBBBBIIII", payload)
        if flags & 0xF8:
            raise Invalid("ReservedBitsSet")                        # 9
        fields.update(
            receiver_id=receiver_id, fw_major=major, fw_minor=minor,
            fw_patch=patch,
            status_flags=[n for i, n in enumerate(STATUS_FLAG_NAMES)
                          if flags & (1 << i)],
            uptime_s=uptime, frames_received=received,
            radio_crc_errors=crc_errors, records_dropped=dropped)
    else:
        if payload[:1] != b"$" or any(not 0x20 <= b <= 0x7E for b in payload):
            raise Invalid("InvalidSentence")                        # 10
        fields["sentence"] = payload.decode("ascii")
    return fields


def nmea_checksum(body: str) -> str:
    """XOR of the characters between '$' and '*', as two uppercase hex digits."""
    return "%02X" % reduce(lambda x, c: x ^ ord(c), body, 0)


def nmea(body: str) -> str:
    return "$" + body + "*" + nmea_checksum(body)


# ---------------------------------------------------------------------------
# The examples printed in PROTOCOL.md must come out byte-identical
# ---------------------------------------------------------------------------

DOC_FRAME_HEX = "12eeffc0002a00000000aff924f60e19a2dd3e080311802af5"
DOC_CMAC_HEX = "11802af56f681480e89d6aa6b985b753"
DOC_RECORD_HEX = ("1140e20100a9ff2612eeffc0002a00000000aff924f60e19a2dd3e"
                  "080311802af5b213")
DOC_WIRE_HEX = ("051140e20108a9ff2612eeffc0022a01010112aff924f60e19a2dd3e"
                "080311802af5b21300")
DOC_RMC = ("$GNRMC,083559.00,A,2506.07407,N,10528.27407,E,0.004,77.52,"
           "291126,,,A*43")


def check_document_examples() -> None:
    # §1.3 and §1.5 examples
    assert struct.pack("<i", 251012345).hex() == "f924f60e"
    assert struct.pack("<i", 1054712345).hex() == "19a2dd3e"
    assert struct.pack("<H", flags_mask(["gnss_fix_valid"]) | (87 << 9)).hex() == "00af"
    # §2.1 check value, §2.2 COBS example
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert cobs_encode(bytes.fromhex("110005")).hex() == "02110205"
    # §2.3 RMC example has a correct NMEA checksum
    assert DOC_RMC == nmea(DOC_RMC[1:-3]), "NMEA checksum of the §2.3 example"
    # §1.9 CMAC and frame, §2.6 record and wire bytes: see vectors below
    doc_frame = bytes.fromhex(DOC_FRAME_HEX)
    assert aes_cmac(RFC4493_KEY, doc_frame[:21]).hex() == DOC_CMAC_HEX


# ---------------------------------------------------------------------------
# Devices: a police gateway in Anlong County, Guizhou (about 25.10 N 105.47 E)
# ---------------------------------------------------------------------------

# Each device has its own key (§1.7). 0x00C0FFEE is the §1.9 example device.
DOC_DEVICE = (0x00C0FFEE, RFC4493_KEY)
EBIKE_CHIP_A = (0x11000457, bytes.fromhex("09c10990f81da9104af574d4029cf24e"))
EBIKE_CHIP_B = (0x11000A2C, bytes.fromhex("eaa745d2bc83ba71b04ba340e18cda71"))
EBIKE_CHIP_C = (0x11000B01, bytes.fromhex("7db4f7933de8544ecee2367709e19596"))
WRISTBAND_A = (0x22000193, bytes.fromhex("d754eea1cc0038a3b9bde70613ce220b"))
WRISTBAND_B = (0x2200021E, bytes.fromhex("5751be460d397316e2f88004fed7b612"))
WRISTBAND_C = (0x220002B5, bytes.fromhex("04e11f4bf862223e6fcd3d5f9206ecc8"))
UNENROLLED_KEY = bytes.fromhex("176cdb058a060900c9fd670a66638e15")

BASE_STATION_GATE = 0x52010003   # fixed receiver at a residential compound gate
PATROL_VEHICLE = 0x52020007      # receiver with GNSS on a patrol car


def frame_fields(kind: str, device: tuple, counter: int, flags: list[str],
                 battery: int, **body) -> dict:
    return {"type": kind, "device_id": device[0], "counter": counter,
            "flags": flags, "battery": battery, **body}


def position(lat: int, lon: int, accuracy: int, fix_age: int) -> dict:
    return {"latitude": lat, "longitude": lon, "accuracy": accuracy,
            "fix_age": fix_age}


# ---------------------------------------------------------------------------
# Vector builders
# ---------------------------------------------------------------------------

def vector(name: str, description: str, kind: str, valid: bool, *,
           error: str | None = None, key: bytes | None = None,
           fields: dict | None = None, record: bytes | None = None,
           data: bytes) -> dict:
    """One vector with its keys in a fixed order (§3)."""
    v = {"name": name, "description": description, "kind": kind,
         "valid": valid}
    if error is not None:
        v["error"] = error
    if key is not None:
        v["key"] = key.hex()
    if fields is not None:
        v["fields"] = fields
    if record is not None:
        v["record_hex"] = record.hex()
    v["hex"] = data.hex()
    return v


VECTORS: list[dict] = []
FRAMES: dict[str, bytes] = {}   # valid frames by vector name, for reuse


def cmac_vectors() -> None:
    for name, length, expected in RFC4493_EXAMPLES:
        message = RFC4493_M64[:length]
        mac = aes_cmac(RFC4493_KEY, message).hex()
        assert mac == expected, f"{name}: openssl gave {mac}, RFC 4493 says {expected}"
        VECTORS.append({
            "name": name,
            "description": f"RFC 4493 AES-CMAC example with a {length}-byte "
                           "message, to check AES-128-CMAC before any frame.",
            "kind": "cmac", "valid": True, "key": RFC4493_KEY.hex(),
            "message": message.hex(), "cmac": mac})


def valid_frame(name: str, description: str, device: tuple,
                fields: dict, expected_hex: str | None = None) -> None:
    data = encode_frame(fields, device[1])
    if expected_hex is not None:
        assert data.hex() == expected_hex, f"{name}: {data.hex()} != {expected_hex}"
    FRAMES[name] = data
    VECTORS.append(vector(name, description, "radio-frame", True,
                          key=device[1], fields=fields, data=data))


def invalid_frame(name: str, description: str, error: str, key: bytes,
                  data: bytes, fields: dict | None = None) -> None:
    VECTORS.append(vector(name, description, "radio-frame", False,
                          error=error, key=key, fields=fields, data=data))


def frame_vectors() -> None:
    chip_a, chip_b, chip_c = EBIKE_CHIP_A, EBIKE_CHIP_B, EBIKE_CHIP_C
    band_a, band_b, band_c = WRISTBAND_A, WRISTBAND_B, WRISTBAND_C

    valid_frame(
        "frame-beacon",
        "Beacon from an armed e-bike anti-theft chip without GNSS, battery full.",
        chip_a, frame_fields("beacon", chip_a, 18342, ["armed"], 100))
    valid_frame(
        "frame-beacon-battery-unknown",
        "Beacon with no flags set and battery 127, the value for 'unknown'.",
        chip_b, frame_fields("beacon", chip_b, 905, [], 127))
    valid_frame(
        "frame-position-report",
        "The worked position report of PROTOCOL.md section 1.9, byte for byte.",
        DOC_DEVICE,
        frame_fields("position-report", DOC_DEVICE, 42, ["gnss_fix_valid"], 87,
                     **position(251012345, 1054712345, 8, 3)),
        expected_hex=DOC_FRAME_HEX)
    valid_frame(
        "frame-position-report-stale",
        "Position report repeating an old fix (gnss_fix_valid clear, accuracy "
        "and fix_age saturated at 255) with negative latitude and longitude.",
        band_b,
        frame_fields("position-report", band_b, 77120,
                     ["charging", "low_battery"], 15,
                     **position(-334489123, -706693456, 255, 255)))
    valid_frame(
        "frame-alarm-sos-with-position",
        "SOS alarm event from a wristband carrying a current position, with a "
        "counter above 2^31.",
        band_a,
        frame_fields("alarm-event", band_a, 4000000000,
                     ["sos", "gnss_fix_valid"], 64, event="sos",
                     **position(250987654, 1054801234, 5, 1)))
    valid_frame(
        "frame-alarm-tamper",
        "Tamper alarm event without a position from an armed e-bike chip "
        "taken off its bike.",
        chip_a,
        frame_fields("alarm-event", chip_a, 18377, ["tamper", "armed"], 93,
                     event="tamper"))
    valid_frame(
        "frame-alarm-power-on",
        "Power-on alarm event without a position, the first frame (counter 1) "
        "of a new chip.",
        chip_c,
        frame_fields("alarm-event", chip_c, 1, [], 100, event="power-on"))
    valid_frame(
        "frame-downlink-set-report-interval",
        "Downlink command setting a wristband's report interval to 300 s "
        "(status 0, gateway downlink counter).",
        band_a,
        frame_fields("downlink-command", band_a, 17, [], 0,
                     command="set-report-interval", argument=300))
    valid_frame(
        "frame-downlink-sound-buzzer",
        "Downlink command sounding an e-bike chip's buzzer for 30 seconds.",
        chip_a,
        frame_fields("downlink-command", chip_a, 5, [], 0,
                     command="sound-buzzer", argument=30))
    valid_frame(
        "frame-downlink-arm",
        "Downlink command arming an e-bike chip (argument must be 0).",
        chip_a,
        frame_fields("downlink-command", chip_a, 6, [], 0,
                     command="arm", argument=0))
    valid_frame(
        "frame-command-ack",
        "Acknowledgement (result done) of the set-report-interval downlink, "
        "carrying the wristband's own uplink counter and status.",
        band_a,
        frame_fields("command-ack", band_a, 4000000003, ["gnss_fix_valid"], 63,
                     acked_counter=17, command="set-report-interval",
                     result="done"))

    # --- invalid frames -----------------------------------------------------
    report_c = frame_fields("position-report", band_c, 31006,
                            ["gnss_fix_valid"], 71,
                            **position(251063210, 1054655432, 12, 4))
    good = encode_frame(report_c, band_c[1])
    invalid_frame(
        "frame-invalid-bad-mic",
        "Well-formed position report whose last MIC byte has one bit flipped.",
        "BadMic", band_c[1], good[:-1] + bytes([good[-1] ^ 0x01]), report_c)
    invalid_frame(
        "frame-invalid-truncated",
        "Position report missing its last byte (24 of 25 bytes).",
        "Truncated", band_c[1], good[:-1], report_c)
    invalid_frame(
        "frame-invalid-empty",
        "Zero-byte frame.",
        "Truncated", chip_a[1], b"")

    beacon_a = frame_fields("beacon", chip_a, 18343, ["armed"], 100)
    invalid_frame(
        "frame-invalid-trailing-bytes",
        "Beacon header with one extra byte after the status (16 bytes, MIC "
        "computed over the first 12), one byte longer than a beacon.",
        "TrailingBytes", chip_a[1],
        encode_frame(beacon_a, chip_a[1], extra=b"\x00"), beacon_a)
    invalid_frame(
        "frame-invalid-unknown-version",
        "A 25-byte position-report layout with header 0x22 (protocol version 2).",
        "UnsupportedVersion", band_c[1],
        encode_frame(report_c, band_c[1], version=2))
    invalid_frame(
        "frame-invalid-unknown-type",
        "A 15-byte frame with header 0x1A (version 1, undefined frame type 10).",
        "UnknownFrameType", chip_a[1],
        encode_frame(beacon_a, chip_a[1], type_code=0x0A))

    sos = frame_fields("alarm-event", band_a, 4000000000,
                       ["sos", "gnss_fix_valid"], 64, event="sos",
                       **position(250987654, 1054801234, 5, 1))
    sos_again = dict(sos, counter=4000000001)
    invalid_frame(
        "frame-invalid-oversize",
        "52 bytes: two 26-byte SOS alarm frames run together, one byte over "
        "the 51-byte limit.",
        "Oversize", band_a[1],
        encode_frame(sos, band_a[1]) + encode_frame(sos_again, band_a[1]))

    beacon_b = frame_fields("beacon", chip_b, 906, [], 110)
    invalid_frame(
        "frame-invalid-battery",
        "Beacon with battery 110, in the invalid range 101..126 (correct MIC).",
        "BatteryOutOfRange", chip_b[1], encode_frame(beacon_b, chip_b[1]),
        beacon_b)

    bad_lat = dict(report_c, counter=31007, latitude=900000001)
    invalid_frame(
        "frame-invalid-coordinate",
        "Position report with latitude 900000001, one unit north of the pole "
        "(correct MIC).",
        "CoordinateOutOfRange", band_c[1], encode_frame(bad_lat, band_c[1]),
        bad_lat)

    # No name exists for event code 9, so `fields` leaves `event` out.
    unknown_event = frame_fields("alarm-event", chip_a, 18378, ["armed"], 92)
    invalid_frame(
        "frame-invalid-event-code",
        "16-byte alarm event without a position and undefined event code 9 "
        "(correct MIC).",
        "UnknownEventCode", chip_a[1],
        encode_frame(unknown_event, chip_a[1], event_code=9), unknown_event)

    locate = frame_fields("downlink-command", chip_a, 7, ["armed"], 0,
                          command="locate-now", argument=0)
    invalid_frame(
        "frame-invalid-downlink-status",
        "Locate-now downlink whose status is 0x0010 (armed flag) instead of 0 "
        "(correct MIC).",
        "ReservedBitsSet", chip_a[1], encode_frame(locate, chip_a[1]), locate)

    buzzer = frame_fields("downlink-command", chip_a, 8, [], 0,
                          command="sound-buzzer", argument=0)
    invalid_frame(
        "frame-invalid-command-argument",
        "Sound-buzzer downlink for 0 seconds, outside 1..120 (correct MIC).",
        "InvalidCommandArgument", chip_a[1], encode_frame(buzzer, chip_a[1]),
        buzzer)

    no_id = frame_fields("beacon", (0, UNENROLLED_KEY), 12, [], 100)
    invalid_frame(
        "frame-invalid-device-id",
        "Beacon with device_id 0, which is never used (MIC correct for `key`).",
        "InvalidDeviceId", UNENROLLED_KEY, encode_frame(no_id, UNENROLLED_KEY),
        no_id)

    # No names exist for command 6 or result 4, so `fields` leaves them out.
    def raw_ack(command_code: int, result_code: int) -> bytes:
        covered = struct.pack("<BIIHIBB", 0x15, chip_a[0], 18400, 92 << 9, 9,
                              command_code, result_code)
        return covered + aes_cmac(chip_a[1], covered)[:4]

    ack_fields = {"type": "command-ack", "device_id": chip_a[0],
                  "counter": 18400, "flags": [], "battery": 92,
                  "acked_counter": 9}
    invalid_frame(
        "frame-invalid-ack-command",
        "Command acknowledgement naming undefined command code 6 (correct "
        "MIC).",
        "UnknownCommand", chip_a[1], raw_ack(6, 0), ack_fields)
    invalid_frame(
        "frame-invalid-ack-result",
        "Command acknowledgement with undefined result code 4 (correct MIC).",
        "UnknownCommandResult", chip_a[1], raw_ack(3, 4),
        dict(ack_fields, command="arm"))


def valid_record(name: str, description: str, fields: dict,
                 key: bytes | None = None, expected_record_hex: str | None = None,
                 expected_hex: str | None = None) -> None:
    record = encode_record(fields)
    data = on_the_wire(record)
    if expected_record_hex is not None:
        assert record.hex() == expected_record_hex, f"{name}: {record.hex()}"
    if expected_hex is not None:
        assert data.hex() == expected_hex, f"{name}: {data.hex()}"
    VECTORS.append(vector(name, description, "link-record", True, key=key,
                          fields=fields, record=record, data=data))


def invalid_record(name: str, description: str, error: str, data: bytes,
                   record: bytes | None = None) -> None:
    VECTORS.append(vector(name, description, "link-record", False,
                          error=error, record=record, data=data))


def link_vectors() -> None:
    valid_record(
        "link-radio-reception",
        "The worked radio reception record of PROTOCOL.md section 2.6, byte "
        "for byte.",
        {"record_type": "radio-reception", "rx_time_ms": 123456, "rssi": -87,
         "snr": 38, "frame": FRAMES["frame-position-report"].hex()},
        key=DOC_DEVICE[1], expected_record_hex=DOC_RECORD_HEX,
        expected_hex=DOC_WIRE_HEX)
    valid_record(
        "link-radio-reception-beacon",
        "A weak beacon (RSSI -120 dBm, SNR -7.5 dB) heard late in the "
        "receiver's 32-bit millisecond clock.",
        {"record_type": "radio-reception", "rx_time_ms": 3021456789,
         "rssi": -120, "snr": -30, "frame": FRAMES["frame-beacon"].hex()},
        key=EBIKE_CHIP_A[1])
    hello = {"record_type": "receiver-status", "receiver_id": PATROL_VEHICLE,
             "fw_major": 1, "fw_minor": 4, "fw_patch": 2,
             "status_flags": ["hello", "gnss_present"], "uptime_s": 2,
             "frames_received": 3, "radio_crc_errors": 1,
             "records_dropped": 0}
    valid_record(
        "link-receiver-status-hello",
        "First receiver status after start (hello) from a patrol-vehicle "
        "receiver with GNSS, small counters.",
        hello)
    valid_record(
        "link-receiver-status",
        "Routine receiver status from a gate base station, no flags, after "
        "41 days up with large counters.",
        {"record_type": "receiver-status", "receiver_id": BASE_STATION_GATE,
         "fw_major": 1, "fw_minor": 3, "fw_patch": 11, "status_flags": [],
         "uptime_s": 41 * 86400 + 7 * 3600 + 13 * 60 + 20,
         "frames_received": 591204377, "radio_crc_errors": 12480331,
         "records_dropped": 1207})
    valid_record(
        "link-gnss-sentence-rmc",
        "The RMC sentence of PROTOCOL.md section 2.3 relayed by a "
        "patrol-vehicle receiver.",
        {"record_type": "gnss-sentence", "sentence": DOC_RMC})
    valid_record(
        "link-gnss-sentence-gga",
        "A GGA sentence (correct NMEA checksum) for the same time and place "
        "as the RMC example.",
        {"record_type": "gnss-sentence",
         "sentence": nmea("GNGGA,083559.00,2506.07407,N,10528.27407,E,1,14,"
                          "0.78,1292.6,M,-31.2,M,,")})

    # --- invalid records ----------------------------------------------------
    hello_record = encode_record(hello)
    bad_crc = hello_record[:-2] + bytes([hello_record[-2] ^ 0x01]) + hello_record[-1:]
    invalid_record(
        "link-invalid-bad-crc",
        "The hello receiver status record with one bit of its CRC flipped.",
        "BadCrc", on_the_wire(bad_crc), bad_crc)
    doc_wire = bytes.fromhex(DOC_WIRE_HEX)
    invalid_record(
        "link-invalid-bad-cobs",
        "The section 2.6 run with its last 3 bytes lost, so the final code "
        "byte 0x12 points past the end of the run.",
        "BadCobs", doc_wire[:-4] + b"\x00")
    invalid_record(
        "link-invalid-oversize",
        "A run of 130 non-zero bytes before the delimiter, one more than the "
        "129 an encoded record can take.",
        "Oversize", bytes((i % 255) + 1 for i in range(130)) + b"\x00")
    short = bytes.fromhex("1140")
    invalid_record(
        "link-invalid-truncated",
        "A 2-byte record, too short to hold a type and a CRC.",
        "Truncated", on_the_wire(short), short)
    future = make_record(0x14, bytes.fromhex("52010003a00f0000"))
    invalid_record(
        "link-invalid-unknown-record-type",
        "A record of undefined type 0x14 with a correct CRC.",
        "UnknownRecordType", on_the_wire(future), future)
    doc_record = bytes.fromhex(DOC_RECORD_HEX)
    v2 = make_record(0x21, doc_record[1:-2])
    invalid_record(
        "link-invalid-unsupported-version",
        "The section 2.6 record with record_type 0x21 (link version 2) and a "
        "correct CRC.",
        "UnsupportedVersion", on_the_wire(v2), v2)
    long_status = make_record(0x12, record_payload(hello) + b"\x00")
    invalid_record(
        "link-invalid-trailing-bytes",
        "A receiver status record with a 25-byte payload (one byte too many) "
        "and a correct CRC.",
        "TrailingBytes", on_the_wire(long_status), long_status)
    no_dollar = make_record(0x13, DOC_RMC[1:].encode("ascii"))
    invalid_record(
        "link-invalid-sentence",
        "A GNSS sentence record whose sentence lost its leading '$' (correct "
        "CRC).",
        "InvalidSentence", on_the_wire(no_dollar), no_dollar)
    control = make_record(0x13, DOC_RMC.encode("ascii") + b"\r\n")
    invalid_record(
        "link-invalid-sentence-control-chars",
        "A GNSS sentence record that kept its CR LF, which are not printable "
        "(correct CRC).",
        "InvalidSentence", on_the_wire(control), control)
    flagged = make_record(0x12, record_payload(hello)[:7] + b"\x09" + record_payload(hello)[8:])
    invalid_record(
        "link-invalid-status-reserved-bits",
        "A receiver status record with reserved status flag bit 3 set "
        "(correct CRC).",
        "ReservedBitsSet", on_the_wire(flagged), flagged)


# ---------------------------------------------------------------------------
# Self-check every vector with the reference decoders, then write the files
# ---------------------------------------------------------------------------

def check_vector(v: dict) -> None:
    name = v["name"]
    if v["kind"] == "cmac":
        return  # already compared with RFC 4493 when built
    data = bytes.fromhex(v["hex"])
    key = bytes.fromhex(v["key"]) if "key" in v else None
    try:
        if v["kind"] == "radio-frame":
            fields = decode_frame(data, key)
        else:
            assert data[-1:] == b"\x00" and b"\x00" not in data[:-1], name
            fields = decode_run(data[:-1])
            if "record_hex" in v:
                assert cobs_decode(data[:-1]).hex() == v["record_hex"], name
            if fields["record_type"] == "radio-reception" and key is not None:
                decode_frame(bytes.fromhex(fields["frame"]), key)
    except Invalid as e:
        assert not v["valid"], f"{name}: rejected with {e.args[0]}"
        assert e.args[0] == v["error"], f"{name}: {e.args[0]} != {v['error']}"
        return
    assert v["valid"], f"{name}: accepted, expected {v['error']}"
    assert fields == v["fields"], f"{name}: decoded {fields} != {v['fields']}"
    if v["kind"] == "link-record":
        assert len(v["record_hex"]) // 2 <= MAX_RECORD, name


def main() -> int:
    check_document_examples()
    cmac_vectors()
    frame_vectors()
    link_vectors()

    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names)), "duplicate vector names"
    for v in VECTORS:
        check_vector(v)
        text = json.dumps(v, indent=2, ensure_ascii=True) + "\n"
        (OUT_DIR / (v["name"] + ".json")).write_bytes(text.encode("ascii"))

    stray = sorted(p.name for p in OUT_DIR.glob("*.json")
                   if p.stem not in set(names))
    if stray:
        print("warning: not generated by this script:", ", ".join(stray),
              file=sys.stderr)
    print(f"wrote {len(VECTORS)} vectors to {OUT_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
