package main

// #include <stdlib.h>
// #include "adler.h"
import "C"

// adler32 computes the checksum in C (adler.c).
func adler32(data []byte) uint32 {
	if len(data) == 0 {
		return 1
	}
	p := C.CBytes(data)
	defer C.free(p)
	return uint32(C.adler32((*C.uchar)(p), C.size_t(len(data))))
}
