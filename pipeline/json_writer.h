// JsonWriter: writes JSON text straight into a string, without building a
// document first.
//
// The output module renders every analyzed article with it: a JSON Lines
// article is written as it completes, and a document tree per article (what
// nlohmann::json builds) cost several times the analysis of a short article.
// The text is byte for byte what nlohmann::ordered_json's dump() writes for
// the same values (compact, or dump(2)-style with `indent`), so that output
// does not depend on the path that wrote it: strings escape only '"', '\\'
// and control characters (UTF-8 kept; ill-formed bytes become U+FFFD), doubles
// take nlohmann's shortest round-trip form (NaN and infinities are null).
//
// Calls must nest properly (Key only directly inside an object, then one
// value); assert()s catch misuse in debug builds. Not thread-safe.
#ifndef NEWSLINE_PIPELINE_JSON_WRITER_H_
#define NEWSLINE_PIPELINE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsline {

class JsonWriter {
 public:
  // Appends to *out. `indent` > 0 writes one value per line, indented that
  // many spaces per level, starting `depth` levels deep (to write a value
  // that will sit inside another document).
  explicit JsonWriter(std::string* out, int indent = 0, int depth = 0)
      : out_(out), indent_(indent), base_depth_(depth) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);

  void String(std::string_view s);
  void Null();
  void Bool(bool b);
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Double(double v);
  // An integral double as an integer (10000000000, not 10000000000.0),
  // others as Double.
  void Number(double v);
  // A string, or null when it is empty.
  void StringOrNull(std::string_view s);
  // A value already written as JSON (by a JsonWriter at this depth).
  void Raw(std::string_view json);

  // Key then value, for the common case.
  void Field(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void FieldOrNull(std::string_view key, std::string_view s) {
    Key(key);
    StringOrNull(s);
  }
  void IntField(std::string_view key, int64_t v) {
    Key(key);
    Int(v);
  }

 private:
  struct Frame {
    bool object = false;
    int count = 0;
  };
  // Before a value: the comma and line break an element needs.
  void BeforeValue();
  void NewLine(size_t depth);
  void Begin(char open, bool object);
  void End(char close);
  void Escaped(std::string_view s);

  std::string* out_;
  int indent_;
  int base_depth_;
  std::vector<Frame> stack_;
  bool after_key_ = false;
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_JSON_WRITER_H_
