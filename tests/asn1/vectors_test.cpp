// The captured SCEP and CMP messages in tests/data/vectors decode as their
// notes say. Each scep/X.txt has a `# summary:` of SCEP attributes, digest and
// envelope cipher (made with openssl): the dump of X.der must show the same.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "certreq/asn1/identify.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/verbs/dump.hpp"
#include "test_util.hpp"

using namespace certreq;
namespace fs = std::filesystem;

namespace {
verbs::verify_fn mbed_verifier() {
    return [](const verbs::signature_check& c) -> verbs::verify_outcome {
        auto r = mbed::verify(c.spki_der, c.hash, c.pss, c.data, c.signature);
        if (!r) return {std::nullopt, r.err().message()};
        return {*r, ""};
    };
}
const verbs::dump_node* get(const verbs::dump_node& n, std::string_view path) {
    const verbs::dump_node* cur = &n;
    while (!path.empty() && cur) {
        auto dot = path.find('.');
        std::string_view key = path.substr(0, dot);
        if (!key.empty() && key[0] == '[') {
            std::size_t i = std::stoul(std::string(key.substr(1)));
            cur = i < cur->items.size() ? &cur->items[i] : nullptr;
        } else {
            cur = cur->find(key);
        }
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return cur;
}
std::string scalar(const verbs::dump_node& n, std::string_view path) {
    auto p = get(n, path);
    return p ? p->scalar : "<missing " + std::string(path) + ">";
}
std::vector<fs::path> files_in(const fs::path& dir, std::string_view ext) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ext) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}
verbs::dump_node dump_file(const fs::path& p, diagnostics& diags, bool show_secrets = false) {
    verbs::dump_options opt;
    opt.show_secrets = show_secrets;
    opt.verify = mbed_verifier();
    opt.digest = [](model::hash_algorithm h, byte_view data) { return mbed::hash(h, data); };
    bytes b = test::read_file(p.string());
    return verbs::dump_tree_of(b, p.filename().string(), opt, diags);
}
// utc turns 261124140647Z into the dump's 2026-11-24 14:06:47 UTC.
std::string utc(const std::string& t) {
    return "20" + t.substr(0, 2) + "-" + t.substr(2, 2) + "-" + t.substr(4, 2) + " " + t.substr(6, 2) + ":" +
           t.substr(8, 2) + ":" + t.substr(10, 2) + " UTC";
}
}  // namespace

TEST_CASE("vectors: every SCEP message decodes and matches its summary") {
    fs::path dir = fs::path(test::shared_dir()) / "vectors" / "scep";
    auto ders = files_in(dir, ".der");
    if (ders.empty()) {
        MESSAGE("no vectors in " << dir << ": skipped");
        return;
    }
    std::size_t summaries = 0;
    for (auto& der : ders) {
        INFO(der.filename().string());
        diagnostics diags(der.filename().string());
        auto tree = dump_file(der, diags);
        std::ostringstream errs;
        diags.print(errs);
        CHECK_MESSAGE(diags.empty(), errs.str());
        const verbs::dump_node* c = get(tree, "content");
        REQUIRE(c);
        // All signer signatures verify (time checks are not part of -dump).
        if (auto signers = get(*c, "signers"))
            for (auto& s : signers->items) {
                CHECK(scalar(s, "verified") == "yes");
                CHECK(scalar(s, "messageDigest") == "matches the content");
            }

        fs::path txt = der;
        txt.replace_extension(".txt");
        std::ifstream notes(txt);
        std::string line;
        bool in_summary = false;
        while (std::getline(notes, line)) {
            if (line == "# summary:") {
                in_summary = true;
                ++summaries;
                continue;
            }
            if (!in_summary || line.rfind("#     ", 0) != 0) {
                in_summary = false;
                continue;
            }
            std::istringstream words(line.substr(6));
            std::string key, value;
            words >> key >> value;
            if (key == "messageType" || key == "pkiStatus" || key == "failInfo") {
                std::string shown = scalar(*c, "scep." + key);
                CHECK_MESSAGE((shown == value || shown.rfind(value + " (", 0) == 0), key << ": " << shown << " vs " << value);
            } else if (key == "senderNonce" || key == "recipientNonce" || key == "transactionID") {
                CHECK(scalar(*c, "scep." + key) == value);
            } else if (key == "signingTime") {
                bool found = false;
                for (auto& a : get(*c, "signers.[0].signedAttributes")->items)
                    if (scalar(a, "name") == "signingTime") {
                        found = true;
                        CHECK(scalar(a, "value") == utc(value));
                    }
                CHECK(found);
            } else if (key == "signed-data") {  // "signed-data digestAlgorithm: sha1"
                std::string alg;
                words >> alg;
                CHECK(scalar(*c, "digestAlgorithms.[0]") == alg);
            } else if (key == "envelope") {  // "envelope content-encryption: des-cbc"
                std::string alg;
                words >> alg;
                CHECK(scalar(*c, "encapContentInfo.content.type") == "CMS enveloped data");
                CHECK(scalar(*c, "encapContentInfo.content.contentEncryptionAlgorithm") == alg);
            } else if (key == "(no") {
                std::string shown = scalar(*c, "encapContentInfo.content");
                CHECK((shown == "(absent)" || shown == "(empty)"));
            }
        }
    }
    CHECK(summaries == 13);
}

TEST_CASE("vectors: SCEP notes in README.md") {
    fs::path dir = fs::path(test::shared_dir()) / "vectors" / "scep";
    if (!fs::exists(dir / "01-pkcsreq-scepclient.der")) return;
    diagnostics diags;
    auto req = dump_file(dir / "01-pkcsreq-scepclient.der", diags);
    CHECK(scalar(req, "content.type") == "SCEP message");
    CHECK(scalar(req, "content.scep.messageType") == "19 (PKCSReq)");
    CHECK(scalar(req, "content.scep.transactionID") == "3XBw8Am6tYKOfgPWOWyiSwDKvPo=");
    CHECK(scalar(req, "content.certificates.[0].subject") == "CN=SCEP SIGNER, O=certreq-test");
    CHECK(scalar(req, "content.signers.[0].signerIdentifier.issuer") == "CN=SCEP SIGNER, O=certreq-test");
    CHECK(scalar(req, "content.encapContentInfo.content.contentEncryptionAlgorithm") == "des-cbc");
    // Go's pkcs7 sends encryptedContent in the constructed (BER) form; the dump says so.
    CHECK(scalar(req, "content.encapContentInfo.content.encryptedContentEncoding") == "constructed [0] (BER, not DER)");

    auto rep = dump_file(dir / "01-certrep-success.der", diags);
    CHECK(scalar(rep, "content.scep.messageType") == "3 (CertRep)");
    CHECK(scalar(rep, "content.scep.pkiStatus") == "0 (SUCCESS)");
    CHECK(scalar(rep, "content.scep.recipientNonce") == scalar(req, "content.scep.senderNonce"));

    auto fail = dump_file(dir / "04-certrep-failure-badrequest.der", diags);
    CHECK(scalar(fail, "content.scep.pkiStatus") == "2 (FAILURE)");
    CHECK(scalar(fail, "content.scep.failInfo") == "2 (badRequest)");

    auto renew = dump_file(dir / "05-renewalreq-scepclient.der", diags);
    CHECK(scalar(renew, "content.scep.messageType") == "17 (RenewalReq)");
    auto poll = dump_file(dir / "06-certpoll-certmonger.der", diags);
    CHECK(scalar(poll, "content.scep.messageType") == "20 (CertPoll)");
    auto cm = dump_file(dir / "06-pkcsreq-certmonger.der", diags);
    CHECK(scalar(cm, "content.signers.[0].signatureAlgorithm") == "rsaEncryption");
    CHECK(scalar(cm, "content.signers.[0].digestAlgorithm") == "sha256");

    // Decrypted CSRs: challengePassword PrintableString (Go) or UTF8String (openssl), shown as -dump -v shows it.
    for (const char* f : {"01-pkcsreq-csr.der", "02-pkcsreq-csr.der", "06-pkcsreq-csr.der"}) {
        auto csr = dump_file(dir / f, diags, true);
        INFO(f);
        CHECK(scalar(csr, "content.type") == "certificate request (PKCS#10)");
        CHECK(scalar(csr, "content.signature.verified") == "yes");
        bool found = false;
        for (auto& a : get(csr, "content.attributes")->items)
            if (scalar(a, "name") == "challengePassword") {
                found = true;
                CHECK(scalar(a, "value") == "s3cret");
            }
        CHECK(found);
    }

    // The CA: no CN, KeyUsage keyCertSign + cRLSign only.
    auto ca = dump_file(dir / "ca.der", diags);
    CHECK(scalar(ca, "content.subject") == "OU=SCEP CA, O=certreq-test, C=US");
    CHECK(scalar(ca, "content.signature.verified") == "yes");
    CHECK(scalar(ca, "content.extensions.[0].name") == "keyUsage");
    CHECK(get(ca, "content.extensions.[0].usages")->items.size() == 2);
    CHECK(scalar(ca, "content.extensions.[0].usages.[0]") == "keyCertSign");
    CHECK(scalar(ca, "content.extensions.[0].usages.[1]") == "cRLSign");

    // Degenerate certs-only PKCS#7 (decrypted CertRep content): the issued certificate.
    auto certs = dump_file(dir / "01-certrep-degenerate-certs.der", diags);
    CHECK(scalar(certs, "content.type") == "PKCS#7/CMS signed data");
    CHECK(get(certs, "content.signers")->items.empty());
    REQUIRE(get(certs, "content.certificates.[0]"));
    CHECK(diags.empty());
}

TEST_CASE("vectors: CMP PEM files and messages decode as the README says") {
    fs::path dir = fs::path(test::shared_dir()) / "vectors" / "cmp";
    if (!fs::is_directory(dir)) return;
    for (const char* f : {"ca.pem", "ee-cert.pem", "ee-csr.pem", "srv-cert.pem"}) {
        diagnostics diags;
        auto t = dump_file(dir / f, diags);
        INFO(f);
        CHECK(diags.empty());
        CHECK(scalar(t, "content.signature.verified") != "NO");
    }
    diagnostics diags;
    CHECK(scalar(dump_file(dir / "ee-csr.pem", diags), "content.signature.verified") == "yes");

    // Every message decodes; the file name says the body type (01-ir.der, 04-ip-waiting.der, ...).
    for (auto& der : files_in(dir, ".der")) {
        std::string name = der.stem().string();
        INFO(name);
        diagnostics d;
        auto t = dump_file(der, d);
        CHECK(d.empty());
        CHECK(scalar(t, "content.type") == "CMP message");
        std::string body = name.substr(3, name.find('-', 3) == std::string::npos ? std::string::npos : name.find('-', 3) - 3);
        CHECK(scalar(t, "content.body") == (body == "pkiConf" ? "pkiconf" : body));
        CHECK(scalar(t, "content.header.pvno") == "2");
        // PBM everywhere except 02 (signature by srv-cert / ee-cert, which verifies).
        std::string prot = scalar(t, "content.protection.verified");
        if (name.rfind("02-", 0) == 0) CHECK(prot == "yes");
        else CHECK(prot == "not checked (MAC protection needs the shared secret)");
    }
    auto ir = dump_file(dir / "01-ir.der", diags);
    CHECK(scalar(ir, "content.header.senderKID") == "certreq-client");
    CHECK(scalar(ir, "content.header.recipient.value") == "CN=certreq CMP mock server, O=certreq-test");
    CHECK(scalar(ir, "content.content.requests.[0].template.subject") == "CN=certreq-cmp-test, O=certreq-test");
    CHECK(scalar(ir, "content.header.protectionAlg") == "passwordBasedMac (1.2.840.113533.7.66.13)");
    auto ip = dump_file(dir / "01-ip.der", diags);
    CHECK(scalar(ip, "content.content.caPubs") == "1");
    CHECK(scalar(ip, "content.content.responses.[0].status.status") == "0 (accepted)");
    CHECK(scalar(ip, "content.content.responses.[0].certificate.issuer") == "CN=certreq CMP test CA, O=certreq-test");
    CHECK(scalar(ip, "content.content.responses.[0].certificate.signature.verified") == "yes");  // issuer from caPubs
    auto waiting = dump_file(dir / "04-ip-waiting.der", diags);
    CHECK(scalar(waiting, "content.content.responses.[0].status.status") == "3 (waiting)");
    auto poll = dump_file(dir / "04-pollRep-1.der", diags);
    CHECK(scalar(poll, "content.content.pollRep.[0].checkAfter") == "1");
    auto rej = dump_file(dir / "05-ip-rejection.der", diags);
    CHECK(scalar(rej, "content.content.responses.[0].status.status") == "2 (rejection)");
    CHECK(scalar(rej, "content.content.responses.[0].status.statusString") == "rejected by test policy");
    CHECK(scalar(rej, "content.content.responses.[0].status.failInfo.[0]") == "badRequest");
    auto rr = dump_file(dir / "06-rr.der", diags);
    CHECK(scalar(rr, "content.content.revocations.[0].crlEntryDetails.[0].reason") == "1 (keyCompromise)");
    auto p10 = dump_file(dir / "03-p10cr.der", diags);
    CHECK(scalar(p10, "content.content.request.type") == "certificate request (PKCS#10)");
    CHECK(scalar(p10, "content.content.request.signature.verified") == "yes");
    auto genm = dump_file(dir / "07-genm.der", diags);
    CHECK(get(genm, "content.content.infoTypes")->items.empty());
    CHECK(diags.empty());
}

TEST_CASE("vectors: private key files show algorithm and size, never key material") {
    fs::path dir = fs::path(test::shared_dir()) / "vectors";
    if (!fs::exists(dir / "cmp" / "ee-key.pem")) return;
    for (const char* f : {"cmp/ee-key.pem", "cmp/ca-key.pem", "scep/01-requester-key.pem", "scep/ca-key.pem"}) {
        INFO(f);
        diagnostics diags;
        auto t = dump_file(dir / f, diags);
        CHECK(diags.empty());
        CHECK(scalar(t, "content.type") == "private key");
        CHECK(scalar(t, "content.algorithm") == "rsaEncryption (1.2.840.113549.1.1.1)");
        CHECK(scalar(t, "content.bits") == "2048");
        CHECK(scalar(t, "content.keyMaterial") == "(not shown)");
        std::ostringstream out;
        verbs::render_json(out, t);
        CHECK(out.str().size() < 400);  // nothing but the summary
    }
}

TEST_CASE("vectors: changed content is caught by the messageDigest check") {
    fs::path f = fs::path(test::shared_dir()) / "vectors" / "scep" / "01-pkcsreq-scepclient.der";
    if (!fs::exists(f)) return;
    bytes b = test::read_file(f.string());
    REQUIRE(b.size() == 2518);
    b[1000] ^= 0x01;  // inside the DES ciphertext of the eContent: still well-formed
    verbs::dump_options opt;
    opt.verify = mbed_verifier();
    opt.digest = [](model::hash_algorithm h, byte_view data) { return mbed::hash(h, data); };
    diagnostics diags;
    auto t = verbs::dump_tree_of(b, "tampered", opt, diags);
    CHECK(diags.empty());
    CHECK(scalar(t, "content.signers.[0].messageDigest") == "does not match the content");
    CHECK(scalar(t, "content.signers.[0].verified") == "NO (does not match the content)");
    // Without a digest function the signature alone is reported, with the gap said.
    opt.digest = nullptr;
    t = verbs::dump_tree_of(b, "tampered", opt, diags);
    CHECK(scalar(t, "content.signers.[0].messageDigest") == "not checked (no digest function)");
    CHECK(scalar(t, "content.signers.[0].verified") == "yes");
}
