#pragma once
// An optional value stored on the heap: one pointer when absent. For the model's bulky,
// usually absent members (the seven notify commands of every instance would otherwise take
// ~1 KB per instance; issue 4, resident memory with many instances).
//
// Contract: behaves as std::optional<T> for the operations the model's users need (test,
// dereference, assign a value / std::optional / std::nullopt, compare by value), with value
// semantics (copying copies the value).

#include <memory>
#include <optional>
#include <utility>

namespace vigil::config {

template <typename T>
class HeapOptional {
public:
    HeapOptional() noexcept = default;
    HeapOptional(std::nullopt_t) noexcept {}
    HeapOptional(T value) : value_(std::make_unique<T>(std::move(value))) {}
    HeapOptional(std::optional<T> value) {
        if (value) {
            value_ = std::make_unique<T>(std::move(*value));
        }
    }
    HeapOptional(const HeapOptional& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    HeapOptional(HeapOptional&&) noexcept = default;
    HeapOptional& operator=(const HeapOptional& other) {
        if (this != &other) {
            value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
        }
        return *this;
    }
    HeapOptional& operator=(HeapOptional&&) noexcept = default;
    ~HeapOptional() = default;

    template <typename... Args>
    T& emplace(Args&&... args) {
        value_ = std::make_unique<T>(std::forward<Args>(args)...);
        return *value_;
    }
    void reset() noexcept { value_.reset(); }

    [[nodiscard]] bool has_value() const noexcept { return value_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }
    T& operator*() noexcept { return *value_; }
    const T& operator*() const noexcept { return *value_; }
    T* operator->() noexcept { return value_.get(); }
    const T* operator->() const noexcept { return value_.get(); }
    T value_or(T fallback) const { return value_ ? *value_ : std::move(fallback); }
    const T& value() const {
        if (!value_) {
            throw std::bad_optional_access();
        }
        return *value_;
    }

    friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
        return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
    }
    friend bool operator==(const HeapOptional& a, std::nullopt_t) noexcept { return !a.has_value(); }

private:
    std::unique_ptr<T> value_;
};

} // namespace vigil::config
