#pragma once

// The introduction letter (党员组织关系介绍信) of a transfer as printable text, composed from the
// Transfer record: the stub the issuing committee keeps (存根), the letter the member carries
// (介绍信) and the receipt the receiving side sends back (回执).

#include <string>

#include "orgtree/v1/transfer.pb.h"

namespace orgctl {

// The three parts, each with the serial, the member, both sides, 党费交至, the issue date, the
// validity and the reason, separated by a cut line.
std::string TransferLetterText(const orgtree::v1::Transfer& transfer);

// "2026-10" → "2026年10月"; "2026-11-25" → "2026年11月25日"; other text unchanged.
std::string ChineseDate(const std::string& iso);

}  // namespace orgctl
