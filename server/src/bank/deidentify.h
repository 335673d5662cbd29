#pragma once

#include <string>
#include <vector>

namespace tsunagu::bank {

// k-anonymity by global generalisation with a little record suppression (the approach of
// Samarati and Sweeney, as tools like ARX apply it). Each quasi-identifier has a ladder of
// ever coarser values (prefecture → region → "*"); one level per quasi-identifier is chosen
// for the whole table. Every combination of levels is tried (the ladders are short), and the
// one chosen loses the least detail such that at most `max_suppressed` of the rows fall in
// groups smaller than k; those rows are left out. When no combination allows that, every row
// is left out. Pure and thread-safe.

// A quasi-identifier's ladder: level 0 is the value itself, the last level is "*".
struct Ladder {
  std::string column;
  int levels = 1;  // levels above 0 (the last is "*")
  std::string (*generalise)(const std::string& value, int level) = nullptr;
};

// The ladders of docs/bank.md.
Ladder age_band_ladder();    // band → wider band → *
Ladder sex_ladder();         // value → *
Ladder prefecture_ladder();  // prefecture → region → *
Ladder month_ladder();       // YYYY-MM → YYYY → *

struct KAnonymous {
  std::vector<int> levels;                     // chosen level per ladder
  std::vector<bool> kept;                      // per input row
  std::vector<std::vector<std::string>> rows;  // generalised values per input row (kept rows)
  int suppressed = 0;                          // rows left out
};

// `rows[i][j]` is row i's value of ladder j. k >= 1; `max_suppressed` is a fraction (0.05 is
// 5% of the rows).
KAnonymous k_anonymise(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<Ladder>& ladders, int k, double max_suppressed);

}  // namespace tsunagu::bank
