#pragma once

// A walk over the fields of a serialised protobuf message without parsing it into one. The hot
// paths that only look at a few varints of a stored record (a list filter, the start-up load) or
// pass most of it through unchanged (a list page) use it instead of a parse and a re-serialise,
// which profiles showed as the largest share of a list page's server time.

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace orgtree::storage {

// One field as it appears on the wire.
struct WireField {
  uint32_t number = 0;
  uint32_t type = 0;         // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
  uint64_t varint = 0;       // the value of a varint field
  std::string_view payload;  // the bytes of a length-delimited field, without its length
  std::string_view raw;      // the whole field (tag, length, value), to be copied unchanged
};

namespace wire_internal {

// Reads a varint at `*p` (< `end`), advancing `*p`; false if it is truncated or too long.
inline bool ReadVarint(const char** p, const char* end, uint64_t* out) {
  if (*p < end && static_cast<uint8_t>(**p) < 0x80) {  // most tags and values: one byte
    *out = static_cast<uint8_t>(*(*p)++);
    return true;
  }
  uint64_t value = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(*(*p)++);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *out = value;
      return true;
    }
  }
  return false;
}

}  // namespace wire_internal

// Calls `fn(const WireField&)` for each field of `message` in wire order. Returns false, having
// visited the fields before it, when the bytes are not a well-formed proto3 message: a truncated
// field, a field number 0 or a group (proto3 has none).
template <typename Fn>
bool ForEachWireField(std::string_view message, Fn&& fn) {
  const char* p = message.data();
  const char* const end = p + message.size();
  while (p < end) {
    const char* const start = p;
    uint64_t tag = 0;
    if (!wire_internal::ReadVarint(&p, end, &tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff) {
      return false;
    }
    WireField f;
    f.number = static_cast<uint32_t>(tag >> 3);
    f.type = static_cast<uint32_t>(tag & 7);
    switch (f.type) {
      case 0:
        if (!wire_internal::ReadVarint(&p, end, &f.varint)) return false;
        break;
      case 1:
      case 5: {
        const size_t width = f.type == 1 ? 8 : 4;
        if (static_cast<size_t>(end - p) < width) return false;
        p += width;
        break;
      }
      case 2: {
        uint64_t length = 0;
        if (!wire_internal::ReadVarint(&p, end, &length) ||
            length > static_cast<uint64_t>(end - p)) {
          return false;
        }
        f.payload = std::string_view(p, length);
        p += length;
        break;
      }
      default:
        return false;
    }
    f.raw = std::string_view(start, static_cast<size_t>(p - start));
    fn(static_cast<const WireField&>(f));
  }
  return true;
}

// Appends `value` as a varint (protobuf's own encoder).
inline void AppendVarint(uint64_t value, std::string* out) {
  uint8_t buf[10];  // the longest varint
  const uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(value, buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(end - buf));
}

// Appends a length-delimited field: tag, length, bytes.
inline void AppendBytesField(uint32_t number, std::string_view bytes, std::string* out) {
  using google::protobuf::internal::WireFormatLite;
  AppendVarint(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED), out);
  AppendVarint(bytes.size(), out);
  out->append(bytes);
}

// Appends a message as a length-delimited field, serialised in place at the end of `out`.
inline void AppendMessageField(uint32_t number, const google::protobuf::MessageLite& message,
                               std::string* out) {
  using google::protobuf::internal::WireFormatLite;
  AppendVarint(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED), out);
  const size_t size = message.ByteSizeLong();
  AppendVarint(size, out);
  const size_t start = out->size();
  out->resize(start + size);
  message.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out->data() + start));
}

// Appends a varint field.
inline void AppendVarintField(uint32_t number, uint64_t value, std::string* out) {
  using google::protobuf::internal::WireFormatLite;
  AppendVarint(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_VARINT), out);
  AppendVarint(value, out);
}

// Appends a repeated varint field in proto3's packed form (one length-delimited field); nothing
// for no values.
inline void AppendPackedVarintField(uint32_t number, std::span<const uint64_t> values,
                                    std::string* out) {
  if (values.empty()) return;
  std::string packed;
  for (uint64_t value : values) AppendVarint(value, &packed);
  AppendBytesField(number, packed, out);
}

}  // namespace orgtree::storage
