#include "rawip/advert_socket_pool.hpp"

#include <algorithm>
#include <stdexcept>

namespace vigil::rawip {

AdvertSocketPool::AdvertSocketPool(Factory factory) : factory_(std::move(factory)) {}

AdvertSocket& AdvertSocketPool::acquire(const AdvertEndpoint& endpoint) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.endpoint == endpoint; });
    if (it == entries_.end()) {
        std::unique_ptr<AdvertSocket> socket = factory_(endpoint);
        if (!socket) {
            throw std::runtime_error("advert socket factory returned nothing");
        }
        entries_.push_back(Entry{endpoint, std::move(socket), 0});
        it = entries_.end() - 1;
    }
    ++it->users;
    return *it->socket;
}

void AdvertSocketPool::release(const AdvertEndpoint& endpoint) noexcept {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.endpoint == endpoint; });
    if (it != entries_.end() && --it->users == 0) {
        entries_.erase(it);
    }
}

AdvertSocket* AdvertSocketPool::find(const AdvertEndpoint& endpoint) const noexcept {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.endpoint == endpoint; });
    return it == entries_.end() ? nullptr : it->socket.get();
}

} // namespace vigil::rawip
