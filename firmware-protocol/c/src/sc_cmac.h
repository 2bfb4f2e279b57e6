/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * AES-128-CMAC (RFC 4493) and the 4-byte MIC of a radio frame (PROTOCOL.md 1.7).
 */
#ifndef SC_CMAC_H
#define SC_CMAC_H

#include <stddef.h>
#include <stdint.h>

#include "sc_aes128.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SC_CMAC_LEN 16u
#define SC_MIC_LEN 4u

/*
 * Computes the full AES-128-CMAC of `msg` (`len` bytes) under `key` (16 bytes).
 * Writes: 16 bytes to `mac`. `msg` may be NULL only when `len` is 0.
 * Cannot fail. Needs roughly 300 bytes of stack (the expanded key and a few blocks).
 */
void sc_cmac(const uint8_t key[SC_AES128_KEY_LEN], const uint8_t *msg, size_t len,
             uint8_t mac[SC_CMAC_LEN]);

/*
 * Computes the radio frame MIC: the first 4 bytes of sc_cmac(key, msg, len).
 * Writes: 4 bytes to `mic`, which may point just past the end of `msg` (the
 * frame builders append the MIC that way). Cannot fail.
 */
void sc_cmac_mic(const uint8_t key[SC_AES128_KEY_LEN], const uint8_t *msg, size_t len,
                 uint8_t mic[SC_MIC_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* SC_CMAC_H */
