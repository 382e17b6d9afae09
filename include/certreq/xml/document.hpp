// xml/document.hpp: untrusted XML (SOAP messages) -> a read-only tree whose
// elements and attributes are named by (namespace URI, local name), so
// `s:Body` and `soap:Body` are the same element and a foreign prefix bound to
// another URI is not. pugixml does the parsing (the only includer of it);
// this layer adds the namespaces (XML Namespaces 1.0) and the limits.
// No DTDs (SOAP forbids them; a DOCTYPE is refused), so no entity expansion.
#pragma once
#include <pugixml.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/result.hpp"

namespace certreq::xml {

inline constexpr std::string_view ns_xml = "http://www.w3.org/XML/1998/namespace";
inline constexpr std::string_view ns_xmlns = "http://www.w3.org/2000/xmlns/";
inline constexpr std::string_view ns_xsi = "http://www.w3.org/2001/XMLSchema-instance";

// limits: a document larger or deeper than these is refused before use.
struct limits {
    std::size_t max_bytes = std::size_t{1} << 20;
    std::size_t max_depth = 64;
    std::size_t max_elements = 10000;
};

template <typename T>
using result = core::result<T, std::string>;

namespace detail {

inline std::string_view prefix_of(std::string_view qname) {
    auto c = qname.find(':');
    return c == std::string_view::npos ? std::string_view{} : qname.substr(0, c);
}
inline std::string_view local_of(std::string_view qname) {
    auto c = qname.find(':');
    return c == std::string_view::npos ? qname : qname.substr(c + 1);
}

// lookup finds the URI bound to `prefix` ("" = the default namespace) in
// scope at `n`, walking up the ancestors; nullopt when unbound.
inline std::optional<std::string_view> lookup(pugi::xml_node n, std::string_view prefix) {
    if (prefix == "xml") return ns_xml;
    std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (; n && n.type() == pugi::node_element; n = n.parent())
        if (auto a = n.attribute(attr.c_str())) return std::string_view(a.value());
    if (prefix.empty()) return std::string_view{};  // no default namespace: none
    return std::nullopt;
}

}  // namespace detail

// element: a view of one element of a document (valid while the document lives).
class element {
public:
    element() = default;
    explicit element(pugi::xml_node n) : n_(n) {}
    explicit operator bool() const { return bool(n_); }

    std::string_view local_name() const { return detail::local_of(n_.name()); }
    std::string_view qualified_name() const { return n_.name(); }
    // namespace_uri: checked at parse time, so every prefix is bound.
    std::string_view namespace_uri() const { return detail::lookup(n_, detail::prefix_of(n_.name())).value_or(""); }
    bool is(std::string_view ns, std::string_view local) const {
        return n_ && local_name() == local && namespace_uri() == ns;
    }

    // elements: the child elements, in order.
    std::vector<element> elements() const {
        std::vector<element> out;
        for (auto c = n_.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) out.emplace_back(c);
        return out;
    }
    std::vector<element> children(std::string_view ns, std::string_view local) const {
        std::vector<element> out;
        for (auto& e : elements())
            if (e.is(ns, local)) out.push_back(e);
        return out;
    }
    // child: the first child element of that name, or an empty element.
    element child(std::string_view ns, std::string_view local) const {
        for (auto c = n_.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element && element(c).is(ns, local)) return element(c);
        return element();
    }

    // attribute: an unprefixed attribute has no namespace (ns ""), as the
    // Namespaces recommendation says; xmlns declarations are not attributes.
    std::optional<std::string_view> attribute(std::string_view ns, std::string_view local) const {
        for (auto a = n_.first_attribute(); a; a = a.next_attribute()) {
            std::string_view q = a.name();
            if (q == "xmlns" || q.rfind("xmlns:", 0) == 0) continue;
            std::string_view p = detail::prefix_of(q);
            if (detail::local_of(q) != local) continue;
            std::string_view uri = p.empty() ? std::string_view{} : detail::lookup(n_, p).value_or("");
            if (uri == ns) return std::string_view(a.value());
        }
        return std::nullopt;
    }
    // nil: xsi:nil="true" (or "1").
    bool nil() const {
        auto v = attribute(ns_xsi, "nil");
        return v && (*v == "true" || *v == "1");
    }
    // text: the character data directly inside the element (text and CDATA).
    std::string text() const {
        std::string out;
        for (auto c = n_.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
        return out;
    }
    // trimmed_text: text() without XML white space at either end.
    std::string trimmed_text() const {
        std::string t = text();
        auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
        std::size_t b = 0, e = t.size();
        while (b < e && ws(t[b])) ++b;
        while (e > b && ws(t[e - 1])) --e;
        return t.substr(b, e - b);
    }

private:
    pugi::xml_node n_;
};

// document owns a parsed tree.
class document {
public:
    element root() const { return element(doc_->document_element()); }

private:
    std::unique_ptr<pugi::xml_document> doc_ = std::make_unique<pugi::xml_document>();
    friend result<document> parse(std::string_view, const limits&);
};

namespace detail {

// check walks the tree without recursion: depth, element count, bound
// prefixes on elements and attributes, no DOCTYPE or processing instruction
// other than the declaration.
inline std::optional<std::string> check(const pugi::xml_document& d, const limits& lim) {
    std::size_t count = 0, depth = 0, roots = 0;
    for (auto top = d.first_child(); top; top = top.next_sibling()) {
        if (top.type() == pugi::node_element && ++roots > 1) return std::string("more than one root element");
        if (top.type() == pugi::node_pcdata || top.type() == pugi::node_cdata)
            return std::string("text outside the root element");
    }
    pugi::xml_node n = d.first_child();
    while (n) {
        if (n.type() == pugi::node_doctype) return std::string("a DOCTYPE (document type declarations are not allowed)");
        if (n.type() == pugi::node_pi) return std::string("a processing instruction <?") + n.name() + "?>";
        if (n.type() == pugi::node_element) {
            if (++count > lim.max_elements) return "more than " + std::to_string(lim.max_elements) + " elements";
            if (depth + 1 > lim.max_depth) return "elements nested deeper than " + std::to_string(lim.max_depth);
            std::string_view p = prefix_of(n.name());
            if (!p.empty() && !lookup(n, p)) return "an unbound namespace prefix in <" + std::string(n.name()) + ">";
            for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
                std::string_view q = a.name();
                if (q == "xmlns" || q.rfind("xmlns:", 0) == 0) continue;
                std::string_view ap = prefix_of(q);
                if (!ap.empty() && !lookup(n, ap))
                    return "an unbound namespace prefix in attribute " + std::string(q) + " of <" + std::string(n.name()) + ">";
            }
            if (n.first_child()) {
                n = n.first_child();
                ++depth;
                continue;
            }
        }
        while (n && !n.next_sibling()) {
            n = n.parent();
            if (n.type() == pugi::node_element) --depth;
            if (n.type() == pugi::node_document) return std::nullopt;
        }
        if (n) n = n.next_sibling();
    }
    return std::nullopt;
}

}  // namespace detail

// parse reads a whole document; the error says what is wrong and where (byte offset).
inline result<document> parse(std::string_view text, const limits& lim = {}) {
    if (text.size() > lim.max_bytes)
        return "XML of " + std::to_string(text.size()) + " bytes exceeds the limit of " + std::to_string(lim.max_bytes);
    document doc;
    // parse_fragment keeps text outside the root element as nodes (pugixml
    // would skip it silently), so check() can refuse it.
    unsigned opts = pugi::parse_default | pugi::parse_doctype | pugi::parse_pi | pugi::parse_declaration | pugi::parse_fragment;
    auto r = doc.doc_->load_buffer(text.data(), text.size(), opts, pugi::encoding_auto);
    if (!r) return std::string("malformed XML at byte ") + std::to_string(r.offset) + ": " + r.description();
    if (!doc.doc_->document_element()) return std::string("no root element");
    if (auto problem = detail::check(*doc.doc_, lim)) return "unacceptable XML: " + *problem;
    return doc;
}

// escape_text / escape_attribute: character data for element content and
// for a double-quoted attribute value.
inline std::string escape_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '\r') out += "&#13;";
        else out += c;
    }
    return out;
}
inline std::string escape_attribute(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"') out += "&quot;";
        else if (c == '\n') out += "&#10;";
        else if (c == '\t') out += "&#9;";
        else out += escape_text(std::string_view(&c, 1));
    }
    return out;
}

}  // namespace certreq::xml
