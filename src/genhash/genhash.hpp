#pragma once
// The genhash command (keepalived 2.2.7's, genhash(1)): one HTTP or HTTPS GET, then the MD5
// of the body on stdout. The same code path as HTTP_GET/SSL_GET (http::Exchange), so the
// digest it prints is the one a check compares against.
//
// Output, as keepalived's genhash writes it:
//  - the digest in lowercase hex and a newline; with -v, first the header and body dumps
//    as they arrive, then the digest dump, and at the end "Global response time for [URL]
//    = N usecs";
//  - a response without any header: "no data received from remote webserver" on stderr;
//  - a failed attempt: keepalived's wording of the failure ("Connection failed", ...) on
//    stdout.
// The exit status is 0 in all these cases (as keepalived's), 1 for a refused command line.
// Where keepalived would retry forever without output (the socket cannot be created or
// bound), this says why on stderr and exits 1.

#include "genhash/options.hpp"

namespace vigil::genhash {

// `genhash ...` (argv[0] named genhash).
int main_named(int argc, char* argv[]);
// `keepalived ... -T|--genhash ...`: getopt has just returned -T; `first` when it was the
// first option, `long_form` when it was spelled --genhash.
int main_from_keepalived(int argc, char* argv[], bool first, bool long_form);

// Runs one request with parsed options; returns the exit status.
int run(const Options& options);

} // namespace vigil::genhash
