// Cross-check with an independent implementation: OpenSSL 3 verifies our
// PKIMessage signatures and opens our envelopes (AES-128/256, 3DES), and our
// code opens an envelope OpenSSL made.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "certreq/os/atomic_file.hpp"
#include "certreq/verbs/scep_client.hpp"
#include "vectors.hpp"

using namespace certreq;
using scep_test::file;

namespace {

struct temp_dir {
    std::string path;
    temp_dir() {
        char tmpl[] = "/tmp/certreq-scep-ossl-XXXXXX";
        path = ::mkdtemp(tmpl) ? tmpl : "";
    }
    ~temp_dir() { std::system(("rm -rf '" + path + "'").c_str()); }
    std::string put(const std::string& name, byte_view data) const {
        std::string p = path + "/" + name;
        (void)os::write_file_atomic(p, data, 0600, true);
        return p;
    }
};

bool have_openssl() { return std::system("openssl version >/dev/null 2>&1") == 0; }

int sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

}  // namespace

TEST_CASE("openssl cms verifies our PKIMessage and decrypts its envelope with the CA key") {
    if (!have_openssl()) {
        MESSAGE("openssl not installed: cross-check skipped");
        return;
    }
    temp_dir t;
    REQUIRE(!t.path.empty());
    auto rng = mbed::system_rng();
    auto key = scep_test::key("02-requester-key.pem");
    bytes csr = file("02-pkcsreq-csr.der");
    std::string ca_pem = scep_test::vector_path("ca.pem"), ca_key = scep_test::vector_path("ca-key.pem");
    for (auto cipher : {mbed::content_cipher::aes128_cbc, mbed::content_cipher::aes256_cbc, mbed::content_cipher::des3_cbc}) {
        for (auto digest : {model::hash_algorithm::sha1, model::hash_algorithm::sha256, model::hash_algorithm::sha512}) {
            CAPTURE(mbed::info(cipher).name);
            CAPTURE(int(digest));
            bytes signer = *scep::self_signed_signer_for(key, {}, digest, 1800000000, *rng);
            scep::message_fields f;
            f.transaction_id = "ABC123";
            f.sender_nonce = bytes(16, 7);
            f.digest = digest;
            f.cipher = cipher;
            f.message_data = csr;
            f.recipients = {file("ca.der")};
            f.signer_cert = signer;
            f.signer_key = &key;
            auto msg = scep::build_pki_message(f, *rng);
            REQUIRE(msg);
            std::string in = t.put("msg.der", *msg), env = t.path + "/env.der", out = t.path + "/csr.der";
            CHECK(sh("openssl cms -verify -noverify -inform DER -binary -in " + in + " -out " + env) == 0);
            CHECK(sh("openssl cms -decrypt -inform DER -binary -in " + env + " -recip " + ca_pem + " -inkey " + ca_key + " -out " + out) == 0);
            auto got = os::read_file(out);
            REQUIRE(got);
            CHECK(*got == csr);
        }
    }
}

TEST_CASE("we open an envelope that openssl cms -encrypt made (AES-256 and 3DES)") {
    if (!have_openssl()) {
        MESSAGE("openssl not installed: cross-check skipped");
        return;
    }
    temp_dir t;
    bytes plain = file("02-pkcsreq-csr.der");
    std::string in = t.put("plain.der", plain);
    for (std::string c : {"aes256", "des3"}) {
        std::string env = t.path + "/env-" + c + ".der";
        REQUIRE(sh("openssl cms -encrypt -binary -outform DER -" + c + " -in " + in + " -out " + env + " " +
                   scep_test::vector_path("ca.pem")) == 0);
        auto der = os::read_file(env);
        REQUIRE(der);
        auto opened = cms::open(*der, file("ca.der"), scep_test::key("ca-key.pem"));
        REQUIRE_MESSAGE(opened, (opened ? "" : opened.err().message));
        CHECK(opened->content == plain);
        CHECK(opened->cipher == (c == "des3" ? mbed::content_cipher::des3_cbc : mbed::content_cipher::aes256_cbc));
        // Not for us: another certificate does not find a RecipientInfo.
        auto other = cms::open(*der, file("06-ca-with-digitalSignature.pem"), scep_test::key("06-ca-key.pem"));
        REQUIRE(!other);
        CHECK(other.err().message == "EnvelopedData: no RecipientInfo for our certificate (1 recipient(s))");
    }
    // Neither a ContentInfo nor a bare EnvelopedData: decode()'s error, the type named once.
    auto not_env = cms::open(plain, file("ca.der"), scep_test::key("ca-key.pem"));
    REQUIRE(!not_env);
    CHECK(not_env.err().message == "EnvelopedData: does not match the ASN.1 type: unexpected tag (element 'version')");
    CHECK(not_env.err().offset == 0);
}
