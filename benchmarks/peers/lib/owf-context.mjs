// Copied from tests/interop-mdoc/lib/owf-context.mjs (branch interop-mdoc), unchanged but for this line: the benchmark
// times @owf/mdoc with the same node:crypto context the interop tests use.
// The MdocContext that @owf/mdoc asks its user for: all of its crypto and X.509 work is injected. This one uses
// node:crypto only. The library leaves chain validation to the context and applies no mdoc certificate profile
// (EKU, key usage) itself; this context checks the path to a trusted certificate, each signature and each validity
// period, and no profile either.
import {
  createECDH, createHash, createHmac, createPrivateKey, createPublicKey, hkdfSync, randomBytes, sign, timingSafeEqual, verify,
  X509Certificate,
} from 'node:crypto';
import { CoseKey, KeyType } from '@owf/mdoc';

const curves = { 1: ['P-256', 'prime256v1', 32], 2: ['P-384', 'secp384r1', 48], 3: ['P-521', 'secp521r1', 66] };
const hashes = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', [-7]: 'sha256', [-35]: 'sha384', [-36]: 'sha512' };
const digests = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const curveOf = (key) => curves[key.curve] ?? (() => { throw new Error(`unsupported curve ${key.curve}`); })();
const publicJwk = (key) => ({ kty: 'EC', crv: curveOf(key)[0], x: b64u(key.x), y: b64u(key.y) });
const privateKeyObject = (key) => createPrivateKey({ key: { ...publicJwk(key), d: b64u(key.d) }, format: 'jwk' });
const publicKeyObject = (key) => createPublicKey({ key: publicJwk(key), format: 'jwk' });

// The library passes EMacKey inputs either as encoded COSE_Keys (when creating) or as a raw scalar and a raw
// uncompressed point (when verifying); accept both.
const rawPrivate = (bytes) => ([32, 48, 66].includes(bytes.length) ? bytes : CoseKey.decode(bytes).d);
const rawPublic = (bytes) => (bytes[0] === 4 && [65, 97, 133].includes(bytes.length) ? bytes : CoseKey.decode(bytes).publicKey);
const curveForScalar = (d) => Object.values(curves).find(([, , size]) => size === d.length)[1];

const hmac = (key, data) => new Uint8Array(createHmac('sha256', key instanceof CoseKey ? key.privateKey : key).update(data).digest());

function nameField(name, field) {
  return name.split('\n').map((line) => line.split('=')).filter(([k]) => k === field).map(([, ...v]) => v.join('='));
}

function checkValidAt(certificate, now) {
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
    throw new Error(`certificate '${certificate.subject.replace(/\n/g, ', ')}' is not valid at ${now.toISOString()}`);
  }
}

export const context = {
  crypto: {
    random: (length) => new Uint8Array(randomBytes(length)),
    digest: ({ digestAlgorithm, bytes }) => new Uint8Array(createHash(digests[digestAlgorithm]).update(bytes).digest()),
    calculateEphemeralMacKey: ({ privateKey, publicKey, sessionTranscriptBytes, info }) => {
      const d = rawPrivate(privateKey);
      const ecdh = createECDH(curveForScalar(d));
      ecdh.setPrivateKey(d);
      const sharedSecret = ecdh.computeSecret(rawPublic(publicKey));
      const salt = createHash('sha256').update(sessionTranscriptBytes).digest();
      const k = new Uint8Array(hkdfSync('sha256', sharedSecret, salt, Buffer.from(info), 32));
      return CoseKey.create({ keyType: KeyType.Oct, k });
    },
  },
  cose: {
    sign1: {
      sign: ({ toBeSigned, key, algorithm }) =>
        new Uint8Array(sign(hashes[algorithm ?? key.algorithm], toBeSigned, { key: privateKeyObject(key), dsaEncoding: 'ieee-p1363' })),
      verify: ({ key, sign1 }) =>
        verify(hashes[sign1.signatureAlgorithmName], sign1.toBeSigned, { key: publicKeyObject(key), dsaEncoding: 'ieee-p1363' }, sign1.signature),
    },
    mac0: {
      sign: ({ key, toBeAuthenticated }) => hmac(key, toBeAuthenticated),
      verify: ({ mac0, key }) => {
        const expected = hmac(key, mac0.toBeAuthenticated);
        return expected.length === mac0.tag.length && timingSafeEqual(expected, mac0.tag);
      },
    },
  },
  x509: {
    getIssuerNameField: ({ certificate, field }) => nameField(new X509Certificate(certificate).issuer, field),
    getPublicKey: ({ certificate }) => CoseKey.fromJwk(new X509Certificate(certificate).publicKey.export({ format: 'jwk' })),
    verifyCertificateChain: ({ trustedCertificates, x5chain, now = new Date() }) => {
      const chain = x5chain.map((der) => new X509Certificate(der));
      const anchors = trustedCertificates.map((der) => new X509Certificate(der));
      chain.forEach((certificate) => checkValidAt(certificate, now));
      for (let i = 0; i + 1 < chain.length; i++) {
        if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey)) throw new Error('x5chain is not a chain');
      }
      const last = chain.at(-1);
      const anchor = anchors.find((a) => a.raw.equals(last.raw) || (last.checkIssued(a) && last.verify(a.publicKey)));
      if (!anchor) throw new Error('x5chain does not lead to a trusted certificate');
      checkValidAt(anchor, now);
    },
    getCertificateData: ({ certificate }) => {
      const parsed = new X509Certificate(certificate);
      return {
        issuerName: parsed.issuer.replace(/\n/g, ', '),
        subjectName: parsed.subject.replace(/\n/g, ', '),
        serialNumber: parsed.serialNumber,
        thumbprint: parsed.fingerprint256.replace(/:/g, '').toLowerCase(),
        notBefore: new Date(parsed.validFrom),
        notAfter: new Date(parsed.validTo),
        pem: parsed.toString(),
      };
    },
  },
};
