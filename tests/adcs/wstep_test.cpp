// adcs/wstep.hpp and verbs/ces_client.hpp: the RequestSecurityToken we send
// (read back through xml/), every kind of answer a CES sends (issued,
// pending, denied, faults) and the answers that are not WSTEP at all; the
// client against a canned transport.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../scep/vectors.hpp"
#include "certreq/adcs/wstep.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/verbs/ces_client.hpp"

using namespace certreq;
namespace w = adcs::wstep;

namespace {

std::string b64(const bytes& b) { return base64::encode(b); }

// rstr: an answer as a CES writes one, with the prefixes WCF uses.
std::string rstr(const std::string& inner) {
    return R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RSTRC/wstep</a:Action></s:Header><s:Body><RequestSecurityTokenResponseCollection xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><RequestSecurityTokenResponse>)" +
           inner + "</RequestSecurityTokenResponse></RequestSecurityTokenResponseCollection></s:Body></s:Envelope>";
}

std::string fault(const std::string& reason, const std::string& detail) {
    return R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="de-DE">Abgelehnt</s:Text><s:Text xml:lang="en-US">)" +
           reason + "</s:Text></s:Reason>" + detail + "</s:Fault></s:Body></s:Envelope>";
}

std::string issued_inner(const bytes& cert, const bytes& p7) {
    return R"(<TokenType>http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3</TokenType><DispositionMessage xml:lang="en-US" xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">Issued</DispositionMessage><BinarySecurityToken ValueType="http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS7" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary" xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">)" +
           b64(p7) +
           R"(</BinarySecurityToken><RequestedSecurityToken><q:BinarySecurityToken ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary" xmlns:q="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">)" +
           b64(cert) + R"(</q:BinarySecurityToken></RequestedSecurityToken><RequestID xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">42</RequestID>)";
}

}  // namespace

TEST_CASE("the RequestSecurityToken we send reads back with the elements WSTEP names") {
    w::request rq;
    rq.to = "https://ca.example/Issuing_CES_UsernamePassword/service.svc/CES";
    rq.message_id = "urn:uuid:00000000-0000-4000-8000-000000000000";
    rq.token = scep_test::file("01-pkcsreq-csr.der");
    rq.context = {{"CertificateTemplate", "Web<&>\"Server"}};
    rq.username_token = std::make_pair(std::string("alice"), std::string("p<&>w"));
    auto doc = xml::parse(w::build(rq));
    REQUIRE(doc);
    auto env = doc->root();
    REQUIRE(env.is(w::ns_soap12, "Envelope"));
    auto h = env.child(w::ns_soap12, "Header");
    CHECK(h.child(w::ns_addressing, "Action").text() == w::action_rst);
    CHECK(h.child(w::ns_addressing, "To").text() == rq.to);
    CHECK(h.child(w::ns_addressing, "MessageID").text() == rq.message_id);
    auto tok = h.child(w::ns_secext, "Security").child(w::ns_secext, "UsernameToken");
    CHECK(tok.child(w::ns_secext, "Username").text() == "alice");
    CHECK(tok.child(w::ns_secext, "Password").text() == "p<&>w");
    auto rst = env.child(w::ns_soap12, "Body").child(w::ns_trust, "RequestSecurityToken");
    CHECK(rst.child(w::ns_trust, "TokenType").text() == w::token_type_x509);
    CHECK(rst.child(w::ns_trust, "RequestType").text() == w::request_type_issue);
    auto bst = rst.child(w::ns_secext, "BinarySecurityToken");
    CHECK(bst.attribute("", "ValueType") == w::value_type_request);
    CHECK(bst.attribute("", "EncodingType") == w::encoding_base64);
    CHECK(*base64::decode(bst.text()) == *rq.token);
    auto item = rst.child(w::ns_authorization, "AdditionalContext").child(w::ns_authorization, "ContextItem");
    CHECK(item.attribute("", "Name") == "CertificateTemplate");
    CHECK(item.child(w::ns_authorization, "Value").text() == "Web<&>\"Server");
    CHECK_FALSE(rst.child(w::ns_enrollment, "RequestID"));

    w::request q;
    q.request_id = 4294967295u;
    auto qd = xml::parse(w::build(q));
    REQUIRE(qd);
    auto qrst = qd->root().child(w::ns_soap12, "Body").child(w::ns_trust, "RequestSecurityToken");
    CHECK(qrst.child(w::ns_trust, "RequestType").text() == w::request_type_query);
    CHECK(qrst.child(w::ns_enrollment, "RequestID").text() == "4294967295");
    CHECK_FALSE(qrst.child(w::ns_secext, "BinarySecurityToken"));
    CHECK_FALSE(qd->root().child(w::ns_soap12, "Header").child(w::ns_secext, "Security"));
}

TEST_CASE("an issued answer gives the certificate, the PKCS#7 response and the RequestID") {
    bytes cert = scep_test::file("01-issued-cert.pem"), p7 = scep_test::file("01-certrep-degenerate-certs.der");
    REQUIRE(!cert.empty());
    auto a = w::read(rstr(issued_inner(cert, p7)));
    REQUIRE(a);
    CHECK(a->what == w::disposition::issued);
    CHECK(a->request_id == 42u);
    CHECK(a->message == "Issued");
    CHECK(a->certificate == cert);
    CHECK(a->full_response == p7);
    CHECK(verbs::ces::disposition_lines(*a) == "RequestId: 42\nRequestId: \"42\"\nCertificate retrieved(Issued) Issued\n");
}

TEST_CASE("a pending answer has a RequestID and no certificate") {
    auto a = w::read(rstr(R"(<DispositionMessage xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">Taken Under Submission</DispositionMessage><RequestedSecurityToken/><RequestID xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment"> 7 </RequestID>)"));
    REQUIRE(a);
    CHECK(a->what == w::disposition::pending);
    CHECK(a->request_id == 7u);
    CHECK(verbs::ces::disposition_lines(*a) ==
          "RequestId: 7\nRequestId: \"7\"\nCertificate request is pending: Taken Under Submission\n");
}

TEST_CASE("a fault naming a RequestID is a denial with the CA's HRESULT; one without is an error") {
    std::string detail = R"(<s:Detail><CertificateEnrollmentWSDetail xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><BinaryResponse i:nil="true"/><ErrorCode>-2146877420</ErrorCode><InvalidRequest>false</InvalidRequest><RequestID>9</RequestID></CertificateEnrollmentWSDetail></s:Detail>)";
    auto d = w::read(fault("Denied by Policy Module", detail));
    REQUIRE(d);
    CHECK(d->what == w::disposition::denied);
    CHECK(d->request_id == 9u);
    CHECK(d->message == "Denied by Policy Module");  // the English text of two
    CHECK(d->hresult == 0x80094014u);
    CHECK(verbs::ces::disposition_lines(*d) ==
          "RequestId: 9\nRequestId: \"9\"\nCertificate not issued (Denied) Denied by Policy Module 0x80094014 "
          "(-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)\n");

    std::string no_id = R"(<s:Detail><CertificateEnrollmentWSDetail xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ErrorCode>-2146875390</ErrorCode><RequestID i:nil="true"/></CertificateEnrollmentWSDetail></s:Detail>)";
    auto e = w::read(fault("The template is not supported", no_id));
    REQUIRE_FALSE(e);
    CHECK(e.err().message ==
          "the enrollment service answered with a SOAP fault (s:Receiver): \"The template is not supported\"");
    CHECK(e.err().hresult == 0x80094802u);
    auto bare = w::read(fault(std::string(300, 'x'), ""));
    REQUIRE_FALSE(bare);
    CHECK(bare.err().hresult == core::hr::fail);
    CHECK(bare.err().message.size() < 300);  // the reason is quoted, bounded
}

TEST_CASE("answers that are not WSTEP are errors that say what came back") {
    bytes cert = scep_test::file("01-issued-cert.pem"), csr = scep_test::file("01-pkcsreq-csr.der");
    auto msg = [](std::string_view body) {
        auto r = w::read(body);
        REQUIRE_FALSE(r);
        return r.err().message;
    };
    CHECK(msg("<html><body>Server Error</body></html>").find("root element <html>") != std::string::npos);
    CHECK(msg(R"(<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>)")
              .find("SOAP 1.1") != std::string::npos);
    CHECK(msg("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>")
              .find("exactly one element") != std::string::npos);
    CHECK(msg(rstr("") + "garbage").find("not XML") != std::string::npos);
    CHECK(msg(rstr("<DispositionMessage xmlns=\"" + std::string(w::ns_enrollment) + "\">Error</DispositionMessage>")) ==
          "the answer has neither a certificate nor a RequestID (DispositionMessage \"Error\")");
    // A certificate slot holding a request, bad base64, another encoding.
    std::string swapped = issued_inner(csr, scep_test::file("01-certrep-degenerate-certs.der"));
    CHECK(msg(rstr(swapped)).find("the issued certificate is a certificate request (PKCS#10)") != std::string::npos);
    std::string bad64 = issued_inner(cert, scep_test::file("01-certrep-degenerate-certs.der"));
    bad64.replace(bad64.rfind(b64(cert)), 4, "!!!!");  // the certificate's slot: the PKCS#7 holds it too
    CHECK(msg(rstr(bad64)) == "the issued certificate is not base64");
    // Two responses where WSTEP sends one.
    std::string two = rstr(issued_inner(cert, {}));
    two.replace(two.find("</RequestSecurityTokenResponseCollection>"), 0,
                "<RequestSecurityTokenResponse/>");
    CHECK(msg(two).find("2 RequestSecurityTokenResponse elements") != std::string::npos);
}

TEST_CASE("the CES client: what it posts, and HTTP answers that are not SOAP") {
    std::vector<verbs::http::http_request> seen;
    verbs::http::http_reply next;
    verbs::http::transport t = [&](const verbs::http::http_request& rq) {
        seen.push_back(rq);
        return next;
    };
    verbs::ces::settings s;
    s.url = "https://ca.example/X_CES_Kerberos/service.svc/CES";
    s.credentials.kind = verbs::http::auth::scheme::negotiate;
    bytes csr = scep_test::file("01-pkcsreq-csr.der");
    bytes cert = scep_test::file("01-issued-cert.pem");
    std::string body = rstr(issued_inner(cert, scep_test::file("01-certrep-degenerate-certs.der")));
    next.status = 200;
    next.content_type = "application/soap+xml; charset=utf-8";
    next.body.assign(body.begin(), body.end());
    auto a = verbs::ces::submit(t, s, csr);
    REQUIRE(a);
    CHECK(a->certificate == cert);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].url == s.url);
    CHECK(seen[0].content_type == "application/soap+xml; charset=utf-8");
    CHECK(seen[0].credentials.kind == verbs::http::auth::scheme::negotiate);

    next.status = 401;
    auto denied = verbs::ces::submit(t, s, csr);
    REQUIRE_FALSE(denied);
    CHECK(denied.err().hresult == 0x80190191u);
    next.status = 200;
    next.content_type = "text/html";
    std::string page = "<html>\n<body>Login</body></html>";
    next.body.assign(page.begin(), page.end());
    auto html = verbs::ces::submit(t, s, csr);
    REQUIRE_FALSE(html);
    CHECK(html.err().message.find("content type text/html, 32 bytes: \"<html> <body>Login</body></html>\"") !=
          std::string::npos);
    auto not_request = verbs::ces::submit(t, s, cert, "web.cer");
    REQUIRE_FALSE(not_request);
    CHECK(not_request.err().message == "web.cer: not a certificate request (PKCS#10, CMC or PKCS#7) but a certificate");
    CHECK(seen.size() == 3);  // nothing was sent for the certificate

    // -UserName/-p on a UsernamePassword endpoint: the SOAP header, not HTTP authentication.
    s.username_token = true;
    s.credentials = {};
    s.credentials.user = "alice";
    s.credentials.password = "pw";
    next.failed = true;
    next.error = "cannot connect";
    next.hresult = core::hr::winhttp_cannot_connect;
    auto down = verbs::ces::retrieve(t, s, 5);
    REQUIRE_FALSE(down);
    CHECK(down.err().hresult == core::hr::winhttp_cannot_connect);
    CHECK(seen.back().credentials.kind == verbs::http::auth::scheme::none);
    CHECK(seen.back().credentials.password.empty());
    std::string posted(as_chars(seen.back().body));
    CHECK(posted.find("<o:Password Type=") != std::string::npos);
}

TEST_CASE("CES URLs, RequestIds and -attrib") {
    CHECK(verbs::ces::is_ces_url("https://ca.example/Issuing%20CA_CES_Kerberos/service.svc/CES"));
    CHECK(verbs::ces::is_ces_url("HTTPS://ca.example/x_ces_certificate/Service.svc/ces/"));
    CHECK_FALSE(verbs::ces::is_ces_url("https://ca.example/certsrv/mscep/mscep.dll"));
    CHECK_FALSE(verbs::ces::is_ces_url("ftp://ca.example/x/service.svc/CES"));
    CHECK(verbs::ces::parse_request_id("0x1f") == 31u);
    CHECK(verbs::ces::parse_request_id("4294967295") == 4294967295u);
    CHECK_FALSE(verbs::ces::parse_request_id("4294967296"));
    CHECK_FALSE(verbs::ces::parse_request_id("12a"));
    auto at = verbs::ces::parse_attributes("CertificateTemplate:WebServer\\nSAN:dns=a.example&dns=b.example");
    REQUIRE(at);
    CHECK(at->size() == 2);
    CHECK((*at)[1].second == "dns=a.example&dns=b.example");
    CHECK_FALSE(verbs::ces::parse_attributes("NoColon"));
}
