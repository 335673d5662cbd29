#include "realtime/space_access.h"

#include <gtest/gtest.h>

#include <set>

namespace tsunagu::realtime {
namespace {

// Every role against a public space and the doctors' lounge: only verified clinicians and
// trainees may enter the lounge (issue 6), everyone may enter the rest.
TEST(SpaceAccessTest, OnlyCliniciansAndTraineesEnterTheLounge) {
  world::SpaceConfig plaza;
  world::SpaceConfig lounge;
  lounge.access = world::Access::kClinicians;
  const std::set<auth::Role> lounge_roles = {auth::Role::kClinician, auth::Role::kTrainee};
  for (auth::Role role : auth::all_roles()) {
    EXPECT_TRUE(may_enter(role, plaza)) << auth::role_name(role);
    EXPECT_EQ(may_enter(role, lounge), lounge_roles.contains(role)) << auth::role_name(role);
  }
  EXPECT_EQ(entry_action(lounge), auth::Action::kEnterDoctorsLounge);
  EXPECT_EQ(entry_action(plaza), auth::Action::kEnterPublicSpace);
}

}  // namespace
}  // namespace tsunagu::realtime
