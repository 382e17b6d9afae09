// adcs/certsrv.hpp: AD CS Web Enrollment (the certsrv pages): the form
// certfnsh.asp takes, the certnew.cer / certnew.p7b URLs, and the reading
// of the HTML pages it answers with. HTML is not parsed as a tree: a small
// tokenizer separates tags from text, the page is classified by its visible
// text and its links, and anything unexpected is an error that quotes the
// page (bounded). Pages differ between Windows versions and languages; only
// the English pages are recognized.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/adcs/answer.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"

namespace certreq::adcs::certsrv {

// is_certsrv_url: an http(s) URL whose path ends in /certsrv (the Web
// Enrollment application), with or without a trailing slash.
inline bool is_certsrv_url(std::string_view url) {
    std::string u(url.substr(0, url.find_first_of("?#")));
    for (auto& c : u)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (u.rfind("https://", 0) != 0 && u.rfind("http://", 0) != 0) return false;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u.size() > 8 && u.compare(u.size() - 8, 8, "/certsrv") == 0;
}

// base: the certsrv URL with exactly one trailing slash.
inline std::string base(std::string_view url) {
    std::string u(url.substr(0, url.find_first_of("?#")));
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u + "/";
}

inline std::string form_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '*')
            out += char(c);
        else if (c == ' ')
            out += '+';
        else
            out += '%', out += hex[c >> 4], out += hex[c & 15];
    }
    return out;
}

// submit_form: the body of the POST to certfnsh.asp that the "advanced
// certificate request" page sends: the request in base64 with its PEM
// header, and the attributes one per line (CRLF), e.g. CertificateTemplate:WebServer.
inline std::string submit_form(byte_view request_der, const std::vector<std::pair<std::string, std::string>>& attributes) {
    std::string pem = "-----BEGIN CERTIFICATE REQUEST-----\r\n" + base64::encode(request_der, 64, "\r\n") +
                      "\r\n-----END CERTIFICATE REQUEST-----\r\n";
    std::string attrib;
    for (auto& [n, v] : attributes) attrib += n + ":" + v + "\r\n";
    return "Mode=newreq&CertRequest=" + form_encode(pem) + "&CertAttrib=" + form_encode(attrib) +
           "&TargetStoreFlags=0&SaveCert=yes&ThumbPrint=";
}

inline std::string certificate_url(std::string_view certsrv, std::uint32_t id) {
    return base(certsrv) + "certnew.cer?ReqID=" + std::to_string(id) + "&Enc=b64";
}
inline std::string chain_url(std::string_view certsrv, std::uint32_t id) {
    return base(certsrv) + "certnew.p7b?ReqID=" + std::to_string(id) + "&Enc=b64";
}

// page: what an HTML answer says.
struct page {
    enum class kind { issued, pending, denied, error, unknown } what = kind::unknown;
    std::optional<std::uint32_t> request_id;
    std::string message;  // the disposition message or error text
    core::hresult hresult = core::hr::none;
    std::string text;     // the visible text, white space collapsed (for quoting)
};

namespace detail {

inline char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

inline bool starts_ci(std::string_view s, std::size_t at, std::string_view p) {
    if (s.size() - at < p.size() || at > s.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (lower(s[at + i]) != lower(p[i])) return false;
    return true;
}

inline std::size_t find_ci(std::string_view s, std::string_view p, std::size_t from = 0) {
    for (std::size_t i = from; i + p.size() <= s.size(); ++i)
        if (starts_ci(s, i, p)) return i;
    return std::string_view::npos;
}

// decode_entities: the few entities certsrv pages use, and numeric ones (ASCII only).
inline std::string decode_entities(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        auto semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 8) {
            out += '&';
            continue;
        }
        std::string_view e = s.substr(i + 1, semi - i - 1);
        char c = 0;
        if (e == "amp") c = '&';
        else if (e == "lt") c = '<';
        else if (e == "gt") c = '>';
        else if (e == "quot") c = '"';
        else if (e == "nbsp") c = ' ';
        else if (e == "#39" || e == "apos") c = '\'';
        if (!c) {
            out += '&';
            continue;
        }
        out += c;
        i = semi;
    }
    return out;
}

// tokens: the visible text (scripts, styles and comments dropped, tags as
// spaces, white space collapsed) and the href attribute values.
inline std::pair<std::string, std::vector<std::string>> tokens(std::string_view html) {
    std::string text;
    std::vector<std::string> hrefs;
    std::size_t i = 0;
    auto space = [&] {
        if (!text.empty() && text.back() != ' ') text += ' ';
    };
    while (i < html.size()) {
        if (html[i] != '<') {
            char c = html[i++];
            if (c == '\r' || c == '\n' || c == '\t' || c == ' ') space();
            else text += c;
            continue;
        }
        if (html.compare(i, 4, "<!--") == 0) {
            auto end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        auto close = html.find('>', i);
        if (close == std::string_view::npos) break;
        std::string_view tag = html.substr(i + 1, close - i - 1);
        i = close + 1;
        for (std::string_view raw : {std::string_view("script"), std::string_view("style")})
            if (starts_ci(tag, 0, raw)) {
                auto end = find_ci(html, "</" + std::string(raw), i);
                i = end == std::string_view::npos ? html.size() : end;
            }
        // href="..." / href='...' / href=...
        for (std::size_t h = find_ci(tag, "href"); h != std::string_view::npos; h = find_ci(tag, "href", h + 4)) {
            std::size_t p = h + 4;
            while (p < tag.size() && tag[p] == ' ') ++p;
            if (p >= tag.size() || tag[p] != '=') continue;
            ++p;
            while (p < tag.size() && tag[p] == ' ') ++p;
            if (p >= tag.size()) break;
            char q = tag[p];
            std::size_t start = (q == '"' || q == '\'') ? p + 1 : p;
            std::size_t end = (q == '"' || q == '\'') ? tag.find(q, start) : tag.find(' ', start);
            hrefs.push_back(decode_entities(tag.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
        }
        space();
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (!text.empty() && text.front() == ' ') text.erase(0, 1);
    return {decode_entities(text), hrefs};
}

inline std::optional<std::uint32_t> number_at(std::string_view s, std::size_t at) {
    std::uint64_t v = 0;
    std::size_t n = 0;
    while (at + n < s.size() && s[at + n] >= '0' && s[at + n] <= '9' && n < 11) v = v * 10 + std::uint64_t(s[at + n++] - '0');
    if (n == 0 || n > 10 || v > 0xffffffffu) return std::nullopt;
    return std::uint32_t(v);
}

// id_after: the number after `label` in the text ("Your Request Id is 12.").
inline std::optional<std::uint32_t> id_after(std::string_view text, std::string_view label) {
    auto p = find_ci(text, label);
    return p == std::string_view::npos ? std::nullopt : number_at(text, p + label.size());
}

// hresult_in: the first 0x8xxxxxxx in the text.
inline core::hresult hresult_in(std::string_view text) {
    for (auto p = text.find("0x"); p != std::string_view::npos; p = text.find("0x", p + 2)) {
        core::hresult v = 0;
        std::size_t n = 0;
        auto hexval = [](char c) {
            return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        };
        while (n < 8 && p + 2 + n < text.size() && hexval(text[p + 2 + n]) >= 0) v = v * 16 + core::hresult(hexval(text[p + 2 + n++]));
        if (n == 8 && (v >> 31)) return v;
    }
    return core::hr::none;
}

// quoted_after: the text between the first pair of double quotes after `label`.
inline std::string quoted_after(std::string_view text, std::string_view label) {
    auto p = find_ci(text, label);
    if (p == std::string_view::npos) return {};
    auto q1 = text.find('"', p + label.size());
    auto q2 = q1 == std::string_view::npos ? q1 : text.find('"', q1 + 1);
    if (q2 == std::string_view::npos) return {};
    return std::string(text.substr(q1 + 1, std::min<std::size_t>(q2 - q1 - 1, 300)));
}

}  // namespace detail

// read_page classifies a certsrv answer page.
inline page read_page(std::string_view html) {
    page p;
    auto [text, hrefs] = detail::tokens(html);
    p.text = text;
    for (auto& h : hrefs) {
        auto at = detail::find_ci(h, "certnew.cer?ReqID=");
        if (at != std::string::npos)
            if (auto id = detail::number_at(h, at + 18)) {
                p.request_id = id;
                p.what = page::kind::issued;
                p.message = "Issued";
                return p;
            }
    }
    p.request_id = detail::id_after(text, "Your Request Id is ");
    if (detail::find_ci(text, "Certificate Pending") != std::string::npos ||
        detail::find_ci(text, "Taken Under Submission") != std::string::npos) {
        p.what = page::kind::pending;
        p.message = "Taken Under Submission";
    } else if (detail::find_ci(text, "Certificate Request Denied") != std::string::npos ||
               detail::find_ci(text, "request was denied") != std::string::npos) {
        p.what = page::kind::denied;
        p.message = detail::quoted_after(text, "The disposition message is");
        if (p.message.empty()) p.message = "Denied";
        p.hresult = detail::hresult_in(text);
    } else if (detail::find_ci(text, "Certificate Request Error") != std::string::npos ||
               detail::find_ci(text, "An unexpected error has occurred") != std::string::npos) {
        p.what = page::kind::error;
        auto at = detail::find_ci(text, "An unexpected error has occurred");
        p.message = text.substr(at == std::string::npos ? 0 : at, 300);
        p.hresult = detail::hresult_in(text);
    }
    return p;
}

}  // namespace certreq::adcs::certsrv
