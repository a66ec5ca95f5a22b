// Fuzz target: rule files (users may load their own with --rules).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extractors/engine/rule_pack.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pack = newsline::RulePack::Parse(text, "fuzz.rules");
  if (pack) {
    for (const auto& m : pack->FindAll("Le 5 juin 2024, 35 000 GPU H100."))
      (void)m;
  }
  return 0;
}
