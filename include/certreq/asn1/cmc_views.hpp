// asn1/cmc_views.hpp: typed read views of CMC (RFC 5272): a PKIData (the
// request) or PKIResponse, the CMCStatusInfoV2 of a status control, and the
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
#include "certreq/asn1/view_base.hpp"
#include "certreq/asn1/views.hpp"
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
// body_part_ids: each BodyPartID of the SEQUENCE OF at `path` (0 for one that does not read).
inline std::vector<std::int64_t> body_part_ids(const decoded& d, std::string_view path) {
    std::vector<std::int64_t> out;
    for (std::size_t i = 1, n = d.count(path); i <= n; ++i) out.push_back(d.small_int(item(path, i)).value_or(0));
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

// pki_data_view: a PKIData (RFC 5272 §3.2.1, a CMC request's content) or a
// PKIResponse (§3.2.2, a response's: no reqSequence, so no requests).
class pki_data_view : public view_base {
public:
    using view_base::view_base;
    // read decodes `der` as PKIData, or PKIResponse when `response`.
    static core::result<pki_data_view> read(byte_view der, std::size_t base = 0, bool response = false) {
        return read_as<pki_data_view>(module::cms, response ? "PKIResponse" : "PKIData", der, base);
    }

    std::vector<tagged_attribute_view> controls() const { return detail::control_sequence(d_); }
    std::size_t request_count() const { return d_.count("reqSequence"); }
    // request_kind: the Nth (1-based) TaggedRequest's alternative ("tcr", "crm", "orm").
    std::optional<std::string> request_kind(std::size_t n) const { return d_.choice(item("reqSequence", n)); }
    // request_element: that alternative's TLV, whole.
    std::optional<tlv> request_element(std::size_t n) const {
        auto kind = request_kind(n);
        if (!kind) return std::nullopt;
        return d_.element(item("reqSequence", n) + "." + *kind);
    }
    // For a tcr: its bodyPartID and its CertificationRequest, whole.
    std::optional<std::int64_t> tcr_body_part_id(std::size_t n) const { return d_.small_int(item("reqSequence", n) + ".tcr.bodyPartID"); }
    std::optional<tlv> tcr_request(std::size_t n) const { return d_.element(item("reqSequence", n) + ".tcr.certificationRequest"); }
    // cmsSequence: each TaggedContentInfo's bodyPartID and ContentInfo.
    std::size_t content_count() const { return d_.count("cmsSequence"); }
    std::optional<std::int64_t> content_body_part_id(std::size_t n) const { return d_.small_int(item("cmsSequence", n) + ".bodyPartID"); }
    std::optional<tlv> content_info_at(std::size_t n) const { return d_.element(item("cmsSequence", n) + ".contentInfo"); }
    std::size_t other_message_count() const { return d_.count("otherMsgSequence"); }
};

// read_pki_data, read_pki_response: as the view's read; never on a temporary (the view would dangle).
core::result<pki_data_view> read_pki_data(bytes&&, std::size_t = 0) = delete;
inline core::result<pki_data_view> read_pki_data(byte_view der, std::size_t base = 0) { return pki_data_view::read(der, base); }
core::result<pki_data_view> read_pki_response(bytes&&, std::size_t = 0) = delete;
inline core::result<pki_data_view> read_pki_response(byte_view der, std::size_t base = 0) {
    return pki_data_view::read(der, base, true);
}

// cmc_status_info: a CMCStatusInfoV2 (RFC 5272 §6.1.1), as read.
struct cmc_status_info {
    std::optional<std::int64_t> status;       // cMCStatus
    std::vector<std::int64_t> body_list;      // each BodyPartReference's bodyPartID
    std::optional<std::string> status_string;
    std::string other_info;                   // otherInfo's alternative: "failInfo", "pendInfo", ... ("" when absent)
    std::optional<std::int64_t> fail_info;    // otherInfo failInfo
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
    s.other_info = d.choice("otherInfo").value_or("");
    if (s.other_info == "failInfo") s.fail_info = d.small_int("otherInfo.failInfo");
    if (s.other_info == "pendInfo") {
        s.pend_token = d.octets("otherInfo.pendInfo.pendToken");
        s.pend_time = d.time("otherInfo.pendInfo.pendTime");
    }
    return s;
}

// add_extensions_value: an id-cmc-addExtensions value (RFC 5272 §6.5.2).
struct add_extensions_value {
    std::int64_t pki_data_reference = 0;
    std::vector<std::int64_t> cert_references;
    std::optional<tlv> list;          // the extensions SEQUENCE OF, whole
    std::vector<tlv> extensions;      // each Extension, whole
};

core::result<add_extensions_value> read_add_extensions(bytes&&, std::size_t = 0) = delete;
inline core::result<add_extensions_value> read_add_extensions(byte_view der, std::size_t base = 0) {
    auto d = decode(module::cms, "AddExtensions", der, base);
    if (!d) return d.error;
    add_extensions_value v;
    v.pki_data_reference = d.value->small_int("pkiDataReference").value_or(0);
    v.cert_references = detail::body_part_ids(*d.value, "certReferences");
    v.list = d.value->element("extensions");
    v.extensions = detail::elements_of(*d.value, "extensions");
    return v;
}

// cmc_attributes_value: Microsoft's CMC attributes control value
// (1.3.6.1.4.1.311.10.10.1, [MS-WCCE] 2.2.2.7.1).
struct cmc_attributes_value {
    std::int64_t data_reference = 0;
    std::vector<std::int64_t> cert_references;
    std::vector<attribute_entry> attributes;
};

core::result<cmc_attributes_value> read_cmc_attributes(bytes&&, std::size_t = 0) = delete;
inline core::result<cmc_attributes_value> read_cmc_attributes(byte_view der, std::size_t base = 0) {
    auto d = decode(module::cms, "CMCAttributes", der, base);
    if (!d) return d.error;
    cmc_attributes_value v;
    v.data_reference = d.value->small_int("dataReference").value_or(0);
    v.cert_references = detail::body_part_ids(*d.value, "certReferences");
    v.attributes = detail::attribute_list(*d.value, "attributes", "attrType", "attrValues");
    return v;
}

}  // namespace certreq::asn1
