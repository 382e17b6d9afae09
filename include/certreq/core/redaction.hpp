// core/redaction.hpp: what a diagnostic must never show (the challenge
// password). A secret is known by its text, starred wherever a message or a
// quoted source line holds it, and by the source characters it was read from
// (spans), starred even where they do not spell the whole text: a _continue_
// fragment, a [Strings] definition, a value split by "" quoting. Redaction is
// by meaning: the INF reader and the -attrib parser register what ends up as
// the challenge password; diagnostics::format applies it when it prints.
//
// Stars replace characters one for one (UTF-8 continuation bytes dropped),
// so the caret under a quoted line stays aligned.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/core/position.hpp"

namespace certreq {

class redaction {
public:
    // Past this many distinct texts, further ones are starred only where their
    // spans are (a hostile file with a million passwords must not make every
    // message cost a million searches).
    static constexpr std::size_t max_texts = 64;
    // quote() (model/values.hpp) shows a value over 60 bytes as its first 57 and "...".
    static constexpr std::size_t quoted_prefix = 57;

    // add_text makes `s` secret wherever it appears ("" is ignored). A long
    // text's shortened form, as quote() prints it, is secret too.
    void add_text(std::string_view s) {
        if (s.empty()) return;
        add_one(s);
        if (s.size() > quoted_prefix + 3) {
            std::size_t cut = quoted_prefix;
            while (cut > 0 && is_continuation(s[cut])) --cut;
            add_one(s.substr(0, cut));
        }
    }

    // add_span makes `chars` characters of source line `at.line`, from column
    // `at.column` on, secret. Spans on one line merge into one run, so quote
    // characters between two pieces of a value are starred too.
    void add_span(position at, std::size_t chars) {
        if (!at.known() || chars == 0) return;
        std::uint32_t last = at.column + static_cast<std::uint32_t>(std::min<std::size_t>(chars, 1u << 30)) - 1;
        auto [it, fresh] = spans_.try_emplace(at.line, at.column, last);
        if (!fresh) it->second = {std::min(it->second.first, at.column), std::max(it->second.second, last)};
    }

    void merge(const redaction& o) {
        for (auto& t : o.texts_) add_one(t);
        for (auto& [line, run] : o.spans_) add_span({line, run.first}, run.second - run.first + 1);
    }

    bool empty() const noexcept { return texts_.empty() && spans_.empty(); }

    // mask returns `text` with every secret text starred.
    std::string mask(std::string_view text) const {
        std::vector<bool> hit;
        mark_texts(text, hit);
        return hit.empty() ? std::string(text) : starred(text, hit);
    }

    // mask_line returns source line `line_no` with its spans, its secret texts
    // and the value of a literal `ChallengePassword = ...` starred; the
    // result is `line` itself or lives in `buf`.
    std::string_view mask_line(std::uint32_t line_no, std::string_view line, std::string& buf) const {
        std::vector<bool> hit;
        mark_texts(line, hit);
        auto mark = [&](std::size_t b, std::size_t e) {
            if (hit.empty()) hit.assign(line.size(), false);
            std::fill(hit.begin() + static_cast<std::ptrdiff_t>(b), hit.begin() + static_cast<std::ptrdiff_t>(e), true);
        };
        if (auto it = spans_.find(line_no); it != spans_.end()) {
            auto [b, e] = byte_range(line, it->second.first, it->second.second);
            if (b < e) mark(b, e);
        }
        if (std::size_t v = literal_secret_value(line); v < line.size()) mark(v, line.size());
        if (hit.empty()) return line;
        buf = starred(line, hit);
        return buf;
    }

    // literal_secret_value: where the value starts on a line whose key, as
    // written (quotes and blanks aside), is ChallengePassword in any case, or
    // on a line that starts with that word and has no '=' (a forgotten '=',
    // or `ChallengePassword: value`); npos for other lines. A safety net for
    // lines the reader dropped (before the first section, after a broken
    // header), which never became entries.
    static std::size_t literal_secret_value(std::string_view line) {
        constexpr std::string_view word = "ChallengePassword";
        auto skip = [&](std::size_t i, std::string_view chars) {
            while (i < line.size() && chars.find(line[i]) != std::string_view::npos) ++i;
            return i;
        };
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            std::size_t i = skip(0, " \t\"");
            if (!iequals(line.substr(i, word.size()), word)) return std::string_view::npos;
            i += word.size();
            if (i < line.size() && std::string_view(" \t\":").find(line[i]) == std::string_view::npos) return std::string_view::npos;
            return skip(skip(skip(i, "\""), " \t:"), " \t");
        }
        std::string key;
        for (char c : line.substr(0, eq))
            if (c != ' ' && c != '\t' && c != '"') key += c;
        if (!iequals(key, word)) return std::string_view::npos;
        return skip(eq + 1, " \t");
    }

private:
    static bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

    void add_one(std::string_view s) {
        if (s.empty() || texts_.size() >= max_texts) return;
        if (std::find(texts_.begin(), texts_.end(), s) == texts_.end()) texts_.emplace_back(s);
    }

    // mark_texts sets hit[i] for every byte inside an occurrence of a secret
    // text (`hit` stays empty when there is none).
    void mark_texts(std::string_view s, std::vector<bool>& hit) const {
        for (auto& t : texts_)
            for (std::size_t at = s.find(t); at != std::string_view::npos; at = s.find(t, at + 1)) {
                if (hit.empty()) hit.assign(s.size(), false);
                std::fill(hit.begin() + static_cast<std::ptrdiff_t>(at),
                          hit.begin() + static_cast<std::ptrdiff_t>(at + t.size()), true);
            }
    }

    // byte_range maps columns [first, last] of `line` to bytes [b, e).
    static std::pair<std::size_t, std::size_t> byte_range(std::string_view line, std::uint32_t first, std::uint32_t last) {
        std::size_t b = line.size(), e = line.size();
        std::uint32_t col = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (is_continuation(line[i])) continue;
            ++col;
            if (col == first) b = i;
            if (col == last + 1) {
                e = i;
                break;
            }
        }
        return {std::min(b, e), e};
    }

    // starred: one '*' per character with a byte in `hit`.
    static std::string starred(std::string_view s, const std::vector<bool>& hit) {
        std::string out;
        out.reserve(s.size());
        for (std::size_t i = 0; i < s.size();) {
            std::size_t n = 1;
            while (i + n < s.size() && is_continuation(s[i + n])) ++n;
            bool secret = false;
            for (std::size_t k = i; k < i + n; ++k) secret = secret || hit[k];
            if (secret) out += '*';
            else out.append(s.substr(i, n));
            i += n;
        }
        return out;
    }

    std::vector<std::string> texts_;
    std::map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> spans_;  // line -> first..last column
};

}  // namespace certreq
