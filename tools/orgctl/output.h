#pragma once

// The two shapes a command result takes on stdout: --json or the text record.

#include <google/protobuf/message.h>

#include <string>

#include "tools/orgctl/session.h"

namespace orgctl {

// `message` as one JSON document (--json) or as "field: value" lines.
void PrintResult(const Session& session, const google::protobuf::Message& message);

// Text mode's hint that a listing has more pages; on stderr so stdout holds only rows.
void PrintMorePagesHint(const std::string& next_page_token);

}  // namespace orgctl
