#include "bank/research_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tsunagu::bank {
namespace {

auto key_error(const std::string& message) {
  return core::fail(core::Code::kFailedPrecondition, "research_key", message);
}

core::Result<ResearchKey> parse(const std::string& path, std::string text,
                                ResearchKey (*make)(const std::array<unsigned char, 32>&)) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  std::array<unsigned char, ResearchKey::kBytes> bytes{};
  std::size_t length = 0;
  const char* end = nullptr;
  if (text.size() != 2 * ResearchKey::kBytes ||
      sodium_hex2bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length,
                     &end) != 0 ||
      length != bytes.size()) {
    return key_error("research key file " + path + " must hold 64 hex digits");
  }
  return make(bytes);
}

core::Result<std::string> read_all(int fd, const std::string& path) {
  std::string text;
  char buffer[256];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > 1024) return key_error("research key file " + path + " is too large");
  }
  if (n < 0)
    return key_error("cannot read research key file " + path + ": " + std::strerror(errno));
  return text;
}

// Writes a new random key with O_EXCL, so two processes starting at once cannot both create
// one; the loser reads the winner's.
core::Status create(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return key_error("cannot create research key file " + path + ": " + std::strerror(errno));
  }
  std::array<unsigned char, ResearchKey::kBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  char hex[2 * ResearchKey::kBytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes.data(), bytes.size());
  sodium_memzero(bytes.data(), bytes.size());
  std::string line = std::string(hex) + "\n";
  sodium_memzero(hex, sizeof hex);
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return key_error("cannot write research key file " + path);
  }
  return {};
}

}  // namespace

core::Result<ResearchKey> ResearchKey::load_or_create(const std::string& path) {
  if (sodium_init() < 0) return key_error("libsodium failed to initialise");
  if (auto s = create(path); !s) return std::unexpected(s.error());
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return key_error("cannot open research key file " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    return key_error("research key file " + path +
                     " must be readable by its owner only (chmod 600 " + path + ")");
  }
  auto text = read_all(fd, path);
  ::close(fd);
  if (!text) return std::unexpected(text.error());
  return parse(path, std::move(*text), &ResearchKey::from_bytes);
}

ResearchKey ResearchKey::from_bytes(const std::array<unsigned char, kBytes>& bytes) {
  return ResearchKey(bytes);
}

std::string ResearchKey::keyed_hex(std::initializer_list<std::string_view> parts,
                                   std::size_t bytes) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key_.data(), key_.size(), bytes);
  for (std::string_view part : parts) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
    const unsigned char end = 0;
    crypto_generichash_update(&state, &end, 1);
  }
  std::array<unsigned char, crypto_generichash_BYTES_MAX> digest{};
  crypto_generichash_final(&state, digest.data(), bytes);
  std::string hex(2 * bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), bytes);
  hex.pop_back();
  return hex;
}

std::string ResearchKey::pseudonym(std::string_view survey_id, std::int64_t user_id) const {
  return keyed_hex({"tsunagu-pseudonym-v1", survey_id, std::to_string(user_id)}, 16);
}

std::string ResearchKey::anonymous_pseudonym(std::int64_t response_id) const {
  return keyed_hex({"tsunagu-anonymous-v1", std::to_string(response_id)}, 16);
}

std::string ResearchKey::dedupe_key(std::int64_t user_id, std::string_view survey_id,
                                    int version) const {
  return keyed_hex(
      {"tsunagu-dedupe-v1", std::to_string(user_id), survey_id, std::to_string(version)}, 32);
}

}  // namespace tsunagu::bank
