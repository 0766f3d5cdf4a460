#pragma once
// The system boundary of the firewall: sends one nf_tables batch and reports the kernel's
// verdict, and asks whether a table exists. NetfilterSocket is the real one; tests use a
// fake that records batches.

#include "nft/batch.hpp"

#include <cstdint>
#include <string_view>
#include <system_error>

namespace vigil::nft {

struct SendResult {
    std::error_code error;        // the first error the kernel reported (or a socket error)
    std::uint32_t failed_seq{0};  // the sequence number of the message it refers to; 0 = none
    explicit operator bool() const noexcept { return !error; }
};

class Transport {
public:
    virtual ~Transport() = default;
    // The kernel applies a batch whole or not at all.
    virtual SendResult send(const Batch& batch) noexcept = 0;
    virtual bool table_exists(TableFamily family, std::string_view table) noexcept = 0;
};

} // namespace vigil::nft
