#pragma once

// The project's own early-return pair: Debian's Abseil (20220623) ships no status macros.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ORGTREE_CONCAT_INNER(a, b) a##b
#define ORGTREE_CONCAT(a, b) ORGTREE_CONCAT_INNER(a, b)

// Returns from the current function when `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::absl::Status _orgtree_status = (expr);           \
    if (!_orgtree_status.ok()) return _orgtree_status; \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, Fn())`: declares/assigns the value of an absl::StatusOr, or returns
// its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ORGTREE_ASSIGN_OR_RETURN_IMPL(ORGTREE_CONCAT(_orgtree_statusor_, __LINE__), lhs, expr)

#define ORGTREE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()
