#include "bank/bank_service.h"

#include <sodium.h>

#include "bank/aggregate.h"
#include "bank/dates.h"
#include "bank/evidence.h"
#include "core/log.h"

namespace tsunagu::bank {
namespace {

using core::Code;
using core::fail;
using nlohmann::json;

// Random, so that the order of rows says nothing about who answered when; below 2^53 so it
// survives a JavaScript number.
std::int64_t random_response_id() {
  std::uint64_t v = 0;
  randombytes_buf(&v, sizeof v);
  v &= (std::uint64_t{1} << 53) - 1;
  return static_cast<std::int64_t>(v == 0 ? 1 : v);
}

core::Result<IdentifiedEntry> from_record(const store::DiaryRecord& r) {
  const json parsed = json::parse(r.entry_json, nullptr, false);
  auto entry = parse_diary_entry(parsed, std::nullopt);
  if (!entry) {
    return fail(Code::kInternal, "internal",
                "stored diary entry " + std::to_string(r.id) +
                    " is unreadable: " + entry.error().field + " " + entry.error().why);
  }
  return IdentifiedEntry{r.id, std::move(*entry)};
}

json parsed_or_empty(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

}  // namespace

std::int64_t BankService::latest_diary_day() const { return day_of_unix_ms(clock_.unix_ms()) + 1; }

core::Status BankService::audit(std::int64_t actor, std::string_view action, std::int64_t subject,
                                const json& detail) {
  auto entry = audit_.append(actor, action, subject, detail);
  if (!entry) {
    core::log_error("bank", "audit " + std::string(action) + ": " + entry.error().message());
    return std::unexpected(entry.error());
  }
  return {};
}

core::Result<std::vector<IdentifiedEntry>> BankService::diary(std::int64_t user,
                                                              const std::string& from,
                                                              const std::string& to) {
  auto rows = store_.diary_of(user, from, to);
  if (!rows) return std::unexpected(rows.error());
  std::vector<IdentifiedEntry> out;
  for (const auto& r : *rows) {
    auto e = from_record(r);
    if (!e) return std::unexpected(e.error());
    out.push_back(std::move(*e));
  }
  return out;
}

core::Result<IdentifiedEntry> BankService::add_entry(std::int64_t user, const DiaryEntry& entry) {
  auto n = store_.count_diary(user);
  if (!n) return std::unexpected(n.error());
  if (*n >= kMaxDiaryEntries) {
    return fail(Code::kResourceExhausted, "diary_full", "the diary holds the most entries");
  }
  return stored(user, 0, entry);
}

core::Result<IdentifiedEntry> BankService::update_entry(std::int64_t user, std::int64_t id,
                                                        const DiaryEntry& entry) {
  return stored(user, id, entry);
}

core::Result<IdentifiedEntry> BankService::stored(std::int64_t user, std::int64_t id,
                                                  const DiaryEntry& entry) {
  store::DiaryRecord r;
  r.id = id;
  r.user_id = user;
  r.date = format_date(entry.day);
  r.entry_json = diary_entry_json(entry).dump();
  r.created_ms = r.updated_ms = clock_.unix_ms();
  if (id == 0) {
    auto added = store_.add_diary(r);
    if (!added) return std::unexpected(added.error());
    return IdentifiedEntry{*added, entry};
  }
  if (auto s = store_.update_diary(r); !s) return std::unexpected(s.error());
  return IdentifiedEntry{id, entry};
}

core::Status BankService::delete_entry(std::int64_t user, std::int64_t id) {
  if (auto s = store_.delete_diary(user, id); !s) return s;
  (void)audit(user, "bank.diary.delete", user, {{"entry", id}});
  return {};
}

core::Result<std::string> BankService::diary_csv(std::int64_t user) {
  auto entries = diary(user, "", "");
  if (!entries) return std::unexpected(entries.error());
  if (auto s = audit(user, "bank.diary.export", user, {{"entries", entries->size()}}); !s) {
    return std::unexpected(s.error());
  }
  return bank::diary_csv(*entries);
}

core::Result<SelfCheck> BankService::check_diary(std::int64_t user) {
  auto entries = diary(user, "", "");
  if (!entries) return std::unexpected(entries.error());
  std::vector<DiaryEntry> plain;
  for (auto& e : *entries) plain.push_back(std::move(e.entry));
  return evaluate(evidence_from_diary(plain));
}

core::Result<std::vector<BankService::Listed>> BankService::list(std::optional<std::int64_t> user) {
  std::vector<Listed> out;
  for (const SurveyDefinition* s : surveys_.all_current()) {
    bool answered = false;
    if (user) {
      auto has = store_.has_dedupe_key(key_.dedupe_key(*user, s->id, s->version));
      if (!has) return std::unexpected(has.error());
      answered = *has;
    }
    out.push_back({s, answered});
  }
  return out;
}

core::Status BankService::respond(std::int64_t user, const SurveyDefinition& survey, bool anonymous,
                                  const json& checked_answers) {
  const std::string dedupe = key_.dedupe_key(user, survey.id, survey.version);
  store::SurveyResponseRecord r;
  r.survey_id = survey.id;
  r.version = survey.version;
  r.user_id = anonymous ? 0 : user;
  r.month = format_month(month_of_unix_ms(clock_.unix_ms()));
  r.answers_json = checked_answers.dump();
  r.dedupe_key = anonymous ? "" : dedupe;
  store::ConsentRecord consent;
  consent.user_id = user;
  consent.kind = "survey_response";
  consent.survey_id = survey.id;
  consent.version = survey.version;
  consent.anonymous = anonymous;
  consent.created_ms = clock_.unix_ms();
  // A second try only for the (2^-53) chance of a response id that is taken.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto already = store_.has_dedupe_key(dedupe);
    if (!already) return std::unexpected(already.error());
    if (*already) {
      return fail(Code::kAlreadyExists, "survey_already_answered",
                  "one response per person and survey version");
    }
    r.id = random_response_id();
    auto added = store_.add_response(r, dedupe, consent);
    if (added || added.error().name() != "store_conflict") return added;
  }
  return fail(Code::kInternal, "internal", "could not store the response");
}

core::Result<const SurveyDefinition*> BankService::survey(std::string_view id,
                                                          std::optional<int> version) {
  const SurveyDefinition* s = version ? surveys_.find(id, *version) : surveys_.current(id);
  if (s == nullptr) return fail(Code::kNotFound, "not_found", "no such survey or version");
  return s;
}

core::Result<json> BankService::aggregate(std::string_view survey_id, std::optional<int> version) {
  auto s = survey(survey_id, version);
  if (!s) return std::unexpected(s.error());
  auto responses = store_.responses_to((*s)->id, (*s)->version);
  if (!responses) return std::unexpected(responses.error());
  std::vector<json> answers;
  for (const auto& r : *responses) answers.push_back(parsed_or_empty(r.answers_json));
  return bank::aggregate(**s, answers, k_);
}

core::Result<json> BankService::own_data(std::int64_t user) {
  auto entries = diary(user, "", "");
  if (!entries) return std::unexpected(entries.error());
  auto responses = store_.responses_of(user);
  if (!responses) return std::unexpected(responses.error());
  auto consents = store_.consents_of(user);
  if (!consents) return std::unexpected(consents.error());
  json diary_json = json::array();
  for (const auto& e : *entries) diary_json.push_back(diary_entry_json(e.entry, e.id));
  json response_json = json::array();
  for (const auto& r : *responses) {
    response_json.push_back({{"survey", r.survey_id},
                             {"version", r.version},
                             {"month", r.month},
                             {"answers", parsed_or_empty(r.answers_json)}});
  }
  json consent_json = json::array();
  for (const auto& c : *consents) {
    consent_json.push_back({{"kind", c.kind},
                            {"survey", c.survey_id},
                            {"version", c.version},
                            {"anonymous", c.anonymous},
                            {"created_ms", c.created_ms}});
  }
  if (auto s = audit(user, "bank.data.export", user, json::object()); !s) {
    return std::unexpected(s.error());
  }
  return json{{"diary", std::move(diary_json)},
              {"survey_responses", std::move(response_json)},
              {"consents", std::move(consent_json)}};
}

core::Result<store::BankErasure> BankService::erase(std::int64_t user, std::string_view reason) {
  auto erased = store_.erase_person(user);
  if (!erased) return std::unexpected(erased.error());
  // The data is gone whatever happens to the log entry.
  (void)audit(user, "bank.data.delete", user,
              {{"reason", reason},
               {"diary_entries", erased->diary_entries},
               {"responses", erased->responses},
               {"consents", erased->consents}});
  return erased;
}

core::Result<ResearchExport> BankService::research_export(std::int64_t researcher,
                                                          std::string_view survey_id,
                                                          std::optional<int> version) {
  auto s = survey(survey_id, version);
  if (!s) return std::unexpected(s.error());
  auto responses = store_.responses_to((*s)->id, (*s)->version);
  if (!responses) return std::unexpected(responses.error());
  std::vector<ExportRow> rows;
  for (const auto& r : *responses) {
    rows.push_back(
        {r.user_id != 0 ? key_.pseudonym(r.survey_id, r.user_id) : key_.anonymous_pseudonym(r.id),
         r.user_id == 0, r.month, parsed_or_empty(r.answers_json)});
  }
  ResearchExport out = bank::research_export(**s, rows, k_);
  json levels = json::object();
  for (const auto& [column, level] : out.levels) levels[column] = level;
  // No audit entry, no data: an export nobody can account for must not happen.
  if (auto a = audit(researcher, "research.export", 0,
                     {{"survey", (*s)->id},
                      {"version", (*s)->version},
                      {"rows", out.rows},
                      {"suppressed_rows", out.suppressed_rows},
                      {"k", k_},
                      {"levels", levels}});
      !a) {
    return std::unexpected(a.error());
  }
  return out;
}

core::Result<std::string> BankService::dictionary(std::string_view survey_id,
                                                  std::optional<int> version) {
  auto s = survey(survey_id, version);
  if (!s) return std::unexpected(s.error());
  return data_dictionary(**s, k_);
}

}  // namespace tsunagu::bank
