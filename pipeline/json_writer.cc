#include "pipeline/json_writer.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/unicode.h"

namespace newsline {

void JsonWriter::NewLine(size_t depth) {
  out_->push_back('\n');
  out_->append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Frame& frame = stack_.back();
  assert(!frame.object);  // object members start with Key
  if (frame.count++ > 0) out_->push_back(',');
  if (indent_ > 0) NewLine(base_depth_ + stack_.size());
}

void JsonWriter::Begin(char open, bool object) {
  BeforeValue();
  out_->push_back(open);
  stack_.push_back({object, 0});
}

void JsonWriter::End(char close) {
  assert(!stack_.empty() && !after_key_);
  const bool empty = stack_.back().count == 0;
  stack_.pop_back();
  if (!empty && indent_ > 0) NewLine(base_depth_ + stack_.size());
  out_->push_back(close);
}

void JsonWriter::BeginObject() { Begin('{', true); }
void JsonWriter::EndObject() { End('}'); }
void JsonWriter::BeginArray() { Begin('[', false); }
void JsonWriter::EndArray() { End(']'); }

void JsonWriter::Key(std::string_view key) {
  assert(!stack_.empty() && stack_.back().object && !after_key_);
  Frame& frame = stack_.back();
  if (frame.count++ > 0) out_->push_back(',');
  if (indent_ > 0) NewLine(base_depth_ + stack_.size());
  Escaped(key);
  out_->push_back(':');
  if (indent_ > 0) out_->push_back(' ');
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  Escaped(s);
}

void JsonWriter::StringOrNull(std::string_view s) {
  if (s.empty()) {
    Null();
  } else {
    String(s);
  }
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_->append(json);
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  out_->append(b ? "true" : "false");
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  out_->append(buffer, end);
}

void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  out_->append(buffer, end);
}

void JsonWriter::Double(double v) {
  if (!std::isfinite(v)) return Null();
  BeforeValue();
  // nlohmann's own Grisu2 formatting, as its dump() uses.
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, v);
  out_->append(buffer, end);
}

void JsonWriter::Number(double v) {
  if (std::fabs(v) < 9007199254740992.0 && v == std::floor(v)) {
    Int(static_cast<int64_t>(v));
  } else {
    Double(v);
  }
}

namespace {

// The bytes Escaped cannot copy as they are: control characters, '"', '\\',
// and the bytes of UTF-8 sequences (checked for well-formedness).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c >= 0x80;
  t['"'] = t['\\'] = true;
  return t;
}();

}  // namespace

void JsonWriter::Escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < s.size() && !kSpecial[static_cast<unsigned char>(s[i])]) ++i;
  if (i == s.size()) {
    // Most keys and values: quotes around a copy, in one step.
    const size_t at = out_->size();
    out_->append(s.size() + 2, '"');
    if (!s.empty()) std::memcpy(out_->data() + at + 1, s.data(), s.size());
    return;
  }
  out_->push_back('"');
  out_->append(s.data(), i);
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kSpecial[c]) {
      // Runs of plain ASCII in one append.
      size_t j = i + 1;
      while (j < s.size() && !kSpecial[static_cast<unsigned char>(s[j])]) ++j;
      out_->append(s.data() + i, j - i);
      i = j;
      continue;
    }
    if (c < 0x80) {
      out_->push_back('\\');
      switch (c) {
        case '"':
          out_->push_back('"');
          break;
        case '\\':
          out_->push_back('\\');
          break;
        case '\b':
          out_->push_back('b');
          break;
        case '\f':
          out_->push_back('f');
          break;
        case '\n':
          out_->push_back('n');
          break;
        case '\r':
          out_->push_back('r');
          break;
        case '\t':
          out_->push_back('t');
          break;
        default:
          out_->append("u00");
          out_->push_back(kHex[c >> 4]);
          out_->push_back(kHex[c & 0xF]);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: copied when well-formed, else U+FFFD for each
    // ill-formed part (as ICU's decoder delimits them).
    size_t len = 1;
    if (DecodeAt(s, i, &len) == 0xFFFD) {
      out_->append("\xEF\xBF\xBD");  // also a well-formed U+FFFD itself
    } else {
      out_->append(s.data() + i, len);
    }
    i += len;
  }
  out_->push_back('"');
}

}  // namespace newsline
