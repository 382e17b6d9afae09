// model/lower.ipp: the definitions of model/lower.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/dates.hpp"
#include "certreq/model/extension_order.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/sections.hpp"
#include "certreq/model/subject.hpp"
#include "certreq/model/subject_flags.hpp"
#include "certreq/model/template_attribute.hpp"
#include "certreq/model/text_extensions.hpp"
#include "certreq/model/values.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

namespace detail {

// The [NewRequest] keys we know, in the order they are applied.
enum class nr_key : std::uint8_t {
    request_type, x500_name_flags, subject, subject_name_flags, key_algorithm, key_length, hash_algorithm,
    alternate_signature_algorithm, key_spec, key_usage, key_usage_property, exportable, exportable_encrypted,
    key_protection, user_protected, machine_key_set, key_container, use_existing_key_set, provider_name,
    provider_type, security_descriptor, silent, friendly_name, renewal_cert, requester_name, private_key_archive,
    encryption_algorithm, encryption_length, smime, suppress_defaults, not_before, not_after, validity_period,
    validity_period_units, encipher_only, challenge_password, ca_certs, ca_capabilities, ca_thumbprint, count
};

inline constexpr std::array<std::string_view, std::size_t(nr_key::count)> nr_names = {
    "RequestType", "X500NameFlags", "Subject", "SubjectNameFlags", "KeyAlgorithm", "KeyLength", "HashAlgorithm",
    "AlternateSignatureAlgorithm", "KeySpec", "KeyUsage", "KeyUsageProperty", "Exportable", "ExportableEncrypted",
    "KeyProtection", "UserProtected", "MachineKeySet", "KeyContainer", "UseExistingKeySet", "ProviderName",
    "ProviderType", "SecurityDescriptor", "Silent", "FriendlyName", "RenewalCert", "RequesterName", "PrivateKeyArchive",
    "EncryptionAlgorithm", "EncryptionLength", "SMIME", "SuppressDefaults", "NotBefore", "NotAfter", "ValidityPeriod",
    "ValidityPeriodUnits", "EncipherOnly", "ChallengePassword", "CACerts", "CACapabilities", "CAThumbprint",
};

// The extension sections -new reads, in the order it lowers them (each
// through the kind that lists it in the registry: model/sections.hpp).
inline constexpr std::string_view extension_sections[] = {
    "EnhancedKeyUsageExtension", "BasicConstraintsExtension", "PolicyStatementExtension",
    "ApplicationPolicyStatementExtension", "PolicyConstraintsExtension", "ApplicationPolicyConstraintsExtension",
    "PolicyMappingsExtension", "ApplicationPolicyMappingsExtension", "NameConstraintsExtension",
};
static_assert(lists_every_extension_section(extension_sections), "a registered extension section that -new does not read");

// The other sections certreq -new reads by name (others must be named by a key).
inline constexpr std::string_view known_sections[] = {"Version", "Strings", "NewRequest", "RequestAttributes", "Extensions"};

class lowerer {
public:
    lowerer(const inf::document& doc, diagnostics& d, const lower_options& opt) : doc_(doc), d_(d), opt_(opt) {}

    lower_result run() {
        lower_result out;
        std::size_t errors_before = d_.count(severity::error);
        const inf::section* nr = doc_.find("NewRequest");
        if (opt_.ca_policy) {
            if (nr) collect(*nr), new_request(out.req);
            out.req.suppress_defaults = true;
            extensions(out.req);
            unreferenced();
            out.ok = d_.count(severity::error) == errors_before;
            return out;
        }
        if (!nr) {
            d_.error({1, 1}, "no [NewRequest] section: certreq -new needs one (Windows: INF file line not found 0xe0000102)",
                     core::hr::inf_line_not_found);
            return out;
        }
        if (nr->entries.empty()) {
            d_.error(nr->pos, "[NewRequest] is empty: it needs at least one key (Windows: Incorrect function. 0x1)",
                     core::hr::invalid_function);
            return out;
        }
        collect(*nr);
        new_request(out.req);
        extensions(out.req);
        attributes(out.req);
        order_as_certreq(out.req.extensions);
        unreferenced();
        out.ok = d_.count(severity::error) == errors_before;
        return out;
    }

private:
    const inf::entry* get(nr_key k) const noexcept { return keys_[std::size_t(k)]; }
    static std::string name(nr_key k) { return std::string(nr_names[std::size_t(k)]); }
    position value_pos(const inf::entry* e) const { return trim_ref(e->value).pos; }
    std::string value_of(const inf::entry* e) const { return trim_ref(e->value).str(); }

    void collect(const inf::section& nr) {
        for (auto& e : nr.entries) {
            if (!e.has_key) {
                d_.warning(e.pos, "[NewRequest]: line without a key ignored: " + quote(e.value.view()));
                continue;
            }
            std::string_view key = trim_ref(e.key).text;
            std::size_t k = 0;
            for (; k < nr_names.size(); ++k)
                if (inf::iequals(nr_names[k], key)) break;
            if (k == nr_names.size()) {
                d_.warning(e.key.start(), "[NewRequest]: unknown key " + quote(e.key.view()) + " ignored");
                continue;
            }
            if (keys_[k]) {
                d_.warning(e.key.start(), "[NewRequest]: " + std::string(nr_names[k]) + " given again; the first one (line " +
                                              std::to_string(keys_[k]->pos.line) + ") is used");
                continue;
            }
            keys_[k] = &e;
        }
    }

    void note_windows_only(nr_key k, const char* why) {
        if (auto* e = get(k)) d_.note(e->key.start(), name(k) + " " + why);
    }

    std::optional<bool> boolean(nr_key k) {
        if (auto* e = get(k)) return parse_bool(e->value, nr_names[std::size_t(k)], d_);
        return std::nullopt;
    }

    void new_request(request& r) {
        using K = nr_key;
        if (auto* e = get(K::request_type))
            if (auto v = parse_enum(e->value, "RequestType", request_type_names, d_))
                r.type = *v == 1 ? request_type::pkcs10 : *v == 2 ? request_type::pkcs7 : *v == 3 ? request_type::cmc
                       : *v == 4 ? request_type::cert : request_type::scep;
        // Subject, parsed with X500NameFlags.
        std::uint32_t flags = 0;
        bool flags_ok = true;
        if (auto* e = get(K::x500_name_flags)) {
            auto f = parse_flags(e->value, "X500NameFlags", x500_name_flag_names, d_);
            if (!f) {
                flags_ok = false;
            } else if ((*f & name_flags::type_mask) == name_flags::simple_name) {
                d_.error(value_pos(e), "X500NameFlags: CERT_SIMPLE_NAME_STR cannot be used to parse a name (CertStrToName refuses it)");
                flags_ok = false;
            } else {
                flags = *f;
                if (flags & ~name_flags::known)
                    d_.warning(value_pos(e), "X500NameFlags: unknown bits 0x" + core::hex_number(flags & ~name_flags::known) + " ignored");
            }
        }
        if (auto* e = get(K::subject); e && flags_ok)
            if (auto n = parse_name(e->value, flags, d_, "Subject", opt_.bmp_unicode_strings)) r.subject = std::move(*n);

        key_algorithm_and_length(r);

        if (auto* e = get(K::hash_algorithm)) hash(e, r);
        if (auto b = boolean(K::alternate_signature_algorithm)) r.alternate_signature = *b;
        // AlternateSignatureAlgorithm with an EC key is reported by verbs/new.hpp, which knows the actual key.
        if (auto* e = get(K::key_spec))
            if (auto v = parse_enum(e->value, "KeySpec", key_spec_names, d_)) r.key_spec = *v;
        if (auto* e = get(K::key_usage_property)) {
            if (auto f = parse_flags(e->value, "KeyUsageProperty", key_usage_property_names, d_)) {
                r.key_usage_property = static_cast<std::uint32_t>(*f);
                d_.note(e->key.start(), "KeyUsageProperty is a Windows key property; it sets a token key's CKA_SIGN/CKA_DECRYPT, no effect on software keys");
            }
        }
        if (auto b = boolean(K::exportable)) r.exportable = *b;
        if (auto b = boolean(K::exportable_encrypted)) {
            r.exportable_encrypted = *b;
            note_windows_only(K::exportable_encrypted, "is a Windows key property; it makes a token key CKA_EXTRACTABLE, no effect on software keys");
        }
        if (auto* e = get(K::key_protection)) {
            if (parse_enum(e->value, "KeyProtection", key_protection_names, d_))
                d_.note(e->key.start(), "KeyProtection is a Windows key property; accepted, no effect here");
        }
        if (boolean(K::user_protected)) note_windows_only(K::user_protected, "is a Windows key property; accepted, no effect here");
        if (auto b = boolean(K::machine_key_set)) r.machine_key_set = *b;
        if (auto* e = get(K::key_container)) r.key_container = value_of(e);
        if (auto b = boolean(K::use_existing_key_set)) r.use_existing_key_set = *b;
        if (auto* e = get(K::provider_name)) r.defaults.provider_name = value_of(e);
        if (auto* e = get(K::provider_type))
            if (parse_number(e->value, "ProviderType", d_)) note_windows_only(K::provider_type, "selects a Windows CSP; accepted, no effect here");
        note_windows_only(K::security_descriptor, "is a Windows key ACL; accepted, no effect here");
        if (boolean(K::silent)) note_windows_only(K::silent, "controls Windows provider UI; accepted, no effect here");
        if (auto* e = get(K::friendly_name)) r.friendly_name = value_of(e);
        if (auto* e = get(K::renewal_cert)) r.renewal_cert = value_of(e);
        if (auto* e = get(K::requester_name)) {
            r.requester_name = value_of(e);
            if (r.type == request_type::pkcs10 || r.type == request_type::cert)
                d_.note(e->key.start(), "RequesterName is only used by RequestType = CMC or PKCS7; ignored");
        }
        if (auto b = boolean(K::private_key_archive)) r.private_key_archive = *b;
        note_windows_only(K::encryption_algorithm, "only matters for key archival; accepted");
        if (auto* e = get(K::encryption_length))
            if (parse_number(e->value, "EncryptionLength", d_)) note_windows_only(K::encryption_length, "only matters for key archival; accepted");
        if (auto b = boolean(K::smime)) r.smime = *b;
        if (auto b = boolean(K::suppress_defaults)) r.suppress_defaults = *b;
        if (boolean(K::encipher_only)) note_windows_only(K::encipher_only, "is a legacy Windows key property; accepted, no effect here");
        if (auto* e = get(K::challenge_password)) r.challenge_password = value_of(e);
        validity_keys(r);
        key_source_checks(r);
        provider_defaults(r);
        subject_from_flags(r);
    }

    // provider_defaults: the CSP-info provider and KeySpec certreq.exe reports
    // when the INF names none (spec §7.2).
    void provider_defaults(request& r) {
        using K = nr_key;
        const inf::entry* provider = get(K::provider_name);
        bool rsa = r.key.algorithm == key_algorithm::rsa;
        if (!provider)
            r.defaults.provider_name = rsa ? "Microsoft Strong Cryptographic Provider" : "Microsoft Software Key Storage Provider";
        if (get(K::key_spec) || !rsa) return;
        std::string p = r.defaults.provider_name;
        for (auto& c : p) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        bool ksp = p.find("key storage provider") != std::string::npos || p.find("platform crypto provider") != std::string::npos;
        r.key_spec = ksp ? 0 : 2;
    }

    // subject_from_flags: SubjectNameFlags (CT_FLAG_*, spec §3.2), through
    // model/subject_flags.hpp. A flag whose value is unknown is an error naming
    // the variable; `template` (the template's own flags) is a note.
    void subject_from_flags(request& r) {
        const inf::entry* e = get(nr_key::subject_name_flags);
        if (!e) return;
        auto v = trim_ref(e->value);
        if (inf::iequals(v.text, "template")) {
            d_.note(v.pos, "SubjectNameFlags = template: the flags are the certificate template's, kept in Active Directory; "
                           "none are applied here (name CT_FLAG_* flags to fill the subject or SAN)");
            return;
        }
        auto f = parse_flags(e->value, "SubjectNameFlags", subject_name_flag_names, d_);
        if (!f) return;
        std::uint32_t known = 0;
        for (auto& nv : subject_name_flag_names) known |= nv.value;
        if (*f & ~known) return d_.error(v.pos, "SubjectNameFlags: unknown bits 0x" + core::hex_number(*f & ~known));
        auto names = names_from_flags(*f, opt_.requester, r.machine_key_set, get(nr_key::subject) != nullptr, v.pos, d_);
        if (!names) return;
        if (names->subject) r.subject = std::move(*names->subject);
        flag_san_ = std::move(names->san);
    }

    void key_algorithm_and_length(request& r) {
        using K = nr_key;
        if (auto* e = get(K::key_algorithm)) {
            auto v = trim_ref(e->value);
            std::string_view s = v.text;
            struct alg {
                std::string_view name;
                key_algorithm a;
                curve c;
                bool ecdh;
            };
            constexpr alg algs[] = {
                {"RSA", key_algorithm::rsa, curve::none, false},        {"ECDSA_P256", key_algorithm::ec, curve::p256, false},
                {"ECDSA_P384", key_algorithm::ec, curve::p384, false},  {"ECDSA_P521", key_algorithm::ec, curve::p521, false},
                {"ECDH_P256", key_algorithm::ec, curve::p256, true},    {"ECDH_P384", key_algorithm::ec, curve::p384, true},
                {"ECDH_P521", key_algorithm::ec, curve::p521, true},
            };
            bool found = false;
            for (auto& a : algs)
                if (inf::iequals(a.name, s)) {
                    r.key.algorithm = a.a, r.key.ec_curve = a.c, r.key.ecdh = a.ecdh;
                    found = true;
                }
            if (!found) {
                if (inf::iequals(s, "DSA") || inf::iequals(s, "DH"))
                    d_.error(v.pos, "KeyAlgorithm: " + std::string(s) + " keys are not supported (use RSA or ECDSA_P256/P384/P521)");
                else if (inf::iequals(s, "ECDSA") || inf::iequals(s, "ECDH") || inf::iequals(s, "ECC"))
                    d_.error(v.pos, "KeyAlgorithm: " + quote(s) + " needs a curve: " + std::string(s) + "_P256, _P384 or _P521");
                else
                    d_.error(v.pos, "KeyAlgorithm: unknown algorithm " + quote(s) +
                                            " (expected RSA, ECDSA_P256, ECDSA_P384, ECDSA_P521, ECDH_P256, ECDH_P384 or ECDH_P521)");
            }
        }
        if (auto* e = get(K::key_length)) {
            auto n = parse_number(e->value, "KeyLength", d_);
            if (!n) return;
            position p = value_pos(e);
            if (r.key.algorithm == key_algorithm::rsa) {
                if (*n < 1024 || *n > 8192) {
                    d_.error(p, "KeyLength: RSA keys must be 1024 to 8192 bits, got " + std::to_string(*n));
                } else if (*n % 8) {
                    d_.error(p, "KeyLength: RSA key length must be a multiple of 8, got " + std::to_string(*n));
                } else {
                    r.key.rsa_bits = std::uint32_t(*n);
                    if (*n < 2048) d_.warning(p, "KeyLength: " + std::to_string(*n) + "-bit RSA keys are weak; use 2048 or more");
                }
            } else {
                unsigned bits = r.key.ec_curve == curve::p256 ? 256 : r.key.ec_curve == curve::p384 ? 384 : 521;
                if (*n != bits)
                    d_.warning(p, "KeyLength: " + std::to_string(*n) + " ignored: the curve P-" + std::to_string(bits) +
                                      " fixes the key size");
            }
        }
    }

    void hash(const inf::entry* e, request& r) {
        auto v = trim_ref(e->value);
        std::string s;
        for (char c : v.text)
            if (c != '-' && c != '_') s.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        struct h {
            std::string_view name;
            hash_algorithm a;
        };
        constexpr h plain[] = {{"sha1", hash_algorithm::sha1}, {"sha256", hash_algorithm::sha256},
                               {"sha384", hash_algorithm::sha384}, {"sha512", hash_algorithm::sha512}};
        for (auto& x : plain)
            if (s == x.name) {
                r.hash = x.a;
                if (x.a == hash_algorithm::sha1) d_.warning(v.pos, "HashAlgorithm: SHA-1 signatures are deprecated; prefer sha256");
                return;
            }
        // CNG/CryptoAPI signature-algorithm spellings (sha256RSA, RSASHA256, sha256WithRSAEncryption, ECDSA_SHA256...).
        for (auto& x : plain) {
            if (s.find(x.name) == std::string::npos) continue;
            if (x.a == hash_algorithm::sha1 && (s.find("sha1") != s.find("sha") || s.find("sha12") != std::string::npos)) continue;
            r.hash = x.a;
            d_.warning(v.pos, "HashAlgorithm: " + quote(v.text) + " read as " + std::string(x.name));
            return;
        }
        if (s.find("md2") != std::string::npos || s.find("md4") != std::string::npos || s.find("md5") != std::string::npos)
            d_.error(v.pos, "HashAlgorithm: " + std::string(v.text) + " is broken and not supported; use sha256 (or sha384, sha512)");
        else
            d_.error(v.pos, "HashAlgorithm: unknown algorithm " + quote(v.text) + " (expected sha256, sha384, sha512 or sha1)");
    }

    void validity_keys(request& r) {
        using K = nr_key;
        const char* cert_only = " is only used with RequestType = Cert; ignored";
        for (K k : {K::not_before, K::not_after, K::validity_period, K::validity_period_units}) {
            auto* e = get(k);
            if (!e) continue;
            if (r.type != request_type::cert) d_.warning(e->key.start(), name(k) + cert_only);
        }
        if (auto* e = get(K::not_before)) r.valid.not_before = parse_date(e->value, "NotBefore", d_);
        if (auto* e = get(K::not_after)) r.valid.not_after = parse_date(e->value, "NotAfter", d_);
        if (auto* e = get(K::validity_period))
            if (auto u = parse_validity_unit(e->value, d_)) r.valid.period = *u, r.valid.period_given = true;
        if (auto* e = get(K::validity_period_units))
            if (auto n = parse_number(e->value, "ValidityPeriodUnits", d_)) {
                r.valid.period_units = std::uint32_t(*n), r.valid.period_given = true;
                if (*n == 0) d_.error(value_pos(e), "ValidityPeriodUnits: must be at least 1");
            }
        if (r.valid.not_after && r.valid.period_given) {
            auto* e = get(K::validity_period) ? get(K::validity_period) : get(K::validity_period_units);
            d_.warning(e->key.start(), "ValidityPeriod/ValidityPeriodUnits are ignored because NotAfter is given");
            r.valid.period_given = false;
        }
        if (r.valid.not_before && r.valid.not_after && *r.valid.not_after <= *r.valid.not_before)
            d_.error(value_pos(get(K::not_after)), "NotAfter: must be later than NotBefore");
    }

    void key_source_checks(const request& r) {
        using K = nr_key;
        if (r.use_existing_key_set) {
            if (r.key_container.empty() && r.renewal_cert.empty())
                d_.error(value_pos(get(K::use_existing_key_set)), "UseExistingKeySet: needs KeyContainer or RenewalCert to name the key");
            if (r.exportable)
                d_.warning(get(K::exportable)->key.start(), "Exportable has no effect with UseExistingKeySet (the key already exists)");
        }
        // The SCEP CA keys are read by verbs/new_scep.hpp.
        for (auto k : {K::ca_certs, K::ca_capabilities, K::ca_thumbprint})
            if (auto* e = get(k); e && r.type != request_type::scep)
                d_.warning(e->key.start(), name(k) + " is only used with RequestType = SCEP; ignored");
        if (auto* e = get(K::renewal_cert); e && r.type != request_type::pkcs7 && r.type != request_type::cmc && !r.use_existing_key_set)
            d_.warning(e->key.start(), "RenewalCert is only used with RequestType = PKCS7 or CMC, or with UseExistingKeySet; ignored");
    }

    // add_extension appends, refusing a second extension with the same OID;
    // one made by a section (`from_section`) is merged into the [Extensions]
    // one with the same OID instead (merge_into).
    void add_extension(request& r, extension ext, bool from_section = false) {
        for (auto& x : r.extensions)
            if (x.oid == ext.oid) {
                if (from_section) return merge_into(x, std::move(ext));
                d_.error(ext.pos, "extension " + ext.oid + " given twice (first at line " + std::to_string(x.pos.line) + ")");
                return;
            }
        r.extensions.push_back(std::move(ext));
    }

    // merge_into: certreq.exe writes one extension when a section and an
    // [Extensions] line give the same one (spec §10.1).
    void merge_into(extension& x, extension s) {
        std::string where = "(line " + std::to_string(x.pos.line) + ")";
        auto* xb = std::get_if<basic_constraints>(&x.value);
        auto* sb = std::get_if<basic_constraints>(&s.value);
        auto* xe = std::get_if<extended_key_usage>(&x.value);
        auto* se = std::get_if<extended_key_usage>(&s.value);
        if (xb && sb) {
            xb->ca = xb->ca || sb->ca;
            if (sb->path_length) xb->path_length = sb->path_length;
        } else if (xe && se) {
            for (auto& oid : se->oids)
                if (std::find(xe->oids.begin(), xe->oids.end(), oid) == xe->oids.end()) xe->oids.push_back(oid);
        } else {
            d_.warning(s.pos, "extension " + s.oid + " is also given in [Extensions] " + where +
                                  "; that value is kept and this section is not used");
            return;
        }
        x.critical = x.critical || s.critical;
        d_.warning(s.pos, "extension " + s.oid + " is also given in [Extensions] " + where +
                              ": merged into one extension, as certreq.exe does");
    }

    void extensions(request& r) {
        using K = nr_key;
        std::vector<std::pair<std::string, position>> critical;
        if (auto* s = doc_.find("Extensions")) {
            for (auto& e : s->entries) {
                if (!e.has_key) {
                    d_.warning(e.pos, "[Extensions]: line without a key ignored: " + quote(e.value.view()));
                    continue;
                }
                auto k = trim_ref(e.key);
                if (inf::iequals(k.text, "Critical")) {
                    std::string_view list = e.value.view();
                    std::size_t i = 0;
                    while (i <= list.size()) {
                        std::size_t c = list.find(',', i);
                        if (c == std::string_view::npos) c = list.size();
                        const auto tr_b = trim_offsets(list, i, c); std::size_t b = tr_b.first, en = tr_b.second;
                        if (b < en) {
                            std::string_view oid = list.substr(b, en - b);
                            if (!is_dotted_oid(oid)) d_.error(e.value.at(b), "Critical: invalid object identifier " + quote(oid));
                            else critical.emplace_back(std::string(oid), e.value.at(b));
                        }
                        if (c == list.size()) break;
                        i = c + 1;
                    }
                    continue;
                }
                if (inf::iequals(k.text, "_continue_")) {
                    d_.error(k.pos, "[Extensions]: _continue_ without an extension line before it");
                    continue;
                }
                if (!is_dotted_oid(k.text)) {
                    d_.error(k.pos, "[Extensions]: expected an extension OID as key, got " + quote(k.text) +
                                            (k.text.find('%') != std::string_view::npos ? " (is it defined in [Strings]?)" : ""));
                    continue;
                }
                auto v = parse_extension_value(k.text, e.value, d_);
                if (!v) continue;
                if (v->absent) {
                    d_.note(k.pos, "extension " + k.str() + " has an empty value and is not added");
                    continue;
                }
                add_extension(r, extension{k.str(), v->critical, std::move(v->value), k.pos});
            }
        }
        for (auto name : extension_sections) {
            if (auto x = lower_extension_section(doc_, name, refs_, d_)) add_extension(r, std::move(*x), true);
        }
        if (flag_san_) add_san_from_flags(r);

        // KeyUsage: explicit, else the KeySpec/algorithm default.
        if (auto* e = get(K::key_usage)) {
            if (auto f = parse_flags(e->value, "KeyUsage", key_usage_names, d_)) {
                if (*f & ~0x80ffu)
                    d_.error(value_pos(e), "KeyUsage: 0x" + core::hex_number(*f) + " has bits outside the key usage flags (0xff and 0x8000)");
                else if (*f == 0)
                    d_.note(value_pos(e), "KeyUsage = 0: no KeyUsage extension is added");
                else
                    add_extension(r, extension{std::string(oids::key_usage.dotted()), true, key_usage{std::uint16_t(*f)}, e->key.start()});
            }
        } else if (!r.suppress_defaults && !has(r, oids::key_usage.dotted())) {
            std::uint16_t ku = r.key.algorithm == key_algorithm::ec ? (r.key.ecdh ? 0x08 : 0x80)
                               : r.key_spec == 2                     ? 0x80
                               : r.key_spec == 1                     ? 0x20
                                                                     : 0xa0;
            r.extensions.push_back(extension{std::string(oids::key_usage.dotted()), true, key_usage{ku}, {}, true});
        }
        if (!r.suppress_defaults && !has(r, oids::subject_key_identifier.dotted()))
            r.extensions.push_back(extension{std::string(oids::subject_key_identifier.dotted()), false, subject_key_identifier{}, {}, true});
        if (r.smime && !has(r, oids::smime_capabilities.dotted())) {
            smime_capabilities caps;
            for (auto oid : {oids::aes256_cbc.dotted(), oids::aes192_cbc.dotted(), oids::aes128_cbc.dotted(), oids::des_ede3_cbc.dotted()})
                caps.capabilities.push_back({std::string(oid), {}});
            r.extensions.push_back(extension{std::string(oids::smime_capabilities.dotted()), false, std::move(caps), get(K::smime)->key.start()});
        }
        for (auto& [oid, pos] : critical) {
            bool found = false;
            for (auto& x : r.extensions)
                if (x.oid == oid) x.critical = found = true;
            if (!found) d_.warning(pos, "Critical: extension " + oid + " is not in this request; ignored");
        }
    }

    // add_san_from_flags: the SubjectNameFlags SAN entries join an [Extensions]
    // SAN written with {text}, else make the SAN extension.
    void add_san_from_flags(request& r) {
        auto& extra = std::get<alt_name>(flag_san_->value).names;
        for (auto& x : r.extensions)
            if (x.oid == oids::subject_alt_name.dotted()) {
                if (auto* an = std::get_if<alt_name>(&x.value)) an->names.insert(an->names.end(), extra.begin(), extra.end());
                else d_.error(flag_san_->pos, "SubjectNameFlags: the SAN in [Extensions] (line " + std::to_string(x.pos.line) +
                                                  ") is not {text}, so the CT_FLAG_SUBJECT_ALT_* names cannot be added to it");
                return;
            }
        r.extensions.push_back(std::move(*flag_san_));
    }

    static bool has(const request& r, std::string_view oid) {
        return std::any_of(r.extensions.begin(), r.extensions.end(), [&](const extension& x) { return x.oid == oid; });
    }

    void attributes(request& r) {
        if (auto* s = doc_.find("RequestAttributes")) r.name_values = lower_request_attributes(*s, d_);
        if (!opt_.attrib.empty()) {
            auto more = parse_attrib_option(opt_.attrib, d_);
            r.name_values.insert(r.name_values.end(), more.begin(), more.end());
        }
        // The template-name extension, unless the INF wrote one itself.
        add_template_name(r);
    }

    void unreferenced() {
        for (auto& s : doc_.sections) {
            bool known = refs_.has(s.name);
            for (auto k : known_sections) known = known || inf::iequals(k, s.name);
            known = known || is_extension_section(s.name);
            if (s.name.size() > 8 && inf::iequals(std::string_view(s.name).substr(0, 8), "Strings.")) known = true;
            if (opt_.ca_policy)
                for (std::string_view k : {"certsrv_server", "CRLDistributionPoint", "AuthorityInformationAccess"})
                    known = known || inf::iequals(k, s.name);
            if (!known) d_.warning(s.pos, "unreferenced section [" + s.name + "]: certreq -new does not read it");
        }
    }

    const inf::document& doc_;
    diagnostics& d_;
    const lower_options& opt_;
    std::array<const inf::entry*, std::size_t(nr_key::count)> keys_{};
    section_refs refs_;
    std::optional<extension> flag_san_;  // the SAN SubjectNameFlags asked for
};

}  // namespace detail

CERTREQ_DECL lower_result lower(const inf::document& doc, diagnostics& d, const lower_options& opt) {
    return detail::lowerer(doc, d, opt).run();
}

}  // namespace certreq::model
