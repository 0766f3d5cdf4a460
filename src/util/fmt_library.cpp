// fmt's compiled part, built into vigil instead of linking libfmt.so (meson option
// static_libs; Debian ships no libfmt.a). Including format-inl.h without FMT_HEADER_ONLY
// defines fmt's out-of-line functions here, once; format.h declares the few templates below
// `extern`, so they are instantiated here explicitly.
#include <fmt/format-inl.h>

namespace fmt::detail {

template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl<char>(locale_ref) -> char;
template void vformat_to<char>(buffer<char>&, string_view, basic_format_args<buffer_context<char>>,
                               locale_ref);

} // namespace fmt::detail
