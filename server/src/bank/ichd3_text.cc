#include "bank/ichd3_text.h"

#include <cmath>

namespace tsunagu::bank::text {
namespace {

std::string n(int v) { return std::to_string(v); }

// One decimal, e.g. 2.5 (no locale).
std::string one_decimal(double v) {
  const long tenths = std::lround(v * 10);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

LocalText med_class_words(std::string_view c) {
  if (c == "simple_analgesic")
    return {"解熱鎮痛薬（アセトアミノフェンなど）", "simple analgesics (such as paracetamol)"};
  if (c == "nsaid")
    return {"NSAIDs（ロキソプロフェン、イブプロフェンなど）", "NSAIDs (such as ibuprofen)"};
  if (c == "triptan") return {"トリプタン", "triptans"};
  if (c == "combination") return {"複合鎮痛薬", "combination analgesics"};
  if (c == "ergot") return {"エルゴタミン製剤", "ergots"};
  if (c == "opioid") return {"オピオイド", "opioids"};
  return {"複数の種類の鎮痛薬の組み合わせ", "several kinds of painkillers together"};
}

LocalText joined(const std::vector<LocalText>& parts) {
  LocalText out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out.ja += (i == 0 ? "" : "、") + parts[i].ja;
    out.en += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i].en;
  }
  return out;
}

}  // namespace

LocalText code_name(std::string_view code) {
  if (code == "1.1")
    return {"前兆のない片頭痛（ICHD-3 1.1）", "migraine without aura (ICHD-3 1.1)"};
  if (code == "1.2") return {"前兆のある片頭痛（ICHD-3 1.2）", "migraine with aura (ICHD-3 1.2)"};
  if (code == "1.3") return {"慢性片頭痛（ICHD-3 1.3）", "chronic migraine (ICHD-3 1.3)"};
  if (code == "1.5") return {"片頭痛の疑い（ICHD-3 1.5）", "probable migraine (ICHD-3 1.5)"};
  if (code == "2.1") {
    return {"稀発反復性緊張型頭痛（ICHD-3 2.1）",
            "infrequent episodic tension-type headache (ICHD-3 2.1)"};
  }
  if (code == "2.2") {
    return {"頻発反復性緊張型頭痛（ICHD-3 2.2）",
            "frequent episodic tension-type headache (ICHD-3 2.2)"};
  }
  if (code == "2.3") {
    return {"慢性緊張型頭痛（ICHD-3 2.3）", "chronic tension-type headache (ICHD-3 2.3)"};
  }
  if (code == "2") return {"緊張型頭痛（ICHD-3 2）", "tension-type headache (ICHD-3 2)"};
  return {"薬剤の使用過多による頭痛（薬物乱用頭痛、ICHD-3 8.2）",
          "medication-overuse headache (ICHD-3 8.2)"};
}

LocalText explain_1_1(int q) {
  return {"記録された前兆のない発作のうち" + n(q) +
              "回が、4〜72時間続き、「片側」「ズキンズキンと脈打つ」「中等度以上の痛み」"
              "「階段の上り下りなど日常の動作で悪化」のうち2つ以上にあてはまり、"
              "吐き気・嘔吐、または光と音の両方への過敏を伴っていました。"
              "基準では、このような発作が5回以上必要です。",
          n(q) +
              " of your recorded attacks without aura lasted 4 to 72 hours, had at least two of "
              "one-sided, pulsating, moderate or severe, and worse with routine activity such "
              "as climbing stairs, and came with nausea or vomiting, or with both light and "
              "sound sensitivity. The criteria need at least 5 such attacks."};
}

LocalText explain_1_2(int aura) {
  return {"前兆を伴う発作が" + n(aura) +
              "回記録されています。基準では2回以上必要です。前兆の広がり方や続く時間"
              "（5〜60分など）は日記では確かめられないため、医師の判断が必要です。",
          n(aura) +
              " of your recorded attacks came with aura; the criteria need at least 2. How the "
              "aura spreads and how long it lasts (such as 5 to 60 minutes) cannot be checked "
              "from a diary and needs a doctor's judgement."};
}

LocalText explain_1_3(int months15, int months8, int attacks) {
  return {"頭痛のある日が月15日以上の月が" + n(months15) +
              "か月続き、そのうち片頭痛のような日が月8日以上の月が" + n(months8) +
              "か月続いています（基準では3か月を超えて、つまり4か月以上続くことが必要です）。"
              "片頭痛の基準にあてはまる発作は" +
              n(attacks) + "回です（5回以上必要）。",
          "You had headache on 15 or more days a month for " + n(months15) +
              " months in a row, with migraine-like headache on 8 or more of those days for " +
              n(months8) +
              " months in a row; the criteria need more than 3 months (4 or more in a row). " +
              n(attacks) + " of your attacks meet the migraine criteria (5 are needed)."};
}

LocalText explain_1_5(bool features, bool migraine, bool tension) {
  if (migraine) {
    return {"記録は片頭痛の基準そのものにあてはまるため、「片頭痛の疑い」にはあたりません。",
            "Your records meet the full migraine criteria, so probable migraine does not "
            "apply."};
  }
  if (!features) {
    return {"片頭痛の特徴のうち1つだけが欠けるような発作は、記録にありません。",
            "None of your recorded attacks lacks just one feature of migraine."};
  }
  if (tension) {
    return {
        "片頭痛の特徴のうち1つだけが欠ける発作がありますが、緊張型頭痛の基準にも"
        "あてはまるため、基準では緊張型頭痛が優先されます。",
        "Some attacks lack just one feature of migraine, but your records also meet the "
        "tension-type headache criteria, which take precedence."};
  }
  return {"片頭痛の特徴のうち1つだけが欠ける発作が記録されています。",
          "Some of your recorded attacks have every feature of migraine but one."};
}

LocalText explain_2(int q, std::string_view subtype, double per_month) {
  const LocalText name = code_name(subtype);
  return {"記録された頭痛のうち" + n(q) +
              "回が、30分〜7日続き、「両側」「締めつけられる・圧迫される感じ」「軽度〜中等度の"
              "痛み」「日常の動作で悪化しない」のうち2つ以上にあてはまり、吐き気や嘔吐がなく、"
              "光と音の両方への過敏はありませんでした。基準では10回以上必要です。頻度からみると" +
              name.ja + "の型です（緊張型頭痛のような日が平均で月" + one_decimal(per_month) +
              "日）。",
          n(q) +
              " of your recorded headaches lasted 30 minutes to 7 days, had at least two of "
              "both sides, pressing or tightening, mild or moderate, and not worse with routine "
              "activity, with no nausea or vomiting and not both light and sound sensitivity. "
              "The criteria need at least 10. By frequency this is the pattern of " +
              name.en + " (tension-type days: " + one_decimal(per_month) + " a month on average)."};
}

LocalText explain_8_2(const std::vector<std::string>& overused, int months) {
  const LocalText rule = {
      "解熱鎮痛薬・NSAIDsを月15日以上、またはトリプタン・エルゴタミン製剤・オピオイド・"
      "複合鎮痛薬・複数の薬の組み合わせを月10日以上、3か月を超えて使い続けると、"
      "薬そのものが頭痛を増やすことがあります。自己判断で薬をやめず、医師に相談してください。",
      "Taking simple analgesics or NSAIDs on 15 or more days a month, or triptans, ergots, "
      "opioids, combination analgesics or several kinds together on 10 or more days a month, "
      "for more than 3 months can itself make headaches more frequent. Do not stop medicines on "
      "your own; talk to a doctor."};
  if (overused.empty()) {
    return {"記録では、頭痛薬の使用日数は基準を超えていません。" + rule.ja,
            "Your records do not show acute medicine above these limits. " + rule.en};
  }
  std::vector<LocalText> words;
  for (const auto& c : overused) words.push_back(med_class_words(c));
  const LocalText what = joined(words);
  return {what.ja + "を基準以上の日数使った月が" + n(months) + "か月続いています。" + rule.ja,
          "You took " + what.en + " on more days than the limit for " + n(months) +
              " months in a row. " + rule.en};
}

LocalText guidance(const std::vector<CriterionResult>& results) {
  std::vector<LocalText> matched;
  std::vector<LocalText> partly;
  bool overuse = false;
  for (const CriterionResult& r : results) {
    const LocalText name = code_name(r.subtype.empty() ? r.code : r.subtype);
    if (r.status == Status::kMatches) matched.push_back(name);
    if (r.status == Status::kPartly) partly.push_back(name);
    overuse |= r.code == "8.2" && r.status == Status::kMatches;
  }
  LocalText out;
  if (!matched.empty()) {
    const LocalText names = joined(matched);
    out = {"記録は" + names.ja +
               "のパターンにあてはまります。これは診断ではありません。頭痛専門医の受診を"
               "考えてみてください。受診のときは、この日記を見せると役に立ちます。",
           "Your records match the pattern of " + names.en +
               ". This is not a diagnosis: please consider seeing a headache specialist, and "
               "bring this diary with you."};
  } else if (!partly.empty()) {
    const LocalText names = joined(partly);
    out = {"記録は" + names.ja +
               "の基準の一部にあてはまります。これは診断ではありません。頭痛で困っていれば、"
               "頭痛専門医に相談してみてください。記録を続けると、より確かめやすくなります。",
           "Your records partly match the criteria of " + names.en +
               ". This is not a diagnosis: if headaches trouble you, consider talking to a "
               "headache specialist. Keeping the diary makes the check more reliable."};
  } else {
    out = {
        "記録は、ここで確かめた頭痛のパターンにはあてはまりません。これは診断ではありません。"
        "頭痛で困っていれば、医師に相談してください。",
        "Your records do not match the headache patterns checked here. This is not a "
        "diagnosis: if headaches trouble you, please talk to a doctor."};
  }
  if (overuse) {
    out.ja += "頭痛薬の使いすぎが疑われます。自己判断で薬をやめず、医師に相談してください。";
    out.en +=
        " Your records suggest overuse of headache medicine; do not stop medicines on "
        "your own, talk to a doctor.";
  }
  out.ja +=
      "下の危険なサインのどれかがあれば、すぐに医療機関を受診してください（夜間・休日は"
      "救急外来へ）。";
  out.en +=
      " If you have any of the warning signs below, seek medical care at once (an "
      "emergency department out of hours).";
  return out;
}

}  // namespace tsunagu::bank::text
