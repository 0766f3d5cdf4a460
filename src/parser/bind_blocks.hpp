#pragma once
// Binders of the configuration blocks: each binds one block's statements into the model,
// reporting problems with keepalived's wording (see keywords_table.hpp for the contract).

#include "parser/bind_context.hpp"

#include <string_view>
#include <vector>

namespace vigil::parser {

void bind_global_defs(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void bind_instance(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void bind_sync_group(BindContext& ctx, const Statement& s, config::SyncGroup& sg);
// false: keepalived removes the script (no script, or no user to run it as).
bool bind_script(BindContext& ctx, const Statement& s, config::VrrpScript& script);
// false (after keepalived's message) when the block sets no file / no process: it is dropped.
bool bind_track_file(BindContext& ctx, const Statement& s, config::TrackFile& tf);
bool bind_track_process(BindContext& ctx, const Statement& s, config::TrackProcess& tp);
// false: keepalived removes the group (no delay set).
bool bind_garp_group(BindContext& ctx, const Statement& s, config::GarpGroup& gg);

// Shared pieces.
config::RawStatement raw_statement(const Statement& s);
// [vrrp_]garp_extra_if / [vrrp_]vmac_garp_intvl: `owner` is the instance, empty for global_defs.
std::optional<config::GarpExtraIf> bind_garp_extra_if(BindContext& ctx, const Statement& s, std::string_view owner);
// track_interface/track_script/... block: NAME [weight W [reverse|noreverse]].
// `owner` names the instance or group in messages.
void bind_tracked(BindContext& ctx, const Statement& s, std::vector<config::TrackedObject>& out, int min_weight,
                  int max_weight, std::string_view owner);
// The track_* keyword handler of an instance or sync group for one tracker list.
template <auto List, int MinWeight, int MaxWeight, typename Owner>
void tracked_handler(BindContext& ctx, const Statement& s, Owner& owner) {
    bind_tracked(ctx, s, owner.track_.*List, MinWeight, MaxWeight, owner.name_);
}
// notify_* keywords shared by instances and sync groups; false when `s` is not one.
enum class NotifyOwner : std::uint8_t { instance, sync_group };
bool bind_notify(BindContext& ctx, const Statement& s, config::Notifies& n, std::string_view owner, NotifyOwner kind);

std::vector<std::string_view> global_keyword_names();

} // namespace vigil::parser
