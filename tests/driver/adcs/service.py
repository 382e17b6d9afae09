"""A protocol-level AD CS test service on loopback HTTPS: the server side of
[MS-WSTEP] (CES) issuing from certreq's own local CA (the `certreq` binary
run as the CA's back end). Every SOAP request is validated against the
schemas in tests/data/adcs (MS-WSTEP's published schema and the
envelope/WS-Trust subset written from the document's text); a request that
fails validation is answered 400 and recorded in `violations`, which the
test asserts empty. Not a Windows server: see the README's AD CS section.

It also serves the Web Enrollment pages (certsrv: certfnsh.asp, certnew.cer,
certnew.p7b) at /<CA>/certsrv/, with HTTP Basic authentication (CA names
starting Iwa: IIS's Windows authentication, Negotiate and NTLM offered, NTLMv2
verified for real: ntlm.py); their HTML is
modelled on the English pages of Windows Server (not copied from one), and
every form field posted is checked.

URL paths choose the behaviour: /<CA>_CES_<Auth>/service.svc/CES with CA
Issuing (issues at once) or Pending (a CA that leaves requests pending) and
Auth UsernamePassword (WS-Security UsernameToken checked), Kerberos (HTTP
Negotiate: SPNEGO accepted with python3-gssapi against the test KDC's
HTTP/localhost keytab), Certificate (TLS client authentication: a
certificate the client CA issued; the TLS server asks every client for one
and verifies it) or Anonymous; certsrv under /Kerb/ takes Negotiate. CA
names Fault, Huge, Malformed, Html, Redirect, Soap11 answer badly on purpose.

The enrollment policy service (CEP, [MS-XCEP]) is at
/<Policy>_CEP_<Auth>/service.svc/CEP with the same Auth kinds: each
GetPolicies is validated against tests/data/adcs/soap12-envelope-xcep.xsd
(and xcep.xsd), and the policy it answers (xcep_policy.py; its CAs point at
the CES endpoints above) against xcep.xsd before it is sent. Policy
ADPolicyProvider offers Kerberos and UsernamePassword CES endpoints,
CertOnly only Certificate ones, Fault answers with a SOAP fault; Changing is
ADPolicyProvider until change_policy() adds a template to it. The client's
lastUpdate is honoured: not older than the policy's last change, the answer
is policiesNotChanged. A PKCS#7 renewal sent to CES is verified with OpenSSL
(verify_renewal) before the CA sees it."""
import base64
import binascii
import http.server
import urllib.parse
import os
import re
import ssl
import struct
import subprocess
import tempfile
import threading
import time
import datetime

import gssapi
from lxml import etree

import ntlm
import xcep_policy

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://www.w3.org/2005/08/addressing",
    "wst": "http://docs.oasis-open.org/ws-sx/ws-trust/200512",
    "o": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wstep": "http://schemas.microsoft.com/windows/pki/2009/01/enrollment",
    "auth": "http://schemas.xmlsoap.org/ws/2006/12/authorization",
}
ACTION_RST = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RST/wstep"
ACTION_RSTRC = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RSTRC/wstep"
ISSUE = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue"
QUERY = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/QueryTokenStatus"
B64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary"
X509 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
PKCS7 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#PKCS7"  # as MS-WSTEP 4.1.1.2
SOAP_CT = "application/soap+xml; charset=utf-8"
SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")           # id-signedData, a ContentInfo's contentType
CMC_PKI_DATA = bytes.fromhex("06082b06010505070c02")            # id-cct-PKIData: a CMC request is SignedData too
RENEWAL_CERT_ATTR = bytes.fromhex("06092b0601040182370d01")     # 1.3.6.1.4.1.311.13.1, the renewal certificate attribute


def envelope(body, relates_to=""):
    # Prefixes other than the client's own (and default namespaces inside),
    # as WCF writes them: the client must go by namespace, not by prefix.
    return ('<env:Envelope xmlns:env="%s" xmlns:wsa="%s"><env:Header>'
            '<wsa:Action env:mustUnderstand="1">%s</wsa:Action><wsa:RelatesTo>%s</wsa:RelatesTo>'
            '</env:Header><env:Body>%s</env:Body></env:Envelope>'
            % (NS["s"], NS["a"], ACTION_RSTRC, relates_to, body)).encode()


def fault(reason, code="Receiver", error_code=None, request_id=None, relates_to=""):
    detail = ""
    if error_code is not None or request_id is not None:
        detail = ('<env:Detail><CertificateEnrollmentWSDetail xmlns="%s" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
                  '<BinaryResponse i:nil="true"/><ErrorCode>%d</ErrorCode><InvalidRequest>%s</InvalidRequest>%s'
                  '</CertificateEnrollmentWSDetail></env:Detail>'
                  % (NS["wstep"], error_code or 0, "true" if request_id is None else "false",
                     '<RequestID i:nil="true"/>' if request_id is None else "<RequestID>%d</RequestID>" % request_id))
    return envelope('<env:Fault><env:Code><env:Value>env:%s</env:Value></env:Code>'
                    '<env:Reason><env:Text xml:lang="en-US">%s</env:Text></env:Reason>%s</env:Fault>'
                    % (code, reason, detail), relates_to)


def rstr(request_id, message, cert_der=None, response_der=None, relates_to=""):
    token = ""
    if response_der is not None:
        token = ('<BinarySecurityToken ValueType="%s" EncodingType="%s" xmlns="%s">%s</BinarySecurityToken>'
                 % (PKCS7, B64, NS["o"], base64.b64encode(response_der).decode()))
    requested = ""
    if cert_der is not None:
        requested = ('<RequestedSecurityToken><wsse:BinarySecurityToken ValueType="%s" EncodingType="%s" '
                     'xmlns:wsse="%s">%s</wsse:BinarySecurityToken></RequestedSecurityToken>'
                     % (X509, B64, NS["o"], base64.b64encode(cert_der).decode()))
    return envelope('<RequestSecurityTokenResponseCollection xmlns="%s"><RequestSecurityTokenResponse>'
                    '<TokenType>%s</TokenType><DispositionMessage xml:lang="en-US" xmlns="%s">%s</DispositionMessage>'
                    '%s%s<RequestID xmlns="%s">%d</RequestID></RequestSecurityTokenResponse>'
                    '</RequestSecurityTokenResponseCollection>'
                    % (NS["wst"], X509, NS["wstep"], message, token, requested, NS["wstep"], request_id), relates_to)


PAGE = ('<HTML><Head><Meta HTTP-Equiv="Content-Type" Content="text/html; charset=UTF-8">'
        '<Title>Microsoft Active Directory Certificate Services</Title></Head><Body BgColor=#FFFFFF>'
        '<Table Border=0 CellSpacing=0 CellPadding=4 Width=100%%><TR><TD><Font Color=#FFFFFF><LocID ID=locMSCertSrv>'
        '<Font Face="Arial" Size=-1><B><I>Microsoft</I></B> Active Directory Certificate Services</Font></LocID>'
        ' &nbsp;--&nbsp; Test CA</Font></TD></TR></Table><P ID=locPageTitle><Font Face="Arial" Size=+1><B>%s</B></Font>'
        '<!-- Green HR --><Table><TR><TD></TD></TR></Table>%s</Body></HTML>')
ISSUED = ('<P ID=locInfoReqIDAndReason>The certificate you requested was issued to you.</P>'
          '<Script Language="JavaScript">var sPendingText = "Certificate Pending";</Script>'
          '<Table><TR><TD><A Href="certnew.cer?ReqID=%d&amp;Enc=b64">Download certificate</A></TD></TR>'
          '<TR><TD><A Href="certnew.p7b?ReqID=%d&amp;Enc=b64">Download certificate chain</A></TD></TR></Table>')
PENDING = ('<P>Your certificate request has been received. However, you must wait for an administrator to issue the '
           'certificate you requested.</P><P>Your Request Id is %d.</P>'
           '<P>Please return to this web site in a day or two to retrieve your certificate.</P>')
DENIED = ('<P>Your certificate request was denied.</P><P>Your Request Id is %d. The disposition message is '
          '"%s".</P><P>Contact your administrator for further information.</P>')
ERROR = ('<P>Your certificate request could not be processed.</P><P>An unexpected error has occurred: %s</P>')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype=SOAP_CT, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.negotiate_reply:  # mutual authentication: the acceptor's token
            self.send_header("WWW-Authenticate", "Negotiate " + self.negotiate_reply)
            self.negotiate_reply = None
        for k, v in (extra.items() if isinstance(extra, dict) else extra or []):  # a list: a header more than once
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client hung up on purpose (its size limit)

    negotiate_reply = None

    def negotiate_ok(self):
        """HTTP Negotiate (RFC 4559): one SPNEGO token, accepted with the service keytab."""
        svc = self.server.svc
        h = self.headers.get("Authorization", "")
        if h.startswith("Negotiate "):
            try:
                ctx = gssapi.SecurityContext(usage="accept", creds=gssapi.Credentials(usage="accept"))
                out = ctx.step(base64.b64decode(h[len("Negotiate "):]))
                if ctx.complete:
                    svc.principals.append(str(ctx.initiator_name))
                    self.negotiate_reply = base64.b64encode(out).decode() if out else None
                    return True
                svc.auth_failures.append("SPNEGO needs another round")
            except (gssapi.exceptions.GSSError, ValueError) as e:
                svc.auth_failures.append(str(e))
        self.send(401, b"<html><body>401 - Unauthorized</body></html>", "text/html", {"WWW-Authenticate": "Negotiate"})
        return False

    def client_certificate_ok(self):
        peer = self.connection.getpeercert()  # verified against the client CA, or {} / None
        if peer and peer.get("subject"):
            cn = [v for rdn in peer["subject"] for k, v in rdn if k == "commonName"]
            self.server.svc.principals.append("cert:" + (cn[0] if cn else "?"))
            return True
        self.send(403, b"<html><body>403.7 - Forbidden: client certificate required</body></html>", "text/html")
        return False

    def auth_ok(self, ca):
        if ca.startswith("Kerb"):
            return self.negotiate_ok()
        return self.windows_auth_ok() if ca.startswith("Iwa") else self.basic_ok()

    ntlm_state = None  # (server challenge, target info) sent on this connection, awaiting AUTHENTICATE

    def windows_auth_ok(self):
        """IIS's Windows authentication: Negotiate and NTLM offered; NTLM's three legs on one connection
        (NEGOTIATE, CHALLENGE, AUTHENTICATE verified from the password: tests/driver/adcs/ntlm.py)."""
        svc = self.server.svc
        h = self.headers.get("Authorization", "")
        if h.startswith("Negotiate "):
            return self.negotiate_ok()
        if h.startswith("NTLM "):
            try:
                msg = base64.b64decode(h[len("NTLM "):], validate=True)
                if ntlm.message_type(msg) == 1:
                    out, server_challenge, info = ntlm.challenge(msg)
                    self.ntlm_state = (server_challenge, info)
                    self.send(401, b"<html><body>401.1 - Unauthorized</body></html>", "text/html",
                              {"WWW-Authenticate": "NTLM " + base64.b64encode(out).decode()})
                    return False
                if self.ntlm_state is None:
                    raise ValueError("AUTHENTICATE without a CHALLENGE on this connection")
                ok, who = ntlm.authenticate(msg, *self.ntlm_state, svc.user, svc.password)
                self.ntlm_state = None
                if ok:
                    svc.principals.append("ntlm:" + who)
                    return True
                svc.auth_failures.append("NTLM: " + who)
            except (ValueError, struct.error, UnicodeDecodeError, binascii.Error) as e:
                svc.auth_failures.append("NTLM: %s" % e)
        self.send(401, b"<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>",
                  "text/html", [("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM")])
        return False

    def basic_ok(self):
        svc = self.server.svc
        want = "Basic " + base64.b64encode(("%s:%s" % (svc.user, svc.password)).encode()).decode()
        if self.headers.get("Authorization") == want:
            return True
        self.send(401, b"<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>",
                  "text/html", {"WWW-Authenticate": 'Basic realm="localhost"'})
        return False

    def page(self, title, inner):
        self.send(200, (PAGE % (title, inner)).encode(), "text/html; charset=utf-8")

    def certsrv_answer(self, out, fetch=None):
        rid, text, cert, full, chain = out
        if fetch == "cer" and cert is not None:
            pem = b"-----BEGIN CERTIFICATE-----\r\n" + base64.encodebytes(cert).replace(b"\n", b"\r\n") + \
                  b"-----END CERTIFICATE-----\r\n"
            return self.send(200, pem, "application/pkix-cert")
        if fetch == "p7b" and chain is not None:
            return self.send(200, base64.b64encode(chain), "application/x-pkcs7-certificates")
        if cert is not None:
            return self.page("Certificate Issued", ISSUED % (rid, rid))
        if "pending" in text:
            return self.page("Certificate Pending", PENDING % rid)
        if "Denied" in text:
            return self.page("Certificate Request Denied", DENIED % (rid, text.split("(Denied) ", 1)[1].strip()))
        return self.page("Certificate Request Error", ERROR % text.replace("<", " "))

    def do_GET(self):
        svc = self.server.svc
        url = urllib.parse.urlsplit(self.path)
        svc.requests.append({"path": url.path, "headers": dict(self.headers), "body": b""})
        m = re.fullmatch(r"/([A-Za-z0-9]+)/certsrv/certnew\.(cer|p7b)", url.path)
        if not m:
            return self.send(404, b"<html><body>404 Not Found</body></html>", "text/html")
        if not self.auth_ok(m.group(1)):
            return
        q = urllib.parse.parse_qs(url.query, strict_parsing=True)
        if set(q) != {"ReqID", "Enc"} or q["Enc"] != ["b64"] or not q["ReqID"][0].isdigit():
            svc.violations.append("certnew query %r" % url.query)
            return self.send(400, b"bad query", "text/plain")
        ca_dir = svc.cas.get(m.group(1))
        if ca_dir is None:
            return self.send(404, b"no such CA", "text/plain")
        return self.certsrv_answer(svc.ca_run(ca_dir, "-retrieve", q["ReqID"][0], ""), m.group(2))

    def certsrv_post(self, ca, body):
        svc = self.server.svc
        if not self.auth_ok(ca):
            return
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
            svc.violations.append("certfnsh Content-Type %r" % self.headers.get("Content-Type"))
            return self.send(415, b"unsupported media type", "text/plain")
        try:
            form = urllib.parse.parse_qs(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError) as e:
            svc.violations.append("certfnsh form: %s" % e)
            return self.send(400, b"bad form", "text/plain")
        expected = {"Mode", "CertRequest", "CertAttrib", "TargetStoreFlags", "SaveCert", "ThumbPrint"}
        if set(form) != expected or any(len(v) != 1 for v in form.values()) or form["Mode"] != ["newreq"]:
            svc.violations.append("certfnsh fields %r" % sorted(form))
            return self.send(400, b"bad form", "text/plain")
        pem = form["CertRequest"][0]
        m = re.fullmatch(r"-----BEGIN CERTIFICATE REQUEST-----\r\n([A-Za-z0-9+/=\r\n]+)\r\n"
                         r"-----END CERTIFICATE REQUEST-----\r\n", pem)
        attrs = form["CertAttrib"][0]
        if not m or (attrs and not attrs.endswith("\r\n")):
            svc.violations.append("certfnsh CertRequest/CertAttrib %r / %r" % (pem[:60], attrs[:60]))
            return self.send(400, b"bad form", "text/plain")
        attrib = "\\n".join(line for line in attrs.split("\r\n") if line)
        svc.attributes.append(attrib)
        if ca == "Html":
            return self.send(200, b"<html><head><title>Sign in</title></head><body><form>User name: <input name=u>"
                                  b"</form><script>var secret = 1;</script></body></html>", "text/html")
        if ca == "Error":
            return self.page("Certificate Request Error",
                             ERROR % "The request contains no certificate template information. 0x80094801 "
                                     "(-2146875391 CERTSRV_E_NO_CERT_TYPE)")
        ca_dir = svc.cas.get(ca)
        if ca_dir is None:
            return self.send(404, b"no such CA", "text/plain")
        return self.certsrv_answer(svc.ca_run(ca_dir, "-submit", base64.b64decode(m.group(1)), attrib))

    def authenticated(self, auth):
        """The HTTP-level authentication an endpoint of this kind asks for; False once refused (answered)."""
        if auth == "Kerberos" and not self.negotiate_ok():
            return False
        if auth == "Certificate" and not self.client_certificate_ok():
            return False
        return True

    def soap_request(self, body, schema, what):
        """The SOAP 1.2 request parsed and checked against `schema`; None once refused (415 or 400 sent)."""
        svc = self.server.svc
        if not self.headers.get("Content-Type", "").startswith("application/soap+xml"):
            svc.violations.append(what + " Content-Type " + self.headers.get("Content-Type", "(none)"))
            self.send(415, b"unsupported media type", "text/plain")
            return None
        try:
            doc = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
            schema.assertValid(doc)
        except (etree.XMLSyntaxError, etree.DocumentInvalid) as e:
            svc.violations.append("%s: %s" % (what, e))
            self.send(400, ("schema violation: %s" % e).encode(), "text/plain")
            return None
        return doc

    def username_token_ok(self, doc, auth, msg_id, endpoint):
        """A UsernamePassword endpoint's WS-Security UsernameToken checked (False once refused); others must have none."""
        svc = self.server.svc
        if auth == "UsernamePassword":
            user = doc.findtext("s:Header/o:Security/o:UsernameToken/o:Username", namespaces=NS)
            password = doc.findtext("s:Header/o:Security/o:UsernameToken/o:Password", namespaces=NS)
            if (user, password) != (svc.user, svc.password):
                # What WCF answers for a failed UsernameToken check.
                self.send(500, fault("An error occurred when verifying security for the message.", "Sender",
                                     relates_to=msg_id))
                return False
        elif doc.find("s:Header/o:Security", NS) is not None:
            svc.violations.append("a UsernameToken sent to " + endpoint)
        return True

    def cep_post(self, policy, auth, body):
        """GetPolicies: the request checked against the XCEP schema, the policy answered (itself schema-checked)."""
        svc = self.server.svc
        if not self.authenticated(auth):
            return
        doc = self.soap_request(body, svc.xcep_request_schema, "CEP " + policy)
        if doc is None:
            return
        msg_id = (doc.findtext("s:Header/a:MessageID", namespaces=NS) or "").strip()
        action = (doc.findtext("s:Header/a:Action", namespaces=NS) or "").strip()
        to = (doc.findtext("s:Header/a:To", namespaces=NS) or "").strip()
        if action != xcep_policy.ACTION or to != svc.cep_url(policy, auth):
            svc.violations.append("CEP Action %r / To %r" % (action, to))
            return self.send(500, fault("wrong Action or To", "Sender"))
        if not self.username_token_ok(doc, auth, msg_id, "a CEP %s endpoint" % auth):
            return
        last = doc.find("s:Body/p:GetPolicies/p:client/p:lastUpdate", dict(NS, p=xcep_policy.NS))
        last = None if last is None or last.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true" else last.text.strip()
        entry = {"policy": policy, "auth": auth, "body": body, "last_update": last, "full": False}
        svc.cep_requests.append(entry)
        if policy == "Fault":
            return self.send(500, fault("The Certificate Enrollment Policy Web Service could not reach Active Directory.",
                                        relates_to=msg_id))
        if policy not in ("ADPolicyProvider", "CertOnly", "Changing"):
            return self.send(404, b"<html><body>404 Not Found</body></html>", "text/html")
        # [MS-XCEP] 3.1.4.1.3.9: a client whose lastUpdate is not older than the policy's last change is told
        # policiesNotChanged (oIDs, cAs and policies nil); others get the whole policy.
        changed = svc.policy_changed.get(policy, svc.started)
        if last is not None:
            try:
                when = datetime.datetime.fromisoformat(last.replace("Z", "+00:00")).timestamp()
            except ValueError as e:
                svc.violations.append("CEP lastUpdate %r: %s" % (last, e))
                return self.send(500, fault("lastUpdate is not an xs:dateTime", "Sender", relates_to=msg_id))
            if when >= changed:
                return self.send(200, xcep_policy.not_changed(msg_id))
        entry["full"] = True
        cert = lambda ca: open(os.path.join(svc.cas[ca], "ca.cer"), "rb").read()
        answer = xcep_policy.response(svc.url, cert("Issuing"), cert("Pending"), policy == "CertOnly", msg_id,
                                      with_new=policy in svc.policy_changed)
        try:  # the answer must be what the schema allows, or the test proves nothing about the client
            body_el = etree.fromstring(answer).find("{%s}Body" % NS["s"])[0]
            svc.xcep_schema.assertValid(etree.ElementTree(body_el))
        except etree.DocumentInvalid as e:
            svc.violations.append("the CEP answer itself: %s" % e)
        return self.send(200, answer)

    def do_POST(self):
        svc = self.server.svc
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path.split("?")[0]
        svc.requests.append({"path": path, "headers": dict(self.headers), "body": body})
        cs = re.fullmatch(r"/([A-Za-z0-9]+)/certsrv/certfnsh\.asp", path)
        if cs:
            return self.certsrv_post(cs.group(1), body)
        cep = re.fullmatch(r"/([A-Za-z0-9]+)_CEP_([A-Za-z]+)/service\.svc/CEP", path)
        if cep:
            return self.cep_post(cep.group(1), cep.group(2), body)
        m = re.fullmatch(r"/([A-Za-z0-9]+)_CES_([A-Za-z]+)/service\.svc/CES", path)
        if not m:
            return self.send(404, b"<html><body>404 Not Found</body></html>", "text/html")
        ca, auth = m.groups()
        if not self.authenticated(auth):
            return
        if ca == "Redirect":
            return self.send(302, b"", "text/html", {"Location": svc.url("Issuing", auth)})
        if ca == "Html":
            return self.send(200, b"<html><head><title>Service Unavailable</title></head><body>IIS</body></html>",
                             "text/html")
        doc = self.soap_request(body, svc.schema, path)
        if doc is None:
            return
        # xs:anyURI content: white space around it collapses (the MS-WSTEP samples break the Action line).
        msg_id = (doc.findtext("s:Header/a:MessageID", namespaces=NS) or "").strip()
        action = (doc.findtext("s:Header/a:Action", namespaces=NS) or "").strip()
        to = doc.findtext("s:Header/a:To", namespaces=NS)
        to = to.strip() if to is not None else None
        if action != ACTION_RST or (to is not None and to != svc.url(ca, auth)):  # To is optional (MS-WSTEP 4.1)
            svc.violations.append("Action %r / To %r" % (action, to))
            return self.send(500, fault("wrong Action or To", "Sender"))
        if not self.username_token_ok(doc, auth, msg_id, "a %s endpoint" % auth):
            return
        if ca == "Fault":
            return self.send(500, fault("The requested certificate template is not supported by this CA.",
                                        error_code=-2146875390, relates_to=msg_id))  # CERTSRV_E_UNSUPPORTED_CERT_TYPE
        if ca == "Huge":
            return self.send(200, envelope("<x>" + "A" * (5 << 20) + "</x>"))
        if ca == "Malformed":
            return self.send(200, envelope("")[:-30])
        if ca == "Soap11":
            return self.send(200, b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/>'
                                  b'</soap:Envelope>')
        rst = doc.find("s:Body/wst:RequestSecurityToken", NS)
        rtype = rst.findtext("wst:RequestType", namespaces=NS)
        ca_dir = svc.cas.get(ca)
        if ca_dir is None:
            return self.send(404, b"no such CA", "text/plain")
        if rtype == ISSUE:
            token = rst.find("o:BinarySecurityToken", NS)
            if token is None:
                return self.send(500, fault("no BinarySecurityToken", "Sender", relates_to=msg_id))
            der = base64.b64decode(token.text)
            svc.submitted.append(der)
            if SIGNED_DATA in der[:24] and CMC_PKI_DATA not in der[:64]:  # a PKCS#7 renewal: verified here, not by the CA behind
                problem = svc.verify_renewal(ca_dir, der) if ca_dir else None
                svc.renewals.append(problem or "verified")
                if problem:
                    return self.send(500, fault("The renewal request is not valid: " + problem, "Sender",
                                                error_code=-2146893818, relates_to=msg_id))  # NTE_BAD_SIGNATURE
            attrib = "\\n".join("%s:%s" % (i.get("Name"), i.findtext("auth:Value", default="", namespaces=NS))
                                for i in rst.findall("auth:AdditionalContext/auth:ContextItem", NS))
            svc.attributes.append(attrib)
            out = svc.ca_run(ca_dir, "-submit", der, attrib)
        elif rtype == QUERY:
            out = svc.ca_run(ca_dir, "-retrieve", rst.findtext("wstep:RequestID", namespaces=NS).strip(), "")
        else:
            return self.send(500, fault("unsupported RequestType", "Sender", relates_to=msg_id))
        rid, text, cert, full, _ = out
        if cert is not None:
            return self.send(200, rstr(rid, "Issued", cert, full, msg_id))
        if "pending" in text:
            return self.send(200, rstr(rid, "Taken Under Submission", None, None, msg_id))
        if "Denied" in text:
            hr = re.search(r"0x([0-9a-f]{8})", text)
            code = int(hr.group(1), 16) - (1 << 32) if hr else -2147467259
            reason = text.split("(Denied) ", 1)[1].split(" 0x")[0]
            return self.send(500, fault("Denied by Policy Module  " + reason, error_code=code, request_id=rid,
                                        relates_to=msg_id))
        return self.send(500, fault("CA error: " + text, relates_to=msg_id))


class Service:
    def __init__(self, workdir, certreq, data_dir, cas, tls_cert, tls_key, user="alice", password="pw", client_ca=None):
        self.certreq, self.cas, self.user, self.password = certreq, cas, user, password
        self.workdir = workdir
        self.requests, self.violations, self.attributes = [], [], []
        self.principals, self.auth_failures = [], []
        self.schema = etree.XMLSchema(etree.parse(os.path.join(data_dir, "adcs", "soap12-envelope.xsd")))
        self.xcep_request_schema = etree.XMLSchema(etree.parse(os.path.join(data_dir, "adcs", "soap12-envelope-xcep.xsd")))
        self.xcep_schema = etree.XMLSchema(etree.parse(os.path.join(data_dir, "adcs", "xcep.xsd")))
        self.cep_requests, self.submitted, self.renewals = [], [], []
        self.started = time.time()
        self.policy_changed = {}  # policy -> when it last changed (the template CepNew added)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.svc = self
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls_cert, tls_key)
        if client_ca:
            ctx.verify_mode = ssl.CERT_OPTIONAL
            ctx.load_verify_locations(client_ca)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, ca, auth):
        return "https://localhost:%d/%s_CES_%s/service.svc/CES" % (self.port, ca, auth)

    def cep_url(self, policy, auth):
        return "https://localhost:%d/%s_CEP_%s/service.svc/CEP" % (self.port, policy, auth)

    def certsrv(self, ca):
        return "https://localhost:%d/%s/certsrv" % (self.port, ca)

    def ca_run(self, ca_dir, verb, arg, attrib):
        """Runs the local CA through certreq: (RequestId, disposition text, cert DER or None, full response DER,
        chain DER)."""
        with self.lock, tempfile.TemporaryDirectory(dir=self.workdir) as t:
            if verb == "-submit":
                with open(os.path.join(t, "req.der"), "wb") as f:
                    f.write(arg)
                arg = os.path.join(t, "req.der")
            args = [self.certreq, verb, "-binary", "-config", ca_dir]
            if attrib:
                args += ["-attrib", attrib]
            args += [arg, os.path.join(t, "c.cer"), os.path.join(t, "c.p7b"), os.path.join(t, "c.rsp")]
            env = dict(os.environ, CERTREQ_USER_STORE=os.path.join(self.workdir, "ca-user-store"),
                       CERTREQ_MACHINE_STORE=os.path.join(self.workdir, "ca-machine-store"))
            r = subprocess.run(args, capture_output=True, text=True, env=env)
            m = re.search(r"RequestId: (\d+)", r.stdout)
            if r.returncode != 0 or not m:
                return 0, (r.stdout + r.stderr).strip(), None, None, None
            read = lambda n: open(os.path.join(t, n), "rb").read() if os.path.exists(os.path.join(t, n)) else None
            issued = "Certificate retrieved(Issued)" in r.stdout
            return (int(m.group(1)), r.stdout, read("c.cer") if issued else None, read("c.rsp") if issued else None,
                    read("c.p7b") if issued else None)

    def change_policy(self, policy):
        """The administrator adds a template (CepNew) to `policy`: clients with an older lastUpdate get it."""
        time.sleep(1.1)  # lastUpdate has whole seconds: a fetch in the same second as the change stays older
        self.policy_changed[policy] = time.time()

    def verify_renewal(self, ca_dir, der):
        """A PKCS#7 renewal checked with OpenSSL: the SignedData's signature by the certificate it carries, that
        certificate's chain to this CA, the inner PKCS#10's own signature, and the PKCS#10's renewal certificate
        attribute naming the signer. None when it holds, else why not."""
        with tempfile.TemporaryDirectory(dir=self.workdir) as t:
            p = lambda n: os.path.join(t, n)
            with open(p("req.p7"), "wb") as f:
                f.write(der)
            subprocess.run(["openssl", "x509", "-inform", "DER", "-in", os.path.join(ca_dir, "ca.cer"), "-out", p("ca.pem")],
                           check=True, capture_output=True)
            r = subprocess.run(["openssl", "cms", "-verify", "-inform", "DER", "-in", p("req.p7"), "-binary", "-CAfile",
                                p("ca.pem"), "-purpose", "any", "-out", p("inner.der"), "-signer", p("signer.pem")],
                               capture_output=True, text=True)
            if r.returncode:
                return "its signature does not verify (%s)" % " ".join(r.stderr.split())[:200]
            r = subprocess.run(["openssl", "req", "-inform", "DER", "-in", p("inner.der"), "-verify", "-noout"],
                               capture_output=True, text=True)
            if r.returncode:
                return "the inner PKCS#10's signature does not verify"
            signer = subprocess.run(["openssl", "x509", "-in", p("signer.pem"), "-outform", "DER"], capture_output=True,
                                    check=True).stdout
            inner = open(p("inner.der"), "rb").read()
            if RENEWAL_CERT_ATTR + b"\x31" not in inner or signer not in inner:
                return "the PKCS#10 does not name its signer as the certificate renewed"
        return None

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
