// The protocol document's own messages ([MS-WSTEP] section 4.1, restored
// from its PDF text: tests/data/adcs/ms-wstep/README.md) read by our client.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "certreq/adcs/wstep.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/os/file.hpp"
#include "certreq/verbs/ces_client.hpp"

using namespace certreq;
namespace w = adcs::wstep;

namespace {
std::string sample(const std::string& name) {
    const char* data = std::getenv("CERTREQ_TEST_DATA");
    auto f = os::read_file(std::string(data && *data ? data : "data") + "/adcs/ms-wstep/" + name);
    REQUIRE(f);
    return std::string(as_chars(*f));
}
}  // namespace

TEST_CASE("MS-WSTEP 4.1.1.2: the server's Issued response") {
    auto a = w::read(sample("4.1.1.2.xml"));
    REQUIRE(a);
    CHECK(a->what == w::disposition::issued);
    CHECK(a->request_id == 61u);
    CHECK(a->message == "Issued");
    CHECK(a->certificate.size() == 1682);  // abby's certificate, for the key of the 4.1.1.1 request
    CHECK(asn1::identify(a->certificate) == asn1::content_kind::certificate);
    CHECK(a->full_response.size() == 4504);  // the CMC response with the chain
    CHECK(asn1::identify(a->full_response) == asn1::content_kind::cmc_response);
    CHECK(verbs::ces::disposition_lines(*a) == "RequestId: 61\nRequestId: \"61\"\nCertificate retrieved(Issued) Issued\n");
}

TEST_CASE("MS-WSTEP 4.1.4.2: the server fault (no RequestID) is an error quoting its reason") {
    auto a = w::read(sample("4.1.4.2.xml"));
    REQUIRE_FALSE(a);
    CHECK(a.err().message.rfind("the enrollment service answered with a SOAP fault (s:Receiver): \"The server was unable "
                                "to process the request due to an internal error.",
                                0) == 0);
    CHECK(a.err().message.size() < 300);
    CHECK(a.err().hresult == core::hr::fail);
}

TEST_CASE("MS-WSTEP 4.1.1.1 and 4.1.3.1: our requests carry what the document's requests carry") {
    auto doc = xml::parse(sample("4.1.1.1.xml"));
    REQUIRE(doc);
    auto rst = doc->root().child(w::ns_soap12, "Body").child(w::ns_trust, "RequestSecurityToken");
    auto bst = rst.child(w::ns_secext, "BinarySecurityToken");
    auto csr = base64::decode(bst.text());
    REQUIRE(csr);
    CHECK(asn1::identify(*csr) == asn1::content_kind::request);
    CHECK(bst.attribute("", "EncodingType") == w::encoding_base64);
    CHECK(bst.attribute("", "ValueType") == w::value_type_request);

    w::request ours;
    ours.token = *csr;
    auto built = xml::parse(w::build(ours));
    REQUIRE(built);
    auto our_rst = built->root().child(w::ns_soap12, "Body").child(w::ns_trust, "RequestSecurityToken");
    for (auto name : {"TokenType", "RequestType"})
        CHECK(our_rst.child(w::ns_trust, name).trimmed_text() == rst.child(w::ns_trust, name).trimmed_text());
    CHECK(*base64::decode(our_rst.child(w::ns_secext, "BinarySecurityToken").text()) == *csr);
    CHECK(doc->root().child(w::ns_soap12, "Header").child(w::ns_addressing, "Action").trimmed_text() == w::action_rst);

    auto query = xml::parse(sample("4.1.3.1.xml"));
    REQUIRE(query);
    auto qrst = query->root().child(w::ns_soap12, "Body").child(w::ns_trust, "RequestSecurityToken");
    w::request q;
    q.request_id = 65;
    auto our_query = xml::parse(w::build(q));
    REQUIRE(our_query);
    auto our_qrst = our_query->root().child(w::ns_soap12, "Body").child(w::ns_trust, "RequestSecurityToken");
    CHECK(our_qrst.child(w::ns_trust, "RequestType").text() == qrst.child(w::ns_trust, "RequestType").trimmed_text());
    CHECK(our_qrst.child(w::ns_enrollment, "RequestID").text() == qrst.child(w::ns_enrollment, "RequestID").text());
}
