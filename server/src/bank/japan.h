#pragma once

#include <span>
#include <string_view>

namespace tsunagu::bank {

// The 47 prefectures with the eight regions used to generalise them in research exports, and
// the age bands with their wider bands. Survey answers store the codes; the labels live in the
// survey files. Pure and thread-safe.
struct Prefecture {
  std::string_view code;    // e.g. "tokyo"
  std::string_view region;  // e.g. "kanto"
  std::string_view ja;      // 東京都
  std::string_view en;      // Tokyo
};
std::span<const Prefecture> prefectures();

// Answers that are allowed beside the codes of a quasi-identifier question: they generalise
// to themselves.
inline constexpr std::string_view kNoAnswer = "no_answer";
inline constexpr std::string_view kOverseas = "overseas";

// The region of a prefecture code; a code that is not a prefecture stays as it is.
std::string_view region_of(std::string_view prefecture);

// Age bands ("under_16", "16_19", "20_29", …, "70_plus") and the wider band each belongs to
// ("under_20", "20_39", "40_59", "60_plus"); an unknown band stays as it is.
std::span<const std::string_view> age_bands();
std::string_view wider_age_band(std::string_view band);

}  // namespace tsunagu::bank
