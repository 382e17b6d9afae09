// asn1/view_base.hpp: what every typed read view is (asn1/views.hpp,
// cms_views.hpp, cmc_views.hpp, cmp_views.hpp): one value decoded once, its
// fields read by name through the view's accessors, so the libtasn1 element
// paths stay in this layer. A view borrows the DER it was read from: the
// read_* functions are deleted for temporaries.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::asn1 {

namespace detail {
// elements_of: each present element of the SEQUENCE OF / SET OF at `path`, whole.
inline std::vector<tlv> elements_of(const decoded& d, std::string_view path) {
    std::vector<tlv> out;
    for (std::size_t i = 1, n = d.count(path); i <= n; ++i)
        if (auto e = d.element(item(path, i))) out.push_back(*e);
    return out;
}
}  // namespace detail

class view_base {
public:
    explicit view_base(decoded d) : d_(std::move(d)) {}
    const decoded& tree() const noexcept { return d_; }
    byte_view der() const noexcept { return d_.der(); }

protected:
    decoded d_;
};

// read_as decodes `der` (`base`: its offset in the whole input) as `type` of
// module `m` into a View; the error is decode()'s ("Type: ...", offset, element).
template <class View>
core::result<View> read_as(module m, std::string_view type, byte_view der, std::size_t base = 0,
                           std::size_t long_list = SIZE_MAX) {
    auto d = decode(m, type, der, base, long_list);
    if (!d) return d.error;
    return View(std::move(*d.value));
}

}  // namespace certreq::asn1
