// bench/p11_phases.cpp: where the time of a token-backed `certreq -new` goes,
// in one cold process as certreq runs it: dlopen + C_Initialize of the
// module, choosing the token and opening a session, C_Login, generating an
// EC P-256 key pair on the token, and one C_Sign of a SHA-256 digest.
// Prints one line of milliseconds; bench/p11_cost.sh runs it many times.
// Usage: p11_phases MODULE TOKEN PIN   (SOFTHSM2_CONF etc. from the environment)
#include <chrono>
#include <cstdio>
#include <string>

#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/p11/key.hpp"
#include "certreq/p11/module.hpp"
#include "certreq/p11/session.hpp"
#include "certreq/p11/token.hpp"

using namespace certreq;
using clk = std::chrono::steady_clock;

static double ms(clk::time_point a, clk::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

int main(int argc, char** argv) {
    if (argc != 4) return std::fprintf(stderr, "usage: p11_phases MODULE TOKEN PIN\n"), 2;
    auto t0 = clk::now();
    auto m = p11::module::load(argv[1]);
    if (!m) return std::fprintf(stderr, "%s\n", m.err().message().c_str()), 1;
    auto t1 = clk::now();
    p11::uri u;
    u.token = argv[2];
    auto t = p11::find_token(**m, u);
    if (!t) return std::fprintf(stderr, "%s\n", t.err().message().c_str()), 1;
    auto s = p11::session::open(*m, *t, true);
    if (!s) return std::fprintf(stderr, "%s\n", s.err().message().c_str()), 1;
    auto t2 = clk::now();
    if (auto st = (*s)->login(mbed::make_secret_string(argv[3])); !st) return std::fprintf(stderr, "%s\n", st.err().message().c_str()), 1;
    auto t3 = clk::now();
    p11::key_template kt;
    kt.params = {model::key_algorithm::ec, model::curve::p256, 0, false};
    kt.label = "bench-" + std::to_string(clk::now().time_since_epoch().count());
    kt.id = {1, 2, 3};
    auto k = p11::create_key(*s, kt);
    if (!k) return std::fprintf(stderr, "%s\n", k.err().message().c_str()), 1;
    auto t4 = clk::now();
    auto rng = mbed::system_rng();
    auto sig = mbed::sign(k->signer, model::hash_algorithm::sha256, false, as_bytes(std::string("tbs")), *rng);
    if (!sig) return std::fprintf(stderr, "%s\n", sig.err().message().c_str()), 1;
    auto t5 = clk::now();
    p11::destroy_key(**s, k->objects);  // keep the token small between runs
    std::printf("load+init %.2f  token+session %.2f  login %.2f  keygen %.2f  sign %.2f\n", ms(t0, t1), ms(t1, t2), ms(t2, t3),
                ms(t3, t4), ms(t4, t5));
}
