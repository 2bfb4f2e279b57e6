/*
 * SafeCommunity wire protocol v1 - C reference encoder.
 * AES-128-CMAC, RFC 4493 section 2.
 */
#include "sc_cmac.h"

#include <string.h>

#define BLOCK SC_AES128_BLOCK_LEN

/* Doubling in GF(2^128) as RFC 4493 Generate_Subkey: shift left by one bit
 * and, when a bit falls off the top, xor Rb = 0x87 into the last byte. The
 * xor is masked rather than branched so the key does not shape the timing.
 * `in` and `out` may alias: each byte is read before it is overwritten. */
static void gf128_double(const uint8_t in[BLOCK], uint8_t out[BLOCK])
{
    uint8_t carry = (uint8_t)(in[0] >> 7);
    size_t i;

    for (i = 0; i < BLOCK - 1; i++)
        out[i] = (uint8_t)((in[i] << 1) | (in[i + 1] >> 7));
    out[BLOCK - 1] = (uint8_t)((in[BLOCK - 1] << 1) ^ (carry * 0x87));
}

static void xor_block(uint8_t acc[BLOCK], const uint8_t *data)
{
    size_t i;
    for (i = 0; i < BLOCK; i++)
        acc[i] ^= data[i];
}

/* M_last of RFC 4493: a complete last block is xored with K1; a partial (or
 * empty) one is padded with 0x80 0x00... and xored with K2. */
static void last_block(const sc_aes128_ctx *aes, const uint8_t *tail, size_t tail_len,
                       uint8_t out[BLOCK])
{
    static const uint8_t zero[BLOCK] = {0};
    uint8_t k1[BLOCK], k2[BLOCK];

    sc_aes128_encrypt(aes, zero, k1); /* L */
    gf128_double(k1, k1);
    gf128_double(k1, k2);

    memset(out, 0, BLOCK);
    if (tail_len > 0)
        memcpy(out, tail, tail_len);
    if (tail_len == BLOCK) {
        xor_block(out, k1);
    } else {
        out[tail_len] = 0x80;
        xor_block(out, k2);
    }
}

void sc_cmac(const uint8_t key[SC_AES128_KEY_LEN], const uint8_t *msg, size_t len,
             uint8_t mac[SC_CMAC_LEN])
{
    sc_aes128_ctx aes;
    uint8_t x[BLOCK] = {0};
    uint8_t last[BLOCK];
    /* Every block but the last is chained as is; the last one (1..16 bytes,
     * or 0 for an empty message) gets the subkey treatment. */
    size_t leading_blocks = len == 0 ? 0 : (len - 1) / BLOCK;
    size_t i;

    sc_aes128_init(&aes, key);
    for (i = 0; i < leading_blocks; i++) {
        xor_block(x, &msg[i * BLOCK]);
        sc_aes128_encrypt(&aes, x, x);
    }
    last_block(&aes, len == 0 ? NULL : &msg[leading_blocks * BLOCK], len - leading_blocks * BLOCK,
               last);
    xor_block(x, last);
    sc_aes128_encrypt(&aes, x, mac);
}

void sc_cmac_mic(const uint8_t key[SC_AES128_KEY_LEN], const uint8_t *msg, size_t len,
                 uint8_t mic[SC_MIC_LEN])
{
    uint8_t mac[SC_CMAC_LEN];

    sc_cmac(key, msg, len, mac);
    memcpy(mic, mac, SC_MIC_LEN);
}
