#pragma once

// The one event a handover batch records per change (started, resumed, progressed, finished): the
// batch after the change and the items it changed, which the event's apply writes.

#include <string>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "services/registry/change.h"
#include "storage/key_codec.h"

namespace orgtree::transfers {

inline void RecordHandoverEvent(registry::Change& c, std::string type, const v1::HandoverJob& job,
                                const std::vector<v1::HandoverItem>& items) {
  v1::Event e;
  e.set_type(std::move(type));
  e.set_entity_type(v1::ENTITY_HANDOVER);
  e.set_entity_key(job.batch_id());
  e.set_effective_date(job.effective_date());
  e.set_reason(job.reason());
  *e.mutable_handover() = job;
  *e.mutable_handover_items() = {items.begin(), items.end()};
  c.RecordEvent(std::move(e), [](const v1::Event& ev, storage::RecordBatch& batch) {
    batch.Put(storage::Cf::kHandovers, ev.handover().batch_id(), ev.handover());
    for (const v1::HandoverItem& item : ev.handover_items()) {
      batch.Put(storage::Cf::kHandoverItems,
                storage::BatchItemKey(ev.handover().batch_id(), item.index()), item);
    }
  });
}

}  // namespace orgtree::transfers
