#include "services/api/member_service.h"

namespace orgtree::api {

MemberServiceImpl::MemberServiceImpl(registry::Registry* registry, ServiceOptions options)
    : registry_(registry), options_(options) {
  SetMessageAllocatorFor_CheckMembership(&check_arena_);
}

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
  v1::GetMemberRequest req;
  const bool parsed = ParseRawRequest(*request, &req);
  if (parsed) {
    if (auto s = CheckRef(caller, req.member()); !s.ok()) return Finish(ctx, s);
  }
  std::string member;
  absl::Status s;
  if (parsed) s = registry_->GetMember(req.member(), !caller.may_see_national_ids, &member);
  return FinishRaw(ctx, parsed, "GetMemberRequest", s, std::move(member), response);
}

grpc::ServerUnaryReactor* MemberServiceImpl::ListMembers(grpc::CallbackServerContext* ctx,
                                                         const grpc::ByteBuffer* request,
                                                         grpc::ByteBuffer* response) {
  const Caller caller = CallerOf(ctx, options_);
  v1::ListMembersRequest req;
  const bool parsed = ParseRawRequest(*request, &req);
  std::string page;
  absl::Status s;
  if (parsed) s = registry_->ListMembers(req, !caller.may_see_national_ids, &page);
  return FinishRaw(ctx, parsed, "ListMembersRequest", s, std::move(page), response);
}

grpc::ServerUnaryReactor* MemberServiceImpl::CheckMembership(grpc::CallbackServerContext* ctx,
                                                             const v1::CheckMembershipRequest* req,
                                                             v1::CheckMembershipResponse* resp) {
  const Caller caller = CallerOf(ctx, options_);
  if (auto s = CheckRef(caller, req->member()); !s.ok()) return Finish(ctx, s);
  return Finish(ctx, ToGrpc(registry_->CheckMembership(*req, resp)));
}

grpc::ServerUnaryReactor* MemberServiceImpl::BatchGetMembers(grpc::CallbackServerContext* ctx,
                                                             const v1::BatchGetMembersRequest* req,
                                                             v1::BatchGetMembersResponse* resp) {
  const Caller caller = CallerOf(ctx, options_);
  grpc::Status s = Reply(registry_->BatchGetMembers(*req), resp);
  for (auto& m : *resp->mutable_members()) Present(caller, &m);
  return Finish(ctx, s);
}

}  // namespace orgtree::api
