#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bank/ichd3.h"
#include "bank/local_text.h"

// The words of the self-check (bank/ichd3.h), in Japanese and English. Written as guidance
// for a person, never as a diagnosis. Internal to bank/; pure and thread-safe.
namespace tsunagu::bank::text {

LocalText explain_1_1(int qualifying_attacks);
LocalText explain_1_2(int aura_attacks);
LocalText explain_1_3(int months_15_days, int months_with_8_migraine_days, int migraine_attacks);
LocalText explain_1_5(bool features, bool migraine_matches, bool tension_matches);
LocalText explain_2(int qualifying_episodes, std::string_view subtype, double days_per_month);
LocalText explain_8_2(const std::vector<std::string>& overused, int months_in_a_row);
LocalText guidance(const std::vector<CriterionResult>& results);

// The name of a code ("1.1", "2.3", "8.2", …).
LocalText code_name(std::string_view code);

}  // namespace tsunagu::bank::text
