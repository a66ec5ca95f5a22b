// Fuzz target: one article object as read from .json / .jsonl input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  newsline::RawArticle article =
      newsline::ArticleFromJson(json, "fuzz.jsonl", 1);
  (void)article;
  return 0;
}
