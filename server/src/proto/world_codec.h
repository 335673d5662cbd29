#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

// Binary world frames of docs/protocol.md, version 1. Little-endian throughout.
namespace tsunagu::proto {

inline constexpr std::uint8_t kProtocolVersion = 1;
inline constexpr std::uint8_t kFrameMove = 0x01;
inline constexpr std::uint8_t kFrameWorld = 0x81;
inline constexpr std::uint8_t kRecordJoin = 0x01;
inline constexpr std::uint8_t kRecordLeave = 0x02;
inline constexpr std::uint8_t kRecordMove = 0x03;
inline constexpr std::size_t kTransformSize = 9;
inline constexpr std::size_t kMoveFrameSize = 2 + kTransformSize;
inline constexpr std::size_t kWorldHeaderSize = 9;
inline constexpr std::size_t kMaxNameBytes = 255;

enum class Anim : std::uint8_t { kIdle = 0, kWalk = 1, kRun = 2 };
inline constexpr std::uint8_t kMaxAnim = 2;

// An avatar's pose as it travels: centimetres and a 16-bit yaw (see docs/protocol.md).
struct Transform {
  std::int16_t x = 0;
  std::int16_t y = 0;
  std::int16_t z = 0;
  std::uint16_t yaw = 0;
  std::uint8_t anim = 0;
  bool operator==(const Transform&) const = default;
};

struct MoveFrame {
  Transform transform;
  bool operator==(const MoveFrame&) const = default;
};

struct WorldRecord {
  std::uint8_t kind = kRecordMove;
  std::uint32_t id = 0;
  std::uint8_t avatar = 0;  // JOIN only
  std::uint8_t flags = 0;   // JOIN only
  std::string name;         // JOIN only
  Transform transform;      // JOIN and MOVE
  bool operator==(const WorldRecord&) const = default;
};

struct WorldFrame {
  bool snapshot = false;
  std::uint32_t tick = 0;
  std::vector<WorldRecord> records;
  bool operator==(const WorldFrame&) const = default;
};

using Frame = std::variant<MoveFrame, WorldFrame>;

// Checks the two-byte header. Errors: bad_frame (too short), unsupported_version,
// unknown_frame. Returns the frame type.
core::Result<std::uint8_t> check_frame_header(std::span<const std::uint8_t> bytes);

// Decoders validate every length; errors are named as in docs/protocol.md.
core::Result<MoveFrame> decode_move(std::span<const std::uint8_t> bytes);
core::Result<WorldFrame> decode_world(std::span<const std::uint8_t> bytes);
core::Result<Frame> decode_frame(std::span<const std::uint8_t> bytes);

// Fixed-size, allocation-free encoder for the client's MOVE frame.
std::array<std::uint8_t, kMoveFrameSize> encode_move(const Transform& transform);

// Builds one WORLD frame into a buffer it owns and reuses, so that encoding a tick
// allocates nothing once the buffer has grown. Not thread-safe; one writer per space.
class WorldFrameWriter {
 public:
  // Starts a frame in the writer's own buffer.
  void begin(bool snapshot, std::uint32_t tick) { begin(own_, snapshot, tick); }
  // Starts a frame in `out` (e.g. a pooled frame), which must outlive the writing.
  void begin(std::vector<std::uint8_t>& out, bool snapshot, std::uint32_t tick);
  // `name` longer than kMaxNameBytes is cut (names are validated long before this).
  void add_join(std::uint32_t id, std::uint8_t avatar, std::uint8_t flags, std::string_view name,
                const Transform& transform);
  void add_leave(std::uint32_t id);
  void add_move(std::uint32_t id, const Transform& transform);
  // Appends `records` already encoded (e.g. a MOVE record encoded once for every listener).
  void add_encoded(std::span<const std::uint8_t> records, std::uint16_t record_count);
  std::uint16_t count() const { return count_; }
  std::size_t size() const { return buffer_->size(); }
  // Patches the record count; the bytes stay valid until the next begin().
  std::span<const std::uint8_t> finish();

 private:
  std::vector<std::uint8_t> own_;
  std::vector<std::uint8_t>* buffer_ = &own_;
  std::uint16_t count_ = 0;
};

// The 14 bytes of a MOVE record, for encoding once and copying into many frames.
inline constexpr std::size_t kMoveRecordSize = 5 + kTransformSize;
void encode_move_record(std::uint32_t id, const Transform& transform,
                        std::array<std::uint8_t, kMoveRecordSize>& out);

// Encodes a decoded frame (tests and tools; allocates).
std::vector<std::uint8_t> encode_frame(const Frame& frame);

}  // namespace tsunagu::proto
