// Under CERTREQ_SEPARATE_COMPILATION the INF reader's Spirit grammar stays
// in the one TU that compiles certreq/src.hpp, so every other TU may use the
// whole API with -fno-exceptions -fno-rtti (tests/separate/meson.build builds
// this file so): certreq.hpp and the verbs' run_* headers.
#include "certreq/certreq.hpp"
#include "certreq/verbs/run_accept.hpp"
#include "certreq/verbs/run_ca.hpp"
#include "certreq/verbs/run_dump.hpp"
#include "certreq/verbs/run_enroll.hpp"
#include "certreq/verbs/run_new.hpp"
#include "certreq/verbs/run_policy.hpp"
#include "certreq/verbs/run_sign.hpp"
#include "certreq/verbs/run_submit.hpp"

// A caller of the split entry points, so they are used, not only declared.
certreq::verbs::new_result separate_no_exceptions_build(certreq::byte_view inf) {
    return certreq::verbs::build_new(inf, "in.inf", {});
}
