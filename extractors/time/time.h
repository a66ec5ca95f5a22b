// TimeExtractor: finds time expressions in an article and normalizes them to
// TIMEX3 values (dates, times, durations, sets).
//
// The pipeline builds one TimeExtractor per language from
// extractors/time/rules/<lang>.rules and runs it after the figures
// extractor. What a language says is all in its rule file, HeidelTime-style:
// word tables (month names, number words, units) that patterns use as
// {TABLE} and that map words to values, and rules whose attributes are value
// templates filled from the match and resolved against the document's
// reference date. Adding a language is adding a rule file.
//
// Rule attributes. A rule is either an expression rule or a cue rule.
// Expression rules produce mentions:
//   kind       date | time | duration | set (the mention's kind; its TIMEX3
//              type is DATE, TIME, DURATION or SET), or none for a blocking
//              rule: it wins overlaps like the others but makes no mention
//              ("en maintenant", a verb, hides "maintenant", now)
//   timex      value template ("{y}-{m:MONTH}", "P{n:NUMBER}{u:UNIT}",
//              "XXXX-WXX-{w:WEEKDAY}"; placeholders: internal/template.h).
//              Default "{anchor}".
//   anchor     "UNIT OFFSET" (both templates): the reference date's unit
//              moved by OFFSET units ("week -1" = last week). UNIT is day,
//              week, month, quarter, half, year, decade or century.
//   direction  which occurrence an underspecified value takes: tense
//              (default), latest, earliest, last, next, this or nearest
//              (internal/resolve.h). A bare month or weekday follows the
//              tense of its clause: past or present -> the most recent one
//              (the current month counts), future -> the next one.
//   mod        TIMEX3 modifier template: START, MID, END, APPROX, BEFORE,
//              AFTER, ON_OR_BEFORE, ON_OR_AFTER, LESS_THAN, MORE_THAN,
//              EQUAL_OR_LESS, EQUAL_OR_MORE, or empty.
// A group named `extent` marks the mention's text inside a longer match, so
// that a rule can require a cue it does not report: "en (?P<extent>2030)".
// Cue rules produce no mention; they tell the tense of a clause:
//   cue        future | past | present: a finite-verb cue of that tense;
//              none: a word that looks like a cue but is not (it wins over
//              the cue it overlaps by priority); clause: a clause boundary
//              (conjunction, relative pronoun, quote, parenthesis).
// The tense of an expression is that of the nearest tense cue before it in
// its clause, else of the nearest one after it in its clause, else unknown
// (read as present).
//
// Conventions (documented for the output's readers):
// - "since X" ("depuis 2020", "depuis juin") is a DATE X with mod
//   ON_OR_AFTER; "depuis trois ans" / "depuis des mois" is a DURATION.
// - "by the end of the year" / "d'ici la fin de l'année" is the year with
//   mod END (the signal "by" does not turn it into ON_OR_BEFORE).
// - "aujourd'hui" / "today" is the reference date; "actuellement", "now",
//   "currently", "pour l'instant" are PRESENT_REF.
// - Prepositions before an expression ("en", "in", "depuis", "since") are
//   not part of its text; determiners are ("la semaine dernière").
// - An expression lying inside a money, percent or quantity mention of the
//   figures extractor is dropped ("en 2030 exemplaires").
//
// Matching: expression rules are not run as one RE2::Set (its DFA is slow on
// unseen text) but prefiltered by the literals each must contain
// (internal/rule_filter.h); cue rules run only in sentences where an
// expression needs a tense. The matches are those RulePack::FindAll gives.
//
// Thread-safety: immutable after Create; Extract and Hits are const and may
// be called from many threads.
//
// Example:
//   auto pack = LoadRulePack("time", "fr");
//   auto time = TimeExtractor::Create(std::move(*pack));
//   std::vector<Mention> mentions;
//   (*time)->Extract(doc, /*found=*/{}, &mentions);
#ifndef NEWSLINE_EXTRACTORS_TIME_TIME_H_
#define NEWSLINE_EXTRACTORS_TIME_TIME_H_

#include <memory>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/mention.h"
#include "extractors/engine/extractor.h"
#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

class TimeExtractor : public Extractor {
 public:
  // Checks every rule's attributes (kinds, templates, anchors, directions,
  // modifiers, cues) and compiles the templates. Fails with kBadRule and
  // "path:line" of the bad rule.
  static Result<std::unique_ptr<TimeExtractor>> Create(RulePack pack);

  ~TimeExtractor() override;
  TimeExtractor(const TimeExtractor&) = delete;
  TimeExtractor& operator=(const TimeExtractor&) = delete;

  // For each item: appends the date, time, duration and set mentions of its
  // document, in text order, without overlaps. `found` holds the figures
  // extractor's mentions.
  void ExtractBatch(std::span<const BatchItem> items) const override;
  std::vector<const RuleFilter*> Filters() const override;

  // Everything the rules fired on `doc`: the hits of the mentions Extract
  // gives, then those of blocking rules (attribute "kind" = "none") and of
  // cue rules (attribute "cue" = "future", "past", "present", "none" or
  // "clause"), so that CheckRuleExamples can test every rule of the file.
  std::vector<RuleHit> Hits(const Document& doc) const override;

  const RulePack& pack() const;

 private:
  struct Impl;
  explicit TimeExtractor(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_TIME_TIME_H_
