#include "pipeline/analyzer.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iterator>
#include <span>

#include "core/unicode.h"
#include "extractors/engine/rule_files.h"
#include "extractors/entities/entities.h"
#include "extractors/figures/figures.h"
#include "extractors/time/time.h"
#include "pipeline/decode.h"
#include "pipeline/html.h"
#include "pipeline/language.h"
#include "pipeline/normalize.h"

namespace newsline {
namespace {

// A number without unit inside an entity's name ("3" in "Model 3", "15" in
// "iPhone 15 Pro") is part of the name, not a figure: true for the mentions
// of `all` (in the order given) to drop.
std::vector<uint8_t> NumbersInsideNames(std::span<const Mention* const> all) {
  std::vector<uint8_t> drop(all.size(), 0);
  std::vector<std::pair<size_t, size_t>> names;
  for (const Mention* m : all) {
    if (IsEntity(m->kind)) names.emplace_back(m->begin, m->end_byte);
  }
  if (names.empty()) return drop;
  for (size_t i = 0; i < all.size(); ++i) {
    const Mention& m = *all[i];
    const bool bare = m.kind == MentionKind::kNumber ||
                      m.kind == MentionKind::kOrdinal ||
                      (m.kind == MentionKind::kQuantity && m.unit.empty());
    drop[i] =
        bare && std::any_of(names.begin(), names.end(), [&](const auto& n) {
          return n.first <= m.begin && m.end_byte <= n.second;
        });
  }
  return drop;
}

std::string EventId(const std::string& article_id, int sentence) {
  const std::string key = article_id + '\0' + std::to_string(sentence);
  char buf[24];
  std::snprintf(
      buf, sizeof buf, "ev-%016llx",
      static_cast<unsigned long long>(XXH64(key.data(), key.size(), 0)));
  return buf;
}

}  // namespace

Result<std::unique_ptr<Analyzer>> Analyzer::Create(
    const AnalyzeOptions& options) {
  std::unique_ptr<Analyzer> analyzer(new Analyzer(options));
  auto splitter = SentenceSplitter::Create(options.rules_dir);
  if (!splitter) return std::unexpected(splitter.error());
  analyzer->splitter_.emplace(std::move(*splitter));

  auto load = [&](std::string_view extractor,
                  auto&& build) -> std::optional<Error> {
    for (const std::string& lang :
         RuleLanguages(extractor, options.rules_dir)) {
      auto pack = LoadRulePack(extractor, lang, options.rules_dir);
      if (!pack) return pack.error();
      auto error = build(lang, std::move(*pack));
      if (error) return error;
    }
    return std::nullopt;
  };
  auto add = [&](const std::string& lang,
                 auto created) -> std::optional<Error> {
    if (!created) return created.error();
    analyzer->packs_[lang].extractors.push_back(std::move(*created));
    return std::nullopt;
  };
  // Order matters: later extractors see earlier mentions.
  if (auto e = load("figures", [&](const std::string& lang, RulePack pack) {
        return add(lang, FiguresExtractor::Create(std::move(pack)));
      })) {
    return std::unexpected(*e);
  }
  if (auto e = load("time", [&](const std::string& lang, RulePack pack) {
        return add(lang, TimeExtractor::Create(std::move(pack)));
      })) {
    return std::unexpected(*e);
  }
  if (auto e = load("entities", [&](const std::string& lang, RulePack pack) {
        return add(lang, EntitiesExtractor::Create(std::move(pack),
                                                   options.rules_dir));
      })) {
    return std::unexpected(*e);
  }
  if (auto e = load(
          "events",
          [&](const std::string& lang, RulePack pack) -> std::optional<Error> {
            auto builder = EventBuilder::Create(std::move(pack));
            if (!builder) return builder.error();
            analyzer->packs_[lang].events = std::move(*builder);
            return std::nullopt;
          })) {
    return std::unexpected(*e);
  }
  // One literal scan per sentence for all of a language's rule filters.
  for (auto& [lang, pack] : analyzer->packs_) {
    std::vector<const RuleFilter*> filters;
    for (const auto& extractor : pack.extractors) {
      for (const RuleFilter* filter : extractor->Filters()) {
        if (filter != nullptr) filters.push_back(filter);
      }
    }
    if (pack.events && pack.events->pack().filter() != nullptr)
      filters.push_back(pack.events->pack().filter());
    if (filters.size() > 1) pack.scan = std::make_unique<SharedScan>(filters);
  }
  if (options.lang != "auto" && !analyzer->packs_.count(options.lang)) {
    std::string known;
    for (const auto& l : analyzer->Languages())
      known += (known.empty() ? "" : ", ") + l;
    return MakeError(ErrorCode::kUnsupported, "--lang",
                     "no rules for language \"" + options.lang +
                         "\" (available: " + known + ")");
  }
  return analyzer;
}

std::vector<std::string> Analyzer::Languages() const {
  std::vector<std::string> out;
  for (const auto& [lang, pack] : packs_) out.push_back(lang);
  return out;
}

bool Analyzer::Prepare(RawArticle raw, size_t index, Work* w) const {
  AnalyzedArticle& a = w->article;
  a.index = index;
  a.id = std::move(raw.id);
  a.source = std::move(raw.source);
  a.url = std::move(raw.url);
  a.title = std::move(raw.title);
  a.published = std::move(raw.published);
  a.warnings = std::move(raw.warnings);
  if (raw.error) {
    a.errors.push_back(std::move(*raw.error));
    return false;
  }

  std::string html_lang;
  if (raw.is_html) {
    auto html = ExtractHtml(raw.html, a.source,
                            {.url = raw.url, .content_type = raw.content_type});
    raw.html.clear();
    raw.html.shrink_to_fit();
    if (!html) {
      a.errors.push_back(html.error());
      return false;
    }
    a.text = std::move(html->text);
    if (a.title.empty()) a.title = std::move(html->title);
    if (a.published.empty()) a.published = std::move(html->published);
    if (a.url.empty()) a.url = std::move(html->canonical_url);
    a.author = std::move(html->author);
    a.modified = std::move(html->modified);
    html_lang = PrimaryLanguage(html->lang);
  } else {
    a.text = std::move(raw.text);
  }
  if (size_t bad = FindInvalidUtf8(a.text); bad != std::string::npos) {
    a.errors.push_back(Error{ErrorCode::kInvalidInput, a.source,
                             "invalid UTF-8 at byte " + std::to_string(bad)});
    return false;
  }
  bool blank = std::all_of(a.text.begin(), a.text.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
  });
  if (blank) {
    a.errors.push_back(
        Error{ErrorCode::kInvalidInput, a.source, "empty article"});
    return false;
  }

  w->normalized = NormalizedText::Normalize(a.text);
  const NormalizedText& normalized = w->normalized;

  // Language: the option, the input, the HTML, then detection.
  if (options_.lang != "auto") {
    a.lang = options_.lang;
  } else if (!raw.lang.empty()) {
    a.lang = PrimaryLanguage(raw.lang);
    if (a.lang.empty()) {
      a.errors.push_back(
          Error{ErrorCode::kInvalidInput, a.source,
                "field \"lang\": \"" + raw.lang + "\" is not a language tag"});
      return false;
    }
  } else if (!html_lang.empty()) {
    // Pages often declare their template's language: the text overrules.
    a.lang = html_lang;
    if (std::string read = ContradictedLanguage(normalized.text(), html_lang);
        !read.empty()) {
      a.warnings.push_back(Error{ErrorCode::kInvalidInput, a.source,
                                 "the page declares language \"" + html_lang +
                                     "\" but its text is in \"" + read +
                                     "\"; taking \"" + read + "\""});
      a.lang = std::move(read);
    }
  } else {
    a.lang = DetectLanguage(normalized.text());
    if (a.lang.empty()) {
      a.errors.push_back(Error{ErrorCode::kUnsupported, a.source,
                               "cannot tell the language of the text; "
                               "give it with --lang or a \"lang\" field"});
      return false;
    }
  }
  auto pack = packs_.find(a.lang);
  if (pack == packs_.end()) {
    std::string known;
    for (const auto& l : Languages()) known += (known.empty() ? "" : ", ") + l;
    a.errors.push_back(Error{
        ErrorCode::kUnsupported, a.source,
        "no rules for language \"" + a.lang + "\" (available: " + known + ")"});
    return false;
  }

  // Reference date: the article's own, else the user's.
  if (!a.published.empty()) {
    a.reference = ParseIsoDate(a.published);
    if (!a.reference) {
      a.warnings.push_back(Error{ErrorCode::kInvalidInput, a.source,
                                 "published date \"" + a.published +
                                     "\" is not an ISO 8601 date; ignored"});
    }
  }
  if (!a.reference) a.reference = options_.reference_date;
  if (!a.reference) {
    a.warnings.push_back(
        Error{ErrorCode::kInvalidInput, a.source,
              "no publication date and no --reference-date: "
              "relative time expressions are left unresolved"});
  }

  w->sentences = splitter_->Split(normalized.text(), a.lang);
  w->pack = &pack->second;
  w->doc.text = normalized.text();
  w->doc.sentences = w->sentences;
  w->doc.lang = a.lang;
  w->doc.reference = a.reference;
  return true;
}

void Analyzer::Finish(
    Work* w, std::vector<Mention>* last,
    const std::vector<std::vector<RuleMatch>>* triggers) const {
  AnalyzedArticle& a = w->article;
  const NormalizedText& normalized = w->normalized;
  // The mentions of both vectors, in that order; offsets back to the
  // original text.
  std::vector<Mention*> all;
  all.reserve(a.mentions.size() + last->size());
  for (Mention& m : a.mentions) all.push_back(&m);
  for (Mention& m : *last) all.push_back(&m);
  for (Mention* m : all) {
    m->start = normalized.ToOriginal(m->begin);
    m->end = normalized.ToOriginal(m->end_byte);
  }
  // Sorted through an index and moved once each into their place, without
  // the numbers inside names: a Mention is large (nine strings), and moving
  // them was 3% of the time.
  const std::vector<uint8_t> drop = NumbersInsideNames(all);
  std::vector<uint32_t> order;
  order.reserve(all.size());
  for (uint32_t i = 0; i < all.size(); ++i) {
    if (!drop[i]) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) {
    const Mention& x = *all[i];
    const Mention& y = *all[j];
    if (x.start != y.start) return x.start < y.start;
    if (x.end != y.end) return x.end < y.end;
    if (x.kind != y.kind) return x.kind < y.kind;
    return i < j;
  });
  std::vector<Mention> sorted;
  sorted.reserve(order.size());
  for (uint32_t i : order) sorted.push_back(std::move(*all[i]));
  a.mentions = std::move(sorted);
  last->clear();
  if (w->pack->events && triggers != nullptr)
    a.events = w->pack->events->Build(w->doc, a.mentions, *triggers);

  for (Event& e : a.events) {
    e.start = normalized.ToOriginal(e.begin_byte);
    e.end = normalized.ToOriginal(e.end_byte);
    for (Mention& f : e.figures) {
      f.start = normalized.ToOriginal(f.begin);
      f.end = normalized.ToOriginal(f.end_byte);
    }
  }
  // Texts from the original, in one pass over sorted offsets.
  struct Ref {
    int64_t start, end;
    std::string* text;
  };
  std::vector<Ref> refs;
  for (Mention& m : a.mentions) refs.push_back({m.start, m.end, &m.text});
  for (Event& e : a.events) {
    refs.push_back({e.start, e.end, &e.text});
    for (Mention& f : e.figures) refs.push_back({f.start, f.end, &f.text});
  }
  // Each end of each reference (2 * ref + 0 for its start, + 1 for its
  // end), in text order, takes its byte offset straight from the walk.
  std::vector<std::pair<int64_t, uint32_t>> points;
  points.reserve(2 * refs.size());
  for (uint32_t k = 0; k < refs.size(); ++k) {
    points.push_back({refs[k].start, 2 * k});
    points.push_back({refs[k].end, 2 * k + 1});
  }
  std::sort(points.begin(), points.end());
  std::vector<size_t> bytes(points.size());
  ForwardByteOffsets offsets(a.text);
  for (const auto& [cp, end] : points) bytes[end] = offsets.ByteOf(cp);
  for (size_t k = 0; k < refs.size(); ++k) {
    const size_t b = bytes[2 * k], e = bytes[2 * k + 1];
    refs[k].text->assign(a.text, b, e - b);
  }
  for (Event& e : a.events) {
    e.id = EventId(a.id, e.sentence);
    e.article = a.id;
    e.article_index = a.index;
  }
}

AnalyzedArticle Analyzer::Analyze(RawArticle raw, size_t index) const {
  std::vector<RawArticle> one;
  one.push_back(std::move(raw));
  return std::move(AnalyzeBatch(std::move(one), index).front());
}

std::vector<AnalyzedArticle> Analyzer::AnalyzeBatch(
    std::vector<RawArticle> raws, size_t first_index) const {
  // Work items hold views into their own members (doc into normalized and
  // sentences): allocated once, never moved.
  std::vector<std::unique_ptr<Work>> work;
  work.reserve(raws.size());
  std::vector<Work*> ready;
  for (size_t i = 0; i < raws.size(); ++i) {
    work.push_back(std::make_unique<Work>());
    if (Prepare(std::move(raws[i]), first_index + i, work.back().get()))
      ready.push_back(work.back().get());
  }
  // Extractor by extractor over the articles of each language: each runs
  // its rules over all of them in a row (see Extractor::ExtractBatch).
  std::stable_sort(ready.begin(), ready.end(),
                   [](const Work* x, const Work* y) {
                     return std::less<const LanguagePack*>()(x->pack, y->pack);
                   });
  std::vector<std::vector<Mention>> found(ready.size());
  std::vector<Extractor::BatchItem> items;
  for (size_t group = 0; group < ready.size();) {
    const LanguagePack* pack = ready[group]->pack;
    size_t end = group;
    while (end < ready.size() && ready[end]->pack == pack) ++end;
    // The sentences of the group, each to the next one's start (the rules'
    // end guards look one character past a sentence), scanned once for the
    // literals of all the language's rules.
    std::vector<std::vector<TextRange>> scan_ranges;
    std::vector<MatchJob> scan_jobs;
    std::optional<SharedScan::Batch> scanned;
    if (pack->scan) {
      scan_ranges.reserve(end - group);
      for (size_t i = group; i < end; ++i) {
        const Document& doc = ready[i]->doc;
        std::vector<TextRange>& ranges = scan_ranges.emplace_back();
        ranges.reserve(doc.sentences.size());
        for (size_t k = 0; k < doc.sentences.size(); ++k) {
          ranges.push_back(
              {doc.sentences[k].begin, k + 1 < doc.sentences.size()
                                           ? doc.sentences[k + 1].begin
                                           : doc.text.size()});
        }
        scan_jobs.push_back({doc.text, ranges});
      }
      scanned.emplace(*pack->scan, scan_jobs);
    }
    for (size_t k = 0; k < pack->extractors.size(); ++k) {
      items.clear();
      for (size_t i = group; i < end; ++i) {
        found[i].clear();
        items.push_back(
            {&ready[i]->doc, &ready[i]->article.mentions, &found[i]});
      }
      pack->extractors[k]->ExtractBatch(items);
      // The last extractor's mentions go to Finish, which sorts them in.
      if (k + 1 == pack->extractors.size()) break;
      for (size_t i = group; i < end; ++i) {
        // A Mention is large: the first extractor's are taken whole, and
        // the others' moved in with one growth of the vector at most.
        std::vector<Mention>& mentions = ready[i]->article.mentions;
        if (mentions.empty()) {
          mentions.swap(found[i]);
        } else {
          mentions.insert(mentions.end(),
                          std::make_move_iterator(found[i].begin()),
                          std::make_move_iterator(found[i].end()));
        }
      }
    }
    std::vector<std::vector<std::vector<RuleMatch>>> triggers;
    if (pack->events) {
      std::vector<const Document*> docs;
      for (size_t i = group; i < end; ++i) docs.push_back(&ready[i]->doc);
      triggers = pack->events->FindTriggersBatch(docs);
    }
    for (size_t i = group; i < end; ++i) {
      Finish(ready[i], &found[i],
             pack->events ? &triggers[i - group] : nullptr);
    }
    group = end;
  }
  std::vector<AnalyzedArticle> out;
  out.reserve(work.size());
  for (auto& w : work) out.push_back(std::move(w->article));
  return out;
}

std::vector<RuleHit> Analyzer::HitsFor(
    std::string_view text, std::string_view lang,
    std::optional<CivilDate> reference) const {
  RawArticle raw;
  raw.id = "example";
  raw.source = "example";
  raw.text = std::string(text);
  raw.lang = std::string(lang);
  if (reference) raw.published = reference->ToString();
  AnalyzedArticle a = Analyze(std::move(raw), 0);
  std::vector<RuleHit> hits;
  for (const Mention& m : a.mentions) hits.push_back(HitOf(m));
  auto pack = packs_.find(lang);
  if (pack == packs_.end()) return hits;
  const NormalizedText normalized = NormalizedText::Normalize(text);
  const std::vector<Sentence> sentences =
      splitter_->Split(normalized.text(), lang);
  Document doc;
  doc.text = normalized.text();
  doc.sentences = sentences;
  doc.lang = std::string(lang);
  doc.reference = reference;
  for (const auto& extractor : pack->second.extractors) {
    for (RuleHit& h : extractor->Hits(doc)) hits.push_back(std::move(h));
  }
  if (pack->second.events) {
    for (RuleHit& h : pack->second.events->Triggers(doc))
      hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace newsline
