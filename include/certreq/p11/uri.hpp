// p11/uri.hpp: RFC 7512 PKCS#11 URIs, as KeyContainer may give them:
//   pkcs11:token=Card;id=%01%02;object=Web%20key;type=private?module-path=/usr/lib/x.so&pin-source=/run/pin
// Path attributes select token and object; the query names the module and
// the PIN (pin-value is a secret: it is kept in wiped memory and never
// written back by to_string, nor is pin-source). An unknown path attribute is
// an error (a typo would otherwise select another key); vendor attributes
// (x-...) are ignored, as the RFC allows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/p11/api.hpp"

namespace certreq::p11 {

struct uri {
    std::string token, manufacturer, serial, model;  // token info
    std::string object;                               // CKA_LABEL
    bytes id;                                         // CKA_ID
    std::string type;                                 // private, public, cert, ...
    std::optional<unsigned long> slot_id;
    std::string module_name, module_path;             // query
    std::string pin_source;                           // a file holding the PIN
    mbed::secret_string pin_value = mbed::make_secret_string({});

    static bool is_uri(std::string_view s) noexcept {
        return s.size() >= 7 && (s.substr(0, 7) == "pkcs11:" || s.substr(0, 7) == "PKCS11:");
    }

    // parse reads `text` (starting "pkcs11:"); errors name the attribute.
    static result<uri> parse(std::string_view text) {
        if (!is_uri(text)) return refused("not a pkcs11: URI");
        uri u;
        std::string_view rest = text.substr(7);
        std::string_view path = rest.substr(0, rest.find('?'));
        std::string_view query = rest.size() > path.size() ? rest.substr(path.size() + 1) : std::string_view{};
        for (std::string_view a : split(path, ';')) {
            if (a.empty()) continue;
            auto [name, secret, ok] = attribute(a);
            if (!ok) return refused("pkcs11: URI: bad percent-encoding in " + std::string(name));
            std::string value(secret.begin(), secret.end());
            if (name == "token") u.token = value;
            else if (name == "manufacturer") u.manufacturer = value;
            else if (name == "serial") u.serial = value;
            else if (name == "model") u.model = value;
            else if (name == "object") u.object = value;
            else if (name == "id") u.id.assign(value.begin(), value.end());
            else if (name == "type") u.type = value;
            else if (name == "slot-id") {
                char* end = nullptr;
                unsigned long n = std::strtoul(value.c_str(), &end, 10);
                if (value.empty() || *end) return refused("pkcs11: URI: slot-id is not a number");
                u.slot_id = n;
            } else if (name == "library-manufacturer" || name == "library-description" || name == "library-version" ||
                       name == "slot-description" || name == "slot-manufacturer" || name.starts_with("x-")) {
                // informative here: the module is chosen by module-path/-name
            } else {
                return refused("pkcs11: URI: unknown attribute \"" + std::string(name) + "\"");
            }
        }
        for (std::string_view a : split(query, '&')) {
            if (a.empty()) continue;
            auto [name, value, ok] = attribute(a);
            if (!ok) return refused("pkcs11: URI: bad percent-encoding in " + std::string(name));
            if (name == "pin-value") u.pin_value = std::move(value);  // decoded in wiped memory
            else if (name == "module-path") u.module_path.assign(value.begin(), value.end());
            else if (name == "module-name") u.module_name.assign(value.begin(), value.end());
            else if (name == "pin-source") u.pin_source.assign(value.begin(), value.end());
            // other query attributes are ignored (RFC 7512 §2.3)
        }
        return u;
    }

    // to_string: the URI that selects the same token and object, with
    // module-path; never the PIN or its source.
    std::string to_string() const {
        std::string s = "pkcs11:";
        auto add = [&](std::string_view name, std::string_view v) {
            if (v.empty()) return;
            if (s.size() > 7) s += ';';
            s.append(name).append("=").append(encode(v));
        };
        add("token", token);
        add("manufacturer", manufacturer);
        add("serial", serial);
        add("model", model);
        add("object", object);
        if (!id.empty()) {  // every octet %-encoded, as RFC 7512's examples write ids
            static constexpr char digits[] = "0123456789ABCDEF";
            std::string v;
            for (std::uint8_t c : id) v.append({'%', digits[c >> 4], digits[c & 15]});
            s.append(s.size() > 7 ? ";id=" : "id=").append(v);
        }
        add("type", type);
        if (!module_path.empty()) s.append("?module-path=").append(encode(module_path, true));
        return s;
    }

private:
    struct parsed {
        std::string_view name;
        mbed::secret_string value;  // may be a pin-value
        bool ok;
    };

    static std::vector<std::string_view> split(std::string_view s, char sep) {
        std::vector<std::string_view> out;
        while (!s.empty()) {
            std::size_t at = s.find(sep);
            out.push_back(s.substr(0, at));
            if (at == std::string_view::npos) break;
            s.remove_prefix(at + 1);
        }
        return out;
    }

    static int hex(char c) noexcept {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    static parsed attribute(std::string_view a) {
        std::size_t eq = a.find('=');
        std::string_view name = a.substr(0, eq);
        std::string_view raw = eq == std::string_view::npos ? std::string_view{} : a.substr(eq + 1);
        mbed::secret_string v = mbed::make_secret_string({});
        v.reserve(raw.size());  // no reallocation: no unwiped copy of a PIN
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '%') {
                v += raw[i];
                continue;
            }
            if (i + 2 >= raw.size()) return {name, {}, false};
            int hi = hex(raw[i + 1]), lo = hex(raw[i + 2]);
            if (hi < 0 || lo < 0) return {name, {}, false};
            v += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        return {name, std::move(v), true};
    }

    // encode: RFC 7512's pchar set; '/' only in query values.
    static std::string encode(std::string_view v, bool query = false) {
        static constexpr char digits[] = "0123456789ABCDEF";
        std::string out;
        for (unsigned char c : v) {
            bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                         c == '_' || c == '~' || (query && c == '/');
            if (plain) out += static_cast<char>(c);
            else out.append({'%', digits[c >> 4], digits[c & 15]});
        }
        return out;
    }
};

}  // namespace certreq::p11
