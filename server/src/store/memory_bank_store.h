#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/bank_store.h"

namespace tsunagu::store {

// An in-memory BankStore for tests of the modules above it: the same observable contract as
// sqlite::SqliteBankStore (bank_store_contract_test.h runs the same cases against both),
// nothing durable. The tables are public so tests can look at what was written; `fail_writes`
// makes every write fail with "internal" (reads still work). Not thread-safe.
class MemoryBankStore final : public BankStore {
 public:
  core::Result<std::int64_t> add_diary(const DiaryRecord& entry) override;
  core::Status update_diary(const DiaryRecord& entry) override;
  core::Status delete_diary(std::int64_t user_id, std::int64_t id) override;
  core::Result<std::optional<DiaryRecord>> find_diary(std::int64_t user_id,
                                                      std::int64_t id) override;
  core::Result<std::vector<DiaryRecord>> diary_of(std::int64_t user_id, const std::string& from,
                                                  const std::string& to) override;
  core::Result<std::int64_t> count_diary(std::int64_t user_id) override;

  core::Status add_response(const SurveyResponseRecord& response, const std::string& dedupe_key,
                            const ConsentRecord& consent) override;
  core::Result<bool> has_dedupe_key(const std::string& dedupe_key) override;
  core::Result<std::vector<SurveyResponseRecord>> responses_to(const std::string& survey_id,
                                                               int version) override;
  core::Result<std::vector<SurveyResponseRecord>> responses_of(std::int64_t user_id) override;
  core::Result<std::vector<ConsentRecord>> consents_of(std::int64_t user_id) override;

  core::Result<BankErasure> erase_person(std::int64_t user_id) override;

  bool fail_writes = false;
  std::vector<DiaryRecord> diary;               // id order
  std::vector<SurveyResponseRecord> responses;  // insertion order
  std::set<std::string> dedupe_keys;
  std::vector<ConsentRecord> consents;  // id order

 private:
  core::Status check_writable() const;

  std::int64_t last_diary_id_ = 0;
  std::int64_t last_consent_id_ = 0;
};

}  // namespace tsunagu::store
