// asn1/cmc_views.hpp: typed read views of CMC (RFC 5272): a PKIData (the
// request), a PKIResponse, the CMCStatusInfoV2 of a status control, and the
// lists the AddExtensions and Microsoft CMC-attributes controls carry. As in
// asn1/cms_views.hpp the libtasn1 element paths stay here and the checks stay
// with the readers (cmc/unwrap.hpp, cmc/response_reader.hpp). Views borrow the
// DER read: it must outlive them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

// tagged_attribute_view: one TaggedAttribute of a controlSequence (RFC 5272 §3.2.1.2.1).
struct tagged_attribute_view {
    std::int64_t body_part_id = 0;  // 0 when unreadable
    std::string type;               // attrType, dotted ("" when unreadable)
    std::vector<tlv> values;        // each AttributeValue, whole
};

namespace detail {
// elements_of: each present element of the SEQUENCE OF / SET OF at `path`, whole.
inline std::vector<tlv> elements_of(const decoded& d, std::string_view path) {
    std::vector<tlv> out;
    for (std::size_t i = 1, n = d.count(path); i <= n; ++i)
        if (auto e = d.element(item(path, i))) out.push_back(*e);
    return out;
}

inline std::vector<tagged_attribute_view> control_sequence(const decoded& d) {
    std::vector<tagged_attribute_view> out;
    for (std::size_t i = 1, n = d.count("controlSequence"); i <= n; ++i) {
        std::string c = item("controlSequence", i);
        out.push_back({d.small_int(c + ".bodyPartID").value_or(0), d.oid(c + ".attrType").value_or(""),
                       elements_of(d, c + ".attrValues")});
    }
    return out;
}
}  // namespace detail

// pki_data_view: a PKIData (RFC 5272 §3.2.1), a CMC request's content.
class pki_data_view {
public:
    // read decodes `der` as PKIData; the error is decode()'s ("PKIData: ...").
    static core::result<pki_data_view> read(byte_view der, std::size_t base = 0) {
        auto d = decode(module::cms, "PKIData", der, base);
        if (!d) return d.error;
        return pki_data_view(std::move(*d.value));
    }

    std::vector<tagged_attribute_view> controls() const { return detail::control_sequence(d_); }
    std::size_t request_count() const { return d_.count("reqSequence"); }
    // request_kind: the Nth (1-based) TaggedRequest's alternative ("tcr", "crm", "orm").
    std::optional<std::string> request_kind(std::size_t n) const { return d_.choice(item("reqSequence", n)); }
    // For a tcr: its bodyPartID and its CertificationRequest, whole.
    std::optional<std::int64_t> tcr_body_part_id(std::size_t n) const { return d_.small_int(item("reqSequence", n) + ".tcr.bodyPartID"); }
    std::optional<tlv> tcr_request(std::size_t n) const { return d_.element(item("reqSequence", n) + ".tcr.certificationRequest"); }

private:
    explicit pki_data_view(decoded d) : d_(std::move(d)) {}
    decoded d_;
};

// pki_response_view: a PKIResponse (RFC 5272 §3.2.2), a CMC response's content.
class pki_response_view {
public:
    static core::result<pki_response_view> read(byte_view der, std::size_t base = 0) {
        auto d = decode(module::cms, "PKIResponse", der, base);
        if (!d) return d.error;
        return pki_response_view(std::move(*d.value));
    }

    std::vector<tagged_attribute_view> controls() const { return detail::control_sequence(d_); }

private:
    explicit pki_response_view(decoded d) : d_(std::move(d)) {}
    decoded d_;
};

// read_pki_data, read_pki_response: as the views' read; never on a temporary (the view would dangle).
core::result<pki_data_view> read_pki_data(bytes&&, std::size_t = 0) = delete;
inline core::result<pki_data_view> read_pki_data(byte_view der, std::size_t base = 0) { return pki_data_view::read(der, base); }
core::result<pki_response_view> read_pki_response(bytes&&, std::size_t = 0) = delete;
inline core::result<pki_response_view> read_pki_response(byte_view der, std::size_t base = 0) {
    return pki_response_view::read(der, base);
}

// cmc_status_info: a CMCStatusInfoV2 (RFC 5272 §6.1.1), as read.
struct cmc_status_info {
    std::optional<std::int64_t> status;       // cMCStatus
    std::vector<std::int64_t> body_list;      // each BodyPartReference's bodyPartID
    std::optional<std::string> status_string;
    std::optional<std::int64_t> fail_info;    // otherInfo failInfo
    bool pending = false;                     // otherInfo is pendInfo
    std::optional<tlv> pend_token;            // OCTET STRING
    std::optional<std::string> pend_time;     // `YYYY-MM-DD HH:MM:SS UTC`
};

core::result<cmc_status_info> read_status_info(bytes&&, std::size_t = 0) = delete;
// read_status_info decodes a CMCStatusInfoV2 (a status control's value).
inline core::result<cmc_status_info> read_status_info(byte_view der, std::size_t base = 0) {
    auto r = decode(module::cms, "CMCStatusInfoV2", der, base);
    if (!r) return r.error;
    const decoded& d = *r.value;
    cmc_status_info s;
    s.status = d.small_int("cMCStatus");
    for (std::size_t k = 1, m = d.count("bodyList"); k <= m; ++k)
        if (auto id = d.small_int(item("bodyList", k) + ".bodyPartID")) s.body_list.push_back(*id);
    s.status_string = d.text("statusString");
    auto other = d.choice("otherInfo").value_or("");
    if (other == "failInfo") s.fail_info = d.small_int("otherInfo.failInfo");
    if (other == "pendInfo") {
        s.pending = true;
        s.pend_token = d.octets("otherInfo.pendInfo.pendToken");
        s.pend_time = d.time("otherInfo.pendInfo.pendTime");
    }
    return s;
}

core::result<std::vector<tlv>> read_add_extensions(bytes&&, std::size_t = 0) = delete;
core::result<std::vector<tlv>> read_cmc_attributes(bytes&&, std::size_t = 0) = delete;
// read_add_extensions: the Extensions an id-cmc-addExtensions value carries, each whole.
inline core::result<std::vector<tlv>> read_add_extensions(byte_view der, std::size_t base = 0) {
    auto d = decode(module::cms, "AddExtensions", der, base);
    if (!d) return d.error;
    return detail::elements_of(*d.value, "extensions");
}

// read_cmc_attributes: the Attributes a Microsoft CMC-attributes value carries, each whole.
inline core::result<std::vector<tlv>> read_cmc_attributes(byte_view der, std::size_t base = 0) {
    auto d = decode(module::cms, "CMCAttributes", der, base);
    if (!d) return d.error;
    return detail::elements_of(*d.value, "attributes");
}

}  // namespace certreq::asn1
