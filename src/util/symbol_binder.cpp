#include "util/symbol_binder.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace vigil::util {

void* SymbolBinder::open(const std::string& soname) {
    void* library = ::dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr && why_.empty()) {
        why_ = fmt::format("cannot load {}: {}", soname, ::dlerror());
    }
    return library;
}

void* SymbolBinder::lookup(void* library, const char* name) {
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr && why_.empty()) {
        why_ = fmt::format("{} function {} not found", label_, name);
    }
    return symbol;
}

} // namespace vigil::util
