/* Little-endian stores shared by the frame and link builders (PROTOCOL.md: every integer is little-endian). */
#ifndef SC_ENDIAN_H
#define SC_ENDIAN_H

#include <stdint.h>

static inline void sc_put_u16le(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void sc_put_u32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

#endif
