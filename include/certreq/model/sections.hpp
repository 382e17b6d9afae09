// model/sections.hpp: the policy-style sections of spec §5.3 and
// [RequestAttributes] (§5.2) -> model extensions and name/value pairs.
//
// Each extension section belongs to the registered kind that lists it in its
// `sections[]` (model/extension_registry.hpp): [EnhancedKeyUsageExtension],
// [BasicConstraintsExtension], [(Application)PolicyStatementExtension] and its
// policy sections, [(Application)PolicyConstraintsExtension],
// [(Application)PolicyMappingsExtension], [NameConstraintsExtension] and its
// subtree sections. This file gives the kinds their reader (section_reader),
// reads `Critical =` for them, and says which verb reads which sections in
// which order is up to the verb (model/lower.ipp, verbs/policy.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/attrib_option.hpp"
#include "certreq/model/extension_registry.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/text_extensions.hpp"
#include "certreq/model/values.hpp"

namespace certreq::model {

// section_refs remembers which sections some key named (for the
// "unreferenced section" warning).
struct section_refs {
    std::vector<std::string> names;
    void mark(std::string_view n) { names.emplace_back(n); }
    bool has(std::string_view n) const noexcept {
        for (auto& x : names)
            if (inf::iequals(x, n)) return true;
        return false;
    }
};

// warn_unknown_line: a line of `s` no key of it reads: a warning, not an error.
inline void warn_unknown_line(const inf::section& s, const inf::entry& e, diagnostics& d) {
    if (!e.has_key) d.warning(e.pos, "[" + s.name + "]: line without a key ignored: " + quote(e.value.view()));
    else d.warning(e.key.start(), "[" + s.name + "]: unknown key " + quote(e.key.view()) + " ignored");
}

// section_reader: what a kind's lower_section(r) reads its section with.
// Every error it reports (and every error through error()) clears `ok`;
// lower_extension_section drops the extension then.
struct section_reader {
    const inf::document& doc;
    const inf::section& section;  // the extension's section
    section_refs& refs;
    diagnostics& d;
    bool ok = true;

    static bool is(const inf::entry& e, std::string_view key) noexcept { return e.has_key && inf::iequals(e.key.view(), key); }
    static trimmed_ref trimmed(const located_text& v) { return trim_ref(v); }
    static bool is_dotted_oid(std::string_view s) noexcept { return model::is_dotted_oid(s); }
    static std::string quote(std::string_view s) { return model::quote(s); }

    void error(position p, std::string message) {
        d.error(p, std::move(message));
        ok = false;
    }
    void unknown(const inf::section& s, const inf::entry& e) const { warn_unknown_line(s, e, d); }
    // skip: a line of the extension's section the kind does not read (Critical= is read here).
    void skip(const inf::entry& e) const {
        if (!is(e, "Critical")) unknown(section, e);
    }
    // oid: the entry's value as a dotted OID.
    std::optional<std::string> oid(const inf::entry& e, std::string_view what) {
        auto v = trim_ref(e.value);
        if (!is_dotted_oid(v.text)) {
            error(v.pos, std::string(what) + ": invalid object identifier " + quote(v.text));
            return std::nullopt;
        }
        return v.str();
    }
    // number: the entry's value as a decimal or 0x number up to 2^32-1.
    std::optional<std::uint32_t> number(const inf::entry& e, std::string_view what) {
        auto n = parse_number(e.value, what, d);
        if (!n) ok = false;
        return n ? std::optional<std::uint32_t>(std::uint32_t(*n)) : std::nullopt;
    }
    // each_item calls f(item, offset) for every non-blank item of a comma list.
    template <class F>
    static void each_item(const located_text& list_text, F&& f) {
        std::string_view list = list_text.view();
        for (std::size_t i = 0; i <= list.size();) {
            std::size_t c = list.find(',', i);
            if (c == std::string_view::npos) c = list.size();
            const auto [b, en] = trim_offsets(list, i, c);
            if (b < en) f(list.substr(b, en - b), b);
            if (c == list.size()) break;
            i = c + 1;
        }
    }
    // referenced: the section a key names (`what`: "policy", "subtree"),
    // marked as read; an error at `at` when the INF has none.
    const inf::section* referenced(position at, std::string_view name, std::string_view what) {
        refs.mark(name);
        const inf::section* s = doc.find(name);
        if (!s) error(at, "[" + section.name + "]: " + std::string(what) + " section [" + std::string(name) + "] not found");
        return s;
    }
    // subtree_name: a subtree line `DNS = a.example` as one general name.
    std::optional<general_name> subtree_name(const inf::section& sub, const inf::entry& se) {
        // Re-join `key=value` so the general-name reader sees one token.
        located_text line = model::trimmed(se.key);
        std::size_t name_len = line.size();
        line.append("=", se.value.start(), false);
        auto val = model::trimmed(se.value);
        std::size_t value_at = line.size();
        line.append(val);
        text_token t{line.view().substr(0, name_len), line.view().substr(value_at), 0, value_at};
        auto gn = parse_general_name(line, t, "[" + sub.name + "]", true, d);
        if (!gn) ok = false;
        return gn;
    }
};

// is_extension_section: whether a registered kind reads the section `name`.
constexpr bool is_extension_section(std::string_view name) noexcept {
    bool found = false;
    each_section_form([&](const section_form& f, auto) { found = found || inf::iequals(f.name, name); });
    return found;
}

// lists_every_extension_section: whether `names` (a verb's reading order)
// holds every section a registered kind reads; the verbs static_assert it.
template <std::size_t N>
constexpr bool lists_every_extension_section(const std::string_view (&names)[N]) noexcept {
    bool all = true;
    each_section_form([&](const section_form& f, auto) {
        bool listed = false;
        for (auto n : names) listed = listed || inf::iequals(n, f.name);
        all = all && listed;
    });
    return all;
}

// lower_extension_section: the section `name` of `doc`, when present, through
// the registered kind that reads it; nothing when the INF has no such section,
// or when it had errors (each reported).
inline std::optional<extension> lower_extension_section(const inf::document& doc, std::string_view name, section_refs& refs,
                                                        diagnostics& d) {
    const inf::section* s = doc.find(name);
    if (!s) return std::nullopt;
    std::optional<extension> out;
    each_section_form([&](const section_form& form, auto k) {
        if (!inf::iequals(form.name, name)) return;
        section_reader r{doc, *s, refs, d};
        bool critical = false;
        if (auto* c = s->find("Critical")) {
            auto b = parse_bool(c->value, "Critical", d);
            if (!b) r.ok = false;
            critical = b.value_or(false);
        }
        auto v = decltype(k)::type::lower_section(r);
        if (r.ok && v) out = extension{std::string(form.oid), critical, std::move(*v), s->pos};
    });
    return out;
}

// lower_request_attributes: each `Name = Value` -> one name/value pair, in order.
// RequesterName is refused there, as Windows does (it belongs in [NewRequest]).
inline std::vector<name_value> lower_request_attributes(const inf::section& s, diagnostics& d) {
    std::vector<name_value> out;
    for (auto& e : s.entries) {
        if (!e.has_key) {
            warn_unknown_line(s, e, d);
            continue;
        }
        auto k = trim_ref(e.key);
        if (inf::iequals(k.text, "RequesterName")) {
            d.error(k.pos, "[RequestAttributes]: RequesterName is not allowed here (Windows: \"The data is invalid\"); "
                               "put it in [NewRequest]");
            continue;
        }
        out.push_back({k.str(), trim_ref(e.value).str(), k.pos});
    }
    return out;
}

}  // namespace certreq::model
