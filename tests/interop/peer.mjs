// An independent SD-JWT VC peer (@sd-jwt/sd-jwt-vc, @sd-jwt/crypto-nodejs, @sd-jwt/jwt-status-list, pinned in
// package.json) driven by tests/Honnin.Interop.Tests. Reads one JSON request on stdin, writes one JSON response on
// stdout. Commands: issue, present, verify, status-token, status-read, offer-resolve, offer-create and
// metadata-check (@openid4vc/openid4vci), dpop-create and dpop-verify (@openid4vc/oauth2). ES256 keys are JWKs. Optional members: hashAlg
// (the _sd_alg to issue with; sha-2 and sha3 names, hashed by node:crypto) and signAlg (the issuer's JWS algorithm when not
// ES256: RS256/384/512, PS256/384/512, ES384, ES512, signed and verified by node:crypto with the issuer JWK).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign as nodeSign, verify as nodeVerify, constants } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { StatusList, createHeaderAndPayload, getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { Openid4vciClient, Openid4vciIssuer } from '@openid4vc/openid4vci';
import { HashAlgorithm, Oauth2AuthorizationServer, calculateJwkThumbprint, resourceRequest } from '@openid4vc/oauth2';

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

const publicPart = ({ kty, crv, x, y }) => ({ kty, crv, x, y });

const NODE_HASH = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512', 'sha3-256': 'sha3-256', 'sha3-384': 'sha3-384', 'sha3-512': 'sha3-512' };
const hasher = (data, alg) => {
  const name = NODE_HASH[alg];
  if (!name) throw new Error(`unsupported hash ${alg}`);
  return new Uint8Array(createHash(name).update(typeof data === 'string' ? data : Buffer.from(data)).digest());
};

const JWS = {
  RS256: ['sha256', 'pkcs1'], RS384: ['sha384', 'pkcs1'], RS512: ['sha512', 'pkcs1'],
  PS256: ['sha256', 'pss'], PS384: ['sha384', 'pss'], PS512: ['sha512', 'pss'],
  ES384: ['sha384', 'ec'], ES512: ['sha512', 'ec'],
};
const keyOptions = (key, kind) =>
  kind === 'pss' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
  : kind === 'ec' ? { key, dsaEncoding: 'ieee-p1363' }
  : { key, padding: constants.RSA_PKCS1_PADDING };
const jwsSigner = (alg, jwk) => {
  const [hash, kind] = JWS[alg];
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  return async (data) => nodeSign(hash, Buffer.from(data), keyOptions(key, kind)).toString('base64url');
};
const jwsVerifier = (alg, jwk) => {
  const [hash, kind] = JWS[alg];
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return async (data, signature) => nodeVerify(hash, Buffer.from(data), keyOptions(key, kind), Buffer.from(signature, 'base64url'));
};

const instance = async (request) => {
  const config = { hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, signAlg: ES256.alg, kbSignAlg: ES256.alg };
  if (request.hashAlg) {
    config.hasher = hasher;
    config.hashAlg = request.hashAlg;
  }
  if (request.signAlg && request.signAlg !== ES256.alg) {
    const { d, p, q, dp, dq, qi, ...publicJwk } = request.issuerJwk;
    config.signAlg = request.signAlg;
    if (d) config.signer = jwsSigner(request.signAlg, request.issuerJwk);
    config.verifier = jwsVerifier(request.signAlg, publicJwk);
  } else {
    if (request.issuerJwk?.d) config.signer = await ES256.getSigner(request.issuerJwk);
    if (request.issuerJwk) config.verifier = await ES256.getVerifier(publicPart(request.issuerJwk));
  }
  if (request.holderJwk?.d) config.kbSigner = await ES256.getSigner(request.holderJwk);
  config.kbVerifier = async (data, signature, payload) => {
    const jwk = payload?.cnf?.jwk;
    if (!jwk) throw new Error('no cnf.jwk');
    return (await ES256.getVerifier(jwk))(data, signature);
  };
  if (request.statusLists) {
    config.statusListFetcher = async (uri) => {
      const jwt = request.statusLists[uri];
      if (!jwt) throw new Error('unknown status list');
      return jwt;
    };
  }
  return new SDJwtVcInstance(config);
};

const commands = {
  async issue(request) {
    const sdjwt = await instance(request);
    const claims = { ...request.claims };
    if (request.holderJwk) claims.cnf = { jwk: publicPart(request.holderJwk) };
    const credential = await sdjwt.issue(claims, request.frame, request.header ? { header: request.header } : undefined);
    return { credential };
  },

  async present(request) {
    const sdjwt = await instance(request);
    const kb = request.kb ? { kb: { payload: { iat: request.kb.iat, aud: request.kb.aud, nonce: request.kb.nonce } } } : undefined;
    const presentation = await sdjwt.present(request.credential, request.frame, kb);
    return { presentation };
  },

  async verify(request) {
    const sdjwt = await instance(request);
    try {
      const options = request.nonce ? { keyBindingNonce: request.nonce } : {};
      if (request.currentDate) options.currentDate = request.currentDate;
      const result = await sdjwt.verify(request.presentation, options);
      return { valid: true, payload: result.payload, kb: result.kb?.payload ?? null };
    } catch (error) {
      return { valid: false, error: String(error?.message ?? error) };
    }
  },

  async 'status-token'(request) {
    const list = new StatusList(request.statuses, request.bits);
    const payload = { iss: request.iss, sub: request.sub, iat: request.iat };
    if (request.ttl) payload.ttl = request.ttl;
    if (request.exp) payload.exp = request.exp;
    const values = createHeaderAndPayload(list, payload, { alg: ES256.alg, typ: 'statuslist+jwt' });
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode(values.header)}.${encode(values.payload)}`;
    const signature = await (await ES256.getSigner(request.issuerJwk))(input);
    return { jwt: `${input}.${signature}` };
  },

  async 'status-read'(request) {
    const list = getListFromStatusListJWT(request.jwt);
    return { bits: list.getBitsPerStatus(), statuses: request.indexes.map((i) => list.getStatus(i)) };
  },

  // A wallet resolving an offer link (by value; a credential_offer_uri would be fetched).
  async 'offer-resolve'(request) {
    try {
      return { offer: await new Openid4vciClient({ callbacks: oid4vciCallbacks }).resolveCredentialOffer(request.link) };
    } catch (error) {
      return { error: String(error?.message ?? error) };
    }
  },

  // The library's own check of Credential Issuer metadata (its schema for OpenID4VCI 1.0).
  async 'metadata-check'(request) {
    try {
      new Openid4vciIssuer({ callbacks: oid4vciCallbacks }).createCredentialIssuerMetadata(request.metadata);
      const known = new Openid4vciIssuer({ callbacks: oid4vciCallbacks }).getKnownCredentialConfigurationsSupported(request.metadata);
      return { valid: true, known: Object.keys(known) };
    } catch (error) {
      return { valid: false, error: String(error?.message ?? error) };
    }
  },

  // An issuer creating an offer link for its metadata.
  async 'offer-create'(request) {
    const issuer = new Openid4vciIssuer({ callbacks: oid4vciCallbacks });
    const created = await issuer.createCredentialOffer({
      issuerMetadata: { credentialIssuer: request.issuerMetadata, authorizationServers: request.authorizationServers, originalDraftVersion: 'V1' },
      credentialConfigurationIds: request.credentialConfigurationIds,
      grants: request.grants,
      credentialOfferUri: request.credentialOfferUri,
    });
    return { link: created.credentialOffer };
  },

  // A client making a DPoP proof for a resource request with its own new key (ES256 or EdDSA). The library only builds
  // proofs inside its requests, so the request goes to a fetch that keeps the headers and answers 200.
  async 'dpop-create'(request) {
    const { publicKey, privateKey } = request.alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicJwk = publicKey.export({ format: 'jwk' });
    let headers;
    const callbacks = {
      ...oid4vciCallbacks,
      fetch: async (_url, init) => {
        headers = init.headers;
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
      signJwt: async (signer, { header, payload }) => {
        const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const input = `${encode(header)}.${encode(payload)}`;
        const signature = signer.alg === 'EdDSA'
          ? nodeSign(null, Buffer.from(input), privateKey)
          : nodeSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
        return { jwt: `${input}.${signature.toString('base64url')}`, signerJwk: signer.publicJwk };
      },
    };
    await resourceRequest({
      url: request.url,
      accessToken: request.accessToken,
      requestOptions: { method: request.method },
      dpop: { signer: { method: 'jwk', alg: request.alg, publicJwk }, nonce: request.nonce, retryWithNonce: false },
      callbacks,
    });
    const thumbprint = await calculateJwkThumbprint({ jwk: publicJwk, hashAlgorithm: HashAlgorithm.Sha256, hashCallback: callbacks.hash });
    return { dpop: headers.DPoP, thumbprint };
  },

  // An authorization server checking a DPoP proof (typ, jwk, signature, htm, htu, nonce, ath) with the key in its jwk header.
  async 'dpop-verify'(request) {
    const verifyJwt = async (signer, { compact }) => {
      const [header, payload, signature] = compact.split('.');
      const key = createPublicKey({ key: signer.publicJwk, format: 'jwk' });
      const data = Buffer.from(`${header}.${payload}`);
      const verified = signer.alg === 'EdDSA'
        ? nodeVerify(null, data, key, Buffer.from(signature, 'base64url'))
        : nodeVerify(JWS[signer.alg]?.[0] ?? 'sha256', data, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
      return verified ? { verified: true, signerJwk: signer.publicJwk } : { verified: false };
    };
    try {
      const server = new Oauth2AuthorizationServer({ callbacks: { ...oid4vciCallbacks, verifyJwt } });
      const result = await server.verifyDpopJwt({
        dpopJwt: request.dpop,
        request: { method: request.method, url: request.url, headers: new Headers() },
        accessToken: request.accessToken,
        expectedNonce: request.nonce,
        allowedSigningAlgs: ['ES256', 'EdDSA'],
      });
      return { valid: true, thumbprint: result.jwkThumbprint };
    } catch (error) {
      return { valid: false, error: String(error?.errorResponse?.error ?? error?.message ?? error), description: String(error?.errorResponse?.error_description ?? '') };
    }
  },
};

// What @openid4vc/openid4vci and @openid4vc/oauth2 need to parse and create offers; nothing here signs or fetches (the DPoP commands add their own).
const oid4vciCallbacks = {
  fetch: globalThis.fetch,
  hash: (data, alg) => hasher(data, alg.toLowerCase()),
  generateRandom: (length) => randomBytes(length),
  signJwt: async () => { throw new Error('not used'); },
  verifyJwt: async () => { throw new Error('not used'); },
  clientAuthentication: () => {},
};

const request = await readStdin();
const command = commands[request.command];
if (!command) {
  process.stdout.write(JSON.stringify({ error: `unknown command ${request.command}` }));
  process.exit(2);
}
process.stdout.write(JSON.stringify(await command(request)));
