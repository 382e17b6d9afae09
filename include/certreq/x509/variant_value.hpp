// x509/variant_value.hpp: an encodable for a std::variant of model types.
// `ToDer` is a stateless function object overloaded per alternative, each
// returning that alternative's DER value; the size is taken once, the value
// rebuilt to write (DER values are cheap views).
#pragma once
#include <cstddef>
#include <variant>

#include "certreq/der/writer.hpp"

namespace certreq::x509 {

template <class Variant, class ToDer>
class variant_value {
public:
    explicit variant_value(const Variant& v) noexcept
        : v_(&v), size_(std::visit([](const auto& alt) { return ToDer{}(alt).encoded_size(); }, v)) {}
    std::size_t encoded_size() const noexcept { return size_; }
    void write(der::writer& w) const noexcept {
        std::visit([&](const auto& alt) { ToDer{}(alt).write(w); }, *v_);
    }

private:
    const Variant* v_;
    std::size_t size_;
};

}  // namespace certreq::x509
