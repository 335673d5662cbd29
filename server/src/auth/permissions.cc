#include "auth/permissions.h"

#include <array>
#include <utility>

namespace tsunagu::auth {
namespace {

constexpr std::array kRoles = {Role::kGuest,       Role::kMember,     Role::kClinician,
                               Role::kTrainee,     Role::kFacilitator, Role::kResearcher,
                               Role::kModerator,   Role::kAdmin};
constexpr std::array<std::string_view, kRoles.size()> kRoleNames = {
    "guest", "member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"};

// Roles as bits, so each action's row reads as the set of roles allowed.
constexpr unsigned bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr unsigned kGuest = bit(Role::kGuest);
constexpr unsigned kMember = bit(Role::kMember);
constexpr unsigned kClinician = bit(Role::kClinician);
constexpr unsigned kTrainee = bit(Role::kTrainee);
constexpr unsigned kFacilitator = bit(Role::kFacilitator);
constexpr unsigned kResearcher = bit(Role::kResearcher);
constexpr unsigned kModerator = bit(Role::kModerator);
constexpr unsigned kAdmin = bit(Role::kAdmin);
constexpr unsigned kAccounts =
    kMember | kClinician | kTrainee | kFacilitator | kResearcher | kModerator | kAdmin;
constexpr unsigned kEveryone = kGuest | kAccounts;
constexpr unsigned kStaff = kModerator | kAdmin;

struct Row {
  Action action;
  std::string_view name;
  unsigned roles;
};

// The permission table: who may do what. docs/security.md prints the same table.
constexpr std::array kPermissionTable = {
    Row{Action::kEnterPublicSpace, "enter_public_space", kEveryone},
    Row{Action::kChat, "chat", kEveryone},
    Row{Action::kEmote, "emote", kEveryone},
    Row{Action::kMuteOrBlock, "mute_or_block", kEveryone},
    Row{Action::kReport, "report", kEveryone},
    Row{Action::kCreateAccount, "create_account", kGuest},
    Row{Action::kChangePassword, "change_password", kAccounts},
    Row{Action::kApplyAsClinician, "apply_as_clinician", kMember | kTrainee},
    Row{Action::kViewReports, "view_reports", kStaff},
    Row{Action::kResolveReport, "resolve_report", kStaff},
    Row{Action::kWarn, "warn", kStaff},
    Row{Action::kKick, "kick", kStaff},
    Row{Action::kBan, "ban", kStaff},
    Row{Action::kUnban, "unban", kStaff},
    Row{Action::kViewUserAudit, "view_user_audit", kStaff},
    Row{Action::kReviewClinicians, "review_clinicians", kAdmin},
    Row{Action::kImportRoster, "import_roster", kAdmin},
    Row{Action::kSetRole, "set_role", kAdmin},
    Row{Action::kListUsers, "list_users", kStaff},
    Row{Action::kViewAuditLog, "view_audit_log", kAdmin},
    Row{Action::kEnterDoctorsLounge, "enter_doctors_lounge", kClinician | kTrainee},
    Row{Action::kAnswerCaseQuestion, "answer_case_question", kClinician},
    Row{Action::kAcceptConsultation, "accept_consultation", kClinician},
    Row{Action::kObserveConsultation, "observe_consultation", kTrainee},
    Row{Action::kModerateSpeakers, "moderate_speakers", kFacilitator | kStaff},
    Row{Action::kPresent, "present", kClinician | kFacilitator | kAdmin},
    Row{Action::kRemoveAnySlides, "remove_any_slides", kStaff},
    Row{Action::kExportResearchData, "export_research_data", kResearcher},
    Row{Action::kViewConsultationStats, "view_consultation_stats", kAdmin},
};

constexpr const Row* find_row(Action action) {
  for (const Row& row : kPermissionTable) {
    if (row.action == action) return &row;
  }
  return nullptr;
}

constexpr std::array<Action, kPermissionTable.size()> kActions = [] {
  std::array<Action, kPermissionTable.size()> out{};
  for (std::size_t i = 0; i < kPermissionTable.size(); ++i) out[i] = kPermissionTable[i].action;
  return out;
}();

}  // namespace

std::string_view role_name(Role role) { return kRoleNames[static_cast<std::size_t>(role)]; }

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (kRoleNames[i] == name) return kRoles[i];
  }
  return std::nullopt;
}

std::span<const Role> all_roles() { return kRoles; }

std::string_view action_name(Action action) {
  const Row* row = find_row(action);
  return row ? row->name : "unknown";
}

std::span<const Action> all_actions() { return kActions; }

bool allowed(Role role, Action action) {
  const Row* row = find_row(action);
  return row != nullptr && (row->roles & bit(role)) != 0;
}

}  // namespace tsunagu::auth
