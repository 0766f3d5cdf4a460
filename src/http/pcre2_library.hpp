#pragma once
// PCRE2 (8-bit), loaded when the first url regex is compiled: libpcre2-8.so.0 (Debian's
// libpcre2-8-0) is opened with dlopen() and its functions called through this table, so
// that configurations without `regex` do not map its code and tables (the reason is the one
// of tls/openssl_library.hpp). Declarations come from pcre2.h.

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string>

namespace vigil::http {

struct Pcre2Api {
    decltype(&::pcre2_compile_8) compile;
    decltype(&::pcre2_code_free_8) code_free;
    decltype(&::pcre2_get_error_message_8) get_error_message;
    decltype(&::pcre2_pattern_info_8) pattern_info;
    decltype(&::pcre2_jit_compile_8) jit_compile;
    decltype(&::pcre2_match_data_create_from_pattern_8) match_data_create_from_pattern;
    decltype(&::pcre2_match_data_free_8) match_data_free;
    decltype(&::pcre2_get_ovector_pointer_8) get_ovector_pointer;
    decltype(&::pcre2_match_8) match;
    decltype(&::pcre2_jit_match_8) jit_match;
    decltype(&::pcre2_match_context_create_8) match_context_create;
    decltype(&::pcre2_match_context_free_8) match_context_free;
    decltype(&::pcre2_jit_stack_create_8) jit_stack_create;
    decltype(&::pcre2_jit_stack_assign_8) jit_stack_assign;
    decltype(&::pcre2_jit_stack_free_8) jit_stack_free;
};

// The table, loading the library on the first call; nullptr when it cannot be loaded
// (then `why`, if given, says why).
const Pcre2Api* pcre2(std::string* why = nullptr) noexcept;

} // namespace vigil::http
