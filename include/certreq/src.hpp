// certreq/src.hpp: the definitions of the separately compiled entry points
// (core/config.hpp). With -DCERTREQ_SEPARATE_COMPILATION in every TU of the
// program, include this in exactly one of them:
//
//   // certreq_src.cpp
//   #include "certreq/src.hpp"
//
// Without the macro the headers define everything themselves and this file
// must not be compiled. It is every definition (about 1.2 GB to compile at
// -O2, bench/RESULTS.md): a build short of memory includes the .ipp files
// below in several TUs instead, each in exactly one, or only those whose
// entry points it calls.
#pragma once

#if !defined(CERTREQ_SEPARATE_COMPILATION)
#error "certreq/src.hpp is for CERTREQ_SEPARATE_COMPILATION builds (define it in every TU); header-only builds need no source file"
#endif

#include "certreq/inf/read.ipp"
#include "certreq/model/lower.ipp"
#include "certreq/x509/csr.ipp"
#include "certreq/verbs/new.ipp"
#include "certreq/verbs/run_accept.ipp"
#include "certreq/verbs/run_ca.ipp"
#include "certreq/verbs/run_dump.ipp"
#include "certreq/verbs/run_enroll.ipp"
#include "certreq/verbs/run_new.ipp"
#include "certreq/verbs/run_policy.ipp"
#include "certreq/verbs/run_sign.ipp"
#include "certreq/verbs/run_submit.ipp"
