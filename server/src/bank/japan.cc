#include "bank/japan.h"

#include <algorithm>
#include <array>
#include <utility>

namespace tsunagu::bank {
namespace {

// In the order of the national prefecture codes (JIS X 0401).
constexpr std::array kPrefectures = {
    Prefecture{"hokkaido", "hokkaido", "北海道", "Hokkaido"},
    Prefecture{"aomori", "tohoku", "青森県", "Aomori"},
    Prefecture{"iwate", "tohoku", "岩手県", "Iwate"},
    Prefecture{"miyagi", "tohoku", "宮城県", "Miyagi"},
    Prefecture{"akita", "tohoku", "秋田県", "Akita"},
    Prefecture{"yamagata", "tohoku", "山形県", "Yamagata"},
    Prefecture{"fukushima", "tohoku", "福島県", "Fukushima"},
    Prefecture{"ibaraki", "kanto", "茨城県", "Ibaraki"},
    Prefecture{"tochigi", "kanto", "栃木県", "Tochigi"},
    Prefecture{"gunma", "kanto", "群馬県", "Gunma"},
    Prefecture{"saitama", "kanto", "埼玉県", "Saitama"},
    Prefecture{"chiba", "kanto", "千葉県", "Chiba"},
    Prefecture{"tokyo", "kanto", "東京都", "Tokyo"},
    Prefecture{"kanagawa", "kanto", "神奈川県", "Kanagawa"},
    Prefecture{"niigata", "chubu", "新潟県", "Niigata"},
    Prefecture{"toyama", "chubu", "富山県", "Toyama"},
    Prefecture{"ishikawa", "chubu", "石川県", "Ishikawa"},
    Prefecture{"fukui", "chubu", "福井県", "Fukui"},
    Prefecture{"yamanashi", "chubu", "山梨県", "Yamanashi"},
    Prefecture{"nagano", "chubu", "長野県", "Nagano"},
    Prefecture{"gifu", "chubu", "岐阜県", "Gifu"},
    Prefecture{"shizuoka", "chubu", "静岡県", "Shizuoka"},
    Prefecture{"aichi", "chubu", "愛知県", "Aichi"},
    Prefecture{"mie", "kinki", "三重県", "Mie"},
    Prefecture{"shiga", "kinki", "滋賀県", "Shiga"},
    Prefecture{"kyoto", "kinki", "京都府", "Kyoto"},
    Prefecture{"osaka", "kinki", "大阪府", "Osaka"},
    Prefecture{"hyogo", "kinki", "兵庫県", "Hyogo"},
    Prefecture{"nara", "kinki", "奈良県", "Nara"},
    Prefecture{"wakayama", "kinki", "和歌山県", "Wakayama"},
    Prefecture{"tottori", "chugoku", "鳥取県", "Tottori"},
    Prefecture{"shimane", "chugoku", "島根県", "Shimane"},
    Prefecture{"okayama", "chugoku", "岡山県", "Okayama"},
    Prefecture{"hiroshima", "chugoku", "広島県", "Hiroshima"},
    Prefecture{"yamaguchi", "chugoku", "山口県", "Yamaguchi"},
    Prefecture{"tokushima", "shikoku", "徳島県", "Tokushima"},
    Prefecture{"kagawa", "shikoku", "香川県", "Kagawa"},
    Prefecture{"ehime", "shikoku", "愛媛県", "Ehime"},
    Prefecture{"kochi", "shikoku", "高知県", "Kochi"},
    Prefecture{"fukuoka", "kyushu_okinawa", "福岡県", "Fukuoka"},
    Prefecture{"saga", "kyushu_okinawa", "佐賀県", "Saga"},
    Prefecture{"nagasaki", "kyushu_okinawa", "長崎県", "Nagasaki"},
    Prefecture{"kumamoto", "kyushu_okinawa", "熊本県", "Kumamoto"},
    Prefecture{"oita", "kyushu_okinawa", "大分県", "Oita"},
    Prefecture{"miyazaki", "kyushu_okinawa", "宮崎県", "Miyazaki"},
    Prefecture{"kagoshima", "kyushu_okinawa", "鹿児島県", "Kagoshima"},
    Prefecture{"okinawa", "kyushu_okinawa", "沖縄県", "Okinawa"},
};
static_assert(kPrefectures.size() == 47);

constexpr std::array<std::string_view, 8> kAgeBands = {"under_16", "16_19", "20_29", "30_39",
                                                       "40_49",    "50_59", "60_69", "70_plus"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kWiderBands = {{
    {"under_16", "under_20"},
    {"16_19", "under_20"},
    {"20_29", "20_39"},
    {"30_39", "20_39"},
    {"40_49", "40_59"},
    {"50_59", "40_59"},
    {"60_69", "60_plus"},
    {"70_plus", "60_plus"},
}};

}  // namespace

std::span<const Prefecture> prefectures() { return kPrefectures; }

std::string_view region_of(std::string_view prefecture) {
  auto it = std::ranges::find(kPrefectures, prefecture, &Prefecture::code);
  return it == kPrefectures.end() ? prefecture : it->region;
}

std::span<const std::string_view> age_bands() { return kAgeBands; }

std::string_view wider_age_band(std::string_view band) {
  for (const auto& [narrow, wide] : kWiderBands) {
    if (narrow == band) return wide;
  }
  return band;
}

}  // namespace tsunagu::bank
