#pragma once

#include "auth/permissions.h"
#include "world/world_config.h"

namespace tsunagu::realtime {

// The permission a space's `access` asks of whoever joins it (content/world.json,
// docs/security.md): the doctors' lounge needs enter_doctors_lounge (verified clinicians and
// trainees), every other space enter_public_space. Pure and thread-safe.
inline auth::Action entry_action(const world::SpaceConfig& space) {
  return space.access == world::Access::kClinicians ? auth::Action::kEnterDoctorsLounge
                                                    : auth::Action::kEnterPublicSpace;
}

inline bool may_enter(auth::Role role, const world::SpaceConfig& space) {
  return auth::allowed(role, auth::Action::kEnterPublicSpace) &&
         auth::allowed(role, entry_action(space));
}

}  // namespace tsunagu::realtime
