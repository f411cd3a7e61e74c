// cx_interp_signature: the argument and result types of a function as
// data-less buffer views (for bindings such as the Python package).
#include <string.h>

#include "cx_test.h"
#include "cxla/interp.h"
#include "cxla/module.h"

static const char kProgram[] =
    "func.func @main(%a: tensor<?x3xf32>, %t: !stablehlo.token, %s: tensor<i1>)\n"
    "    -> (tensor<?x3xf32>, !stablehlo.token) {\n"
    "  return %a, %t : tensor<?x3xf32>, !stablehlo.token\n"
    "}\n"
    "func.func private @none() {\n"
    "  return\n"
    "}\n";

CX_TEST(signature_describes_arguments_and_results) {
  cx_context_t* ctx = NULL;
  cx_module_t* m = NULL;
  cx_interp_t* interp = NULL;
  cx_parse_options_t po = {"sig.mlir", 0, false};
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(cx_module_parse_text(ctx, kProgram, strlen(kProgram), &po, &m));
  if (!m) return;
  CX_EXPECT_OK(cx_module_verify(m));
  CX_EXPECT_OK(cx_interp_create(m, NULL, &interp));
  if (!interp) return;
  uint32_t na = 0, nr = 0;
  cx_buffer_view_t *args = NULL, *results = NULL;
  CX_EXPECT_OK(cx_interp_signature(interp, "main", &na, &args, &nr, &results));
  CX_EXPECT_EQ_I64(na, 3);
  CX_EXPECT_EQ_I64(nr, 2);
  if (na == 3 && nr == 2) {
    CX_EXPECT_EQ_I64(args[0].elem, CX_ELEM_F32);
    CX_EXPECT_EQ_I64(args[0].rank, 2);
    CX_EXPECT_EQ_I64(args[0].dims[0], -1);
    CX_EXPECT_EQ_I64(args[0].dims[1], 3);
    CX_EXPECT(args[0].data == NULL && args[0].nbytes == 0);
    CX_EXPECT_EQ_I64(args[1].elem, CX_ELEM_INVALID);
    CX_EXPECT_EQ_I64(args[2].elem, CX_ELEM_I1);
    CX_EXPECT_EQ_I64(args[2].rank, 0);
    CX_EXPECT_EQ_I64(results[0].elem, CX_ELEM_F32);
    CX_EXPECT_EQ_I64(results[1].elem, CX_ELEM_INVALID);
  }
  cx_interp_free_results(na, args);
  cx_interp_free_results(nr, results);
  CX_EXPECT_OK(cx_interp_signature(interp, "none", &na, &args, &nr, &results));
  CX_EXPECT_EQ_I64(na + nr, 0);
  cx_interp_free_results(na, args);
  cx_interp_free_results(nr, results);
  cx_status_t st = cx_interp_signature(interp, "missing", &na, &args, &nr, &results);
  CX_EXPECT(st && cx_status_code(st) == CX_NOT_FOUND);
  CX_EXPECT(args == NULL && results == NULL && na == 0 && nr == 0);
  cx_status_free(st);
  cx_interp_destroy(interp);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

int main(void) {
  CX_RUN(signature_describes_arguments_and_results);
  return CX_TEST_EXIT();
}
