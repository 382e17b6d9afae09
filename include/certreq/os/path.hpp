// os/path.hpp: split a path into directory and file name (string work only).
#pragma once
#include <string>
#include <string_view>

namespace certreq::os {

// parent_dir returns the directory part of `path`: "a/b" -> "a", "b" -> ".",
// "/b" -> "/". Trailing slashes of the result are dropped.
inline std::string parent_dir(std::string_view path) {
    std::size_t slash = path.find_last_of('/');
    if (slash == std::string_view::npos) return ".";
    std::size_t end = slash;
    while (end > 0 && path[end - 1] == '/') --end;
    if (end == 0) return "/";
    return std::string(path.substr(0, end));
}

// file_name returns the part after the last '/' ("" for "a/").
inline std::string file_name(std::string_view path) {
    std::size_t slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// join appends `name` to `dir` with exactly one '/'.
inline std::string join(std::string_view dir, std::string_view name) {
    std::string out(dir);
    if (!out.empty() && out.back() != '/') out += '/';
    out += name;
    return out;
}

}  // namespace certreq::os
