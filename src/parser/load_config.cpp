#include "parser/load_config.hpp"

#include "parser/bind_root.hpp"
#include "parser/parse_config.hpp"

namespace vigil::parser {

namespace {

LoadResult finish(SyntaxTree&& tree, LoadResult result, const LoadOptions& options) {
    const PermissiveCatalog permissive;
    BindContext ctx{result.diagnostics_, options.system_ != nullptr ? *options.system_ : permissive};
    ctx.set_reader(options.reader_);
    result.config_ = bind_config(std::move(tree), ctx);
    if (!result.diagnostics_.stopped()) {
        validate_config(result.config_, ctx);
    }
    result.diagnostics_.apply_abort();
    return result;
}

} // namespace

LoadResult load_config_file(const std::filesystem::path& path, const LoadOptions& options) {
    LoadResult result;
    auto tree = parse_config_file(path, options.preprocess_, result.diagnostics_);
    return finish(std::move(tree), std::move(result), options);
}

LoadResult load_config_text(std::string_view text, std::string name, const LoadOptions& options) {
    LoadResult result;
    auto tree = parse_config_text(text, std::move(name), options.preprocess_, result.diagnostics_);
    return finish(std::move(tree), std::move(result), options);
}

} // namespace vigil::parser
