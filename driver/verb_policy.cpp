// certreq -policy [-cert CertId] RequestFileIn PolicyFileIn RequestFileOut [PKCS10FileOut]:
// applies a policy INF to a request or CA certificate and signs the result
// with an installed certificate's key (verbs/policy.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/mbed/rng.hpp"
#include "certreq/os/file.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/policy.hpp"
#include "certreq/verbs/sign.hpp"
#include "certreq/verbs/signing_cert.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

std::optional<verbs::signing_cert> load_cert_option(const command_line& cl, const char* verb, std::string_view purpose,
                                                    std::string_view purpose_name);  // verb_sign.cpp

int run_policy(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 3 && cl.positional.size() != 4) {
        err("certreq -policy: expected RequestFileIn, PolicyFileIn, RequestFileOut and optionally PKCS10FileOut "
            "(certreq -policy -? for help)\n");
        return exit_usage;
    }
    const std::string& in_path = cl.positional[0];
    const std::string& inf_path = cl.positional[1];
    const std::string& out_path = cl.positional[2];
    const std::string p10_path = cl.positional.size() == 4 ? cl.positional[3] : std::string();
    verbs::policy_options opt;
    opt.pss = o.alternate_signature;
    opt.attrib = o.attrib;
    if (!o.hash_algorithm.empty()) {
        auto h = verbs::parse_hash_name(o.hash_algorithm);
        if (!h) return err("certreq: -HashAlgorithm: expected sha1, sha256, sha384 or sha512, got '", o.hash_algorithm, "'\n"), exit_usage;
        opt.hash = *h;
    }
    std::vector<std::string> out_paths{out_path};
    if (!p10_path.empty()) out_paths.push_back(p10_path);
    auto outs = plan_outputs(out_paths, o.force);
    if (!outs) return exit_failed;
    auto file = os::read_file(in_path);
    if (!file) return fail(file.err().message, file.err().hresult());
    auto inf = os::read_file(inf_path);
    if (!inf) return fail(inf.err().message, inf.err().hresult());
    auto signer = load_cert_option(cl, "-policy", verbs::purpose_qualified_subordination, "Qualified Subordination");
    if (!signer) return windows_line(core::hr::crypt_not_found), exit_failed;
    auto rng = mbed::system_rng();
    if (!rng) return fail(rng.err().message(), core::hr::fail);
    auto r = verbs::build_policy(*file, in_path, *inf, inf_path, *signer, opt, *rng);
    r.diags().print(stderr, o.verbose ? severity::note : severity::warning);
    if (!r.ok) return fail_diags(r.diags());
    auto text = verbs::output_file_text(verbs::label_new_request, r.cmc, o.binary, o.unicode_text);
    auto p10 = verbs::output_file_text(verbs::label_new_request, r.pkcs10, o.binary, o.unicode_text);
    std::vector<std::optional<byte_view>> data{as_bytes(text)};
    if (!p10_path.empty()) data.emplace_back(as_bytes(p10));
    if (auto s = outs->commit(data, os::output_mode()); !s) return fail(s.err().message, s.err().hresult());  // both or neither
    // Printed under -q too (it suppresses prompts only): scripts parse this line.
    out("CertReq: Request Created\n");
    return exit_ok;
}

}  // namespace certreq::driver
