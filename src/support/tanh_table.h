// The table-driven f32 tanh's intervals and polynomials (scripts/fit_tanh.py
// prints them): tanh(|x|) on interval i of |x| is sum c_k t^k with
// t = |x| - m_i. The intervals are those of |x|'s representation bits >> 21
// (exponent and two significand bits: 4 per binade from 2^-4 to 8, [0, 2^-4)
// as interval 0 and [8, 9.5] as 29; entries 30 and 31 repeat 29), so
// interval i = max(bits >> 21, CX_TANH_TBL_BASE) - CX_TANH_TBL_BASE for
// |x| <= 9.5 (beyond, tanh rounds to 1). Compiled code (src/codegen/cg_math.c)
// on AVX-512 targets and the GEMM epilogue (src/runtime/kernels/
// epilogue_avx512.c) evaluate them the same way, so there a tanh fused into a
// GEMM gives the bits of the compiled one. Errors below 1.3 ULP over every
// f32 input (docs/kernels.md).
#ifndef CXLA_SUPPORT_TANH_TABLE_H_
#define CXLA_SUPPORT_TANH_TABLE_H_

enum { CX_TANH_TBL_BASE = 491 };  // (bits >> 21) of 2^-4, minus one

// |x| = m_i + t on interval i (scripts/fit_tanh.py).
static const float CX_TANH_TBL_M[32] = {
    0.0f, 0x1.2p-4f, 0x1.6p-4f, 0x1.ap-4f,
    0x1.ep-4f, 0x1.2p-3f, 0x1.6p-3f, 0x1.ap-3f,
    0x1.ep-3f, 0x1.2p-2f, 0x1.6p-2f, 0x1.ap-2f,
    0x1.ep-2f, 0x1.2p-1f, 0x1.6p-1f, 0x1.ap-1f,
    0x1.ep-1f, 0x1.2p+0f, 0x1.6p+0f, 0x1.ap+0f,
    0x1.ep+0f, 0x1.2p+1f, 0x1.6p+1f, 0x1.ap+1f,
    0x1.ep+1f, 0x1.2p+2f, 0x1.6p+2f, 0x1.ap+2f,
    0x1.ep+2f, 0x1.2p+3f, 0x1.2p+3f, 0x1.2p+3f};
// tanh(m_i + t) = sum c_k t^k: row k holds c_k of the 32 intervals.
static const float CX_TANH_TBL_C[6][32] = {
    {0.0f, 0x1.1f86bep-4f, 0x1.5f22d2p-4f, 0x1.9e9356p-4f,
     0x1.ddd092p-4f, 0x1.1e1ddp-3f, 0x1.5c9308p-3f, 0x1.9a5f1cp-3f,
     0x1.d7665cp-3f, 0x1.18a39ap-2f, 0x1.52c2c6p-2f, 0x1.8a87e2p-2f,
     0x1.bfae6ap-2f, 0x1.05087p-1f, 0x1.3157ep-1f, 0x1.5789p-1f,
     0x1.77d838p-1f, 0x1.9e5cb6p-1f, 0x1.c278a6p-1f, 0x1.d9c6fcp-1f,
     0x1.e8789ep-1f, 0x1.f4bfd6p-1f, 0x1.fbd50ap-1f, 0x1.fe767ap-1f,
     0x1.ff6f18p-1f, 0x1.ffdfa6p-1f, 0x1.fffbap-1f, 0x1.ffff68p-1f,
     0x1.ffffecp-1f, 0x1.fffffep-1f, 0x1.fffffep-1f, 0x1.fffffep-1f},
    {0x1p+0f, 0x1.fd7a22p-1f, 0x1.fc3ccp-1f, 0x1.fac13ep-1f,
     0x1.f9085ap-1f, 0x1.f601cap-1f, 0x1.f12bp-1f, 0x1.eb715ap-1f,
     0x1.e4dfbp-1f, 0x1.d98b38p-1f, 0x1.c7f724p-1f, 0x1.b3ff3p-1f,
     0x1.9e23aep-1f, 0x1.7aeae8p-1f, 0x1.49e6cp-1f, 0x1.197fcep-1f,
     0x1.d834d2p-2f, 0x1.615002p-2f, 0x1.cea746p-3f, 0x1.265e34p-3f,
     0x1.6fcfa6p-4f, 0x1.64108ap-5f, 0x1.09a7a6p-6f, 0x1.88ef68p-8f,
     0x1.21a7aep-9f, 0x1.02bec8p-11f, 0x1.1832dcp-14f, 0x1.2f5ffap-17f,
     0x1.4875bcp-20f, 0x1.05c534p-24f, 0x1.05c534p-24f, 0x1.05c534p-24f},
    {0.0f, -0x1.1f50dap-4f, -0x1.5cb2f6p-4f, -0x1.995ep-4f,
     -0x1.d60c48p-4f, -0x1.185e0cp-3f, -0x1.52e6e6p-3f, -0x1.89f128p-3f,
     -0x1.bdf1f6p-3f, -0x1.039294p-2f, -0x1.2dc306p-2f, -0x1.500d4ap-2f,
     -0x1.6a067p-2f, -0x1.826ab4p-2f, -0x1.897e8p-2f, -0x1.79cf94p-2f,
     -0x1.5a943p-2f, -0x1.1df142p-2f, -0x1.971546p-3f, -0x1.106c9ap-3f,
     -0x1.5edbf4p-4f, -0x1.5c34f6p-5f, -0x1.077dcep-6f, -0x1.87e1p-8f,
     -0x1.217ac8p-9f, -0x1.01d0aep-11f, -0x1.1af972p-14f, -0x1.251f28p-17f,
     -0x1.cd121p-20f, 0x1.4af8f4p-21f, 0x1.4af8f4p-21f, 0x1.4af8f4p-21f},
    {-0x1.55553ep-2f, -0x1.52716p-2f, -0x1.4d2024p-2f, -0x1.45a14p-2f,
     -0x1.410edp-2f, -0x1.3a5ab6p-2f, -0x1.2f93e4p-2f, -0x1.20563ep-2f,
     -0x1.0ebc08p-2f, -0x1.e96378p-3f, -0x1.98b99ep-3f, -0x1.42e84cp-3f,
     -0x1.d6b156p-4f, -0x1.bdaef8p-5f, 0x1.d6ab02p-7f, 0x1.07055ap-4f,
     0x1.8452eap-4f, 0x1.c68e74p-4f, 0x1.97d3e8p-4f, 0x1.33dcd6p-4f,
     0x1.a85ea4p-5f, 0x1.bbce2p-6f, 0x1.5994fap-7f, 0x1.039742p-8f,
     0x1.80e96ep-10f, 0x1.58972ap-12f, 0x1.7551acp-15f, 0x1.9440d2p-18f,
     0x1.b5ad9ep-21f, 0x1.6f95b6p-22f, 0x1.6f95b6p-22f, 0x1.6f95b6p-22f},
    {0.0f, 0x1.36a6bep+2f, 0x1.42e5c4p-1f, -0x1.e1f756p+1f,
     -0x1.3dc0f2p+2f, -0x1.eb05b6p-3f, 0x1.e7fd44p-1f, 0x1.b79d24p-3f,
     -0x1.a4c13ep-1f, 0x1.4bfaa6p-3f, 0x1.ead5cp-3f, 0x1.068b06p-2f,
     0x1.453cd4p-4f, 0x1.535d3cp-3f, 0x1.eeb238p-4f, 0x1.81c66ep-4f,
     0x1.e817f2p-6f, 0x1.025a88p-8f, -0x1.4c98e4p-6f, -0x1.8bd338p-6f,
     -0x1.623d3cp-6f, -0x1.976956p-7f, -0x1.508762p-8f, -0x1.fd0eap-10f,
     -0x1.791cfcp-11f, -0x1.71d61ep-13f, -0x1.55cd28p-16f, -0x1.22d596p-18f,
     0x1.9f4d9p-20f, -0x1.180502p-19f, -0x1.180502p-19f, -0x1.180502p-19f},
    {0x1.107864p-3f, 0x1.fad6bep+5f, 0x1.544ce4p+4f, -0x1.fbd088p+4f,
     -0x1.10dd6cp+5f, -0x1.49625ap+1f, 0x1.0cfc18p+2f, 0x1.65d7f8p-1f,
     -0x1.103018p+2f, 0x1.4c23b6p-3f, 0x1.ce6c4ap-3f, 0x1.c9377p-3f,
     -0x1.253df6p-3f, -0x1.8c452cp-6f, -0x1.d48b2p-5f, -0x1.ad0292p-5f,
     -0x1.f239aep-5f, -0x1.06876ep-5f, -0x1.2ff69ep-7f, 0x1.9330bep-10f,
     0x1.289088p-8f, 0x1.04a28ep-8f, 0x1.f5e994p-10f, 0x1.93b33ep-11f,
     0x1.328596p-12f, 0x1.1be3f4p-14f, 0x1.35cccep-17f, 0x1.4f3f2ep-20f,
     0x1.6b189cp-23f, -0x1.d1fd1p-20f, -0x1.d1fd1p-20f, -0x1.d1fd1p-20f},
};


#endif  // CXLA_SUPPORT_TANH_TABLE_H_
