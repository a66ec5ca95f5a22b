// The time extractor's prefiltered matching (internal/rule_filter.h) must
// find exactly what RulePack::FindAll finds for the same rules: checked on
// every example and counter-example of both rule files and on the seed
// article.
#include "extractors/engine/rule_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "extractors/engine/rule_files.h"
#include "extractors/engine/rule_subset.h"
#include "tests/testing/test_document.h"

namespace newsline {
namespace {

using Key = std::tuple<size_t, size_t, std::string>;

std::vector<Key> Keys(const std::vector<RuleMatch>& matches) {
  std::vector<Key> keys;
  for (const RuleMatch& m : matches)
    keys.emplace_back(m.begin, m.end, m.rule->id);
  std::sort(keys.begin(), keys.end());
  return keys;
}

TEST(RuleFilter, FindsWhatTheRulePackFinds) {
  std::ifstream in("tests/time/data/seed-fr.txt", std::ios::binary);
  std::ostringstream seed;
  seed << in.rdbuf();
  for (const std::string lang : {"fr", "en"}) {
    SCOPED_TRACE(lang);
    auto pack = LoadRulePack("time", lang);
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    std::vector<const Rule*> expressions;
    for (const Rule& r : pack->rules()) {
      if (!r.HasAttribute("cue")) expressions.push_back(&r);
    }
    auto filter = RuleFilter::Create(expressions);
    ASSERT_TRUE(filter.has_value()) << filter.error().ToString();
    std::vector<std::string> texts = {seed.str()};
    for (const Rule& r : pack->rules()) {
      for (const auto& e : r.examples) texts.push_back(e.text);
      for (const auto& e : r.counters) texts.push_back(e.text);
    }
    RuleFilter::Scratch scratch;
    size_t compared = 0;
    for (const std::string& text : texts) {
      auto doc = testing::MakeDocument(text, lang);
      for (const Sentence& s : doc->sentences) {
        std::vector<RuleMatch> expected;
        for (RuleMatch& m : pack->FindAll(doc->doc.text, s.begin, s.end)) {
          if (!m.rule->HasAttribute("cue")) expected.push_back(std::move(m));
        }
        std::vector<RuleMatch> actual;
        filter->FindAll(doc->doc.text, s.begin, s.end, &scratch, &actual);
        EXPECT_EQ(Keys(actual), Keys(expected))
            << doc->doc.text.substr(s.begin, s.end - s.begin);
        compared += expected.size();
      }
    }
    EXPECT_GT(compared, 200u);
  }
}

// Matches with everything that must agree: span, rule and groups.
using Exact =
    std::tuple<size_t, size_t, std::string, std::vector<std::string_view>>;

std::vector<Exact> ExactOf(const std::vector<RuleMatch>& matches) {
  std::vector<Exact> out;
  for (const RuleMatch& m : matches)
    out.emplace_back(m.begin, m.end, m.rule->id, m.groups);
  return out;
}

std::string SeedText() {
  std::ifstream in("tests/time/data/seed-fr.txt", std::ios::binary);
  std::ostringstream seed;
  seed << in.rdbuf();
  return seed.str();
}

// Calls check(pack, lang) for every extractor's pack in both languages.
template <typename Check>
void ForEachPack(Check&& check) {
  for (const std::string extractor :
       {"figures", "time", "entities", "events"}) {
    for (const std::string lang : {"fr", "en"}) {
      SCOPED_TRACE(extractor + " " + lang);
      auto pack = LoadRulePack(extractor, lang);
      ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
      check(*pack, lang);
    }
  }
}

// FindAllIn over many ranges gives, range by range and in the same order,
// what FindAll gives: every pack, on the seed article's sentences, on the
// whole text, and on odd ranges (empty, reversed, past the end,
// overlapping).
TEST(RulePack, FindAllInGivesEachRangeWhatFindAllGives) {
  const std::string seed = SeedText();
  size_t compared = 0;
  ForEachPack([&](const RulePack& pack, const std::string& lang) {
    auto doc = testing::MakeDocument(seed, lang);
    const std::string_view text = doc->doc.text;
    std::vector<TextRange> ranges = SentenceRanges(doc->sentences);
    ranges.push_back({0, text.size()});
    ranges.push_back({10, 10});
    ranges.push_back({50, 20});
    ranges.push_back({text.size() - 40, text.size() + 100});
    ranges.push_back({0, 300});
    ranges.push_back({100, 400});
    const auto all = pack.FindAllIn(text, ranges);
    ASSERT_EQ(all.size(), ranges.size());
    for (size_t i = 0; i < ranges.size(); ++i) {
      EXPECT_EQ(ExactOf(all[i]),
                ExactOf(pack.FindAll(text, ranges[i].begin, ranges[i].end)))
          << "range " << ranges[i].begin << "-" << ranges[i].end;
      compared += all[i].size();
    }
  });
  EXPECT_GT(compared, 300u);
}

// The texts of the batch tests: the seed article and two short stories.
std::vector<std::string> BatchTexts() {
  return {SeedText(),
          "Le 3 mai 2024, Tesla a livré 12 000 voitures, soit 5 % de plus. "
          "Elon Musk l'a annoncé hier.",
          "On March 3, 2024, Tesla delivered 12,000 cars, 5% more than a "
          "year earlier. Elon Musk said so yesterday."};
}

// FindAllInBatch gives each text what FindAllIn gives it alone: several
// documents (one of them twice, one with no ranges, one empty) in one batch.
TEST(RulePack, FindAllInBatchGivesEachTextWhatFindAllInGives) {
  std::vector<std::string> texts = BatchTexts();
  texts.push_back("");
  size_t compared = 0;
  ForEachPack([&](const RulePack& pack, const std::string& lang) {
    std::vector<std::unique_ptr<testing::TestDocument>> docs;
    std::vector<std::vector<TextRange>> ranges;
    for (const std::string& text : texts) {
      docs.push_back(testing::MakeDocument(text, lang));
      ranges.push_back(SentenceRanges(docs.back()->sentences));
    }
    std::vector<MatchJob> jobs;
    for (size_t i = 0; i < docs.size(); ++i)
      jobs.push_back({docs[i]->doc.text, ranges[i]});
    jobs.push_back(jobs[1]);
    jobs.push_back({docs[0]->doc.text, {}});
    const auto batch = pack.FindAllInBatch(jobs);
    ASSERT_EQ(batch.size(), jobs.size());
    for (size_t j = 0; j < jobs.size(); ++j) {
      SCOPED_TRACE("job " + std::to_string(j));
      const auto alone = pack.FindAllIn(jobs[j].text, jobs[j].ranges);
      ASSERT_EQ(batch[j].size(), alone.size());
      for (size_t i = 0; i < alone.size(); ++i) {
        EXPECT_EQ(ExactOf(batch[j][i]), ExactOf(alone[i])) << "range " << i;
        compared += alone[i].size();
      }
    }
  });
  EXPECT_GT(compared, 200u);
}

// Under a SharedScan::Batch over all four packs of a language, each pack's
// FindAllInBatch gives what it gives alone, whether its ranges are those
// scanned, shorter (sentence ends short of the next sentence), longer (not
// served: scanned by the filter itself); and the literals a filter reads
// from the shared scan of a range are those its own scanner finds there.
TEST(SharedScan, GivesEachFilterWhatItsOwnScanGives) {
  const std::vector<std::string> texts = BatchTexts();
  size_t compared = 0, served = 0;
  for (const std::string lang : {"fr", "en"}) {
    SCOPED_TRACE(lang);
    std::vector<RulePack> packs;
    for (const std::string extractor :
         {"figures", "time", "entities", "events"}) {
      auto pack = LoadRulePack(extractor, lang);
      ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
      packs.push_back(std::move(*pack));
    }
    std::vector<const RuleFilter*> filters;
    for (const RulePack& pack : packs) filters.push_back(pack.filter());
    const SharedScan scan(filters);

    std::vector<std::unique_ptr<testing::TestDocument>> docs;
    std::vector<std::vector<TextRange>> scanned, sentences, longer;
    for (const std::string& text : texts) {
      docs.push_back(testing::MakeDocument(text, lang));
      const auto& ss = docs.back()->sentences;
      const size_t size = docs.back()->doc.text.size();
      scanned.emplace_back();
      longer.emplace_back();
      for (size_t k = 0; k < ss.size(); ++k) {
        const size_t next = k + 1 < ss.size() ? ss[k + 1].begin : size;
        scanned.back().push_back({ss[k].begin, next});
        longer.back().push_back({ss[k].begin, std::min(next + 40, size)});
      }
      sentences.push_back(SentenceRanges(ss));
    }
    auto jobs_of = [&](const std::vector<std::vector<TextRange>>& ranges) {
      std::vector<MatchJob> jobs;
      for (size_t i = 0; i < docs.size(); ++i)
        jobs.push_back({docs[i]->doc.text, ranges[i]});
      return jobs;
    };
    const std::vector<MatchJob> scan_jobs = jobs_of(scanned);
    for (const auto* ranges : {&scanned, &sentences, &longer}) {
      const std::vector<MatchJob> jobs = jobs_of(*ranges);
      for (const RulePack& pack : packs) {
        const auto alone = pack.FindAllInBatch(jobs);
        const SharedScan::Batch batch(scan, scan_jobs);
        ASSERT_EQ(SharedScan::Batch::Current(), &batch);
        const auto shared = pack.FindAllInBatch(jobs);
        ASSERT_EQ(shared.size(), alone.size());
        for (size_t j = 0; j < alone.size(); ++j) {
          ASSERT_EQ(shared[j].size(), alone[j].size());
          for (size_t i = 0; i < alone[j].size(); ++i) {
            EXPECT_EQ(ExactOf(shared[j][i]), ExactOf(alone[j][i]));
            compared += alone[j][i].size();
          }
        }
      }
    }
    EXPECT_EQ(SharedScan::Batch::Current(), nullptr);
    // Literals read from the shared scan of a range scanned as asked.
    const SharedScan::Batch batch(scan, scan_jobs);
    for (const RulePack& pack : packs) {
      const AtomScanner own(pack.filter()->atoms());
      for (size_t i = 0; i < docs.size(); ++i) {
        const std::string_view text = docs[i]->doc.text;
        for (const TextRange& r : scanned[i]) {
          std::vector<int> expected, got;
          const bool digit =
              own.Scan(text.substr(r.begin, r.end - r.begin), &expected);
          bool got_digit = !digit;
          ASSERT_TRUE(batch.Lookup(pack.filter()->id(), text, r.begin, r.end,
                                   &got, &got_digit));
          EXPECT_EQ(got, expected);
          EXPECT_EQ(got_digit, digit);
          served += !got.empty();
          // Not served: a range reaching past the scanned one, or a filter
          // the scan does not know.
          EXPECT_FALSE(batch.Lookup(pack.filter()->id(), text, r.begin,
                                    r.end + 1, &got, &got_digit) &&
                       r.end < text.size());
        }
      }
    }
    const auto other = RuleFilter::Create({&packs[0].rules()[0]});
    ASSERT_TRUE(other.has_value());
    std::vector<int> atoms;
    bool digit = false;
    EXPECT_FALSE(
        batch.Lookup(other->id(), docs[0]->doc.text, 0, 10, &atoms, &digit));
  }
  EXPECT_GT(compared, 500u);
  EXPECT_GT(served, 50u);
}

// Potentials' answers are remembered per thread in a table that grows, and
// starts afresh when full, shared by filters: with more distinct atom sets
// than it holds (2^15 here), from two filters through one Scratch, every
// sentence must still find exactly the rules whose words it holds.
TEST(RuleFilter, RemembersAnswersAcrossGrowthResetsAndFilters) {
  constexpr int kWords = 15;
  // In pack y, one rule has two words: its literals and its rules are
  // numbered differently from pack x's, so that an answer remembered for
  // the wrong filter would name the wrong rules.
  auto pack_of = [&](char prefix) {
    std::string file = "lang en\n";
    for (int i = 0; i < kWords; ++i) {
      const std::string word = std::string(1, prefix) + "word" +
                               std::string(1, static_cast<char>('a' + i));
      if (prefix == 'y' && i == 1) continue;  // in t.yworda
      const std::string pattern =
          prefix == 'y' && i == 0 ? "yworda|ywordb" : word;
      file += "rule t." + word + "\n  pattern " + pattern + "\n";
    }
    return RulePack::Parse(file, std::string(1, prefix) + ".rules");
  };
  auto pack_a = pack_of('x');
  auto pack_b = pack_of('y');
  ASSERT_TRUE(pack_a.has_value()) << pack_a.error().ToString();
  ASSERT_TRUE(pack_b.has_value()) << pack_b.error().ToString();
  std::vector<const Rule*> rules_a, rules_b;
  for (const Rule& r : pack_a->rules()) rules_a.push_back(&r);
  for (const Rule& r : pack_b->rules()) rules_b.push_back(&r);
  auto filter_a = RuleFilter::Create(rules_a);
  auto filter_b = RuleFilter::Create(rules_b);
  ASSERT_TRUE(filter_a.has_value() && filter_b.has_value());
  RuleFilter::Scratch scratch;
  // Every subset of the words, then a second round that meets remembered
  // answers (or, after a reset, computes them again).
  for (int round = 0; round < 2; ++round) {
    for (uint32_t set = 1; set < (1u << kWords); ++set) {
      std::string text;
      std::vector<std::string> want_a, want_b;
      for (int i = 0; i < kWords; ++i) {
        if (!(set & (1u << i))) continue;
        const char letter = static_cast<char>('a' + i);
        text += "xword" + std::string(1, letter) + " ";
        want_a.push_back(std::string("t.xword") + letter);
      }
      // Filter b sees the complement: other atom sets, same Scratch.
      for (int i = 0; i < kWords; ++i) {
        if (set & (1u << i)) continue;
        const char letter = static_cast<char>('a' + i);
        text += "yword" + std::string(1, letter) + " ";
        want_b.push_back(std::string("t.yword") + (i == 1 ? 'a' : letter));
      }
      std::sort(want_b.begin(), want_b.end());
      for (auto [filter, want] :
           {std::pair(&*filter_a, &want_a), std::pair(&*filter_b, &want_b)}) {
        std::vector<RuleMatch> found;
        filter->FindAll(text, 0, text.size(), &scratch, &found);
        std::vector<std::string> ids;
        for (const RuleMatch& m : found) ids.push_back(m.rule->id);
        std::sort(ids.begin(), ids.end());
        ASSERT_EQ(ids, *want) << "round " << round << ", set " << set;
      }
    }
  }
}

TEST(RuleFilter, TellsRulesThatNeedADigit) {
  struct Case {
    std::string_view pattern;
    bool needs_digit;
  };
  const Case cases[] = {
      {R"((?P<y>1[0-9]{3}|20[0-9]{2}))", true},
      {R"(en (?P<y>\d{4}))", true},
      {R"(Q(?P<q>[1-4]))", true},
      {R"((?:trois|[0-9]+) ans)", false},
      {R"(hier|demain)", false},
      {R"([^0-9]+)", false},
      {R"(x[0-9a-f]y)", false},
      // Digits inside escapes in a class are no digits of the class.
      {R"([\x{2013}\x2D]\d+)", true},
      {R"([\p{Lu}\x{10FFFF}][0-9])", true},
      {R"([\x30-\x39])", false},  // digits, but not known as such: unsure
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RequiresDigit(std::string(c.pattern), false), c.needs_digit)
        << c.pattern;
  }
}

// A subset of one rule skips the Set pass and runs the rule's own search:
// it must find what the pack finds for that rule, also when the range runs
// past the text.
TEST(RuleSubset, OfOneRuleFindsWhatThePackFindsForIt) {
  for (const std::string lang : {"fr", "en"}) {
    SCOPED_TRACE(lang);
    auto pack = LoadRulePack("figures", lang);
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    size_t compared = 0;
    for (const Rule& rule : pack->rules()) {
      auto subset = RuleSubset::Create({&rule});
      ASSERT_TRUE(subset.has_value()) << subset.error().ToString();
      for (const auto& example : rule.examples) {
        const std::string& text = example.text;
        std::vector<RuleMatch> expected;
        for (RuleMatch& m : pack->FindAll(text, 0, text.size())) {
          if (m.rule == &rule) expected.push_back(std::move(m));
        }
        std::vector<int> hits;
        std::vector<RuleMatch> found;
        subset->FindAll(text, 0, text.size() + 10, &hits, &found);
        EXPECT_EQ(Keys(found), Keys(expected)) << rule.id << ": " << text;
        compared += expected.size();
      }
    }
    EXPECT_GT(compared, 80u);
  }
}

TEST(RuleFilter, TellsPatternsThatMatchOnlyTheEmptyString) {
  struct Case {
    std::string_view pattern;
    bool only_empty;
  };
  const Case cases[] = {
      {R"((?i:[^\x00-\x{10FFFF}]))", true},  // the rule files' {NONE}
      {R"(\b)", true},
      {R"((?:)|$)", true},
      {R"((?i:\bjuin))", false},
      {R"(a*)", false},
      {R"([^\pL\pN\pM]|$)", false},
      {R"(\d+)", false},
  };
  RE2::Options options;
  options.set_log_errors(false);
  for (const Case& c : cases) {
    const RE2 re(c.pattern, options);
    ASSERT_TRUE(re.ok()) << c.pattern;
    EXPECT_EQ(MatchesOnlyEmpty(re), c.only_empty) << c.pattern;
  }
}

TEST(AtomScanner, FindsAtomsWhateverTheirCase) {
  const AtomScanner scanner({"juin", "décembre", "fin ", "ago"});
  std::vector<int> found;
  EXPECT_FALSE(scanner.Scan("Fin JUIN et DÉCEMBRE", &found));
  EXPECT_EQ(found, (std::vector<int>{0, 1, 2}));
  found.clear();
  EXPECT_TRUE(scanner.Scan("3 days AGO, juin juin", &found));
  EXPECT_EQ(found, (std::vector<int>{0, 3}));
  found.clear();
  EXPECT_FALSE(scanner.Scan("nothing here", &found));
  EXPECT_TRUE(found.empty());
}

TEST(AtomScanner, ScansTwoTextsAtOnceAsOneAfterTheOther) {
  const AtomScanner scanner({"juin", "décembre", "fin ", "ago", "in"});
  const std::string texts[] = {"",
                               "Fin JUIN et DÉCEMBRE",
                               "3 days AGO, juin juin",
                               "nothing",
                               "a much longer text: fin juin, then 2 ago",
                               "9"};
  for (const std::string& a : texts) {
    for (const std::string& b : texts) {
      std::vector<int> want_a, want_b, got_a{7}, got_b{8};
      const bool digit_a = scanner.Scan(a, &want_a);
      const bool digit_b = scanner.Scan(b, &want_b);
      bool got_digit_a = !digit_a, got_digit_b = !digit_b;
      scanner.ScanPair(a, &got_a, &got_digit_a, b, &got_b, &got_digit_b);
      // Appends after what the vectors held.
      want_a.insert(want_a.begin(), 7);
      want_b.insert(want_b.begin(), 8);
      EXPECT_EQ(got_a, want_a) << a << " | " << b;
      EXPECT_EQ(got_b, want_b) << a << " | " << b;
      EXPECT_EQ(got_digit_a, digit_a);
      EXPECT_EQ(got_digit_b, digit_b);
    }
  }
}

}  // namespace
}  // namespace newsline
