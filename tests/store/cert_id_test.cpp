// store/cert_id.hpp: resolve_certificate, the one CertId lookup of every verb
// that takes -cert (thumbprint with any separators and case, serial number,
// subject CN or FriendlyName; ambiguous and unknown names are errors).
#include "certreq/store/cert_id.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

#include "support.hpp"

using namespace certreq;

namespace {

// a.der: openssl req -x509 ... -set_serial, thumbprint d6bb5292343d7e36b68e45822ffad34ca94140bb
const std::string cert_a_hex =
        "3082019b30820141a00302010202021234300a06082a8648ce3d040302302c3110300e060355040a0c074578616d706c6531"
        "18301606035504030c0f7777772e6578616d706c652e636f6d301e170d3236313230313231343530325a170d333631313238"
        "3231343530325a302c3110300e060355040a0c074578616d706c653118301606035504030c0f7777772e6578616d706c652e"
        "636f6d3059301306072a8648ce3d020106082a8648ce3d030107034200040730eb175b0a0ec4d8d7329bc80f1389cba88f46"
        "c6ce237beca7b54089980f63002e96496ae6f7db892917e41cb8abd2e813a8930966131534670983b61d9bf1a3533051301d"
        "0603551d0e0416041495429b17f9295078ed714c31754390fb4238931f301f0603551d2304183016801495429b17f9295078"
        "ed714c31754390fb4238931f300f0603551d130101ff040530030101ff300a06082a8648ce3d040302034800304502207cc3"
        "2aabe150ae82bf0d0deb06f2411bfaf6a8a55ed018c670fcd4034a12dec9022100e921041d46d6bea51f607ccdb33b0b045c"
        "94de637ba40f497e6d8692e5d9e9ce";

// b.der: openssl req -x509 ... -set_serial, thumbprint 648ef37443d85cd87798c4e19ed7c1b838491494
const std::string cert_b_hex =
        "308201a030820147a00302010202025678300a06082a8648ce3d040302302f310f300d06035504030c065365636f6e64310c"
        "300a060355040b0c034f7073310e300c06035504030c055468697264301e170d3236313230313231343530325a170d333631"
        "3132383231343530325a302f310f300d06035504030c065365636f6e64310c300a060355040b0c034f7073310e300c060355"
        "04030c0554686972643059301306072a8648ce3d020106082a8648ce3d03010703420004d578dc967ea7374cd80b5814c03c"
        "61754452578c105e9ffb1e8a3fdeb204f19380e72ab24ddb3cca63f2ccbc75aaa728442869f037b25fa002c398dd457c9de6"
        "a3533051301d0603551d0e04160414d97bb2f29d1b6c6e7d05e116eecae627f2b5d52e301f0603551d23041830168014d97b"
        "b2f29d1b6c6e7d05e116eecae627f2b5d52e300f0603551d130101ff040530030101ff300a06082a8648ce3d040302034700"
        "304402205b6ab1404880c4c2d66f0b3e7f816a414c24e0685114b2f1a8f2eac480f7496b02204a2e1d66c882e5b0ba2406b4"
        "063e67ac0c3006e1ea374019cf848002b4fe58be";
const std::string thumb_a = "d6bb5292343d7e36b68e45822ffad34ca94140bb";  // subject O=Example, CN=www.example.com; serial 1234
const std::string thumb_b = "648ef37443d85cd87798c4e19ed7c1b838491494";  // subject CN=Second, OU=Ops, CN=Third; serial 5678

void install(store::key_store& ks, const std::string& hex, const std::string& thumb, const std::string& serial,
             const std::string& friendly) {
    store::installed_certificate info;
    info.thumbprint = thumb;
    info.serial = serial;
    info.key_container = "k" + thumb.substr(0, 6);
    info.friendly_name = friendly;
    REQUIRE(ks.install_certificate(store::from_hex(hex), info));
}

}  // namespace

TEST_CASE("resolve_certificate: thumbprint, serial, CN and FriendlyName") {
    store_test::temp_store t;
    store::key_store ks(t.root);
    install(ks, cert_a_hex, thumb_a, "1234", "Web Server");
    install(ks, cert_b_hex, thumb_b, "5678", "");
    struct want {
        std::string id, thumb;
    };
    for (const want& w : {want{thumb_a, thumb_a},
                          want{"D6BB5292343D7E36B68E45822FFAD34CA94140BB", thumb_a},
                          want{"d6 bb 52 92 34 3d 7e 36 b6 8e 45 82 2f fa d3 4c a9 41 40 bb", thumb_a},  // spec §1.2
                          want{"D6:BB:52:92:34:3D:7E:36:B6:8E:45:82:2F:FA:D3:4C:A9:41:40:BB", thumb_a},
                          want{"  " + thumb_b + " ", thumb_b},
                          want{"1234", thumb_a},
                          want{"56 78", thumb_b},
                          want{"www.example.com", thumb_a},
                          want{"WWW.Example.COM", thumb_a},   // names are case-insensitive
                          want{"web server", thumb_a},        // FriendlyName
                          want{"Second", thumb_b},            // any CN of the subject
                          want{"third", thumb_b}}) {
        CAPTURE(w.id);
        auto c = store::resolve_certificate(ks, w.id);
        REQUIRE_MESSAGE(c, c.err().message);
        CHECK(c->thumbprint == w.thumb);
        CHECK(c->key_container == "k" + w.thumb.substr(0, 6));
        CHECK(c->der == store::from_hex(w.thumb == thumb_a ? cert_a_hex : cert_b_hex));
    }
}

TEST_CASE("resolve_certificate: nothing matches, or several do") {
    store_test::temp_store t;
    store::key_store ks(t.root);
    auto empty = store::resolve_certificate(ks, "www.example.com");
    REQUIRE(!empty);
    CHECK(empty.err().os_errno == ENOENT);

    install(ks, cert_a_hex, thumb_a, "1234", "Web Server");
    install(ks, cert_b_hex, thumb_b, "5678", "");
    for (std::string id : {"www.example", "example.com", "Example", "Ops", "www.example.com ,", "12", "d6bb5292343d7e36b68e45822ffad34ca94140bc"}) {
        CAPTURE(id);
        auto c = store::resolve_certificate(ks, id);
        REQUIRE(!c);
        CHECK(c.err().os_errno == ENOENT);
        CHECK(c.err().message == "no installed certificate matches '" + id + "' in " + t.root);
    }
    auto blank = store::resolve_certificate(ks, "  ");
    REQUIRE(!blank);
    CHECK(blank.err().os_errno == EINVAL);

    // The same certificate installed twice (say, by two tools) and another
    // certificate whose FriendlyName is that CN: all three match the name.
    const std::string thumb_c = "00000000000000000000000000000000000000c3";
    install(ks, cert_a_hex, thumb_c, "1234", "");
    const std::string thumb_d = "ffffffffffffffffffffffffffffffffffffffd4";
    install(ks, cert_b_hex, thumb_d, "9999", "WWW.EXAMPLE.COM");
    auto amb = store::resolve_certificate(ks, "www.example.com");
    REQUIRE(!amb);
    CHECK(amb.err().os_errno == 0);  // not a system error
    CHECK(amb.err().hresult == core::hr::fail);
    CHECK(amb.err().message == "3 installed certificates in " + t.root +
                                       " match 'www.example.com'; give the thumbprint of one:\n  " + thumb_c + "\n  " + thumb_a +
                                       "\n  " + thumb_d);
    auto serial = store::resolve_certificate(ks, "1234");  // two entries share the serial
    REQUIRE(!serial);
    CHECK(serial.err().hresult == core::hr::fail);
    CHECK(serial.err().message.find(thumb_a) != std::string::npos);
    CHECK(serial.err().message.find(thumb_c) != std::string::npos);
    // A full thumbprint still names exactly one.
    for (const std::string& th : {thumb_a, thumb_c, thumb_d}) {
        auto c = store::resolve_certificate(ks, th);
        REQUIRE(c);
        CHECK(c->thumbprint == th);
    }
    auto third = store::resolve_certificate(ks, "third");  // cert b is installed twice as well
    REQUIRE(!third);
    CHECK(third.err().message.rfind("2 installed certificates in ", 0) == 0);
}
