#pragma once
// Append-only storage for text with stable addresses: string_views handed out stay valid
// for the arena's lifetime (blocks are never reallocated).

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace vigil::parser {

class TextArena {
 public:
  TextArena() = default;
  TextArena(TextArena&&) noexcept = default;
  TextArena& operator=(TextArena&&) noexcept = default;
  TextArena(const TextArena&) = delete;
  TextArena& operator=(const TextArena&) = delete;

  // Copies `text` into the arena and returns a view of the copy.
  std::string_view store(std::string_view text) {
    if (text.empty()) return {};
    char* p = allocate(text.size());
    text.copy(p, text.size());
    return {p, text.size()};
  }

  // Takes ownership of a whole buffer (e.g. a file's contents) without copying it.
  std::string_view adopt(std::unique_ptr<char[]> buffer, std::size_t size) {
    std::string_view v{buffer.get(), size};
    blocks_.push_back(std::move(buffer));
    return v;
  }

  std::size_t bytes() const { return total_; }

 private:
  static constexpr std::size_t block_size = 64 * 1024;

  char* allocate(std::size_t n) {
    if (n > block_size / 4) {  // big pieces get their own block
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(n));
      total_ += n;
      return blocks_.back().get();
    }
    if (left_ < n) {
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size));
      cursor_ = blocks_.back().get();
      left_ = block_size;
      total_ += block_size;
    }
    char* p = cursor_;
    cursor_ += n;
    left_ -= n;
    return p;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  std::size_t left_ = 0;
  std::size_t total_ = 0;
};

}  // namespace vigil::parser
