// Entry point of the `tsunagu` binary: dispatches the sub-commands of app/config.h.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "app/serve.h"

namespace {

// Standard input with echo off when it is a terminal, so a typed password is not shown.
std::istream& read_password_from_stdin() {
  static std::istringstream line;
  termios old{};
  const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputc('\n', stderr);
  }
  line.str(password);
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tsunagu::app;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  const std::string_view command = args.empty() ? "help" : args.front();
  std::vector<std::string_view> rest(args.empty() ? args.end() : args.begin() + 1, args.end());
  if (command == "serve") {
    auto config = parse_serve_args(rest);
    if (!config) {
      std::fprintf(stderr, "tsunagu serve: %s\n", config.error().message().c_str());
      return 2;
    }
    return serve(*config);
  }
  if (command == "gen-cert") {
    auto config = parse_gen_cert_args(rest);
    if (!config) {
      std::fprintf(stderr, "tsunagu gen-cert: %s\n", config.error().message().c_str());
      return 2;
    }
    return gen_cert(*config);
  }
  if (command == "admin" && !rest.empty() && rest.front() == "create") {
    auto config = parse_admin_create_args({rest.begin() + 1, rest.end()});
    if (!config) {
      std::fprintf(stderr, "tsunagu admin create: %s\n", config.error().message().c_str());
      return 2;
    }
    if (isatty(STDIN_FILENO)) std::fprintf(stderr, "Password for %s: ", config->login_id.c_str());
    return admin_create(*config, read_password_from_stdin());
  }
  if (command == "audit" && !rest.empty() && rest.front() == "verify") {
    auto data = parse_data_arg({rest.begin() + 1, rest.end()});
    if (!data) {
      std::fprintf(stderr, "tsunagu audit verify: %s\n", data.error().message().c_str());
      return 2;
    }
    return audit_verify(*data);
  }
  if (command == "version" || command == "--version") {
    std::printf("tsunagu %s\n", TSUNAGU_VERSION);
    return 0;
  }
  const bool asked = command == "help" || command == "--help" || command == "-h";
  std::fputs(usage().data(), asked ? stdout : stderr);
  return asked ? 0 : 2;
}
