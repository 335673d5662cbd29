#include "media/voice_plan.h"

#include <algorithm>
#include <cmath>

namespace tsunagu::media {
namespace {

bool hides(const VoiceParticipant& a, const VoiceParticipant& b) {
  return std::binary_search(a.hidden.begin(), a.hidden.end(), b.id) ||
         std::binary_search(b.hidden.begin(), b.hidden.end(), a.id);
}

}  // namespace

std::vector<std::vector<VoiceFeed>> plan_voices(std::span<const VoiceParticipant> people,
                                                const VoiceSettings& settings) {
  std::vector<std::vector<VoiceFeed>> plan(people.size());
  // Speakers grouped once; listeners then look only at speakers (usually far fewer).
  std::vector<std::size_t> speakers;
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (people[i].speaking && !people[i].muted_by_moderator) speakers.push_back(i);
  }
  const float radius_sq = settings.hearing_radius * settings.hearing_radius;
  std::vector<VoiceFeed> near;
  for (std::size_t li = 0; li < people.size(); ++li) {
    const VoiceParticipant& listener = people[li];
    std::vector<VoiceFeed>& feeds = plan[li];
    near.clear();
    for (std::size_t si : speakers) {
      const VoiceParticipant& speaker = people[si];
      if (si == li || speaker.zone != listener.zone || hides(listener, speaker)) continue;
      const float dx = speaker.x - listener.x, dz = speaker.z - listener.z;
      const float d_sq = dx * dx + dz * dz;
      const float distance = std::sqrt(d_sq);
      // The stage carries over the whole open area; a closed zone has no stage.
      if (speaker.on_stage && listener.zone == 0) {
        feeds.push_back({speaker.id, distance, true});
        continue;
      }
      if (settings.meeting_mode || d_sq <= radius_sq) near.push_back({speaker.id, distance, false});
    }
    const std::size_t keep = std::min<std::size_t>(near.size(), std::max(0, settings.max_voices));
    std::partial_sort(near.begin(), near.begin() + keep, near.end(),
                      [](const VoiceFeed& a, const VoiceFeed& b) {
                        return a.distance < b.distance || (a.distance == b.distance && a.speaker < b.speaker);
                      });
    feeds.insert(feeds.end(), near.begin(), near.begin() + keep);
  }
  return plan;
}

std::vector<bool> plan_screen(std::span<const VoiceParticipant> people, std::uint32_t presenter) {
  std::vector<bool> out(people.size(), false);
  if (presenter == 0) return out;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const VoiceParticipant& viewer = people[i];
    // `hidden` holds blocks in both directions, so the viewer's own list is enough even
    // when the presenter is not among `people`.
    out[i] = viewer.id != presenter &&
             !std::binary_search(viewer.hidden.begin(), viewer.hidden.end(), presenter);
  }
  return out;
}

}  // namespace tsunagu::media
