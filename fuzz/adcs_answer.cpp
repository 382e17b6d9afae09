// fuzz/adcs_answer.cpp: any bytes as what an AD CS web service answers: a
// CES (MS-WSTEP) SOAP message through adcs::wstep::read, and a certsrv page
// through adcs::certsrv::read_page. Checks: an answer or an error, never
// both; an issued answer holds a certificate that decodes as one; a denial
// and a pending answer name a RequestID; messages stay bounded (they quote
// untrusted input); a page's text is never longer than the page.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/adcs/certsrv.hpp"
#include "certreq/adcs/wstep.hpp"
#include "certreq/asn1/identify.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    namespace w = certreq::adcs::wstep;
    if (size > certreq::fuzz::max_input) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    auto a = w::read(text);
    if (a) {
        expect(a->message.size() <= 203, "a disposition message is bounded");
        if (a->what == w::disposition::issued)
            expect(certreq::asn1::identify(a->certificate) == certreq::asn1::content_kind::certificate,
                   "an issued answer holds a certificate");
        else
            expect(a->request_id.has_value(), "a pending or denied answer names a RequestID");
        if (a->what == w::disposition::denied) expect(a->hresult != 0, "a denial carries an HRESULT");
    } else {
        expect(!a.err().message.empty() && a.err().message.size() < 1200, "an error says why, bounded");
        expect(a.err().hresult != 0, "an error carries an HRESULT");
    }

    auto p = certreq::adcs::certsrv::read_page(text);
    expect(p.text.size() <= size, "a page's text is never longer than the page");
    if (p.what == certreq::adcs::certsrv::page::kind::issued) expect(p.request_id.has_value(), "an issued page names its request");
    expect(p.message.size() <= 400, "a page's message is bounded");
    return 0;
}
