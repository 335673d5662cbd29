#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "bank/diary.h"
#include "bank/ichd3.h"
#include "bank/research_export.h"
#include "bank/research_key.h"
#include "bank/survey.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/bank_store.h"

namespace tsunagu::bank {

// The digital headache bank (docs/bank.md): diaries, self-checks of the stored diary, survey
// responses with their consent, aggregates with small groups withheld, a person's own data
// (download and deletion) and de-identified research exports. Input is validated by the
// caller with the pure functions of this module (parse_diary_entry, check_answers); who may do
// what (members for the diary, researchers for exports) is decided by the caller with
// auth::allowed. Exports, own-data downloads and every deletion go to the audit log; survey
// answers do not (the log outlives deletion and must not say who took part in what).
//
// Errors: not_found, survey_already_answered, internal (store failures, logged by the
// caller). Thread-safety: not thread-safe; owned by the event loop that serves the API (the
// store and audit log it uses are thread-safe).
class BankService {
 public:
  BankService(store::BankStore& store, audit::AuditLog& audit, const core::Clock& clock,
              const SurveyCatalog& surveys, const ResearchKey& key, int k)
      : store_(store), audit_(audit), clock_(clock), surveys_(surveys), key_(key), k_(k) {}

  int k() const { return k_; }
  const SurveyCatalog& surveys() const { return surveys_; }
  // The latest diary date accepted now: tomorrow (UTC), so every time zone's today passes.
  std::int64_t latest_diary_day() const;

  // --- diary (members)
  static constexpr std::int64_t kMaxDiaryEntries = 20000;  // some 50 years of daily headaches
  // from/to: YYYY-MM-DD or "" (open).
  core::Result<std::vector<IdentifiedEntry>> diary(std::int64_t user, const std::string& from,
                                                   const std::string& to);
  // Errors also: diary_full.
  core::Result<IdentifiedEntry> add_entry(std::int64_t user, const DiaryEntry& entry);
  core::Result<IdentifiedEntry> update_entry(std::int64_t user, std::int64_t id,
                                             const DiaryEntry& entry);
  core::Status delete_entry(std::int64_t user, std::int64_t id);
  core::Result<std::string> diary_csv(std::int64_t user);
  core::Result<SelfCheck> check_diary(std::int64_t user);

  // --- surveys
  struct Listed {
    const SurveyDefinition* survey;
    bool answered;  // by this person, in this version (false without a person)
  };
  core::Result<std::vector<Listed>> list(std::optional<std::int64_t> user);
  // Stores checked answers to `survey` (its current version) with the consent. Anonymous:
  // the response keeps neither the person nor a key that leads to them.
  core::Status respond(std::int64_t user, const SurveyDefinition& survey, bool anonymous,
                       const nlohmann::json& checked_answers);
  // Errors: not_found (no such survey or version).
  core::Result<nlohmann::json> aggregate(std::string_view survey_id, std::optional<int> version);

  // --- a person's own data
  // Diary, named survey responses and consents (the caller adds the account).
  core::Result<nlohmann::json> own_data(std::int64_t user);
  // `reason`: "request" (DELETE /api/me/data) or "account_deleted".
  core::Result<store::BankErasure> erase(std::int64_t user, std::string_view reason);

  // --- research (the caller checked export_research_data)
  core::Result<ResearchExport> research_export(std::int64_t researcher, std::string_view survey_id,
                                               std::optional<int> version);
  core::Result<std::string> dictionary(std::string_view survey_id, std::optional<int> version);

 private:
  core::Result<const SurveyDefinition*> survey(std::string_view id, std::optional<int> version);
  core::Result<IdentifiedEntry> stored(std::int64_t user, std::int64_t id, const DiaryEntry& e);
  core::Status audit(std::int64_t actor, std::string_view action, std::int64_t subject,
                     const nlohmann::json& detail);

  store::BankStore& store_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
  const SurveyCatalog& surveys_;
  const ResearchKey& key_;
  int k_;
};

}  // namespace tsunagu::bank
