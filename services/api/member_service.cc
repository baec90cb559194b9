#include "services/api/member_service.h"

namespace orgtree::api {

MemberServiceImpl::MemberServiceImpl(registry::Registry* registry, ServiceOptions options)
    : registry_(registry), options_(options) {}

grpc::Status MemberServiceImpl::CheckRef(const Caller& caller, const v1::MemberRef& ref) const {
  if (ref.ref_case() == v1::MemberRef::kNationalId && !caller.may_see_national_ids) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "member.national_id: this caller may not look members up by ID number");
  }
  return grpc::Status::OK;
}

template <typename Req, typename Fn>
grpc::Status MemberServiceImpl::Mutation(grpc::ServerContext* ctx, const Req& req, Fn fn,
                                         v1::Member* resp) {
  const Caller caller = CallerOf(ctx, options_);
  if constexpr (requires { req.member().ref_case(); }) {
    if (auto s = CheckRef(caller, req.member()); !s.ok()) return s;
  }
  grpc::Status s = Reply(fn(MetaOf(caller, req.request_id()), req), resp);
  if (s.ok()) Present(caller, resp);
  return s;
}

grpc::Status MemberServiceImpl::RegisterMember(grpc::ServerContext* ctx,
                                               const v1::RegisterMemberRequest* req,
                                               v1::Member* resp) {
  return Mutation(
      ctx, *req, [this](auto m, auto& r) { return registry_->RegisterMember(m, r); }, resp);
}

grpc::Status MemberServiceImpl::UpdateMember(grpc::ServerContext* ctx,
                                             const v1::UpdateMemberRequest* req, v1::Member* resp) {
  return Mutation(
      ctx, *req, [this](auto m, auto& r) { return registry_->UpdateMember(m, r); }, resp);
}

grpc::Status MemberServiceImpl::ConfirmMember(grpc::ServerContext* ctx,
                                              const v1::ConfirmMemberRequest* req,
                                              v1::Member* resp) {
  return Mutation(
      ctx, *req, [this](auto m, auto& r) { return registry_->ConfirmMember(m, r); }, resp);
}

grpc::Status MemberServiceImpl::ExtendProbation(grpc::ServerContext* ctx,
                                                const v1::ExtendProbationRequest* req,
                                                v1::Member* resp) {
  return Mutation(
      ctx, *req, [this](auto m, auto& r) { return registry_->ExtendProbation(m, r); }, resp);
}

grpc::Status MemberServiceImpl::CancelProbation(grpc::ServerContext* ctx,
                                                const v1::CancelProbationRequest* req,
                                                v1::Member* resp) {
  return Mutation(
      ctx, *req, [this](auto m, auto& r) { return registry_->CancelProbation(m, r); }, resp);
}

grpc::Status MemberServiceImpl::ChangeMemberStatus(grpc::ServerContext* ctx,
                                                   const v1::ChangeMemberStatusRequest* req,
                                                   v1::Member* resp) {
  return Mutation(
      ctx, *req, [this](auto m, auto& r) { return registry_->ChangeMemberStatus(m, r); }, resp);
}

grpc::ServerUnaryReactor* MemberServiceImpl::GetMember(grpc::CallbackServerContext* ctx,
                                                       const grpc::ByteBuffer* request,
                                                       grpc::ByteBuffer* response) {
  const Caller caller = CallerOf(ctx, options_);
  auto answer = [this, &caller](const v1::GetMemberRequest& req, std::string* out) {
    if (auto s = CheckRef(caller, req.member()); !s.ok()) return s;
    return ToGrpc(registry_->GetMember(req, !caller.may_see_national_ids, out));
  };
  return ServeRaw<v1::GetMemberRequest>(ctx, *request, "GetMemberRequest", response, answer);
}

grpc::ServerUnaryReactor* MemberServiceImpl::ListMembers(grpc::CallbackServerContext* ctx,
                                                         const grpc::ByteBuffer* request,
                                                         grpc::ByteBuffer* response) {
  const Caller caller = CallerOf(ctx, options_);
  auto answer = [this, &caller](const v1::ListMembersRequest& req, std::string* out) {
    return ToGrpc(registry_->ListMembers(req, !caller.may_see_national_ids, out));
  };
  return ServeRaw<v1::ListMembersRequest>(ctx, *request, "ListMembersRequest", response, answer);
}

grpc::ServerUnaryReactor* MemberServiceImpl::CheckMembership(grpc::CallbackServerContext* ctx,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  const Caller caller = CallerOf(ctx, options_);
  auto answer = [this, &caller](const v1::CheckMembershipRequest& req, std::string* out) {
    if (auto s = CheckRef(caller, req.member()); !s.ok()) return s;
    return ToGrpc(registry_->CheckMembership(req, out));
  };
  return ServeRaw<v1::CheckMembershipRequest>(ctx, *request, "CheckMembershipRequest", response,
                                              answer);
}

grpc::ServerUnaryReactor* MemberServiceImpl::BatchGetMembers(grpc::CallbackServerContext* ctx,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  const Caller caller = CallerOf(ctx, options_);
  auto answer = [this, &caller](const v1::BatchGetMembersRequest& req, std::string* out) {
    return ToGrpc(registry_->BatchGetMembers(req, !caller.may_see_national_ids, out));
  };
  return ServeRaw<v1::BatchGetMembersRequest>(ctx, *request, "BatchGetMembersRequest", response,
                                              answer);
}

}  // namespace orgtree::api
