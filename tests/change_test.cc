// Change, the registry's one write path, on its own: its overlay answers the decide step's reads
// before anything is written; Commit writes everything at once; Publish moves it into memory.
// A real RocksDB in a temp dir; no registry around it.

#include "services/registry/change.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/records.h"
#include "storage/rocks_store.h"
#include "tests/temp_dir.h"

namespace orgtree::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class ChangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.path = dir_.path() + "/db";
    options.block_cache_mb = 8;
    auto store = storage::RocksStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  std::unique_ptr<Change> NewChange() {
    return std::make_unique<Change>(&tree_, &numbers_, store_.get(), meta_,
                                    CallMeta{"tester", "request-1"}, "2026-11-27T08:00:00Z");
  }

  // Commits `change` and publishes it, as the registry does after a decide step.
  void CommitAndPublish(Change& change) {
    ASSERT_TRUE(change.Commit(std::nullopt).ok());
    change.Publish(&tree_, &numbers_, &placements_);
    meta_ = change.meta();
  }

  static v1::Org NewOrg(Change& change, const std::string& code, v1::OrgType type,
                        uint64_t parent) {
    v1::Org org;
    org.set_id(change.NextOrgId());
    org.set_code(code);
    org.set_type(type);
    org.set_parent_id(parent);
    org.set_state(v1::ORG_ACTIVE);
    change.RecordOrgEvent("org.created", nullptr, org, "2026-11-27", "set up");
    return org;
  }

  static v1::Member NewMember(Change& change, const std::string& no, const std::string& national_id,
                              uint64_t branch) {
    v1::Member m;
    m.set_id(change.NextMemberId());
    m.set_member_no(no);
    m.set_national_id(national_id);
    m.set_org_id(branch);
    m.set_category(v1::FULL);
    m.set_status(v1::ACTIVE);
    m.set_employment(v1::EMPLOYED);
    return m;
  }

  std::vector<uint64_t> StoredEventSeqs() const {
    std::vector<uint64_t> seqs;
    storage::RecordReader reader(store_.get());
    EXPECT_TRUE(reader
                    .ScanEvents(0,
                                [&](v1::Event&& e) {
                                  seqs.push_back(e.seq());
                                  return true;
                                })
                    .ok());
    return seqs;
  }

  // The member numbers stored as placed in `org`.
  std::vector<std::string> PlacedNumbers(uint64_t org) const {
    std::vector<std::string> nos;
    storage::RecordReader reader(store_.get());
    EXPECT_TRUE(reader
                    .ScanPlacement(org, 0,
                                   [&](v1::Member&& m) {
                                     nos.push_back(m.member_no());
                                     return true;
                                   })
                    .ok());
    return nos;
  }

  static int64_t Active(const v1::Counters& c) { return c.members_by_status(v1::ACTIVE); }

  testing::TempDir dir_;
  std::unique_ptr<storage::RocksStore> store_;
  OrgTree tree_;
  MemberNumbers numbers_;
  MemberPlacements placements_;
  v1::MetaRecord meta_;
};

TEST_F(ChangeTest, OverlayAnswersBeforeCommitAndNothingIsWrittenUntilThen) {
  auto change = NewChange();
  EXPECT_TRUE(change->empty());
  const v1::Org c1 = NewOrg(*change, "C1", v1::COMMITTEE, 0);
  const v1::Org b1 = NewOrg(*change, "B1", v1::BRANCH, c1.id());
  EXPECT_EQ(change->events(), 2);
  EXPECT_EQ(change->first_seq(), 1u);
  EXPECT_EQ(change->last_seq(), 2u);

  // The decide step sees its own orgs ...
  ASSERT_NE(change->FindOrg(b1.id()), nullptr);
  EXPECT_EQ(change->FindOrgByCode("B1"), b1.id());
  v1::OrgRef ref;
  ref.set_code("B1");
  EXPECT_EQ(change->ResolveOrg(ref, "org").value_or(0), b1.id());
  ASSERT_THAT(change->ActiveChildren(c1.id()), ::testing::SizeIs(1));
  EXPECT_EQ(change->ActiveChildren(c1.id())[0]->id(), b1.id());
  EXPECT_THAT(change->PathTo(b1.id()), ElementsAre(c1.id(), b1.id()));
  EXPECT_EQ(change->CountersOf(c1.id()).active_orgs_by_type(v1::BRANCH), 1);
  EXPECT_EQ(change->CountersOf(c1.id()).active_orgs_by_type(v1::COMMITTEE), 1);

  // ... while the store and the tree have none of it.
  EXPECT_THAT(StoredEventSeqs(), IsEmpty());
  EXPECT_EQ(tree_.Find(b1.id()), nullptr);
  storage::RecordReader reader(store_.get());
  auto meta = reader.GetMeta();
  ASSERT_TRUE(meta.ok());
  EXPECT_FALSE(meta->has_value());

  CommitAndPublish(*change);
  EXPECT_THAT(StoredEventSeqs(), ElementsAre(1, 2));
  meta = reader.GetMeta();
  ASSERT_TRUE(meta.ok() && meta->has_value());
  EXPECT_EQ((*meta)->last_event_seq(), 2u);
  EXPECT_EQ((*meta)->last_org_id(), b1.id());
  ASSERT_NE(tree_.Find(b1.id()), nullptr);
  EXPECT_EQ(tree_.Find(c1.id())->counters.active_orgs_by_type(v1::BRANCH), 1);

  // The next change numbers on from the last; a change that is never committed writes nothing.
  auto next = NewChange();
  const v1::Org b2 = NewOrg(*next, "B2", v1::BRANCH, c1.id());
  EXPECT_EQ(next->first_seq(), 3u);
  EXPECT_EQ(b2.id(), b1.id() + 1);
  next.reset();
  EXPECT_THAT(StoredEventSeqs(), ElementsAre(1, 2));
  EXPECT_EQ(tree_.Find(b2.id()), nullptr);
}

// What a change tells the member list cache: member writes and org changes alter list pages,
// other records (a module's own event) do not.
TEST_F(ChangeTest, OnlyMemberAndOrgWritesChangeListings) {
  auto setup = NewChange();
  EXPECT_FALSE(setup->changes_listings());
  const v1::Org c1 = NewOrg(*setup, "C1", v1::COMMITTEE, 0);
  EXPECT_TRUE(setup->changes_listings());  // the tree a subtree's page walks
  EXPECT_THAT(setup->listings_written(), IsEmpty());
  CommitAndPublish(*setup);

  auto other = NewChange();
  v1::Event event;
  event.set_type("dues.assessed");
  event.set_effective_date("2026-11-27");
  other->RecordEvent(event, [](const v1::Event&, storage::RecordBatch&) {});
  EXPECT_FALSE(other->empty());
  EXPECT_FALSE(other->changes_listings());
  EXPECT_FALSE(other->wrote_all_listings());

  auto member = NewChange();
  member->RecordMemberEvent("member.registered", nullptr,
                            NewMember(*member, "M1", "110101198003151239", c1.id()), "2026-11-27",
                            "joined");
  EXPECT_TRUE(member->changes_listings());
  EXPECT_THAT(member->listings_written(), ElementsAre(c1.id()));
}

TEST_F(ChangeTest, MemberCountsFollowThePlacementUpTheTree) {
  auto setup = NewChange();
  const v1::Org c1 = NewOrg(*setup, "C1", v1::COMMITTEE, 0);
  const v1::Org b1 = NewOrg(*setup, "B1", v1::BRANCH, c1.id());
  const v1::Org b2 = NewOrg(*setup, "B2", v1::BRANCH, c1.id());
  CommitAndPublish(*setup);

  auto change = NewChange();
  const v1::Member m = NewMember(*change, "M1", "110101198003151239", b1.id());
  change->RecordMemberEvent("member.registered", nullptr, m, "2026-11-27", "joined");
  EXPECT_EQ(Active(change->CountersOf(b1.id())), 1);
  EXPECT_EQ(Active(change->CountersOf(c1.id())), 1);
  EXPECT_EQ(Active(tree_.Find(c1.id())->counters), 0);  // not before Publish
  EXPECT_EQ(change->MemberIdByNo("M1"), m.id());
  auto by_id_number = change->MemberIdByNationalId("110101198003151239");
  ASSERT_TRUE(by_id_number.ok());
  EXPECT_EQ(*by_id_number, m.id());
  EXPECT_THAT(change->departures(), IsEmpty());

  // Moved to B2 in the same change: the counts leave B1, reach B2, and C1 counts it once.
  v1::Member moved = m;
  moved.set_org_id(b2.id());
  change->RecordMemberEvent("member.moved", &m, moved, "2026-11-28", "moved");
  EXPECT_EQ(Active(change->CountersOf(b1.id())), 0);
  EXPECT_EQ(Active(change->CountersOf(b2.id())), 1);
  EXPECT_EQ(Active(change->CountersOf(c1.id())), 1);
  ASSERT_EQ(change->departures().count(m.id()), 1u);
  EXPECT_EQ(change->departures().at(m.id()).effective_date, "2026-11-28");
  // The list cache forgets both orgs' listings: B1 for the registration and the move out, B2 for
  // the move in.
  EXPECT_THAT(change->listings_written(), UnorderedElementsAre(b1.id(), b1.id(), b2.id()));
  EXPECT_FALSE(change->wrote_all_listings());

  CommitAndPublish(*change);
  EXPECT_EQ(Active(tree_.Find(c1.id())->counters), 1);
  EXPECT_EQ(Active(tree_.Find(b2.id())->counters), 1);
  EXPECT_EQ(numbers_.Find("M1"), m.id());
  auto placed = placements_.Find(m.id());
  ASSERT_TRUE(placed.has_value());
  EXPECT_EQ(placed->placement, b2.id());
  EXPECT_THAT(PlacedNumbers(b1.id()), IsEmpty());
  EXPECT_THAT(PlacedNumbers(b2.id()), ElementsAre("M1"));
}

// A bulk registration leaves its ID numbers out of the change's index (its caller checked them
// all first), so the change refuses any later ID-number lookup instead of answering wrongly.
TEST_F(ChangeTest, BulkRegistrationCountsOnceAndRefusesLaterIdNumberLookups) {
  auto setup = NewChange();
  const v1::Org c1 = NewOrg(*setup, "C1", v1::COMMITTEE, 0);
  const v1::Org b1 = NewOrg(*setup, "B1", v1::BRANCH, c1.id());
  CommitAndPublish(*setup);

  auto change = NewChange();
  v1::Counters counts;
  for (const auto& [no, nid] :
       {std::pair{"M1", "110101198003151239"}, std::pair{"M2", "110105198503150027"}}) {
    change->RecordNewMember("member.registered", NewMember(*change, no, nid, b1.id()), "2026-11-27",
                            "imported", &counts);
  }
  EXPECT_EQ(Active(counts), 2);
  EXPECT_TRUE(change->wrote_all_listings());          // the list cache forgets every listing
  EXPECT_EQ(Active(change->CountersOf(c1.id())), 0);  // the caller adds each group's counts once
  change->AddMemberCounts(b1.id(), counts);
  EXPECT_EQ(Active(change->CountersOf(c1.id())), 2);
  EXPECT_EQ(change->MemberIdByNo("M2"), meta_.last_member_id() + 2);
  auto lookup = change->MemberIdByNationalId("110101198003151239");
  EXPECT_EQ(lookup.status().code(), absl::StatusCode::kInternal);

  CommitAndPublish(*change);
  storage::RecordReader reader(store_.get());
  auto stored = reader.MemberIdByNationalId("110105198503150027");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, numbers_.Find("M2"));
  EXPECT_EQ(Active(tree_.Find(c1.id())->counters), 2);
}

}  // namespace
}  // namespace orgtree::registry
