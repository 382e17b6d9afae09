// inf/strings.hpp: %name% substitution from [Strings].
//
//   [Strings]                       [Extensions]
//   szOID_SAN = "2.5.29.17"         %szOID_SAN% = "{text}dns=a"
//   -> key "2.5.29.17", value "{text}dns=a"
//
// Rules (INF2, plus choices where it is silent):
//   - names are case-insensitive; [Strings] wins over [Strings.<LangID>]
//     sections, which are used for names [Strings] lacks; the first
//     definition of a name wins (later ones warned);
//   - keys and values of every other section are substituted, inside quotes too;
//   - `%%` is one `%`; a `%` whose partner is missing, or with blanks before
//     the next `%`, is plain text (so "50% of 20%" stays as is);
//   - an undefined %name% stays as written, with a warning at its position;
//   - not recursive: the substituted text is not scanned again, and [Strings]
//     values are taken literally (no %...% inside them is expanded);
//   - substituted text maps, as a non-exact piece, to the `%name%` it replaced.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/inf/limits.hpp"

namespace certreq::inf {

// is_strings_section says whether `name` is [Strings] or [Strings.<suffix>].
inline bool is_strings_section(std::string_view name) noexcept {
    if (name.size() < 7 || !iequals(name.substr(0, 7), "strings")) return false;
    return name.size() == 7 || name[7] == '.';
}

// string_table maps lower-cased names to [Strings] entries.
class string_table {
public:
    explicit string_table(const std::vector<section>& sections, diagnostics& diags) {
        // [Strings] first, then the language variants.
        for (int pass = 0; pass < 2; ++pass)
            for (auto& s : sections) {
                if (!is_strings_section(s.name) || (s.name.size() == 7) != (pass == 0)) continue;
                for (auto& e : s.entries) {
                    if (!e.has_key) continue;
                    auto [it, fresh] = map_.try_emplace(lower(e.key.view()), &e);
                    if (!fresh && pass == 0 && diags.items().size() < limits::max_diagnostics)
                        diags.warning(e.pos, "string " + e.key.str() + " defined again; the first definition is used");
                }
            }
    }

    bool empty() const noexcept { return map_.empty(); }

    const entry* find(std::string_view name) const {
        auto it = map_.find(lower(name));
        return it == map_.end() ? nullptr : it->second;
    }

private:
    static std::string lower(std::string_view s) {
        std::string r(s);
        for (auto& c : r)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return r;
    }
    std::unordered_map<std::string, const entry*> map_;
};

// substitution_budget bounds the bytes all substitutions of one file may
// add (a 16 MiB file of `k=%s%` lines with a 4096-character %s% would
// otherwise need gigabytes). When it runs out, the remaining names stay as
// written and one error is reported.
struct substitution_budget {
    std::size_t left = std::size_t(64) << 20;
    bool reported = false;
};

namespace detail {

// piece_cursor walks a located_text's pieces forward, so positions and
// copies cost time linear in the text (located_text::at and substr rescan
// the pieces on every call).
class piece_cursor {
public:
    explicit piece_cursor(const located_text& t) : t_(t) {
        if (!t.pieces().empty()) pos_ = t.pieces()[0].pos, off_ = t.pieces()[0].offset;
    }

    // at returns the position of byte `o`; calls must not go backwards.
    position at(std::size_t o) {
        seek(o);
        if (t_.pieces().empty()) return {};
        const auto& pc = t_.pieces()[k_];
        if (!pc.exact || !pos_.known()) return pc.pos;
        for (; off_ < o && off_ < t_.size(); ++off_)
            if ((static_cast<unsigned char>(t_.str()[off_]) & 0xC0) != 0x80) ++pos_.column;
        return pos_;
    }

    // copy appends bytes [a, b) of the text to `out`, piece by piece.
    void copy(located_text& out, std::size_t a, std::size_t b) {
        while (a < b) {
            position p = at(a);
            std::size_t end = b;
            if (k_ + 1 < t_.pieces().size() && t_.pieces()[k_ + 1].offset < end) end = t_.pieces()[k_ + 1].offset;
            bool exact = t_.pieces().empty() || t_.pieces()[k_].exact;
            out.append(t_.view().substr(a, end - a), p, exact);
            a = end;
        }
    }

private:
    void seek(std::size_t o) {
        auto ps = t_.pieces();
        while (k_ + 1 < ps.size() && ps[k_ + 1].offset <= o) {
            ++k_;
            pos_ = ps[k_].pos;
            off_ = ps[k_].offset;
        }
    }

    const located_text& t_;
    std::size_t k_ = 0;
    std::size_t off_ = 0;
    position pos_{};
};

}  // namespace detail

// substitute replaces %name% in `t`; returns false if nothing changed. A
// text over 4 * 4096 bytes is left alone: it is over the 4096-character
// limit anyway (reported by the reader).
inline bool substitute(located_text& t, const string_table& table, diagnostics& diags, substitution_budget& budget) {
    std::string_view s = t.view();
    std::size_t p = s.find('%');
    if (p == std::string_view::npos || s.size() > 4 * limits::max_value_chars) return false;
    located_text out;
    detail::piece_cursor cur(t);
    std::size_t copied = 0;   // bytes of `t` already in `out`
    auto copy_to = [&](std::size_t end) {
        if (end > copied) cur.copy(out, copied, end);
        copied = end;
    };
    bool changed = false;
    while (p != std::string_view::npos) {
        std::size_t q = s.find('%', p + 1);
        if (q == std::string_view::npos) break;
        std::string_view name = s.substr(p + 1, q - p - 1);
        bool blank = name.find_first_of(" \t\v\f") != std::string_view::npos;
        if (blank) {
            p = q;   // this '%' is text; the next may open a name
            continue;
        }
        copy_to(p);
        position at = cur.at(p);
        if (name.empty()) {
            out.append("%", at);
            changed = true;
        } else if (const entry* e = table.find(name); e && e->value.size() <= budget.left) {
            if (!e->value.empty()) out.append(e->value.view(), at, false);
            budget.left -= e->value.size();
            changed = true;
        } else if (e) {
            if (!budget.reported)
                diags.error(at, "too much %string% substitution in this file (over 64 MiB); the rest is left as written");
            budget.reported = true;
            copy_to(q + 1);
        } else {
            if (diags.items().size() < limits::max_diagnostics)
                diags.warning(at, "undefined string %" + std::string(name) + "% kept as written");
            copy_to(q + 1);
        }
        copied = q + 1;
        p = s.find('%', q + 1);
    }
    if (!changed) return false;
    copy_to(s.size());
    if (out.empty()) out = located_text(std::string(), t.start());
    t = std::move(out);
    return true;
}

// substitute_strings applies [Strings] to the keys and values of every other
// section.
inline void substitute_strings(std::vector<section>& sections, diagnostics& diags) {
    string_table table(sections, diags);
    substitution_budget budget;
    for (auto& s : sections) {
        if (is_strings_section(s.name)) continue;
        for (auto& e : s.entries) {
            substitute(e.key, table, diags, budget);
            substitute(e.value, table, diags, budget);
        }
    }
}

}  // namespace certreq::inf
