// core/located_text.hpp: a value assembled from pieces of the source (quoted
// parts, %strings% substitutions, _continue_ fragments) that still knows, for
// every byte, which physical line and column it came from. Parsers of values
// (Subject, {text} grammars, dates...) report errors through it, so an error
// inside a joined _continue_ value points at the right line.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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
    located_text(std::string text, position start) : text_(std::move(text)) { push({0, start, true}); }
    located_text(const located_text&) = default;
    located_text& operator=(const located_text&) = default;
    // Moving leaves the source empty with no pieces, as a vector would.
    located_text(located_text&& o) noexcept
        : text_(std::move(o.text_)), first_(o.first_), has_first_(std::exchange(o.has_first_, false)),
          more_(std::move(o.more_)) {
        o.text_.clear();
        o.more_.clear();
    }
    located_text& operator=(located_text&& o) noexcept {
        if (this == &o) return *this;
        text_ = std::move(o.text_);
        first_ = o.first_;
        has_first_ = std::exchange(o.has_first_, false);
        more_ = std::move(o.more_);
        o.text_.clear();
        o.more_.clear();
        return *this;
    }

    const std::string& str() const noexcept { return text_; }
    std::string_view view() const noexcept { return text_; }
    bool empty() const noexcept { return text_.empty(); }
    std::size_t size() const noexcept { return text_.size(); }
    std::span<const piece> pieces() const noexcept {
        if (!more_.empty()) return more_;
        return {&first_, has_first_ ? std::size_t(1) : std::size_t(0)};
    }

    // start is where the value begins in the source.
    position start() const noexcept { return pieces().empty() ? position{} : pieces().front().pos; }

    // append adds text that came from `pos` in the source.
    void append(std::string_view s, position pos, bool exact = true) {
        if (s.empty()) return;
        push({text_.size(), pos, exact});
        text_.append(s);
    }
    void append(const located_text& other) {
        for (auto p : other.pieces()) {
            p.offset += text_.size();
            push(p);
        }
        text_.append(other.text_);
    }

    // at returns the source position of byte `offset` of the value.
    position at(std::size_t offset) const noexcept {
        auto ps = pieces();
        if (ps.empty()) return {};
        const piece* best = &ps.front();
        for (auto& p : ps) {
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
        r.text_.assign(text_, off, end - off);
        auto ps = pieces();
        for (std::size_t i = 0; i < ps.size(); ++i) {
            std::size_t b = ps[i].offset;
            std::size_t e = i + 1 < ps.size() ? ps[i + 1].offset : text_.size();
            if (e <= off && !(b == off)) continue;
            if (b >= end && !(b == end && end == off)) break;
            std::size_t nb = b < off ? off : b;
            position p = b < off ? at(off) : ps[i].pos;
            if (b < off && !ps[i].exact) p = ps[i].pos;
            r.push({nb - off, p, ps[i].exact});
        }
        if (!r.has_first_) r.push({0, at(off), true});
        return r;
    }

private:
    // Most values are one piece: it lives in first_, and only a second piece
    // moves them all to the heap (more_), saving an allocation per value.
    void push(const piece& p) {
        if (!more_.empty()) {
            more_.push_back(p);
        } else if (!has_first_) {
            first_ = p;
            has_first_ = true;
        } else {
            more_.reserve(4);
            more_.push_back(first_);
            more_.push_back(p);
        }
    }

    std::string text_;
    piece first_{};
    bool has_first_ = false;
    std::vector<piece> more_;   // all pieces, once there are two or more
};

}  // namespace certreq
