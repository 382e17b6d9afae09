// adcs/certsrv.hpp: the certsrv form, URLs, and the classification of answer
// pages (by visible text and links; scripts and comments ignored).
#include <doctest/doctest.h>

#include <string>

#include "certreq/adcs/certsrv.hpp"

using namespace certreq;
namespace cs = adcs::certsrv;

TEST_CASE("certsrv URLs") {
    CHECK(cs::is_certsrv_url("https://ca.example/certsrv"));
    CHECK(cs::is_certsrv_url("https://ca.example/CertSrv/"));
    CHECK_FALSE(cs::is_certsrv_url("https://ca.example/certsrv/mscep/mscep.dll"));
    CHECK_FALSE(cs::is_certsrv_url("https://ca.example/mycertsrv"));
    CHECK(cs::certificate_url("https://ca.example/certsrv/", 12) == "https://ca.example/certsrv/certnew.cer?ReqID=12&Enc=b64");
    CHECK(cs::chain_url("https://ca.example/certsrv", 12) == "https://ca.example/certsrv/certnew.p7b?ReqID=12&Enc=b64");
}

TEST_CASE("the certfnsh.asp form: PEM request and CRLF attributes, form-encoded") {
    bytes der = {0x30, 0x03, 0x02, 0x01, 0x05};
    std::string f = cs::submit_form(der, {{"CertificateTemplate", "Web Server"}, {"SAN", "dns=a&dns=b"}});
    CHECK(f == "Mode=newreq&CertRequest=-----BEGIN+CERTIFICATE+REQUEST-----%0D%0AMAMCAQU%3D%0D%0A-----END+CERTIFICATE+"
               "REQUEST-----%0D%0A&CertAttrib=CertificateTemplate%3AWeb+Server%0D%0ASAN%3Adns%3Da%26dns%3Db%0D%0A"
               "&TargetStoreFlags=0&SaveCert=yes&ThumbPrint=");
}

TEST_CASE("answer pages") {
    auto issued = cs::read_page(
        "<HTML><Body><P ID=locPageTitle><B>Certificate Issued</B><Script>var s = \"Certificate Pending\";</Script>"
        "<A Href='certnew.cer?ReqID=31&amp;Enc=b64'>Download certificate</A></Body></HTML>");
    CHECK(issued.what == cs::page::kind::issued);
    CHECK(issued.request_id == 31u);
    auto pending = cs::read_page(
        "<b>Certificate Pending</b><P>Your certificate request has been received.</P><P>Your Request Id is 32.</P>");
    CHECK(pending.what == cs::page::kind::pending);
    CHECK(pending.request_id == 32u);
    auto denied = cs::read_page(
        "<b>Certificate Request Denied</b><!-- Certificate Issued --><P>Your certificate request was denied.</P>"
        "<P>Your Request Id is 33. The disposition message is \"Denied by Policy Module  0x80094801, The request does "
        "not contain a certificate template extension\".</P>");
    CHECK(denied.what == cs::page::kind::denied);
    CHECK(denied.request_id == 33u);
    CHECK(denied.message == "Denied by Policy Module 0x80094801, The request does not contain a certificate template extension");
    CHECK(denied.hresult == 0x80094801u);
    auto error = cs::read_page("<b>Certificate Request Error</b><p>An unexpected error has occurred: Access&nbsp;is "
                               "denied. 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)</p>");
    CHECK(error.what == cs::page::kind::error);
    CHECK(error.hresult == 0x80070005u);
    CHECK(error.message.find("Access is denied.") != std::string::npos);
    auto login = cs::read_page("<html><head><title>Sign in</title><style>p{}</style></head><body>\n\n  Password: <input "
                               "name=p></body></html>");
    CHECK(login.what == cs::page::kind::unknown);
    CHECK(login.text == "Sign in Password:");
    // Hostile input: unterminated tags and comments, huge numbers.
    CHECK(cs::read_page("<a href=\"certnew.cer?ReqID=99999999999\">").what == cs::page::kind::unknown);
    CHECK(cs::read_page("<!-- never closed").what == cs::page::kind::unknown);
    CHECK(cs::read_page("Certificate Pending <b").what == cs::page::kind::pending);
}
