#pragma once
// The type-specific lines keepalived 2.2.7 writes for HTTP_GET, SSL_GET, SMTP_CHECK and
// DNS_CHECK checkers in keepalived_check.data (check_http.c dump_http_check and dump_url,
// check_smtp.c dump_smtp_check, check_dns.c dump_dns_check), from "Keepalive method" on.
// Other types: nothing (the caller writes theirs).

#include "check/checker_state.hpp"
#include "config/lvs_model.hpp"

#include <string>

namespace vigil::check {

// Appends the lines, each newline-terminated. `lvs`: the configuration (for the number of
// urls sharing a regex, keepalived's "Regex ref count").
void append_protocol_dump(std::string& out, const CheckerState& checker, const config::LvsConfig& lvs);

} // namespace vigil::check
