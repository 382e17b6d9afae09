"""The policy the CEP test endpoint serves ([MS-XCEP] GetPoliciesResponse):
templates whose CAs point at the test service's own CES endpoints, so
`certreq -enroll -PolicyServer` goes CEP -> CES -> the local CA. Written from
the element definitions of MS-XCEP 3.1.4.1.3 (tests/data/adcs/xcep.xsd checks
every answer before it is sent)."""
import base64

NS = "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy"
ACTION = "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPolicies"
ACTION_RESPONSE = "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPoliciesResponse"
KERBEROS, USERNAME, CERTIFICATE, ANONYMOUS = 2, 4, 8, 1

# Template OIDs (group 9) as AD CS makes them: the forest's base, then the template's own arcs.
OIDS = [(1, "1.2.840.113549.1.1.1", 3, "RSA"), (2, "1.2.840.10045.3.1.7", 3, "ECDSA_P256"),
        (3, "2.16.840.1.101.3.4.2.1", 1, "sha256"), (4, "2.5.29.15", 6, "Key Usage"),
        (5, "2.5.29.37", 6, "Enhanced Key Usage"),
        (10, "1.3.6.1.4.1.311.21.8.7654321.1234567.1.2.3.4.101", 9, "CepWeb"),
        (11, "1.3.6.1.4.1.311.21.8.7654321.1234567.1.2.3.4.102", 9, "CepPending"),
        (12, "1.3.6.1.4.1.311.21.8.7654321.1234567.1.2.3.4.103", 9, "CepUser"),
        (13, "1.3.6.1.4.1.311.21.8.7654321.1234567.1.2.3.4.104", 9, "CepNew")]
KU_DS_KE = base64.b64encode(bytes.fromhex("030205a0")).decode()      # digitalSignature, keyEncipherment
EKU_SERVER = base64.b64encode(bytes.fromhex("300a06082b06010505070301")).decode()  # serverAuth


def _nil(name, value):
    return "<%s>%s</%s>" % (name, value, name) if value is not None else '<%s xsi:nil="true"/>' % name


def _policy(oid_ref, ca_refs, cn, schema, major, minor, key_len, key_spec, alg_ref, subject_flags, hash_ref, exts):
    cas = "<cAs>%s</cAs>" % "".join("<cAReference>%d</cAReference>" % c for c in ca_refs)
    ext = ("<extensions>%s</extensions>" % "".join(
        "<extension><oIDReference>%d</oIDReference><critical>%s</critical><value>%s</value></extension>" % e for e in exts)
        if exts else '<extensions xsi:nil="true"/>')
    return ("<policy><policyOIDReference>%d</policyOIDReference>%s<attributes><commonName>%s</commonName>"
            "<policySchema>%d</policySchema><certificateValidity><validityPeriodSeconds>31536000</validityPeriodSeconds>"
            "<renewalPeriodSeconds>3628800</renewalPeriodSeconds></certificateValidity>"
            "<permission><enroll>true</enroll><autoEnroll>false</autoEnroll></permission>"
            "<privateKeyAttributes><minimalKeyLength>%d</minimalKeyLength>%s<keyUsageProperty xsi:nil=\"true\"/>"
            "<permissions xsi:nil=\"true\"/>%s<cryptoProviders xsi:nil=\"true\"/></privateKeyAttributes>"
            "<revision><majorRevision>%d</majorRevision><minorRevision>%d</minorRevision></revision>"
            "<supersededPolicies xsi:nil=\"true\"/><privateKeyFlags>0</privateKeyFlags><subjectNameFlags>%d</subjectNameFlags>"
            "<enrollmentFlags>32</enrollmentFlags><generalFlags>66112</generalFlags>%s<rARequirements xsi:nil=\"true\"/>"
            "<keyArchivalAttributes xsi:nil=\"true\"/>%s</attributes></policy>"
            % (oid_ref, cas, cn, schema, key_len, _nil("keySpec", key_spec), _nil("algorithmOIDReference", alg_ref),
               major, minor, subject_flags, _nil("hashAlgorithmOIDReference", hash_ref), ext))


def _ca(ref, uris, cert_der):
    u = "".join("<cAURI><clientAuthentication>%d</clientAuthentication><uri>%s</uri>%s<renewalOnly>%s</renewalOnly></cAURI>"
                % (auth, uri, _nil("priority", prio), "true" if renewal else "false") for auth, uri, prio, renewal in uris)
    return ("<cA><uris>%s</uris><certificate>%s</certificate><enrollPermission>true</enrollPermission>"
            "<cAReferenceID>%d</cAReferenceID></cA>" % (u, base64.b64encode(cert_der).decode(), ref))


def _envelope(body, relates_to):
    # As WCF writes it: xsi declared on the Body, other prefixes than the client's.
    return ('<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">'
            '<env:Header><wsa:Action env:mustUnderstand="1">%s</wsa:Action><wsa:RelatesTo>%s</wsa:RelatesTo></env:Header>'
            '<env:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">%s</env:Body></env:Envelope>'
            % (ACTION_RESPONSE, relates_to, body)).encode()


def not_changed(relates_to=""):
    """The answer to a client whose lastUpdate is current ([MS-XCEP] 3.1.4.1.3.9): policiesNotChanged true,
    policies, cAs and oIDs nil."""
    return _envelope('<GetPoliciesResponse xmlns="%s"><response><policyID>{0F3C9A7E-5B1D-4C2E-9A8B-7D6E5F4A3B2C}</policyID>'
                     '<policyFriendlyName>certreq test forest</policyFriendlyName><nextUpdateHours>8</nextUpdateHours>'
                     '<policiesNotChanged>true</policiesNotChanged><policies xsi:nil="true"/></response>'
                     '<cAs xsi:nil="true"/><oIDs xsi:nil="true"/></GetPoliciesResponse>' % NS, relates_to)


def response(ces_url, issuing_cert, pending_cert, cert_only=False, relates_to="", with_new=False):
    """GetPoliciesResponse: CepWeb (schema 2, RSA 2048, KU + EKU) and CepUser (schema 1) at the Issuing CA,
    CepPending (schema 4, ECDSA P-256) at the Pending CA; with_new adds CepNew (schema 2, ECDSA P-256, Issuing). ces_url(ca, auth) names a CES endpoint; with cert_only
    the CAs offer Certificate authentication only (and a renewal-only Kerberos URI)."""
    def uris(ca):
        if cert_only:
            return [(CERTIFICATE, ces_url(ca, "Certificate"), 1, False), (KERBEROS, ces_url(ca, "Kerberos"), 1, True)]
        # UsernamePassword listed first but with a higher priority number: the client must sort.
        return [(USERNAME, ces_url(ca, "UsernamePassword"), 2, False), (KERBEROS, ces_url(ca, "Kerberos"), 1, False),
                (ANONYMOUS, ces_url("Fault", "Anonymous"), 1, True)]
    policies = (_policy(10, [1], "CepWeb", 2, 100, 5, 2048, 1, 1, 0x40000000, 3, [(4, "true", KU_DS_KE), (5, "false", EKU_SERVER)]) +
                _policy(11, [2], "CepPending", 4, 100, 1, 256, 0, 2, 0x40000000, 3, [(5, "false", EKU_SERVER)]) +
                _policy(12, [1], "CepUser", 1, 4, 1, 2048, 1, None, 0x40000000, None, []))
    if with_new:  # what change_policy() adds: a template clients only learn of from a full answer
        policies += _policy(13, [1], "CepNew", 2, 100, 1, 256, 0, 2, 0x40000000, 3, [(5, "false", EKU_SERVER)])
    oids = "".join("<oID><value>%s</value><group>%d</group><oIDReferenceID>%d</oIDReferenceID><defaultName>%s</defaultName></oID>"
                   % (v, g, r, n) for r, v, g, n in OIDS)
    body = ('<GetPoliciesResponse xmlns="%s"><response><policyID>{0F3C9A7E-5B1D-4C2E-9A8B-7D6E5F4A3B2C}</policyID>'
            '<policyFriendlyName>certreq test forest</policyFriendlyName><nextUpdateHours>8</nextUpdateHours>'
            '<policiesNotChanged>false</policiesNotChanged><policies>%s</policies></response><cAs>%s%s</cAs>'
            '<oIDs>%s</oIDs></GetPoliciesResponse>'
            % (NS, policies, _ca(1, uris("Issuing"), issuing_cert), _ca(2, uris("Pending"), pending_cert), oids))
    return _envelope(body, relates_to)
