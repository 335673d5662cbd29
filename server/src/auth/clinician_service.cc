#include "auth/clinician_service.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "core/log.h"
#include "core/utf8.h"

namespace tsunagu::auth {
namespace {

using core::Code;

constexpr std::size_t kMaxFieldChars = 100;

auto denied() { return core::fail(Code::kPermissionDenied, "permission_denied", "not allowed"); }

// NFKC, white space removed: "山田 太郎" and "山田　太郎" compare equal.
std::string fold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string utf8;
  out.toUTF8String(utf8);
  std::string compact;
  for (char c : utf8) {
    if (c != ' ' && c != '\t') compact += c;
  }
  return compact;
}

core::Result<std::string> clean_field(std::string_view raw, const char* field, bool required) {
  if (!core::is_valid_utf8(raw)) {
    return core::fail(Code::kInvalidArgument, "clinician_field_missing",
                      std::string(field) + " is not UTF-8");
  }
  // White space only (of any width) counts as missing.
  std::string text = fold(raw).empty() ? std::string() : std::string(raw);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.erase(0, 1);
  if (required && text.empty()) {
    return core::fail(Code::kInvalidArgument, "clinician_field_missing",
                      std::string(field) + " is required");
  }
  if (core::utf8_length(text) > kMaxFieldChars) {
    return core::fail(Code::kInvalidArgument, "clinician_field_too_long",
                      std::string(field) + " is too long");
  }
  for (unsigned char c : text) {
    if (c < 0x20) {
      return core::fail(Code::kInvalidArgument, "clinician_field_missing",
                        std::string(field) + " has control characters");
    }
  }
  return text;
}

// Splits one CSV record starting at `pos`; advances `pos` past it.
std::vector<std::string> csv_record(std::string_view csv, std::size_t& pos) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < csv.size()) {
    char c = csv[pos++];
    if (quoted) {
      if (c == '"' && pos < csv.size() && csv[pos] == '"') {
        fields.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

core::Result<std::string> normalize_registration_number(std::string_view raw) {
  std::string folded = fold(raw);
  std::string out;
  for (char c : folded) {
    if (c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
  }
  std::size_t letters = 0;
  while (letters < out.size() && out[letters] >= 'A' && out[letters] <= 'Z') ++letters;
  const std::size_t digits = out.size() - letters;
  bool ok = letters <= 3 && digits >= 3 && digits <= 10;
  for (std::size_t i = letters; ok && i < out.size(); ++i) ok = out[i] >= '0' && out[i] <= '9';
  if (!ok) {
    return core::fail(Code::kInvalidArgument, "clinician_number_invalid",
                      "registration number must look like S123456");
  }
  return out;
}

RosterImport parse_roster(std::string_view csv, std::vector<store::RosterEntry>& out) {
  RosterImport result;
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);  // Excel's UTF-8 BOM
  std::size_t pos = 0;
  int line = 0;
  while (pos < csv.size()) {
    auto fields = csv_record(csv, pos);
    ++line;
    if (line == 1 && !fields.empty() && fold(fields[0]).find("registration") != std::string::npos) {
      continue;  // header
    }
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (fields.size() < 3) {
      result.errors.push_back("line " + std::to_string(line) + ": needs 3 columns");
      continue;
    }
    auto number = normalize_registration_number(fields[0]);
    if (!number || !core::is_valid_utf8(fields[1]) || !core::is_valid_utf8(fields[2]) ||
        fold(fields[1]).empty()) {
      result.errors.push_back("line " + std::to_string(line) + ": bad number or name");
      continue;
    }
    out.push_back({*number, fields[1], fields[2]});
    ++result.rows;
  }
  return result;
}

core::Result<store::ClinicianApplication> ClinicianService::apply(const Identity& who,
                                                                  const ClinicianForm& form) {
  if (who.role == Role::kClinician) {
    return core::fail(Code::kFailedPrecondition, "already_verified", "already verified");
  }
  if (!allowed(who.role, Action::kApplyAsClinician)) return denied();
  auto pending = store_.latest_application_of(who.user.id);
  if (!pending) return std::unexpected(pending.error());
  if (pending->has_value() && (*pending)->status == "pending") {
    return core::fail(Code::kFailedPrecondition, "application_pending", "already applied");
  }
  auto real_name = clean_field(form.real_name, "real name", true);
  if (!real_name) return std::unexpected(real_name.error());
  auto number = normalize_registration_number(form.registration_number);
  if (!number) return std::unexpected(number.error());
  auto specialty = clean_field(form.specialty, "specialty", true);
  if (!specialty) return std::unexpected(specialty.error());
  auto affiliation = clean_field(form.affiliation, "affiliation", false);
  if (!affiliation) return std::unexpected(affiliation.error());

  store::ClinicianApplication a;
  a.user_id = who.user.id;
  a.real_name = std::move(*real_name);
  a.registration_number = std::move(*number);
  a.specialty = std::move(*specialty);
  a.affiliation = std::move(*affiliation);
  a.created_ms = clock_.unix_ms();
  auto id = store_.create_application(a);
  if (!id) return std::unexpected(id.error());
  a.id = *id;
  audit_.append(who.user.id, "clinician.apply", who.user.id,
                {{"application", a.id}, {"registration_number", a.registration_number}});
  // A roster row with the same number and name approves at once.
  auto roster = store_.find_roster(a.registration_number);
  if (!roster) return std::unexpected(roster.error());
  if (roster->has_value() && fold((*roster)->name) == fold(a.real_name)) {
    if (auto s = approve(a, 0, "roster"); !s) return std::unexpected(s.error());
  }
  return a;
}

core::Result<std::optional<store::ClinicianApplication>> ClinicianService::my_application(
    const Identity& who) {
  return store_.latest_application_of(who.user.id);
}

core::Result<std::vector<store::ClinicianApplication>> ClinicianService::list(
    const Identity& admin, std::string_view status) {
  if (!allowed(admin.role, Action::kReviewClinicians)) return denied();
  return store_.list_applications(std::string(status), 200);
}

core::Status ClinicianService::approve(store::ClinicianApplication& a, std::int64_t admin_id,
                                       std::string_view note) {
  a.status = "approved";
  a.decided_by = admin_id;
  a.decided_ms = clock_.unix_ms();
  a.decision_note.assign(note);
  if (auto s = store_.decide_application(a); !s) return s;
  auto user = store_.find_user(a.user_id);
  if (!user) return std::unexpected(user.error());
  // Staff keep their role; everyone else becomes a clinician.
  if (user->has_value() && (*user)->role != "moderator" && (*user)->role != "admin") {
    if (auto s = accounts_.set_role(admin_id, a.user_id, Role::kClinician); !s) return s;
  }
  audit_.append(admin_id, "clinician.approve", a.user_id,
                {{"application", a.id}, {"by", admin_id == 0 ? "roster" : "admin"}});
  return {};
}

core::Result<store::ClinicianApplication> ClinicianService::decide(const Identity& admin,
                                                                   std::int64_t id, bool approve_it,
                                                                   std::string_view note) {
  if (!allowed(admin.role, Action::kReviewClinicians)) return denied();
  auto found = store_.find_application(id);
  if (!found) return std::unexpected(found.error());
  if (!found->has_value()) return core::fail(Code::kNotFound, "not_found", "no such application");
  store::ClinicianApplication a = std::move(**found);
  if (a.status != "pending") {
    return core::fail(Code::kFailedPrecondition, "application_decided", "already decided");
  }
  auto clean_note = clean_field(note, "note", false);
  if (!clean_note) return std::unexpected(clean_note.error());
  if (approve_it) {
    if (auto s = approve(a, admin.user.id, *clean_note); !s) return std::unexpected(s.error());
    return a;
  }
  a.status = "rejected";
  a.decided_by = admin.user.id;
  a.decided_ms = clock_.unix_ms();
  a.decision_note = std::move(*clean_note);
  if (auto s = store_.decide_application(a); !s) return std::unexpected(s.error());
  audit_.append(admin.user.id, "clinician.reject", a.user_id, {{"application", a.id}});
  return a;
}

core::Result<RosterImport> ClinicianService::import_roster(const Identity& admin,
                                                           std::string_view csv) {
  if (!allowed(admin.role, Action::kImportRoster)) return denied();
  std::vector<store::RosterEntry> entries;
  RosterImport result = parse_roster(csv, entries);
  if (auto s = store_.upsert_roster(entries); !s) return std::unexpected(s.error());
  auto pending = store_.list_applications("pending", 10000);
  if (!pending) return std::unexpected(pending.error());
  for (auto& a : *pending) {
    for (const auto& e : entries) {
      if (e.registration_number == a.registration_number && fold(e.name) == fold(a.real_name)) {
        if (auto s = approve(a, admin.user.id, "roster"); !s) return std::unexpected(s.error());
        ++result.approved;
        break;
      }
    }
  }
  audit_.append(admin.user.id, "roster.import", 0,
                {{"rows", result.rows}, {"approved", result.approved},
                 {"skipped", result.errors.size()}});
  return result;
}

core::Result<std::optional<Badge>> ClinicianService::badge_of(std::int64_t user_id) {
  auto user = store_.find_user(user_id);
  if (!user) return std::unexpected(user.error());
  if (!user->has_value() || (*user)->role != "clinician") return std::optional<Badge>();
  auto a = store_.latest_application_of(user_id);
  if (!a) return std::unexpected(a.error());
  if (!a->has_value() || (*a)->status != "approved") return std::optional<Badge>();
  return std::optional<Badge>(Badge{(*a)->specialty, (*a)->real_name});
}

}  // namespace tsunagu::auth
