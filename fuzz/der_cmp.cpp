// fuzz/der_cmp.cpp: any bytes decoded strictly as a CMP PKIMessage
// (PKIMessage of grammars/cmp.asn), then through -dump.
#include <cstddef>
#include <cstdint>

#include "der_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > certreq::fuzz::max_input) return 0;
    certreq::byte_view der(data, size);
    certreq::fuzz::check_decode(certreq::asn1::module::cmp, "PKIMessage", der);
    certreq::fuzz::check_dump(der);
    return 0;
}
