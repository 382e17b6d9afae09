// model/template_attribute.hpp: the template-name extension certreq.exe adds
// for a CertificateTemplate request attribute (spec §7.2), for requests
// lowered from an INF (model/lower.ipp) and built in code alike.
#pragma once
#include <algorithm>
#include <string>

#include "certreq/core/ascii.hpp"
#include "certreq/model/request.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// add_template_name: for the first CertificateTemplate attribute of `r`, the
// template-name extension, unless `r` carries a template extension already
// (either kind) or the name is empty.
inline void add_template_name(request& r) {
    auto has = [&](std::string_view oid) {
        return std::any_of(r.extensions.begin(), r.extensions.end(), [&](const extension& x) { return x.oid == oid; });
    };
    for (auto& nv : r.name_values)
        if (iequals(nv.name, "CertificateTemplate")) {
            if (!has(oids::ms_certificate_template_name.dotted()) && !has(oids::ms_certificate_template.dotted()) && !nv.value.empty())
                r.extensions.push_back(extension{std::string(oids::ms_certificate_template_name.dotted()), false, template_name{nv.value}, nv.pos});
            return;
        }
}

}  // namespace certreq::model
