#pragma once
// Loading an optional shared library on first use (OpenSSL, PCRE2): a configuration that does
// not use the feature never maps it. Libraries opened here are never closed: the function
// pointers bound from them stay valid for the life of the process.

#include <string>
#include <string_view>

namespace vigil::util {

class SymbolBinder {
public:
    // `label` names the library in messages ("OpenSSL", "PCRE2").
    explicit SymbolBinder(std::string_view label) : label_(label) {}

    // dlopen(soname, RTLD_NOW | RTLD_LOCAL); nullptr (and why() says so) on failure.
    void* open(const std::string& soname);

    // Binds `out` to the symbol `name` of `library`; false (and why() says so) if it is missing.
    template <typename Function>
    bool bind(void* library, const char* name, Function& out) {
        void* symbol = lookup(library, name);
        if (symbol == nullptr) {
            return false;
        }
        out = reinterpret_cast<Function>(symbol);
        return true;
    }

    // The first failure, or empty.
    const std::string& why() const noexcept { return why_; }

private:
    void* lookup(void* library, const char* name);

    std::string label_;
    std::string why_;
};

} // namespace vigil::util
