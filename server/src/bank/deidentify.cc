#include "bank/deidentify.h"

#include <cmath>
#include <map>
#include <optional>

#include "bank/japan.h"

namespace tsunagu::bank {
namespace {

constexpr const char* kHidden = "*";

std::string age_band(const std::string& v, int level) {
  return level == 0 ? v : level == 1 ? std::string(wider_age_band(v)) : kHidden;
}
std::string sex(const std::string& v, int level) { return level == 0 ? v : kHidden; }
std::string prefecture(const std::string& v, int level) {
  return level == 0 ? v : level == 1 ? std::string(region_of(v)) : kHidden;
}
std::string month(const std::string& v, int level) {
  return level == 0 ? v : level == 1 ? v.substr(0, 4) : kHidden;
}

// One combination of levels, and what it costs.
struct Node {
  std::vector<int> levels;
  double loss = 0;  // sum of level / top level: each ladder weighs the same
  int suppressed = 0;
};

std::vector<std::vector<int>> all_level_combinations(const std::vector<Ladder>& ladders) {
  std::vector<std::vector<int>> out = {{}};
  for (const Ladder& l : ladders) {
    std::vector<std::vector<int>> next;
    for (const auto& prefix : out) {
      for (int level = 0; level <= l.levels; ++level) {
        next.push_back(prefix);
        next.back().push_back(level);
      }
    }
    out = std::move(next);
  }
  return out;
}

std::vector<std::vector<std::string>> generalised(const std::vector<std::vector<std::string>>& rows,
                                                  const std::vector<Ladder>& ladders,
                                                  const std::vector<int>& levels) {
  std::vector<std::vector<std::string>> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<std::string> g;
    for (std::size_t j = 0; j < ladders.size(); ++j) {
      g.push_back(ladders[j].generalise(row[j], levels[j]));
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::map<std::vector<std::string>, int> group_sizes(
    const std::vector<std::vector<std::string>>& rows) {
  std::map<std::vector<std::string>, int> sizes;
  for (const auto& row : rows) ++sizes[row];
  return sizes;
}

}  // namespace

Ladder age_band_ladder() { return {"age_band", 2, age_band}; }
Ladder sex_ladder() { return {"sex", 1, sex}; }
Ladder prefecture_ladder() { return {"prefecture", 2, prefecture}; }
Ladder month_ladder() { return {"month", 2, month}; }

KAnonymous k_anonymise(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<Ladder>& ladders, int k, double max_suppressed) {
  const int limit = static_cast<int>(std::floor(max_suppressed * static_cast<double>(rows.size())));
  std::optional<Node> best;
  for (auto& levels : all_level_combinations(ladders)) {
    const auto sizes = group_sizes(generalised(rows, ladders, levels));
    Node node{levels};
    for (const auto& [values, size] : sizes) node.suppressed += size < k ? size : 0;
    if (node.suppressed > limit) continue;
    for (std::size_t j = 0; j < ladders.size(); ++j) {
      node.loss += static_cast<double>(levels[j]) / ladders[j].levels;
    }
    // Least detail lost, then fewest rows left out; the first such node in lattice order.
    if (!best || node.loss < best->loss - 1e-9 ||
        (std::abs(node.loss - best->loss) < 1e-9 && node.suppressed < best->suppressed)) {
      best = std::move(node);
    }
  }
  KAnonymous out;
  out.kept.assign(rows.size(), false);
  out.rows.resize(rows.size());
  if (!best) {  // not even "*" everywhere reaches k: nothing can be released
    out.levels.clear();
    for (const Ladder& l : ladders) out.levels.push_back(l.levels);
    out.suppressed = static_cast<int>(rows.size());
    return out;
  }
  out.levels = best->levels;
  auto values = generalised(rows, ladders, best->levels);
  const auto sizes = group_sizes(values);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.kept[i] = sizes.at(values[i]) >= k;
    if (out.kept[i]) out.rows[i] = std::move(values[i]);
  }
  out.suppressed = best->suppressed;
  return out;
}

}  // namespace tsunagu::bank
