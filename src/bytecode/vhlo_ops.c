// The VHLO op table: every versioned op StableHLO 0.9.0 .. 1.20.0 writes,
// the window of StableHLO versions that have it, its attributes (in the
// sorted order of the op's properties) and how each maps to cxla's StableHLO
// attributes, including the defaults StableHLO leaves implicit.
//
// Sources: stablehlo/dialect/VhloOps.td and VhloDialect.td (version log),
// StablehloLegalizeToVhlo.cpp (defaults added on the way to VHLO),
// VhloLegalizeToStablehlo.cpp (defaults removed, special conversions), and
// the CHECK lines of stablehlo/tests/vhlo/stablehlo_legalize_to_vhlo.*.mlir.
#include <string.h>

#include "bytecode/bc_internal.h"

#define V(a, b, c) BC_VERSION(a, b, c)
#define A(name) {name, VC_GENERIC, VD_NONE, VF_NONE, NULL}
#define AD(name, dflt) {name, VC_GENERIC, dflt, VF_NONE, NULL}
#define AC(name, conv, dflt) {name, conv, dflt, VF_NONE, NULL}
#define AF(name, field) {name, VC_FIELD, VD_NONE, field, NULL}
#define AFD(name, field, dflt) {name, VC_FIELD, dflt, field, NULL}
#define AN(name, conv, dflt, cx) {name, conv, dflt, VF_NONE, cx}
#define OP(mn, kind, min, until, flags, ...) \
  {mn, CX_OP_##kind, min, until, flags, {__VA_ARGS__}}
#define OP0(mn, kind, min, until) {mn, CX_OP_##kind, min, until, 0, {{0}}}
// An op whose _v2 only adds result_accuracy, from version `split` on.
#define ACC_OPS(mn, kind, min, split)                                              \
  OP0(mn "_v1", kind, min, split), OP(mn "_v2", kind, split, 0, 0, RESULT_ACC)
// An op whose _v1 and _v2 have the same attributes; _v1 has `flags1`.
#define OP_V1_V2(mn, kind, min, split, flags1, ...)                                \
  OP(mn "_v1", kind, min, split, flags1, __VA_ARGS__), OP(mn "_v2", kind, split, 0, 0, __VA_ARGS__)

#define V09 V(0, 9, 0)

// Attribute lists shared by several ops.
#define CONV_DIMS                                                                  \
  AF("input_batch_dimension", VF_CONV_INPUT_BATCH),                                \
  AF("input_feature_dimension", VF_CONV_INPUT_FEATURE),                            \
  AF("input_spatial_dimensions", VF_CONV_INPUT_SPATIAL),                           \
  AF("kernel_input_feature_dimension", VF_CONV_KERNEL_IN),                         \
  AF("kernel_output_feature_dimension", VF_CONV_KERNEL_OUT),                       \
  AF("kernel_spatial_dimensions", VF_CONV_KERNEL_SPATIAL)
#define CONV_OUT_DIMS                                                              \
  AF("output_batch_dimension", VF_CONV_OUTPUT_BATCH),                              \
  AF("output_feature_dimension", VF_CONV_OUTPUT_FEATURE),                          \
  AF("output_spatial_dimensions", VF_CONV_OUTPUT_SPATIAL)
#define CHANNEL_ID AN("channel_id", VC_CHANNEL_ID, VD_ZERO, "channel_handle")
#define GLOBAL_IDS AN("use_global_device_ids", VC_UNIT_BOOL, VD_FALSE, NULL)
#define RESULT_ACC AC("result_accuracy", VC_RESULT_ACCURACY, VD_SCHEMA)
#define CONV_WINDOW                                                                \
  AD("precision_config", VD_PRECISION), AC("rhs_dilation", VC_I64_ARRAY, VD_SCHEMA), \
  AC("window_reversal", VC_BOOL_ARRAY, VD_SCHEMA), AC("window_strides", VC_I64_ARRAY, VD_SCHEMA)
#define CONV_HEAD                                                                  \
  A("batch_group_count"), A("feature_group_count"), CONV_DIMS,                     \
  AC("lhs_dilation", VC_I64_ARRAY, VD_SCHEMA), CONV_OUT_DIMS
#define GATHER_HEAD                                                                \
  AF("collapsed_slice_dims", VF_GATHER_COLLAPSED),                                 \
  AF("index_vector_dim", VF_GATHER_INDEX_VECTOR), AD("indices_are_sorted", VD_SCHEMA), \
  AF("offset_dims", VF_GATHER_OFFSET)
#define GATHER_BATCH AF("operand_batching_dims", VF_GATHER_OPERAND_BATCH)
#define GATHER_START AF("start_index_map", VF_GATHER_START_MAP)
#define GATHER_START_BATCH AF("start_indices_batching_dims", VF_GATHER_INDICES_BATCH)
#define SLICE_SIZES AC("slice_sizes", VC_I64_ARRAY, VD_NONE)
#define SEND_RECV_ATTRS                                                            \
  AN("channel_id", VC_CHANNEL_ID, VD_NONE, "channel_handle"),                      \
  AN("channel_type", VC_CHANNEL_TYPE, VD_NONE, "channel_handle"),                  \
  AD("is_host_transfer", VD_SCHEMA)
// send and recv: _v2 adds source_target_pairs.
#define SEND_RECV(mn, kind)                                                        \
  OP(mn "_v1", kind, V09, V(1, 12, 0), 0, SEND_RECV_ATTRS),                        \
  OP(mn "_v2", kind, V(1, 12, 0), 0, 0, SEND_RECV_ATTRS,                           \
     AD("source_target_pairs", VD_EMPTY_TENSOR))
#define CUSTOM_CALL_ATTRS                                                          \
  AC("api_version", VC_API_VERSION, VD_SCHEMA), AD("backend_config", VD_BACKEND_CONFIG), \
  A("call_target_name"), AC("called_computations", VC_SYMBOL_ARRAY, VD_SCHEMA),    \
  AD("has_side_effect", VD_FALSE), AD("operand_layouts", VD_LAYOUTS),              \
  AD("output_operand_aliases", VD_EMPTY_ARRAY), AD("result_layouts", VD_LAYOUTS)

static const vhlo_op_def_t kOps[] = {
    // ---- func / builtin-like -------------------------------------------------
    OP("func_v1", FUNC_FUNC, V09, 0, VOP_FUNC, AD("arg_attrs", VD_ARG_DICTS),
       AC("function_type", VC_FUNC_TYPE, VD_NONE), AD("res_attrs", VD_ARG_DICTS),
       A("sym_name"), AD("sym_visibility", VD_PUBLIC)),
    OP("call_v1", FUNC_CALL, V09, 0, VOP_CALL, AC("callee", VC_SYMBOL, VD_NONE)),
    OP("return_v1", RETURN, V09, 0, VOP_RETURN, {0}),

    // ---- elementwise ------------------------------------------------------------
    OP0("abs_v1", ABS, V09, 0),
    OP0("add_v1", ADD, V09, 0),
    OP0("and_v1", AND, V09, 0),
    OP0("atan2_v1", ATAN2, V09, 0),
    OP0("bitcast_convert_v1", BITCAST_CONVERT, V09, 0),
    ACC_OPS("cbrt", CBRT, V09, V(1, 10, 0)),
    OP0("ceil_v1", CEIL, V09, 0),
    OP0("clamp_v1", CLAMP, V09, 0),
    OP0("complex_v1", COMPLEX, V09, 0),
    OP0("convert_v1", CONVERT, V09, 0),
    ACC_OPS("cosine", COSINE, V09, V(1, 10, 0)),
    OP0("count_leading_zeros_v1", COUNT_LEADING_ZEROS, V09, 0),
    OP0("divide_v1", DIVIDE, V09, 0),
    ACC_OPS("exponential_minus_one", EXPONENTIAL_MINUS_ONE, V09, V(1, 10, 0)),
    ACC_OPS("exponential", EXPONENTIAL, V09, V(1, 9, 0)),
    OP0("floor_v1", FLOOR, V09, 0),
    OP0("imag_v1", IMAG, V09, 0),
    OP0("is_finite_v1", IS_FINITE, V09, 0),
    ACC_OPS("log_plus_one", LOG_PLUS_ONE, V09, V(1, 10, 0)),
    ACC_OPS("log", LOG, V09, V(1, 10, 0)),
    ACC_OPS("logistic", LOGISTIC, V09, V(1, 10, 0)),
    OP0("maximum_v1", MAXIMUM, V09, 0),
    OP0("minimum_v1", MINIMUM, V09, 0),
    OP0("multiply_v1", MULTIPLY, V09, 0),
    OP0("negate_v1", NEGATE, V09, 0),
    OP0("not_v1", NOT, V09, 0),
    OP0("or_v1", OR, V09, 0),
    OP0("popcnt_v1", POPCNT, V09, 0),
    OP0("power_v1", POWER, V09, 0),
    OP0("real_v1", REAL, V09, 0),
    OP0("remainder_v1", REMAINDER, V09, 0),
    OP0("round_nearest_afz_v1", ROUND_NEAREST_AFZ, V09, 0),
    OP0("round_nearest_even_v1", ROUND_NEAREST_EVEN, V09, 0),
    ACC_OPS("rsqrt", RSQRT, V09, V(1, 10, 0)),
    OP0("select_v1", SELECT, V09, 0),
    OP0("shift_left_v1", SHIFT_LEFT, V09, 0),
    OP0("shift_right_arithmetic_v1", SHIFT_RIGHT_ARITHMETIC, V09, 0),
    OP0("shift_right_logical_v1", SHIFT_RIGHT_LOGICAL, V09, 0),
    OP0("sign_v1", SIGN, V09, 0),
    ACC_OPS("sine", SINE, V09, V(1, 10, 0)),
    ACC_OPS("sqrt", SQRT, V09, V(1, 10, 0)),
    OP0("subtract_v1", SUBTRACT, V09, 0),
    ACC_OPS("tan", TAN, V(1, 4, 0), V(1, 10, 0)),
    ACC_OPS("tanh", TANH, V09, V(1, 10, 0)),
    OP0("xor_v1", XOR, V09, 0),
    OP("compare_v1", COMPARE, V09, 0, 0, AD("compare_type", VD_CMP_NOTYPE),
       A("comparison_direction")),
    OP("reduce_precision_v1", REDUCE_PRECISION, V09, 0, 0, A("exponent_bits"), A("mantissa_bits")),
    OP0("uniform_dequantize_v1", UNIFORM_DEQUANTIZE, V09, 0),
    OP0("uniform_quantize_v1", UNIFORM_QUANTIZE, V09, 0),

    // ---- constants and shapes ------------------------------------------------------
    OP("constant_v1", CONSTANT, V09, 0, 0, A("value")),
    OP("iota_v1", IOTA, V09, 0, 0, A("iota_dimension")),
    OP("dynamic_iota_v1", DYNAMIC_IOTA, V09, 0, 0, A("iota_dimension")),
    OP("broadcast_in_dim_v1", BROADCAST_IN_DIM, V09, 0, 0,
       AC("broadcast_dimensions", VC_I64_ARRAY, VD_NONE)),
    OP("broadcast_v1", BROADCAST, V09, 0, 0, AC("broadcast_sizes", VC_I64_ARRAY, VD_NONE)),
    OP("dynamic_broadcast_in_dim_v1", DYNAMIC_BROADCAST_IN_DIM, V09, 0, 0,
       AC("broadcast_dimensions", VC_I64_ARRAY, VD_NONE),
       AC("known_expanding_dimensions", VC_I64_ARRAY, VD_SCHEMA),
       AC("known_nonexpanding_dimensions", VC_I64_ARRAY, VD_SCHEMA)),
    OP0("reshape_v1", RESHAPE, V09, 0),
    OP0("dynamic_reshape_v1", DYNAMIC_RESHAPE, V09, 0),
    OP("transpose_v1", TRANSPOSE, V09, 0, 0, AC("permutation", VC_I64_ARRAY, VD_NONE)),
    OP("reverse_v1", REVERSE, V09, 0, 0, AC("dimensions", VC_I64_ARRAY, VD_NONE)),
    OP("slice_v1", SLICE, V09, 0, 0, AC("limit_indices", VC_I64_ARRAY, VD_NONE),
       AC("start_indices", VC_I64_ARRAY, VD_NONE), AC("strides", VC_I64_ARRAY, VD_NONE)),
    OP0("real_dynamic_slice_v1", REAL_DYNAMIC_SLICE, V09, 0),
    OP("dynamic_slice_v1", DYNAMIC_SLICE, V09, 0, 0, AC("slice_sizes", VC_I64_ARRAY, VD_NONE)),
    OP0("dynamic_update_slice_v1", DYNAMIC_UPDATE_SLICE, V09, 0),
    OP("concatenate_v1", CONCATENATE, V09, 0, 0, A("dimension")),
    OP("pad_v1", PAD, V09, 0, 0, AC("edge_padding_high", VC_I64_ARRAY, VD_NONE),
       AC("edge_padding_low", VC_I64_ARRAY, VD_NONE),
       AC("interior_padding", VC_I64_ARRAY, VD_NONE)),
    OP0("dynamic_pad_v1", DYNAMIC_PAD, V09, 0),
    OP("get_dimension_size_v1", GET_DIMENSION_SIZE, V09, 0, 0, A("dimension")),
    OP("set_dimension_size_v1", SET_DIMENSION_SIZE, V09, 0, 0, A("dimension")),
    OP("torch_index_select_v1", TORCH_INDEX_SELECT, V09, 0, 0, A("batch_dims"), A("dim")),
    OP("gather_v1", GATHER, V09, V(1, 1, 0), 0, GATHER_HEAD, SLICE_SIZES, GATHER_START),
    OP("gather_v2", GATHER, V(1, 1, 0), 0, 0, GATHER_HEAD, GATHER_BATCH, SLICE_SIZES, GATHER_START,
       GATHER_START_BATCH),
    OP("dynamic_gather_v1", DYNAMIC_GATHER, V09, V(1, 1, 0), 0, GATHER_HEAD, GATHER_START),
    OP("dynamic_gather_v2", DYNAMIC_GATHER, V(1, 1, 0), 0, 0, GATHER_HEAD, GATHER_BATCH,
       GATHER_START, GATHER_START_BATCH),
    OP("scatter_v1", SCATTER, V09, V(1, 1, 0), 0, AF("index_vector_dim", VF_SCATTER_INDEX_VECTOR),
       AD("indices_are_sorted", VD_SCHEMA), AF("inserted_window_dims", VF_SCATTER_INSERTED),
       AF("scatter_dims_to_operand_dims", VF_SCATTER_TO_OPERAND),
       AD("unique_indices", VD_SCHEMA), AF("update_window_dims", VF_SCATTER_UPDATE_WINDOW)),
    OP("scatter_v2", SCATTER, V(1, 1, 0), 0, 0, AF("index_vector_dim", VF_SCATTER_INDEX_VECTOR),
       AD("indices_are_sorted", VD_SCHEMA), AF("input_batching_dims", VF_SCATTER_INPUT_BATCH),
       AF("inserted_window_dims", VF_SCATTER_INSERTED),
       AF("scatter_dims_to_operand_dims", VF_SCATTER_TO_OPERAND),
       AF("scatter_indices_batching_dims", VF_SCATTER_INDICES_BATCH),
       AD("unique_indices", VD_SCHEMA), AF("update_window_dims", VF_SCATTER_UPDATE_WINDOW)),

    // ---- reductions, sorting -----------------------------------------------------------
    OP("reduce_v1", REDUCE, V09, 0, 0, AC("dimensions", VC_I64_ARRAY, VD_NONE)),
    OP("reduce_window_v1", REDUCE_WINDOW, V09, 0, 0,
       AC("base_dilations", VC_I64_ARRAY, VD_SCHEMA), AD("padding", VD_SCHEMA),
       AC("window_dilations", VC_I64_ARRAY, VD_SCHEMA),
       AC("window_dimensions", VC_I64_ARRAY, VD_NONE),
       AC("window_strides", VC_I64_ARRAY, VD_SCHEMA)),
    OP("select_and_scatter_v1", SELECT_AND_SCATTER, V09, 0, 0, AD("padding", VD_SCHEMA),
       AC("window_dimensions", VC_I64_ARRAY, VD_NONE),
       AC("window_strides", VC_I64_ARRAY, VD_SCHEMA)),
    OP("map_v1", MAP, V09, 0, 0, AC("dimensions", VC_I64_ARRAY, VD_NONE)),
    OP("sort_v1", SORT, V09, 0, 0, AD("dimension", VD_SCHEMA), AD("is_stable", VD_SCHEMA)),

    // ---- dot and convolution -------------------------------------------------------------
    OP("dot_v1", DOT, V09, 0, 0, AD("precision_config", VD_PRECISION)),
    OP("dot_general_v1", DOT_GENERAL, V09, V(1, 6, 0), 0,
       AF("lhs_batching_dimensions", VF_DOT_LHS_BATCH),
       AF("lhs_contracting_dimensions", VF_DOT_LHS_CONTRACT), AD("precision_config", VD_PRECISION),
       AF("rhs_batching_dimensions", VF_DOT_RHS_BATCH),
       AF("rhs_contracting_dimensions", VF_DOT_RHS_CONTRACT)),
    OP("dot_general_v2", DOT_GENERAL, V(1, 6, 0), 0, 0,
       AFD("accumulation_type", VF_ALG_ACC_TYPE, VD_NONE_TYPE),
       AFD("allow_imprecise_accumulation", VF_ALG_IMPRECISE, VD_NONE_TYPE),
       AF("lhs_batching_dimensions", VF_DOT_LHS_BATCH),
       AFD("lhs_component_count", VF_ALG_LHS_COUNT, VD_NONE_TYPE),
       AF("lhs_contracting_dimensions", VF_DOT_LHS_CONTRACT),
       AFD("lhs_precision_type", VF_ALG_LHS_TYPE, VD_NONE_TYPE),
       AFD("num_primitive_operations", VF_ALG_NUM_OPS, VD_NONE_TYPE),
       AD("precision_config", VD_PRECISION), AF("rhs_batching_dimensions", VF_DOT_RHS_BATCH),
       AFD("rhs_component_count", VF_ALG_RHS_COUNT, VD_NONE_TYPE),
       AF("rhs_contracting_dimensions", VF_DOT_RHS_CONTRACT),
       AFD("rhs_precision_type", VF_ALG_RHS_TYPE, VD_NONE_TYPE)),
    OP("convolution_v1", CONVOLUTION, V09, 0, 0, CONV_HEAD, AD("padding", VD_SCHEMA), CONV_WINDOW),
    OP("dynamic_conv_v1", DYNAMIC_CONV, V09, V(0, 20, 0), 0, CONV_HEAD,
       AC("padding", VC_DROP, VD_SPLAT_ZERO), CONV_WINDOW),
    OP("dynamic_conv_v2", DYNAMIC_CONV, V(0, 20, 0), 0, 0, CONV_HEAD, CONV_WINDOW),
    OP("einsum_v1", EINSUM, V09, 0, 0, A("einsum_config")),
    OP("unary_einsum_v1", UNARY_EINSUM, V09, 0, 0, A("einsum_config")),

    // ---- control flow --------------------------------------------------------------------
    OP0("while_v1", WHILE, V09, 0),
    OP0("if_v1", IF, V09, 0),
    OP0("case_v1", CASE, V09, 0),
    OP0("optimization_barrier_v1", OPTIMIZATION_BARRIER, V09, 0),
    OP_V1_V2("composite", COMPOSITE, V(0, 19, 0), V(1, 14, 0), 0,
             AD("composite_attributes", VD_SCHEMA), AC("decomposition", VC_SYMBOL, VD_NONE),
             A("name"), AD("version", VD_ZERO)),  // StableHLO writes i64 0, not the op's i32

    // ---- tuples and tokens -------------------------------------------------------------
    OP0("tuple_v1", TUPLE, V09, 0),
    OP("get_tuple_element_v1", GET_TUPLE_ELEMENT, V09, 0, 0, A("index")),
    OP0("after_all_v1", AFTER_ALL, V09, 0),
    OP0("create_token_v1", CREATE_TOKEN, V09, 0),

    // ---- linear algebra, FFT, RNG, batch norm --------------------------------------------
    OP("cholesky_v1", CHOLESKY, V09, 0, 0, AD("lower", VD_SCHEMA)),
    OP("triangular_solve_v1", TRIANGULAR_SOLVE, V09, 0, 0, A("left_side"), A("lower"),
       A("transpose_a"), A("unit_diagonal")),
    OP("fft_v1", FFT, V09, 0, 0, AC("fft_length", VC_I64_ARRAY, VD_NONE), A("fft_type")),
    OP("rng_v1", RNG, V09, 0, 0, A("rng_distribution")),
    OP("rng_bit_generator_v1", RNG_BIT_GENERATOR, V09, 0, 0, A("rng_algorithm")),
    OP("batch_norm_grad_v1", BATCH_NORM_GRAD, V09, 0, 0, A("epsilon"), A("feature_index")),
    OP("batch_norm_inference_v1", BATCH_NORM_INFERENCE, V09, 0, 0, A("epsilon"),
       A("feature_index")),
    OP("batch_norm_training_v1", BATCH_NORM_TRAINING, V09, 0, 0, A("epsilon"),
       A("feature_index")),

    // ---- distribution and I/O ---------------------------------------------------------
    OP_V1_V2("all_gather", ALL_GATHER, V09, V(1, 5, 0), VOP_SINGLE_OPERAND, A("all_gather_dim"),
             CHANNEL_ID, A("replica_groups"), GLOBAL_IDS),
    OP_V1_V2("all_reduce", ALL_REDUCE, V09, V(1, 5, 0), VOP_SINGLE_OPERAND, CHANNEL_ID,
             A("replica_groups"), GLOBAL_IDS),
    OP_V1_V2("all_to_all", ALL_TO_ALL, V09, V(1, 5, 0), VOP_SINGLE_OPERAND, CHANNEL_ID,
             A("concat_dimension"), A("replica_groups"), A("split_count"), A("split_dimension")),
    OP("reduce_scatter_v1", REDUCE_SCATTER, V09, 0, 0, CHANNEL_ID, A("replica_groups"),
       A("scatter_dimension"), GLOBAL_IDS),
    OP("collective_permute_v1", COLLECTIVE_PERMUTE, V09, 0, 0, CHANNEL_ID,
       A("source_target_pairs")),
    OP("collective_broadcast_v1", COLLECTIVE_BROADCAST, V(0, 16, 0), V(1, 20, 0), 0, CHANNEL_ID,
       A("replica_groups")),
    OP("collective_broadcast_v2", COLLECTIVE_BROADCAST, V(1, 20, 0), 0, 0, CHANNEL_ID,
       AC("has_dynamic_root", VC_UNIT_BOOL, VD_FALSE), A("replica_groups")),
    OP("collective_reduce_v1", COLLECTIVE_REDUCE, V(1, 19, 0), 0, 0, CHANNEL_ID,
       AC("has_dynamic_root", VC_UNIT_BOOL, VD_FALSE), A("replica_groups"), GLOBAL_IDS),
    OP("cross-replica-sum_v1", CROSS_REPLICA_SUM, V09, 0, 0, A("replica_groups")),
    OP0("replica_id_v1", REPLICA_ID, V09, 0),
    OP0("partition_id_v1", PARTITION_ID, V09, 0),
    SEND_RECV("send", SEND),
    SEND_RECV("recv", RECV),
    OP("infeed_v1", INFEED, V09, 0, 0, AD("infeed_config", VD_SCHEMA),
       AD("layout", VD_EMPTY_ARRAY)),
    OP("outfeed_v1", OUTFEED, V09, 0, 0, AD("outfeed_config", VD_SCHEMA)),

    // ---- custom calls and async ----------------------------------------------------------
    // custom_call_v2 adds result_tilings.
    OP("custom_call_v1", CUSTOM_CALL, V09, V(1, 18, 0), 0, CUSTOM_CALL_ATTRS),
    OP("custom_call_v2", CUSTOM_CALL, V(1, 18, 0), 0, 0, CUSTOM_CALL_ATTRS,
       AD("result_tilings", VD_EMPTY_ARRAY)),
    OP0("async_start_v1", ASYNC_START, V(1, 15, 0), 0),
    OP0("async_done_v1", ASYNC_DONE, V(1, 15, 0), 0),
};

enum { kNumOps = sizeof(kOps) / sizeof(kOps[0]) };

const vhlo_op_def_t* vhlo_op_lookup(const char* mnemonic, size_t len) {
  for (int i = 0; i < kNumOps; i++) {
    const char* n = kOps[i].mnemonic;
    // memcmp, not strncmp: names from a file may hold NUL bytes.
    if (strlen(n) == len && memcmp(n, mnemonic, len) == 0) return &kOps[i];
  }
  return NULL;
}

const vhlo_op_def_t* vhlo_op_for_kind(cx_op_kind_t kind, bc_version_t v,
                                      const vhlo_op_def_t** out_next) {
  // func.return and stablehlo.return share vhlo.return_v1.
  if (kind == CX_OP_FUNC_RETURN) kind = CX_OP_RETURN;
  const vhlo_op_def_t* found = NULL;
  const vhlo_op_def_t* next = NULL;
  for (int i = 0; i < kNumOps; i++) {
    const vhlo_op_def_t* d = &kOps[i];
    if (d->kind != kind) continue;
    if (d->min_version > v && (!next || d->min_version < next->min_version)) next = d;
    if (vhlo_op_in_version(d, v)) found = d;
  }
  if (out_next) *out_next = next;
  return found;
}

bc_version_t vhlo_type_min_version(int code) {
  switch (code) {
    case VT_F8E4M3FNUZ:
    case VT_F8E5M2FNUZ:
      return V(0, 10, 0);
    case VT_F8E4M3B11FNUZ:
      return V(0, 11, 0);
    case VT_QUANT_PER_AXIS:
      return V(0, 18, 0);
    case VT_SI2:
    case VT_UI2:
      return V(1, 2, 0);
    case VT_NONE:
    case VT_TF32:
      return V(1, 6, 0);  // with dot_general_v2's algorithm (vhlo_to_version_downgrade_invalid.1_5_0)
    case VT_F8E4M3:
    case VT_F8E3M4:
      return V(1, 7, 0);
    case VT_F4E2M1FN:
    case VT_F6E2M3FN:
    case VT_F6E3M2FN:
    case VT_F8E8M0FNU:
      return V(1, 8, 0);
    case VT_BUFFER:
      return V(1, 13, 0);
    case VT_FUTURE:
      return V(1, 15, 0);
    default:
      return V09;
  }
}

bc_version_t vhlo_attr_min_version(int code) {
  switch (code) {
    case VA_RESULT_ACCURACY:
    case VA_RESULT_ACCURACY_MODE:
      return V(1, 9, 0);
    case VA_SUB_AXIS_INFO:
    case VA_AXIS_REF:
    case VA_REPLICA_GROUP_MESH_AXES:
      return V(1, 16, 0);
    default:
      return V09;
  }
}
