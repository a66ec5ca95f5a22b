#include "pipeline/decode.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsline {
namespace {

using namespace std::string_literals;

struct DecodeCase {
  const char* name;
  std::string bytes;
  std::string text;     // expected text, when decoding succeeds
  std::string warning;  // expected single warning message, or ""
};

TEST(DecodeText, DecodesTextAndReportsReplacements) {
  const std::vector<DecodeCase> cases = {
      {"ascii", "Hello world", "Hello world", ""},
      {"utf8", "Caf\u00e9 cr\u00e8me", "Caf\u00e9 cr\u00e8me", ""},
      {"tabs and form feeds", "a\tb\fc\r\nd", "a\tb\fc\r\nd", ""},
      {"utf8 bom stripped", "\xEF\xBB\xBFNouvelles", "Nouvelles", ""},
      {"utf16le bom", "\xFF\xFEh\0\xE9\0!\0"s, "h\u00e9!", ""},
      {"utf16be bom", "\xFE\xFF\0h\0\xE9\0!"s, "h\u00e9!", ""},
      {"utf16le surrogate pair", "\xFF\xFE\x3D\xD8\x00\xDE"s, "\U0001F600", ""},
      {"utf32le bom", "\xFF\xFE\0\0h\0\0\0"s, "h", ""},
      {"latin1 bytes replaced", "caf\xE9 cr\xE8me", "caf\uFFFD cr\uFFFDme",
       "invalid UTF-8 at byte 3 (2 sequences replaced with U+FFFD)"},
      {"offset counts the bom",
       "\xEF\xBB\xBF"
       "ab\xFF",
       "ab\uFFFD", "invalid UTF-8 at byte 5 (1 sequence replaced with U+FFFD)"},
      {"truncated sequence at end", "abc\xE2\x82", "abc\uFFFD",
       "invalid UTF-8 at byte 3 (1 sequence replaced with U+FFFD)"},
      {"surrogate encoded in utf8", "x\xED\xA0\x80y", "x\uFFFD\uFFFD\uFFFDy",
       "invalid UTF-8 at byte 1 (3 sequences replaced with U+FFFD)"},
  };
  for (const DecodeCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Error> warnings;
    Result<std::string> text = DecodeText(c.bytes, "a.txt", &warnings);
    ASSERT_TRUE(text.has_value()) << text.error().ToString();
    EXPECT_EQ(*text, c.text);
    if (c.warning.empty()) {
      EXPECT_TRUE(warnings.empty());
    } else {
      ASSERT_EQ(warnings.size(), 1u);
      EXPECT_EQ(warnings[0].message, c.warning);
      EXPECT_EQ(warnings[0].where, "a.txt");
    }
  }
}

struct RejectCase {
  const char* name;
  std::string bytes;
  std::string message;  // a part of the error message
};

TEST(DecodeText, RejectsBinaryAndEmptyInput) {
  const std::vector<RejectCase> cases = {
      {"empty", "", "empty article"},
      {"only whitespace", " \n\t\r\n ", "empty article"},
      {"only a bom", "\xEF\xBB\xBF", "empty article"},
      {"only no-break spaces", "\u00a0\u3000 ", "empty article"},
      {"utf16 bom only", "\xFF\xFE", "empty article"},
      {"nul byte", "GIF89a\0\0abc"s,
       "looks like binary data (NUL byte at offset 6), not text"},
      {"nul after bom",
       "\xEF\xBB\xBF"
       "ab\0"s,
       "NUL byte at offset 5"},
      {"control characters", "\x01\x02\x03\x04 abc \x05\x06\x07",
       "looks like binary data (7 control characters in the first 12 bytes)"},
      {"nul in utf16", "\xFF\xFEh\0\0\0"s, "NUL byte"},
  };
  for (const RejectCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> text = DecodeText(c.bytes, "in/b.txt", nullptr);
    ASSERT_FALSE(text.has_value());
    EXPECT_EQ(text.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(text.error().where, "in/b.txt");
    EXPECT_NE(text.error().message.find(c.message), std::string::npos)
        << text.error().message;
  }
}

TEST(DecodeText, AcceptsAFewStrayControlCharacters) {
  std::string text(200, 'a');
  text[50] = '\x1b';
  text[100] = '\v';
  EXPECT_TRUE(DecodeText(text, "", nullptr).has_value());
}

TEST(DecodeText, SniffsOnlyTheFirst8KiB) {
  std::string text(9000, 'a');
  text[8500] = '\0';
  Result<std::string> decoded = DecodeText(text, "", nullptr);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 9000u);
}

TEST(ReplaceInvalidUtf8, CountsSequences) {
  size_t count = 0;
  size_t first = 0;
  EXPECT_EQ(ReplaceInvalidUtf8("ok", &count, &first), "ok");
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(first, std::string::npos);
  EXPECT_EQ(ReplaceInvalidUtf8("\x80\x80z\xC3", &count, &first),
            "\uFFFD\uFFFDz\uFFFD");
  EXPECT_EQ(count, 3u);
  EXPECT_EQ(first, 0u);
}

struct CharsetCase {
  const char* charset;
  std::string bytes;
  std::string text;
};

TEST(ConvertCharset, ConvertsLegacyCharsets) {
  const std::vector<CharsetCase> cases = {
      {"windows-1252", "\x93quoted\x94 \x80 5", "\u201cquoted\u201d \u20ac 5"},
      {"ISO-8859-1", "caf\xE9", "caf\u00e9"},
      {"iso-8859-15", "\xA4", "\u20ac"},
      {"Shift_JIS", "\x82\xA0\x82\xA2", "\u3042\u3044"},
      {"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4",
       "\u041f\u0440\u0438\u0432\u0435\u0442"},
      {"UTF-16LE", "h\0i\0"s, "hi"},
      {"utf-8", "ok\xFF", "ok\uFFFD"},
      {"windows-1252", "", ""},
  };
  for (const CharsetCase& c : cases) {
    SCOPED_TRACE(c.charset);
    Result<std::string> text = ConvertCharset(c.bytes, c.charset, "page");
    ASSERT_TRUE(text.has_value()) << text.error().ToString();
    EXPECT_EQ(*text, c.text);
  }
}

TEST(ConvertCharset, ConvertsLongInputBeyondTheFirstBuffer) {
  // Each byte becomes three UTF-8 bytes, more than the first guess of 1.5x.
  const std::string bytes(100000, '\x80');
  Result<std::string> text = ConvertCharset(bytes, "windows-1252", "");
  ASSERT_TRUE(text.has_value());
  ASSERT_EQ(text->size(), 300000u);
  EXPECT_EQ(text->substr(0, 3), "\u20ac");
}

TEST(ConvertCharset, RejectsUnknownCharsets) {
  for (const char* charset : {"x-klingon", "", "utf-9000"}) {
    SCOPED_TRACE(charset);
    Result<std::string> text = ConvertCharset("abc", charset, "page.html");
    ASSERT_FALSE(text.has_value());
    EXPECT_EQ(text.error().code, ErrorCode::kUnsupported);
    EXPECT_EQ(text.error().where, "page.html");
    EXPECT_NE(text.error().message.find("unknown charset"), std::string::npos);
  }
}

}  // namespace
}  // namespace newsline

namespace newsline {
namespace {

struct LabelCase {
  std::string input;
  std::string value;
};

TEST(ParseContentTypeCharset, ReadsTheParameter) {
  const std::vector<LabelCase> cases = {
      {"text/html; charset=ISO-8859-1", "ISO-8859-1"},
      {"text/html;charset=\"utf-8\"", "utf-8"},
      {"text/html; Charset = 'Shift_JIS' ; foo=bar", "Shift_JIS"},
      {"text/html; boundary=x; charset=gb2312", "gb2312"},
      {"text/html", ""},
      {"text/html; charset=", ""},
      {"", ""},
  };
  for (const LabelCase& c : cases) {
    SCOPED_TRACE(c.input);
    EXPECT_EQ(ParseContentTypeCharset(c.input), c.value);
  }
}

TEST(NormalizeCharsetLabel, MapsLabelsAsBrowsersDo) {
  const std::vector<LabelCase> cases = {
      {"ISO-8859-1", "windows-1252"}, {" latin1 ", "windows-1252"},
      {"US-ASCII", "windows-1252"},   {"UTF8", "utf-8"},
      {"gb2312", "gb18030"},          {"GBK", "gb18030"},
      {"x-sjis", "shift_jis"},        {"ISO-8859-15", "iso-8859-15"},
      {"utf-16le", "utf-16le"},       {"", ""},
  };
  for (const LabelCase& c : cases) {
    SCOPED_TRACE(c.input);
    EXPECT_EQ(NormalizeCharsetLabel(c.input, false), c.value);
  }
  // A page that could be read as ASCII to find its <meta> is not UTF-16.
  EXPECT_EQ(NormalizeCharsetLabel("utf-16", true), "utf-8");
}

struct DetectCase {
  const char* name;
  std::string bytes;
  std::string content_type;
  std::string charset;
  CharsetSource source;
};

TEST(DetectCharset, FollowsTheOrderOfAuthority) {
  using namespace std::string_literals;
  const std::string sjis =
      "<p>\x93\x8C\x8B\x9E\x93\x73\x82\xCD\x82\x54\x93\xFA\x81\x41\x90\x56"
      "\x82\xB5\x82\xA2\x8C\xF0\x92\xCA\x8C\x76\x89\xE6\x82\xF0\x94\xAD\x95"
      "\x5C\x82\xB5\x82\xBD\x81\x42\x8C\x76\x89\xE6\x82\xC5\x82\xCD\x81\x41"
      "\x93\x64\x8B\x43\x83\x6F\x83\x58\x82\xF0\x90\xE7\x91\xE4\x93\xB1\x93"
      "\xFC\x82\xB7\x82\xE9\x81\x42</p>";
  const std::vector<DetectCase> cases = {
      {"http header", "<meta charset=utf-8><p>caf\xE9</p>",
       "text/html; charset=ISO-8859-1", "windows-1252", CharsetSource::kHttp},
      {"bom beats http", "\xEF\xBB\xBF<p>caf\xC3\xA9</p>",
       "text/html; charset=ISO-8859-1", "utf-8", CharsetSource::kBom},
      {"utf-16 bom", "\xFF\xFE<\0p\0>\0"s, "", "utf-16le", CharsetSource::kBom},
      {"unknown http label is ignored", "<meta charset='koi8-r'><p>x</p>",
       "text/html; charset=x-bogus", "koi8-r", CharsetSource::kMeta},
      {"meta",
       "<meta http-equiv='content-type' content='text/html; "
       "charset=iso-8859-15'><p>\xA4</p>",
       "", "iso-8859-15", CharsetSource::kMeta},
      {"valid utf-8", "<p>caf\xC3\xA9</p>", "text/html", "utf-8",
       CharsetSource::kUtf8},
      {"detector", sjis + sjis + sjis, "", "shift_jis",
       CharsetSource::kDetected},
      {"short latin text falls back", "<p>caf\xE9</p>", "", "windows-1252",
       CharsetSource::kDefault},
  };
  for (const DetectCase& c : cases) {
    SCOPED_TRACE(c.name);
    const CharsetChoice choice = DetectCharset(c.bytes, c.content_type);
    EXPECT_EQ(choice.charset, c.charset);
    EXPECT_EQ(choice.source, c.source);
  }
}

TEST(DecodeHtml, ReturnsValidUtf8) {
  using namespace std::string_literals;
  const std::vector<LabelCase> cases = {
      {"<p>caf\xE9 \x80</p>", "<p>caf\u00e9 \u20ac</p>"},
      {"\xEF\xBB\xBF<p>\xC3\xA9</p>", "<p>\u00e9</p>"},
      {"<meta charset=utf-8><p>a\xFFz</p>",
       "<meta charset=utf-8><p>a\uFFFDz</p>"},
      {"\xFE\xFF\0<\0p\0>\0\xE9"s, "<p>\u00e9"},
  };
  for (const LabelCase& c : cases) {
    SCOPED_TRACE(c.value);
    Result<std::string> text = DecodeHtml(c.input, "", "page.html");
    ASSERT_TRUE(text.has_value()) << text.error().ToString();
    EXPECT_EQ(*text, c.value);
  }
}

}  // namespace
}  // namespace newsline
