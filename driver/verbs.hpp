// driver/verbs.hpp: one entry point per verb, each in driver/verb_<name>.cpp.
// Exit codes (documented in the README): 0 success, 1 the work failed (bad
// input, crypto or I/O error: diagnostics on stderr), 2 usage error.
#pragma once
#include "cli.hpp"

namespace certreq::driver {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;

int run_new(const command_line& cl);
int run_dump(const command_line& cl);
int run_submit(const command_line& cl);
int run_retrieve(const command_line& cl);
int run_accept(const command_line& cl);
int run_enroll(const command_line& cl);
int run_ca(const command_line& cl);
int run_sign(const command_line& cl);    // driver/verb_sign.cpp
int run_policy(const command_line& cl);  // driver/verb_policy.cpp
// SCEP (-config http[s]://...): driver/verb_scep.cpp
bool is_scep_url(const std::string& config);
int run_scep_submit(const command_line& cl);
int run_scep_retrieve(const command_line& cl);
int run_scep_enroll(const command_line& cl);

}  // namespace certreq::driver
