#include "store/memory_bank_store.h"

#include <algorithm>

namespace tsunagu::store {
namespace {

using core::Code;
using core::fail;

std::unexpected<core::Error> diary_not_found(std::int64_t id) {
  return fail(Code::kNotFound, "not_found", "diary entry " + std::to_string(id) + " not found");
}

bool in_range(const std::string& date, const std::string& from, const std::string& to) {
  return (from.empty() || date >= from) && (to.empty() || date <= to);
}

}  // namespace

core::Status MemoryBankStore::check_writable() const {
  if (fail_writes) return fail(Code::kInternal, "internal", "writes are failing (test)");
  return {};
}

core::Result<std::int64_t> MemoryBankStore::add_diary(const DiaryRecord& entry) {
  if (auto s = check_writable(); !s) return std::unexpected(s.error());
  DiaryRecord row = entry;
  row.id = ++last_diary_id_;
  diary.push_back(row);
  return row.id;
}

core::Status MemoryBankStore::update_diary(const DiaryRecord& entry) {
  if (auto s = check_writable(); !s) return s;
  for (auto& row : diary) {
    if (row.id != entry.id || row.user_id != entry.user_id) continue;
    row.date = entry.date;
    row.entry_json = entry.entry_json;
    row.updated_ms = entry.updated_ms;
    return {};
  }
  return diary_not_found(entry.id);
}

core::Status MemoryBankStore::delete_diary(std::int64_t user_id, std::int64_t id) {
  if (auto s = check_writable(); !s) return s;
  const auto removed = std::erase_if(
      diary, [&](const DiaryRecord& r) { return r.id == id && r.user_id == user_id; });
  if (removed == 0) return diary_not_found(id);
  return {};
}

core::Result<std::optional<DiaryRecord>> MemoryBankStore::find_diary(std::int64_t user_id,
                                                                     std::int64_t id) {
  for (const auto& row : diary) {
    if (row.id == id && row.user_id == user_id) return row;
  }
  return std::nullopt;
}

core::Result<std::vector<DiaryRecord>> MemoryBankStore::diary_of(std::int64_t user_id,
                                                                 const std::string& from,
                                                                 const std::string& to) {
  std::vector<DiaryRecord> out;
  for (const auto& row : diary) {
    if (row.user_id == user_id && in_range(row.date, from, to)) out.push_back(row);
  }
  std::ranges::stable_sort(out, [](const DiaryRecord& a, const DiaryRecord& b) {
    return a.date != b.date ? a.date < b.date : a.id < b.id;
  });
  return out;
}

core::Result<std::int64_t> MemoryBankStore::count_diary(std::int64_t user_id) {
  return std::ranges::count_if(diary, [&](const DiaryRecord& r) { return r.user_id == user_id; });
}

core::Status MemoryBankStore::add_response(const SurveyResponseRecord& response,
                                           const std::string& dedupe_key,
                                           const ConsentRecord& consent) {
  if (auto s = check_writable(); !s) return s;
  const bool id_taken = std::ranges::any_of(
      responses, [&](const SurveyResponseRecord& r) { return r.id == response.id; });
  if (id_taken || dedupe_keys.contains(dedupe_key)) {
    return fail(Code::kAlreadyExists, "store_conflict", "response or dedupe key exists");
  }
  responses.push_back(response);
  dedupe_keys.insert(dedupe_key);
  ConsentRecord c = consent;
  c.id = ++last_consent_id_;
  consents.push_back(c);
  return {};
}

core::Result<bool> MemoryBankStore::has_dedupe_key(const std::string& dedupe_key) {
  return dedupe_keys.contains(dedupe_key);
}

core::Result<std::vector<SurveyResponseRecord>> MemoryBankStore::responses_to(
    const std::string& survey_id, int version) {
  std::vector<SurveyResponseRecord> out;
  for (const auto& r : responses) {
    if (r.survey_id == survey_id && r.version == version) out.push_back(r);
  }
  std::ranges::sort(out, {}, &SurveyResponseRecord::id);
  return out;
}

core::Result<std::vector<SurveyResponseRecord>> MemoryBankStore::responses_of(
    std::int64_t user_id) {
  std::vector<SurveyResponseRecord> out;
  if (user_id == 0) return out;  // 0 marks anonymous responses, never a person
  for (const auto& r : responses) {
    if (r.user_id == user_id) out.push_back(r);
  }
  std::ranges::sort(out, {}, &SurveyResponseRecord::id);
  return out;
}

core::Result<std::vector<ConsentRecord>> MemoryBankStore::consents_of(std::int64_t user_id) {
  std::vector<ConsentRecord> out;
  for (const auto& c : consents) {
    if (c.user_id == user_id) out.push_back(c);
  }
  return out;
}

core::Result<BankErasure> MemoryBankStore::erase_person(std::int64_t user_id) {
  if (auto s = check_writable(); !s) return std::unexpected(s.error());
  BankErasure erased;
  if (user_id == 0) return erased;
  erased.diary_entries = static_cast<std::int64_t>(
      std::erase_if(diary, [&](const DiaryRecord& r) { return r.user_id == user_id; }));
  erased.responses =
      static_cast<std::int64_t>(std::erase_if(responses, [&](const SurveyResponseRecord& r) {
        if (r.user_id != user_id) return false;
        dedupe_keys.erase(r.dedupe_key);
        return true;
      }));
  erased.consents = static_cast<std::int64_t>(
      std::erase_if(consents, [&](const ConsentRecord& c) { return c.user_id == user_id; }));
  return erased;
}

}  // namespace tsunagu::store
