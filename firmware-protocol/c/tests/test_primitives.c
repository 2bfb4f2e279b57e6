/*
 * CTest "cmac_rfc4493": the building blocks against their published examples
 * (FIPS-197, RFC 4493, the CRC-16/CCITT-FALSE check value, COBS), then the two
 * worked examples of PROTOCOL.md (1.9 and 2.6) byte for byte.
 */
#include <stdio.h>
#include <string.h>

#include "sc_aes128.h"
#include "sc_cmac.h"
#include "sc_frame.h"
#include "sc_link.h"
#include "test_support.h"

static const char rfc4493_key[] = "2b7e151628aed2a6abf7158809cf4f3c";

static void test_aes_block(const char *name, const char *key_hex, const char *plain_hex,
                           const char *cipher_hex)
{
    uint8_t key[16], block[16];
    sc_aes128_ctx ctx;

    hex_decode(key_hex, key, sizeof key);
    hex_decode(plain_hex, block, sizeof block);
    sc_aes128_init(&ctx, key);
    sc_aes128_encrypt(&ctx, block, block);
    check_bytes(name, block, sizeof block, cipher_hex);
}

static void test_fips197(void)
{
    test_aes_block("aes128 FIPS-197 appendix B", rfc4493_key, "3243f6a8885a308d313198a2e0370734",
                   "3925841d02dc09fbdc118597196a0b32");
    test_aes_block("aes128 FIPS-197 appendix C.1", "000102030405060708090a0b0c0d0e0f",
                   "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a");
}

static void test_rfc4493(void)
{
    static const struct {
        size_t len;
        const char *cmac;
    } examples[] = {
        {0, "bb1d6929e95937287fa37d129b756746"},
        {16, "070a16b46b4d4144f79bdd9dd04a287c"},
        {40, "dfa66747de9ae63030ca32611497c827"},
        {64, "51f0bebf7e3b9d92fc49741779363cfe"},
    };
    uint8_t key[16], message[64], mac[SC_CMAC_LEN];
    size_t i;

    hex_decode(rfc4493_key, key, sizeof key);
    hex_decode("6bc1bee22e409f96e93d7e117393172a"
               "ae2d8a571e03ac9c9eb76fac45af8e51"
               "30c81c46a35ce411e5fbc1191a0a52ef"
               "f69f2445df4f9b17ad2b417be66c3710",
               message, sizeof message);
    for (i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        char name[64];
        sprintf(name, "cmac RFC 4493 example %lu (%lu bytes)", (unsigned long)i + 1,
                (unsigned long)examples[i].len);
        sc_cmac(key, examples[i].len == 0 ? NULL : message, examples[i].len, mac);
        check_bytes(name, mac, sizeof mac, examples[i].cmac);
    }
}

static void test_crc16(void)
{
    static const uint8_t check_input[] = "123456789";
    check_int("crc16 CCITT-FALSE check value 0x29B1",
              sc_crc16_ccitt_false(check_input, sizeof check_input - 1), 0x29B1);
}

static void test_cobs(void)
{
    static const uint8_t record[] = {0x11, 0x00, 0x05};
    uint8_t out[8];
    int len;

    len = sc_cobs_encode(record, sizeof record, out, sizeof out);
    check_bytes("cobs PROTOCOL.md 2.2 example", out, len < 0 ? 0 : (size_t)len, "02110205");
    len = sc_link_wire_encode(record, sizeof record, out, sizeof out);
    check_bytes("cobs wire form with delimiter", out, len < 0 ? 0 : (size_t)len, "0211020500");
}

/* PROTOCOL.md 1.9. */
static const char worked_frame[] = "12eeffc0002a00000000aff924f60e19a2dd3e080311802af5";

static void test_worked_position_report(void)
{
    const sc_uplink_header header = {0x00C0FFEE, 42, SC_FLAG_GNSS_FIX_VALID, 87};
    const sc_position position = {251012345, 1054712345, 8, 3};
    uint8_t key[16], frame[SC_FRAME_MAX_LEN], mac[SC_CMAC_LEN];
    int len;

    hex_decode(rfc4493_key, key, sizeof key);
    len = sc_frame_position_report(frame, sizeof frame, key, &header, &position);
    check_int("PROTOCOL.md 1.9 frame length", len, SC_FRAME_POSITION_REPORT_LEN);
    check_bytes("PROTOCOL.md 1.9 position report", frame, len < 0 ? 0 : (size_t)len,
                worked_frame);
    sc_cmac(key, frame, SC_FRAME_POSITION_REPORT_LEN - SC_MIC_LEN, mac);
    check_bytes("PROTOCOL.md 1.9 full CMAC", mac, sizeof mac, "11802af56f681480e89d6aa6b985b753");
}

/* PROTOCOL.md 2.6. */
static void test_worked_reception_record(void)
{
    uint8_t frame[SC_FRAME_MAX_LEN], record[SC_LINK_RECORD_MAX_LEN], wire[SC_LINK_WIRE_MAX_LEN];
    sc_radio_reception reception;
    int len;

    reception.rx_time_ms = 123456;
    reception.rssi = -87;
    reception.snr = 38;
    reception.frame = frame;
    reception.frame_len = (size_t)hex_decode(worked_frame, frame, sizeof frame);

    len = sc_link_record_radio_reception(record, sizeof record, &reception);
    check_bytes("PROTOCOL.md 2.6 record", record, len < 0 ? 0 : (size_t)len,
                "1140e20100a9ff26"
                "12eeffc0002a00000000aff924f60e19a2dd3e080311802af5"
                "b213");
    len = sc_link_wire_radio_reception(wire, sizeof wire, &reception);
    check_bytes("PROTOCOL.md 2.6 wire bytes", wire, len < 0 ? 0 : (size_t)len,
                "051140e20108a9ff2612eeffc0022a010101"
                "12aff924f60e19a2dd3e080311802af5b21300");
}

int main(void)
{
    test_fips197();
    test_rfc4493();
    test_crc16();
    test_cobs();
    test_worked_position_report();
    test_worked_reception_record();
    printf("%d failed\n", check_failures());
    return check_failures() == 0 ? 0 : 1;
}
