#pragma once
// Private to bind_instance*.cpp: the vrrp_instance keyword handlers kept in
// bind_instance_adverts.cpp (where and how adverts go), for the table in bind_instance.cpp.

#include "parser/bind_context.hpp"

namespace vigil::parser::instance_handlers {

void mcast_src_ip(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void unicast_src_ip(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void unicast_peer(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void unicast_ttl(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void unicast_fault_no_peer(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void check_unicast_src(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void old_unicast_checksum(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void mcast_dst_ip(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void native_ipv6(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void use_vmac(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void use_vmac_addr(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void vmac_xmit_base(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);
void use_ipvlan(BindContext& ctx, const Statement& s, config::VrrpInstance& vi);

}  // namespace vigil::parser::instance_handlers
