// mbed/secret.hpp: buffers for private key material (PKCS#8 DER and PEM, key
// files as read) that are wiped with mbedtls_platform_zeroize whenever their
// memory is given back: on destruction and on every reallocation while they
// grow, so no copy of a key is left behind in freed heap memory.
//
// secret_bytes and secret_string are std::vector / std::basic_string with a
// zeroizing allocator. A secret_string always allocates (its small-string
// buffer is never used for key text: reserve() puts it on the heap first).
#pragma once
#include <mbedtls/platform_util.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace certreq::mbed {

// platform_zeroize is the wipe the allocator uses; tests substitute a
// counting one (tests/mbed/secret_test.cpp).
struct platform_zeroize {
    static void wipe(void* p, std::size_t n) noexcept { mbedtls_platform_zeroize(p, n); }
};

// zeroizing_allocator wipes every block, all of its capacity, before freeing it.
template <class T, class Wipe = platform_zeroize>
struct zeroizing_allocator {
    using value_type = T;
    template <class U>
    struct rebind {
        using other = zeroizing_allocator<U, Wipe>;
    };
    zeroizing_allocator() noexcept = default;
    template <class U>
    zeroizing_allocator(const zeroizing_allocator<U, Wipe>&) noexcept {}
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        Wipe::wipe(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <class U>
    bool operator==(const zeroizing_allocator<U, Wipe>&) const noexcept {
        return true;
    }
};

using secret_bytes = std::vector<std::uint8_t, zeroizing_allocator<std::uint8_t>>;
using secret_string = std::basic_string<char, std::char_traits<char>, zeroizing_allocator<char>>;

// make_secret_string copies `s` into a heap-allocated secret_string.
inline secret_string make_secret_string(std::string_view s) {
    secret_string out;
    out.reserve(s.size() < 64 ? 64 : s.size());  // past the small-string buffer
    out.assign(s.data(), s.size());
    return out;
}

// wipe zeroes a buffer that is not a secret_* (e.g. an mbedTLS output array).
inline void wipe(void* p, std::size_t n) noexcept { mbedtls_platform_zeroize(p, n); }

}  // namespace certreq::mbed
