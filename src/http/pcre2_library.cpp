#include "http/pcre2_library.hpp"

#include <dlfcn.h>

#include <fmt/format.h>

namespace vigil::http {
namespace {

struct Loaded {
    Pcre2Api api{};
    bool ok = false;
    std::string why;
};

template <typename Function>
bool bind(void* library, const char* name, Function& out, std::string& why) {
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr) {
        why = fmt::format("PCRE2 function {} not found", name);
        return false;
    }
    out = reinterpret_cast<Function>(symbol);
    return true;
}

Loaded load() {
    Loaded out;
    static constexpr const char* soname = "libpcre2-8.so.0";
    void* library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);  // kept for the process's life
    if (library == nullptr) {
        out.why = fmt::format("cannot load {}: {}", soname, ::dlerror());
        return out;
    }
    Pcre2Api& a = out.api;
    std::string& why = out.why;
    out.ok = bind(library, "pcre2_compile_8", a.compile, why) && bind(library, "pcre2_code_free_8", a.code_free, why) &&
             bind(library, "pcre2_get_error_message_8", a.get_error_message, why) &&
             bind(library, "pcre2_pattern_info_8", a.pattern_info, why) &&
             bind(library, "pcre2_jit_compile_8", a.jit_compile, why) &&
             bind(library, "pcre2_match_data_create_from_pattern_8", a.match_data_create_from_pattern, why) &&
             bind(library, "pcre2_match_data_free_8", a.match_data_free, why) &&
             bind(library, "pcre2_get_ovector_pointer_8", a.get_ovector_pointer, why) &&
             bind(library, "pcre2_match_8", a.match, why) && bind(library, "pcre2_jit_match_8", a.jit_match, why) &&
             bind(library, "pcre2_match_context_create_8", a.match_context_create, why) &&
             bind(library, "pcre2_match_context_free_8", a.match_context_free, why) &&
             bind(library, "pcre2_jit_stack_create_8", a.jit_stack_create, why) &&
             bind(library, "pcre2_jit_stack_assign_8", a.jit_stack_assign, why) &&
             bind(library, "pcre2_jit_stack_free_8", a.jit_stack_free, why);
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
