// fuzz/pem_input.cpp: any bytes through input detection (DER, PEM with any
// label, bare base64, UTF-16LE) and the content identification; what comes
// out as DER goes through -dump.
#include <cstddef>
#include <cstdint>

#include "certreq/asn1/identify.hpp"
#include "certreq/pem/detect.hpp"
#include "der_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    if (size > certreq::fuzz::max_input) return 0;
    certreq::byte_view file(data, size);
    auto in = certreq::pem::detect_and_decode(file);
    if (in) {
        expect(!in.der.empty(), "decoded input is not empty");
        expect(in.der.size() <= size, "DER is never larger than the file");
        (void)certreq::asn1::identify(in.der);
    } else {
        expect(in.error->offset <= size, "input error offset inside the file");
    }
    certreq::fuzz::check_dump(file);
    return 0;
}
