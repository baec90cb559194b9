// Tests of storage/: key bytes, the RocksDB store on a real database in a temp directory, and
// the typed record reader/batch.

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"
#include "storage/bulk_load.h"
#include "storage/column_families.h"
#include "storage/key_codec.h"
#include "storage/records.h"
#include "storage/rocks_store.h"
#include "storage/wire_fields.h"
#include "tests/failing_file_system.h"

namespace orgtree::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

// ---------------------------------------------------------------------------------------------
// Key codec

TEST(KeyCodecTest, IdKeysAreEightBigEndianBytes) {
  EXPECT_EQ(IdKey(0), std::string(8, '\0'));
  EXPECT_EQ(IdKey(1), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_EQ(IdKey(0x0102030405060708ULL), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(IdKey(std::numeric_limits<uint64_t>::max()), std::string(8, '\xff'));
}

TEST(KeyCodecTest, ByteOrderIsNumericOrder) {
  EXPECT_LT(IdKey(255), IdKey(256));
  EXPECT_LT(IdKey(1), IdKey(2));
  EXPECT_LT(IdKey(0xff), IdKey(0x100));
  EXPECT_LT(IdKey(0xffffffffULL), IdKey(0x100000000ULL));
  EXPECT_LT(IdKey(std::numeric_limits<uint64_t>::max() - 1),
            IdKey(std::numeric_limits<uint64_t>::max()));

  std::vector<uint64_t> ids = {9, 256, 1, 255, 65536, 0, 1ULL << 40, 65535, 10, 2};
  std::vector<std::string> keys;
  for (uint64_t id : ids) keys.push_back(IdKey(id));
  std::sort(ids.begin(), ids.end());
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_THAT(GetFixed64BE(keys[i]), Optional(ids[i]));
  }
}

TEST(KeyCodecTest, Fixed64RoundTripsAndNeedsEightBytes) {
  std::string buf = "xy";
  PutFixed64BE(&buf, 123456789);
  EXPECT_EQ(buf.size(), 10u);
  EXPECT_THAT(GetFixed64BE(buf, 2), Optional(123456789u));
  EXPECT_EQ(GetFixed64BE(buf, 3), std::nullopt);
  EXPECT_EQ(GetFixed64BE("short"), std::nullopt);
}

TEST(KeyCodecTest, PlacementKeysDecodeAndSortByOrgThenMember) {
  const std::string key = PlacementKey(300, 7);
  EXPECT_EQ(key.size(), 16u);
  EXPECT_EQ(key.substr(0, 8), PlacementPrefix(300));
  auto parts = DecodePlacementKey(key);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->org_id, 300u);
  EXPECT_EQ(parts->member_id, 7u);

  EXPECT_LT(PlacementKey(1, 1000), PlacementKey(2, 1));
  EXPECT_LT(PlacementKey(2, 255), PlacementKey(2, 256));
  EXPECT_EQ(DecodePlacementKey(key.substr(0, 15)), std::nullopt);
  EXPECT_EQ(DecodePlacementKey(key + "x"), std::nullopt);
}

TEST(KeyCodecTest, EntityEventKeysDecodeTheirSeq) {
  const std::string key = EntityEventKey(2, 99, 12345);
  EXPECT_EQ(key.size(), 17u);
  EXPECT_EQ(key.substr(0, 9), EntityEventPrefix(2, 99));
  EXPECT_EQ(key[0], '\x02');
  EXPECT_THAT(DecodeEntityEventSeq(key), Optional(12345u));
  EXPECT_EQ(DecodeEntityEventSeq(key.substr(0, 16)), std::nullopt);
  EXPECT_LT(EntityEventKey(1, 500, 1), EntityEventKey(2, 1, 1));
  EXPECT_LT(EntityEventKey(2, 1, 255), EntityEventKey(2, 1, 256));
}

TEST(KeyCodecTest, PrefixUpperBoundEdgeCases) {
  EXPECT_EQ(PrefixUpperBound(""), "");
  EXPECT_EQ(PrefixUpperBound("abc"), "abd");
  EXPECT_EQ(PrefixUpperBound(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixUpperBound(std::string("a\xff\xff", 3)), "b");
  EXPECT_EQ(PrefixUpperBound(std::string("\xff", 1)), "");
  EXPECT_EQ(PrefixUpperBound(std::string("\xff\xff\xff", 3)), "");
  EXPECT_EQ(PrefixUpperBound(std::string("\x00", 1)), std::string("\x01", 1));
  EXPECT_EQ(PrefixUpperBound(std::string("\x01\xfe", 2)), std::string("\x01\xff", 2));

  // The bound is above every key with the prefix and not above the next prefix.
  const std::string prefix = PlacementPrefix(255);
  const std::string bound = PrefixUpperBound(prefix);
  EXPECT_GT(bound, PlacementKey(255, std::numeric_limits<uint64_t>::max()));
  EXPECT_LE(bound, PlacementKey(256, 0));
}

// ---------------------------------------------------------------------------------------------
// RocksStore and records on a real database

// A fresh, unique data directory per test, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ =
        (std::filesystem::temp_directory_path() / "orgtree_storage_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    Open();
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Open() {
    StoreOptions options;
    options.path = dir_ + "/db";
    options.block_cache_mb = 8;
    options.file_system = file_system_;
    auto store = RocksStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  void Reopen() {
    store_.reset();
    Open();
  }

  static v1::Org MakeOrg(uint64_t id, const std::string& code) {
    v1::Org org;
    org.set_id(id);
    org.set_code(code);
    org.set_name("org " + code);
    org.set_type(v1::BRANCH);
    org.set_state(v1::ORG_ACTIVE);
    return org;
  }

  static v1::Member MakeMember(uint64_t id, uint64_t org_id) {
    v1::Member m;
    m.set_id(id);
    m.set_member_no("M" + std::to_string(id));
    m.set_org_id(org_id);
    m.set_status(v1::ACTIVE);
    return m;
  }

  // Writes a member `id` placed in `org` for each (org, id), in one batch.
  absl::Status Place(const std::vector<std::pair<uint64_t, uint64_t>>& placements) {
    RecordBatch batch(store_.get());
    for (auto [org, id] : placements) batch.PutMember(org, MakeMember(id, org));
    return store_->Write(batch.raw());
  }

  // The members placed in `org` with id > `after`, as the reader scans them (id order).
  std::vector<v1::Member> Placed(uint64_t org, uint64_t after) {
    std::vector<v1::Member> out;
    RecordReader reader(store_.get());
    EXPECT_TRUE(reader
                    .ScanPlacement(org, after,
                                   [&](v1::Member&& m) {
                                     out.push_back(std::move(m));
                                     return true;
                                   })
                    .ok());
    return out;
  }
  static std::vector<uint64_t> Ids(const std::vector<v1::Member>& members) {
    std::vector<uint64_t> ids;
    for (const auto& m : members) ids.push_back(m.id());
    return ids;
  }

  std::string dir_;
  std::shared_ptr<rocksdb::FileSystem> file_system_;  // unset: the local disk
  std::unique_ptr<RocksStore> store_;
};

TEST_F(StoreTest, PutThenGetAndMultiGet) {
  RecordBatch batch(store_.get());
  for (uint64_t id : {1, 2, 256}) batch.PutOrg(MakeOrg(id, "O" + std::to_string(id)));
  ASSERT_TRUE(store_->Write(batch.raw()).ok());

  auto raw = store_->Get(Cf::kOrgs, IdKey(256));
  ASSERT_TRUE(raw.ok()) << raw.status();
  ASSERT_TRUE(raw->has_value());
  v1::Org org;
  ASSERT_TRUE(org.ParseFromString(**raw));
  EXPECT_EQ(org.code(), "O256");

  auto missing = store_->Get(Cf::kOrgs, IdKey(3));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // Families are separate key spaces.
  auto other_family = store_->Get(Cf::kMembers, IdKey(1));
  ASSERT_TRUE(other_family.ok());
  EXPECT_FALSE(other_family->has_value());

  auto many = store_->MultiGet(Cf::kOrgs, {IdKey(2), IdKey(3), IdKey(1)});
  ASSERT_TRUE(many.ok()) << many.status();
  ASSERT_EQ(many->size(), 3u);
  ASSERT_TRUE((*many)[0].has_value());
  EXPECT_FALSE((*many)[1].has_value());
  ASSERT_TRUE((*many)[2].has_value());
  ASSERT_TRUE(org.ParseFromString(*(*many)[0]));
  EXPECT_EQ(org.code(), "O2");
  ASSERT_TRUE(org.ParseFromString(*(*many)[2]));
  EXPECT_EQ(org.code(), "O1");

  auto empty = store_->MultiGet(Cf::kOrgs, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_THAT(*empty, IsEmpty());
}

// Point reads go through the row cache (on by default): a value read once and then replaced or
// deleted must never be answered from the cache, whether the change is in the memtable, flushed
// to a file, or ingested.
TEST_F(StoreTest, PointReadsNeverAnswerAReplacedValueFromTheRowCache) {
  ASSERT_GT(StoreOptions().row_cache_mb, 0u);
  RecordReader reader(store_.get());
  auto status_of = [&](uint64_t id) {
    auto m = reader.GetMember(id);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() && m->has_value() ? (*m)->status() : v1::MEMBER_STATUS_UNSPECIFIED;
  };
  auto write = [&](v1::MemberStatus status) {
    v1::Member m = MakeMember(7, 1);
    m.set_status(status);
    RecordBatch batch(store_.get());
    batch.PutMember(1, m);
    ASSERT_TRUE(store_->Write(batch.raw()).ok());
  };
  write(v1::ACTIVE);
  ASSERT_TRUE(store_->Flush().ok());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(status_of(7), v1::ACTIVE);  // cached from the file

  write(v1::SUSPENDED);  // in the memtable, over the cached file value
  EXPECT_EQ(status_of(7), v1::SUSPENDED);
  ASSERT_TRUE(store_->Flush().ok());  // now in a second file
  EXPECT_EQ(status_of(7), v1::SUSPENDED);
  Reopen();
  RecordReader reopened(store_.get());
  auto after = reopened.GetMember(7);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->status(), v1::SUSPENDED);

  RecordBatch erase(store_.get());
  erase.Delete(Cf::kMembers, IdKey(7));
  ASSERT_TRUE(store_->Write(erase.raw()).ok());
  auto gone = reopened.GetMember(7);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

// The wire walk sees every field with its number, type and value, and the fields' raw bytes put
// together again are the message; every kind of damage stops it.
TEST(WireFieldsTest, WalksEveryFieldAndRefusesDamage) {
  v1::Member m;
  m.set_id(300);  // a two-byte varint
  m.set_name("党员");
  m.set_status(v1::MOBILE);
  m.set_in_transit_until("2027-01-31");  // field 25: a two-byte tag
  std::string bytes = m.SerializeAsString();
  google::protobuf::DoubleValue d;  // fixed64
  d.set_value(1.5);
  google::protobuf::FloatValue f;  // fixed32
  f.set_value(2.5);
  for (const std::string& message : {bytes, d.SerializeAsString(), f.SerializeAsString()}) {
    std::string again;
    ASSERT_TRUE(ForEachWireField(message, [&](const WireField& w) { again.append(w.raw); }));
    EXPECT_EQ(again, message);
  }
  std::vector<std::tuple<uint32_t, uint32_t, uint64_t, std::string>> seen;
  ASSERT_TRUE(ForEachWireField(bytes, [&](const WireField& w) {
    seen.emplace_back(w.number, w.type, w.varint, std::string(w.payload));
  }));
  using T = std::tuple<uint32_t, uint32_t, uint64_t, std::string>;
  EXPECT_THAT(seen, ElementsAre(T{1, 0, 300, ""}, T{3, 2, 0, "党员"}, T{13, 0, v1::MOBILE, ""},
                                T{25, 2, 0, "2027-01-31"}));
  std::vector<uint32_t> types;
  ASSERT_TRUE(ForEachWireField(d.SerializeAsString() + f.SerializeAsString(),
                               [&](const WireField& w) { types.push_back(w.type); }));
  EXPECT_THAT(types, ElementsAre(1, 5));
  EXPECT_TRUE(ForEachWireField("", [](const WireField&) { ADD_FAILURE(); }));

  auto well_formed = [](std::string_view message) {
    return ForEachWireField(message, [](const WireField&) {});
  };
  EXPECT_FALSE(well_formed(bytes.substr(0, 1)));                  // tag without a value
  EXPECT_FALSE(well_formed(bytes.substr(0, 2)));                  // varint cut after its first byte
  EXPECT_FALSE(well_formed(bytes.substr(0, 6)));                  // string cut short
  EXPECT_FALSE(well_formed(d.SerializeAsString().substr(0, 5)));  // fixed64 cut short
  EXPECT_FALSE(well_formed(f.SerializeAsString().substr(0, 3)));  // fixed32 cut short
  EXPECT_FALSE(well_formed(std::string("\x00\x01", 2)));          // field number 0
  EXPECT_FALSE(well_formed("\x0b"));                              // a group (wire type 3)
  EXPECT_FALSE(well_formed("\x0e\x01"));                          // wire type 6
  EXPECT_FALSE(well_formed("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"));  // 11-byte varint
}

// The writers make what protobuf makes.
TEST(WireFieldsTest, AppendedFieldsParseAsTheMessage) {
  std::string bytes;
  AppendVarintField(v1::Member::kIdFieldNumber, 1ull << 40, &bytes);
  AppendBytesField(v1::Member::kNameFieldNumber, std::string(200, 'x'), &bytes);
  AppendVarintField(v1::Member::kNationalIdMaskedFieldNumber, 1, &bytes);
  v1::Member m;
  ASSERT_TRUE(m.ParseFromString(bytes));
  EXPECT_EQ(m.id(), 1ull << 40);
  EXPECT_EQ(m.name(), std::string(200, 'x'));
  EXPECT_TRUE(m.national_id_masked());
  EXPECT_EQ(m.SerializeAsString(), bytes);

  // Nested messages, serialised in place: a short one and one longer than a one-byte length.
  v1::OrgPath path;
  path.add_orgs()->set_code("C");
  v1::Org* long_org = path.add_orgs();
  long_org->set_id(7);
  long_org->set_name(std::string(300, 'n'));
  std::string nested = "kept";
  for (const v1::Org& org : path.orgs()) {
    AppendMessageField(v1::OrgPath::kOrgsFieldNumber, org, &nested);
  }
  EXPECT_EQ(nested, "kept" + path.SerializeAsString());
}

// The start-up load and a list page's filter read only a few fields off each stored member
// record; they must agree with a full parse whatever the other fields hold, and refuse damaged
// bytes.
TEST(RecordsTest, MemberFlagsReadOffTheWireAgreeWithAFullParse) {
  v1::Member m;
  m.set_id(42);
  m.set_member_no("M42");
  m.set_name("党员 42");
  m.set_org_id(7);
  m.set_group_id(9);
  m.set_joined_on("2001-07-01");
  m.set_phone("13800000042");
  for (v1::MemberStatus status : {v1::ACTIVE, v1::MOBILE, v1::SUSPENDED, v1::DECEASED}) {
    for (v1::MemberCategory category : {v1::FULL, v1::PROBATIONARY}) {
      for (v1::Employment employment : {v1::EMPLOYMENT_UNSPECIFIED, v1::RETIRED}) {
        m.set_status(status);
        m.set_category(category);
        m.set_employment(employment);
        auto read = RecordReader::ParseMemberFlags(m.SerializeAsString());
        ASSERT_TRUE(read.ok()) << read.status();
        EXPECT_EQ(read->status, status);
        EXPECT_EQ(read->category, category);
        EXPECT_EQ(read->employment, employment);
      }
    }
  }
  const std::string bytes = m.SerializeAsString();
  for (size_t cut : {size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_EQ(RecordReader::ParseMemberFlags(bytes.substr(0, cut)).status().code(),
              absl::StatusCode::kDataLoss)
        << cut;
  }
  EXPECT_EQ(RecordReader::ParseMemberFlags(std::string("\x00\x01", 2)).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, ScanRespectsBoundsOrderAndEarlyStop) {
  RecordBatch batch(store_.get());
  for (uint64_t id : {300, 1, 255, 256, 2}) batch.PutOrg(MakeOrg(id, "O" + std::to_string(id)));
  ASSERT_TRUE(store_->Write(batch.raw()).ok());

  auto scan = [&](std::string_view start, std::string_view end, size_t limit) {
    std::vector<uint64_t> ids;
    EXPECT_TRUE(store_
                    ->Scan(Cf::kOrgs, start, end,
                           [&](std::string_view key, std::string_view) {
                             ids.push_back(*GetFixed64BE(key));
                             return ids.size() < limit;
                           })
                    .ok());
    return ids;
  };
  EXPECT_THAT(scan("", "", 100), ElementsAre(1, 2, 255, 256, 300));
  EXPECT_THAT(scan(IdKey(2), IdKey(256), 100), ElementsAre(2, 255));  // end exclusive
  EXPECT_THAT(scan(IdKey(3), "", 100), ElementsAre(255, 256, 300));
  EXPECT_THAT(scan(IdKey(256), IdKey(257), 100), ElementsAre(256));
  EXPECT_THAT(scan(IdKey(301), "", 100), IsEmpty());
  EXPECT_THAT(scan("", "", 2), ElementsAre(1, 2));

  auto last = store_->Last(Cf::kOrgs);
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->first, IdKey(300));
  auto none = store_->Last(Cf::kEvents);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

// ScanRanges skips the seek for a range that starts where the iterator already rests; whatever
// order, gaps, overlaps or emptiness the ranges have, it must see what one Scan per range sees.
TEST_F(StoreTest, ScanRangesSeesWhatOneScanPerRangeSees) {
  RecordBatch batch(store_.get());
  for (uint64_t id = 3; id <= 60; id += 3) batch.PutOrg(MakeOrg(id, "O" + std::to_string(id)));
  ASSERT_TRUE(store_->Write(batch.raw()).ok());

  using Range = std::pair<uint64_t, uint64_t>;  // [first id, end id); end 0 = to the end
  auto key = [](uint64_t id) { return id == 0 ? std::string() : IdKey(id); };
  auto one_scan_per_range = [&](const std::vector<Range>& ranges) {
    std::vector<std::pair<size_t, uint64_t>> seen;
    for (size_t i = 0; i < ranges.size(); ++i) {
      EXPECT_TRUE(store_
                      ->Scan(Cf::kOrgs, key(ranges[i].first), key(ranges[i].second),
                             [&](std::string_view k, std::string_view) {
                               seen.emplace_back(i, *GetFixed64BE(k));
                               return true;
                             })
                      .ok());
    }
    return seen;
  };
  auto scan_ranges = [&](const std::vector<Range>& ranges) {
    std::vector<std::pair<size_t, uint64_t>> seen;
    EXPECT_TRUE(store_
                    ->ScanRanges(
                        Cf::kOrgs,
                        [&](size_t i, std::string* start, std::string* end) {
                          if (i >= ranges.size()) return false;
                          *start = key(ranges[i].first);
                          *end = key(ranges[i].second);
                          return true;
                        },
                        [&](size_t i, std::string_view k, std::string_view) {
                          seen.emplace_back(i, *GetFixed64BE(k));
                          return true;
                        })
                    .ok());
    return seen;
  };
  const std::vector<std::vector<Range>> cases = {
      {{1, 2}, {2, 4}, {4, 5}, {5, 6}, {6, 7}},           // consecutive, some empty, some not
      {{3, 4}, {10, 13}, {13, 14}, {7, 10}},              // a range before where the iterator rests
      {{3, 30}, {20, 40}},                                // overlapping
      {{30, 20}, {20, 31}, {31, 62}},                     // one ends before it starts
      {{58, 0}, {59, 61}, {1, 4}},                        // to the end, then past it, then back
      {{61, 70}, {70, 80}, {57, 58}},                     // past the last key from the start
      {{4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 10}},  // one key among empty neighbours
  };
  for (const auto& ranges : cases) {
    EXPECT_EQ(scan_ranges(ranges), one_scan_per_range(ranges));
  }
  // Every pair of ranges over ids 1..62, to leave no gap/rest combination untried.
  for (uint64_t a = 1; a <= 62; a += 4) {
    for (uint64_t b = a; b <= 63; b += 5) {
      for (uint64_t c = 1; c <= 62; c += 7) {
        const std::vector<Range> ranges = {{a, b}, {c, c + 6}};
        EXPECT_EQ(scan_ranges(ranges), one_scan_per_range(ranges)) << a << " " << b << " " << c;
      }
    }
  }
}

// A write the disk refuses fails and writes nothing; RocksDB then refuses every later write as
// well (its background error) while reads go on, until the store is opened again. The registry
// relies on this: after a refused commit nothing can be written on top of a state its memory
// does not hold, and a restart reloads that memory from what the disk has.
TEST_F(StoreTest, AfterARefusedWriteOnlyReadsGoOnUntilReopened) {
  auto disk = std::make_shared<testing::FailingFileSystem>();
  file_system_ = disk;
  Reopen();
  ASSERT_TRUE(Place({{1, 1}}).ok());
  disk->fail_writes(true);
  absl::Status refused = Place({{1, 2}});
  disk->fail_writes(false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(refused.message()), ::testing::HasSubstr("injected write failure"));
  EXPECT_FALSE(Place({{1, 3}}).ok());
  EXPECT_THAT(Ids(Placed(1, 0)), ElementsAre(1));

  Reopen();
  EXPECT_THAT(Ids(Placed(1, 0)), ElementsAre(1));
  ASSERT_TRUE(Place({{1, 3}}).ok());
  EXPECT_THAT(Ids(Placed(1, 0)), ElementsAre(1, 3));
}

TEST_F(StoreTest, DataSurvivesCloseAndReopen) {
  {
    RecordBatch batch(store_.get());
    batch.PutOrg(MakeOrg(7, "B7"));
    batch.PutMember(7, MakeMember(11, 7));
    batch.PutMemberNo("M11", 11);
    batch.PutNationalId("110101198003151239", 11);
    v1::MetaRecord meta;
    meta.set_schema_version(kSchemaVersion);
    meta.set_last_event_seq(5);
    meta.set_last_org_id(7);
    meta.set_last_member_id(11);
    batch.PutMeta(meta);
    v1::IdempotencyRecord request;
    request.set_method("CreateOrg");
    request.set_event_seq(5);
    batch.PutRequest("req-1", request);
    ASSERT_TRUE(store_->Write(batch.raw()).ok());
  }
  Reopen();
  Reopen();  // twice: the second open reads what the first one flushed

  RecordReader reader(store_.get());
  auto meta = reader.GetMeta();
  ASSERT_TRUE(meta.ok());
  ASSERT_TRUE(meta->has_value());
  EXPECT_EQ((*meta)->last_event_seq(), 5u);
  EXPECT_EQ((*meta)->last_member_id(), 11u);

  auto member = reader.GetMember(11);
  ASSERT_TRUE(member.ok());
  ASSERT_TRUE(member->has_value());
  EXPECT_EQ((*member)->member_no(), "M11");
  // The placement copy is written with the record and reads back the same.
  std::vector<v1::Member> placed = Placed(7, 0);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].SerializeAsString(), (*member)->SerializeAsString());
  v1::Member read_into;
  auto found = reader.ReadMember(11, &read_into);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(*found);
  EXPECT_EQ(read_into.member_no(), "M11");
  auto missing = reader.ReadMember(12, &read_into);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(*missing);
  EXPECT_THAT(*reader.MemberIdByNo("M11"), Optional(11u));
  EXPECT_THAT(*reader.MemberIdByNationalId("110101198003151239"), Optional(11u));
  EXPECT_EQ(*reader.MemberIdByNo("M12"), std::nullopt);

  auto request = reader.GetRequest("req-1");
  ASSERT_TRUE(request.ok());
  ASSERT_TRUE(request->has_value());
  EXPECT_EQ((*request)->method(), "CreateOrg");
  EXPECT_FALSE(reader.GetRequest("req-2")->has_value());

  std::vector<std::string> codes;
  ASSERT_TRUE(reader.ForEachOrg([&](v1::Org&& o) { codes.push_back(o.code()); }).ok());
  EXPECT_THAT(codes, ElementsAre("B7"));
}

TEST_F(StoreTest, EmptyStoreHasNoMeta) {
  RecordReader reader(store_.get());
  auto meta = reader.GetMeta();
  ASSERT_TRUE(meta.ok());
  EXPECT_FALSE(meta->has_value());
}

TEST_F(StoreTest, SecondOpenOfTheSameDirectoryIsRefused) {
  StoreOptions options;
  options.path = dir_ + "/db";
  auto second = RocksStore::Open(options);
  EXPECT_FALSE(second.ok());
}

TEST_F(StoreTest, ScanPlacementReturnsOneOrgsMembersInIdOrderAfterCursor) {
  // Org 10: members 1, 3, 256, 5; org 11 (next prefix): 2, 4; org 9 (previous prefix): 6.
  ASSERT_TRUE(Place({{10, 256}, {10, 3}, {11, 2}, {9, 6}, {10, 1}, {11, 4}, {10, 5}}).ok());
  RecordReader reader(store_.get());

  auto scan = [&](uint64_t org, uint64_t after, size_t limit = 100) {
    std::vector<uint64_t> ids;
    EXPECT_TRUE(reader
                    .ScanPlacement(org, after,
                                   [&](v1::Member&& m) {
                                     EXPECT_EQ(m.org_id(), org);
                                     ids.push_back(m.id());
                                     return ids.size() < limit;
                                   })
                    .ok());
    return ids;
  };
  EXPECT_THAT(scan(10, 0), ElementsAre(1, 3, 5, 256));
  EXPECT_THAT(scan(10, 1), ElementsAre(3, 5, 256));
  EXPECT_THAT(scan(10, 4), ElementsAre(5, 256));
  EXPECT_THAT(scan(10, 255), ElementsAre(256));
  EXPECT_THAT(scan(10, 256), IsEmpty());
  EXPECT_THAT(scan(10, std::numeric_limits<uint64_t>::max()), IsEmpty());
  EXPECT_THAT(scan(10, 0, 2), ElementsAre(1, 3));
  EXPECT_THAT(scan(11, 0), ElementsAre(2, 4));
  EXPECT_THAT(scan(9, 0), ElementsAre(6));
  EXPECT_THAT(scan(12, 0), IsEmpty());

  // Moving a member out of a placement deletes it there.
  RecordBatch move(store_.get());
  move.DeletePlacement(10, 3);
  move.PutMember(11, MakeMember(3, 11));
  ASSERT_TRUE(store_->Write(move.raw()).ok());
  EXPECT_THAT(scan(10, 0), ElementsAre(1, 5, 256));
  EXPECT_THAT(scan(11, 0), ElementsAre(2, 3, 4));
}

// A list page or an export walks several orgs' placements with one iterator: org by org in the
// order given, after the cursor in the first, and from the view of the store the scan began with.
TEST_F(StoreTest, ScanPlacementsWalksSeveralOrgsInTheOrderGivenFromOneView) {
  ASSERT_TRUE(Place({{10, 1}, {10, 3}, {11, 2}, {11, 4}, {12, 5}, {9, 6}, {13, 7}}).ok());
  RecordReader reader(store_.get());
  const std::vector<uint64_t> orgs = {11, 9, 10, 14, 13};  // not in key order; 14 is empty
  auto scan = [&](size_t first, uint64_t after, size_t limit = 100) {
    std::vector<std::pair<size_t, uint64_t>> seen;
    EXPECT_TRUE(reader
                    .ScanPlacements(orgs, first, after,
                                    [&](size_t i, uint64_t id, std::string_view record) {
                                      v1::Member m;
                                      EXPECT_TRUE(RecordReader::ParseMember(record, &m).ok());
                                      EXPECT_EQ(m.id(), id);
                                      EXPECT_EQ(m.org_id(), orgs[i]);
                                      seen.emplace_back(i, id);
                                      return seen.size() < limit;
                                    })
                    .ok());
    return seen;
  };
  using P = std::pair<size_t, uint64_t>;
  EXPECT_THAT(scan(0, 0), ElementsAre(P{0, 2}, P{0, 4}, P{1, 6}, P{2, 1}, P{2, 3}, P{4, 7}));
  EXPECT_THAT(scan(0, 2), ElementsAre(P{0, 4}, P{1, 6}, P{2, 1}, P{2, 3}, P{4, 7}));
  EXPECT_THAT(scan(2, 1), ElementsAre(P{2, 3}, P{4, 7}));
  EXPECT_THAT(scan(2, std::numeric_limits<uint64_t>::max()), ElementsAre(P{4, 7}));
  EXPECT_THAT(scan(0, 0, 3), ElementsAre(P{0, 2}, P{0, 4}, P{1, 6}));
  EXPECT_THAT(scan(5, 0), IsEmpty());
  EXPECT_THAT(scan(3, 0), ElementsAre(P{4, 7}));

  // A member written into a later org while the scan is under way is not seen by it.
  std::vector<uint64_t> ids;
  ASSERT_TRUE(reader
                  .ScanPlacements(orgs, 0, 0,
                                  [&](size_t, uint64_t id, std::string_view) {
                                    if (ids.empty()) {
                                      RecordBatch late(store_.get());
                                      late.PutMember(13, MakeMember(8, 13));
                                      EXPECT_TRUE(store_->Write(late.raw()).ok());
                                    }
                                    ids.push_back(id);
                                    return true;
                                  })
                  .ok());
  EXPECT_THAT(ids, ElementsAre(2, 4, 6, 1, 3, 7));
  EXPECT_THAT(Ids(Placed(13, 0)), ElementsAre(7, 8));
}

TEST_F(StoreTest, ScanPlacementHandlesTheLargestOrgId) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  ASSERT_TRUE(Place({{max, 1}, {max, 2}}).ok());
  EXPECT_THAT(Ids(Placed(max, 1)), ElementsAre(2));
}

// A member write's event carries the record as stored, spliced in as bytes: it reads back as the
// event with that member set the usual way.
TEST_F(StoreTest, EventWithSplicedMemberReadsBackAsTheWholeEvent) {
  v1::Member member = MakeMember(7, 10);
  member.set_name("党员 7");
  member.set_national_id("110101198001011234");
  v1::Event e;
  e.set_seq(3);
  e.set_type("MemberRegistered");
  e.set_entity_type(v1::ENTITY_MEMBER);
  e.set_entity_id(7);
  e.set_entity_key("M7");
  RecordBatch batch(store_.get());
  const std::string record = batch.PutMember(10, member);
  batch.PutEvent(e, record);
  ASSERT_TRUE(store_->Write(batch.raw()).ok());

  v1::Event expected = e;
  *expected.mutable_member_after() = member;
  auto events = RecordReader(store_.get()).GetEvents({3});
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].SerializeAsString(), expected.SerializeAsString());
  std::vector<uint64_t> seqs;
  ASSERT_TRUE(RecordReader(store_.get())
                  .ScanEntityEventSeqs(v1::ENTITY_MEMBER, 7, 0,
                                       [&](uint64_t seq) {
                                         seqs.push_back(seq);
                                         return true;
                                       })
                  .ok());
  EXPECT_THAT(seqs, ElementsAre(3));
}

TEST_F(StoreTest, EventsAndEntityIndex) {
  RecordBatch batch(store_.get());
  for (uint64_t seq = 1; seq <= 300; ++seq) {
    v1::Event e;
    e.set_seq(seq);
    e.set_entity_type(seq % 3 == 0 ? v1::ENTITY_MEMBER : v1::ENTITY_ORG);
    e.set_entity_id(seq % 2 + 1);
    e.set_type("E" + std::to_string(seq));
    batch.PutEvent(e);
  }
  ASSERT_TRUE(store_->Write(batch.raw()).ok());
  RecordReader reader(store_.get());

  std::vector<uint64_t> seqs;
  ASSERT_TRUE(reader
                  .ScanEvents(296,
                              [&](v1::Event&& e) {
                                seqs.push_back(e.seq());
                                return true;
                              })
                  .ok());
  EXPECT_THAT(seqs, ElementsAre(297, 298, 299, 300));

  // Member events of entity 2 (seq odd and divisible by 3) after seq 260: 261, 267, …, 297.
  seqs.clear();
  ASSERT_TRUE(reader
                  .ScanEntityEventSeqs(v1::ENTITY_MEMBER, 2, 260,
                                       [&](uint64_t seq) {
                                         seqs.push_back(seq);
                                         return true;
                                       })
                  .ok());
  EXPECT_THAT(seqs, ElementsAre(261, 267, 273, 279, 285, 291, 297));

  auto events = reader.GetEvents({267, 3});
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].type(), "E267");
  EXPECT_EQ((*events)[1].type(), "E3");
  EXPECT_EQ(reader.GetEvents({301}).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, CountersRoundTripByOrgId) {
  RecordBatch batch(store_.get());
  v1::Counters c;
  c.add_members_by_status(0);
  c.add_members_by_status(4);
  c.set_dissolved_orgs(2);
  batch.PutCounters(256, c);
  c.set_dissolved_orgs(1);
  batch.PutCounters(255, c);
  ASSERT_TRUE(store_->Write(batch.raw()).ok());
  Reopen();
  RecordReader reader(store_.get());
  std::vector<std::pair<uint64_t, int64_t>> seen;
  ASSERT_TRUE(reader
                  .ForEachCounters([&](uint64_t id, v1::Counters&& counters) {
                    seen.emplace_back(id, counters.dissolved_orgs());
                  })
                  .ok());
  EXPECT_THAT(seen, ElementsAre(std::make_pair(uint64_t{255}, int64_t{1}),
                                std::make_pair(uint64_t{256}, int64_t{2})));
}

// A bulk load: streamed families in key order, held ones in any order (the last value of a key
// wins, a delete removes an older record), all visible only once ingested, and durable.
TEST_F(StoreTest, BulkLoadIngestsEveryFamilyAtOnce) {
  RecordBatch before(store_.get());
  before.PutMemberNo("OLD", 7);
  before.PutMemberNo("GONE", 8);
  ASSERT_TRUE(store_->Write(before.raw()).ok());
  {
    BulkLoad bulk(store_.get(), {Cf::kMembers});
    RecordBatch batch(store_.get());
    batch.SendTo(&bulk);
    for (uint64_t id = 1; id <= 3000; ++id) {
      batch.PutMember(9, MakeMember(id, 9));
      batch.PutMemberNo("M" + std::to_string(3001 - id), 3001 - id);  // descending: held
    }
    batch.PutMemberNo("OLD", 70);
    batch.PutMemberNo("OLD", 71);
    batch.Delete(Cf::kMemberByNo, "GONE");
    ASSERT_TRUE(batch.status().ok()) << batch.status();
    EXPECT_EQ(bulk.entries(), 9003);
    // Nothing is visible before the ingest.
    EXPECT_EQ(*store_->Get(Cf::kMembers, IdKey(1)), std::nullopt);
    ASSERT_TRUE(bulk.Ingest().ok());
    EXPECT_EQ(bulk.Ingest().code(), absl::StatusCode::kFailedPrecondition);
  }
  EXPECT_FALSE(std::filesystem::exists(RocksStore::BulkLoadDir(store_->path())));
  Reopen();
  RecordReader reader(store_.get());
  auto m = reader.GetMember(2999);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_TRUE(m->has_value());
  EXPECT_EQ((*m)->member_no(), "M2999");
  EXPECT_THAT(*reader.MemberIdByNo("M17"), Optional(uint64_t{17}));
  EXPECT_THAT(*reader.MemberIdByNo("OLD"), Optional(uint64_t{71}));
  EXPECT_EQ(*reader.MemberIdByNo("GONE"), std::nullopt);
  EXPECT_THAT(Ids(Placed(9, 2995)), ElementsAre(2996, 2997, 2998, 2999, 3000));
}

// A streamed family given a key out of order fails the load; a load dropped before its ingest
// leaves neither records nor files.
TEST_F(StoreTest, BulkLoadOutOfOrderOrDroppedWritesNothing) {
  {
    BulkLoad bulk(store_.get(), {Cf::kMembers, Cf::kEvents});
    // Enough to be handed to the file thread and written before the load is dropped.
    const std::string value(4096, 'v');
    for (uint64_t id = 1; id <= 2048; ++id) {
      ASSERT_TRUE(bulk.Put(Cf::kMembers, IdKey(id), value).ok());
    }
    ASSERT_TRUE(bulk.Put(Cf::kEvents, IdKey(1), "one").ok());
    absl::Status s = bulk.Put(Cf::kMembers, IdKey(5), "again");
    EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
    EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("members"));
  }
  EXPECT_FALSE(std::filesystem::exists(RocksStore::BulkLoadDir(store_->path())));
  EXPECT_EQ(*store_->Get(Cf::kMembers, IdKey(5)), std::nullopt);
  EXPECT_EQ(*store_->Get(Cf::kEvents, IdKey(1)), std::nullopt);
}

}  // namespace
}  // namespace orgtree::storage
