#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "auth/account_service.h"
#include "core/clock.h"
#include "store/store.h"

namespace tsunagu::auth {

struct ClinicianForm {
  std::string_view real_name;
  std::string_view registration_number;
  std::string_view specialty;
  std::string_view affiliation;
};

// What the system draws above a verified clinician's avatar.
struct Badge {
  std::string specialty;
  std::string real_name;
};

struct RosterImport {
  int rows = 0;
  int approved = 0;             // pending applications approved by this import
  std::vector<std::string> errors;  // "line 3: …" for rows that were skipped
};

// Clinician verification: members apply with their registration number; an admin approves or
// rejects, or an imported roster approves matching numbers (and names) at once. Approval
// makes the user a clinician. Every decision and import is audited. Not thread-safe: owned by
// the event loop.
class ClinicianService {
 public:
  ClinicianService(store::Store& store, audit::AuditLog& audit, AccountService& accounts,
                   const core::Clock& clock)
      : store_(store), audit_(audit), accounts_(accounts), clock_(clock) {}

  // Errors: permission_denied, clinician_field_missing, clinician_number_invalid,
  // clinician_field_too_long, application_pending, already_verified.
  core::Result<store::ClinicianApplication> apply(const Identity& who, const ClinicianForm& form);
  core::Result<std::optional<store::ClinicianApplication>> my_application(const Identity& who);

  core::Result<std::vector<store::ClinicianApplication>> list(const Identity& admin,
                                                              std::string_view status);
  core::Result<store::ClinicianApplication> decide(const Identity& admin, std::int64_t id,
                                                   bool approve, std::string_view note);
  // CSV with a header: registration_number,name,specialty (UTF-8, quotes allowed).
  core::Result<RosterImport> import_roster(const Identity& admin, std::string_view csv);

  // The badge of a verified clinician, or nullopt.
  core::Result<std::optional<Badge>> badge_of(std::int64_t user_id);

 private:
  core::Status approve(store::ClinicianApplication& a, std::int64_t admin_id,
                       std::string_view note);

  store::Store& store_;
  audit::AuditLog& audit_;
  AccountService& accounts_;
  const core::Clock& clock_;
};

// "S123456", "ｓ１２３４５６", " s-123456 " → "S123456"; error clinician_number_invalid.
core::Result<std::string> normalize_registration_number(std::string_view raw);

// Parses roster CSV (RFC 4180 quoting). Rows with problems are reported, not fatal.
RosterImport parse_roster(std::string_view csv, std::vector<store::RosterEntry>& out);

}  // namespace tsunagu::auth
