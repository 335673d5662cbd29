#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace tsunagu::auth {

// Every role of docs/security.md. A person has exactly one.
enum class Role {
  kGuest,
  kMember,
  kClinician,  // verified by an admin or the roster
  kTrainee,
  kFacilitator,
  kResearcher,
  kModerator,
  kAdmin,
};

// Every protected action. The server checks each one with allowed() before doing it; the
// client only hides buttons. Adding an action means adding its row to kPermissionTable in
// permissions.cc and to the table test.
enum class Action {
  kEnterPublicSpace,
  kChat,
  kEmote,
  kMuteOrBlock,
  kReport,
  kCreateAccount,   // turn a guest into a member (same identity)
  kChangePassword,  // accounts only
  kApplyAsClinician,
  kViewReports,
  kResolveReport,
  kWarn,
  kKick,
  kBan,
  kUnban,
  kViewUserAudit,      // the audit trail of one user
  kReviewClinicians,   // approve/reject applications
  kImportRoster,
  kSetRole,
  kListUsers,
  kViewAuditLog,       // the whole log and its verification
  kEnterDoctorsLounge,
  kAnswerCaseQuestion,  // answer on the lounge's case board (verified clinicians)
  kAcceptConsultation,
  kObserveConsultation,
  kModerateSpeakers,   // mute others, bring to stage (facilitators)
  kPresent,
  kRemoveAnySlides,  // delete a deck another presenter uploaded
  kExportResearchData,
  kViewConsultationStats,  // counts, waits and outcomes of consultations, no content
};

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
std::span<const Role> all_roles();
std::string_view action_name(Action action);
std::span<const Action> all_actions();

// The one permission table. Pure and thread-safe.
bool allowed(Role role, Action action);

}  // namespace tsunagu::auth
