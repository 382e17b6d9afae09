// core/hex.hpp and core/from_hex.hpp: the one hex encoder and decoder.
#include <doctest/doctest.h>

#include "certreq/core/from_hex.hpp"
#include "certreq/core/hex.hpp"

using namespace certreq;

TEST_CASE("from_hex reads byte pairs in either case, blanks anywhere, and round trips to_hex") {
    auto b = core::from_hex("00 ff\r\n7A\t0b");
    REQUIRE(b);
    CHECK(*b == bytes{0x00, 0xff, 0x7a, 0x0b});
    CHECK(core::to_hex(*b) == "00ff7a0b");
    CHECK(core::to_hex(*b, core::hex_case::upper, ":") == "00:FF:7A:0B");
    auto empty = core::from_hex("");
    REQUIRE(empty);
    CHECK(empty->empty());
}

TEST_CASE("from_hex names the offending character, or the unpaired digit") {
    auto bad = core::from_hex("00 fg");
    REQUIRE_FALSE(bad);
    CHECK(bad.err().offset == 4);
    CHECK(bad.err().message == "not a hex digit");
    auto odd = core::from_hex("00 f 0 1");  // f0 is a pair; 1 is left over
    REQUIRE_FALSE(odd);
    CHECK(odd.err().offset == 7);
    CHECK(odd.err().message == "an odd number of hex digits");
    CHECK_FALSE(core::from_hex("0x10"));  // no prefix
}
