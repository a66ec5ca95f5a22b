#include "core/document.h"

#include <algorithm>

namespace newsline {

int Document::SentenceAt(size_t offset) const {
  auto it = std::upper_bound(
      sentences.begin(), sentences.end(), offset,
      [](size_t off, const Sentence& s) { return off < s.end; });
  if (it == sentences.end() || offset < it->begin) return -1;
  return static_cast<int>(it - sentences.begin());
}

}  // namespace newsline
