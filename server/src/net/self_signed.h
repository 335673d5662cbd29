#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

// TLS certificate helpers for the LAN trial. Browsers only grant the microphone and camera to
// secure origins, so even a trial on a home network needs HTTPS; a self-signed pair that the
// operator trusts once is the least painful way to get it. Both functions are thread-safe (no
// shared state; OpenSSL 3 keeps its error queue per thread) and block on file I/O, so call them
// at start-up, not from an I/O thread.
namespace tsunagu::net {

inline constexpr int kMaxSelfSignedDays = 3650;

// Creates a new self-signed server certificate (PEM, mode 0644) and its private key (PEM PKCS#8,
// mode 0600): EC P-256, SHA-256, random 128-bit serial, subject and issuer
// "CN=<hosts[0]>, O=Tsunagu LAN trial", subjectAltName listing every host (IPv4/IPv6 literals as
// IP:, everything else as DNS:), CA:FALSE, keyUsage digitalSignature, extendedKeyUsage serverAuth,
// valid from five minutes ago (clock skew between LAN devices) for `days` days.
//
// Never replaces anything: if either file exists, nothing is written (already_exists
// "tls_file_exists"). Bad hosts or days give invalid_argument ("tls_bad_host", "tls_bad_days");
// an unwritable path gives failed_precondition "tls_write_failed". On failure no partial file is
// left behind.
core::Status write_self_signed_pair(const std::filesystem::path& cert_file,
                                    const std::filesystem::path& key_file,
                                    const std::vector<std::string>& hosts, int days);

// Loads a PEM certificate and an unencrypted PEM private key and checks that they belong together
// and that the certificate is currently valid, so the server can refuse to start with a message
// that says what to fix instead of failing every handshake later. Error names:
// tls_cert_unreadable / tls_key_unreadable (not_found), tls_cert_invalid / tls_key_invalid
// (invalid_argument), tls_pair_mismatch / tls_cert_expired / tls_cert_not_yet_valid
// (failed_precondition).
core::Status check_tls_pair(const std::filesystem::path& cert_file,
                            const std::filesystem::path& key_file);

}  // namespace tsunagu::net
