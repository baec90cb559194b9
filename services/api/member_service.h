#pragma once

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// MemberService over the registry; national ID numbers are masked for callers who may not see them.
// The reads on the callback API, the mutations synchronous (call_context.h, Finish). The reads
// take and answer raw bytes (call_context.h, ServeRaw): stored records pass through without a
// parse, the path's orgs are written from the tree.
using MemberServiceBase = v1::MemberService::WithRawCallbackMethod_GetMember<
    v1::MemberService::WithRawCallbackMethod_ListMembers<
        v1::MemberService::WithRawCallbackMethod_CheckMembership<
            v1::MemberService::WithRawCallbackMethod_BatchGetMembers<v1::MemberService::Service>>>>;

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
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
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
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;

 private:
  // Runs a mutation for the caller and masks the member it returns.
  template <typename Req, typename Fn>
  grpc::Status Mutation(grpc::ServerContext* ctx, const Req& req, Fn fn, v1::Member* resp);
  // Refuses a national-ID lookup from a caller who may not see ID numbers.
  grpc::Status CheckRef(const Caller& caller, const v1::MemberRef& ref) const;

  registry::Registry* registry_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
