#pragma once

#include <memory>
#include <mutex>

#include "store/bank_store.h"

namespace tsunagu::store {

// Makes any BankStore safe to share between threads: every call holds one mutex (as
// LockedStore does for Store; the calls are short). Thread-safe.
class LockedBankStore final : public BankStore {
 public:
  explicit LockedBankStore(std::unique_ptr<BankStore> inner) : inner_(std::move(inner)) {}

  core::Result<std::int64_t> add_diary(const DiaryRecord& entry) override {
    std::lock_guard lock(mutex_);
    return inner_->add_diary(entry);
  }
  core::Status update_diary(const DiaryRecord& entry) override {
    std::lock_guard lock(mutex_);
    return inner_->update_diary(entry);
  }
  core::Status delete_diary(std::int64_t user_id, std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->delete_diary(user_id, id);
  }
  core::Result<std::optional<DiaryRecord>> find_diary(std::int64_t user_id,
                                                      std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->find_diary(user_id, id);
  }
  core::Result<std::vector<DiaryRecord>> diary_of(std::int64_t user_id, const std::string& from,
                                                  const std::string& to) override {
    std::lock_guard lock(mutex_);
    return inner_->diary_of(user_id, from, to);
  }
  core::Result<std::int64_t> count_diary(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->count_diary(user_id);
  }
  core::Status add_response(const SurveyResponseRecord& response, const std::string& dedupe_key,
                            const ConsentRecord& consent) override {
    std::lock_guard lock(mutex_);
    return inner_->add_response(response, dedupe_key, consent);
  }
  core::Result<bool> has_dedupe_key(const std::string& dedupe_key) override {
    std::lock_guard lock(mutex_);
    return inner_->has_dedupe_key(dedupe_key);
  }
  core::Result<std::vector<SurveyResponseRecord>> responses_to(const std::string& survey_id,
                                                               int version) override {
    std::lock_guard lock(mutex_);
    return inner_->responses_to(survey_id, version);
  }
  core::Result<std::vector<SurveyResponseRecord>> responses_of(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->responses_of(user_id);
  }
  core::Result<std::vector<ConsentRecord>> consents_of(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->consents_of(user_id);
  }
  core::Result<BankErasure> erase_person(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->erase_person(user_id);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<BankStore> inner_;
};

}  // namespace tsunagu::store
