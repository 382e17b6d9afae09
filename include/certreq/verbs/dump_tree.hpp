// verbs/dump_tree.hpp: what `certreq -dump` prints, as an ordered tree that
// renders either as indented text or as JSON, so both show the same fields.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
inline void json_string(std::ostream& out, std::string_view s) {
    static constexpr char digits[] = "0123456789abcdef";
    out << '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out << "\\\""; break;
            case '\\': out << "\\\\"; break;
            case '\n': out << "\\n"; break;
            case '\r': out << "\\r"; break;
            case '\t': out << "\\t"; break;
            default:
                if (c < 0x20) out << "\\u00" << digits[c >> 4] << digits[c & 15];
                else out << c;
        }
    }
    out << '"';
}

inline void json(std::ostream& out, const dump_node& n, int indent) {
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

inline void text(std::ostream& out, const dump_node& n, int indent);

// text_fields prints `key: value` lines; nested values go on the lines below.
inline void text_fields(std::ostream& out, const dump_node& n, int indent, bool first_inline) {
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const std::string& key = n.keys[i];
        const dump_node& v = n.items[i];
        if (!(first_inline && i == 0)) out << std::string(std::size_t(indent), ' ');
        out << key << ':';
        if (v.is_scalar()) {
            out << ' ' << v.scalar << '\n';
        } else if (v.items.empty()) {
            out << " (none)\n";
        } else {
            out << '\n';
            text(out, v, indent + 2);
        }
    }
}

inline void text(std::ostream& out, const dump_node& n, int indent) {
    std::string pad(std::size_t(indent), ' ');
    switch (n.type) {
        case dump_node::kind::object: text_fields(out, n, indent, false); break;
        case dump_node::kind::array:
            for (auto& item : n.items) {
                out << pad << "- ";
                if (item.is_scalar()) out << item.scalar << '\n';
                else if (item.type == dump_node::kind::object && !item.items.empty()) text_fields(out, item, indent + 2, true);
                else {
                    out << '\n';
                    text(out, item, indent + 2);
                }
            }
            break;
        default: out << pad << n.scalar << '\n'; break;
    }
}
}  // namespace detail

// render_text prints the tree as indented `key: value` lines.
inline void render_text(std::ostream& out, const dump_node& n) { detail::text(out, n, 0); }

// render_json prints the tree as JSON (2-space indent, trailing newline).
inline void render_json(std::ostream& out, const dump_node& n) {
    detail::json(out, n, 0);
    out << '\n';
}

}  // namespace certreq::verbs
