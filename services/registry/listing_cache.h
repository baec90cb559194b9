#pragma once

// Member list pages from memory. ListMembers reads an org's members through this cache: per org
// and per way of showing a member (the view, and whether ID numbers are masked), the members
// placed in that org, in id order, each already cut to the view, with the flags the list filters
// test. A page is then a few copies of bytes instead of a RocksDB scan and a walk over every
// field of every record.
//
// Consistency — a seqlock around the one write path. Registry::Mutate calls BeginWrite() before
// it commits a change that writes member records or orgs (what a page reads; Change::
// changes_listings) and EndWrite() with the placement orgs the change wrote after it has
// published it; the generation is odd in between. A reader takes Generation() before it reads
// anything and uses the cache only when that is even; Insert() keeps a listing only if the
// generation has not moved since (checked under the lock), and the reader's page stands only if
// the generation is still the same at the end (Unchanged()), else the page is read again from the
// store. So a page built here is what the store held between two writes, and nothing read before
// a write can be kept after it.
//
// Bounded: listings are evicted least recently used first once they hold more than the capacity,
// and an org whose listing would take more than a sixteenth of it is marked too large (its pages
// are read from the store). Such a mark holds nothing that could be stale, so writes to its org
// leave it: an org that shrinks below the limit is kept again once its mark is evicted or a write
// forgets every listing.
//
// Thread-safe.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "storage/records.h"

namespace orgtree::registry {

class ListingCache {
 public:
  // One member of a listing.
  struct Member {
    uint64_t id = 0;
    storage::MemberFlags flags;
    uint32_t end = 0;  // where its bytes end in Listing::bytes; they begin where the previous end
  };
  // The members placed in one org, as one way of showing them gives them.
  struct Listing {
    std::vector<Member> members;  // by member id
    std::string bytes;
    bool too_large = false;  // nothing else is set: read this org from the store

    std::string_view BytesOf(size_t i) const {
      const uint32_t begin = i == 0 ? 0 : members[i - 1].end;
      return std::string_view(bytes).substr(begin, members[i].end - begin);
    }
  };

  // Ways of showing a member a listing is kept for (the caller numbers them 0 … kVariants-1).
  static constexpr int kVariants = 3;

  // `capacity_bytes` 0 turns the cache off (enabled() false; nothing is kept).
  explicit ListingCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}
  ListingCache(const ListingCache&) = delete;
  ListingCache& operator=(const ListingCache&) = delete;

  bool enabled() const { return capacity_ > 0; }
  // The most a listing may take before it is marked too large instead.
  size_t max_listing_bytes() const {
    return std::min<size_t>(capacity_ / 16, std::numeric_limits<uint32_t>::max());
  }

  // --- Readers.
  uint64_t Generation() const { return generation_.load(std::memory_order_acquire); }
  static bool Writing(uint64_t generation) { return (generation & 1) != 0; }
  // Whether no write has begun since `generation` was read. The fence orders the reader's reads
  // before the generation is read again (the usual seqlock recipe; RocksDB's reads and the
  // cache's lock would order them too).
  bool Unchanged(uint64_t generation) const {
    std::atomic_thread_fence(std::memory_order_acquire);
    return generation_.load(std::memory_order_relaxed) == generation;
  }

  // The listing of `org` for `variant`, or null.
  std::shared_ptr<const Listing> Find(uint64_t org, int variant);
  // Keeps `listing` — read from the store after Generation() returned `generation` — unless a
  // write has begun since.
  void Insert(uint64_t org, int variant, std::shared_ptr<const Listing> listing,
              uint64_t generation);

  // --- The writer (one at a time).
  void BeginWrite();
  // The write has been committed (or failed) and published: forgets the listings of `orgs`, or
  // every listing when `all`.
  void EndWrite(std::span<const uint64_t> orgs, bool all);

  // Bytes held, and listings held (for tests).
  size_t charge() const;
  size_t size() const;

 private:
  using Key = std::pair<uint64_t, int>;
  struct Slot {
    Key key;
    std::shared_ptr<const Listing> listing;
    size_t charge = 0;
  };
  static size_t ChargeOf(const Listing& listing);
  void EraseLocked(std::list<Slot>::iterator slot);

  const size_t capacity_;
  std::atomic<uint64_t> generation_{0};
  mutable std::mutex mu_;
  std::list<Slot> lru_;  // most recently used first
  absl::flat_hash_map<Key, std::list<Slot>::iterator> slots_;
  size_t charge_ = 0;
};

}  // namespace orgtree::registry
