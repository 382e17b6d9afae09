// fuzz/base64.cpp: arbitrary text through core/base64 and pem/detect.
// Checks: decode(encode(x)) == x at every line length; what decode accepts
// re-encodes to the same characters once white space and padding are
// dropped; a decode error points inside the text; detect_and_decode's DER is
// never larger than the file and its errors point inside it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/core/base64.hpp"
#include "certreq/pem/detect.hpp"
#include "fuzz_target.hpp"

namespace {
std::string canonical(std::string_view s) {  // without white space and '='
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v' && c != '=') out += c;
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    namespace b64 = certreq::base64;
    if (size > certreq::fuzz::max_input) return 0;
    certreq::byte_view raw(data, size);
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // encode -> decode is the identity.
    for (std::size_t line : {std::size_t(0), std::size_t(64), std::size_t(76)}) {
        auto back = b64::decode(b64::encode(raw, line));
        expect(back && std::string_view(certreq::as_chars(*back)) == text, "decode(encode(x)) == x");
    }

    // decode -> encode gives the same characters (standard alphabet, no slack bits).
    auto dec = b64::decode(text);
    if (dec) {
        auto re = canonical(b64::encode(*dec));
        auto in = canonical(text);
        expect(re == in, "what decode accepts is canonical base64");
    } else {
        expect(dec.err().offset <= size, "base64 error offset inside the text");
        expect(!dec.err().message.empty(), "base64 error has a message");
    }

    auto in = certreq::pem::detect_and_decode(raw);
    if (in) {
        expect(in.der.size() <= size, "DER is never larger than the file");
    } else {
        expect(in.error->offset <= size && !in.error->message.empty(), "input error inside the file, with a message");
    }
    return 0;
}
