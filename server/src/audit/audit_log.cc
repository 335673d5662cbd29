#include "audit/audit_log.h"

#include <sodium.h>

namespace tsunagu::audit {
namespace {

void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

constexpr int kPageSize = 500;

}  // namespace

std::string entry_hash(const store::AuditRecord& e) {
  std::string canonical = "tsunagu-audit-v1;";
  put(canonical, std::to_string(e.created_ms));
  put(canonical, std::to_string(e.actor_id));
  put(canonical, e.action);
  put(canonical, std::to_string(e.subject_id));
  put(canonical, e.detail_json);
  put(canonical, e.prev_hash);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                     nullptr, 0);
  return to_hex(digest, sizeof digest);
}

core::Result<store::AuditRecord> AuditLog::append(std::int64_t actor_id, std::string_view action,
                                                  std::int64_t subject_id,
                                                  const nlohmann::json& detail) {
  std::lock_guard lock(mutex_);
  auto last = store_.last_audit();
  if (!last) return std::unexpected(last.error());
  store::AuditRecord entry;
  entry.created_ms = clock_.unix_ms();
  entry.actor_id = actor_id;
  entry.action.assign(action);
  entry.subject_id = subject_id;
  entry.detail_json = detail.dump();
  entry.prev_hash = last->has_value() ? (*last)->hash : "";
  entry.hash = entry_hash(entry);
  auto id = store_.append_audit(entry);
  if (!id) return std::unexpected(id.error());
  entry.id = *id;
  return entry;
}

core::Result<Verification> AuditLog::verify() {
  std::lock_guard lock(mutex_);
  Verification result;
  std::string prev;
  std::int64_t after = 0;
  for (;;) {
    auto page = store_.audit_after(after, kPageSize);
    if (!page) return std::unexpected(page.error());
    for (const auto& e : *page) {
      ++result.checked;
      after = e.id;
      std::string problem;
      if (e.prev_hash != prev) {
        problem = "its previous-hash does not match the entry before it (an entry was removed, "
                  "inserted or changed)";
      } else if (entry_hash(e) != e.hash) {
        problem = "its content does not match its hash (the entry was edited)";
      }
      if (!problem.empty()) {
        result.ok = false;
        result.first_broken_id = e.id;
        result.problem = std::move(problem);
        return result;
      }
      prev = e.hash;
    }
    if (static_cast<int>(page->size()) < kPageSize) break;
  }
  result.head_hash = prev;
  return result;
}

}  // namespace tsunagu::audit
