// replay_main.cpp: runs a fuzz target over files and directories without
// libFuzzer, so `meson test` replays seeds (NAME.in/) and crash reproducers
// (NAME.repro/) on every build with any compiler.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

static void run_one(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(buf.data()), buf.size());
}

int main(int argc, char** argv) {
    std::size_t n = 0;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path p(argv[i]);
        if (std::filesystem::is_directory(p)) {
            for (auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file()) run_one(e.path()), ++n;
        } else if (std::filesystem::exists(p)) {
            run_one(p), ++n;
        }
    }
    std::printf("replayed %zu inputs\n", n);
    return 0;
}
