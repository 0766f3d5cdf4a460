#include "http/pcre2_library.hpp"

#include "util/symbol_binder.hpp"

namespace vigil::http {
namespace {

struct Loaded {
    Pcre2Api api{};
    bool ok = false;
    std::string why;
};

Loaded load() {
    Loaded out;
    util::SymbolBinder binder{"PCRE2"};
    void* library = binder.open("libpcre2-8.so.0");
    Pcre2Api& a = out.api;
    out.ok = library != nullptr && binder.bind(library, "pcre2_compile_8", a.compile) &&
             binder.bind(library, "pcre2_code_free_8", a.code_free) &&
             binder.bind(library, "pcre2_get_error_message_8", a.get_error_message) &&
             binder.bind(library, "pcre2_pattern_info_8", a.pattern_info) &&
             binder.bind(library, "pcre2_jit_compile_8", a.jit_compile) &&
             binder.bind(library, "pcre2_match_data_create_from_pattern_8",
                         a.match_data_create_from_pattern) &&
             binder.bind(library, "pcre2_match_data_free_8", a.match_data_free) &&
             binder.bind(library, "pcre2_get_ovector_pointer_8", a.get_ovector_pointer) &&
             binder.bind(library, "pcre2_match_8", a.match) &&
             binder.bind(library, "pcre2_jit_match_8", a.jit_match) &&
             binder.bind(library, "pcre2_match_context_create_8", a.match_context_create) &&
             binder.bind(library, "pcre2_match_context_free_8", a.match_context_free) &&
             binder.bind(library, "pcre2_jit_stack_create_8", a.jit_stack_create) &&
             binder.bind(library, "pcre2_jit_stack_assign_8", a.jit_stack_assign) &&
             binder.bind(library, "pcre2_jit_stack_free_8", a.jit_stack_free);
    out.why = binder.why();
    return out;
}

} // namespace

const Pcre2Api* pcre2(std::string* why) noexcept {
    static const Loaded loaded = load();
    if (!loaded.ok) {
        if (why != nullptr) {
            *why = loaded.why;
        }
        return nullptr;
    }
    return &loaded.api;
}

} // namespace vigil::http
