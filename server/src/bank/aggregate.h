#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bank/survey.h"

namespace tsunagu::bank {

inline constexpr int kDefaultK = 10;

// The answer of GET /api/surveys/:id/aggregate (docs/bank.md): how many chose each option,
// with every group smaller than `k` withheld. Pure and thread-safe.
//
// - Fewer than k responses in all: nothing but {"n_suppressed": true, "k"}.
// - A count c with 0 < c < k is never sent, only its key listed under "suppressed". Zeros are
//   sent (nobody is in them).
// - For a question whose answers split people into groups (single, scale, number) the
//   withheld counts together, plus those who did not answer it, must reach k too; otherwise
//   the smallest further counts are withheld (secondary suppression), so that subtracting the
//   shown counts from n cannot reveal a small group.
// - Text answers are never aggregated: text questions are absent.
// - Numbers are counted in the question's bins ("1-3", "15-31"), or by value without bins.
nlohmann::json aggregate(const SurveyDefinition& survey, const std::vector<nlohmann::json>& answers,
                         int k);

// The aggregate key of a number answer ("4-7", or the value when the question has no bins).
std::string number_bin(const Question& question, int value);

}  // namespace tsunagu::bank
