#pragma once
// keepalived's sockpool: one AdvertSocket per AdvertEndpoint, shared by every instance that
// uses it and closed when the last one lets go. The factory is injectable for tests.

#include "rawip/advert_socket.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace vigil::rawip {

class AdvertSocketPool {
public:
    using Factory = std::function<std::unique_ptr<AdvertSocket>(const AdvertEndpoint&)>;

    explicit AdvertSocketPool(Factory factory);

    // The socket for `endpoint`, opened on first use (the factory may throw: start-up and
    // reload only). Each acquire() must be paired with one release().
    AdvertSocket& acquire(const AdvertEndpoint& endpoint);
    // Drops one user; closes the socket with its last user. Unknown endpoints are ignored.
    void release(const AdvertEndpoint& endpoint) noexcept;

    // The socket for `endpoint` if open, else nullptr.
    AdvertSocket* find(const AdvertEndpoint& endpoint) const noexcept;
    std::size_t size() const noexcept { return entries_.size(); }

private:
    struct Entry {
        AdvertEndpoint endpoint;
        std::unique_ptr<AdvertSocket> socket;
        std::size_t users = 0;
    };

    Factory factory_;
    std::vector<Entry> entries_;
};

} // namespace vigil::rawip
