// inf/parse.hpp: source text -> sections and entries, as written (no
// %string% substitution, no _continue_ folding yet: see strings.hpp and
// continue.hpp). Physical lines are split here; each is parsed by the X3
// grammar (grammar_def.hpp). Multi-line constructs are joined here:
//   - a trailing '\' joins the next line that is not a comment line;
//   - a quote left open at the end of a line is joined with the next line when
//     that line closes it cleanly (a broken quoted value, warned); otherwise
//     the value runs to the end of its line (warned).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
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
#include "certreq/inf/simple_line.hpp"

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

// line_reader walks the lines of one source and fills `sections`.
class line_reader {
public:
    line_reader(const source_text& src, diagnostics& diags) : src_(src), diags_(diags), pos_(src) {}

    std::vector<section> run() {
        const std::uint32_t n = static_cast<std::uint32_t>(src_.line_count());
        for (std::uint32_t ln = 1; ln <= n; ++ln) {
            // A hopeless file (binary data, say) stops early instead of
            // piling up millions of messages.
            if (diags_.items().size() >= limits::max_diagnostics) {
                diags_.stop_error({ln, 1}, "too many errors and warnings; the rest of the file is not read");
                break;
            }
            std::string_view line;
            if (!fetch(ln, line)) continue;
            std::size_t first = 0;
            while (first < line.size() && is_blank(line[first])) ++first;
            if (first == line.size() || line[first] == ';') continue;
            if (line[first] == '[')
                header(ln, line, first);
            else
                ln = parse_entry(ln, line, first);
        }
        return std::move(sections_);
    }

private:
    // fetch returns line `ln`, or false (with an error) if it is too long.
    bool fetch(std::uint32_t ln, std::string_view& line) {
        line = line_at(ln);
        if (line.size() <= limits::max_line_bytes) return true;
        diags_.error({ln, 1}, "line longer than " + std::to_string(limits::max_line_bytes) + " bytes");
        return false;
    }

    // line_at is source_text::line without the byte-by-byte search for the
    // line end: the next line's start is known, and only CR, LF or CRLF can
    // sit between (a line holds no CR or LF).
    std::string_view line_at(std::uint32_t ln) const noexcept {
        std::string_view text = src_.text();
        if (ln == 0 || ln > src_.line_count()) return {};
        std::size_t b = src_.offset_of_line(ln);
        std::size_t e = ln < src_.line_count() ? src_.offset_of_line(ln + 1) : text.size();
        if (e > b && text[e - 1] == '\n') --e;
        if (e > b && text[e - 1] == '\r') --e;
        return text.substr(b, e - b);
    }

    parser::line_reporter reporter(std::uint32_t ln, std::string_view line) {
        return parser::line_reporter{&diags_, line.data(), ln};
    }

    void header(std::uint32_t ln, std::string_view line, std::size_t first) {
        namespace x3 = boost::spirit::x3;
        ast::section_header h;
        auto rep = reporter(ln, line);
        const char* it = line.data() + first;
        const char* end = line.data() + line.size();
        bool ok = simple_header(it, end, h) ||
                  x3::parse(it, end, x3::with<parser::error_reporter_tag>(std::cref(rep))[parser::section_line], h);
        if (!ok) {
            current_ = none;
            skipping_ = true;
            return;
        }
        std::string_view name = view(h.name);
        while (!name.empty() && is_blank(name.front())) name.remove_prefix(1);
        while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
        std::string_view trailing = view(h.trailing);
        std::size_t t = 0;
        while (t < trailing.size() && is_blank(trailing[t])) ++t;
        if (t < trailing.size()) diags_.warning(pos_.at(trailing.data() + t), "text after the section header is ignored");
        position p = pos_.at(line.data() + first);
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
        reserve_entries(ln);
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

    // reserve_entries makes room for the entries of the section whose header
    // is line `ln`: one per following line that is not blank, a comment or a
    // header (an upper bound), so the entries are not moved as the vector
    // grows. Capacity at least doubles, so merged duplicates stay linear.
    void reserve_entries(std::uint32_t ln) {
        const std::uint32_t n = static_cast<std::uint32_t>(src_.line_count());
        std::size_t count = 0;
        for (std::uint32_t k = ln + 1; k <= n; ++k) {
            std::string_view l = line_at(k);
            std::size_t f = 0;
            while (f < l.size() && is_blank(l[f])) ++f;
            if (f == l.size() || l[f] == ';') continue;
            if (l[f] == '[') break;
            ++count;
        }
        auto& es = sections_[current_].entries;
        if (es.size() + count > es.capacity()) es.reserve(std::max(es.size() + count, 2 * es.capacity()));
    }

    static bool open_quote(const ast::parts& ps) {
        return !ps.empty() && ps.back().kind == ast::part_kind::unterminated;
    }
    static bool continued(const ast::parts& ps) {
        return !ps.empty() && ps.back().kind == ast::part_kind::continuation;
    }
    static bool has_equals(const ast::parts& ps) {
        for (auto& p : ps)
            if (p.kind == ast::part_kind::equals) return true;
        return false;
    }

    // parse_entry parses the entry starting on line `ln` (and any lines it pulls
    // in); returns the last line consumed.
    std::uint32_t parse_entry(std::uint32_t ln, std::string_view line, std::size_t first) {
        namespace x3 = boost::spirit::x3;
        parts_.clear();
        start_ = line.data() + first;
        const char* it = start_;
        if (!simple_entry(start_, line.data() + line.size(), parts_))
            x3::parse(it, line.data() + line.size(), parser::entry_line, parts_);
        bool seen_equals = has_equals(parts_);   // kept up to date: chains of '\' stay linear
        const std::uint32_t n = static_cast<std::uint32_t>(src_.line_count());
        for (;;) {
            if (continued(parts_)) {
                std::uint32_t next = ln + 1;
                std::string_view nl;
                std::size_t f = 0;
                for (; next <= n; ++next) {
                    nl = line_at(next);
                    f = 0;
                    while (f < nl.size() && is_blank(nl[f])) ++f;
                    if (f == nl.size() || nl[f] != ';') break;
                }
                if (next > n) {
                    diags_.warning(pos_.at(parts_.back().text.begin()), "line continuation '\\' at the end of the file");
                    break;
                }
                if (f < nl.size() && nl[f] == '[') {
                    diags_.warning(pos_.at(parts_.back().text.begin()),
                                   "line continuation '\\' before a section header is ignored");
                    break;
                }
                if (!fetch(next, nl)) {
                    ln = next;
                    break;
                }
                ln = next;
                more_.clear();
                it = nl.data();
                if (seen_equals) {
                    x3::parse(it, nl.data() + nl.size(), parser::value_line, more_);
                } else {
                    x3::parse(it, nl.data() + nl.size(), parser::entry_line, more_);
                    seen_equals = has_equals(more_);
                }
                parts_.insert(parts_.end(), more_.begin(), more_.end());
                continue;
            }
            if (open_quote(parts_)) {
                ast::part& q = parts_.back();
                position qp = pos_.at(q.text.begin() - 1);
                if (ln < n && join_quote(ln + 1)) {
                    diags_.warning(qp, "quoted value continues on the next line; the line break is dropped");
                    ++ln;
                    continue;
                }
                diags_.warning(qp, "missing closing quote; the value runs to the end of the line");
            }
            break;
        }
        add_entry();
        return ln;
    }

    // join_quote appends line `ln` if it closes the quote left open above.
    bool join_quote(std::uint32_t ln) {
        namespace x3 = boost::spirit::x3;
        std::string_view nl = src_.line(ln);
        if (nl.size() > limits::max_line_bytes) return false;
        std::size_t f = 0;
        while (f < nl.size() && is_blank(nl[f])) ++f;
        if (f == nl.size() || nl[f] == '[') return false;
        more_.clear();
        const char* it = nl.data();
        if (!x3::parse(it, nl.data() + nl.size(), parser::quoted_tail, more_)) return false;
        for (auto& p : more_)
            if (p.kind == ast::part_kind::unterminated || p.kind == ast::part_kind::smart_unterminated) return false;
        parts_.back().kind = ast::part_kind::quoted;
        parts_.insert(parts_.end(), more_.begin(), more_.end());
        return true;
    }

    void warn_quotes() {
        using k = ast::part_kind;
        for (auto& p : parts_) {
            if (p.kind == k::smart_quoted || p.kind == k::smart_unterminated || p.kind == k::smart_single)
                diags_.warning(pos_.at(p.text.begin() - 3), "typographic quote used as an INF quote");
            if (p.kind == k::smart_unterminated)
                diags_.warning(pos_.at(p.text.begin() - 3), "missing closing quote; the value runs to the end of the line");
        }
    }

    void add_entry() {
        using k = ast::part_kind;
        warn_quotes();
        if (parts_.empty()) return;
        position p = pos_.at(start_);
        if (current_ == none) {
            if (!skipping_ && !reported_outside_) {
                diags_.error(p, "entry before the first [section] header");
                reported_outside_ = true;
            }
            return;
        }
        std::size_t eq = 0;
        while (eq < parts_.size() && parts_[eq].kind != k::equals) ++eq;
        // Built in place: an entry is large, moving it costs.
        inf::entry& e = sections_[current_].entries.emplace_back();
        e.pos = p;
        if (eq < parts_.size()) {
            build(e.key, 0, eq, parts_[eq].text.begin(), nullptr);
            build(e.value, eq + 1, parts_.size(), parts_[eq].text.end(), &e.quoted);
            if (e.key.empty()) diags_.warning(p, "entry with an empty key");
        } else {
            e.has_key = false;
            build(e.value, 0, parts_.size(), start_, &e.quoted);
        }
        std::string_view v = e.value.view();
        if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
            diags_.warning(e.value.start(), "single quotes are not INF quotes; they are kept in the value");
    }

    // build joins parts [b, e) into `out` (empty): quotes removed ("" -> "),
    // blanks trimmed at both ends, a '\' joint becomes one blank when either
    // side had blanks, later '=' are text.
    void build(located_text& out, std::size_t b, std::size_t e, const char* empty_at, bool* quoted) {
        using k = ast::part_kind;
        // Trimmed in place: parts_ is not needed once the entry is built.
        std::span<ast::part> work(parts_.data() + b, e - b);
        auto blank_only = [](const ast::part& p) {
            for (char c : view(p.text))
                if (!is_blank(c)) return false;
            return true;
        };
        // Trim the ends: leading/trailing blanks of plain text, stray '\'.
        std::size_t lo = 0, hi = work.size();
        while (lo < hi) {
            auto& p = work[lo];
            if (p.kind == k::continuation || (p.kind == k::plain && blank_only(p))) {
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
            if (p.kind == k::continuation || (p.kind == k::plain && blank_only(p))) {
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
                    if (i + 1 < hi && work[i + 1].kind == k::continuation) {
                        auto s = p.text.end();
                        while (s != p.text.begin() && is_blank(*(s - 1))) --s;
                        joint_blank = s != p.text.end();
                        p.text = ast::range(p.text.begin(), s);
                    }
                    if (!p.text.empty()) out.append(view(p.text), pos_.at(p.text.begin()));
                    break;
                case k::equals: out.append("=", pos_.at(p.text.begin())); break;
                case k::continuation: {
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
                case k::unterminated: {
                    if (quoted) *quoted = true;
                    // Split at each "" so every piece keeps its exact column.
                    const char* s = p.text.begin();
                    const char* end = p.text.end();
                    const char* run = s;
                    while (s < end) {
                        if (*s == '"' && s + 1 < end && s[1] == '"') {
                            if (s + 1 > run) out.append(std::string_view(run, static_cast<std::size_t>(s + 1 - run)), pos_.at(run));
                            s += 2;
                            run = s;
                        } else {
                            ++s;
                        }
                    }
                    if (end > run) out.append(std::string_view(run, static_cast<std::size_t>(end - run)), pos_.at(run));
                    break;
                }
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
    ast::parts parts_, more_;         // reused from line to line
    const char* start_ = nullptr;     // first character of the current entry
    std::unordered_map<std::string, std::size_t> index_;   // lower-cased name -> section
    std::string lower_;
};

}  // namespace detail

// parse_source reads the sections and entries of `src` as written: quotes
// and comments removed, '\' and broken-quote lines joined, positions kept.
// Entries before the first header are an error (SetupAPI's
// ERROR_EXPECTED_SECTION_NAME) and are dropped.
inline std::vector<section> parse_source(const source_text& src, diagnostics& diags) {
    return detail::line_reader(src, diags).run();
}

}  // namespace certreq::inf
