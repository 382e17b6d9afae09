// inf/parse.hpp: source text -> sections and entries, as written (no
// %string% substitution, no _continue_ folding yet: see strings.hpp and
// continue.hpp). The X3 grammar (grammar_def.hpp) reads the text one
// statement at a time; this file resolves each statement as it comes:
// headers open (or reopen) sections, entries get their key and value built
// from the parts (quotes removed, blanks trimmed, joints of continued lines),
// and the quirks the grammar recognised are reported.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/core/source.hpp"
#include "certreq/inf/ast.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/inf/grammar_def.hpp"
#include "certreq/inf/limits.hpp"
#include "certreq/inf/position_tracker.hpp"

namespace certreq::inf {

namespace detail {

inline bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

inline std::size_t count_chars(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

inline std::string_view view(const ast::range& r) noexcept {
    return {r.begin(), static_cast<std::size_t>(r.end() - r.begin())};
}

inline bool is_continuation(ast::part_kind k) noexcept {
    using pk = ast::part_kind;
    return k == pk::continuation || k == pk::dangling_at_eof || k == pk::dangling_at_header || k == pk::dangling_at_long;
}

// statement_reader applies the grammar's `line` rule over one source and
// fills `sections`.
class statement_reader {
public:
    statement_reader(const source_text& src, diagnostics& diags) : src_(src), diags_(diags), pos_(src) {}

    std::vector<section> run() {
        namespace x3 = boost::spirit::x3;
        const std::string_view text = src_.text();
        const char* it = text.data();
        const char* const end = it + text.size();
        // Text that ends with a line end has one more (empty) line.
        const bool last_line_empty = text.empty() || text.back() == '\n' || text.back() == '\r';
        parser::error_reporter reporter{&diags_, &pos_};
        const auto line = x3::with<parser::error_reporter_tag>(std::cref(reporter))[parser::line];
        ast::parts st;
        st.reserve(16);   // reused by every statement of the file
        for (;;) {
            if (it == end && !last_line_empty) break;
            // A hopeless file (binary data, say) stops early instead of
            // piling up millions of messages.
            if (diags_.items().size() >= limits::max_diagnostics) {
                diags_.stop_error({pos_.at(it).line, 1}, "too many errors and warnings; the rest of the file is not read");
                break;
            }
            if (it == end) break;
            st.clear();
            // Every line matches (an entry accepts any text), so parsing
            // always moves on.
            x3::parse(it, end, line, st);
            switch (ast::kind_of(st)) {
                case ast::statement_kind::empty: break;
                case ast::statement_kind::too_long:
                    diags_.error({pos_.at(st.front().where.begin()).line, 1},
                                 "line longer than " + std::to_string(limits::max_line_bytes) + " bytes");
                    break;
                case ast::statement_kind::section: header(st); break;
                case ast::statement_kind::entry: add_entry(st); break;
            }
        }
        return std::move(sections_);
    }

private:
    void header(const ast::parts& st) {
        if (!ast::header_closed(st)) {   // reported by the grammar's error handler
            current_ = none;
            skipping_ = true;
            return;
        }
        std::string_view name = view(st[0].text);
        while (!name.empty() && is_blank(name.front())) name.remove_prefix(1);
        while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
        std::string_view trailing = view(st[1].text);
        std::size_t t = 0;
        while (t < trailing.size() && is_blank(trailing[t])) ++t;
        if (t < trailing.size()) diags_.warning(pos_.at(trailing.data() + t), "text after the section header is ignored");
        position p = pos_.at(st[0].where.begin());
        if (name.empty()) {
            diags_.error(p, "empty section name");
            current_ = none;
            skipping_ = true;
            return;
        }
        if (count_chars(name) > limits::max_section_name)
            diags_.error(p, "section name longer than " + std::to_string(limits::max_section_name) + " characters");
        skipping_ = false;
        // Duplicate sections merge.
        if (current_ == none || !iequals(sections_[current_].name, name)) {
            current_ = find_section(name);
            if (current_ == none) {
                section& s = sections_.emplace_back();
                s.name.assign(name);
                s.pos = p;
                current_ = sections_.size() - 1;
                index_section(current_);
            }
        }
        reserve_entries(p.line + 1);
    }

    // reserve_entries makes room for the entries of the section whose body
    // starts on line `ln`, so they are not moved as the vector grows (an
    // entry is large). The bound is the number of lines before the next one
    // that starts with '[', less the empty and comment lines: a size hint
    // only, the grammar decides what each line is. Capacity at least
    // doubles, so merged duplicates stay linear.
    void reserve_entries(std::uint32_t ln) {
        const std::string_view text = src_.text();
        const std::uint32_t n = static_cast<std::uint32_t>(src_.line_count());
        std::size_t count = 0;
        for (std::uint32_t k = ln; k <= n; ++k) {
            std::size_t f = src_.offset_of_line(k);
            while (f < text.size() && is_blank(text[f])) ++f;
            if (f == text.size() || text[f] == '\r' || text[f] == '\n' || text[f] == ';') continue;
            if (text[f] == '[') break;
            ++count;
        }
        auto& es = sections_[current_].entries;
        if (es.size() + count > es.capacity()) es.reserve(std::max(es.size() + count, 2 * es.capacity()));
    }

    // A file has a handful of sections: a linear search beats hashing until
    // there are many (hostile files may hold millions).
    static constexpr std::size_t hash_from = 16;

    std::size_t find_section(std::string_view name) {
        if (sections_.size() < hash_from) {
            for (std::size_t i = 0; i < sections_.size(); ++i)
                if (iequals(sections_[i].name, name)) return i;
            return none;
        }
        auto it = index_.find(lower(name));
        return it == index_.end() ? none : it->second;
    }

    void index_section(std::size_t i) {
        if (sections_.size() < hash_from) return;
        if (sections_.size() == hash_from)
            for (std::size_t k = 0; k + 1 < sections_.size(); ++k) index_.emplace(lower(sections_[k].name), k);
        index_.emplace(lower(sections_[i].name), i);
    }

    const std::string& lower(std::string_view name) {
        lower_.assign(name);
        for (auto& c : lower_)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return lower_;
    }

    // warn_joints reports, in file order, the line joints the grammar found:
    // '' that could not join, quotes broken across lines or left open.
    void warn_joints(const ast::parts& ps) {
        using pk = ast::part_kind;
        for (auto& p : ps) {
            switch (p.kind) {
                case pk::dangling_at_eof:
                    diags_.warning(pos_.at(p.where.begin()), "line continuation '\\' at the end of the file");
                    break;
                case pk::dangling_at_header:
                    diags_.warning(pos_.at(p.where.begin()), "line continuation '\\' before a section header is ignored");
                    break;
                case pk::broken_quote:
                    diags_.warning(pos_.at(p.where.begin()), "quoted value continues on the next line; the line break is dropped");
                    break;
                case pk::unterminated:
                    diags_.warning(pos_.at(p.where.begin()), "missing closing quote; the value runs to the end of the line");
                    break;
                default: break;
            }
        }
    }

    void warn_quotes(const ast::parts& ps) {
        using k = ast::part_kind;
        for (auto& p : ps) {
            if (p.kind == k::smart_quoted || p.kind == k::smart_unterminated || p.kind == k::smart_single)
                diags_.warning(pos_.at(p.where.begin()), "typographic quote used as an INF quote");
            if (p.kind == k::smart_unterminated)
                diags_.warning(pos_.at(p.where.begin()), "missing closing quote; the value runs to the end of the line");
        }
    }

    void add_entry(ast::parts& parts) {
        using k = ast::part_kind;
        warn_joints(parts);
        warn_quotes(parts);
        if (parts.empty()) return;
        const char* start = parts.front().where.begin();   // the first non-blank character
        position p = pos_.at(start);
        if (current_ == none) {
            if (!skipping_ && !reported_outside_) {
                diags_.error(p, "entry before the first [section] header");
                reported_outside_ = true;
            }
            return;
        }
        std::size_t eq = 0;
        while (eq < parts.size() && parts[eq].kind != k::equals) ++eq;
        // Built in place: an entry is large, moving it costs.
        inf::entry& e = sections_[current_].entries.emplace_back();
        e.pos = p;
        if (eq < parts.size()) {
            build(e.key, parts, 0, eq, parts[eq].text.begin(), nullptr);
            build(e.value, parts, eq + 1, parts.size(), parts[eq].text.end(), &e.quoted);
            if (e.key.empty()) diags_.warning(p, "entry with an empty key");
        } else {
            e.has_key = false;
            build(e.value, parts, 0, parts.size(), start, &e.quoted);
        }
        std::string_view v = e.value.view();
        if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
            diags_.warning(e.value.start(), "single quotes are not INF quotes; they are kept in the value");
    }

    // build joins parts [b, e) into `out` (empty): quotes removed ("" -> "),
    // blanks trimmed at both ends, a '\' joint becomes one blank when either
    // side had blanks, later '=' are text.
    void build(located_text& out, ast::parts& parts, std::size_t b, std::size_t e, const char* empty_at, bool* quoted) {
        using k = ast::part_kind;
        // Trimmed in place: the parts are not needed once the entry is built.
        std::span<ast::part> work(parts.data() + b, e - b);
        auto blank_only = [](const ast::part& p) {
            for (char c : view(p.text))
                if (!is_blank(c)) return false;
            return true;
        };
        // Trim the ends: leading/trailing blanks of plain text, stray '\'.
        std::size_t lo = 0, hi = work.size();
        while (lo < hi) {
            auto& p = work[lo];
            if (is_continuation(p.kind) || (p.kind == k::plain && blank_only(p))) {
                ++lo;
                continue;
            }
            if (p.kind == k::plain) {
                auto s = p.text.begin();
                while (is_blank(*s)) ++s;
                p.text = ast::range(s, p.text.end());
            }
            break;
        }
        while (hi > lo) {
            auto& p = work[hi - 1];
            if (is_continuation(p.kind) || (p.kind == k::plain && blank_only(p))) {
                --hi;
                continue;
            }
            if (p.kind == k::plain) {
                auto s = p.text.end();
                while (is_blank(*(s - 1))) --s;
                p.text = ast::range(p.text.begin(), s);
            }
            break;
        }
        bool joint_blank = false;   // blanks before a '\' joint
        for (std::size_t i = lo; i < hi; ++i) {
            auto& p = work[i];
            switch (p.kind) {
                case k::plain:
                    if (i + 1 < hi && is_continuation(work[i + 1].kind)) {
                        auto s = p.text.end();
                        while (s != p.text.begin() && is_blank(*(s - 1))) --s;
                        joint_blank = s != p.text.end();
                        p.text = ast::range(p.text.begin(), s);
                    }
                    if (!p.text.empty()) out.append(view(p.text), pos_.at(p.text.begin()));
                    break;
                case k::equals: out.append("=", pos_.at(p.text.begin())); break;
                case k::continuation:
                case k::dangling_at_eof:
                case k::dangling_at_header:
                case k::dangling_at_long: {
                    bool spaced = joint_blank;
                    joint_blank = false;
                    if (i + 1 < hi && work[i + 1].kind == k::plain) {
                        auto& nx = work[i + 1];
                        auto s = nx.text.begin();
                        while (s != nx.text.end() && is_blank(*s)) ++s;
                        if (s != nx.text.begin()) spaced = true;
                        nx.text = ast::range(s, nx.text.end());
                    }
                    if (spaced) out.append(" ", pos_.at(p.text.begin()));
                    break;
                }
                case k::quoted:
                case k::unterminated:
                case k::broken_quote: {
                    if (quoted) *quoted = true;
                    // Split at each "" so every piece keeps its exact column;
                    // the line end inside a broken quote is dropped.
                    const char* s = p.text.begin();
                    const char* end = p.text.end();
                    const char* run = s;
                    while (s < end) {
                        if (*s == '"' && s + 1 < end && s[1] == '"') {
                            if (s + 1 > run) out.append(std::string_view(run, static_cast<std::size_t>(s + 1 - run)), pos_.at(run));
                            s += 2;
                            run = s;
                        } else if (*s == '\r' || *s == '\n') {
                            if (s > run) out.append(std::string_view(run, static_cast<std::size_t>(s - run)), pos_.at(run));
                            s += *s == '\r' && s + 1 < end && s[1] == '\n' ? 2 : 1;
                            run = s;
                        } else {
                            ++s;
                        }
                    }
                    if (end > run) out.append(std::string_view(run, static_cast<std::size_t>(end - run)), pos_.at(run));
                    break;
                }
                case k::too_long:
                case k::section_name:
                case k::section_trailing: break;   // never in an entry
                case k::smart_quoted:
                case k::smart_single:
                case k::smart_unterminated:
                    if (quoted) *quoted = true;
                    if (!p.text.empty()) out.append(view(p.text), pos_.at(p.text.begin()));
                    break;
            }
        }
        if (out.empty()) out = located_text(std::string(), pos_.at(empty_at));
    }

    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    const source_text& src_;
    diagnostics& diags_;
    position_tracker pos_;
    std::vector<section> sections_;
    std::size_t current_ = none;
    bool skipping_ = false;           // after a broken header: drop entries quietly
    bool reported_outside_ = false;   // report "before the first section" once
    std::unordered_map<std::string, std::size_t> index_;   // lower-cased name -> section
    std::string lower_;
};

}  // namespace detail

// parse_source reads the sections and entries of `src` as written: quotes
// and comments removed, '\' and broken-quote lines joined, positions kept.
// Entries before the first header are an error (SetupAPI's
// ERROR_EXPECTED_SECTION_NAME) and are dropped.
inline std::vector<section> parse_source(const source_text& src, diagnostics& diags) {
    return detail::statement_reader(src, diags).run();
}

}  // namespace certreq::inf
