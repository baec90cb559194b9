#include "tools/orgctl/output.h"

#include <iostream>

#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"

namespace orgctl {

void PrintResult(const Session& session, const google::protobuf::Message& message) {
  if (session.json()) {
    PrintJson(MessageToJson(message));
  } else {
    PrintRecord(message, std::cout);
  }
}

void PrintMorePagesHint(const std::string& next_page_token) {
  if (next_page_token.empty()) return;
  std::cerr << "more: --page-token " << next_page_token << '\n';
}

}  // namespace orgctl
