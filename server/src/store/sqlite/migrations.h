#pragma once

#include <span>
#include <string_view>

namespace tsunagu::store::sqlite {

// One step of the schema. `version` numbers start at 1 and increase by one; `sql` may hold
// several statements and runs inside the transaction that records the version.
struct Migration {
  int version;
  std::string_view sql;
};

// Every migration, oldest first. Append only: a released migration is never edited or
// reordered, because databases in the field have already run it.
std::span<const Migration> migrations();

}  // namespace tsunagu::store::sqlite
