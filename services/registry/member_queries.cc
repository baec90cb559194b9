// Member reads: point lookups and index scans on RocksDB; org structure from the in-memory tree.

#include <algorithm>

#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/registry/member_view.h"
#include "services/registry/record_helpers.h"
#include "services/registry/registry.h"
#include "services/rules/member_rules.h"
#include "storage/wire_fields.h"

namespace orgtree::registry {
namespace {

// Which members a list shows.
struct MemberFilter {
  v1::MemberCategory category = v1::MEMBER_CATEGORY_UNSPECIFIED;
  std::vector<v1::MemberStatus> statuses;  // empty = current members
  bool all_statuses = false;
  v1::Employment employment = v1::EMPLOYMENT_UNSPECIFIED;

  bool Matches(const storage::MemberFlags& m) const {
    if (category != v1::MEMBER_CATEGORY_UNSPECIFIED && m.category != category) return false;
    if (employment != v1::EMPLOYMENT_UNSPECIFIED && m.employment != employment) return false;
    if (all_statuses) return true;
    if (statuses.empty()) return rules::IsCurrent(m.status);
    return std::find(statuses.begin(), statuses.end(), m.status) != statuses.end();
  }
};

}  // namespace

absl::StatusOr<v1::Member> Registry::GetMember(const v1::MemberRef& ref) const {
  v1::GetMemberRequest req;
  *req.mutable_member() = ref;
  return ParsedAnswer<v1::Member>("GetMember", [&](std::string* wire) {
    return GetMember(req, /*mask_national_id=*/false, wire);
  });
}

absl::Status Registry::GetMember(const v1::GetMemberRequest& req, bool mask_national_id,
                                 std::string* wire) const {
  ASSIGN_OR_RETURN(
      const MemberFields fields,
      MemberFields::Requested(v1::MEMBER_VIEW_UNSPECIFIED, req.read_mask(), v1::MEMBER_VIEW_FULL));
  ASSIGN_OR_RETURN(std::optional<uint64_t> id, MemberIdOf(req.member(), "member"));
  std::string record;
  bool found = false;
  if (id) {
    ASSIGN_OR_RETURN(found, reader_.ReadMemberRecord(*id, &record));
  }
  if (!found) return NoSuchMember(req.member(), "member");
  return AppendMember(record, fields, mask_national_id, wire);
}

// The placement orgs a listing of `org` covers, in order: its whole subtree, or — for one org —
// the org itself plus, for a branch, its groups (their members belong to the branch).
static std::vector<uint64_t> PlacementOrgs(const OrgTree& tree, uint64_t org, bool subtree) {
  std::vector<uint64_t> out;
  if (subtree) {
    for (auto [id, depth] : tree.SubtreeDfs(org, true)) out.push_back(id);
    return out;
  }
  out.push_back(org);
  const OrgNode* n = tree.Find(org);
  if (n->org.type() == v1::BRANCH) {
    for (uint64_t child : n->children) {
      if (tree.Find(child)->org.type() == v1::GROUP) out.push_back(child);
    }
  }
  return out;
}

absl::StatusOr<v1::ListMembersResponse> Registry::ListMembers(
    const v1::ListMembersRequest& req) const {
  return ParsedAnswer<v1::ListMembersResponse>("ListMembers", [&](std::string* page) {
    return ListMembers(req, /*mask_national_ids=*/false, page);
  });
}

storage::RecordReader::NextOrg Registry::WalkListing(uint64_t root, bool subtree,
                                                     std::vector<uint64_t> own_orgs,
                                                     uint64_t first) const {
  return [this, root, subtree, own_orgs = std::move(own_orgs),
          first](std::optional<uint64_t> previous) -> absl::StatusOr<std::optional<uint64_t>> {
    if (!previous) return first;
    if (!subtree) {
      auto it = std::ranges::find(own_orgs, *previous);
      if (it == own_orgs.end() || ++it == own_orgs.end()) return std::nullopt;
      return *it;
    }
    std::shared_lock lock(tree_mu_);
    auto next = tree_.NextInDfs(*previous, root, /*include_dissolved=*/true);
    if (next) return next->first;
    // The end of the subtree, or the org the page stood on is no longer in it.
    if (!tree_.IsInSubtree(*previous, root)) {
      return absl::AbortedError(
          "org: the subtree changed while the page was read (an org moved out of it); read the "
          "page again");
    }
    return std::nullopt;
  };
}

// A ListMembers page as it is written: members are offered in listing order, and the page keeps
// those the filter matches until it is full.
struct Registry::ListingPage {
  MemberFilter filter;
  int page_size = 0;
  std::string* out = nullptr;
  int kept = 0;
  bool more = false;  // a further match exists: the page gets a token
  uint64_t last_org = 0, last_member = 0;
  // Set when the members offered carry more fields than the page shows (a cached listing the
  // page's fields are cut from): each kept member is cut to these first.
  const MemberFields* cut = nullptr;
  std::string cut_member;
  absl::Status cut_status;

  // `member` is the member's bytes as the page shows them (or as `cut` cuts them from); false once
  // the page is full or a member cannot be cut.
  bool Offer(uint64_t org, uint64_t member_id, const storage::MemberFlags& flags,
             std::string_view member) {
    if (!filter.Matches(flags)) return true;
    if (kept == page_size) {
      more = true;
      return false;
    }
    if (cut != nullptr) {
      cut_member.clear();
      // The bytes are already masked as the caller sees them: nothing is masked again.
      cut_status = AppendMember(member, *cut, /*mask_national_id=*/false, &cut_member);
      if (!cut_status.ok()) return false;
      member = cut_member;
    }
    // Room for the whole page at the first member's size: one allocation instead of ~8.
    if (kept == 0) out->reserve((member.size() + 4) * static_cast<size_t>(page_size) + 64);
    storage::AppendBytesField(v1::ListMembersResponse::kMembersFieldNumber, member, out);
    last_org = org;
    last_member = member_id;
    ++kept;
    return true;
  }
  void Restart() {
    out->clear();
    kept = 0;
    more = false;
    cut = nullptr;
    cut_status = absl::OkStatus();
  }
  void Finish() {
    if (!more) return;
    storage::AppendBytesField(v1::ListMembersResponse::kNextPageTokenFieldNumber,
                              EncodePageToken({last_org, last_member}), out);
  }
};

// The list cache's way of showing a member that a page showing `fields` is served from — the basic
// view when it holds them all, else the full record — and its number among the cache's variants.
static std::pair<MemberFields, int> ListingBase(const MemberFields& fields,
                                                bool mask_national_ids) {
  if (fields.Within(MemberFields::Basic())) return {MemberFields::Basic(), 0};  // no ID to mask
  return {MemberFields::Full(), mask_national_ids ? 2 : 1};
}

absl::Status Registry::ListMembers(const v1::ListMembersRequest& req, bool mask_national_ids,
                                   std::string* page) const {
  ASSIGN_OR_RETURN(int page_size, CheckPageSize(req.page_size(), kDefaultPageSize, kMaxPageSize));
  // A list shows the basic view unless more is asked for (AIP-157's default for List): a portal
  // listing a branch then gets no ID numbers, phones or dates it did not ask for, and pays for a
  // third of the bytes.
  ASSIGN_OR_RETURN(const MemberFields fields,
                   MemberFields::Requested(req.view(), req.read_mask(), v1::MEMBER_VIEW_BASIC));
  ListingPage listing;
  listing.page_size = page_size;
  listing.out = page;
  MemberFilter& filter = listing.filter;
  filter.category = req.category();
  filter.employment = req.employment();
  filter.all_statuses = req.all_statuses();
  for (int s : req.statuses()) {
    if (s == v1::MEMBER_STATUS_UNSPECIFIED || !v1::MemberStatus_IsValid(s)) {
      return absl::InvalidArgumentError("statuses: unknown status " + std::to_string(s));
    }
    filter.statuses.push_back(static_cast<v1::MemberStatus>(s));
  }
  // Taken before the tree is read, so that a page from the cache walks the orgs of the same state
  // of the registry as the listings it shows (listing_cache.h).
  const uint64_t generation = listing_cache_.Generation();
  uint64_t root = 0;
  std::vector<uint64_t> orgs;  // one org's listing: the org and, for a branch, its groups
  // The cursor is (placement org, last member id): it stays valid while members are added or
  // change elsewhere, because both parts are stable ids, not offsets.
  std::optional<std::vector<uint64_t>> cursor;
  {
    std::shared_lock lock(tree_mu_);
    ASSIGN_OR_RETURN(root, ResolveOrg(req.org(), "org"));
    if (!req.include_subtree()) orgs = PlacementOrgs(tree_, root, false);
    if (!req.page_token().empty()) {
      ASSIGN_OR_RETURN(cursor, DecodePageToken(req.page_token(), 2));
    }
    const bool cursor_in_listing =
        !cursor || (req.include_subtree() ? tree_.IsInSubtree((*cursor)[0], root)
                                          : std::ranges::find(orgs, (*cursor)[0]) != orgs.end());
    if (!cursor_in_listing) {
      return absl::InvalidArgumentError(
          "page_token: the org it continues from is no longer in this list; start again");
    }
  }
  const uint64_t first_org = cursor ? (*cursor)[0] : root;
  const uint64_t after_member = cursor ? (*cursor)[1] : 0;
  page->clear();
  // From the list cache when no write is under way; the page stands if none began meanwhile
  // (listing_cache.h). Otherwise, and for an org too large to keep, from the store.
  if (listing_cache_.enabled() && !ListingCache::Writing(generation)) {
    absl::StatusOr<bool> served =
        ListPageFromCache(WalkListing(root, req.include_subtree(), orgs, first_org), after_member,
                          fields, mask_national_ids, generation, listing);
    if (listing_cache_.Unchanged(generation)) {
      RETURN_IF_ERROR(served.status());
      if (*served) {
        listing.Finish();
        return absl::OkStatus();
      }
    }
    listing.Restart();
  }
  // A subtree's orgs are named one at a time as the page reaches them, so a page of the whole
  // tree costs what a page of one branch does.
  RETURN_IF_ERROR(
      ListPageFromStore(WalkListing(root, req.include_subtree(), std::move(orgs), first_org),
                        after_member, fields, mask_national_ids, listing));
  listing.Finish();
  return absl::OkStatus();
}

absl::StatusOr<bool> Registry::ListPageFromCache(const storage::RecordReader::NextOrg& next_org,
                                                 uint64_t after_member, const MemberFields& fields,
                                                 bool mask_national_ids, uint64_t generation,
                                                 ListingPage& page) const {
  const auto [base, variant] = ListingBase(fields, mask_national_ids);
  if (fields != base) page.cut = &fields;
  std::optional<uint64_t> org;
  while (true) {
    const bool first = !org;
    ASSIGN_OR_RETURN(std::optional<uint64_t> next, next_org(org));
    if (!next) return true;
    org = next;
    std::shared_ptr<const ListingCache::Listing> listing = listing_cache_.Find(*org, variant);
    if (!listing) {
      absl::StatusOr<std::shared_ptr<const ListingCache::Listing>> read =
          ReadListing(*org, base, mask_national_ids);
      // A record that cannot be read fails a page only if the page reaches it: the store path
      // reads the page again and reports what it meets.
      if (!read.ok()) return false;
      listing = *std::move(read);
      listing_cache_.Insert(*org, variant, listing, generation);
    }
    if (listing->too_large) return false;
    const auto& members = listing->members;
    auto it = members.begin();
    if (first) {
      it = std::ranges::upper_bound(members, after_member, {}, &ListingCache::Member::id);
    }
    for (; it != members.end(); ++it) {
      const size_t i = static_cast<size_t>(it - members.begin());
      if (!page.Offer(*org, it->id, it->flags, listing->BytesOf(i))) {
        RETURN_IF_ERROR(page.cut_status);
        return true;
      }
    }
  }
}

absl::StatusOr<std::shared_ptr<const ListingCache::Listing>> Registry::ReadListing(
    uint64_t org, const MemberFields& fields, bool mask_national_ids) const {
  auto listing = std::make_shared<ListingCache::Listing>();
  const size_t max_bytes = listing_cache_.max_listing_bytes();
  bool too_large = false;
  absl::Status bad_record;
  const uint64_t orgs[] = {org};
  RETURN_IF_ERROR(
      reader_.ScanPlacements(orgs, 0, 0, [&](size_t, uint64_t member_id, std::string_view record) {
        ListingCache::Member member;
        member.id = member_id;
        bad_record =
            AppendMember(record, fields, mask_national_ids, &listing->bytes, &member.flags);
        if (!bad_record.ok()) return false;
        too_large =
            listing->bytes.size() + (listing->members.size() + 1) * sizeof(ListingCache::Member) >
            max_bytes;
        if (too_large) return false;
        member.end = static_cast<uint32_t>(listing->bytes.size());
        listing->members.push_back(member);
        return true;
      }));
  RETURN_IF_ERROR(bad_record);
  if (too_large) {
    *listing = ListingCache::Listing();
    listing->too_large = true;
  } else {
    listing->bytes.shrink_to_fit();
    listing->members.shrink_to_fit();
  }
  return listing;
}

absl::Status Registry::ListPageFromStore(const storage::RecordReader::NextOrg& next_org,
                                         uint64_t after_member, const MemberFields& fields,
                                         bool mask_national_ids, ListingPage& page) const {
  // The stored records go into the page as they are, cut down to its fields: only the few fields
  // the filter looks at are read, nothing is parsed or serialised again.
  std::string member;
  absl::Status bad_record;
  RETURN_IF_ERROR(reader_.ScanPlacements(
      next_org, after_member, [&](uint64_t org, uint64_t member_id, std::string_view record) {
        // One pass cuts the record to the page's fields and reads those the filter needs.
        member.clear();
        storage::MemberFlags flags;
        bad_record = AppendMember(record, fields, mask_national_ids, &member, &flags);
        return bad_record.ok() && page.Offer(org, member_id, flags, member);
      }));
  return bad_record;
}

absl::StatusOr<v1::CheckMembershipResponse> Registry::CheckMembership(
    const v1::CheckMembershipRequest& req) const {
  return ParsedAnswer<v1::CheckMembershipResponse>(
      "CheckMembership", [&](std::string* wire) { return CheckMembership(req, wire); });
}

absl::Status Registry::CheckMembership(const v1::CheckMembershipRequest& req,
                                       std::string* wire) const {
  // Answered from memory: the member's placement and status (MemberPlacements) and the tree,
  // read under one lock so that both come from the same published change.
  ASSIGN_OR_RETURN(std::optional<uint64_t> id, MemberIdOf(req.member(), "member"));
  std::shared_lock lock(tree_mu_);
  std::optional<MemberPlacements::Entry> placed;
  if (id) placed = placements_.Find(*id);
  if (!placed) return NoSuchMember(req.member(), "member");
  ASSIGN_OR_RETURN(uint64_t org, ResolveOrg(req.org(), "org"));
  using R = v1::CheckMembershipResponse;
  if (rules::IsCurrent(placed->status) && tree_.IsInSubtree(placed->placement, org)) {
    storage::AppendVarintField(R::kIsMemberFieldNumber, 1, wire);
  }
  storage::AppendVarintField(R::kStatusFieldNumber, placed->status, wire);  // never unspecified
  if (req.omit_org_path()) return absl::OkStatus();
  for (uint64_t a : tree_.PathTo(placed->placement)) {
    storage::AppendMessageField(R::kMemberOrgPathFieldNumber, tree_.Find(a)->org, wire);
  }
  return absl::OkStatus();
}

absl::Status Registry::ExportMembers(const v1::ExportRequest& req,
                                     const std::function<bool(const v1::Member&)>& fn) const {
  std::vector<uint64_t> orgs;
  {
    std::shared_lock lock(tree_mu_);
    if (req.has_org()) {
      ASSIGN_OR_RETURN(uint64_t id, ResolveOrg(req.org(), "org"));
      orgs = PlacementOrgs(tree_, id, true);
    } else {
      for (uint64_t root : tree_.Roots()) {
        for (uint64_t id : PlacementOrgs(tree_, root, true)) orgs.push_back(id);
      }
    }
  }
  // One scan over every org, so that the export comes from one consistent view of the store.
  absl::Status parse_error;
  v1::Member member;
  RETURN_IF_ERROR(
      reader_.ScanPlacements(orgs, 0, 0, [&](size_t, uint64_t, std::string_view record) {
        parse_error = storage::RecordReader::ParseMember(record, &member);
        if (!parse_error.ok()) return false;
        if (!req.all_statuses() && !rules::IsCurrent(member.status())) return true;
        return fn(member);
      }));
  return parse_error;
}

}  // namespace orgtree::registry
