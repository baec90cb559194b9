// ListingCache on its own: what it keeps and forgets, its bound, and the generation protocol that
// keeps a listing read before a write from being kept after it (listing_cache.h).

#include "services/registry/listing_cache.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace orgtree::registry {
namespace {

// A listing of `members` members of `bytes_each` bytes, ids from 1.
std::shared_ptr<const ListingCache::Listing> MakeListing(int members, size_t bytes_each) {
  auto listing = std::make_shared<ListingCache::Listing>();
  for (int i = 1; i <= members; ++i) {
    listing->bytes.append(bytes_each, static_cast<char>('a' + i % 26));
    ListingCache::Member m;
    m.id = static_cast<uint64_t>(i);
    m.end = static_cast<uint32_t>(listing->bytes.size());
    listing->members.push_back(m);
  }
  return listing;
}

TEST(ListingCacheTest, KeepsListingsPerOrgAndVariant) {
  ListingCache cache(1 << 20);
  ASSERT_TRUE(cache.enabled());
  const uint64_t generation = cache.Generation();
  EXPECT_FALSE(ListingCache::Writing(generation));
  auto listing = MakeListing(3, 10);
  cache.Insert(7, 1, listing, generation);
  EXPECT_EQ(cache.Find(7, 1), listing);
  EXPECT_EQ(cache.Find(7, 0), nullptr);
  EXPECT_EQ(cache.Find(8, 1), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_GT(cache.charge(), 30u);
  EXPECT_EQ(listing->BytesOf(0), "bbbbbbbbbb");
  EXPECT_EQ(listing->BytesOf(2), "dddddddddd");
  // Inserting again replaces it, charged once.
  const size_t charge = cache.charge();
  auto again = MakeListing(3, 10);
  cache.Insert(7, 1, again, generation);
  EXPECT_EQ(cache.Find(7, 1), again);
  EXPECT_EQ(cache.charge(), charge);
}

TEST(ListingCacheTest, ListingReadBeforeAWriteIsNotKept) {
  ListingCache cache(1 << 20);
  const uint64_t before = cache.Generation();
  cache.BeginWrite();
  const uint64_t during = cache.Generation();
  EXPECT_TRUE(ListingCache::Writing(during));
  EXPECT_FALSE(cache.Unchanged(before));
  cache.Insert(1, 0, MakeListing(1, 4), before);  // read before the write began
  cache.Insert(2, 0, MakeListing(1, 4), during);  // read while it is under way
  EXPECT_EQ(cache.size(), 0u);
  const uint64_t org = 3;
  cache.EndWrite({&org, 1}, false);
  const uint64_t after = cache.Generation();
  EXPECT_FALSE(ListingCache::Writing(after));
  EXPECT_NE(after, before);
  cache.Insert(1, 0, MakeListing(1, 4), before);  // the write has ended, but began after the read
  EXPECT_EQ(cache.size(), 0u);
  cache.Insert(1, 0, MakeListing(1, 4), after);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Unchanged(after));
}

TEST(ListingCacheTest, EndWriteForgetsTheOrgsWrittenInEveryVariant) {
  ListingCache cache(1 << 20);
  const uint64_t generation = cache.Generation();
  for (uint64_t org : {1, 2, 3}) {
    for (int variant = 0; variant < ListingCache::kVariants; ++variant) {
      cache.Insert(org, variant, MakeListing(2, 8), generation);
    }
  }
  ASSERT_EQ(cache.size(), 9u);
  cache.BeginWrite();
  const std::vector<uint64_t> written = {2, 2, 9};  // repeats and orgs never listed are fine
  cache.EndWrite(written, false);
  EXPECT_EQ(cache.size(), 6u);
  for (int variant = 0; variant < ListingCache::kVariants; ++variant) {
    EXPECT_EQ(cache.Find(2, variant), nullptr);
    EXPECT_NE(cache.Find(1, variant), nullptr);
    EXPECT_NE(cache.Find(3, variant), nullptr);
  }
  cache.BeginWrite();
  cache.EndWrite({}, /*all=*/true);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.charge(), 0u);
}

TEST(ListingCacheTest, TooLargeMarksOutliveWritesToTheirOrg) {
  ListingCache cache(1 << 20);
  auto mark = std::make_shared<ListingCache::Listing>();
  mark->too_large = true;
  cache.Insert(5, 1, mark, cache.Generation());
  cache.Insert(5, 0, MakeListing(2, 8), cache.Generation());
  cache.BeginWrite();
  const uint64_t org = 5;
  cache.EndWrite({&org, 1}, false);
  EXPECT_EQ(cache.Find(5, 1), mark);
  EXPECT_EQ(cache.Find(5, 0), nullptr);  // a listing with members is forgotten
  // Also when the write names the org more often than the cache holds listings.
  cache.BeginWrite();
  const std::vector<uint64_t> repeated = {5, 5, 5};
  cache.EndWrite(repeated, false);
  EXPECT_EQ(cache.Find(5, 1), mark);
  cache.BeginWrite();
  cache.EndWrite({}, /*all=*/true);
  EXPECT_EQ(cache.Find(5, 1), nullptr);
}

TEST(ListingCacheTest, EvictsTheLeastRecentlyUsedBeyondItsCapacity) {
  auto listing = [] { return MakeListing(10, 100); };
  ListingCache probe(1 << 20);
  probe.Insert(0, 0, listing(), probe.Generation());
  const size_t each = probe.charge();

  ListingCache cache(3 * each + each / 2);  // room for three
  uint64_t generation = cache.Generation();
  for (uint64_t org : {1, 2, 3}) cache.Insert(org, 0, listing(), generation);
  ASSERT_EQ(cache.size(), 3u);
  ASSERT_NE(cache.Find(1, 0), nullptr);  // 1 is now the most recently used, 2 the least
  cache.Insert(4, 0, listing(), generation);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.charge(), 3 * each + each / 2);
  EXPECT_EQ(cache.Find(2, 0), nullptr);
  EXPECT_NE(cache.Find(1, 0), nullptr);
  EXPECT_NE(cache.Find(3, 0), nullptr);
  EXPECT_NE(cache.Find(4, 0), nullptr);
  // A listing may take a sixteenth of the capacity.
  EXPECT_EQ(cache.max_listing_bytes(), (3 * each + each / 2) / 16);
}

TEST(ListingCacheTest, ZeroCapacityKeepsNothing) {
  ListingCache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.Insert(1, 0, MakeListing(1, 1), cache.Generation());
  EXPECT_EQ(cache.Find(1, 0), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace orgtree::registry
