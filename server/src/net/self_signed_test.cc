#include "net/self_signed.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace tsunagu::net {
namespace {
namespace fs = std::filesystem;
using core::Code;

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;

X509Ptr read_cert(const fs::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

KeyPtr read_key(const fs::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  return KeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

void write_cert(const fs::path& path, X509* cert) {
  BioPtr bio(BIO_new_file(path.c_str(), "w"));
  ASSERT_TRUE(bio && PEM_write_bio_X509(bio.get(), cert));
}

std::string slurp(const fs::path& path) {
  std::ostringstream out;
  out << std::ifstream(path).rdbuf();
  return out.str();
}

std::string name_entry(X509_NAME* name, int nid) {
  char buf[256] = {};
  X509_NAME_get_text_by_NID(name, nid, buf, sizeof buf);
  return buf;
}

// subjectAltName as "DNS:x" / "IP:y" strings, in certificate order.
std::vector<std::string> subject_alt_names(X509* cert) {
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  std::vector<std::string> out;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gen = sk_GENERAL_NAME_value(names.get(), i);
    int type = 0;
    const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(gen, &type));
    std::string bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                      ASN1_STRING_length(value));
    if (type == GEN_DNS) {
      out.push_back("DNS:" + bytes);
    } else if (type == GEN_IPADD) {
      char text[INET6_ADDRSTRLEN] = {};
      inet_ntop(bytes.size() == 4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
      out.push_back(std::string("IP:") + text);
    }
  }
  return out;
}

class SelfSignedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tsunagu-tls-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes pair `name` (name.crt, name.key) and fails the test if that does not work.
  void make_tls_pair(const std::string& name, std::vector<std::string> hosts = {"localhost"}) {
    auto made = write_self_signed_pair(cert_path(name), key_path(name), hosts, 30);
    ASSERT_TRUE(made.has_value()) << made.error().message();
  }
  fs::path cert_path(const std::string& name) const { return dir_ / (name + ".crt"); }
  fs::path key_path(const std::string& name) const { return dir_ / (name + ".key"); }

  fs::path dir_;
};

TEST_F(SelfSignedTest, WritesAUsableServerCertificate) {
  make_tls_pair("a", {"tsunagu.local", "127.0.0.1", "::1", "192.168.1.20", "localhost"});
  X509Ptr cert = read_cert(cert_path("a"));
  KeyPtr key = read_key(key_path("a"));
  ASSERT_TRUE(cert);
  ASSERT_TRUE(key);

  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
  EXPECT_EQ(X509_verify(cert.get(), key.get()), 1) << "not self-signed by its key";
  EXPECT_EQ(subject_alt_names(cert.get()),
            (std::vector<std::string>{"DNS:tsunagu.local", "IP:127.0.0.1", "IP:::1",
                                      "IP:192.168.1.20", "DNS:localhost"}));
  EXPECT_EQ(X509_check_host(cert.get(), "tsunagu.local", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);

  X509_NAME* subject = X509_get_subject_name(cert.get());
  EXPECT_EQ(name_entry(subject, NID_commonName), "tsunagu.local");
  EXPECT_EQ(name_entry(subject, NID_organizationName), "Tsunagu LAN trial");
  EXPECT_EQ(X509_NAME_cmp(subject, X509_get_issuer_name(cert.get())), 0);

  EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
  EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256);
  EXPECT_TRUE(EVP_PKEY_is_a(key.get(), "EC"));
  char group[64] = {};
  ASSERT_TRUE(EVP_PKEY_get_group_name(key.get(), group, sizeof group, nullptr));
  EXPECT_STREQ(group, "prime256v1");

  // Extensions: a leaf for servers only.
  EXPECT_EQ(X509_check_ca(cert.get()), 0);
  EXPECT_TRUE(X509_get_extension_flags(cert.get()) & EXFLAG_BCONS);
  EXPECT_FALSE(X509_get_extension_flags(cert.get()) & EXFLAG_CA) << "must say CA:FALSE";
  EXPECT_EQ(X509_get_key_usage(cert.get()), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
  EXPECT_EQ(X509_get_extended_key_usage(cert.get()), static_cast<uint32_t>(XKU_SSL_SERVER));
  EXPECT_EQ(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0), 1);

  // Validity: from a few minutes ago for exactly 30 days (plus the backdate).
  EXPECT_LT(X509_cmp_current_time(X509_get0_notBefore(cert.get())), 0);
  EXPECT_GT(X509_cmp_current_time(X509_get0_notAfter(cert.get())), 0);
  int days = 0, seconds = 0;
  ASSERT_TRUE(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()),
                             X509_get0_notAfter(cert.get())));
  EXPECT_EQ(days, 30);
  EXPECT_EQ(seconds, 300);

  // Serial: positive, at most 128 bits (a random one has fewer than 64 with chance 2^-64).
  BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
  ASSERT_TRUE(serial);
  EXPECT_FALSE(BN_is_negative(serial.get()));
  EXPECT_LE(BN_num_bits(serial.get()), 128);
  EXPECT_GT(BN_num_bits(serial.get()), 64);

  struct stat key_stat = {};
  struct stat cert_stat = {};
  ASSERT_EQ(stat(key_path("a").c_str(), &key_stat), 0);
  ASSERT_EQ(stat(cert_path("a").c_str(), &cert_stat), 0);
  EXPECT_EQ(key_stat.st_mode & 07777, 0600u);
  EXPECT_EQ(cert_stat.st_mode & 07777, 0644u);
  EXPECT_NE(slurp(key_path("a")).find("-----BEGIN PRIVATE KEY-----"), std::string::npos);

  EXPECT_TRUE(check_tls_pair(cert_path("a"), key_path("a")).has_value());
}

TEST_F(SelfSignedTest, KeyModeIsExactRegardlessOfUmask) {
  for (mode_t mask : {mode_t{0}, mode_t{022}, mode_t{0277}}) {
    SCOPED_TRACE(mask);
    mode_t old = umask(mask);
    auto made = write_self_signed_pair(cert_path("m"), key_path("m"), {"localhost"}, 1);
    umask(old);
    ASSERT_TRUE(made.has_value()) << made.error().message();
    struct stat st = {};
    ASSERT_EQ(stat(key_path("m").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    fs::remove(cert_path("m"));
    fs::remove(key_path("m"));
  }
}

TEST_F(SelfSignedTest, SerialsDiffer) {
  make_tls_pair("a");
  make_tls_pair("b");
  X509Ptr a = read_cert(cert_path("a"));
  X509Ptr b = read_cert(cert_path("b"));
  ASSERT_TRUE(a && b);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a.get()), X509_get0_serialNumber(b.get())), 0);
}

TEST_F(SelfSignedTest, RefusesToOverwrite) {
  const struct {
    const char* name;
    bool cert_exists;
    bool key_exists;
    bool key_is_dangling_symlink;
  } cases[] = {
      {"both exist", true, true, false},
      {"only cert exists", true, false, false},
      {"only key exists", false, true, false},
      {"key is a dangling symlink", false, false, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    fs::remove_all(dir_);
    fs::create_directory(dir_);
    if (c.cert_exists) std::ofstream(cert_path("x")) << "old cert";
    if (c.key_exists) std::ofstream(key_path("x")) << "old key";
    if (c.key_is_dangling_symlink) fs::create_symlink(dir_ / "nowhere", key_path("x"));

    auto made = write_self_signed_pair(cert_path("x"), key_path("x"), {"localhost"}, 30);
    ASSERT_FALSE(made.has_value());
    EXPECT_EQ(made.error().code(), Code::kAlreadyExists);
    EXPECT_EQ(made.error().name(), "tls_file_exists");
    EXPECT_NE(made.error().message().find("refusing to overwrite"), std::string::npos);
    // Untouched, and no half pair created beside them.
    if (c.cert_exists) {
      EXPECT_EQ(slurp(cert_path("x")), "old cert");
    }
    if (c.key_exists) {
      EXPECT_EQ(slurp(key_path("x")), "old key");
    }
    EXPECT_EQ(fs::exists(cert_path("x")), c.cert_exists);
    EXPECT_EQ(fs::exists(fs::symlink_status(key_path("x"))),
              c.key_exists || c.key_is_dangling_symlink);
    EXPECT_FALSE(fs::exists(dir_ / "nowhere"));
  }
}

TEST_F(SelfSignedTest, RejectsBadArguments) {
  const std::string long_cn = std::string(60, 'a') + ".example";  // valid name, too long for CN
  const struct {
    const char* name;
    std::vector<std::string> hosts;
    int days;
    const char* error_name;
  } cases[] = {
      {"no hosts", {}, 30, "tls_bad_host"},
      {"empty host", {""}, 30, "tls_bad_host"},
      {"san injection", {"a.example,DNS:evil.example"}, 30, "tls_bad_host"},
      {"space", {"my box"}, 30, "tls_bad_host"},
      {"leading hyphen", {"-box.example"}, 30, "tls_bad_host"},
      {"empty label", {"box..example"}, 30, "tls_bad_host"},
      {"trailing dot", {"box.example."}, 30, "tls_bad_host"},
      {"bracketed ipv6", {"[::1]"}, 30, "tls_bad_host"},
      {"url", {"https://box.example"}, 30, "tls_bad_host"},
      {"bad later host", {"localhost", "under_score"}, 30, "tls_bad_host"},
      {"label too long", {std::string(64, 'a')}, 30, "tls_bad_host"},
      {"cn too long", {long_cn}, 30, "tls_bad_host"},
      {"zero days", {"localhost"}, 0, "tls_bad_days"},
      {"negative days", {"localhost"}, -1, "tls_bad_days"},
      {"too many days", {"localhost"}, kMaxSelfSignedDays + 1, "tls_bad_days"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto made = write_self_signed_pair(cert_path("x"), key_path("x"), c.hosts, c.days);
    ASSERT_FALSE(made.has_value());
    EXPECT_EQ(made.error().code(), Code::kInvalidArgument);
    EXPECT_EQ(made.error().name(), c.error_name) << made.error().message();
    EXPECT_FALSE(fs::exists(cert_path("x")));
    EXPECT_FALSE(fs::exists(key_path("x")));
  }
  // The long name is fine as a later host, where only the SAN carries it.
  EXPECT_TRUE(write_self_signed_pair(cert_path("x"), key_path("x"), {"localhost", long_cn}, 30));
}

TEST_F(SelfSignedTest, UnwritableDirectoryLeavesNothing) {
  fs::path missing = dir_ / "no-such-dir";
  auto made = write_self_signed_pair(missing / "c.crt", missing / "c.key", {"localhost"}, 30);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(made.error().name(), "tls_write_failed");

  // Key writable, certificate not: the key must be removed again.
  auto half = write_self_signed_pair(missing / "c.crt", key_path("c"), {"localhost"}, 30);
  ASSERT_FALSE(half.has_value());
  EXPECT_EQ(half.error().name(), "tls_write_failed");
  EXPECT_FALSE(fs::exists(key_path("c")));
}

TEST_F(SelfSignedTest, CheckTlsPairTable) {
  make_tls_pair("a");
  make_tls_pair("b");
  std::ofstream(dir_ / "garbage.pem") << "not a certificate\n";

  // An expired certificate for key a: re-dated and re-signed.
  {
    X509Ptr old = read_cert(cert_path("a"));
    KeyPtr key_a = read_key(key_path("a"));
    ASSERT_TRUE(old && key_a);
    ASSERT_TRUE(X509_gmtime_adj(X509_getm_notBefore(old.get()), -3 * 86400));
    ASSERT_TRUE(X509_gmtime_adj(X509_getm_notAfter(old.get()), -86400));
    ASSERT_TRUE(X509_sign(old.get(), key_a.get(), EVP_sha256()));
    write_cert(cert_path("expired"), old.get());
    ASSERT_TRUE(X509_gmtime_adj(X509_getm_notBefore(old.get()), 86400));
    ASSERT_TRUE(X509_gmtime_adj(X509_getm_notAfter(old.get()), 3 * 86400));
    ASSERT_TRUE(X509_sign(old.get(), key_a.get(), EVP_sha256()));
    write_cert(cert_path("future"), old.get());
    // Key a under a passphrase: the check must fail, not prompt on a terminal.
    BioPtr out(BIO_new_file((dir_ / "encrypted.key").c_str(), "w"));
    char pass[] = "secret";
    ASSERT_TRUE(PEM_write_bio_PrivateKey(out.get(), key_a.get(), EVP_aes_256_cbc(),
                                         reinterpret_cast<unsigned char*>(pass), 6, nullptr,
                                         nullptr));
  }

  const struct {
    const char* name;
    fs::path cert;
    fs::path key;
    Code code;
    const char* error_name;
  } cases[] = {
      {"matching pair", cert_path("a"), key_path("a"), Code::kOk, ""},
      {"other matching pair", cert_path("b"), key_path("b"), Code::kOk, ""},
      {"mismatched pair", cert_path("a"), key_path("b"), Code::kFailedPrecondition,
       "tls_pair_mismatch"},
      {"missing cert", dir_ / "none.crt", key_path("a"), Code::kNotFound, "tls_cert_unreadable"},
      {"missing key", cert_path("a"), dir_ / "none.key", Code::kNotFound, "tls_key_unreadable"},
      {"garbage cert", dir_ / "garbage.pem", key_path("a"), Code::kInvalidArgument,
       "tls_cert_invalid"},
      {"garbage key", cert_path("a"), dir_ / "garbage.pem", Code::kInvalidArgument,
       "tls_key_invalid"},
      {"swapped files", key_path("a"), cert_path("a"), Code::kInvalidArgument, "tls_cert_invalid"},
      {"cert as key", cert_path("a"), cert_path("a"), Code::kInvalidArgument, "tls_key_invalid"},
      {"encrypted key", cert_path("a"), dir_ / "encrypted.key", Code::kInvalidArgument,
       "tls_key_invalid"},
      {"expired", cert_path("expired"), key_path("a"), Code::kFailedPrecondition,
       "tls_cert_expired"},
      {"not yet valid", cert_path("future"), key_path("a"), Code::kFailedPrecondition,
       "tls_cert_not_yet_valid"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto checked = check_tls_pair(c.cert, c.key);
    if (c.code == Code::kOk) {
      EXPECT_TRUE(checked.has_value()) << checked.error().message();
      continue;
    }
    ASSERT_FALSE(checked.has_value());
    EXPECT_EQ(checked.error().code(), c.code) << checked.error().message();
    EXPECT_EQ(checked.error().name(), c.error_name) << checked.error().message();
    // The message must name the file to fix.
    bool names_a_file = checked.error().message().find(c.cert.string()) != std::string::npos ||
                        checked.error().message().find(c.key.string()) != std::string::npos;
    EXPECT_TRUE(names_a_file) << checked.error().message();
  }
}

}  // namespace
}  // namespace tsunagu::net
