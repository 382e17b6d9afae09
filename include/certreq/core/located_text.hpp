// core/located_text.hpp: a value assembled from pieces of the source (quoted
// parts, %strings% substitutions, _continue_ fragments) that still knows, for
// every byte, which physical line and column it came from. Parsers of values
// (Subject, {text} grammars, dates...) report errors through it, so an error
// inside a joined _continue_ value points at the right line.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/position.hpp"

namespace certreq {

class located_text {
public:
    // A piece starts at byte `offset` of the text and maps to `pos`; the
    // following bytes advance the column one per code point until the next
    // piece. `exact` is false for substituted text (all of it maps to `pos`).
    struct piece {
        std::size_t offset;
        position pos;
        bool exact;
    };

    located_text() = default;
    located_text(std::string text, position start) : text_(std::move(text)) { pieces_.push_back({0, start, true}); }

    const std::string& str() const noexcept { return text_; }
    std::string_view view() const noexcept { return text_; }
    bool empty() const noexcept { return text_.empty(); }
    std::size_t size() const noexcept { return text_.size(); }
    const std::vector<piece>& pieces() const noexcept { return pieces_; }

    // start is where the value begins in the source.
    position start() const noexcept { return pieces_.empty() ? position{} : pieces_.front().pos; }

    // append adds text that came from `pos` in the source.
    void append(std::string_view s, position pos, bool exact = true) {
        if (s.empty()) return;
        pieces_.push_back({text_.size(), pos, exact});
        text_.append(s);
    }
    void append(const located_text& other) {
        for (auto p : other.pieces_) {
            p.offset += text_.size();
            pieces_.push_back(p);
        }
        text_.append(other.text_);
    }

    // at returns the source position of byte `offset` of the value.
    position at(std::size_t offset) const noexcept {
        if (pieces_.empty()) return {};
        const piece* best = &pieces_.front();
        for (auto& p : pieces_) {
            if (p.offset > offset) break;
            best = &p;
        }
        position r = best->pos;
        if (!best->exact || !r.known()) return r;
        for (std::size_t i = best->offset; i < offset && i < text_.size(); ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++r.column;
        return r;
    }

    // substr keeps positions: the result's byte 0 maps to at(off).
    located_text substr(std::size_t off, std::size_t n = std::string::npos) const {
        located_text r;
        if (off > text_.size()) off = text_.size();
        std::size_t end = n == std::string::npos || off + n > text_.size() ? text_.size() : off + n;
        r.text_ = text_.substr(off, end - off);
        for (std::size_t i = 0; i < pieces_.size(); ++i) {
            std::size_t b = pieces_[i].offset;
            std::size_t e = i + 1 < pieces_.size() ? pieces_[i + 1].offset : text_.size();
            if (e <= off && !(b == off)) continue;
            if (b >= end && !(b == end && end == off)) break;
            std::size_t nb = b < off ? off : b;
            position p = b < off ? at(off) : pieces_[i].pos;
            if (b < off && !pieces_[i].exact) p = pieces_[i].pos;
            r.pieces_.push_back({nb - off, p, pieces_[i].exact});
        }
        if (r.pieces_.empty()) r.pieces_.push_back({0, at(off), true});
        return r;
    }

private:
    std::string text_;
    std::vector<piece> pieces_;
};

}  // namespace certreq
