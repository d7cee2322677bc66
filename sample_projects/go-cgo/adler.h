#ifndef ADLER_H
#define ADLER_H

#include <stddef.h>
#include <stdint.h>

uint32_t adler32(const unsigned char *data, size_t len);

#endif
