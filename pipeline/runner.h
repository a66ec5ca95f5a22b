// Runs the analyzer over a stream of articles on several threads.
//
// Articles are read on the calling thread, analyzed by `jobs` workers in
// batches (Analyzer::AnalyzeBatch: 64 KB of text at first, doubling up to
// 1 MB) and handed to the sink in input order, so the output does not
// depend on the number of jobs. The batches in flight hold at most a few MB
// of text whatever the number of jobs, which keeps memory bounded on
// streams of any length. Called by the CLI and the benchmarks.
#ifndef NEWSLINE_PIPELINE_RUNNER_H_
#define NEWSLINE_PIPELINE_RUNNER_H_

#include <cstdint>
#include <functional>

#include "pipeline/analyzer.h"
#include "pipeline/article.h"

namespace newsline {

struct RunStats {
  size_t articles = 0;
  size_t failed = 0;   // articles with errors
  uint64_t bytes = 0;  // input text or HTML bytes
};

// Yields the next article in input order; false at the end.
using ArticleSource = std::function<bool(RawArticle*)>;
using ArticleSink = std::function<void(AnalyzedArticle&&)>;
// True when the source would have to wait for its next article (a slow
// producer on stdin: ArticleReader::WouldBlock).
using SourceWouldBlock = std::function<bool()>;

// With `would_block`, a batch ends where the source would wait, and the
// articles read so far are analyzed and handed to the sink before it does:
// a stream's output keeps up with its input instead of waiting for a full
// batch.
RunStats RunPipeline(const ArticleSource& source, const Analyzer& analyzer,
                     int jobs, const ArticleSink& sink,
                     const SourceWouldBlock& would_block = {});

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_RUNNER_H_
