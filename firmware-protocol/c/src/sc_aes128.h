/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * AES-128 block encryption (FIPS-197), the only cipher operation AES-CMAC needs.
 *
 * Portable C99 software implementation with table S-box lookups. Table
 * lookups are not constant-time on CPUs with a data cache; on such parts, or
 * when the MCU has an AES peripheral, replace these two functions with the
 * hardware/vendor equivalent (sc_cmac.c only calls these two).
 */
#ifndef SC_AES128_H
#define SC_AES128_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SC_AES128_KEY_LEN 16u
#define SC_AES128_BLOCK_LEN 16u

/* Expanded key: 11 round keys of 16 bytes. Holds key material: clear it when done
 * if the memory may be read by others. */
typedef struct {
    uint8_t round_keys[176];
} sc_aes128_ctx;

/*
 * Expands `key` (16 bytes) into `ctx`.
 * Writes: the 176 bytes of ctx->round_keys. Cannot fail.
 */
void sc_aes128_init(sc_aes128_ctx *ctx, const uint8_t key[SC_AES128_KEY_LEN]);

/*
 * Encrypts one 16-byte block: out = AES-128(key, in).
 * `in` and `out` may be the same buffer. Cannot fail.
 */
void sc_aes128_encrypt(const sc_aes128_ctx *ctx, const uint8_t in[SC_AES128_BLOCK_LEN],
                       uint8_t out[SC_AES128_BLOCK_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* SC_AES128_H */
