#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace tsunagu::media {

// Who hears whom: the server decides, from the world it already knows, which voices each
// listener receives (docs/voice.md). Pure and thread-safe; table-tested in voice_plan_test.cc.

struct VoiceSettings {
  float hearing_radius = 15.0f;  // metres; beyond it a voice is not sent at all
  int max_voices = 8;            // nearest speakers per listener, stage speakers not counted
  bool meeting_mode = false;     // distance ignored: everyone in the open area is in range
};

// One person in a space as the planner sees them.
struct VoiceParticipant {
  std::uint32_t id = 0;
  float x = 0, z = 0;               // metres
  int zone = 0;                     // 0 = the open area; other values are closed zones
  bool on_stage = false;            // heard by the whole open area
  bool speaking = false;            // publishing a microphone
  bool muted_by_moderator = false;  // not forwarded to anyone
  std::vector<std::uint32_t> hidden;  // blocked both ways with these ids (sorted)
};

struct VoiceFeed {
  std::uint32_t speaker = 0;
  float distance = 0;  // metres (the client pans and attenuates by position itself)
  bool stage = false;
};

// For each participant (same order as `people`), the speakers it should receive: the nearest
// speakers within the hearing radius (at most max_voices, nearest first), plus every stage
// speaker, never itself, never someone it blocked or who blocked it, never a moderator-muted
// speaker, and never across zones: a closed zone's voices stay inside it, and its members hear
// only each other (not the stage).
std::vector<std::vector<VoiceFeed>> plan_voices(std::span<const VoiceParticipant> people,
                                                const VoiceSettings& settings);

// Screen sharing (docs/voice.md, "Screen sharing"): a presenter's screen is a video-only
// publisher of its own in the space's room. Its Janus feed id is the presenter's avatar id
// plus 2^32, so it never collides with a microphone (feed id = avatar id, a 32-bit number,
// aliases of anonymous members included).
inline constexpr std::uint64_t kScreenFeedBase = std::uint64_t{1} << 32;
constexpr std::uint64_t screen_feed(std::uint32_t presenter) { return kScreenFeedBase | presenter; }
constexpr bool is_screen_feed(std::uint64_t feed) { return feed >= kScreenFeedBase; }

// For each participant (same order as `people`), whether it receives `presenter`'s screen
// share: everyone in the space whatever the distance or zone (the screen is seen across the
// hall), but never the presenter (who sees their own capture) and never someone in a block
// relation with them. `presenter` == 0: nobody shares, nobody receives.
std::vector<bool> plan_screen(std::span<const VoiceParticipant> people, std::uint32_t presenter);

}  // namespace tsunagu::media
