// store/metadata.hpp: the store's small text files, one `name=value` per line:
//
//     # certreq store metadata v1
//     key_container=certreq-0f3c...
//     friendly_name=Web server 2026
//
// Names are [A-Za-z0-9_.-]+. Values are the rest of the line; '\' escapes
// "\\", "\n" and "\r" so any value fits on one line. Blank lines and lines
// starting with '#' are ignored; unknown names are kept (newer writers);
// CRLF line ends are accepted. A malformed line is an error naming its line.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/os/error.hpp"

namespace certreq::store {

class metadata {
public:
    // set replaces the value of `name` (keeping its place) or appends it.
    void set(std::string_view name, std::string_view value) {
        for (auto& e : entries_)
            if (e.first == name) {
                e.second = std::string(value);
                return;
            }
        entries_.emplace_back(std::string(name), std::string(value));
    }

    // get returns the value of `name`, if present.
    std::optional<std::string> get(std::string_view name) const {
        for (auto& e : entries_)
            if (e.first == name) return e.second;
        return std::nullopt;
    }

    // get_or returns the value of `name` or `fallback`.
    std::string get_or(std::string_view name, std::string_view fallback = {}) const {
        auto v = get(name);
        return v ? *v : std::string(fallback);
    }

    const std::vector<std::pair<std::string, std::string>>& entries() const noexcept { return entries_; }

    // valid_name says whether `name` may be written.
    static bool valid_name(std::string_view name) noexcept {
        if (name.empty()) return false;
        for (char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
                return false;
        return true;
    }

    // serialize returns the file text (LF line ends). Entries with invalid
    // names are not written (set() callers use fixed names).
    std::string serialize() const {
        std::string out = "# certreq store metadata v1\n";
        for (auto& [name, value] : entries_) {
            if (!valid_name(name)) continue;
            out += name;
            out += '=';
            for (char c : value) {
                if (c == '\\') out += "\\\\";
                else if (c == '\n') out += "\\n";
                else if (c == '\r') out += "\\r";
                else out += c;
            }
            out += '\n';
        }
        return out;
    }

    // parse reads serialize()'s format. Errors say "line N: ...".
    static os::result<metadata> parse(std::string_view text) {
        metadata m;
        std::size_t line_no = 0;
        while (!text.empty()) {
            ++line_no;
            std::size_t nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty() || line.front() == '#') continue;
            auto fail = [&](std::string what) {
                return core::failed("line " + std::to_string(line_no) + ": " + std::move(what));
            };
            std::size_t eq = line.find('=');
            if (eq == std::string_view::npos) return fail("expected name=value");
            std::string_view name = line.substr(0, eq);
            if (!valid_name(name)) return fail("bad name '" + std::string(name) + "'");
            std::string value;
            for (std::size_t i = eq + 1; i < line.size(); ++i) {
                char c = line[i];
                if (c != '\\') {
                    value += c;
                    continue;
                }
                if (++i == line.size()) return fail("'\\' at end of line");
                switch (line[i]) {
                    case '\\': value += '\\'; break;
                    case 'n': value += '\n'; break;
                    case 'r': value += '\r'; break;
                    default: return fail(std::string("unknown escape '\\") + line[i] + "'");
                }
            }
            m.set(name, value);  // a repeated name: the last one wins
        }
        return m;
    }

private:
    std::vector<std::pair<std::string, std::string>> entries_;
};

}  // namespace certreq::store
