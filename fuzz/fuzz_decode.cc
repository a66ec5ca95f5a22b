// Fuzz target for DecodeText: any bytes must give valid UTF-8 or an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/unicode.h"
#include "pipeline/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<newsline::Error> warnings;
  auto text = newsline::DecodeText(bytes, "fuzz", &warnings);
  if (text && newsline::FindInvalidUtf8(*text) != std::string_view::npos) {
    std::abort();
  }
  return 0;
}
