#pragma once

// Small helpers shared by the registry's commands.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::registry {

// Etags are version numbers as strings: "1" at creation, +1 per change.
inline std::string NextEtag(const std::string& etag) {
  return std::to_string(etag.empty() ? 1 : std::stoull(etag) + 1);
}

// One problem of an import, at a spreadsheet line (0 = the file as a whole) and column. `P` is
// any problem message with line, column and reason (ImportProblem, DuesProblem).
template <typename P = v1::ImportProblem>
P MakeProblem(int line, std::string column, std::string reason) {
  P p;
  p.set_line(line);
  p.set_column(std::move(column));
  p.set_reason(std::move(reason));
  return p;
}

// A typed read made from the bytes the server sends: `write(&bytes)` writes the serialised `T`
// (or fails), and the bytes are parsed, so that the typed and the wire forms of a read have one
// implementation. `what` names the read in the INTERNAL error for bytes that do not parse.
template <typename T, typename Write>
absl::StatusOr<T> ParsedAnswer(const char* what, Write write) {
  std::string bytes;
  if (absl::Status s = write(&bytes); !s.ok()) return s;
  T out;
  if (!out.ParseFromString(bytes))
    return absl::InternalError(absl::StrCat(what, ": malformed answer"));
  return out;
}

}  // namespace orgtree::registry
