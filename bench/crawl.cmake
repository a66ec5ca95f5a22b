# Crawl throughput and memory over a loopback site (bench/crawl_bench.cc).
pkg_check_modules(CRAWL_BENCH_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
add_executable(crawl_bench ${CMAKE_CURRENT_LIST_DIR}/crawl_bench.cc)
target_link_libraries(crawl_bench PRIVATE newsline::crawl newsline::allocator
                      PkgConfig::CRAWL_BENCH_HTTPLIB)
