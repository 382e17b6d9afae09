// mbed/rng.hpp: random numbers for key generation and signing.
//  - ctr_drbg: an mbedTLS CTR_DRBG (AES-256) seeded straight from getrandom(2)
//    through a custom entropy callback. mbedtls_entropy_init's default source
//    set-up is skipped on purpose: it measured ~0.1 ms slower per process.
//  - system_rng(): one lazily seeded process-wide ctr_drbg, locked per call.
//  - ctr_drbg::deterministic(seed): the same DRBG fed from a fixed seed, for
//    tests that need reproducible keys (never for real keys).
#pragma once
#include <mbedtls/ctr_drbg.h>
#include <sys/random.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/error.hpp"
#include "certreq/mbed/handle.hpp"
#include "certreq/mbed/result.hpp"

namespace certreq::mbed {

// rng_ref is the (f_rng, p_rng) pair mbedTLS functions take. It borrows: the
// generator it points to must outlive it.
struct rng_ref {
    int (*fn)(void*, unsigned char*, std::size_t) = nullptr;
    void* ctx = nullptr;

    // fill writes `out.size()` random bytes; returns the mbedTLS code (0 = ok).
    int fill(std::span<std::uint8_t> out) const { return fn(ctx, out.data(), out.size()); }
};

namespace detail {

// getrandom_entropy is the CTR_DRBG entropy callback: the kernel CSPRNG,
// blocking only until it is initialised at boot.
inline int getrandom_entropy(void*, unsigned char* out, std::size_t len) {
    while (len != 0) {
        ssize_t n = ::getrandom(out, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        }
        out += n;
        len -= static_cast<std::size_t>(n);
    }
    return 0;
}

// fixed_entropy replays a seed for deterministic generators: byte i of the
// stream is seed[i % n] xor (i / n), so reseeds also get fresh-looking input.
struct fixed_entropy {
    bytes seed;
    std::size_t pos = 0;

    static int callback(void* self, unsigned char* out, std::size_t len) {
        auto* s = static_cast<fixed_entropy*>(self);
        if (s->seed.empty()) return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        for (std::size_t i = 0; i < len; ++i, ++s->pos)
            out[i] = static_cast<unsigned char>(s->seed[s->pos % s->seed.size()] ^ (s->pos / s->seed.size()));
        return 0;
    }
};

using drbg_handle = handle<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free>;

}  // namespace detail

// ctr_drbg is a movable, seeded CTR_DRBG. Not thread-safe (use system_rng()
// for a shared one).
class ctr_drbg {
public:
    // seeded returns a generator seeded from getrandom(2); `personalization`
    // is mixed in as mbedTLS's "custom" string.
    static result<ctr_drbg> seeded(std::string_view personalization = "certreq") {
        ctr_drbg g;
        int rc = mbedtls_ctr_drbg_seed(g.h_->get(), detail::getrandom_entropy, nullptr,
                                       reinterpret_cast<const unsigned char*>(personalization.data()),
                                       personalization.size());
        if (rc != 0) return failed("mbedtls_ctr_drbg_seed", rc);
        return g;
    }

    // deterministic returns a generator whose whole output depends only on
    // `seed` (non-empty). For tests and golden files only.
    static result<ctr_drbg> deterministic(byte_view seed) {
        if (seed.empty()) return refused("ctr_drbg::deterministic", "empty seed");
        ctr_drbg g;
        g.fixed_ = std::make_unique<detail::fixed_entropy>();
        g.fixed_->seed.assign(seed.begin(), seed.end());
        int rc = mbedtls_ctr_drbg_seed(g.h_->get(), detail::fixed_entropy::callback, g.fixed_.get(), nullptr, 0);
        if (rc != 0) return failed("mbedtls_ctr_drbg_seed", rc);
        return g;
    }

    // ref returns the (f_rng, p_rng) pair to hand to mbedTLS; valid while *this lives.
    rng_ref ref() noexcept { return {mbedtls_ctr_drbg_random, h_->get()}; }

    mbedtls_ctr_drbg_context* native() noexcept { return h_->get(); }

private:
    ctr_drbg() : h_(std::make_unique<detail::drbg_handle>()) {}

    std::unique_ptr<detail::drbg_handle> h_;
    std::unique_ptr<detail::fixed_entropy> fixed_;  // deterministic mode only
};

namespace detail {

// shared_drbg is the state behind system_rng(): a mutex, the generator and
// the pid that seeded it (a forked child reseeds so it does not repeat its
// parent's stream).
struct shared_drbg {
    std::mutex mu;
    std::unique_ptr<drbg_handle> drbg;
    pid_t pid = 0;

    static int callback(void* self, unsigned char* out, std::size_t len) {
        auto* s = static_cast<shared_drbg*>(self);
        std::lock_guard lock(s->mu);
        if (!s->drbg) return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        if (pid_t now = ::getpid(); now != s->pid) {
            if (int rc = mbedtls_ctr_drbg_reseed(s->drbg->get(), nullptr, 0); rc != 0) return rc;
            s->pid = now;
        }
        return mbedtls_ctr_drbg_random(s->drbg->get(), out, len);
    }
};

inline shared_drbg& shared_drbg_instance() {
    static shared_drbg s;  // never destroyed before static users finish: function-local
    return s;
}

}  // namespace detail

// system_rng returns the process-wide generator, seeding it on first use.
// Thread-safe. Fails only when getrandom(2) fails (then a later call retries).
inline result<rng_ref> system_rng() {
    auto& s = detail::shared_drbg_instance();
    std::lock_guard lock(s.mu);
    if (!s.drbg) {
        auto h = std::make_unique<detail::drbg_handle>();
        static constexpr std::string_view custom = "certreq system rng";
        int rc = mbedtls_ctr_drbg_seed(h->get(), detail::getrandom_entropy, nullptr,
                                       reinterpret_cast<const unsigned char*>(custom.data()), custom.size());
        if (rc != 0) return failed("mbedtls_ctr_drbg_seed", rc);
        s.drbg = std::move(h);
        s.pid = ::getpid();
    }
    return rng_ref{detail::shared_drbg::callback, &s};
}

}  // namespace certreq::mbed
