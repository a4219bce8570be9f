#include <cstring>

#include "harness.h"

int main(int argc, char** argv) {
  int passed = 0, failed = 0;
  for (auto& c : tltest::registry()) {
    if (argc > 1 && !std::strstr(c.name, argv[1])) continue;
    const int before = tltest::failures();
    c.fn();
    if (tltest::failures() == before) {
      passed++;
    } else {
      failed++;
      std::cerr << "FAILED " << c.name << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
