// `events`: the audit log (AuditService.ListEvents), optionally for one org or member.

#include <iostream>
#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct EventsOptions {
  std::string org;
  std::string member;
  std::string from;
  std::string to;
  uint64_t after_seq = 0;
  int page_size = 0;
  std::string page_token;
  bool all_pages = false;
};

// "seq time actor type key effective_date"; "-" for empty fields keeps six words per line.
std::string EventLine(const v1::Event& e) {
  return std::to_string(e.seq()) + " " + OrDash(e.time()) + " " + OrDash(e.actor()) + " " +
         OrDash(e.type()) + " " + OrDash(e.entity_key()) + " " + OrDash(e.effective_date());
}

int RunEvents(Session& session, const EventsOptions& o) {
  v1::ListEventsRequest request;
  if (!o.org.empty()) {
    request.set_entity_type(v1::ENTITY_ORG);
    request.set_entity_key(o.org);
  } else if (!o.member.empty()) {
    request.set_entity_type(v1::ENTITY_MEMBER);
    request.set_entity_key(o.member);
  }
  request.set_time_from(o.from);
  request.set_time_to(o.to);
  request.set_after_seq(o.after_seq);
  request.set_page_size(o.page_size);
  request.set_page_token(o.page_token);

  Json items = Json::array();
  std::string next_token;
  while (true) {
    v1::ListEventsResponse response;
    auto context = session.NewContext();
    Check(session.audit().ListEvents(context.get(), request, &response));
    for (const auto& event : response.events()) {
      if (session.json()) {
        items.push_back(MessageToJson(event));
      } else {
        std::cout << EventLine(event) << '\n';
      }
    }
    next_token = response.next_page_token();
    // Guard against a server returning the token it was given: that would never end.
    if (!o.all_pages || next_token.empty() || next_token == request.page_token()) break;
    request.set_page_token(next_token);
  }
  if (o.all_pages) next_token.clear();
  if (session.json()) {
    PrintJson(ListJson(std::move(items), next_token));
  } else {
    PrintMorePagesHint(next_token);
  }
  return 0;
}

}  // namespace

void AddEventsCommand(CLI::App& app, Action* action) {
  auto o = std::make_shared<EventsOptions>();
  CLI::App* cmd = app.add_subcommand("events", "list audit events");
  auto* org = cmd->add_option("--org", o->org, "only this org's events (org code)");
  cmd->add_option("--member", o->member, "only this member's events (member number)")
      ->excludes(org);
  AddDateOption(cmd, "--from", &o->from, "from this date, inclusive");
  AddDateOption(cmd, "--to", &o->to, "up to this date, exclusive");
  cmd->add_option("--after-seq", o->after_seq, "only events after this sequence number");
  cmd->add_option("--page-size", o->page_size, "events per page (server default 50, max 1000)")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--page-token", o->page_token, "continue a listing");
  cmd->add_flag("--all-pages", o->all_pages, "fetch every page");
  BindAction(cmd, action, o, &RunEvents);
}

}  // namespace orgctl
