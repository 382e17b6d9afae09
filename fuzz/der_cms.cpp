// fuzz/der_cms.cpp: any bytes decoded strictly as a CMS ContentInfo (PKCS#7, CMC, SCEP)
// (ContentInfo of grammars/cms.asn), then through -dump.
#include <cstddef>
#include <cstdint>

#include "der_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > certreq::fuzz::max_input) return 0;
    certreq::byte_view der(data, size);
    certreq::fuzz::check_decode(certreq::asn1::module::cms, "ContentInfo", der);
    certreq::fuzz::check_dump(der);
    return 0;
}
