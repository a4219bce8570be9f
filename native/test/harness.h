// Minimal native test harness: TL_TEST(name) { ... TL_CHECK(cond) << ...; } registered at static init;
// test_main.cpp runs them all (or those whose name contains argv[1]) and prints "N passed, N failed".
#pragma once
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace tltest {
struct Case {
  const char* name;
  std::function<void()> fn;
};
inline std::vector<Case>& registry() {
  static std::vector<Case> r;
  return r;
}
inline int& failures() {
  static int f = 0;
  return f;
}
struct Reg {
  Reg(const char* n, std::function<void()> f) { registry().push_back({n, std::move(f)}); }
};
// Streams a message and records a failure when destroyed, if the check failed.
struct Check {
  bool ok;
  const char* file;
  int line;
  std::ostringstream msg;
  Check(bool o, const char* f, int l) : ok(o), file(f), line(l) {}
  ~Check() {
    if (!ok) {
      failures()++;
      std::cerr << file << ":" << line << ": check failed " << msg.str() << "\n";
    }
  }
  template <typename T>
  Check& operator<<(const T& v) {
    if (!ok) msg << v;
    return *this;
  }
};
}  // namespace tltest

#define TL_CONCAT2(a, b) a##b
#define TL_CONCAT(a, b) TL_CONCAT2(a, b)
#define TL_TEST(name)                                                     \
  static void TL_CONCAT(tl_test_, name)();                                \
  static tltest::Reg TL_CONCAT(tl_reg_, name)(#name, TL_CONCAT(tl_test_, name)); \
  static void TL_CONCAT(tl_test_, name)()
#define TL_CHECK(cond) tltest::Check((cond), __FILE__, __LINE__) << #cond << " "
