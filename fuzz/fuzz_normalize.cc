// Fuzz target: normalization with its offset map, and sentence splitting.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/unicode.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (newsline::FindInvalidUtf8(text) != std::string_view::npos) return 0;
  static const newsline::SentenceSplitter* splitter =
      new newsline::SentenceSplitter(
          newsline::SentenceSplitter::Create().value());
  const auto n = newsline::NormalizedText::Normalize(text);
  if (n.original_length() !=
      static_cast<int64_t>(newsline::CountCodePoints(text))) {
    std::abort();
  }
  for (size_t i = 1; i <= n.text().size(); ++i) {
    if (n.ToOriginal(i - 1) > n.ToOriginal(i)) std::abort();
  }
  for (const char* lang : {"fr", "en"}) {
    size_t last = 0;
    for (const auto& s : splitter->Split(n.text(), lang)) {
      if (s.begin < last || s.end <= s.begin || s.end > n.text().size())
        std::abort();
      last = s.end;
    }
  }
  return 0;
}
