// bench/library_bench.cpp: Google Benchmark for the library, each step beside
// the same work done by mbedTLS's own writer and by OpenSSL's X509_REQ API.
//
//   inf_read/corpus            INF parse throughput over the real INF corpus (tests/data) (MB/s)
//   pipeline/webserver         INF text -> document -> model -> DER body (no signature)
//   pipeline/corpus/<file>     the same for every corpus file that lowers (median: RESULTS.md)
//   subject/*, extensions/*    Name and Extensions encoding
//   cri/*                      the CertificationRequestInfo (the bytes that are signed)
//   csr_sign/*/{p256,rsa2048}  request body + signature + CertificationRequest
//   der_no_alloc/*             DER primitives into a fixed span; fails if the
//                              counting operator new below sees any allocation
#include <benchmark/benchmark.h>
#include <mbedtls/version.h>  // first: 3.x's build_info.h or 2.28's config.h

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_csr.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "certreq/der/der.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/csr.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/x509/name.hpp"
#include "alloc_counter.hpp"
#include "common.hpp"

namespace {

using namespace certreq;

// --- fixtures --------------------------------------------------------------

struct corpus_file {
    std::string name;
    std::string bytes;
};

const std::vector<corpus_file>& corpus() {
    static const std::vector<corpus_file> files = [] {
        std::vector<corpus_file> out;
        const char* data = std::getenv("CERTREQ_TEST_DATA");
        std::filesystem::path root = (data && *data ? std::string(data) : std::string(CERTREQ_BENCH_SOURCE_ROOT) + "/tests/data") + "/corpus";
        for (const char* dir : {"inf-wild", "capolicy-wild"}) {
            std::error_code ec;
            for (auto& e : std::filesystem::directory_iterator(root / dir, ec))
                if (e.is_regular_file()) out.push_back({std::string(dir) + "/" + e.path().filename().string(), bench::slurp(e.path())});
        }
        std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
        return out;
    }();
    return files;
}

struct loaded_key {
    std::string pem;
    mbed::private_key key;
    bytes spki, bits;
};

loaded_key load_key(std::string_view name) {
    std::string pem = bench::key_pem(name);
    auto k = mbed::private_key::load(as_bytes(pem));
    if (!k) {
        std::fprintf(stderr, "cannot load tests/mbed/data/%.*s.pkcs8.pem\n", int(name.size()), name.data());
        std::exit(2);
    }
    bytes spki = *k->public_key_der(), bits = *k->subject_public_key_bits();
    return loaded_key{std::move(pem), std::move(*k), std::move(spki), std::move(bits)};
}

loaded_key& key(std::string_view name) {
    static loaded_key p256 = load_key("p256");
    static loaded_key rsa = load_key("rsa2048");
    return name == "p256" ? p256 : rsa;
}

verbs::host_identity bench_host() {
    verbs::host_identity h;  // the rest (process, CERTREQ_SUBJECT_* values) keeps its defaults
    h.machine = "bench.example.com";
    h.user = "bench\\user";
    h.os_version = "10.0.19045.2";
    return h;
}

// lowered: the typical request after parse + lowering, SKI filled, defaults set.
struct lowered {
    inf::read_result inf;
    model::request req;
    bool ok = false;
};

lowered lower_text(std::string_view text, byte_view key_bits) {
    lowered out;
    out.inf = inf::read(as_bytes(text), "bench.inf");
    if (out.inf.diags.has_errors()) return out;
    auto l = model::lower(out.inf.doc, out.inf.diags);
    if (!l.ok) return out;
    out.req = std::move(l.req);
    verbs::detail::fill_key_identifiers(out.req, key_bits);
    auto host = bench_host();
    out.req.defaults.machine = host.machine;
    out.req.defaults.user = host.user;
    out.req.defaults.os_version = host.os_version;
    out.ok = true;
    return out;
}

const lowered& typical() {
    static const lowered l = lower_text(bench::webserver_inf, key("p256").bits);
    return l;
}

// --- INF parsing -----------------------------------------------------------

void BM_inf_read_corpus(benchmark::State& state) {
    std::size_t total = 0;
    for (auto& f : corpus()) total += f.bytes.size();
    for (auto _ : state)
        for (auto& f : corpus()) {
            auto r = inf::read(as_bytes(f.bytes), f.name);
            benchmark::DoNotOptimize(r.doc.sections.data());
        }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total));
    state.counters["files"] = static_cast<double>(corpus().size());
}
BENCHMARK(BM_inf_read_corpus)->Name("inf_read/corpus");

// --- parse + lower + DER (no signature) --------------------------------------

bool pipeline_once(std::string_view text, byte_view spki, byte_view bits) {
    auto l = lower_text(text, bits);
    if (!l.ok) return false;
    auto attrs = x509::request_attributes::from_request(l.req);
    auto info = x509::certification_request_info(l.req.subject, spki, attrs);
    benchmark::DoNotOptimize(info);
    return info.has_value();
}

void BM_pipeline(benchmark::State& state, std::string text) {
    auto& k = key("p256");
    if (!pipeline_once(text, k.spki, k.bits)) {
        state.SkipWithError("does not lower");
        return;
    }
    std::size_t before = bench::allocations();
    for (auto _ : state) pipeline_once(text, k.spki, k.bits);
    state.counters["allocs"] = benchmark::Counter(static_cast<double>(bench::allocations() - before),
                                                  benchmark::Counter::kAvgIterations);
}

// --- Subject -----------------------------------------------------------------

void BM_subject_certreq(benchmark::State& state) {
    const auto& r = typical().req;
    for (auto _ : state) benchmark::DoNotOptimize(x509::encode_name(r.subject));
}
BENCHMARK(BM_subject_certreq)->Name("subject/certreq");

// 3.x made mbedtls_x509_write_names and the extension writers internal
// (library/x509_internal.h): the two mbedtls rows below are 2.28 only.
#if MBEDTLS_VERSION_NUMBER < 0x03000000
void BM_subject_mbedtls(benchmark::State& state) {
    unsigned char buf[512];
    for (auto _ : state) {
        mbedtls_asn1_named_data* head = nullptr;
        if (mbedtls_x509_string_to_names(&head, bench::subject_dn) != 0) state.SkipWithError("string_to_names");
        unsigned char* p = buf + sizeof buf;
        benchmark::DoNotOptimize(mbedtls_x509_write_names(&p, buf, head));
        mbedtls_asn1_free_named_data_list(&head);
    }
}
BENCHMARK(BM_subject_mbedtls)->Name("subject/mbedtls");
#endif

X509_NAME* openssl_name() {
    X509_NAME* n = X509_NAME_new();
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("www.example.com"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Example Ltd"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("GB"), -1, -1, 0);
    return n;
}

void BM_subject_openssl(benchmark::State& state) {
    for (auto _ : state) {
        X509_NAME* n = openssl_name();
        unsigned char* der = nullptr;
        benchmark::DoNotOptimize(i2d_X509_NAME(n, &der));
        OPENSSL_free(der);
        X509_NAME_free(n);
    }
}
BENCHMARK(BM_subject_openssl)->Name("subject/openssl");

// --- Extensions ----------------------------------------------------------------

void BM_extensions_certreq(benchmark::State& state) {
    const auto& r = typical().req;
    for (auto _ : state) benchmark::DoNotOptimize(der::encode(x509::extensions(r.extensions)));
}
BENCHMARK(BM_extensions_certreq)->Name("extensions/certreq");

// mbedTLS 2.28 has no SAN/EKU encoder: it gets the extnValue DER pre-encoded
// (so it does less work than the others here).
#if MBEDTLS_VERSION_NUMBER < 0x03000000
void BM_extensions_mbedtls(benchmark::State& state) {
    static constexpr unsigned char ku[] = {0x03, 0x02, 0x07, 0x80};
    auto& ski = typical();
    (void)ski;
    unsigned char buf[512];
    for (auto _ : state) {
        mbedtls_asn1_named_data* head = nullptr;
        mbedtls_x509_set_extension(&head, MBEDTLS_OID_SUBJECT_ALT_NAME, MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0,
                                   bench::san_der, sizeof bench::san_der);
        mbedtls_x509_set_extension(&head, MBEDTLS_OID_EXTENDED_KEY_USAGE, MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), 0,
                                   bench::eku_der, sizeof bench::eku_der);
        mbedtls_x509_set_extension(&head, MBEDTLS_OID_KEY_USAGE, MBEDTLS_OID_SIZE(MBEDTLS_OID_KEY_USAGE), 1, ku, sizeof ku);
        unsigned char* p = buf + sizeof buf;
        benchmark::DoNotOptimize(mbedtls_x509_write_extensions(&p, buf, head));
        mbedtls_asn1_free_named_data_list(&head);
    }
}
BENCHMARK(BM_extensions_mbedtls)->Name("extensions/mbedtls");
#endif

STACK_OF(X509_EXTENSION)* openssl_extensions() {
    STACK_OF(X509_EXTENSION)* sk = sk_X509_EXTENSION_new_null();
    sk_X509_EXTENSION_push(sk, X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                                   "DNS:www.example.com,DNS:example.com,IP:192.0.2.10"));
    sk_X509_EXTENSION_push(sk, X509V3_EXT_conf_nid(nullptr, nullptr, NID_ext_key_usage, "serverAuth"));
    sk_X509_EXTENSION_push(sk, X509V3_EXT_conf_nid(nullptr, nullptr, NID_key_usage, "critical,digitalSignature"));
    return sk;
}

void BM_extensions_openssl(benchmark::State& state) {
    for (auto _ : state) {
        STACK_OF(X509_EXTENSION)* sk = openssl_extensions();
        unsigned char* der = nullptr;
        benchmark::DoNotOptimize(i2d_X509_EXTENSIONS(sk, &der));
        OPENSSL_free(der);
        sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free);
    }
}
BENCHMARK(BM_extensions_openssl)->Name("extensions/openssl");

// --- CertificationRequestInfo ----------------------------------------------------

void BM_cri_certreq(benchmark::State& state) {
    const auto& r = typical().req;
    auto& k = key("p256");
    for (auto _ : state) {
        auto attrs = x509::request_attributes::from_request(r);
        benchmark::DoNotOptimize(x509::certification_request_info(r.subject, k.spki, attrs));
    }
}
BENCHMARK(BM_cri_certreq)->Name("cri/certreq");

EVP_PKEY* openssl_key(std::string_view name) {
    auto& k = key(name);
    BIO* b = BIO_new_mem_buf(k.pem.data(), static_cast<int>(k.pem.size()));
    EVP_PKEY* pk = PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr);
    BIO_free(b);
    return pk;
}

X509_REQ* openssl_req(EVP_PKEY* pk) {
    X509_REQ* req = X509_REQ_new();
    X509_REQ_set_version(req, 0);
    X509_NAME* n = openssl_name();
    X509_REQ_set_subject_name(req, n);
    X509_NAME_free(n);
    X509_REQ_set_pubkey(req, pk);
    STACK_OF(X509_EXTENSION)* sk = openssl_extensions();
    X509_REQ_add_extensions(req, sk);
    sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free);
    return req;
}

void BM_cri_openssl(benchmark::State& state) {
    EVP_PKEY* pk = openssl_key("p256");
    for (auto _ : state) {
        X509_REQ* req = openssl_req(pk);
        unsigned char* der = nullptr;
        benchmark::DoNotOptimize(i2d_re_X509_REQ_tbs(req, &der));
        OPENSSL_free(der);
        X509_REQ_free(req);
    }
    EVP_PKEY_free(pk);
}
BENCHMARK(BM_cri_openssl)->Name("cri/openssl");

// --- CSR build + sign --------------------------------------------------------------

void BM_csr_sign_certreq(benchmark::State& state, std::string_view name) {
    const auto& r = typical().req;
    auto& k = key(name);
    bytes alg = x509::signature_algorithm(k.key.algorithm(), r.hash, false);
    for (auto _ : state) {
        auto attrs = x509::request_attributes::from_request(r);
        auto info = x509::certification_request_info(r.subject, k.spki, attrs);
        auto sig = mbed::sign(k.key, r.hash, false, *info);
        if (!sig) state.SkipWithError("sign failed");
        benchmark::DoNotOptimize(x509::certification_request(*info, alg, *sig));
    }
}

// mbedTLS's own writer, with the same extensions (pre-encoded) and its own PRNG.
void BM_csr_sign_mbedtls(benchmark::State& state, std::string_view name) {
    auto& k = key(name);
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_ctr_drbg_seed(&drbg, mbed::detail::getrandom_entropy, nullptr, nullptr, 0);
    unsigned char buf[4096];
    for (auto _ : state) {
        mbedtls_x509write_csr w;
        mbedtls_x509write_csr_init(&w);
        mbedtls_x509write_csr_set_key(&w, k.key.native());
        mbedtls_x509write_csr_set_md_alg(&w, MBEDTLS_MD_SHA256);
        mbedtls_x509write_csr_set_subject_name(&w, bench::subject_dn);
        mbedtls_x509write_csr_set_key_usage(&w, MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
        mbedtls_x509write_csr_set_extension(&w, MBEDTLS_OID_SUBJECT_ALT_NAME, MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME),
                                            bench::san_der, sizeof bench::san_der);
        mbedtls_x509write_csr_set_extension(&w, MBEDTLS_OID_EXTENDED_KEY_USAGE,
                                            MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), bench::eku_der,
                                            sizeof bench::eku_der);
        if (mbedtls_x509write_csr_der(&w, buf, sizeof buf, mbedtls_ctr_drbg_random, &drbg) <= 0) state.SkipWithError("csr_der");
        mbedtls_x509write_csr_free(&w);
    }
    mbedtls_ctr_drbg_free(&drbg);
}

void BM_csr_sign_openssl(benchmark::State& state, std::string_view name) {
    EVP_PKEY* pk = openssl_key(name);
    for (auto _ : state) {
        X509_REQ* req = openssl_req(pk);
        if (X509_REQ_sign(req, pk, EVP_sha256()) <= 0) state.SkipWithError("X509_REQ_sign");
        unsigned char* der = nullptr;
        benchmark::DoNotOptimize(i2d_X509_REQ(req, &der));
        OPENSSL_free(der);
        X509_REQ_free(req);
    }
    EVP_PKEY_free(pk);
}

BENCHMARK_CAPTURE(BM_csr_sign_certreq, p256, "p256")->Name("csr_sign/certreq/p256");
BENCHMARK_CAPTURE(BM_csr_sign_mbedtls, p256, "p256")->Name("csr_sign/mbedtls/p256");
BENCHMARK_CAPTURE(BM_csr_sign_openssl, p256, "p256")->Name("csr_sign/openssl/p256");
BENCHMARK_CAPTURE(BM_csr_sign_certreq, rsa2048, "rsa2048")->Name("csr_sign/certreq/rsa2048");
BENCHMARK_CAPTURE(BM_csr_sign_mbedtls, rsa2048, "rsa2048")->Name("csr_sign/mbedtls/rsa2048");
BENCHMARK_CAPTURE(BM_csr_sign_openssl, rsa2048, "rsa2048")->Name("csr_sign/openssl/rsa2048");

// --- no heap allocation in the DER primitives --------------------------------------

void BM_der_no_alloc_primitives(benchmark::State& state) {
    static constexpr std::uint8_t serial[] = {0x10, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    static constexpr std::uint8_t bits[] = {0x04, 0x01, 0x02, 0x03, 0x04};
    std::array<std::uint8_t, 512> buf{};
    std::size_t before = bench::allocations();
    for (auto _ : state) {
        auto v = der::sequence(der::integer(2), der::integer(byte_view(serial)), der::oid_dotted("1.2.840.10045.4.3.2"),
                               der::set_of(der::utf8_string(std::string_view("www.example.com")),
                                           der::printable_string(std::string_view("GB"))),
                               der::bmp_string("Example Ltd"), der::time(1764000000), der::time::generalized(4102444800),
                               der::boolean(true), der::null(), der::octet_string(byte_view(bits)),
                               der::bit_string(byte_view(bits)),
                               der::explicit_tag<0>(der::ia5_string(std::string_view("example.com"))));
        benchmark::DoNotOptimize(der::encode_into(buf, v));
        benchmark::ClobberMemory();
    }
    std::size_t n = bench::allocations() - before;
    state.counters["allocs"] = static_cast<double>(n);
    if (n != 0) state.SkipWithError("the DER primitives allocated");
}
BENCHMARK(BM_der_no_alloc_primitives)->Name("der_no_alloc/primitives");

// The Subject of the typical request through the same writer into a fixed span.
void BM_der_no_alloc_name(benchmark::State& state) {
    const auto& r = typical().req;
    std::array<std::uint8_t, 512> buf{};
    std::size_t before = bench::allocations();
    for (auto _ : state) {
        benchmark::DoNotOptimize(der::encode_into(buf, x509::name_value(r.subject)));
        benchmark::ClobberMemory();
    }
    std::size_t n = bench::allocations() - before;
    state.counters["allocs"] = static_cast<double>(n);
    if (n != 0) state.SkipWithError("encoding a Name allocated");
}
BENCHMARK(BM_der_no_alloc_name)->Name("der_no_alloc/name");

void register_pipelines() {
    benchmark::RegisterBenchmark("pipeline/webserver", BM_pipeline, std::string(bench::webserver_inf));
    auto& k = key("p256");
    for (auto& f : corpus())
        if (f.name.starts_with("inf-wild/") && pipeline_once(f.bytes, k.spki, k.bits))
            benchmark::RegisterBenchmark(("pipeline/corpus/" + f.name.substr(9)).c_str(), BM_pipeline, f.bytes);
}

}  // namespace

int main(int argc, char** argv) {
    register_pipelines();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
