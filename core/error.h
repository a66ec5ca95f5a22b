// Error values shared by every newsline library.
//
// newsline reports expected failures (bad input, bad rules, unreadable files)
// as values, never as exceptions: functions that can fail return
// std::expected<T, Error>. An Error names where the problem is (a file, line
// or field) so that the user can find it. Any module may use this header.
#ifndef NEWSLINE_CORE_ERROR_H_
#define NEWSLINE_CORE_ERROR_H_

#include <expected>
#include <string>

namespace newsline {

enum class ErrorCode {
  kInvalidInput,  // the input itself is wrong: bad encoding, malformed JSON
  kIo,            // a file could not be read or written
  kBadRule,       // a rule file does not load
  kUnsupported,   // well-formed input that newsline cannot handle
  kInternal,      // a library call failed for reasons beyond the input
};

struct Error {
  ErrorCode code = ErrorCode::kInvalidInput;
  // Where: "corpus/a.jsonl:12", "extractors/time/rules/fr.rules:40",
  // "article 3: field \"published\"". Empty when it is the whole input.
  std::string where;
  std::string message;

  // "where: message", or just the message.
  std::string ToString() const {
    return where.empty() ? message : where + ": " + message;
  }
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> MakeError(ErrorCode code, std::string where,
                                        std::string message) {
  return std::unexpected(Error{code, std::move(where), std::move(message)});
}

}  // namespace newsline

#endif  // NEWSLINE_CORE_ERROR_H_
