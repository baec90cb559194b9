#include "tools/orgctl/json_render.h"

#include <iostream>
#include <map>

#include "absl/strings/escaping.h"
#include "services/common/enum_words.h"

namespace orgctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// One value of `field`: the singular value when index < 0, else element `index` of a repeated one.
Json FieldValue(const Message& message, const FieldDescriptor* field, int index) {
  const Reflection* r = message.GetReflection();
  const bool rep = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return rep ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field);
    case FieldDescriptor::CPPTYPE_INT64:
      return rep ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return rep ? r->GetRepeatedUInt32(message, field, index) : r->GetUInt32(message, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return rep ? r->GetRepeatedUInt64(message, field, index) : r->GetUInt64(message, field);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return rep ? r->GetRepeatedDouble(message, field, index) : r->GetDouble(message, field);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return rep ? r->GetRepeatedFloat(message, field, index) : r->GetFloat(message, field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return rep ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field);
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s =
          rep ? r->GetRepeatedString(message, field, index) : r->GetString(message, field);
      // Raw bytes are not valid JSON text; base64 is what protobuf's own JSON mapping uses.
      if (field->type() == FieldDescriptor::TYPE_BYTES) return absl::Base64Escape(s);
      return s;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number =
          rep ? r->GetRepeatedEnumValue(message, field, index) : r->GetEnumValue(message, field);
      // A number this build does not know (newer server) stays visible rather than "unspecified".
      if (field->enum_type()->FindValueByNumber(number) == nullptr) return number;
      return orgtree::EnumWord(field->enum_type(), number);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageToJson(rep ? r->GetRepeatedMessage(message, field, index)
                               : r->GetMessage(message, field));
  }
  return nullptr;
}

// JSON object keys must be strings; map keys are strings, integers or bools.
std::string MapKeyText(const Json& key) {
  return key.is_string() ? key.get<std::string>() : key.dump();
}

// Maps become objects with keys sorted, so output does not depend on hash-map iteration order.
Json MapValue(const Message& message, const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  const FieldDescriptor* key_field = field->message_type()->map_key();
  const FieldDescriptor* value_field = field->message_type()->map_value();
  std::map<std::string, Json> sorted;
  for (int i = 0; i < r->FieldSize(message, field); ++i) {
    const Message& entry = r->GetRepeatedMessage(message, field, i);
    sorted[MapKeyText(FieldValue(entry, key_field, -1))] = FieldValue(entry, value_field, -1);
  }
  Json object = Json::object();
  for (auto& [key, value] : sorted) object[key] = std::move(value);
  return object;
}

}  // namespace

Json MessageToJson(const Message& message) {
  const Reflection* r = message.GetReflection();
  const auto* descriptor = message.GetDescriptor();
  Json object = Json::object();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_map()) {
      object[field->name()] = MapValue(message, field);
    } else if (field->is_repeated()) {
      Json array = Json::array();
      for (int j = 0; j < r->FieldSize(message, field); ++j) {
        array.push_back(FieldValue(message, field, j));
      }
      object[field->name()] = std::move(array);
    } else if (field->real_containing_oneof() != nullptr && !r->HasField(message, field)) {
      continue;
    } else if (field->has_presence() && !r->HasField(message, field)) {
      // Unset sub-messages (an event's org_before on creation) are absent, not empty records.
      object[field->name()] = nullptr;
    } else {
      object[field->name()] = FieldValue(message, field, -1);
    }
  }
  return object;
}

Json ListJson(Json items, const std::string& next_page_token) {
  Json list = Json::object();
  list["items"] = std::move(items);
  list["next_page_token"] = next_page_token;
  return list;
}

void PrintJson(const Json& document) {
  // Invalid UTF-8 from a server must not abort the dump; replace it visibly instead.
  std::cout << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace orgctl
