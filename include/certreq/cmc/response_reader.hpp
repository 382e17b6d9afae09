// cmc/response_reader.hpp: reads a CMC full PKI response (RFC 5272 §3.2.2),
// for -accept and -retrieve: the status control (id-cmc-statusInfoV2, or the
// older id-cmc-statusInfo, which decodes with the same shape), the
// certificates, and whether the CA's signature verifies with a certificate the
// response carries. The counterpart of cmc/response.hpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/cmc_views.hpp"
#include "certreq/cmc/control_reader.hpp"
#include "certreq/cmc/response.hpp"
#include "certreq/cmc/tagged_attribute.hpp"
#include "certreq/cms/error.hpp"
#include "certreq/oids/registry.hpp"
#include "certreq/cms/signed_data_reader.hpp"
#include "certreq/core/bytes.hpp"

namespace certreq::cmc {

// response_status: what the status control said.
struct response_status {
    cmc_status status = cmc_status::success;
    std::int64_t raw_status = 0;
    std::vector<body_part_id> body_list;
    std::string status_string;
    std::optional<std::int64_t> fail;      // CMCFailInfo value
    std::optional<bytes> pend_token;
    std::string pend_time;                 // "YYYY-MM-DD HH:MM:SS UTC"
};

// read_response: the whole response as read.
struct read_response {
    std::optional<response_status> status;  // nullopt: no status control
    std::vector<control> controls;
    std::vector<bytes> certificates;        // in stored order
    bool signature_verified = false;
    std::string problem;                    // why not
};

// read_full_response reads ContentInfo { SignedData { id-cct-PKIResponse } }.
inline cms::result<read_response> read_full_response(byte_view der) {
    auto sd = cms::read_signed_data(der);
    if (!sd) return sd.err();
    if (sd->content_type != oids::cct_pki_response.dotted())
        return core::at_offset(0, "expected a CMC response (id-cct-PKIResponse 1.3.6.1.5.5.7.12.3), found " + sd->content_type);
    if (!sd->content) return core::at_offset(0, "the CMC response has no PKIResponse");
    auto pr = asn1::read_pki_response(*sd->content, sd->content_offset);
    if (!pr) return core::at_offset(pr.err().offset, pr.err().text());
    read_response out;
    for (byte_view c : sd->certificates) out.certificates.emplace_back(c.begin(), c.end());
    out.controls = read_controls(pr->controls());
    for (const control& ctl : out.controls) {
        bool status_control =
                ctl.type == oids::cmc_status_info_v2.dotted() || ctl.type == oids::cmc_status_info.dotted();
        if (status_control && !out.status && ctl.values.size() == 1) {
            auto si = asn1::read_status_info(ctl.values[0]);
            if (!si) return core::at_offset(0, "the CMC status control: " + si.err().text());
            response_status st;
            st.raw_status = si->status.value_or(-1);
            st.status = cmc_status(std::uint8_t(st.raw_status));
            for (std::int64_t id : si->body_list) st.body_list.push_back(body_part_id(id));
            st.status_string = si->status_string.value_or("");
            st.fail = si->fail_info;
            if (si->other_info == "pendInfo") {
                if (si->pend_token) st.pend_token = bytes(si->pend_token->content.begin(), si->pend_token->content.end());
                st.pend_time = si->pend_time.value_or("");
            }
            out.status = std::move(st);
        }
    }
    if (sd->signers.empty()) {
        out.problem = "the CMC response is not signed";
        return out;
    }
    out.signature_verified = true;
    for (std::size_t i = 0; i < sd->signers.size() && out.signature_verified; ++i) {
        auto cert = cms::find_signer_certificate(*sd, sd->signers[i]);
        if (!cert) {
            out.signature_verified = false;
            out.problem = cms::signer_name(sd->signers[i], i) + ": its certificate is not in the response";
            break;
        }
        auto rc = cms::read_certificate(*cert);
        if (!rc) {
            out.signature_verified = false;
            out.problem = rc.err().message;
            break;
        }
        if (auto st = cms::verify_signer(*sd, i, rc->spki); !st) {
            out.signature_verified = false;
            out.problem = st.err().message;
        }
    }
    return out;
}

}  // namespace certreq::cmc
