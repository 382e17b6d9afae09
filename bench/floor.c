/* floor.c: the least a process built on mbedTLS can do to make the request
 * `certreq -new` makes: load a PKCS#8 key, build a fixed CSR (or self-signed
 * certificate) with mbedTLS's own writer, sign it, write PEM. Statically
 * linked, no INF, no store: the speed and size floor of bench/run.sh.
 *
 *   floor csr|cert KEY.pem OUT.pem
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_csr.h>

/* The request of examples/webserver.inf: SAN DNS=www.example.com,
 * DNS=example.com, IP=192.0.2.10; EKU serverAuth. */
static const unsigned char san[] = {0x30, 0x24, 0x82, 0x0f, 'w', 'w', 'w', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e',
                                    '.', 'c', 'o', 'm', 0x82, 0x0b, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o',
                                    'm', 0x87, 0x04, 192, 0, 2, 10};
static const unsigned char eku[] = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
static const char subject[] = "CN=www.example.com,O=Example Ltd,C=GB";

static int entropy(void *ctx, unsigned char *out, size_t len) {
    (void)ctx;
    while (len) {
        ssize_t n = getrandom(out, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        }
        out += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "csr") && strcmp(argv[1], "cert"))) {
        fputs("usage: floor csr|cert KEY.pem OUT.pem\n", stderr);
        return 2;
    }
    int cert = strcmp(argv[1], "cert") == 0;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_pk_context key;
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_pk_init(&key);
    static unsigned char pem[8192];
    int rc = mbedtls_ctr_drbg_seed(&drbg, entropy, NULL, (const unsigned char *)"floor", 5);
    if (rc == 0) rc = mbedtls_pk_parse_keyfile(&key, argv[2], NULL);
    if (rc == 0 && !cert) {
        mbedtls_x509write_csr w;
        mbedtls_x509write_csr_init(&w);
        mbedtls_x509write_csr_set_key(&w, &key);
        mbedtls_x509write_csr_set_md_alg(&w, MBEDTLS_MD_SHA256);
        rc = mbedtls_x509write_csr_set_subject_name(&w, subject);
        if (rc == 0) rc = mbedtls_x509write_csr_set_key_usage(&w, MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
        if (rc == 0)
            rc = mbedtls_x509write_csr_set_extension(&w, MBEDTLS_OID_SUBJECT_ALT_NAME,
                                                     MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), san, sizeof san);
        if (rc == 0)
            rc = mbedtls_x509write_csr_set_extension(&w, MBEDTLS_OID_EXTENDED_KEY_USAGE,
                                                     MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), eku, sizeof eku);
        if (rc == 0) rc = mbedtls_x509write_csr_pem(&w, pem, sizeof pem, mbedtls_ctr_drbg_random, &drbg);
        mbedtls_x509write_csr_free(&w);
    } else if (rc == 0) {
        mbedtls_x509write_cert w;
        mbedtls_mpi serial;
        unsigned char sn[16];
        mbedtls_x509write_crt_init(&w);
        mbedtls_mpi_init(&serial);
        rc = mbedtls_ctr_drbg_random(&drbg, sn, sizeof sn);
        sn[0] = (unsigned char)((sn[0] & 0x7f) | 0x10);
        if (rc == 0) rc = mbedtls_mpi_read_binary(&serial, sn, sizeof sn);
        mbedtls_x509write_crt_set_subject_key(&w, &key);
        mbedtls_x509write_crt_set_issuer_key(&w, &key);
        mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
        if (rc == 0) rc = mbedtls_x509write_crt_set_serial(&w, &serial);
        if (rc == 0) rc = mbedtls_x509write_crt_set_subject_name(&w, subject);
        if (rc == 0) rc = mbedtls_x509write_crt_set_issuer_name(&w, subject);
        if (rc == 0) rc = mbedtls_x509write_crt_set_validity(&w, "20260101000000", "20270101000000");
        if (rc == 0) rc = mbedtls_x509write_crt_set_key_usage(&w, MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
        if (rc == 0) rc = mbedtls_x509write_crt_set_subject_key_identifier(&w);
        if (rc == 0)
            rc = mbedtls_x509write_crt_set_extension(&w, MBEDTLS_OID_SUBJECT_ALT_NAME,
                                                     MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0, san, sizeof san);
        if (rc == 0)
            rc = mbedtls_x509write_crt_set_extension(&w, MBEDTLS_OID_EXTENDED_KEY_USAGE,
                                                     MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), 0, eku, sizeof eku);
        if (rc == 0) rc = mbedtls_x509write_crt_pem(&w, pem, sizeof pem, mbedtls_ctr_drbg_random, &drbg);
        mbedtls_mpi_free(&serial);
        mbedtls_x509write_crt_free(&w);
    }
    if (rc == 0) {
        FILE *f = fopen(argv[3], "w");
        size_t n = strlen((const char *)pem);
        if (!f || fwrite(pem, 1, n, f) != n || fclose(f) != 0) {
            perror(argv[3]);
            return 1;
        }
    }
    mbedtls_pk_free(&key);
    mbedtls_ctr_drbg_free(&drbg);
    if (rc != 0) {
        fprintf(stderr, "floor: mbedTLS error -0x%04x\n", (unsigned)-rc);
        return 1;
    }
    return 0;
}
