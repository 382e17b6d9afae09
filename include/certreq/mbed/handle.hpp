// mbed/handle.hpp: handle<T, init, free>, the one RAII owner for every
// mbedTLS context that has an init/free pair (after boringssl's
// StackAllocated<T, Ret, init, cleanup>).
#pragma once

namespace certreq::mbed {

// handle owns one T: `init` runs in the constructor, `free` in the
// destructor. It is neither copyable nor movable because several mbedTLS
// contexts hold pointers into themselves; put it behind a unique_ptr to move
// it around.
template <typename T, void (*Init)(T*), void (*Free)(T*)>
class handle {
public:
    handle() noexcept { Init(&ctx_); }
    ~handle() { Free(&ctx_); }
    handle(const handle&) = delete;
    handle& operator=(const handle&) = delete;

    T* get() noexcept { return &ctx_; }
    const T* get() const noexcept { return &ctx_; }

private:
    T ctx_;
};

}  // namespace certreq::mbed
