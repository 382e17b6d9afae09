// The typed read views (asn1/views.hpp, cms_views.hpp, cmc_views.hpp,
// extension_views.hpp) on real messages: scepclient 2.1.0's PKCSReq and its
// envelope (tests/data/vectors/scep; offsets as `openssl asn1parse` prints
// them in the .txt beside each), and values built here byte by byte.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "certreq/asn1/cmc_views.hpp"
#include "certreq/asn1/cmp_views.hpp"
#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/extension_views.hpp"
#include "certreq/asn1/views.hpp"
#include "test_util.hpp"

using namespace certreq;

namespace {
bytes vector_bytes(const std::string& name, const char* dir = "scep") {
    return test::read_file(test::shared_dir() + "/vectors/" + dir + "/" + name);
}
std::string content_text(const asn1::tlv& t) { return std::string(as_chars(t.content)); }
bytes joined(std::initializer_list<bytes> parts) {
    bytes out;
    for (const bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
}  // namespace

TEST_CASE("content_info + signed_data_view: scepclient's PKCSReq, field by field") {
    bytes der = vector_bytes("01-pkcsreq-scepclient.der");
    REQUIRE(der.size() == 2518);
    auto ci = asn1::read_content_info(der);
    REQUIRE(ci);
    CHECK(ci->type == "1.2.840.113549.1.7.2");
    REQUIRE(ci->content);
    CHECK(ci->content->offset == 19);
    auto sd = asn1::read_signed_data_view(ci->content->whole, ci->content->offset);
    REQUIRE(sd);
    CHECK(sd->version() == 1);
    CHECK(sd->content_type() == "1.2.840.113549.1.7.1");
    REQUIRE(sd->content_wrapper());
    CHECK(sd->content_wrapper()->offset == 52);
    REQUIRE(sd->content());
    CHECK(sd->content()->offset == 56);
    CHECK(sd->content()->content.size() == 1101);
    auto digests = sd->digest_algorithms();
    REQUIRE(digests.size() == 1);
    CHECK(digests[0].offset == 28);
    CHECK(sd->digest_algorithm_oid(1) == "1.3.14.3.2.26");
    auto certs = sd->certificates();
    REQUIRE(certs.size() == 1);
    CHECK(certs[0].offset == 1165);
    CHECK(sd->crls().empty());
    REQUIRE(sd->signer_count() == 1);
    CHECK_FALSE(sd->signer_at(2));

    auto s = sd->signer_at(1);
    REQUIRE(s);
    CHECK(s->whole.offset == 1966);
    CHECK(s->version == 1);
    CHECK_FALSE(s->by_key_id);
    CHECK_FALSE(s->key_id);
    REQUIRE(s->issuer);
    CHECK(s->issuer->offset == 1975);
    REQUIRE(s->serial);
    CHECK(asn1::hex(*s->serial) == "0D90816EDBAF25ED1AE0DCAF2C3EB705");
    CHECK(s->digest_oid == "1.3.14.3.2.26");
    REQUIRE(s->signed_attrs);
    CHECK(s->signed_attrs->offset == 2049);
    REQUIRE(s->attributes.size() == 6);
    const char* types[] = {"2.16.840.1.113733.1.9.2", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.5",
                           "2.16.840.1.113733.1.9.5", "1.2.840.113549.1.9.4", "2.16.840.1.113733.1.9.7"};
    for (std::size_t i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(s->attributes[i].type == types[i]);
        CHECK(s->attributes[i].value_count() == 1);
        REQUIRE(s->attributes[i].first());
        REQUIRE(s->attributes[i].whole);
    }
    CHECK(content_text(*s->attributes[0].first()) == "19");
    CHECK(s->attributes[0].whole->offset == 2052);
    CHECK(asn1::hex(s->attributes[4].first()->content) == "4C80252972C69429341E59D8991D8344C761598F");
    CHECK(content_text(*s->attributes[5].first()) == "3XBw8Am6tYKOfgPWOWyiSwDKvPo=");
    CHECK(s->signature_algorithm_oid == "1.2.840.113549.1.1.5");
    REQUIRE(s->signature_algorithm);
    CHECK(s->signature_algorithm->offset == 2245);
    REQUIRE(s->signature);
    CHECK(s->signature->offset == 2258);
    CHECK(s->signature->content.size() == 256);
    CHECK_FALSE(s->unsigned_attrs);
}

TEST_CASE("enveloped_data_view: the PKCSReq's envelope (DES-CBC, one key-transport recipient)") {
    bytes der = vector_bytes("01-pkcsreq-envelope.der");
    auto ci = asn1::read_content_info(der);
    REQUIRE(ci);
    CHECK(ci->type == "1.2.840.113549.1.7.3");
    REQUIRE(ci->content);
    auto env = asn1::read_enveloped_data_view(ci->content->whole, ci->content->offset);
    REQUIRE(env);
    REQUIRE(env->recipient_count() == 1);
    auto r = env->key_transport_at(1);
    REQUIRE(r);
    CHECK(r->by_issuer_serial);
    REQUIRE(r->issuer);
    REQUIRE(r->serial);
    CHECK(asn1::hex(*r->serial) == "01");
    CHECK(r->key_encryption_oid == "1.2.840.113549.1.1.1");
    REQUIRE(r->encrypted_key);
    CHECK(r->encrypted_key->offset == 111);
    CHECK(r->encrypted_key->content.size() == 256);
    CHECK_FALSE(env->key_transport_at(2));
    CHECK(env->content_encryption_oid() == "1.3.14.3.2.7");
    REQUIRE(env->content_encryption_oid_tlv());
    CHECK(env->content_encryption_oid_tlv()->offset == 388);
    REQUIRE(env->content_encryption_parameters());
    CHECK(asn1::hex(env->content_encryption_parameters()->content) == "5A78EF23B6D5C5E2");
    auto ec = env->encrypted_content();
    REQUIRE(ec);
    CHECK(ec->offset == 405);
    CHECK(ec->constructed);  // the BER-style segments scepclient sends
}

TEST_CASE("the CMS views refuse what is not their type, with decode()'s error") {
    bytes der = vector_bytes("01-pkcsreq-envelope.der");
    auto sd = asn1::read_signed_data_view(der);
    REQUIRE_FALSE(sd);
    CHECK(sd.err().message.rfind("SignedData: ", 0) == 0);
    CHECK(sd.err().offset == 0);
    bytes csr = test::sample_csr();
    auto ci = asn1::read_content_info(csr, 7);
    REQUIRE_FALSE(ci);
    CHECK(ci.err().message.rfind("ContentInfo: ", 0) == 0);
    CHECK(ci.err().offset == 7);
    CHECK_FALSE(asn1::read_enveloped_data_view(csr));
}

TEST_CASE("read_attribute: one Attribute on its own; an empty SET OF values") {
    // Attribute { contentType, SET { id-data } }
    bytes one = test::from_hex("3018" "06092a864886f70d010903" "310b" "06092a864886f70d010701");
    auto a = asn1::read_attribute(one);
    REQUIRE(a);
    CHECK(a->type == "1.2.840.113549.1.9.3");
    CHECK(a->value_count() == 1);
    REQUIRE(a->first());
    CHECK(a->first()->offset == 15);
    REQUIRE(a->whole);
    CHECK(a->whole->whole.size() == one.size());
    bytes none = test::from_hex("300d" "06092a864886f70d010903" "3100");
    auto b = asn1::read_attribute(none);
    REQUIRE(b);
    CHECK(b->value_count() == 0);
    CHECK_FALSE(b->first());
}

TEST_CASE("cmc views: PKIData with a status-less control and one tcr; CMCStatusInfoV2; AddExtensions") {
    // PKIData { controlSequence { TaggedAttribute { 1, id-cmc-regInfo, SET { OCTET STRING "a=b" } } },
    //           reqSequence { tcr [0] { bodyPartID 2, <sample CSR> } }, cmsSequence {}, otherMsgSequence {} }
    bytes csr = test::sample_csr();
    bytes control = test::from_hex("3014" "020101" "06082b06010505070712" "3105" "0403613d62");
    bytes tcr = test::tlv(0xA0, joined({test::from_hex("020102"), csr}));
    bytes pki_data = test::tlv(0x30, joined({test::tlv(0x30, control), test::tlv(0x30, tcr), test::from_hex("3000" "3000")}));
    auto p = asn1::read_pki_data(pki_data);
    REQUIRE(p);
    auto controls = p->controls();
    REQUIRE(controls.size() == 1);
    CHECK(controls[0].body_part_id == 1);
    CHECK(controls[0].type == "1.3.6.1.5.5.7.7.18");
    REQUIRE(controls[0].values.size() == 1);
    CHECK(content_text(asn1::parse_one(controls[0].values[0].whole).value()) == "a=b");
    CHECK(p->request_count() == 1);
    CHECK(p->request_kind(1) == "tcr");
    CHECK(p->tcr_body_part_id(1) == 2);
    auto req = p->tcr_request(1);
    REQUIRE(req);
    CHECK(same_bytes(req->whole, csr));
    CHECK(asn1::read_csr(req->whole, req->offset));
    CHECK_FALSE(p->request_kind(2));
    REQUIRE(p->request_element(1));
    CHECK(p->request_element(1)->offset == 30);  // 3 (PKIData) + 24 (controlSequence) + 3 (reqSequence)
    CHECK(p->content_count() == 0);
    CHECK(p->other_message_count() == 0);
    CHECK_FALSE(asn1::read_pki_response(pki_data));  // a PKIData has a reqSequence a PKIResponse lacks

    // CMCStatusInfoV2 { failed (2), bodyList { 1 }, statusString "no", failInfo badRequest (2) }
    bytes status = test::from_hex("300f" "020102" "3003" "020101" "0c026e6f" "020102");
    auto st = asn1::read_status_info(status);  // owned values but for the pend token
    REQUIRE(st);
    CHECK(st->status == 2);
    REQUIRE(st->body_list.size() == 1);
    CHECK(st->body_list[0] == 1);
    CHECK(st->status_string == "no");
    CHECK(st->fail_info == 2);
    CHECK(st->other_info == "failInfo");
    CHECK_FALSE(st->pend_token);

    // AddExtensions { pkiDataReference 0, certReferences {}, extensions { keyUsage critical digitalSignature } }
    bytes ku = test::from_hex("300e" "0603551d0f" "0101ff" "0404" "03020780");
    bytes add = test::tlv(0x30, joined({test::from_hex("020100" "3000"), test::tlv(0x30, ku)}));
    auto exts = asn1::read_add_extensions(add);
    REQUIRE(exts);
    CHECK(exts->pki_data_reference == 0);
    CHECK(exts->cert_references.empty());
    REQUIRE(exts->list);
    CHECK(exts->list->offset == 7);
    REQUIRE(exts->extensions.size() == 1);
    CHECK(same_bytes(exts->extensions[0].whole, ku));
    CHECK_FALSE(asn1::read_cmc_attributes(ku));
}

TEST_CASE("extension views: basicConstraints, template id and name, GeneralNames, one Extension, an Extensions list, an SPKI") {
    auto bc = asn1::read_basic_constraints(test::from_hex("30060101ff020100"));
    REQUIRE(bc);
    CHECK(bc->ca);
    CHECK(bc->path_length == 0);
    auto leaf = asn1::read_basic_constraints(test::from_hex("3000"));
    REQUIRE(leaf);
    CHECK_FALSE(leaf->ca);
    CHECK_FALSE(leaf->path_length);
    CHECK_FALSE(asn1::read_basic_constraints(test::from_hex("0500")));

    // CertificateTemplate { 1.3.6.1.4.1.311.21.8.1, 100, 4 }
    auto id = asn1::read_template_id(test::from_hex("3012" "060a2b060104018237150801" "020164" "020104"));
    REQUIRE(id);
    CHECK(*id == "1.3.6.1.4.1.311.21.8.1");
    CHECK_FALSE(asn1::read_template_id(test::from_hex("3003" "020164")));
    auto name = asn1::read_template_name(test::from_hex("1e0a00570065006200300031"));  // BMPString "Web01"
    REQUIRE(name);
    CHECK(*name == "Web01");

    // GeneralNames { dNSName "a.example", rfc822Name "x@y", iPAddress 10.0.0.1 }
    bytes gn = test::from_hex("3016" "8209612e6578616d706c65" "8103784079" "87040a000001");
    auto names = asn1::read_general_names(gn);
    REQUIRE(names);
    REQUIRE(names->size() == 3);
    CHECK((*names)[0].kind == "dNSName");
    CHECK((*names)[0].text == "a.example");
    CHECK((*names)[1].kind == "rfc822Name");
    CHECK((*names)[1].text == "x@y");
    CHECK((*names)[2].kind == "iPAddress");

    bytes ku = test::from_hex("300e" "0603551d0f" "0101ff" "0404" "03020780");
    auto e = asn1::read_extension(ku);
    REQUIRE(e);
    CHECK(e->oid == "2.5.29.15");
    CHECK(e->critical);
    CHECK(asn1::hex(e->value.content) == "03020780");
    bytes ski = test::from_hex("301d" "0603551d0e" "0416" "0414" "0102030405060708090a0b0c0d0e0f1011121314");
    bytes both = test::tlv(0x30, joined({ku, ski}));
    auto list = asn1::read_extensions(both);
    REQUIRE(list);
    CHECK(list->count() == 2);
    REQUIRE(list->at(2));
    CHECK(list->at(2)->oid == "2.5.29.14");
    CHECK_FALSE(list->at(2)->critical);
    CHECK_FALSE(list->at(3));
    auto inner = list->extension("2.5.29.14");
    REQUIRE(inner);
    CHECK(inner->content.size() == 20);
    CHECK_FALSE(list->extension("2.5.29.17"));

    bytes csr_der = test::sample_csr();
    auto csr = asn1::read_csr(csr_der);
    REQUIRE(csr);
    auto spki = asn1::read_public_key_info(csr->spki()->whole);
    REQUIRE(spki);
    CHECK(spki->algorithm == "1.2.840.10045.2.1");
    REQUIRE(spki->parameters);
    CHECK(asn1::hex(spki->parameters->content) == "2A8648CE3D030107");
    REQUIRE(spki->key);
    CHECK(spki->key->bytes.size() == 65);
}

TEST_CASE("cmp_message_view: the mock server's ip (PBM-protected, one response, caPubs)") {
    bytes der = vector_bytes("01-ip.der", "cmp");
    REQUIRE(der.size() == 2090);
    auto m = asn1::read_cmp_message(der);
    REQUIRE(m);
    CHECK(m->body_kind() == "ip");
    auto h = m->header();
    REQUIRE(h.whole);
    CHECK(h.whole->offset == 4);
    CHECK(h.pvno == 2);
    REQUIRE(h.sender);
    CHECK(h.sender->offset == 11);
    REQUIRE(h.recipient);
    CHECK(h.recipient->offset == 72);
    REQUIRE(h.message_time);
    CHECK(asn1::time_text(*h.message_time) == "2026-11-24 14:11:02 UTC");
    CHECK(h.protection_algorithm == "1.2.840.113533.7.66.13");
    REQUIRE(h.protection_alg);
    CHECK(h.protection_alg->offset == 147);
    REQUIRE(h.sender_kid);
    CHECK(content_text(*h.sender_kid) == "certreq-srv");
    CHECK_FALSE(h.recip_kid);
    REQUIRE(h.transaction_id);
    CHECK(asn1::hex(h.transaction_id->content) == "65D2EF3BFA4099077DECBD141BF2457A");
    REQUIRE(h.recip_nonce);
    CHECK(asn1::hex(h.recip_nonce->content) == "12D0BA4FB594D1122F629A2E1F7434B8");
    CHECK_FALSE(h.free_text_value);

    auto ca = m->ca_pubs();
    REQUIRE(ca.size() == 1);
    CHECK(ca[0].offset == 300);  // inside [1] (292) and its SEQUENCE OF (296)
    auto rs = m->responses();
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].cert_req_id == 0);
    CHECK(rs[0].status.status == 0);
    CHECK_FALSE(rs[0].status.status_string);
    CHECK_FALSE(rs[0].status.fail_info);
    CHECK(rs[0].has_cert_or_enc_cert);
    REQUIRE(rs[0].certificate);
    CHECK(rs[0].certificate->offset == 1187);
    auto leaf = asn1::read_certificate(rs[0].certificate->whole, rs[0].certificate->offset);
    REQUIRE(leaf);
    CHECK(asn1::hex(leaf->serial().value()) == "69729FEBDDF81FD603241BE26BB712CCFB35EA88");
    CHECK(m->extra_certificates().empty());
    CHECK(m->requests().empty());  // an ip's body is no request list
    REQUIRE(m->protection());
    CHECK(m->protection()->offset == 2067);
}

TEST_CASE("read_key_purposes: an EKU list in order") {
    // { serverAuth, clientAuth }
    bytes eku = test::from_hex("3014" "06082b06010505070301" "06082b06010505070302");
    auto p = asn1::read_key_purposes(eku);
    REQUIRE(p);
    REQUIRE(p->size() == 2);
    CHECK((*p)[0] == "1.3.6.1.5.5.7.3.1");
    CHECK((*p)[1] == "1.3.6.1.5.5.7.3.2");
    bytes empty = test::from_hex("3000");  // SIZE (1..MAX) is not enforced: no purpose at all
    auto none = asn1::read_key_purposes(empty);
    REQUIRE(none);
    CHECK(none->empty());
    CHECK_FALSE(asn1::read_key_purposes(test::from_hex("0500")));
}
