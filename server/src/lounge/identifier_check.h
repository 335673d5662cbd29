#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::lounge {

// One thing in a draft that looks like it could identify a patient.
struct IdentifierFinding {
  std::string kind;  // phone, date, birth_date, postal_code, record_number, email
  std::string text;  // the matching text as the author wrote it (shown back to them only)
  bool operator==(const IdentifierFinding&) const = default;
};

inline void PrintTo(const IdentifierFinding& f, std::ostream* os) {
  *os << f.kind << ":" << f.text;
}

// Obvious identifiers in text meant for the lounge's case board: phone numbers (Japanese, 10–11
// digits, or +81), full dates (a date of birth, of admission…) in Western or era form, words
// that announce a date of birth (生年月日, DOB), postal codes (〒123-4567, 123-4567), record
// numbers after "ID:", 患者番号, カルテ番号, 診察券番号, 保険証, MRN …, and e-mail addresses.
// Full-width digits and letters count as their ASCII forms. This is a reminder that catches
// slips, not de-identification: names, addresses and rare details are for the author to
// remove. At most 10 findings, each once, in the order they appear. Pure and thread-safe.
std::vector<IdentifierFinding> find_identifiers(std::string_view text);

}  // namespace tsunagu::lounge
