#pragma once

// Protobuf messages as the JSON the conventions promise: proto field names as keys, every field
// printed (zero and empty too), 64-bit integers as numbers, enums as lowercase words.

#include <google/protobuf/message.h>

#include <nlohmann/json.hpp>
#include <string>

namespace orgctl {

// Ordered so that keys come out in proto field order, which reads like the .proto file.
using Json = nlohmann::ordered_json;

// Any message, by reflection. Unset sub-messages and unset `optional` scalars are null; unset
// oneof members are left out (only the chosen one is meaningful).
Json MessageToJson(const google::protobuf::Message& message);

// The list envelope: {"items": [...], "next_page_token": "..."}.
Json ListJson(Json items, const std::string& next_page_token);

// Writes the single JSON document of a --json run to stdout.
void PrintJson(const Json& document);

}  // namespace orgctl
