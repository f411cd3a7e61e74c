// The symbols an artifact's code may leave undefined (runtime/artifact.h).
//
// Generated kernels reach the runtime through the kernel ABI's import table,
// but LLVM's back end inserts calls of its own that no IR shows: memcpy and
// memset for block copies, libm's rounding functions and fma on x86-64
// CPUs without SSE4.1/FMA, conversions between float and half/bfloat where
// the CPU has no instruction for them (compiler-rt's __truncsfhf2 and
// friends), and 128-bit integer division. The artifact's shared object
// keeps those as undefined symbols, and the loader binds them to this
// table: nothing else may be undefined, which the compiler checks when it
// writes an artifact (so every artifact it writes loads).
//
// The half and bfloat helpers are the runtime's own (support/float_formats.h,
// round to nearest even) with the calling convention LLVM uses for them:
// the 16-bit value in the low bits of a floating-point register on x86-64
// and AArch64 alike, which is how C passes _Float16.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "runtime/artifact.h"
#include "support/float_formats.h"

static uint16_t half_bits(_Float16 h) {
  uint16_t u;
  memcpy(&u, &h, 2);
  return u;
}
static _Float16 half_from(uint16_t u) {
  _Float16 h;
  memcpy(&h, &u, 2);
  return h;
}

static float lc_extendhfsf2(_Float16 h) { return cx_f16_to_f32(half_bits(h)); }
static double lc_extendhfdf2(_Float16 h) { return (double)cx_f16_to_f32(half_bits(h)); }
static _Float16 lc_truncsfhf2(float f) { return half_from(cx_f32_to_f16(f)); }
static _Float16 lc_truncdfhf2(double d) { return half_from(cx_f64_to_f16(d)); }
static float lc_extendbfsf2(_Float16 b) { return cx_bf16_to_f32(half_bits(b)); }
static _Float16 lc_truncsfbf2(float f) { return half_from(cx_f32_to_bf16(f)); }
static _Float16 lc_truncdfbf2(double d) {
  return half_from((uint16_t)cx_float_encode(CX_FF_BF16, d));
}

// libgcc's 128-bit integer and power helpers (linked from libgcc.a).
extern __int128 __divti3(__int128, __int128);
extern __int128 __modti3(__int128, __int128);
extern unsigned __int128 __udivti3(unsigned __int128, unsigned __int128);
extern unsigned __int128 __umodti3(unsigned __int128, unsigned __int128);
extern __int128 __multi3(__int128, __int128);
extern __int128 __fixdfti(double);
extern __int128 __fixsfti(float);
extern unsigned __int128 __fixunsdfti(double);
extern unsigned __int128 __fixunssfti(float);
extern double __floattidf(__int128);
extern float __floattisf(__int128);
extern double __floatuntidf(unsigned __int128);
extern float __floatuntisf(unsigned __int128);
extern float __powisf2(float, int);
extern double __powidf2(double, int);

typedef struct libcall {
  const char* name;
  const void* fn;
} libcall_t;

#define LC(sym) {#sym, (const void*)(uintptr_t)&sym}
#define LC_AS(name, fn) {name, (const void*)(uintptr_t)&fn}

// Sorted by name (binary search).
static const libcall_t kLibcalls[] = {
    LC(__divti3),
    LC_AS("__extendbfsf2", lc_extendbfsf2),
    LC_AS("__extendhfdf2", lc_extendhfdf2),
    LC_AS("__extendhfsf2", lc_extendhfsf2),
    LC(__fixdfti),
    LC(__fixsfti),
    LC(__fixunsdfti),
    LC(__fixunssfti),
    LC(__floattidf),
    LC(__floattisf),
    LC(__floatuntidf),
    LC(__floatuntisf),
    LC_AS("__gnu_f2h_ieee", lc_truncsfhf2),
    LC_AS("__gnu_h2f_ieee", lc_extendhfsf2),
    LC(__modti3),
    LC(__multi3),
    LC(__powidf2),
    LC(__powisf2),
    LC_AS("__truncdfbf2", lc_truncdfbf2),
    LC_AS("__truncdfhf2", lc_truncdfhf2),
    LC_AS("__truncsfbf2", lc_truncsfbf2),
    LC_AS("__truncsfhf2", lc_truncsfhf2),
    LC(__udivti3),
    LC(__umodti3),
    LC(ceil),
    LC(ceilf),
    LC(copysign),
    LC(copysignf),
    LC(exp2),
    LC(exp2f),
    LC(floor),
    LC(floorf),
    LC(fma),
    LC(fmaf),
    LC(fmax),
    LC(fmaxf),
    LC(fmin),
    LC(fminf),
    LC(fmod),
    LC(fmodf),
    LC(ldexp),
    LC(ldexpf),
    LC(memcpy),
    LC(memmove),
    LC(memset),
    LC(nearbyint),
    LC(nearbyintf),
    LC(rint),
    LC(rintf),
    LC(round),
    LC(roundeven),
    LC(roundevenf),
    LC(roundf),
    LC(sqrt),
    LC(sqrtf),
    LC(trunc),
    LC(truncf),
};

const void* cx_rt_libcall_find(const char* name) {
  size_t lo = 0, hi = sizeof kLibcalls / sizeof kLibcalls[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(name, kLibcalls[mid].name);
    if (!c) return kLibcalls[mid].fn;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}
