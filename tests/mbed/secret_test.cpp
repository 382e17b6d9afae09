// Tests for mbed/secret.hpp. Whether freed heap memory reads as zero cannot
// be checked portably, so the allocator is run with a counting wipe in place
// of mbedtls_platform_zeroize: every block it gives back must be wiped, all
// of its capacity (not just the bytes in use), also while the buffer grows.
#include "certreq/mbed/secret.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

// counting_wipe records each wipe and whether the block was zero afterwards.
struct counting_wipe {
    struct call {
        const void* at;
        std::size_t bytes;
        bool zero_after;
    };
    static inline std::vector<call> calls;
    static void wipe(void* p, std::size_t n) noexcept {
        certreq::mbed::platform_zeroize::wipe(p, n);
        bool zero = true;
        for (std::size_t i = 0; i < n; ++i) zero = zero && static_cast<const unsigned char*>(p)[i] == 0;
        calls.push_back({p, n, zero});
    }
};

using counted_bytes = std::vector<std::uint8_t, certreq::mbed::zeroizing_allocator<std::uint8_t, counting_wipe>>;
using counted_string = std::basic_string<char, std::char_traits<char>, certreq::mbed::zeroizing_allocator<char, counting_wipe>>;

}  // namespace

TEST_CASE("secret_bytes: every block is wiped in full when freed, also the ones growth leaves behind") {
    counting_wipe::calls.clear();
    std::vector<std::pair<const void*, std::size_t>> blocks;  // (address, capacity in bytes) of each block used
    {
        counted_bytes b;
        for (int i = 0; i < 5000; ++i) {
            b.push_back(static_cast<std::uint8_t>(i | 1));
            if (blocks.empty() || blocks.back().first != b.data()) blocks.emplace_back(b.data(), b.capacity());
        }
        REQUIRE(blocks.size() > 5);  // it did reallocate
        CHECK(counting_wipe::calls.size() == blocks.size() - 1);  // all but the live block, already
    }
    REQUIRE(counting_wipe::calls.size() == blocks.size());
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        CAPTURE(i);
        CHECK(counting_wipe::calls[i].at == blocks[i].first);
        CHECK(counting_wipe::calls[i].bytes == blocks[i].second);  // the capacity, not the size
        CHECK(counting_wipe::calls[i].zero_after);
    }
}

TEST_CASE("secret_string: heap text is wiped on destruction and on growth") {
    counting_wipe::calls.clear();
    {
        counted_string s;
        s.reserve(64);  // past the small-string buffer, as make_secret_string does
        const void* first = s.data();
        s.append(200, 'k');  // grows: the first block is given back
        REQUIRE(counting_wipe::calls.size() == 1);
        CHECK(counting_wipe::calls[0].at == first);
        CHECK(counting_wipe::calls[0].bytes >= 65);  // capacity and terminator
    }
    REQUIRE(counting_wipe::calls.size() == 2);
    CHECK(counting_wipe::calls[1].bytes >= 201);
    CHECK(counting_wipe::calls[1].zero_after);
}

TEST_CASE("make_secret_string: always on the heap, so the wipe sees it") {
    auto s = certreq::mbed::make_secret_string("pw");
    CHECK(s == "pw");
    CHECK(s.capacity() >= 64);
    CHECK(certreq::mbed::make_secret_string(std::string(100, 'x')).size() == 100);
}
