#include "auth/permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace tsunagu::auth {
namespace {

// The expected matrix, written as "who may" per action in words, independently of the
// table in permissions.cc. The test walks every role × every action against it.
const std::map<std::string, std::set<std::string>>& expected() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"enter_public_space", {"guest", "member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"}},
      {"chat", {"guest", "member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"}},
      {"emote", {"guest", "member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"}},
      {"mute_or_block", {"guest", "member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"}},
      {"report", {"guest", "member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"}},
      {"create_account", {"guest"}},
      {"change_password", {"member", "clinician", "trainee", "facilitator", "researcher", "moderator", "admin"}},
      {"apply_as_clinician", {"member", "trainee"}},
      {"view_reports", {"moderator", "admin"}},
      {"resolve_report", {"moderator", "admin"}},
      {"warn", {"moderator", "admin"}},
      {"kick", {"moderator", "admin"}},
      {"ban", {"moderator", "admin"}},
      {"unban", {"moderator", "admin"}},
      {"view_user_audit", {"moderator", "admin"}},
      {"review_clinicians", {"admin"}},
      {"import_roster", {"admin"}},
      {"set_role", {"admin"}},
      {"list_users", {"moderator", "admin"}},
      {"view_audit_log", {"admin"}},
      {"enter_doctors_lounge", {"clinician", "trainee"}},
      {"answer_case_question", {"clinician"}},
      {"accept_consultation", {"clinician"}},
      {"observe_consultation", {"trainee"}},
      {"moderate_speakers", {"facilitator", "moderator", "admin"}},
      {"present", {"clinician", "facilitator", "admin"}},
      {"remove_any_slides", {"moderator", "admin"}},
      {"export_research_data", {"researcher"}},
      {"view_consultation_stats", {"admin"}},
  };
  return table;
}

TEST(PermissionsTest, EveryRoleTimesEveryAction) {
  EXPECT_EQ(all_roles().size(), 8u);
  ASSERT_EQ(all_actions().size(), expected().size()) << "an action is missing from a table";
  int checked = 0;
  for (Action action : all_actions()) {
    const std::string name(action_name(action));
    auto row = expected().find(name);
    ASSERT_NE(row, expected().end()) << "no expectation for " << name;
    for (Role role : all_roles()) {
      const bool want = row->second.contains(std::string(role_name(role)));
      EXPECT_EQ(allowed(role, action), want)
          << role_name(role) << (want ? " must be allowed to " : " must be refused ") << name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8 * static_cast<int>(expected().size()));
}

TEST(PermissionsTest, RoleNamesRoundTrip) {
  for (Role role : all_roles()) EXPECT_EQ(parse_role(role_name(role)), role);
  EXPECT_FALSE(parse_role("superuser"));
  EXPECT_FALSE(parse_role("Admin"));
  EXPECT_FALSE(parse_role(""));
}

}  // namespace
}  // namespace tsunagu::auth
