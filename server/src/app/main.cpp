// Entry point of the `tsunagu` binary: dispatches the sub-commands of app/config.h.
#include <cstdio>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "app/serve.h"

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
  if (command == "version" || command == "--version") {
    std::printf("tsunagu %s\n", TSUNAGU_VERSION);
    return 0;
  }
  const bool asked = command == "help" || command == "--help" || command == "-h";
  std::fputs(usage().data(), asked ? stdout : stderr);
  return asked ? 0 : 2;
}
