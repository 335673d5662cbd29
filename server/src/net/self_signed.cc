#include "net/self_signed.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

namespace tsunagu::net {
namespace fs = std::filesystem;

namespace {

// unique_ptr deleter calling an OpenSSL free function, so every object has exactly one owner.
template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Deleter<GENERAL_NAME_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using StringPtr = std::unique_ptr<ASN1_STRING, Deleter<ASN1_STRING_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;

// Closes a POSIX file descriptor on scope exit.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now so that a failing close (e.g. a full disk on NFS) is reported, not ignored.
  int close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

// Drains this thread's OpenSSL error queue into one line, so a later call does not report a
// stale error.
std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "no OpenSSL detail" : out;
}

std::unexpected<core::Error> openssl_fail(std::string_view step) {
  return core::fail(core::Code::kInternal, "openssl",
                    std::string(step) + " failed: " + openssl_errors());
}

std::unexpected<core::Error> bad_host(std::string_view host, std::string_view why) {
  return core::fail(core::Code::kInvalidArgument, "tls_bad_host",
                    "certificate host '" + std::string(host) + "' " + std::string(why));
}

// One subjectAltName entry: GEN_IPADD with the raw address bytes, or GEN_DNS with the name.
struct SanEntry {
  int type;
  std::string value;
};

// A DNS name of letters, digits and inner hyphens, labels of 1–63 bytes. Stricter than some
// resolvers, but these are the names every browser accepts in a certificate.
bool is_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    std::string_view label = name.substr(start, dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

// Validates every host before any key is made, so a typo costs nothing and leaves no files.
core::Result<std::vector<SanEntry>> parse_hosts(const std::vector<std::string>& hosts) {
  if (hosts.empty()) {
    return core::fail(core::Code::kInvalidArgument, "tls_bad_host",
                      "at least one host name or IP address is needed for the certificate");
  }
  // The first host becomes the CN, which X.509 caps at 64 characters.
  if (hosts.front().size() > 64) return bad_host(hosts.front(), "is too long for the CN (max 64)");
  std::vector<SanEntry> entries;
  for (const std::string& host : hosts) {
    unsigned char ip[16];
    if (::inet_pton(AF_INET, host.c_str(), ip) == 1) {
      entries.push_back({GEN_IPADD, std::string(reinterpret_cast<char*>(ip), 4)});
    } else if (::inet_pton(AF_INET6, host.c_str(), ip) == 1) {
      entries.push_back({GEN_IPADD, std::string(reinterpret_cast<char*>(ip), 16)});
    } else if (is_dns_name(host)) {
      entries.push_back({GEN_DNS, host});
    } else {
      return bad_host(host, "is neither an IP address nor a DNS name (letters, digits, '-', '.')");
    }
  }
  return entries;
}

core::Status add_subject_alt_names(X509* cert, const std::vector<SanEntry>& entries) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) return openssl_fail("GENERAL_NAMES_new");
  for (const SanEntry& entry : entries) {
    GeneralNamePtr name(GENERAL_NAME_new());
    StringPtr value(entry.type == GEN_IPADD ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new());
    if (!name || !value ||
        !ASN1_STRING_set(value.get(), entry.value.data(), static_cast<int>(entry.value.size()))) {
      return openssl_fail("subjectAltName entry");
    }
    GENERAL_NAME_set0_value(name.get(), entry.type, value.release());
    if (!sk_GENERAL_NAME_push(names.get(), name.get())) return openssl_fail("subjectAltName");
    name.release();  // now owned by `names`
  }
  // Built as a structure rather than from a "DNS:a,IP:b" config string, so a host can never
  // smuggle in extra entries.
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return openssl_fail("add subjectAltName");
  }
  return {};
}

// Adds an extension from a fixed, trusted config string.
core::Status add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) return openssl_fail(value);
  return {};
}

core::Status set_subject(X509* cert, const std::string& common_name) {
  X509_NAME* name = X509_get_subject_name(cert);  // owned by `cert`
  auto add = [&](const char* field, const std::string& text) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(text.c_str()), -1, -1,
                                      0) == 1;
  };
  if (!add("CN", common_name) || !add("O", "Tsunagu LAN trial")) return openssl_fail("subject");
  // Self-signed: the issuer is the subject.
  if (X509_set_issuer_name(cert, name) != 1) return openssl_fail("issuer");
  return {};
}

// A random 128-bit serial: RFC 5280 wants it unique per issuer, and a self-signed issuer has no
// counter to keep. BN_bin2bn reads unsigned bytes, so the serial is never negative.
core::Status set_random_serial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return openssl_fail("RAND_bytes");
  BignumPtr serial(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert))) {
    return openssl_fail("serial");
  }
  return {};
}

core::Status set_validity(X509* cert, int days) {
  // Backdated a little: a phone whose clock runs a few minutes slow must still accept it.
  constexpr long kBackdateSeconds = 5 * 60;
  if (!X509_gmtime_adj(X509_getm_notBefore(cert), -kBackdateSeconds) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, nullptr)) {
    return openssl_fail("validity");
  }
  return {};
}

core::Status add_server_extensions(X509* cert) {
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                            std::pair{NID_key_usage, "critical,digitalSignature"},
                            std::pair{NID_ext_key_usage, "serverAuth"},
                            std::pair{NID_subject_key_identifier, "hash"}}) {
    if (auto ok = add_extension(cert, nid, value); !ok) return ok;
  }
  return {};
}

core::Result<X509Ptr> make_certificate(EVP_PKEY* key, const std::vector<SanEntry>& san,
                                       const std::string& common_name, int days) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      X509_set_pubkey(cert.get(), key) != 1) {
    return openssl_fail("X509_new");
  }
  // GCC 12's std::expected has no and_then yet, hence the ladder.
  if (auto s = set_random_serial(cert.get()); !s) return std::unexpected(s.error());
  if (auto s = set_validity(cert.get(), days); !s) return std::unexpected(s.error());
  if (auto s = set_subject(cert.get(), common_name); !s) return std::unexpected(s.error());
  if (auto s = add_server_extensions(cert.get()); !s) return std::unexpected(s.error());
  if (auto s = add_subject_alt_names(cert.get(), san); !s) return std::unexpected(s.error());
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) return openssl_fail("X509_sign");
  return cert;
}

std::unexpected<core::Error> file_exists(const fs::path& path) {
  return core::fail(core::Code::kAlreadyExists, "tls_file_exists",
                    "refusing to overwrite " + path.string() +
                        "; delete it (and its partner file) to make a new pair, or choose "
                        "other paths");
}

// Creates `path` with exactly `mode` and lets `write` fill it through a BIO. O_EXCL makes the
// refusal to overwrite atomic, O_NOFOLLOW refuses a symlink planted at the path, and fchmod
// undoes whatever the umask did. On failure the half-written file is removed.
template <typename WriteFn>
core::Status create_pem_file(const fs::path& path, mode_t mode, WriteFn write) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (fd.get() < 0) {
    if (errno == EEXIST || errno == ELOOP) return file_exists(path);
    return core::fail(core::Code::kFailedPrecondition, "tls_write_failed",
                      "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  auto fill = [&]() -> core::Status {
    if (::fchmod(fd.get(), mode) != 0) {
      return core::fail(core::Code::kFailedPrecondition, "tls_write_failed",
                        "cannot chmod " + path.string() + ": " + std::strerror(errno));
    }
    BioPtr bio(BIO_new_fd(fd.get(), BIO_NOCLOSE));
    if (!bio || write(bio.get()) != 1 || BIO_flush(bio.get()) != 1) {
      return openssl_fail("writing " + path.string());
    }
    if (fd.close() != 0) {
      return core::fail(core::Code::kFailedPrecondition, "tls_write_failed",
                        "cannot write " + path.string() + ": " + std::strerror(errno));
    }
    return {};
  };
  core::Status status = fill();
  if (!status) ::unlink(path.c_str());
  return status;
}

// Never prompts: the server must not block on a terminal asking for a passphrase.
int no_passphrase(char*, int, int, void*) { return -1; }

std::unexpected<core::Error> cannot_read(std::string_view what, const fs::path& path) {
  return core::fail(core::Code::kNotFound, "tls_" + std::string(what) + "_unreadable",
                    "cannot read TLS " + std::string(what == "cert" ? "certificate " : "key ") +
                        path.string() + " (" + openssl_errors() +
                        "); fix the configured TLS path or the file's permissions");
}

core::Result<X509Ptr> load_certificate(const fs::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return cannot_read("cert", path);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
  if (!cert) {
    return core::fail(core::Code::kInvalidArgument, "tls_cert_invalid",
                      path.string() + " is not a PEM certificate (" + openssl_errors() + ")");
  }
  return cert;
}

core::Result<KeyPtr> load_private_key(const fs::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return cannot_read("key", path);
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) {
    return core::fail(core::Code::kInvalidArgument, "tls_key_invalid",
                      path.string() + " is not an unencrypted PEM private key (" +
                          openssl_errors() + "); the server cannot ask for a passphrase");
  }
  return key;
}

std::unexpected<core::Error> not_valid_now(const char* name, const fs::path& cert,
                                           const char* why) {
  return core::fail(core::Code::kFailedPrecondition, name,
                    "TLS certificate " + cert.string() + " " + why +
                        "; check this machine's clock, or replace the certificate and key");
}

}  // namespace

core::Status write_self_signed_pair(const fs::path& cert_file, const fs::path& key_file,
                                    const std::vector<std::string>& hosts, int days) {
  if (days < 1 || days > kMaxSelfSignedDays) {
    return core::fail(core::Code::kInvalidArgument, "tls_bad_days",
                      "certificate lifetime must be 1.." + std::to_string(kMaxSelfSignedDays) +
                          " days, got " + std::to_string(days));
  }
  auto san = parse_hosts(hosts);
  if (!san) return std::unexpected(std::move(san).error());
  // Check both before writing either, so an existing cert never gets a fresh, unmatched key.
  // symlink_status: a dangling symlink counts as "exists" too.
  for (const fs::path& path : {cert_file, key_file}) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec))) return file_exists(path);
  }

  ERR_clear_error();
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return openssl_fail("EC P-256 key generation");
  auto cert = make_certificate(key.get(), *san, hosts.front(), days);
  if (!cert) return std::unexpected(std::move(cert).error());

  // Key first, owner-only: if the certificate then fails, the key is removed again.
  auto wrote_key = create_pem_file(key_file, 0600, [&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  if (!wrote_key) return wrote_key;
  auto wrote_cert = create_pem_file(cert_file, 0644,
                                    [&](BIO* bio) { return PEM_write_bio_X509(bio, cert->get()); });
  if (!wrote_cert) ::unlink(key_file.c_str());
  return wrote_cert;
}

core::Status check_tls_pair(const fs::path& cert_file, const fs::path& key_file) {
  ERR_clear_error();
  auto cert = load_certificate(cert_file);
  if (!cert) return std::unexpected(std::move(cert).error());
  auto key = load_private_key(key_file);
  if (!key) return std::unexpected(std::move(key).error());
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    ERR_clear_error();
    return core::fail(core::Code::kFailedPrecondition, "tls_pair_mismatch",
                      "TLS key " + key_file.string() + " does not belong to certificate " +
                          cert_file.string() +
                          "; configure the key made with this certificate, or replace both with a "
                          "matching pair");
  }
  // X509_cmp_current_time: -1 if the time is in the past, 1 if in the future, 0 on error.
  if (X509_cmp_current_time(X509_get0_notAfter(cert->get())) <= 0) {
    return not_valid_now("tls_cert_expired", cert_file, "has expired");
  }
  if (X509_cmp_current_time(X509_get0_notBefore(cert->get())) >= 0) {
    return not_valid_now("tls_cert_not_yet_valid", cert_file, "is not valid yet");
  }
  return {};
}

}  // namespace tsunagu::net
