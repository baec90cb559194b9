#pragma once

// A closed-loop load driver: keeps a fixed number of gRPC calls in flight, spread over several
// channels, until a deadline or a call budget is reached, and summarises their latencies.
// Callback-API calls, so a handful of gRPC threads drive many calls on a 2-core box.

#include <google/protobuf/arena.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace orgtree::loadgen {

// Starts call number `seq` on channel `channel`; must call `done` exactly once when it completes.
using Done = std::function<void(const grpc::Status&)>;
using StartCall = std::function<void(size_t channel, uint64_t seq, Done done)>;

struct LoadOptions {
  size_t channels = 4;
  int in_flight = 32;
  std::chrono::milliseconds duration{5000};
  int64_t max_calls = 5'000'000;  // a hard cap, whatever the duration
  // The server's process on this box, when known: its CPU time is read around the run.
  int server_pid = 0;
};

struct LoadResult {
  int64_t calls = 0;  // completed, errors included
  int64_t errors = 0;
  std::string first_error;
  double seconds = 0;
  double qps = 0;  // successful calls per second
  double p50_us = 0, p90_us = 0, p99_us = 0;
  std::vector<int64_t> latencies_ns;  // of the successful calls, for pooling runs (Pool)
  // CPU time (user + system) the server and this client spent during the run; the server's is
  // negative when its process is not known or cannot be read.
  double server_cpu_s = -1;
  double client_cpu_s = 0;
};

// CPU time per successful call, in microseconds (negative when not measured).
double ServerCpuUsPerCall(const LoadResult& r);
double ClientCpuUsPerCall(const LoadResult& r);

LoadResult RunLoad(const StartCall& start, const LoadOptions& options);

// Several runs of one operation as one: calls, errors and time added up, percentiles over all of
// their calls.
LoadResult Pool(const std::vector<LoadResult>& runs);

// A StartCall for one unary method: `fill` builds the request for `seq`, `invoke` starts the
// callback-API call (stub->async()->Method(ctx, req, resp, callback)).
template <typename Req, typename Resp>
StartCall Unary(std::function<void(uint64_t seq, Req* req)> fill,
                std::function<void(size_t channel, grpc::ClientContext*, const Req*, Resp*,
                                   std::function<void(grpc::Status)>)>
                    invoke) {
  return [fill = std::move(fill), invoke = std::move(invoke)](size_t channel, uint64_t seq,
                                                              Done done) {
    // Request and response on one arena per call, as a careful client would do: on a shared box
    // the client's mallocs for a 50-member page are CPU the server does not get.
    struct Call {
      grpc::ClientContext ctx;
      google::protobuf::Arena arena;
      Req* req = google::protobuf::Arena::CreateMessage<Req>(&arena);
      Resp* resp = google::protobuf::Arena::CreateMessage<Resp>(&arena);
    };
    auto* call = new Call;
    // A stuck server must not hang the run: every call gives up after 10 s.
    call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    fill(seq, call->req);
    invoke(channel, &call->ctx, call->req, call->resp,
           [call, done = std::move(done)](grpc::Status s) {
             done(s);
             delete call;
           });
  };
}

}  // namespace orgtree::loadgen
