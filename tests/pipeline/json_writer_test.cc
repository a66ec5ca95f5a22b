#include "pipeline/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace newsline {
namespace {

using Json = nlohmann::ordered_json;

// Writes the same values with JsonWriter and through nlohmann: the texts
// must be equal, compact and indented.
void ExpectSameAsNlohmann(const Json& value) {
  for (int indent : {0, 2}) {
    std::string out;
    JsonWriter w(&out, indent);
    auto write = [&](const auto& self, const Json& v) -> void {
      switch (v.type()) {
        case Json::value_t::object:
          w.BeginObject();
          for (const auto& [k, x] : v.items()) {
            w.Key(k);
            self(self, x);
          }
          w.EndObject();
          break;
        case Json::value_t::array:
          w.BeginArray();
          for (const auto& x : v) self(self, x);
          w.EndArray();
          break;
        case Json::value_t::string:
          w.String(v.get<std::string>());
          break;
        case Json::value_t::boolean:
          w.Bool(v.get<bool>());
          break;
        case Json::value_t::number_integer:
          w.Int(v.get<int64_t>());
          break;
        case Json::value_t::number_unsigned:
          w.Uint(v.get<uint64_t>());
          break;
        case Json::value_t::number_float:
          w.Double(v.get<double>());
          break;
        default:
          w.Null();
      }
    };
    write(write, value);
    EXPECT_EQ(out, indent == 0 ? value.dump() : value.dump(indent));
  }
}

TEST(JsonWriter, WritesWhatNlohmannWrites) {
  ExpectSameAsNlohmann(Json::parse(R"({
    "a": 1, "b": -7, "c": 18446744073709551615, "d": true, "e": null,
    "f": [], "g": {}, "h": [[], {}, [1, [2, {"x": []}]]],
    "i": "plain", "j": "quote \" backslash \\ slash /",
    "k": "tab\t newline\n cr\r bell\u0007 nul\u0000 del\u007f",
    "l": "é 𝄞 “x” \u202f", "m": [0.1, 12.5, 1e21, 1e-7, 123456789.125,
    -0.5, 3.0, 1e300]
  })"));
  ExpectSameAsNlohmann(Json::array());
  ExpectSameAsNlohmann(Json::object());
  ExpectSameAsNlohmann(Json("alone"));
}

TEST(JsonWriter, NumbersAndNonFiniteDoubles) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Number(10000000000.0);  // integral: an integer
  w.Number(12.5);
  w.Number(-3.0);
  w.Double(std::numeric_limits<double>::quiet_NaN());
  w.Double(std::numeric_limits<double>::infinity());
  w.EndArray();
  EXPECT_EQ(out, "[10000000000,12.5,-3,null,null]");
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacters) {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"a\xFF"
       "b",
       "\"a\xEF\xBF\xBD"
       "b\""},
      {"\xC3", "\"\xEF\xBF\xBD\""},                  // cut sequence
      {"\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},  // overlong
      {"\xED\xA0\x80",
       "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},  // surrogate
      {"\xF4\x90\x80\x80",
       "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},  // > U+10FFFF
      {"ok \xE2\x82\xAC", "\"ok \xE2\x82\xAC\""},
  };
  for (const auto& c : cases) {
    std::string out;
    JsonWriter(&out).String(c.in);
    EXPECT_EQ(out, c.out);
    EXPECT_NO_THROW(Json::parse(out));
  }
}

TEST(JsonWriter, RawValuesAndStringsOrNull) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.StringOrNull("");
  w.Key("b");
  w.StringOrNull("x");
  w.Key("c");
  w.Raw("[1,2]");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":null,"b":"x","c":[1,2]})");
}

}  // namespace
}  // namespace newsline
