// Each op's shape function: one row per op kind, naming the function in
// infer_<family>.c (or below) that checks the op and infers its results.
// cx_infer_run looks the op up here; an op without a row has no shape
// function. NO_REGIONS rows are for ops that take no regions: that is
// checked before the function runs, so the functions do not repeat it.
#include "ir/infer_util.h"

// Ops outside StableHLO's type inference whose results are given by a
// callee, a target or a body (func.call, custom_call, composite,
// interpreter.run_parallel, sdy.manual_computation, sdy.named_computation).
static cx_status_t infer_given(cx_infer_state_t* s) {
  return cx_i_results_given(s, -1);
}

// Ops without results: function definitions, terminators, the test
// dialects' checks and prints, Shardy's mesh and sharding groups. Their
// other constraints are the verifier's.
static cx_status_t infer_no_results(cx_infer_state_t* s) {
  (void)s;
  return NULL;
}

// Ops whose one result is their operand: interpreter.probe and Shardy's
// sharding ops and collectives on one device (see ir/sdy.h).
static cx_status_t infer_operand_type(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  return cx_i_result(s, cx_i_otype(s, 0));
}

#define ROW(fn) \
  { fn, false }
#define NO_REGIONS(fn) \
  { fn, true }

const cx_i_shape_row_t cx_i_shape_rows[CX_OP_COUNT] = {
    // func
    [CX_OP_FUNC_FUNC] = ROW(infer_no_results),
    [CX_OP_FUNC_RETURN] = ROW(infer_no_results),
    [CX_OP_FUNC_CALL] = ROW(infer_given),

    // unary
    [CX_OP_ABS] = NO_REGIONS(cx_infer_unary),
    [CX_OP_CBRT] = NO_REGIONS(cx_infer_unary),
    [CX_OP_CEIL] = NO_REGIONS(cx_infer_unary),
    [CX_OP_COSINE] = NO_REGIONS(cx_infer_unary),
    [CX_OP_COUNT_LEADING_ZEROS] = NO_REGIONS(cx_infer_unary),
    [CX_OP_EXPONENTIAL] = NO_REGIONS(cx_infer_unary),
    [CX_OP_EXPONENTIAL_MINUS_ONE] = NO_REGIONS(cx_infer_unary),
    [CX_OP_FLOOR] = NO_REGIONS(cx_infer_unary),
    [CX_OP_IMAG] = NO_REGIONS(cx_infer_unary),
    [CX_OP_IS_FINITE] = NO_REGIONS(cx_infer_unary),
    [CX_OP_LOG] = NO_REGIONS(cx_infer_unary),
    [CX_OP_LOG_PLUS_ONE] = NO_REGIONS(cx_infer_unary),
    [CX_OP_LOGISTIC] = NO_REGIONS(cx_infer_unary),
    [CX_OP_NEGATE] = NO_REGIONS(cx_infer_unary),
    [CX_OP_NOT] = NO_REGIONS(cx_infer_unary),
    [CX_OP_POPCNT] = NO_REGIONS(cx_infer_unary),
    [CX_OP_REAL] = NO_REGIONS(cx_infer_unary),
    [CX_OP_ROUND_NEAREST_AFZ] = NO_REGIONS(cx_infer_unary),
    [CX_OP_ROUND_NEAREST_EVEN] = NO_REGIONS(cx_infer_unary),
    [CX_OP_RSQRT] = NO_REGIONS(cx_infer_unary),
    [CX_OP_SIGN] = NO_REGIONS(cx_infer_unary),
    [CX_OP_SINE] = NO_REGIONS(cx_infer_unary),
    [CX_OP_SQRT] = NO_REGIONS(cx_infer_unary),
    [CX_OP_TAN] = NO_REGIONS(cx_infer_unary),
    [CX_OP_TANH] = NO_REGIONS(cx_infer_unary),

    // binary
    [CX_OP_ADD] = NO_REGIONS(cx_infer_binary),
    [CX_OP_AND] = NO_REGIONS(cx_infer_binary),
    [CX_OP_ATAN2] = NO_REGIONS(cx_infer_binary),
    [CX_OP_COMPLEX] = NO_REGIONS(cx_infer_binary),
    [CX_OP_DIVIDE] = NO_REGIONS(cx_infer_binary),
    [CX_OP_MAXIMUM] = NO_REGIONS(cx_infer_binary),
    [CX_OP_MINIMUM] = NO_REGIONS(cx_infer_binary),
    [CX_OP_MULTIPLY] = NO_REGIONS(cx_infer_binary),
    [CX_OP_OR] = NO_REGIONS(cx_infer_binary),
    [CX_OP_POWER] = NO_REGIONS(cx_infer_binary),
    [CX_OP_REMAINDER] = NO_REGIONS(cx_infer_binary),
    [CX_OP_SHIFT_LEFT] = NO_REGIONS(cx_infer_binary),
    [CX_OP_SHIFT_RIGHT_ARITHMETIC] = NO_REGIONS(cx_infer_binary),
    [CX_OP_SHIFT_RIGHT_LOGICAL] = NO_REGIONS(cx_infer_binary),
    [CX_OP_SUBTRACT] = NO_REGIONS(cx_infer_binary),
    [CX_OP_XOR] = NO_REGIONS(cx_infer_binary),

    // select_clamp
    [CX_OP_SELECT] = NO_REGIONS(cx_infer_select),
    [CX_OP_CLAMP] = NO_REGIONS(cx_infer_clamp),

    // compare
    [CX_OP_COMPARE] = NO_REGIONS(cx_infer_compare),

    // convert
    [CX_OP_CONVERT] = NO_REGIONS(cx_infer_convert),
    [CX_OP_BITCAST_CONVERT] = NO_REGIONS(cx_infer_convert),
    [CX_OP_REDUCE_PRECISION] = NO_REGIONS(cx_infer_convert),
    [CX_OP_UNIFORM_QUANTIZE] = NO_REGIONS(cx_infer_convert),
    [CX_OP_UNIFORM_DEQUANTIZE] = NO_REGIONS(cx_infer_convert),

    // constant
    [CX_OP_CONSTANT] = NO_REGIONS(cx_infer_constant),

    // shape
    [CX_OP_IOTA] = NO_REGIONS(cx_infer_iota),
    [CX_OP_BROADCAST_IN_DIM] = NO_REGIONS(cx_infer_broadcast_in_dim),
    [CX_OP_BROADCAST] = NO_REGIONS(cx_infer_broadcast),
    [CX_OP_RESHAPE] = NO_REGIONS(cx_infer_reshape),
    [CX_OP_TRANSPOSE] = NO_REGIONS(cx_infer_transpose),
    [CX_OP_REVERSE] = NO_REGIONS(cx_infer_reverse),
    [CX_OP_SLICE] = NO_REGIONS(cx_infer_slice),
    [CX_OP_CONCATENATE] = NO_REGIONS(cx_infer_concatenate),
    [CX_OP_PAD] = NO_REGIONS(cx_infer_pad),
    [CX_OP_DYNAMIC_SLICE] = NO_REGIONS(cx_infer_dynamic_slice),
    [CX_OP_DYNAMIC_UPDATE_SLICE] = NO_REGIONS(cx_infer_dynamic_update_slice),

    // gather_scatter
    [CX_OP_TORCH_INDEX_SELECT] = ROW(cx_infer_torch_index_select),
    [CX_OP_GATHER] = ROW(cx_infer_gather),
    [CX_OP_SCATTER] = ROW(cx_infer_scatter),

    // dynamic_shape
    [CX_OP_GET_DIMENSION_SIZE] = NO_REGIONS(cx_infer_get_dimension_size),
    [CX_OP_SET_DIMENSION_SIZE] = NO_REGIONS(cx_infer_set_dimension_size),
    [CX_OP_DYNAMIC_IOTA] = NO_REGIONS(cx_infer_dynamic_iota),
    [CX_OP_DYNAMIC_RESHAPE] = NO_REGIONS(cx_infer_dynamic_reshape),
    [CX_OP_DYNAMIC_BROADCAST_IN_DIM] = NO_REGIONS(cx_infer_dynamic_broadcast_in_dim),
    [CX_OP_DYNAMIC_PAD] = NO_REGIONS(cx_infer_dynamic_pad),
    [CX_OP_REAL_DYNAMIC_SLICE] = NO_REGIONS(cx_infer_real_dynamic_slice),

    // gather_scatter
    [CX_OP_DYNAMIC_GATHER] = ROW(cx_infer_gather),

    // reduce
    [CX_OP_REDUCE] = ROW(cx_infer_reduce),
    [CX_OP_REDUCE_WINDOW] = ROW(cx_infer_reduce_window),
    [CX_OP_SELECT_AND_SCATTER] = ROW(cx_infer_select_and_scatter),
    [CX_OP_MAP] = ROW(cx_infer_map),

    // sort
    [CX_OP_SORT] = ROW(cx_infer_sort),

    // dot_conv
    [CX_OP_DOT_GENERAL] = NO_REGIONS(cx_infer_dot_general),
    [CX_OP_DOT] = NO_REGIONS(cx_infer_dot),
    [CX_OP_CONVOLUTION] = NO_REGIONS(cx_infer_convolution),
    [CX_OP_DYNAMIC_CONV] = NO_REGIONS(cx_infer_dynamic_conv),
    [CX_OP_EINSUM] = NO_REGIONS(cx_infer_einsum),
    [CX_OP_UNARY_EINSUM] = NO_REGIONS(cx_infer_einsum),

    // control
    [CX_OP_WHILE] = ROW(cx_infer_while),
    [CX_OP_IF] = ROW(cx_infer_if),
    [CX_OP_CASE] = ROW(cx_infer_case),
    [CX_OP_RETURN] = ROW(infer_no_results),
    [CX_OP_COMPOSITE] = ROW(infer_given),
    [CX_OP_OPTIMIZATION_BARRIER] = ROW(cx_infer_optimization_barrier),

    // tuple_token
    [CX_OP_TUPLE] = NO_REGIONS(cx_infer_tuple),
    [CX_OP_GET_TUPLE_ELEMENT] = NO_REGIONS(cx_infer_get_tuple_element),
    [CX_OP_AFTER_ALL] = NO_REGIONS(cx_infer_after_all),
    [CX_OP_CREATE_TOKEN] = NO_REGIONS(cx_infer_create_token),

    // linalg
    [CX_OP_CHOLESKY] = NO_REGIONS(cx_infer_cholesky),
    [CX_OP_TRIANGULAR_SOLVE] = NO_REGIONS(cx_infer_triangular_solve),
    [CX_OP_FFT] = NO_REGIONS(cx_infer_fft),

    // rng
    [CX_OP_RNG] = NO_REGIONS(cx_infer_rng),
    [CX_OP_RNG_BIT_GENERATOR] = NO_REGIONS(cx_infer_rng_bit_generator),

    // batch_norm
    [CX_OP_BATCH_NORM_GRAD] = ROW(cx_infer_batch_norm),
    [CX_OP_BATCH_NORM_INFERENCE] = ROW(cx_infer_batch_norm),
    [CX_OP_BATCH_NORM_TRAINING] = ROW(cx_infer_batch_norm),

    // collective
    [CX_OP_ALL_GATHER] = NO_REGIONS(cx_infer_all_gather),
    [CX_OP_ALL_REDUCE] = ROW(cx_infer_all_reduce),
    [CX_OP_ALL_TO_ALL] = NO_REGIONS(cx_infer_all_to_all),
    [CX_OP_REDUCE_SCATTER] = ROW(cx_infer_reduce_scatter),
    [CX_OP_COLLECTIVE_PERMUTE] = NO_REGIONS(cx_infer_collective_permute),
    [CX_OP_COLLECTIVE_BROADCAST] = NO_REGIONS(cx_infer_collective_broadcast),
    [CX_OP_COLLECTIVE_REDUCE] = ROW(cx_infer_all_reduce),
    [CX_OP_CROSS_REPLICA_SUM] = NO_REGIONS(cx_infer_cross_replica_sum),
    [CX_OP_REPLICA_ID] = NO_REGIONS(cx_infer_replica_id),
    [CX_OP_PARTITION_ID] = NO_REGIONS(cx_infer_replica_id),
    [CX_OP_SEND] = NO_REGIONS(cx_infer_send_recv),
    [CX_OP_RECV] = NO_REGIONS(cx_infer_send_recv),
    [CX_OP_INFEED] = NO_REGIONS(cx_infer_infeed),
    [CX_OP_OUTFEED] = NO_REGIONS(cx_infer_outfeed),

    // custom_call
    [CX_OP_CUSTOM_CALL] = ROW(infer_given),

    // async
    [CX_OP_ASYNC_START] = ROW(cx_infer_async_start),
    [CX_OP_ASYNC_DONE] = NO_REGIONS(cx_infer_async_done),

    // chlo
    [CX_OP_CHLO_ACOS] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ACOSH] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ASIN] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ASINH] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ATAN] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ATANH] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_BESSEL_I1E] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_CONJ] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_COSH] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_DIGAMMA] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ERF] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ERF_INV] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_ERFC] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_IS_INF] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_IS_NEG_INF] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_IS_POS_INF] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_LGAMMA] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_SINH] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_TAN] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_SQUARE] = NO_REGIONS(cx_infer_chlo_unary),
    [CX_OP_CHLO_NEXT_AFTER] = NO_REGIONS(cx_infer_chlo_binary),
    [CX_OP_CHLO_POLYGAMMA] = NO_REGIONS(cx_infer_chlo_binary),
    [CX_OP_CHLO_ZETA] = NO_REGIONS(cx_infer_chlo_binary),
    [CX_OP_CHLO_MULHI] = NO_REGIONS(cx_infer_chlo_binary),
    [CX_OP_CHLO_BROADCAST_ADD] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_AND] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_ATAN2] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_COMPARE] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_COMPLEX] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_DIVIDE] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_MAXIMUM] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_MINIMUM] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_MULTIPLY] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_NEXT_AFTER] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_OR] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_POLYGAMMA] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_POWER] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_REMAINDER] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_SHIFT_LEFT] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_ARITHMETIC] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_LOGICAL] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_SUBTRACT] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_XOR] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_ZETA] = NO_REGIONS(cx_infer_chlo_broadcast_binary),
    [CX_OP_CHLO_BROADCAST_SELECT] = NO_REGIONS(cx_infer_chlo_broadcast_select),
    [CX_OP_CHLO_CONSTANT] = NO_REGIONS(cx_infer_chlo_constant),
    [CX_OP_CHLO_CONSTANT_LIKE] = NO_REGIONS(cx_infer_chlo_constant_like),
    [CX_OP_CHLO_TOP_K] = NO_REGIONS(cx_infer_chlo_top_k),
    [CX_OP_CHLO_RAGGED_DOT] = NO_REGIONS(cx_infer_chlo_ragged_dot),
    [CX_OP_CHLO_SCAN] = ROW(cx_infer_chlo_scan),

    // check
    [CX_OP_CHECK_EXPECT_EQ] = ROW(infer_no_results),
    [CX_OP_CHECK_EXPECT_EQ_CONST] = ROW(infer_no_results),
    [CX_OP_CHECK_EXPECT_ALMOST_EQ] = ROW(infer_no_results),
    [CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST] = ROW(infer_no_results),
    [CX_OP_CHECK_EXPECT_CLOSE] = ROW(infer_no_results),
    [CX_OP_CHECK_EXPECT_SERIALIZED_EQ] = ROW(infer_no_results),

    // interpreter
    [CX_OP_INTERPRETER_RUN_PARALLEL] = ROW(infer_given),
    [CX_OP_INTERPRETER_PROBE] = ROW(infer_operand_type),
    [CX_OP_INTERPRETER_PRINT] = ROW(infer_no_results),

    // sdy
    [CX_OP_SDY_MESH] = ROW(infer_no_results),
    [CX_OP_SDY_SHARDING_CONSTRAINT] = ROW(infer_operand_type),
    [CX_OP_SDY_RESHARD] = ROW(infer_operand_type),
    [CX_OP_SDY_RETURN] = ROW(infer_no_results),
    [CX_OP_SDY_MANUAL_COMPUTATION] = ROW(infer_given),
    [CX_OP_SDY_SHARDING_GROUP] = ROW(infer_no_results),
    [CX_OP_SDY_PROPAGATION_BARRIER] = ROW(infer_operand_type),
    [CX_OP_SDY_NAMED_COMPUTATION] = ROW(infer_given),
    [CX_OP_SDY_ALL_GATHER] = ROW(infer_operand_type),
    [CX_OP_SDY_ALL_SLICE] = ROW(infer_operand_type),
    [CX_OP_SDY_ALL_REDUCE] = ROW(infer_operand_type),
    [CX_OP_SDY_ALL_TO_ALL] = ROW(infer_operand_type),
    [CX_OP_SDY_COLLECTIVE_PERMUTE] = ROW(infer_operand_type),
};
