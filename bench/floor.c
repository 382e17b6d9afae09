/* floor.c: the least a process built on mbedTLS can do to make the request
 * `certreq -new` makes: load a PKCS#8 key, build a fixed CSR (or self-signed
 * certificate) with mbedTLS's own writer, sign it, write PEM. Statically
 * linked, no INF, no store: the speed and size floor of bench/run.sh.
 *
 *   floor csr|cert KEY.pem OUT.pem
 *   floor newkey-csr|newkey-csr-nosync p256|rsa2048 NEWKEY OUT.pem
 *
 * The newkey modes generate the key first and write it to a new file
 * NEWKEY.<pid> (SEC1 / PKCS#1 PEM, 0600, O_EXCL) before the CSR: `newkey-csr` keeps it as a careful program
 * must (fsync of the file, then of its directory: two flushes, what
 * certreq's store costs), `newkey-csr-nosync` does not flush at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <mbedtls/version.h> /* first: 3.x's build_info.h or 2.28's config.h */

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
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

/* write_key writes the key PEM to a new file, 0600; with `sync`, durably. */
static int write_key(const char *prefix, const unsigned char *pem, int sync) {
    char path[4096];
    snprintf(path, sizeof path, "%s.%d", prefix, (int)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    size_t n = strlen((const char *)pem);
    if (fd < 0 || write(fd, pem, n) != (ssize_t)n || (sync && fsync(fd) != 0) || close(fd) != 0) return -1;
    if (sync) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        int d = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d < 0 || fsync(d) != 0) return -1;
        close(d);
    }
    return 0;
}

/* new_key generates a P-256 or RSA-2048 key into `key` and writes it. */
static int new_key(mbedtls_pk_context *key, const char *type, const char *path, int sync, mbedtls_ctr_drbg_context *drbg) {
    int rsa = strcmp(type, "rsa2048") == 0;
    int rc = mbedtls_pk_setup(key, mbedtls_pk_info_from_type(rsa ? MBEDTLS_PK_RSA : MBEDTLS_PK_ECKEY));
    if (rc == 0 && rsa) rc = mbedtls_rsa_gen_key(mbedtls_pk_rsa(*key), mbedtls_ctr_drbg_random, drbg, 2048, 65537);
    if (rc == 0 && !rsa)
        rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*key), mbedtls_ctr_drbg_random, drbg);
    static unsigned char pem[8192];
    if (rc == 0) rc = mbedtls_pk_write_key_pem(key, pem, sizeof pem);
    if (rc == 0 && write_key(path, pem, sync) != 0) {
        perror(path);
        rc = -1;
    }
    mbedtls_platform_zeroize(pem, sizeof pem);
    return rc;
}

int main(int argc, char **argv) {
    int newkey = argc == 5 && (strcmp(argv[1], "newkey-csr") == 0 || strcmp(argv[1], "newkey-csr-nosync") == 0);
    if (!newkey && (argc != 4 || (strcmp(argv[1], "csr") && strcmp(argv[1], "cert")))) {
        fputs("usage: floor csr|cert KEY.pem OUT.pem\n"
              "       floor newkey-csr|newkey-csr-nosync p256|rsa2048 NEWKEY OUT.pem\n", stderr);
        return 2;
    }
    int cert = strcmp(argv[1], "cert") == 0;
    const char *out = argv[newkey ? 4 : 3];
    mbedtls_ctr_drbg_context drbg;
    mbedtls_pk_context key;
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_pk_init(&key);
    static unsigned char pem[8192];
    int rc = mbedtls_ctr_drbg_seed(&drbg, entropy, NULL, (const unsigned char *)"floor", 5);
    if (rc == 0 && newkey) rc = new_key(&key, argv[2], argv[3], strcmp(argv[1], "newkey-csr") == 0, &drbg);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 /* 3.x blinds EC key parsing */
    else if (rc == 0) rc = mbedtls_pk_parse_keyfile(&key, argv[2], NULL, mbedtls_ctr_drbg_random, &drbg);
#else
    else if (rc == 0) rc = mbedtls_pk_parse_keyfile(&key, argv[2], NULL);
#endif
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
        mbedtls_x509write_crt_set_subject_key(&w, &key);
        mbedtls_x509write_crt_set_issuer_key(&w, &key);
        mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 /* set_serial (an MPI) is deprecated in 3.x */
        if (rc == 0) rc = mbedtls_x509write_crt_set_serial_raw(&w, sn, sizeof sn);
#else
        if (rc == 0) rc = mbedtls_mpi_read_binary(&serial, sn, sizeof sn);
        if (rc == 0) rc = mbedtls_x509write_crt_set_serial(&w, &serial);
#endif
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
        FILE *f = fopen(out, "w");
        size_t n = strlen((const char *)pem);
        if (!f || fwrite(pem, 1, n, f) != n || fclose(f) != 0) {
            perror(out);
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
