#pragma once

#include <istream>
#include <string>

#include "app/config.h"

namespace tsunagu::app {

// Runs the platform until SIGINT/SIGTERM: opens the store under the data directory, loads the
// world from content/, serves HTTP(S)+WebSocket and ticks every space. On a signal it stops
// accepting, closes every client with 1001, and closes the store (every chat message was
// committed before anyone saw it). Returns the process exit code. The only place that names
// the concrete store and transport.
int serve(const ServeConfig& config);

// `tsunagu gen-cert`: writes cert.pem and key.pem. Returns the process exit code.
int gen_cert(const GenCertConfig& config);

// `tsunagu admin create`: the first (or another) administrator, with a password read from
// `password_in` (one line) — never a default. Audited.
int admin_create(const AdminCreateConfig& config, std::istream& password_in);

// `tsunagu audit verify`: checks the audit log's hash chain; exit 1 naming the first broken
// entry.
int audit_verify(const std::string& data_dir);

}  // namespace tsunagu::app
