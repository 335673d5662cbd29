#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace tsunagu::bank {

// Text shown to a person, in both languages the product speaks. Each is a whole sentence or
// paragraph, so a client never assembles one from pieces.
struct LocalText {
  std::string ja;
  std::string en;
};

inline nlohmann::json local_json(const LocalText& t) { return {{"ja", t.ja}, {"en", t.en}}; }

}  // namespace tsunagu::bank
