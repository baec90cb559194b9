// `member get|register|update|list` (the status lifecycle lives in commands_member_status.cc).

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/member_fields.h"
#include "tools/orgctl/member_queries.h"
#include "tools/orgctl/output.h"
#include "tools/orgctl/paging.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

// The columns a read mask asks for, in the order given; "*" is every field of Member.
std::vector<std::string> FieldColumns(const std::vector<std::string>& fields) {
  std::vector<std::string> columns;
  for (const std::string& field : fields) {
    if (field != "*") {
      columns.push_back(field);
      continue;
    }
    const auto* descriptor = v1::Member::descriptor();
    for (int i = 0; i < descriptor->field_count(); ++i)
      columns.push_back(descriptor->field(i)->name());
  }
  return columns;
}

// A member's JSON cut to `columns` (the server sent nothing else; the rest would be empty values).
Json PickFields(const v1::Member& member, const std::vector<std::string>& columns) {
  const Json whole = MessageToJson(member);
  Json picked = Json::object();
  for (const std::string& column : columns) {
    if (whole.contains(column)) picked[column] = whole[column];
    // The flag says how to read the number (it comes with it).
    if (column == "national_id") picked["national_id_masked"] = whole["national_id_masked"];
  }
  return picked;
}

Table FieldTable(const std::vector<std::string>& columns) {
  std::vector<std::string> header;
  for (const std::string& column : columns) header.push_back(absl::AsciiStrToUpper(column));
  return Table(std::move(header));
}

void AddFieldRow(const Json& picked, const std::vector<std::string>& columns, Table* table) {
  std::vector<std::string> row;
  for (const std::string& column : columns) {
    const Json& value = picked.contains(column) ? picked[column] : Json();
    row.push_back(value.is_string() ? value.get<std::string>() : value.dump());
  }
  table->AddRow(std::move(row));
}

struct GetOptions {
  std::string member_no;
  std::optional<uint64_t> id;
  std::string national_id;
  std::vector<std::string> fields;  // a read mask
};

int RunGet(Session& session, const GetOptions& options) {
  int given = !options.member_no.empty() + options.id.has_value() + !options.national_id.empty();
  if (given != 1) throw UsageError("give exactly one of MEMBER_NO, --id or --national-id");
  v1::MemberRef ref;
  if (!options.member_no.empty()) ref.set_member_no(options.member_no);
  if (options.id) ref.set_id(*options.id);
  if (!options.national_id.empty()) ref.set_national_id(options.national_id);
  const v1::Member member = FetchMember(session, ref, options.fields);
  if (options.fields.empty()) {
    PrintResult(session, member);
    return 0;
  }
  // Only the fields asked for, as `member list --fields` shows them.
  const std::vector<std::string> columns = FieldColumns(options.fields);
  const Json picked = PickFields(member, columns);
  if (session.json()) {
    PrintJson(picked);
  } else {
    Table table = FieldTable(columns);
    AddFieldRow(picked, columns, &table);
    table.Print(std::cout);
  }
  return 0;
}

int RunRegister(Session& session, const MemberFields& fields) {
  v1::RegisterMemberRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = BuildMember(fields);
  v1::Member member;
  auto context = session.NewContext();
  Check(session.members().RegisterMember(context.get(), request, &member));
  PrintResult(session, member);
  return 0;
}

struct UpdateOptions {
  std::string member_no;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> education;
  std::optional<std::string> ethnicity;
  std::string employment;
  std::optional<std::string> group;
  bool no_group = false;
  std::string etag;
  std::string date;
};

int RunUpdate(Session& session, const UpdateOptions& o) {
  if (!o.name && !o.phone && !o.education && !o.ethnicity && o.employment.empty() && !o.group &&
      !o.no_group) {
    throw UsageError(
        "nothing to update: give --name, --phone, --education, --ethnicity, --employment, "
        "--group or --no-group");
  }
  v1::UpdateMemberRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  // The server wants the etag the caller last read; without --etag, "last read" is right now.
  request.set_etag(o.etag.empty() ? FetchMember(session, request.member()).etag() : o.etag);
  if (o.name) request.set_name(*o.name);
  if (o.phone) request.set_phone(*o.phone);
  if (o.education) request.set_education(*o.education);
  if (o.ethnicity) request.set_ethnicity(*o.ethnicity);
  if (!o.employment.empty()) request.set_employment(ToEnum<v1::Employment>(o.employment));
  if (o.group) request.set_group_code(*o.group);
  if (o.no_group) request.set_group_code("");  // present but empty = leave the group
  request.set_effective_date(o.date);
  v1::Member member;
  auto context = session.NewContext();
  Check(session.members().UpdateMember(context.get(), request, &member));
  PrintResult(session, member);
  return 0;
}

struct ListOptions {
  std::string org;
  bool subtree = false;
  std::string category;
  std::vector<std::string> statuses;
  bool all_statuses = false;
  std::string employment;
  int page_size = 0;
  std::string page_token;
  bool all_pages = false;
  std::string view = "full";
  std::vector<std::string> fields;  // a read mask instead of a view
};

// The table's columns: the basic view has no employment or joining date to show.
Table MemberTable(bool basic) {
  std::vector<std::string> columns = {"MEMBER_NO", "NAME", "ORG", "GROUP", "CATEGORY", "STATUS"};
  if (!basic) columns.insert(columns.end(), {"EMPLOYMENT", "JOINED"});
  return Table(columns);
}

void AddMemberRow(const v1::Member& m, bool basic, Table* table) {
  std::vector<std::string> row = {m.member_no(),
                                  m.name(),
                                  m.org_code(),
                                  m.group_code(),
                                  orgtree::EnumWord(m.category()),
                                  orgtree::EnumWord(m.status())};
  if (!basic) row.insert(row.end(), {orgtree::EnumWord(m.employment()), m.joined_on()});
  table->AddRow(std::move(row));
}

int RunList(Session& session, const ListOptions& o) {
  v1::ListMembersRequest request;
  *request.mutable_org() = OrgByCode(o.org);
  request.set_include_subtree(o.subtree);
  if (!o.category.empty()) request.set_category(ToEnum<v1::MemberCategory>(o.category));
  for (const auto& status : o.statuses) request.add_statuses(ToEnum<v1::MemberStatus>(status));
  request.set_all_statuses(o.all_statuses);
  if (!o.employment.empty()) request.set_employment(ToEnum<v1::Employment>(o.employment));
  request.set_page_size(o.page_size);
  request.set_page_token(o.page_token);
  // Staff see the whole record unless they ask for the basic view (a list to hand on without ID
  // numbers, phones and dates): not the server's default for lists, which serves other systems.
  // Or exactly the fields named (a phone list: --fields member_no,name,phone).
  const std::vector<std::string> columns = FieldColumns(o.fields);
  if (o.fields.empty()) {
    request.set_view(ToEnum<v1::MemberView>(o.view));
  } else {
    for (const std::string& field : o.fields) request.mutable_read_mask()->add_paths(field);
  }
  const bool basic = request.view() == v1::MEMBER_VIEW_BASIC;

  Json items = Json::array();
  Table table = columns.empty() ? MemberTable(basic) : FieldTable(columns);
  const std::string next_token = FetchPages<v1::ListMembersResponse>(
      request, o.all_pages,
      [&](const v1::ListMembersRequest& page, v1::ListMembersResponse* response) {
        auto context = session.NewContext();
        Check(session.members().ListMembers(context.get(), page, response));
      },
      [&](const v1::ListMembersResponse& response) {
        for (const auto& member : response.members()) {
          if (!columns.empty()) {
            Json picked = PickFields(member, columns);
            if (session.json()) {
              items.push_back(std::move(picked));
            } else {
              AddFieldRow(picked, columns, &table);
            }
          } else if (session.json()) {
            items.push_back(MessageToJson(member));
          } else {
            AddMemberRow(member, basic, &table);
          }
        }
      });
  if (session.json()) {
    PrintJson(ListJson(std::move(items), next_token));
  } else {
    table.Print(std::cout);
    PrintMorePagesHint(next_token);
  }
  return 0;
}

void AddGet(CLI::App* member, Action* action) {
  auto o = std::make_shared<GetOptions>();
  CLI::App* cmd = member->add_subcommand("get", "show a member");
  auto* no = cmd->add_option("member_no", o->member_no, "member number");
  auto* id = cmd->add_option("--id", o->id, "look up by internal id")->excludes(no);
  cmd->add_option("--national-id", o->national_id, "look up by national ID")
      ->excludes(no)
      ->excludes(id);
  cmd->add_option("--fields", o->fields,
                  "only these member fields, comma-separated, e.g. name,phone ('*' = all)")
      ->delimiter(',');
  BindAction(cmd, action, o, &RunGet);
}

void AddRegister(CLI::App* member, Action* action) {
  auto o = std::make_shared<MemberFields>();
  CLI::App* cmd = member->add_subcommand("register", "register a new member");
  AddMemberFieldOptions(cmd, o.get(), MemberFieldsUse::kRegister);
  BindAction(cmd, action, o, &RunRegister);
}

void AddUpdate(CLI::App* member, Action* action) {
  auto o = std::make_shared<UpdateOptions>();
  CLI::App* cmd = member->add_subcommand("update", "change a member's contact and profile fields");
  cmd->add_option("member_no", o->member_no, "member number")->required();
  cmd->add_option("--name", o->name, "name");
  cmd->add_option("--phone", o->phone, "phone");
  cmd->add_option("--education", o->education, "education");
  cmd->add_option("--ethnicity", o->ethnicity, "ethnicity");
  cmd->add_option("--employment", o->employment, "employment")->check(EnumArg<v1::Employment>());
  auto* group = cmd->add_option("--group", o->group, "join this group of the member's branch");
  cmd->add_flag("--no-group", o->no_group, "leave the group")->excludes(group);
  cmd->add_option("--etag", o->etag, "etag last read (default: read it now)");
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  BindAction(cmd, action, o, &RunUpdate);
}

void AddList(CLI::App* member, Action* action) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = member->add_subcommand("list", "list an org's members");
  cmd->add_option("org", o->org, "org code")->required();
  cmd->add_flag("--subtree", o->subtree, "include the whole subtree");
  cmd->add_option("--category", o->category, "only this category")
      ->check(EnumArg<v1::MemberCategory>());
  auto* statuses = cmd->add_option("--status", o->statuses, "only this status (repeatable)")
                       ->allow_extra_args(false)
                       ->check(EnumArg<v1::MemberStatus>());
  cmd->add_flag("--all-statuses", o->all_statuses, "every status, not only current members")
      ->excludes(statuses);
  cmd->add_option("--employment", o->employment, "only this employment")
      ->check(EnumArg<v1::Employment>());
  cmd->add_option("--page-size", o->page_size, "rows per page (server default 50, max 1000)")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--page-token", o->page_token, "continue a listing");
  cmd->add_flag("--all-pages", o->all_pages, "fetch every page");
  auto* view =
      cmd->add_option(
             "--view", o->view,
             "full (default): the whole record; basic: without ID numbers, phones and dates")
          ->check(EnumArg<v1::MemberView>());
  cmd->add_option(
         "--fields", o->fields,
         "only these member fields, comma-separated, e.g. member_no,name,phone ('*' = all)")
      ->delimiter(',')
      ->excludes(view);
  BindAction(cmd, action, o, &RunList);
}

}  // namespace

void AddMemberCommands(CLI::App& app, Action* action) {
  CLI::App* member = app.add_subcommand("member", "members");
  member->require_subcommand(1);
  AddGet(member, action);
  AddRegister(member, action);
  AddUpdate(member, action);
  AddList(member, action);
  AddMemberLifecycleCommands(*member, action);
  AddMemberWorkerCommand(*member, action);
}

}  // namespace orgctl
