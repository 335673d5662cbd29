#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace tsunagu::store {

// One headache of a member's diary. The entry itself is kept as the JSON that bank/diary.h
// validated and normalised (the store does not interpret health data); `date` is copied out
// of it so a month can be read without parsing every entry.
struct DiaryRecord {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::int64_t user_id = 0;
  std::string date;        // YYYY-MM-DD, the local date the headache started
  std::string entry_json;  // without "id"
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

// One answer sheet to one version of a survey. Anonymous responses have user_id 0 and no
// dedupe_key: nothing in the row or its id leads back to the person (the id is random, not a
// counter, and the time is kept only as a month). A named response keeps the dedupe key that
// stops a second answer, so deleting the response can free it again.
struct SurveyResponseRecord {
  std::int64_t id = 0;  // chosen by the caller (random), unique
  std::string survey_id;
  int version = 0;
  std::int64_t user_id = 0;  // 0 = anonymous
  std::string month;         // YYYY-MM of the answer
  std::string answers_json;  // validated against the definition
  std::string dedupe_key;    // hex; "" for anonymous responses
};

// A person's agreement, e.g. to their survey answers being used for research.
struct ConsentRecord {
  std::int64_t id = 0;  // assigned by the store
  std::int64_t user_id = 0;
  std::string kind;  // "survey_response"
  std::string survey_id;
  int version = 0;
  bool anonymous = false;  // the answer it covers was given anonymously
  std::int64_t created_ms = 0;
};

// What erase_person removed.
struct BankErasure {
  std::int64_t diary_entries = 0;
  std::int64_t responses = 0;  // named responses; anonymous ones cannot be found
  std::int64_t consents = 0;
};

// Durable state of the digital headache bank (docs/bank.md): diaries, survey responses, the
// consents given with them, and the keyed hashes that allow one response per person and survey
// version. Kept apart from Store so neither interface grows without bound; the two may share
// a database. Implementations: MemoryBankStore (tests), sqlite::SqliteBankStore; the contract
// is bank_store_contract_test.h. Thread-safety: one thread at a time (LockedBankStore shares
// one between loops). Every method returns an error value, never throws.
//
// Errors: "store_conflict" (a response id or dedupe key that is already taken), "not_found"
// (an entry id that does not exist or belongs to someone else), "internal".
class BankStore {
 public:
  virtual ~BankStore() = default;

  // --- diary
  virtual core::Result<std::int64_t> add_diary(const DiaryRecord& entry) = 0;
  // Writes date, entry_json and updated_ms of the entry with this id and user_id.
  virtual core::Status update_diary(const DiaryRecord& entry) = 0;
  virtual core::Status delete_diary(std::int64_t user_id, std::int64_t id) = 0;
  virtual core::Result<std::optional<DiaryRecord>> find_diary(std::int64_t user_id,
                                                              std::int64_t id) = 0;
  // A user's entries with from <= date <= to ("" leaves that end open), by date then id.
  virtual core::Result<std::vector<DiaryRecord>> diary_of(std::int64_t user_id,
                                                          const std::string& from,
                                                          const std::string& to) = 0;
  virtual core::Result<std::int64_t> count_diary(std::int64_t user_id) = 0;

  // --- surveys
  // Stores the response, its dedupe key and the consent together, or nothing:
  // store_conflict when the dedupe key (this person already answered this version) or the
  // response id is taken. The dedupe key is kept even for anonymous responses, apart from
  // the response and without time, so it cannot be joined to the answers.
  virtual core::Status add_response(const SurveyResponseRecord& response,
                                    const std::string& dedupe_key,
                                    const ConsentRecord& consent) = 0;
  virtual core::Result<bool> has_dedupe_key(const std::string& dedupe_key) = 0;
  // Every response to one version, in id order.
  virtual core::Result<std::vector<SurveyResponseRecord>> responses_to(const std::string& survey_id,
                                                                       int version) = 0;
  // A person's named responses, in id order.
  virtual core::Result<std::vector<SurveyResponseRecord>> responses_of(std::int64_t user_id) = 0;
  virtual core::Result<std::vector<ConsentRecord>> consents_of(std::int64_t user_id) = 0;

  // --- deletion
  // Removes the person's diary, named responses with their dedupe keys, and consents, in one
  // step. Anonymous responses and their dedupe keys stay (they cannot be told apart).
  virtual core::Result<BankErasure> erase_person(std::int64_t user_id) = 0;
};

}  // namespace tsunagu::store
