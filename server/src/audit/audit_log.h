#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "store/store.h"

namespace tsunagu::audit {

// The hash of an entry: BLAKE2b-256 (hex) over its timestamp, actor, action, subject, detail
// and the previous entry's hash, each length-prefixed so no two entries serialise alike.
// Changing any field of any entry, deleting or reordering one in the middle, breaks the chain
// from there on. Pure and thread-safe.
std::string entry_hash(const store::AuditRecord& entry);

struct Verification {
  bool ok = true;
  std::int64_t checked = 0;            // entries read
  std::int64_t first_broken_id = 0;    // 0 when ok
  std::string problem;                 // what is wrong with that entry
  std::string head_hash;               // the hash of the last entry (to note down elsewhere)
};

// The append-only, hash-chained audit log: logins, role changes, verifications, moderation,
// data exports, consent changes. The store forbids UPDATE and DELETE; the chain makes an
// edit made around it visible to verify(). Thread-safe (appends are serialised, so the chain
// stays one chain when several loops log at once), given a thread-safe Store.
class AuditLog {
 public:
  AuditLog(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // Appends one entry. `detail` must hold no secrets and no health data (ids, codes, reasons).
  // actor/subject 0 mean the system / nobody.
  core::Result<store::AuditRecord> append(std::int64_t actor_id, std::string_view action,
                                          std::int64_t subject_id,
                                          const nlohmann::json& detail = nlohmann::json::object());

  // Entries after `after_id`, in order, at most `limit` (for the admin page).
  core::Result<std::vector<store::AuditRecord>> page(std::int64_t after_id, int limit) {
    return store_.audit_after(after_id, limit);
  }

  // Reads the whole chain in order and checks every link.
  core::Result<Verification> verify();

 private:
  store::Store& store_;
  const core::Clock& clock_;
  std::mutex mutex_;
};

}  // namespace tsunagu::audit
