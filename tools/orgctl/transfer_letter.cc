#include "tools/orgctl/transfer_letter.h"

#include <sstream>

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

constexpr const char* kCutLine = "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - -";
constexpr const char* kNotRecorded = "（未记载）";

// "一车间党支部（S0001-Z01-B01）"; an outside organisation may have no code.
std::string PartyText(const v1::TransferParty& party) {
  if (party.org_name().empty() && party.org_code().empty()) return kNotRecorded;
  if (party.org_code().empty()) return party.org_name();
  if (party.org_name().empty()) return party.org_code();
  return party.org_name() + "（" + party.org_code() + "）";
}

std::string OrNotRecorded(const std::string& text) { return text.empty() ? kNotRecorded : text; }

// The facts every part repeats after its serial, so that stub, letter and receipt can be matched
// by any of them.
void Facts(const v1::Transfer& t, std::ostream& out) {
  out << "姓名：" << t.member_name() << '\n'
      << "党员编号：" << t.member_no() << '\n'
      << "转出党组织：" << PartyText(t.from()) << '\n'
      << "转入党组织：" << PartyText(t.to()) << '\n'
      << "党费交至：" << OrNotRecorded(ChineseDate(t.dues_paid_up_to())) << '\n'
      << "开具日期：" << OrNotRecorded(ChineseDate(t.issued_on())) << '\n'
      << "有效期至：" << OrNotRecorded(ChineseDate(t.valid_until())) << '\n'
      << "转接原因：" << OrNotRecorded(t.reason()) << '\n';
}

std::string Issuer(const v1::Transfer& t) {
  v1::TransferParty committee;
  committee.set_org_code(t.issuing_committee_code());
  committee.set_org_name(t.issuing_committee_name());
  return PartyText(committee);
}

// The part's title and the serial under it.
void Head(const v1::Transfer& t, const std::string& part, std::ostream& out) {
  out << "党员组织关系介绍信" << part << '\n' << "编号：" << t.serial() << '\n';
}

}  // namespace

std::string ChineseDate(const std::string& iso) {
  const bool month = iso.size() == 7 && iso[4] == '-';
  const bool day = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
  if (!month && !day) return iso;
  std::string out = iso.substr(0, 4) + "年" + iso.substr(5, 2) + "月";
  if (day) out += iso.substr(8, 2) + "日";
  return out;
}

std::string TransferLetterText(const v1::Transfer& t) {
  std::ostringstream out;
  Head(t, "（存根）", out);
  Facts(t, out);
  out << "开具党组织：" << Issuer(t) << '\n';

  out << '\n' << kCutLine << "\n\n";
  Head(t, "", out);
  out << t.to().org_name() << "：\n"
      << "    " << t.member_name() << " 同志（党员编号 " << t.member_no() << "）的党员组织关系由 "
      << OrNotRecorded(t.from().org_name()) << " 转去你处，请接洽。\n";
  Facts(t, out);
  out << "开具党组织（盖章）：" << Issuer(t) << '\n';

  out << '\n' << kCutLine << "\n\n";
  Head(t, "（回执）", out);
  out << Issuer(t) << "：\n"
      << "    " << t.member_name() << " 同志的党员组织关系已转达我处，特此回复。\n";
  Facts(t, out);
  // A blank for the receiving side to fill in until the receipt is recorded.
  out << "接收日期：" << (t.received_on().empty() ? "____年__月__日" : ChineseDate(t.received_on()))
      << '\n'
      << "接收党组织（盖章）：" << PartyText(t.to()) << '\n';
  return out.str();
}

}  // namespace orgctl
