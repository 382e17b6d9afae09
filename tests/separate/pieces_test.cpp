// Separate compilation, a second TU on certreq.hpp: the pieces one by one
// (inf::read_text, model::lower, a key, x509 DER, mbed::sign), so both TUs
// call the split entry points and a missing or doubled definition fails the link.
#include <doctest/doctest.h>

#include <string_view>
#include <variant>

#include "certreq/certreq.hpp"
#include "csr_check.hpp"

using namespace certreq;

TEST_CASE("separate compilation: INF text -> lowered request -> signed PKCS#10") {
    constexpr std::string_view policy = "[NewRequest]\n"
                                        "Subject = \"CN=device-0001, C=GB\"\n"
                                        "KeyAlgorithm = ECDSA_P256\n"
                                        "HashAlgorithm = SHA384\n"
                                        "[Extensions]\n"
                                        "2.5.29.17 = \"{text}DNS=device-0001.example\"\n";
    auto inf = inf::read_text(policy, "pieces.inf");
    REQUIRE_FALSE(inf.diags.has_errors());
    auto lowered = model::lower(inf.doc, inf.diags);
    REQUIRE(lowered.ok);
    model::request& r = lowered.req;
    CHECK(r.hash == model::hash_algorithm::sha384);
    bool has_san = false;
    for (auto& e : r.extensions) has_san |= e.oid == "2.5.29.17";
    CHECK(has_san);

    auto rng = mbed::system_rng();
    REQUIRE(rng);
    auto key = mbed::private_key::generate(r.key, *rng);
    REQUIRE(key);
    auto spki = key->public_key_der();
    auto bits = key->subject_public_key_bits();
    REQUIRE(spki);
    REQUIRE(bits);
    for (auto& e : r.extensions)  // the default SubjectKeyIdentifier, RFC 5280 method (1)
        if (auto* ski = std::get_if<model::subject_key_identifier>(&e.value); ski && ski->id.empty()) {
            auto h = mbed::sha1(*bits);
            ski->id.assign(h.begin(), h.end());
        }
    auto info = x509::certification_request_info(r.subject, *spki, x509::request_attributes::from_request(r));
    REQUIRE(info);
    auto sig = mbed::sign(*key, r.hash, false, *info);
    REQUIRE(sig);
    bytes der = x509::certification_request(*info, x509::signature_algorithm(key->algorithm(), r.hash), *sig);

    auto c = csr_check::check(der, r.hash);
    REQUIRE(c);
    CHECK(c->subject == "CN=device-0001, C=GB");
    CHECK(c->verifies);
}

TEST_CASE("separate compilation: inf::read decodes UTF-16 and reports its problems") {
    // "[NewRequest]\r\nSubject = CN=a\r\n" in UTF-16LE with a BOM, then an unknown key.
    std::string_view text = "[NewRequest]\r\nSubject = CN=a\r\nNoSuchKey = 1\r\n";
    bytes utf16{0xFF, 0xFE};
    for (char ch : text) utf16.push_back(static_cast<std::uint8_t>(ch)), utf16.push_back(0);
    auto inf = inf::read(utf16, "utf16.inf");
    REQUIRE_FALSE(inf.diags.has_errors());
    const inf::section* nr = inf.doc.find("NewRequest");
    REQUIRE(nr);
    const inf::entry* subject = nr->find("subject");
    REQUIRE(subject);
    CHECK(subject->value.view() == "CN=a");
    auto lowered = model::lower(inf.doc, inf.diags);
    CHECK(lowered.ok);
    CHECK(inf.diags.count(severity::warning) == 1);  // NoSuchKey
}
