#include "proto/world_codec.h"

#include <cstring>

#include "core/utf8.h"

namespace tsunagu::proto {
namespace {

using core::Code;

auto bad_frame(const char* why) { return core::fail(Code::kInvalidArgument, "bad_frame", why); }

// Bounds-checked little-endian reader over untrusted bytes.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  bool has(std::size_t n) const { return bytes_.size() - pos_ >= n; }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::uint8_t u8() { return bytes_[pos_++]; }
  std::uint16_t u16() {
    std::uint16_t v = static_cast<std::uint16_t>(bytes_[pos_] | (bytes_[pos_ + 1] << 8));
    pos_ += 2;
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | bytes_[pos_ + i];
    pos_ += 4;
    return v;
  }
  std::string_view text(std::size_t n) {
    std::string_view v(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return v;
  }
  Transform transform() {
    Transform t;
    t.x = static_cast<std::int16_t>(u16());
    t.y = static_cast<std::int16_t>(u16());
    t.z = static_cast<std::int16_t>(u16());
    t.yaw = u16();
    t.anim = u8();
    return t;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

void put_u16(std::uint8_t* out, std::uint16_t v) {
  out[0] = static_cast<std::uint8_t>(v);
  out[1] = static_cast<std::uint8_t>(v >> 8);
}

void put_u32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put_transform(std::uint8_t* out, const Transform& t) {
  put_u16(out, static_cast<std::uint16_t>(t.x));
  put_u16(out + 2, static_cast<std::uint16_t>(t.y));
  put_u16(out + 4, static_cast<std::uint16_t>(t.z));
  put_u16(out + 6, t.yaw);
  out[8] = t.anim;
}

core::Result<WorldRecord> read_record(Reader& in) {
  if (!in.has(5)) return bad_frame("record header runs past the end");
  WorldRecord r;
  r.kind = in.u8();
  r.id = in.u32();
  switch (r.kind) {
    case kRecordLeave:
      return r;
    case kRecordMove:
      if (!in.has(kTransformSize)) return bad_frame("move record runs past the end");
      r.transform = in.transform();
      return r;
    case kRecordJoin: {
      if (!in.has(3)) return bad_frame("join record runs past the end");
      r.avatar = in.u8();
      r.flags = in.u8();
      std::size_t name_len = in.u8();
      if (!in.has(name_len + kTransformSize)) return bad_frame("join record runs past the end");
      std::string_view name = in.text(name_len);
      if (!core::is_valid_utf8(name)) return bad_frame("join name is not UTF-8");
      r.name.assign(name);
      r.transform = in.transform();
      return r;
    }
    default:
      return bad_frame("unknown record kind");
  }
}

}  // namespace

core::Result<std::uint8_t> check_frame_header(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return bad_frame("frame shorter than its header");
  if (bytes[0] != kProtocolVersion) {
    return core::fail(Code::kInvalidArgument, "unsupported_version",
                      "unsupported protocol version");
  }
  if (bytes[1] != kFrameMove && bytes[1] != kFrameWorld) {
    return core::fail(Code::kInvalidArgument, "unknown_frame", "unknown frame type");
  }
  return bytes[1];
}

core::Result<MoveFrame> decode_move(std::span<const std::uint8_t> bytes) {
  auto type = check_frame_header(bytes);
  if (!type) return std::unexpected(type.error());
  if (*type != kFrameMove) return core::fail(Code::kInvalidArgument, "unknown_frame", "not MOVE");
  if (bytes.size() != kMoveFrameSize) return bad_frame("MOVE must be 11 bytes");
  Reader in(bytes.subspan(2));
  MoveFrame f{in.transform()};
  if (f.transform.anim > kMaxAnim) return bad_frame("unknown animation");
  return f;
}

core::Result<WorldFrame> decode_world(std::span<const std::uint8_t> bytes) {
  auto type = check_frame_header(bytes);
  if (!type) return std::unexpected(type.error());
  if (*type != kFrameWorld) return core::fail(Code::kInvalidArgument, "unknown_frame", "not WORLD");
  if (bytes.size() < kWorldHeaderSize) return bad_frame("WORLD header runs past the end");
  Reader in(bytes.subspan(2));
  WorldFrame f;
  f.snapshot = (in.u8() & 1) != 0;
  f.tick = in.u32();
  std::uint16_t count = in.u16();
  f.records.reserve(count);
  for (std::uint16_t i = 0; i < count; ++i) {
    auto r = read_record(in);
    if (!r) return std::unexpected(r.error());
    f.records.push_back(std::move(*r));
  }
  if (!in.at_end()) return bad_frame("trailing bytes after the last record");
  return f;
}

core::Result<Frame> decode_frame(std::span<const std::uint8_t> bytes) {
  auto type = check_frame_header(bytes);
  if (!type) return std::unexpected(type.error());
  if (*type == kFrameMove) {
    auto m = decode_move(bytes);
    if (!m) return std::unexpected(m.error());
    return Frame{*m};
  }
  auto w = decode_world(bytes);
  if (!w) return std::unexpected(w.error());
  return Frame{std::move(*w)};
}

std::array<std::uint8_t, kMoveFrameSize> encode_move(const Transform& transform) {
  std::array<std::uint8_t, kMoveFrameSize> out{};
  out[0] = kProtocolVersion;
  out[1] = kFrameMove;
  put_transform(out.data() + 2, transform);
  return out;
}

void WorldFrameWriter::begin(std::vector<std::uint8_t>& out, bool snapshot, std::uint32_t tick) {
  buffer_ = &out;
  out.resize(kWorldHeaderSize);
  out[0] = kProtocolVersion;
  out[1] = kFrameWorld;
  out[2] = snapshot ? 1 : 0;
  put_u32(out.data() + 3, tick);
  put_u16(out.data() + 7, 0);
  count_ = 0;
}

void WorldFrameWriter::add_join(std::uint32_t id, std::uint8_t avatar, std::uint8_t flags,
                                std::string_view name, const Transform& transform) {
  if (name.size() > kMaxNameBytes) name = name.substr(0, kMaxNameBytes);
  auto& b = *buffer_;
  std::size_t at = b.size();
  b.resize(at + 8 + name.size() + kTransformSize);
  std::uint8_t* p = b.data() + at;
  p[0] = kRecordJoin;
  put_u32(p + 1, id);
  p[5] = avatar;
  p[6] = flags;
  p[7] = static_cast<std::uint8_t>(name.size());
  std::memcpy(p + 8, name.data(), name.size());
  put_transform(p + 8 + name.size(), transform);
  ++count_;
}

void WorldFrameWriter::add_leave(std::uint32_t id) {
  auto& b = *buffer_;
  std::size_t at = b.size();
  b.resize(at + 5);
  b[at] = kRecordLeave;
  put_u32(b.data() + at + 1, id);
  ++count_;
}

void WorldFrameWriter::add_move(std::uint32_t id, const Transform& transform) {
  std::array<std::uint8_t, kMoveRecordSize> record;
  encode_move_record(id, transform, record);
  add_encoded(record, 1);
}

void WorldFrameWriter::add_encoded(std::span<const std::uint8_t> records,
                                   std::uint16_t record_count) {
  auto& b = *buffer_;
  b.insert(b.end(), records.begin(), records.end());
  count_ = static_cast<std::uint16_t>(count_ + record_count);
}

std::span<const std::uint8_t> WorldFrameWriter::finish() {
  put_u16(buffer_->data() + 7, count_);
  return *buffer_;
}

void encode_move_record(std::uint32_t id, const Transform& transform,
                        std::array<std::uint8_t, kMoveRecordSize>& out) {
  out[0] = kRecordMove;
  put_u32(out.data() + 1, id);
  put_transform(out.data() + 5, transform);
}

std::vector<std::uint8_t> encode_frame(const Frame& frame) {
  if (const auto* move = std::get_if<MoveFrame>(&frame)) {
    auto bytes = encode_move(move->transform);
    return {bytes.begin(), bytes.end()};
  }
  const auto& world = std::get<WorldFrame>(frame);
  WorldFrameWriter writer;
  writer.begin(world.snapshot, world.tick);
  for (const auto& r : world.records) {
    if (r.kind == kRecordJoin) writer.add_join(r.id, r.avatar, r.flags, r.name, r.transform);
    if (r.kind == kRecordLeave) writer.add_leave(r.id);
    if (r.kind == kRecordMove) writer.add_move(r.id, r.transform);
  }
  auto bytes = writer.finish();
  return {bytes.begin(), bytes.end()};
}

}  // namespace tsunagu::proto
