# HTML extraction: quality against a labelled page set (html_eval) and
# throughput (html_bench). Neither is a test: the labelled set lives outside
# the repository, and speed is measured, not asserted.
find_package(benchmark REQUIRED)

add_executable(html_eval html_eval.cc)
target_link_libraries(html_eval PRIVATE newsline::pipeline ZLIB::ZLIB)

add_executable(html_bench html_bench.cc)
target_link_libraries(html_bench PRIVATE newsline::pipeline newsline::allocator ZLIB::ZLIB
                      LibXml2::LibXml2 benchmark::benchmark)
target_compile_definitions(html_bench PRIVATE
  NEWSLINE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
