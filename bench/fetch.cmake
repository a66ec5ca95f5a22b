# Fetcher throughput and memory: a cpp-httplib server on loopback in the
# same process serves small HTML pages; fetch_bench prints pages/s and RSS.
# Not a test: speed is measured, not asserted.
pkg_check_modules(FETCH_BENCH_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
add_executable(fetch_bench fetch_bench.cc)
target_link_libraries(fetch_bench PRIVATE newsline::fetch newsline::allocator
                      PkgConfig::FETCH_BENCH_HTTPLIB ZLIB::ZLIB)
