// Value templates of time rules: "{y}-{m:MONTH}-{d:pad2}".
//
// A template is literal text with placeholders. A placeholder names what it
// reads, then filters applied in order, then an optional default used when
// the source is absent:
//
//   {NAME}            the text of the rule's named group NAME
//   {anchor}          the rule's resolved anchor ("2024-W22"; see time.h)
//   {NAME:F1:F2}      the text passed through filters F1 then F2
//   {NAME|DEFAULT}    DEFAULT (literal, not filtered) when the group did not
//                     take part in the match or is empty
//
// A filter is a table of the rule file (upper-case name: the table's value
// for the text; a number in ASCII digits, "12" or "1,5", that is not a key
// passes through unchanged) or
// one of:
//   pad2     leading digits, zero-padded to two ("1er" -> "01")
//   int      leading digits as a number ("05" -> "5")
//   year     a 2-digit year made 4-digit: the latest year ending so that is
//            at most 20 years after the reference year ("24" -> "2024")
//   decade   a year's decade digits ("1990" -> "199"; 2 digits: "90" -> "199")
//   roman    Roman numerals or digits as a number ("XXI" -> "21")
//   century  an ordinal century as TIMEX3 digits ("21" -> "20")
//   decimal  a decimal comma made a point ("1,5" -> "1.5")
//   pm, am   12-hour clock hours to 24 ("3" pm -> "15", "12" am -> "0")
//   neg      negated: "3" -> "-3", "X" -> "-X"
// Templates are compiled once, when the extractor is built, and checked
// against the rule: an unknown group, table or filter is an error. Internal
// to extractors/time; Fill is thread-safe.
#ifndef NEWSLINE_EXTRACTORS_TIME_INTERNAL_TEMPLATE_H_
#define NEWSLINE_EXTRACTORS_TIME_INTERNAL_TEMPLATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "extractors/engine/rule_pack.h"

namespace newsline::time_internal {

struct FillContext {
  const RuleMatch* match = nullptr;
  std::string_view anchor;             // the resolved anchor, if any
  std::optional<CivilDate> reference;  // for the `year` filter
};

class Template {
 public:
  Template() = default;

  // Compiles `text` for `rule`. `allow_anchor` says whether {anchor} may be
  // used. Fails with a message naming the bad placeholder; the caller adds
  // where.
  static Result<Template> Compile(std::string_view text, const Rule& rule,
                                  const RulePack& pack, bool allow_anchor);

  // The filled text, or nullopt when a group without a default is absent or
  // a filter does not apply (a word missing from a table, no digits).
  std::optional<std::string> Fill(const FillContext& context) const;

  bool empty() const { return segments_.empty(); }
  // Every text Fill can return, when that is a short known list: a literal
  // template, or a single placeholder whose last filter is a table (its
  // values and the default). nullopt otherwise. Used to check values such as
  // modifiers when the extractor is built.
  std::optional<std::vector<std::string>> PossibleValues() const;

 private:
  enum class Op {
    kTable,
    kPad2,
    kInt,
    kYear,
    kDecade,
    kRoman,
    kCentury,
    kDecimal,
    kPm,
    kAm,
    kNeg
  };
  struct Filter {
    Op op = Op::kTable;
    const Table* table = nullptr;
  };
  struct Segment {
    std::string literal;  // used when group < 0 and !anchor
    int group = -1;
    bool anchor = false;
    std::vector<Filter> filters;
    std::optional<std::string> fallback;
  };

  static bool Apply(const Filter& filter, const FillContext& context,
                    std::string* text);

  std::vector<Segment> segments_;
};

}  // namespace newsline::time_internal

#endif  // NEWSLINE_EXTRACTORS_TIME_INTERNAL_TEMPLATE_H_
