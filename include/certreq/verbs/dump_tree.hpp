// verbs/dump_tree.hpp: what `certreq -dump` prints, as an ordered tree that
// renders either as indented text or as JSON, so both show the same fields.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/hex.hpp"
#include "certreq/core/terminal_text.hpp"
#include "certreq/core/utf8.hpp"

namespace certreq::verbs {

// dump_node is a string, number, boolean, object (ordered fields) or array.
// An object's values are in `items`, its field names in `keys` (a vector of
// pairs would need dump_node complete).
struct dump_node {
    enum class kind { string, number, boolean, object, array } type = kind::object;
    std::string scalar;
    std::vector<std::string> keys;
    std::vector<dump_node> items;

    static dump_node str(std::string s) { return {kind::string, std::move(s), {}, {}}; }
    static dump_node num(std::int64_t v) { return {kind::number, std::to_string(v), {}, {}}; }
    static dump_node boolean(bool b) { return {kind::boolean, b ? "true" : "false", {}, {}}; }
    static dump_node object() { return {kind::object, {}, {}, {}}; }
    static dump_node array() { return {kind::array, {}, {}, {}}; }

    bool is_scalar() const noexcept { return type != kind::object && type != kind::array; }

    // add appends a field (objects) and returns it for filling in.
    dump_node& add(std::string key, dump_node v) {
        keys.push_back(std::move(key));
        items.push_back(std::move(v));
        return items.back();
    }
    dump_node& add(std::string key, std::string v) { return add(std::move(key), str(std::move(v))); }
    dump_node& add(std::string key, const char* v) { return add(std::move(key), str(v)); }
    dump_node& push(dump_node v) {
        items.push_back(std::move(v));
        return items.back();
    }
    const dump_node* find(std::string_view key) const {
        if (type != kind::object) return nullptr;
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] == key) return &items[i];
        return nullptr;
    }
    bool empty() const noexcept { return items.empty(); }
};

namespace detail {

// sink appends to a string with <<. The dump renders into a std::string, not
// an ostream: a static driver that links iostream formatting pays for its
// locale set-up (~0.4 MB resident) at every start, whatever the verb.
struct sink {
    std::string& s;
    sink& operator<<(std::string_view v) { return s.append(v), *this; }
    sink& operator<<(const std::string& v) { return s.append(v), *this; }
    sink& operator<<(const char* v) { return s.append(v), *this; }
    sink& operator<<(char c) { return s.push_back(c), *this; }
    sink& operator<<(unsigned char c) { return s.push_back(static_cast<char>(c)), *this; }
};

// json_string writes a JSON string; bytes that are not UTF-8 become U+FFFD so the output stays valid JSON.
inline void json_string(sink& out, std::string_view s) {
    out << '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t n = core::utf8_sequence_length(s, i);
            if (n == 0) {
                out << "\\ufffd";
            } else {
                out << s.substr(i, n);
                i += n - 1;
            }
            continue;
        }
        switch (c) {
            case '"': out << "\\\""; break;
            case '\\': out << "\\\\"; break;
            case '\n': out << "\\n"; break;
            case '\r': out << "\\r"; break;
            case '\t': out << "\\t"; break;
            default:
                if (c < 0x20) out << "\\u00" << core::hex_digit(c >> 4) << core::hex_digit(c);
                else out << c;
        }
    }
    out << '"';
}

inline void json(sink& out, const dump_node& n, int indent) {
    std::string pad(std::size_t(indent + 2), ' '), close(std::size_t(indent), ' ');
    switch (n.type) {
        case dump_node::kind::string: json_string(out, n.scalar); break;
        case dump_node::kind::number:
        case dump_node::kind::boolean: out << n.scalar; break;
        case dump_node::kind::object:
            if (n.items.empty()) {
                out << "{}";
                break;
            }
            out << "{\n";
            for (std::size_t i = 0; i < n.items.size(); ++i) {
                out << pad;
                json_string(out, n.keys[i]);
                out << ": ";
                json(out, n.items[i], indent + 2);
                out << (i + 1 < n.items.size() ? ",\n" : "\n");
            }
            out << close << '}';
            break;
        case dump_node::kind::array:
            if (n.items.empty()) {
                out << "[]";
                break;
            }
            out << "[\n";
            for (std::size_t i = 0; i < n.items.size(); ++i) {
                out << pad;
                json(out, n.items[i], indent + 2);
                out << (i + 1 < n.items.size() ? ",\n" : "\n");
            }
            out << close << ']';
            break;
    }
}

inline void text(sink& out, const dump_node& n, int indent);

// text_fields prints `key: value` lines; nested values go on the lines below.
inline void text_fields(sink& out, const dump_node& n, int indent, bool first_inline) {
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const std::string& key = n.keys[i];
        const dump_node& v = n.items[i];
        if (!(first_inline && i == 0)) out << std::string(std::size_t(indent), ' ');
        out << key << ':';
        if (v.is_scalar()) {
            out << ' ' << terminal_text(v.scalar) << '\n';
        } else if (v.items.empty()) {
            out << " (none)\n";
        } else {
            out << '\n';
            text(out, v, indent + 2);
        }
    }
}

inline void text(sink& out, const dump_node& n, int indent) {
    std::string pad(std::size_t(indent), ' ');
    switch (n.type) {
        case dump_node::kind::object: text_fields(out, n, indent, false); break;
        case dump_node::kind::array:
            for (auto& item : n.items) {
                out << pad << "- ";
                if (item.is_scalar()) out << terminal_text(item.scalar) << '\n';
                else if (item.type == dump_node::kind::object && !item.items.empty()) text_fields(out, item, indent + 2, true);
                else {
                    out << '\n';
                    text(out, item, indent + 2);
                }
            }
            break;
        default: out << pad << terminal_text(n.scalar) << '\n'; break;
    }
}
}  // namespace detail

// render_text appends the tree as indented `key: value` lines.
inline void render_text(std::string& out, const dump_node& n) {
    detail::sink s{out};
    detail::text(s, n, 0);
}

// render_json appends the tree as JSON (2-space indent, trailing newline).
inline void render_json(std::string& out, const dump_node& n) {
    detail::sink s{out};
    detail::json(s, n, 0);
    s << '\n';
}

// Stream forms, for callers that have one.
inline void render_text(std::ostream& out, const dump_node& n) {
    std::string s;
    render_text(s, n);
    out << s;
}
inline void render_json(std::ostream& out, const dump_node& n) {
    std::string s;
    render_json(s, n);
    out << s;
}

}  // namespace certreq::verbs
