#pragma once

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/api/arena_allocator.h"
#include "services/api/call_context.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// MemberService over the registry; national ID numbers are masked for callers who may not see them.
// The reads on the callback API, the mutations synchronous (call_context.h, Finish). GetMember and
// ListMembers take and answer raw bytes: the stored records are passed through without a parse.
using MemberServiceBase = v1::MemberService::WithRawCallbackMethod_GetMember<
    v1::MemberService::WithRawCallbackMethod_ListMembers<
        v1::MemberService::WithCallbackMethod_CheckMembership<
            v1::MemberService::WithCallbackMethod_BatchGetMembers<v1::MemberService::Service>>>>;

class MemberServiceImpl final : public MemberServiceBase {
 public:
  MemberServiceImpl(registry::Registry* registry, ServiceOptions options);

  grpc::Status RegisterMember(grpc::ServerContext* ctx, const v1::RegisterMemberRequest* req,
                              v1::Member* resp) override;
  grpc::ServerUnaryReactor* GetMember(grpc::CallbackServerContext* ctx,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::Status UpdateMember(grpc::ServerContext* ctx, const v1::UpdateMemberRequest* req,
                            v1::Member* resp) override;
  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* ctx,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CheckMembership(grpc::CallbackServerContext* ctx,
                                            const v1::CheckMembershipRequest* req,
                                            v1::CheckMembershipResponse* resp) override;
  grpc::Status ConfirmMember(grpc::ServerContext* ctx, const v1::ConfirmMemberRequest* req,
                             v1::Member* resp) override;
  grpc::Status ExtendProbation(grpc::ServerContext* ctx, const v1::ExtendProbationRequest* req,
                               v1::Member* resp) override;
  grpc::Status CancelProbation(grpc::ServerContext* ctx, const v1::CancelProbationRequest* req,
                               v1::Member* resp) override;
  grpc::Status ChangeMemberStatus(grpc::ServerContext* ctx,
                                  const v1::ChangeMemberStatusRequest* req,
                                  v1::Member* resp) override;
  grpc::ServerUnaryReactor* BatchGetMembers(grpc::CallbackServerContext* ctx,
                                            const v1::BatchGetMembersRequest* req,
                                            v1::BatchGetMembersResponse* resp) override;

 private:
  // Runs a mutation for the caller and masks the member it returns.
  template <typename Req, typename Fn>
  grpc::Status Mutation(grpc::ServerContext* ctx, const Req& req, Fn fn, v1::Member* resp);
  // Refuses a national-ID lookup from a caller who may not see ID numbers.
  grpc::Status CheckRef(const Caller& caller, const v1::MemberRef& ref) const;

  registry::Registry* registry_;
  ServiceOptions options_;
  // Per-call arenas for the hot reads, which the registry fills in place.
  ArenaAllocator<v1::CheckMembershipRequest, v1::CheckMembershipResponse> check_arena_{4 << 10};
};

}  // namespace orgtree::api
