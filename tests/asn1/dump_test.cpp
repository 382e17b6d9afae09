// certreq -dump: text and JSON output, signature checks through the callback,
// Microsoft request attributes, OpenSSL-made requests and certificates.
#include <doctest/doctest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "certreq/core/base64.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/verbs/dump.hpp"
#include "test_util.hpp"

using namespace certreq;
using certreq::test::from_hex;
using certreq::test::tlv;

namespace {
bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
bytes str(std::uint8_t tag, std::string_view s) { return tlv(tag, bytes(s.begin(), s.end())); }
bytes bmp(std::string_view s) {
    bytes b;
    for (char c : s) b.push_back(0), b.push_back(std::uint8_t(c));
    return tlv(0x1E, b);
}
bytes oid(std::string_view hex) { return tlv(0x06, from_hex(hex)); }
bytes attribute(std::string_view oid_hex, const bytes& value) { return tlv(0x30, cat({oid(oid_hex), tlv(0x31, value)})); }

verbs::verify_fn mbed_verifier() {
    return [](const verbs::signature_check& c) -> verbs::verify_outcome {
        auto r = mbed::verify(c.spki_der, c.hash, c.pss, c.data, c.signature);
        if (!r) return {std::nullopt, r.err().message()};
        return {*r, ""};
    };
}

std::string run(byte_view file, verbs::dump_options opt, diagnostics& diags, int expect_rc = 0) {
    std::ostringstream out;
    CHECK(verbs::dump(file, "in.req", std::move(opt), out, diags) == expect_rc);
    return out.str();
}

// get follows a dotted path of object keys (and [n] array indexes) in a dump tree.
const verbs::dump_node* get(const verbs::dump_node& n, std::string_view path) {
    const verbs::dump_node* cur = &n;
    while (!path.empty() && cur) {
        auto dot = path.find('.');
        std::string_view key = path.substr(0, dot);
        if (!key.empty() && key[0] == '[') cur = &cur->items.at(std::size_t(std::stoul(std::string(key.substr(1)))));
        else cur = cur->find(key);
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return cur;
}
std::string scalar(const verbs::dump_node& n, std::string_view path) {
    auto p = get(n, path);
    return p ? p->scalar : "<missing " + std::string(path) + ">";
}

bool have_openssl() { return std::system("openssl version >/dev/null 2>&1") == 0; }
}  // namespace

TEST_CASE("dump: a CSR as text, the verifier gets the right bytes") {
    bytes csr = test::sample_csr();
    verbs::signature_check seen;
    bytes spki, data;  // copies: the views die with the dump
    int calls = 0;
    verbs::dump_options opt;
    opt.verify = [&](const verbs::signature_check& c) {
        seen = c, ++calls;
        spki.assign(c.spki_der.begin(), c.spki_der.end());
        data.assign(c.data.begin(), c.data.end());
        return verbs::verify_outcome{true, ""};
    };
    diagnostics diags("in.req");
    std::string out = run(csr, opt, diags);
    CHECK(out ==
          "file: in.req\n"
          "encoding: DER\n"
          "content:\n"
          "  type: certificate request (PKCS#10)\n"
          "  version: v1\n"
          "  subject: CN=t\n"
          "  publicKey:\n"
          "    algorithm: id-ecPublicKey (1.2.840.10045.2.1)\n"
          "    curve: prime256v1 (1.2.840.10045.3.1.7)\n"
          "    bits: 256\n"
          "  attributes: (none)\n"
          "  signature:\n"
          "    algorithm: ecdsa-with-SHA256 (1.2.840.10045.4.3.2)\n"
          "    verified: yes\n");
    CHECK(diags.empty());
    REQUIRE(calls == 1);
    CHECK(seen.hash == model::hash_algorithm::sha256);
    CHECK_FALSE(seen.pss);
    CHECK(spki == bytes(csr.begin() + 22, csr.begin() + 113));
    CHECK(data == bytes(csr.begin() + 3, csr.begin() + 115));
    CHECK(seen.signature.size() == 71);

    // Without a verifier, and with one that cannot run.
    diagnostics d2;
    out = run(csr, {}, d2);
    CHECK(out.find("verified: not checked (no verifier)\n") != std::string::npos);
    opt.verify = [](const verbs::signature_check&) { return verbs::verify_outcome{std::nullopt, "no key support"}; };
    out = run(csr, opt, d2);
    CHECK(out.find("verified: not checked (no key support)\n") != std::string::npos);
}

TEST_CASE("dump: -json prints the same fields") {
    verbs::dump_options opt;
    opt.json = true;
    diagnostics diags;
    std::string out = run(test::sample_csr(), opt, diags);
    CHECK(out ==
          "{\n"
          "  \"file\": \"in.req\",\n"
          "  \"encoding\": \"DER\",\n"
          "  \"content\": {\n"
          "    \"type\": \"certificate request (PKCS#10)\",\n"
          "    \"version\": \"v1\",\n"
          "    \"subject\": \"CN=t\",\n"
          "    \"publicKey\": {\n"
          "      \"algorithm\": \"id-ecPublicKey (1.2.840.10045.2.1)\",\n"
          "      \"curve\": \"prime256v1 (1.2.840.10045.3.1.7)\",\n"
          "      \"bits\": 256\n"
          "    },\n"
          "    \"attributes\": [],\n"
          "    \"signature\": {\n"
          "      \"algorithm\": \"ecdsa-with-SHA256 (1.2.840.10045.4.3.2)\",\n"
          "      \"verified\": \"not checked (no verifier)\"\n"
          "    }\n"
          "  }\n"
          "}\n");
}

TEST_CASE("dump: the real verifier (mbed) accepts the CSR and rejects a changed one") {
    verbs::dump_options opt;
    opt.verify = mbed_verifier();
    diagnostics diags;
    bytes csr = test::sample_csr();
    CHECK(run(csr, opt, diags).find("verified: yes\n") != std::string::npos);
    csr[21] = 'u';  // CN=t -> CN=u: still well-formed, signature no longer matches
    std::string out = run(csr, opt, diags);
    CHECK(out.find("subject: CN=u\n") != std::string::npos);
    CHECK(out.find("verified: NO\n") != std::string::npos);
}

TEST_CASE("dump: PEM input and malformed input report offsets") {
    bytes csr = test::sample_csr();
    std::string pem = "-----BEGIN NEW CERTIFICATE REQUEST-----\r\n" + base64::encode(csr, 64, "\r\n") +
                      "\r\n-----END NEW CERTIFICATE REQUEST-----\r\n";
    diagnostics diags("in.req");
    std::string out = run(as_bytes(pem), {}, diags);
    CHECK(out.find("encoding: PEM \"NEW CERTIFICATE REQUEST\"\n") != std::string::npos);

    bytes bad = csr;
    bad.resize(150);
    diagnostics d2("in.req");
    run(bad, {}, d2, 1);
    REQUIRE(d2.items().size() == 1);
    CHECK(d2.format(d2.items()[0]) == "in.req: DER offset 1: error: length 198 runs past the end of the data (147 bytes left)\n");

    bytes trailing = csr;
    trailing.push_back(0x00);
    diagnostics d3("in.req");
    run(trailing, {}, d3, 1);
    REQUIRE(d3.items().size() == 1);
    CHECK(d3.items()[0].offset == 201);
    CHECK(d3.items()[0].message == "trailing data after the DER element (1 bytes)");

    // Well-formed DER of the wrong shape.
    diagnostics d4("x");
    run(from_hex("3003020101"), {}, d4, 1);
    REQUIRE(d4.items().size() == 1);
    CHECK(d4.items()[0].message ==
          "not a certificate, request, CRL, CMS or CMP message: CertificationRequest: does not match the ASN.1 type: "
          "unexpected tag (element 'certificationRequestInfo')");
}

TEST_CASE("dump: Microsoft request attributes and PKCS#9 attributes (spec 7.2)") {
    bytes csr = test::sample_csr();
    bytes name = from_hex("300c310a300806035504030c0174");
    bytes spki(csr.begin() + 22, csr.begin() + 113);
    // client info: SEQUENCE { INTEGER 9, UTF8 machine, UTF8 user, UTF8 process }
    bytes client = tlv(0x30, cat({tlv(0x02, {9}), str(0x0C, "host.example.com"), str(0x0C, "EXAMPLE\\alice"), str(0x0C, "certreq")}));
    bytes csp = tlv(0x30, cat({tlv(0x02, {1}), bmp("Microsoft RSA SChannel Cryptographic Provider"), tlv(0x03, {0})}));
    bytes nvp = tlv(0x30, cat({bmp("CertificateTemplate"), bmp("WebServer")}));
    bytes ku = tlv(0x30, cat({oid("551d0f"), tlv(0x01, {0xFF}), tlv(0x04, tlv(0x03, {0x05, 0xA0}))}));
    bytes eku = tlv(0x30, cat({oid("551d25"), tlv(0x04, tlv(0x30, cat({oid("2b06010505070301"), oid("2b06010505070302")})))}));
    bytes unknown_ext = tlv(0x30, cat({oid("2a0304"), tlv(0x04, from_hex("0500"))}));
    bytes attrs = cat({
        attribute("2b0601040182370d0203", str(0x16, "10.0.19045.2")),
        attribute("2b0601040182371514", client),
        attribute("2b0601040182370d0202", csp),
        attribute("2b0601040182370d0201", nvp),
        attribute("2a864886f70d010907", str(0x13, "s3cret")),
        attribute("2a864886f70d01090e", tlv(0x30, cat({ku, eku, unknown_ext}))),
    });
    bytes info = tlv(0x30, cat({tlv(0x02, {0}), name, spki, tlv(0xA0, attrs)}));
    bytes req = tlv(0x30, cat({info, from_hex("300a06082a8648ce3d040302"), tlv(0x03, from_hex("00 3000"))}));

    diagnostics diags;
    verbs::dump_options opt;
    opt.verify = mbed_verifier();
    auto tree = verbs::dump_tree_of(req, "ms.req", opt, diags);
    CHECK(diags.empty());
    const auto& c = *get(tree, "content");
    CHECK(scalar(c, "attributes.[0].name") == "osVersion");
    CHECK(scalar(c, "attributes.[0].value") == "10.0.19045.2");
    CHECK(scalar(c, "attributes.[1].name") == "requestClientInfo");
    CHECK(scalar(c, "attributes.[1].value.clientId") == "9");
    CHECK(scalar(c, "attributes.[1].value.machineName") == "host.example.com");
    CHECK(scalar(c, "attributes.[1].value.userName") == "EXAMPLE\\alice");
    CHECK(scalar(c, "attributes.[1].value.processName") == "certreq");
    CHECK(scalar(c, "attributes.[2].name") == "enrollmentCSPProvider");
    CHECK(scalar(c, "attributes.[2].value.keySpec") == "1");
    CHECK(scalar(c, "attributes.[2].value.cspName") == "Microsoft RSA SChannel Cryptographic Provider");
    CHECK(scalar(c, "attributes.[3].value.name") == "CertificateTemplate");
    CHECK(scalar(c, "attributes.[3].value.value") == "WebServer");
    CHECK(scalar(c, "attributes.[4].name") == "challengePassword");
    CHECK(scalar(c, "attributes.[4].value") == "(hidden; -v shows it)");  // shown only when asked
    CHECK(scalar(c, "attributes.[5].value.[0].name") == "keyUsage");
    CHECK(scalar(c, "attributes.[5].value.[0].critical") == "true");
    CHECK(scalar(c, "attributes.[5].value.[0].usages.[0]") == "digitalSignature");
    CHECK(scalar(c, "attributes.[5].value.[0].usages.[1]") == "keyEncipherment");
    CHECK(get(c, "attributes.[5].value.[0].usages")->items.size() == 2);
    CHECK(scalar(c, "attributes.[5].value.[1].purposes.[1]") == "clientAuth (1.3.6.1.5.5.7.3.2)");
    CHECK(scalar(c, "attributes.[5].value.[2].name") == "unknown");
    CHECK(scalar(c, "attributes.[5].value.[2].oid") == "1.2.3.4");
    CHECK(scalar(c, "attributes.[5].value.[2].hex") == "0500");
    CHECK(scalar(c, "signature.verified") == "NO");

    opt.show_secrets = true;  // certreq -dump -v
    auto shown = verbs::dump_tree_of(req, "ms.req", opt, diags);
    CHECK(scalar(*get(shown, "content"), "attributes.[4].value") == "s3cret");
}

TEST_CASE("dump: a ChallengePassword name/value pair is hidden like the challengePassword attribute") {
    bytes csr = test::sample_csr();
    bytes name = from_hex("300c310a300806035504030c0174");
    bytes spki(csr.begin() + 22, csr.begin() + 113);
    bytes nvp = tlv(0x30, cat({bmp("challengePASSWORD"), bmp("nv-s3cret")}));
    bytes info = tlv(0x30, cat({tlv(0x02, {0}), name, spki, tlv(0xA0, attribute("2b0601040182370d0201", nvp))}));
    bytes req = tlv(0x30, cat({info, from_hex("300a06082a8648ce3d040302"), tlv(0x03, from_hex("00 3000"))}));
    for (bool show : {false, true}) {
        CAPTURE(show);
        diagnostics diags;
        verbs::dump_options opt;
        opt.show_secrets = show;
        auto tree = verbs::dump_tree_of(req, "nv.req", opt, diags);
        const auto& c = *get(tree, "content");
        CHECK(scalar(c, "attributes.[0].value.name") == "challengePASSWORD");
        CHECK(scalar(c, "attributes.[0].value.value") == (show ? "nv-s3cret" : "(hidden; -v shows it)"));
    }
}

TEST_CASE("dump: a bad extension value is shown as hex and reported with its offset") {
    bytes csr = test::sample_csr();
    bytes name = from_hex("300c310a300806035504030c0174");
    bytes spki(csr.begin() + 22, csr.begin() + 113);
    // basicConstraints whose value is an INTEGER, not a SEQUENCE.
    bytes bc = tlv(0x30, cat({oid("551d13"), tlv(0x04, from_hex("020101"))}));
    bytes attrs = attribute("2a864886f70d01090e", tlv(0x30, bc));
    bytes info = tlv(0x30, cat({tlv(0x02, {0}), name, spki, tlv(0xA0, attrs)}));
    bytes req = tlv(0x30, cat({info, from_hex("300a06082a8648ce3d040302"), tlv(0x03, from_hex("00 3000"))}));
    diagnostics diags("bad.req");
    std::ostringstream out;
    CHECK(verbs::dump(req, "bad.req", {}, out, diags) == 1);
    REQUIRE(diags.items().size() == 1);
    std::size_t at = std::string(req.begin(), req.end()).find(std::string("\x02\x01\x01", 3));
    CHECK(diags.items()[0].offset == at);
    CHECK(diags.items()[0].message == "BasicConstraints: does not match the ASN.1 type: unexpected tag");
    CHECK(out.str().find("hex: 020101\n") != std::string::npos);
}

TEST_CASE("dump: OpenSSL-made request and certificate with many extensions") {
    if (!have_openssl()) {
        MESSAGE("openssl not found: skipped");
        return;
    }
    std::string dir = std::string(std::getenv("CERTREQ_BUILD_ROOT") ? std::getenv("CERTREQ_BUILD_ROOT") : "/tmp") + "/asn1_dump_test";
    std::string cmd = "mkdir -p '" + dir + "' && cd '" + dir + "' && openssl req -new -newkey rsa:2048 -nodes -keyout k.pem"
        " -subj '/C=US/O=Example, Inc./CN=www.example.com' -sha384"
        " -addext 'subjectAltName=DNS:www.example.com,IP:192.0.2.1,IP:2001:db8::1,email:a@example.com,URI:https://example.com/,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@example.com'"
        " -addext 'keyUsage=critical,digitalSignature,keyEncipherment,cRLSign'"
        " -addext 'extendedKeyUsage=serverAuth,1.3.6.1.4.1.311.10.3.4'"
        " -addext 'basicConstraints=critical,CA:TRUE,pathlen:2'"
        " -addext 'certificatePolicies=1.2.3.4,2.5.29.32.0'"
        " -addext 'nameConstraints=permitted;DNS:example.com,excluded;IP:10.0.0.0/255.0.0.0'"
        " -addext 'crlDistributionPoints=URI:http://crl.example.com/a.crl'"
        " -addext 'authorityInfoAccess=OCSP;URI:http://ocsp.example.com/'"
        " -addext 'policyConstraints=requireExplicitPolicy:1'"
        " -out req.pem 2>/dev/null"
        " && openssl req -x509 -key k.pem -in req.pem -copy_extensions copyall -days 30 -sha256 -out cert.pem 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    verbs::dump_options opt;
    opt.verify = mbed_verifier();
    for (std::string file : {"req.pem", "cert.pem"}) {
        bytes content = test::read_file(dir + "/" + file);
        diagnostics diags(file);
        auto tree = verbs::dump_tree_of(content, file, opt, diags);
        INFO(file);
        CHECK(diags.empty());
        const auto& c = *get(tree, "content");
        CHECK(scalar(c, "subject") == "CN=www.example.com, O=\"Example, Inc.\", C=US");
        CHECK(scalar(c, "publicKey.bits") == "2048");
        CHECK(scalar(c, "signature.verified") == "yes");
        CHECK(scalar(c, "signature.algorithm") ==
              (file == "req.pem" ? "sha384WithRSAEncryption (1.2.840.113549.1.1.12)" : "sha256WithRSAEncryption (1.2.840.113549.1.1.11)"));
        const verbs::dump_node* exts = file == "req.pem" ? get(c, "attributes.[0].value") : get(c, "extensions");
        REQUIRE(exts);
        std::ostringstream text;
        verbs::render_text(text, *exts);
        std::string t = text.str();
        for (std::string_view want : {
                 "- name: subjectAltName\n", "- type: dNSName\n      value: www.example.com\n",
                 "- type: iPAddress\n      value: 192.0.2.1\n", "value: 2001:db8::1\n",
                 "- type: rfc822Name\n      value: a@example.com\n",
                 "- type: uniformResourceIdentifier\n      value: https://example.com/\n",
                 "- type: otherName\n      oid: userPrincipalName\n      value: alice@example.com\n",
                 "usages:\n    - digitalSignature\n    - keyEncipherment\n    - cRLSign\n",
                 "- serverAuth (1.3.6.1.5.5.7.3.1)\n    - encryptedFileSystem (1.3.6.1.4.1.311.10.3.4)\n",
                 file == "req.pem" ? "cA: true\n  pathLenConstraint: 2\n" : "cA: true\n", "- policy: 1.2.3.4\n", "- policy: anyPolicy (2.5.29.32.0)\n",
                 "permittedSubtrees:\n    - type: dNSName\n      value: example.com\n",
                 "excludedSubtrees:\n    - type: iPAddress\n      value: 10.0.0.0/255.0.0.0\n",
                 "- fullName:\n        - type: uniformResourceIdentifier\n          value: http://crl.example.com/a.crl\n",
                 "- method: ocsp (1.3.6.1.5.5.7.48.1)\n", "requireExplicitPolicy: 1\n"})
            CHECK_MESSAGE(t.find(want) != std::string::npos, "missing: " << want << "\nin:\n" << t);
    }
}

TEST_CASE("dump: a CMC request (PKIData in SignedData, signer by subject key identifier, spec 9.2)") {
    if (!have_openssl()) {
        MESSAGE("openssl not found: skipped");
        return;
    }
    std::string dir = std::string(std::getenv("CERTREQ_BUILD_ROOT") ? std::getenv("CERTREQ_BUILD_ROOT") : "/tmp") + "/asn1_cmc_test";
    std::string mk = "mkdir -p '" + dir + "' && cd '" + dir + "' && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
        " -keyout k.pem -subj /CN=cmc.example.com -outform DER -out req.der 2>/dev/null"
        " && openssl req -x509 -key k.pem -subj /CN=cmc.example.com -days 2 -out signer.pem 2>/dev/null";
    REQUIRE(std::system(mk.c_str()) == 0);
    bytes csr = test::read_file(dir + "/req.der");
    // PKIData { controlSequence { [2] CMC attributes (client info), [3] regInfo },
    //           reqSequence { [0] { 1, PKCS#10 } }, cmsSequence {}, otherMsgSequence {} }
    bytes client = tlv(0x30, cat({tlv(0x02, {9}), str(0x0C, "host"), str(0x0C, "DOM\\user"), str(0x0C, "certreq")}));
    bytes cmc_attrs = tlv(0x30, cat({tlv(0x02, {0}), tlv(0x30, tlv(0x02, {1})), tlv(0x31, attribute("2b0601040182371514", client))}));
    bytes controls = tlv(0x30, cat({
        tlv(0x30, cat({tlv(0x02, {2}), oid("2b0601040182370a0a01"), tlv(0x31, cmc_attrs)})),
        tlv(0x30, cat({tlv(0x02, {3}), oid("2b06010505070712"), tlv(0x31, str(0x04, "CertificateTemplate=WebServer&"))})),
    }));
    bytes requests = tlv(0x30, tlv(0xA0, cat({tlv(0x02, {1}), csr})));
    bytes pki_data = tlv(0x30, cat({controls, requests, tlv(0x30, {}), tlv(0x30, {})}));
    {
        std::ofstream f(dir + "/pkidata.der", std::ios::binary);
        f.write(reinterpret_cast<const char*>(pki_data.data()), std::streamsize(pki_data.size()));
    }
    std::string sign = "cd '" + dir + "' && openssl cms -sign -binary -nodetach -nocerts -keyid -md sha256"
        " -econtent_type 1.3.6.1.5.5.7.12.2 -signer signer.pem -inkey k.pem -in pkidata.der -outform DER -out cmc.der 2>/dev/null";
    REQUIRE(std::system(sign.c_str()) == 0);
    bytes cmc = test::read_file(dir + "/cmc.der");
    verbs::dump_options opt;
    opt.verify = mbed_verifier();
    opt.digest = [](model::hash_algorithm h, byte_view data) { return mbed::hash(h, data); };
    diagnostics diags("cmc.der");
    auto tree = verbs::dump_tree_of(cmc, "cmc.der", opt, diags);
    std::ostringstream errs;
    diags.print(errs);
    CHECK_MESSAGE(diags.empty(), errs.str());
    const auto& c = *get(tree, "content");
    CHECK(scalar(c, "type") == "CMC request (PKIData)");
    CHECK(scalar(c, "encapContentInfo.contentType") == "id-cct-PKIData (1.3.6.1.5.5.7.12.2)");
    const auto& p = *get(c, "encapContentInfo.content");
    CHECK(scalar(p, "type") == "CMC PKIData");
    CHECK(scalar(p, "controls.[0].bodyPartID") == "2");
    CHECK(scalar(p, "controls.[0].type") == "cmcAttributes (1.3.6.1.4.1.311.10.10.1)");
    CHECK(scalar(p, "controls.[0].values.[0].attributes.[0].name") == "requestClientInfo");
    CHECK(scalar(p, "controls.[0].values.[0].attributes.[0].value.userName") == "DOM\\user");
    CHECK(scalar(p, "controls.[1].type") == "id-cmc-regInfo (1.3.6.1.5.5.7.7.18)");
    CHECK(scalar(p, "controls.[1].values.[0]") == "CertificateTemplate=WebServer&");
    CHECK(scalar(p, "requests.[0].kind") == "tcr");
    CHECK(scalar(p, "requests.[0].bodyPartID") == "1");
    CHECK(scalar(p, "requests.[0].request.subject") == "CN=cmc.example.com");
    CHECK(scalar(p, "requests.[0].request.signature.verified") == "yes");
    // No certificates: the signer (by SKI) is checked with the request's own key.
    CHECK(get(c, "certificates")->items.empty());
    CHECK(get(c, "signers.[0].signerIdentifier.subjectKeyIdentifier") != nullptr);
    CHECK(scalar(c, "signers.[0].digestAlgorithm") == "sha256");
    CHECK(scalar(c, "signers.[0].messageDigest") == "matches the content");
    CHECK(scalar(c, "signers.[0].verified") == "yes");
}

TEST_CASE("dump: JSON stays valid for strings that are not UTF-8") {
    std::ostringstream out;
    verbs::dump_node n = verbs::dump_node::object();
    n.add("s", std::string("a\xFF" "b\xC3\xA9" "c\xE0\x80\x80" "\x01\"", 11));
    verbs::render_json(out, n);
    CHECK(out.str() == "{\n  \"s\": \"a\\ufffdb\xC3\xA9" "c\\ufffd\\ufffd\\ufffd\\u0001\\\"\"\n}\n");
}

TEST_CASE("dump: certificate thumbprint with a digest function") {
    if (!have_openssl()) return;
    bytes ca = test::read_file(test::shared_dir() + "/vectors/scep/ca.der");
    if (ca.empty()) return;
    verbs::dump_options opt;
    opt.digest = [](model::hash_algorithm h, byte_view data) { return mbed::hash(h, data); };
    diagnostics diags;
    auto t = verbs::dump_tree_of(ca, "ca.der", opt, diags);
    FILE* p = popen(("openssl x509 -inform DER -noout -fingerprint -sha1 -in '" + test::shared_dir() + "/vectors/scep/ca.der'").c_str(), "r");
    REQUIRE(p);
    char buf[256] = {};
    std::string line = fgets(buf, sizeof buf, p) ? buf : "";
    pclose(p);
    std::string hexonly;
    for (char c : line.substr(line.find('=') + 1))
        if (std::isxdigit(static_cast<unsigned char>(c))) hexonly += c;
    CHECK(scalar(*get(t, "content"), "thumbprint") == hexonly);
}

TEST_CASE("dump: EC key sizes come from the curve") {
    if (!have_openssl()) return;
    std::string dir = std::string(std::getenv("CERTREQ_BUILD_ROOT") ? std::getenv("CERTREQ_BUILD_ROOT") : "/tmp") + "/asn1_ec_test";
    for (auto cb : {std::pair{"prime256v1", "256"}, std::pair{"secp384r1", "384"}, std::pair{"secp521r1", "521"}}) {
        std::string curve = cb.first, bits = cb.second;  // not a structured binding: clang 14 cannot capture those
        std::string cmd = "mkdir -p '" + dir + "' && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:" + curve +
                          " -nodes -keyout /dev/null -subj /CN=x -outform DER -out '" + dir + "/req.der' 2>/dev/null";
        REQUIRE(std::system(cmd.c_str()) == 0);
        bytes req = test::read_file(dir + "/req.der");
        verbs::dump_options opt;
        opt.verify = mbed_verifier();
        diagnostics diags;
        auto t = verbs::dump_tree_of(req, "req.der", opt, diags);
        INFO(curve);
        CHECK(scalar(t, "content.publicKey.bits") == bits);
        CHECK(scalar(t, "content.signature.verified") == "yes");
    }
}

TEST_CASE("-dump prints IP addresses in RFC 5952 form") {
    using certreq::bytes;
    auto t = [](bytes b) { return certreq::verbs::ip_text(b); };
    CHECK(t({192, 0, 2, 10}) == "192.0.2.10");
    CHECK(t({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}) == "2001:db8::1");
    CHECK(t(bytes(16, 0)) == "::");
    CHECK(t({0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}) == "1:0:0:1::1");          // longest run wins
    CHECK(t({0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1}) == "2001:db8:0:1:0:1:0:1");  // no "::" for one group
    CHECK(t({10, 0, 0, 0, 255, 0, 0, 0}) == "10.0.0.0/255.0.0.0");                       // name constraints
}

TEST_CASE("dump: CRL entries are read one by one (5000 entries, one malformed)") {
    const bytes time = tlv(0x17, from_hex("3236303130313030303030305a"));  // 260101000000Z
    const bytes alg = tlv(0x30, tlv(0x06, from_hex("2a8648ce3d040302")));
    const bytes issuer = tlv(0x30, tlv(0x31, tlv(0x30, cat({tlv(0x06, from_hex("550403")), tlv(0x0c, from_hex("6361"))}))));
    const bytes reason = tlv(0x30, tlv(0x30, cat({tlv(0x06, from_hex("551d15")), tlv(0x04, tlv(0x0a, from_hex("01")))})));
    bytes entries;
    for (unsigned i = 1; i <= 5000; ++i) {
        bytes serial{std::uint8_t(i >> 8), std::uint8_t(i)};
        if (serial[0] == 0 && serial[1] < 0x80) serial.erase(serial.begin());
        if (serial[0] & 0x80) serial.insert(serial.begin(), 0x00);
        // Entry 4000 has its fields swapped: a RevokedCertificate error of its own.
        bytes e = i == 4000 ? cat({time, tlv(0x02, serial)}) : cat({tlv(0x02, serial), time, reason});
        entries = cat({entries, tlv(0x30, e)});
    }
    const bytes list = tlv(0x30, entries);
    const bytes tbs = tlv(0x30, cat({tlv(0x02, from_hex("01")), alg, issuer, time, time, list}));
    const bytes crl = tlv(0x30, cat({tbs, alg, tlv(0x03, from_hex("00300602010102010a"))}));
    // Each of the three headers above is 5 bytes (a 3-octet length); the version is 3.
    const std::size_t list_at = 5 + 5 + 3 + alg.size() + issuer.size() + 2 * time.size();
    CHECK(asn1::crl_entries_offset(crl) == list_at);
    CHECK(asn1::crl_entries_offset(crl, 7) == list_at + 7);
    CHECK(asn1::crl_entries_offset(from_hex("3003020101")) == SIZE_MAX);

    diagnostics d("in.crl");
    std::string text = run(crl, {}, d, 1);
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].message.rfind("RevokedCertificate: does not match the ASN.1 type", 0) == 0);
    std::size_t entries_seen = 0;
    for (std::size_t p = text.find("serialNumber: "); p != std::string::npos; p = text.find("serialNumber: ", p + 1))
        ++entries_seen;
    CHECK(entries_seen == 4999);
    CHECK(text.find("serialNumber: 1388") != std::string::npos);  // entry 5000
    CHECK(text.find("error: RevokedCertificate") != std::string::npos);
}
