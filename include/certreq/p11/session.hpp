// p11/session.hpp: choosing a token in a module, a session on it, login, and
// the object calls the other p11/ files build on.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/p11/api.hpp"
#include "certreq/p11/module.hpp"
#include "certreq/p11/uri.hpp"

namespace certreq::p11 {

// token: a slot with a token in it, and the token's names (blank-trimmed).
struct token {
    CK_SLOT_ID slot = 0;
    std::string label, manufacturer, model, serial;
    bool login_required = true;
};

namespace detail {

inline std::string padded(const unsigned char* p, std::size_t n) {
    std::string s(reinterpret_cast<const char*>(p), n);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    return s;
}

inline bool matches(const token& t, const uri& u) {
    return (u.token.empty() || u.token == t.label) && (u.serial.empty() || u.serial == t.serial) &&
           (u.manufacturer.empty() || u.manufacturer == t.manufacturer) && (u.model.empty() || u.model == t.model) &&
           (!u.slot_id || *u.slot_id == t.slot);
}

}  // namespace detail

// find_token returns the initialized token the URI's token attributes
// select; with none given, the module's only initialized token. Errors name
// the module and the tokens it has, so a user can write the right URI.
inline result<token> find_token(const module& m, const uri& u) {
    CK_FUNCTION_LIST_PTR f = m.api();
    CK_ULONG n = 0;
    if (CK_RV rv = f->C_GetSlotList(CK_TRUE, nullptr, &n); rv != CKR_OK) return failed(m.path() + ": C_GetSlotList", rv);
    std::vector<CK_SLOT_ID> slots(n);
    if (CK_RV rv = f->C_GetSlotList(CK_TRUE, slots.data(), &n); rv != CKR_OK) return failed(m.path() + ": C_GetSlotList", rv);
    slots.resize(n);
    std::vector<token> found;
    std::string seen;
    for (CK_SLOT_ID s : slots) {
        CK_TOKEN_INFO info{};
        if (f->C_GetTokenInfo(s, &info) != CKR_OK || !(info.flags & CKF_TOKEN_INITIALIZED)) continue;
        token t{s, detail::padded(info.label, sizeof info.label), detail::padded(info.manufacturerID, sizeof info.manufacturerID),
                detail::padded(info.model, sizeof info.model), detail::padded(info.serialNumber, sizeof info.serialNumber),
                (info.flags & CKF_LOGIN_REQUIRED) != 0};
        seen += (seen.empty() ? "\"" : ", \"") + t.label + "\" (serial " + t.serial + ")";
        if (detail::matches(t, u)) found.push_back(std::move(t));
    }
    if (found.size() == 1) return found.front();
    if (seen.empty()) return refused("PKCS#11 module " + m.path() + " has no initialized token (no card inserted, or no token set up)");
    bool named = !u.token.empty() || !u.serial.empty() || !u.manufacturer.empty() || !u.model.empty() || u.slot_id;
    if (found.empty())
        return refused("no token " + (u.token.empty() ? std::string("matching the pkcs11: URI") : "\"" + u.token + "\"") +
                       " in PKCS#11 module " + m.path() + " (it has: " + seen + ")");
    return refused(std::string(named ? "several tokens match" : "several tokens") + " in PKCS#11 module " + m.path() + " (" + seen +
                   "): name one with token= (or serial=) in a pkcs11: URI in KeyContainer");
}

// session: an open session on a token; closed when the last owner lets go.
class session {
public:
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    ~session() { mod_->api()->C_CloseSession(h_); }

    static result<std::shared_ptr<session>> open(std::shared_ptr<module> m, const token& t, bool read_write) {
        CK_SESSION_HANDLE h = 0;
        CK_FLAGS flags = CKF_SERIAL_SESSION | (read_write ? CKF_RW_SESSION : 0);
        if (CK_RV rv = m->api()->C_OpenSession(t.slot, flags, nullptr, nullptr, &h); rv != CKR_OK)
            return failed("token \"" + t.label + "\": C_OpenSession", rv);
        return std::shared_ptr<session>(new session(std::move(m), t, h));
    }

    // login as the user; a session already logged in is fine.
    status login(const mbed::secret_string& pin) const {
        CK_RV rv = api()->C_Login(h_, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.data())), pin.size());
        if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) return {};
        return failed("token \"" + token_.label + "\": login", rv);
    }

    // find returns the objects matching `tmpl`.
    result<std::vector<CK_OBJECT_HANDLE>> find(std::vector<CK_ATTRIBUTE> tmpl) const {
        if (CK_RV rv = api()->C_FindObjectsInit(h_, tmpl.data(), tmpl.size()); rv != CKR_OK)
            return failed("token \"" + token_.label + "\": C_FindObjectsInit", rv);
        std::vector<CK_OBJECT_HANDLE> out;
        CK_OBJECT_HANDLE batch[16];
        CK_ULONG n = 0;
        CK_RV rv = CKR_OK;
        while ((rv = api()->C_FindObjects(h_, batch, 16, &n)) == CKR_OK && n > 0) out.insert(out.end(), batch, batch + n);
        api()->C_FindObjectsFinal(h_);
        if (rv != CKR_OK) return failed("token \"" + token_.label + "\": C_FindObjects", rv);
        return out;
    }

    // attribute returns one attribute's value (empty when the object has none).
    result<bytes> attribute(CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) const {
        CK_ATTRIBUTE a{type, nullptr, 0};
        CK_RV rv = api()->C_GetAttributeValue(h_, o, &a, 1);
        if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE) return bytes{};
        if (rv != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION) return failed("token \"" + token_.label + "\": C_GetAttributeValue", rv);
        bytes v(a.ulValueLen);
        a.pValue = v.data();
        if (rv = api()->C_GetAttributeValue(h_, o, &a, 1); rv != CKR_OK)
            return failed("token \"" + token_.label + "\": C_GetAttributeValue", rv);
        v.resize(a.ulValueLen);
        return v;
    }

    // flag reads a CK_BBOOL attribute (nullopt when the object has none).
    std::optional<bool> flag(CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) const {
        auto v = attribute(o, type);
        if (!v || v->size() != sizeof(CK_BBOOL)) return std::nullopt;
        return (*v)[0] != CK_FALSE;
    }

    CK_FUNCTION_LIST_PTR api() const noexcept { return mod_->api(); }
    CK_SESSION_HANDLE handle() const noexcept { return h_; }
    const token& info() const noexcept { return token_; }
    const std::shared_ptr<module>& owner() const noexcept { return mod_; }

private:
    session(std::shared_ptr<module> m, token t, CK_SESSION_HANDLE h) : mod_(std::move(m)), token_(std::move(t)), h_(h) {}

    std::shared_ptr<module> mod_;
    token token_;
    CK_SESSION_HANDLE h_;
};

}  // namespace certreq::p11
