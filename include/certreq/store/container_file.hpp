// store/container_file.hpp: keys/<container>.key, one key container in one
// file: the private key, then every request made with it and not yet
// accepted. A `-new` (new key or existing) or an `-accept` therefore changes
// exactly one file, one atomic commit (store/commit.hpp):
//
//   -----BEGIN PRIVATE KEY-----            the key, as written or imported
//   ...                                    (PKCS#8, PKCS#1 or SEC1 PEM)
//   -----END PRIVATE KEY-----
//
//   # certreq pending request              one section per pending request:
//   id=20261202T101500Z-0a1b2c3d           store/metadata.hpp lines, then
//   friendly_name=Web server 2026          the request DER as PEM
//   exportable=false                       ("CERTIFICATE REQUEST" for PKCS#10,
//   request_type=PKCS10                     "CMS" for PKCS#7, CMC and SCEP)
//   created=2026-12-02T10:15:00Z
//   public_key_sha1=a9993e36...
//   -----BEGIN CERTIFICATE REQUEST-----
//   ...
//   -----END CERTIFICATE REQUEST-----
//
// RFC 7468 parsers skip text between blocks, so `openssl pkey -in` still
// reads the key and `openssl req -in` the first request. Everything that
// holds the file's text is a mbed::secret_string (wiped when freed).
//
// A request made later with the same key (UseExistingKeySet) goes to
// keys/<container>.requests, the same sections without the key: the key file
// is never rewritten for it, so that file need not be flushed (the key in it
// already is); store/store.hpp says why that is safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/error.hpp"
#include "certreq/pem/block.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/metadata.hpp"
#include "certreq/store/pending.hpp"
#include "certreq/store/timestamp.hpp"

namespace certreq::store {

inline constexpr std::string_view pending_marker = "# certreq pending request\n";

// pending_entry: one pending request section.
struct pending_entry {
    pending_request info;
    bytes der;
    bool beside = false;  // in keys/<container>.requests, not in the key file
};

// container_file is the parsed keys/<container>.key with its .requests.
struct container_file {
    mbed::secret_string key_pem;  // the key text, up to the first pending section
    std::vector<pending_entry> pending;

    // serialize returns the key file's text: the key and the entries kept with it.
    mbed::secret_string serialize() const {
        mbed::secret_string out = mbed::make_secret_string(key_pem);
        if (!out.empty() && out.back() != '\n') out += '\n';
        append_sections(out, false);
        return out;
    }

    // serialize_beside returns the text of keys/<container>.requests ("" when
    // no entry lives there).
    mbed::secret_string serialize_beside() const {
        mbed::secret_string out = mbed::make_secret_string("");
        append_sections(out, true);
        return out;
    }

    bool has_beside() const {
        for (auto& p : pending)
            if (p.beside) return true;
        return false;
    }

    // parse splits `text` (from `path`, named in errors). A damaged pending
    // section is an error: the caller reports it and leaves the file alone.
    // `beside`: the text of keys/<container>.requests (what precedes its
    // first section is ignored).
    static os::result<container_file> parse(std::string_view text, std::string_view container, const std::string& path,
                                            bool beside = false) {
        container_file c;
        std::size_t first = find_marker(text, 0);
        std::string_view key = text.substr(0, first);
        if (first != std::string_view::npos)  // the blank line serialize() puts before a section
            while (key.ends_with("\n\n")) key.remove_suffix(1);
        if (!beside) c.key_pem = mbed::make_secret_string(key);
        for (std::size_t at = first, n = 1; at != std::string_view::npos; ++n) {
            std::size_t begin = at + pending_marker.size();
            std::size_t next = find_marker(text, begin);
            auto section = text.substr(begin, next == std::string_view::npos ? std::string_view::npos : next - begin);
            auto e = parse_section(section, container);
            if (!e) return core::failed(path + ": pending request " + std::to_string(n) + ": " + e.err().message);
            e->beside = beside;
            c.pending.push_back(std::move(*e));
            at = next;
        }
        return c;
    }

private:
    void append_sections(mbed::secret_string& out, bool beside) const {
        for (auto& p : pending) {
            if (p.beside != beside) continue;
            metadata m;
            m.set("id", p.info.id);
            m.set("friendly_name", p.info.friendly_name);
            m.set("exportable", p.info.exportable ? "true" : "false");
            m.set("request_type", request_type_name(p.info.type));
            m.set("created", format_time(p.info.created));
            m.set("public_key_sha1", p.info.public_key_sha1);
            std::string meta = m.serialize();
            std::string_view label = p.info.type == model::request_type::pkcs10 ? "CERTIFICATE REQUEST" : "CMS";
            out.append("\n").append(pending_marker);
            out.append(std::string_view(meta).substr(meta.find('\n') + 1));  // without the "# ... v1" line
            out.append("-----BEGIN ").append(label).append("-----\n");
            out.append(base64::encode(p.der, 64, "\n")).append("\n");
            out.append("-----END ").append(label).append("-----\n");
        }
    }

    // find_marker finds the marker at the start of a line, from `from` on.
    static std::size_t find_marker(std::string_view text, std::size_t from) {
        for (std::size_t at = text.find(pending_marker, from); at != std::string_view::npos; at = text.find(pending_marker, at + 1))
            if (at == 0 || text[at - 1] == '\n') return at;
        return std::string_view::npos;
    }

    static os::result<pending_entry> parse_section(std::string_view s, std::string_view container) {
        if (s.find(pem::begin_mark) == std::string_view::npos) return core::failed("no request");
        auto block = pem::read_block(s);
        if (!block) return core::failed("unterminated request");
        auto m = metadata::parse(s.substr(0, block->begin));
        if (!m) return m.err();
        auto der = base64::decode(block->body);
        if (!der || der->empty()) return core::failed("the request is not base64");
        pending_entry e;
        e.der = std::move(*der);
        auto& p = e.info;
        p.id = m->get_or("id");
        p.key_container = std::string(container);
        p.friendly_name = m->get_or("friendly_name");
        p.exportable = m->get_or("exportable") == "true";
        auto type = parse_request_type(m->get_or("request_type", "PKCS10"));
        if (!type) return core::failed("unknown request_type");
        p.type = *type;
        auto created = parse_time(m->get_or("created"));
        if (!created) return core::failed("missing or bad created time");
        p.created = *created;
        p.public_key_sha1 = normalize_hex(m->get_or("public_key_sha1"));
        if (p.id.empty()) return core::failed("missing id");
        if (p.public_key_sha1.size() != 40) return core::failed("missing or bad public_key_sha1");
        return e;
    }
};

}  // namespace certreq::store
