{
  # Sources come from scripts/native-sources.js, the one list shared with CMakeLists.txt.
  "variables": {
    "tl_cflags": ["-O3", "-std=c++17", "-fno-math-errno", "-Wall", "-Wextra", "-fvisibility=hidden"]
  },
  "targets": [
    {
      "target_name": "torchlet_avx2",
      "type": "static_library",
      "sources": ["<!@(node scripts/native-sources.js avx2)"],
      "include_dirs": ["native/include"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-O2", "-O0"],
      "cflags_cc": ["<@(tl_cflags)", "-fPIC"],
      "conditions": [
        ["target_arch=='x64'", { "cflags_cc": ["-mavx2", "-mfma", "-mf16c", "-Wno-maybe-uninitialized"] }],
        ["OS=='mac' and target_arch=='x64'", { "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-mavx2", "-mfma", "-mf16c"] } }]
      ],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"] }
    },
    {
      "target_name": "torchlet_avx512",
      "type": "static_library",
      "sources": ["<!@(node scripts/native-sources.js avx512)"],
      "include_dirs": ["native/include"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-O2", "-O0"],
      "cflags_cc": ["<@(tl_cflags)", "-fPIC"],
      "conditions": [
        ["target_arch=='x64'", { "cflags_cc": ["-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mavx2", "-mfma", "-Wno-maybe-uninitialized"] }],
        ["OS=='mac' and target_arch=='x64'", { "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mavx2", "-mfma"] } }]
      ],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"] }
    },
    {
      "target_name": "torchlet",
      "dependencies": ["torchlet_avx2", "torchlet_avx512"],
      "sources": ["<!@(node scripts/native-sources.js base)"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native/include"],
      "defines": ["NAPI_VERSION=9", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-O2", "-O0"],
      "cflags_cc": ["<@(tl_cflags)", "-fexceptions", "-pthread"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
    }
  ]
}
