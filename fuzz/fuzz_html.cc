// Fuzz target for ExtractHtml: any bytes must give valid UTF-8 or an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/unicode.h"
#include "pipeline/html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto article = newsline::ExtractHtml(bytes, "fuzz");
  if (article &&
      (newsline::FindInvalidUtf8(article->text) != std::string_view::npos ||
       newsline::FindInvalidUtf8(article->title) != std::string_view::npos)) {
    std::abort();
  }
  return 0;
}
