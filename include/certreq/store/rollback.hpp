// store/rollback.hpp: rollback, the undo log of a multi-step store change.
// `certreq -new` saves a key, then a pending request (or a certificate); if
// a later step fails, destroying the uncommitted rollback undoes the earlier
// ones, in reverse order, so no half-made entry is left in the store.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"

namespace certreq::store {

class rollback {
public:
    rollback() = default;
    rollback(rollback&& o) noexcept : steps_(std::move(o.steps_)), committed_(o.committed_) { o.committed_ = true; }
    rollback& operator=(rollback&& o) noexcept {
        if (this != &o) {
            if (!committed_) undo();
            steps_ = std::move(o.steps_);
            committed_ = o.committed_;
            o.committed_ = true;
        }
        return *this;
    }
    rollback(const rollback&) = delete;
    rollback& operator=(const rollback&) = delete;
    ~rollback() {
        if (!committed_) undo();
    }

    // commit keeps every change made so far; later changes are logged again.
    void commit() noexcept {
        steps_.clear();
        committed_ = true;
    }

    // undo reverts the logged changes now (newest first) and clears the log.
    // It tries every step; the first failure is returned.
    os::status undo() {
        os::status first;
        for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
            os::status s;
            switch (it->what) {
                case kind::remove_file: s = os::remove_file(it->path); break;
                case kind::remove_dir: s = os::remove_dir(it->path); break;
                case kind::make_dir: s = os::ensure_dir(it->path, it->mode); break;
                case kind::restore_file: s = os::write_file_atomic(it->path, it->content, it->mode, true); break;
            }
            if (!s && first) first = s;
        }
        steps_.clear();
        committed_ = true;
        return first;
    }

    bool empty() const noexcept { return steps_.empty(); }

    // append takes over the steps of `other` (which is left committed and empty).
    void append(rollback&& other) {
        for (auto& s : other.steps_) log(std::move(s));
        other.steps_.clear();
        other.committed_ = true;
    }

    // Logging, called by the store after each successful change.
    void created_file(std::string path) { log({kind::remove_file, std::move(path), {}, 0}); }
    void created_dir(std::string path) { log({kind::remove_dir, std::move(path), {}, 0}); }
    void removed_dir(std::string path, mode_t mode) { log({kind::make_dir, std::move(path), {}, mode}); }
    // changed_file: the file at `path` had `old` with `mode` (replaced or
    // removed). The copy is wiped when the log goes: it may be a key.
    void changed_file(std::string path, byte_view old, mode_t mode) {
        log({kind::restore_file, std::move(path), mbed::secret_bytes(old.begin(), old.end()), mode});
    }

private:
    enum class kind { remove_file, remove_dir, make_dir, restore_file };
    struct step {
        kind what;
        std::string path;
        mbed::secret_bytes content;
        mode_t mode;
    };
    void log(step s) {
        steps_.push_back(std::move(s));
        committed_ = false;
    }

    std::vector<step> steps_;
    bool committed_ = true;  // nothing to undo yet
};

}  // namespace certreq::store
