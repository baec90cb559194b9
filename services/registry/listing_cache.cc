#include "services/registry/listing_cache.h"

namespace orgtree::registry {

size_t ListingCache::ChargeOf(const Listing& listing) {
  // The bookkeeping of a slot (list node, map entry, shared control block) counted roughly.
  constexpr size_t kSlotOverhead = 160;
  return kSlotOverhead + sizeof(Listing) + listing.bytes.capacity() +
         listing.members.capacity() * sizeof(Member);
}

std::shared_ptr<const ListingCache::Listing> ListingCache::Find(uint64_t org, int variant) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(Key{org, variant});
  if (it == slots_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->listing;
}

void ListingCache::Insert(uint64_t org, int variant, std::shared_ptr<const Listing> listing,
                          uint64_t generation) {
  if (!enabled() || Writing(generation)) return;
  const size_t charge = ChargeOf(*listing);
  std::lock_guard lock(mu_);
  // Checked under the lock that EndWrite takes: a write that began after `generation` was read
  // may have changed what `listing` shows.
  if (generation_.load(std::memory_order_relaxed) != generation) return;
  const Key key{org, variant};
  if (auto it = slots_.find(key); it != slots_.end()) EraseLocked(it->second);
  // The map entry first: if either step throws, the map and the list still agree.
  auto slot = slots_.try_emplace(key, lru_.end()).first;
  try {
    lru_.push_front(Slot{key, std::move(listing), charge});
  } catch (...) {
    slots_.erase(slot);
    throw;
  }
  slot->second = lru_.begin();
  charge_ += charge;
  while (charge_ > capacity_ && !lru_.empty()) EraseLocked(std::prev(lru_.end()));
}

void ListingCache::BeginWrite() {
  std::lock_guard lock(mu_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void ListingCache::EndWrite(std::span<const uint64_t> orgs, bool all) {
  std::lock_guard lock(mu_);
  if (all) {
    lru_.clear();
    slots_.clear();
    charge_ = 0;
  } else {
    for (uint64_t org : orgs) {
      for (int variant = 0; variant < kVariants; ++variant) {
        auto it = slots_.find(Key{org, variant});
        // A too-large mark holds no members, so it cannot be stale; keeping it spares the next
        // page a read of the big org up to the limit before it falls back to the store.
        if (it != slots_.end() && !it->second->listing->too_large) EraseLocked(it->second);
      }
    }
  }
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void ListingCache::EraseLocked(std::list<Slot>::iterator slot) {
  charge_ -= slot->charge;
  slots_.erase(slot->key);
  lru_.erase(slot);
}

size_t ListingCache::charge() const {
  std::lock_guard lock(mu_);
  return charge_;
}

size_t ListingCache::size() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

}  // namespace orgtree::registry
