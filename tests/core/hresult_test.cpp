#include <doctest/doctest.h>

#include <type_traits>

#include <cerrno>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/os/error.hpp"

using namespace certreq;
namespace hr = certreq::core::hr;

TEST_CASE("HRESULTs print in certreq.exe's form (spec §1.5, §10)") {
    CHECK(core::hresult_form(hr::file_not_found) == "0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)");
    CHECK(core::hresult_form(hr::file_exists) == "0x80070050 (WIN32: 80 ERROR_FILE_EXISTS)");
    CHECK(core::hresult_form(hr::access_denied) == "0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)");
    CHECK(core::hresult_form(hr::invalid_data) == "0x8007000d (WIN32: 13 ERROR_INVALID_DATA)");
    CHECK(core::hresult_form(hr::inf_line_not_found) == "0xe0000102 (INF: -536870654)");
    CHECK(core::hresult_form(hr::crypt_invalid_x500_string) == "0x80092023 (-2146885597 CRYPT_E_INVALID_X500_STRING)");
    CHECK(core::hresult_form(hr::winhttp_timeout) == "0x80072ee2 (WinHttp: 12002 ERROR_WINHTTP_TIMEOUT)");
    CHECK(core::hresult_form(hr::winhttp_cannot_connect) == "0x80072efd (WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT)");
    CHECK(core::hresult_form(core::http_status_hresult(404)) == "0x80190194 (-2145844844 HTTP_E_STATUS_NOT_FOUND)");
    CHECK(core::hresult_form(hr::certsrv_admin_denied) == "0x80094014 (-2146877420 CERTSRV_E_ADMIN_DENIED_REQUEST)");
    CHECK(core::hresult_form(hr::scard_wrong_pin) == "0x8010006b (-2146434965 SCARD_W_WRONG_CHV)");
    CHECK(core::hresult_form(hr::scard_pin_blocked) == "0x8010006c (-2146434964 SCARD_W_CHV_BLOCKED)");
    CHECK(core::hresult_form(hr::scard_no_smartcard) == "0x8010000c (-2146435060 SCARD_E_NO_SMARTCARD)");
    CHECK(core::hresult_form(0x80071234) == "0x80071234 (WIN32: 4660)");  // unknown code: no symbol
    CHECK(core::processor_line(hr::winhttp_timeout) ==
          "Certificate Request Processor: The operation timed out 0x80072ee2 (WinHttp: 12002 ERROR_WINHTTP_TIMEOUT)");
    CHECK(core::processor_line(hr::none) == "Certificate Request Processor: Unspecified error 0x80004005 (-2147467259 E_FAIL)");
}

TEST_CASE("errno maps to HRESULTs in one place; the file layer's errors are core::error carrying it") {
    CHECK(core::from_errno(ENOENT) == hr::file_not_found);
    CHECK(core::from_errno(EEXIST) == hr::file_exists);
    CHECK(core::from_errno(EACCES) == hr::access_denied);
    CHECK(core::from_errno(EPERM) == hr::access_denied);
    CHECK(core::from_errno(ENOSPC) == hr::disk_full);
    CHECK(core::from_errno(0) == hr::fail);
    CHECK(os::sys_error("cannot open", "x.inf", ENOENT).hresult == hr::file_not_found);
    CHECK(os::sys_error("cannot open", "x.inf", ENOENT).os_errno == ENOENT);
    CHECK(os::sys_error("cannot open", "x.inf", ENOENT).message == "cannot open x.inf: No such file or directory");
    CHECK(os::failure(EEXIST, "x").hresult == hr::file_exists);
    CHECK(os::failure(0, "x", hr::rpc_unavailable).hresult == hr::rpc_unavailable);  // errno cannot name it
    CHECK(core::failed("x").hresult == hr::fail);
    CHECK(core::failed("x").os_errno == 0);
    CHECK(core::error("bad name", hr::invalid_data).hresult == hr::invalid_data);
    static_assert(std::is_same_v<os::error, core::error>);
}

TEST_CASE("diagnostics: the HRESULT of the first error, ERROR_INVALID_DATA by default") {
    diagnostics none;
    none.warning({1, 1}, "w");
    CHECK(none.hresult() == hr::none);
    diagnostics d;
    d.warning({1, 1}, "w");
    d.error({2, 1}, "KeyLength: expected a number");
    d.error({3, 1}, "Subject: bad", hr::crypt_invalid_x500_string);
    CHECK(d.hresult() == hr::invalid_data);
    diagnostics s;
    s.error({3, 1}, "Subject: bad", hr::crypt_invalid_x500_string);
    s.error({4, 1}, "KeyLength: expected a number");
    CHECK(s.hresult() == hr::crypt_invalid_x500_string);
}

TEST_CASE("a quoted line holding a NUL shows it as U+2400, the caret still under the column") {
    source_text src("n.inf", std::string("[NewRequest]\nExportable = TR\0UE\n", 32));
    diagnostics d(&src);
    d.error({2, 16}, "NUL character in the file");
    CHECK(d.format(d.items()[0]) ==
          "n.inf:2:16: error: NUL character in the file\n"
          "    Exportable = TR\xE2\x90\x80UE\n"
          "                   ^\n");
}
