// An independent OpenID4VCI issuer built on @openid4vc/openid4vci (Openid4vciIssuer), @openid4vc/oauth2
// (Oauth2AuthorizationServer, Oauth2ResourceServer) and @sd-jwt/sd-jwt-vc, pinned in package.json, driven by
// tests/Honnin.Interop.Tests. It listens on a free port of 127.0.0.1 and writes one JSON line to stdout once it is
// ready:
//   {"issuer": "http://127.0.0.1:PORT", "offer": "openid-credential-offer://?credential_offer=…",
//    "offer_by_reference": "openid-credential-offer://?credential_offer_uri=…", "tx_code": "123456",
//    "configuration_id": "…", "vct": "…", "issuer_jwk": {…}}
// It serves until its stdin closes. Run it with --batch-size N to change the metadata's batch_size (default 5).
//
// What it does, and how: credential issuer and authorization server metadata at their well-known paths (checked by the
// library's own schemas); one pre-authorized offer with a numeric tx_code, its code redeemable once; a token endpoint
// that requires DPoP (ES256) and a server DPoP nonce (400 use_dpop_nonce with DPoP-Nonce, RFC 9449 §8), issuing a JWT
// access token bound to the DPoP key (cnf.jkt), verified at the credential endpoint by the library's resource server
// (DPoP proof with ath) with DPoP nonces of its own (401 use_dpop_nonce, RFC 9449 §9); a nonce endpoint whose c_nonce is spent by one credential request; a credential endpoint that
// takes proofs.jwt and issues one SD-JWT VC (dc+sd-jwt, cnf.jwk) per proven key, each key only once.
import { createServer } from 'node:http';
import { webcrypto, createHash, randomBytes, randomInt } from 'node:crypto';
import { Openid4vciIssuer, setGlobalConfig } from '@openid4vc/openid4vci';
import { Oauth2AuthorizationServer, Oauth2ResourceServer, Oauth2ServerErrorResponseError, Oauth2ResourceUnauthorizedError, clientAuthenticationAnonymous, decodeJwt, calculateJwkThumbprint } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';

setGlobalConfig({ allowInsecureUrls: true });

const { subtle } = webcrypto;
const batchSizeArgument = process.argv.indexOf('--batch-size');
const batchSize = batchSizeArgument > 0 ? Number(process.argv[batchSizeArgument + 1]) : 5;
const configurationId = 'peer_employee_badge_dc_sd_jwt';
const vct = 'urn:example:peer:employee-badge:1';

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const publicPart = ({ kty, crv, x, y }) => ({ kty, crv, x, y });
const generatePair = async () => {
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return { privateKey: pair.privateKey, privateJwk: await subtle.exportKey('jwk', pair.privateKey), publicJwk: publicPart(await subtle.exportKey('jwk', pair.publicKey)) };
};

// The authorization server's access token key and the credential signing key: two keys, both made here.
const tokenKey = await generatePair();
tokenKey.publicJwk.kid = 'access-token-key';
const credentialKey = await generatePair();

const HASHES = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };
const callbacks = {
  fetch: globalThis.fetch,
  hash: (data, alg) => {
    const name = HASHES[String(alg).toLowerCase()];
    if (!name) throw new Error(`unsupported hash ${alg}`);
    return new Uint8Array(createHash(name).update(data).digest());
  },
  generateRandom: (length) => new Uint8Array(randomBytes(length)),
  // Only the access token is signed through the library, always by the token key.
  signJwt: async (signer, { header, payload }) => {
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, tokenKey.privateKey, Buffer.from(input));
    return { jwt: `${input}.${Buffer.from(signature).toString('base64url')}`, signerJwk: tokenKey.publicJwk };
  },
  // DPoP proofs, key proofs and access tokens: ES256 with the JWK the library names.
  verifyJwt: async (signer, { compact }) => {
    if (signer.method !== 'jwk' || signer.alg !== 'ES256') return { verified: false };
    const [h, p, s] = compact.split('.');
    try {
      const key = await subtle.importKey('jwk', publicPart(signer.publicJwk), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      const verified = await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(s, 'base64url'), Buffer.from(`${h}.${p}`));
      return verified ? { verified: true, signerJwk: signer.publicJwk } : { verified: false };
    } catch {
      return { verified: false };
    }
  },
  clientAuthentication: clientAuthenticationAnonymous(),
};

const issuer = new Openid4vciIssuer({ callbacks });
const authorizationServer = new Oauth2AuthorizationServer({ callbacks });
const resourceServer = new Oauth2ResourceServer({ callbacks });
const sdJwt = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, signAlg: ES256.alg, signer: await ES256.getSigner(credentialKey.privateJwk) });

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

const authorizationServerMetadata = authorizationServer.createAuthorizationServerMetadata({
  issuer: url,
  token_endpoint: `${url}/token`,
  jwks_uri: `${url}/jwks`,
  dpop_signing_alg_values_supported: ['ES256'],
  'pre-authorized_grant_anonymous_access_supported': true,
  grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
});
const credentialIssuerMetadata = issuer.createCredentialIssuerMetadata({
  credential_issuer: url,
  credential_endpoint: `${url}/credential`,
  nonce_endpoint: `${url}/nonce`,
  batch_credential_issuance: { batch_size: batchSize },
  display: [{ name: 'Peer Issuer', locale: 'en' }],
  credential_configurations_supported: {
    [configurationId]: {
      format: 'dc+sd-jwt',
      vct,
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
      credential_metadata: { display: [{ name: 'Employee badge', locale: 'en' }] },
    },
  },
});
const issuerMetadata = {
  credentialIssuer: credentialIssuerMetadata,
  authorizationServers: [authorizationServerMetadata],
  knownCredentialConfigurations: issuer.getKnownCredentialConfigurationsSupported(credentialIssuerMetadata),
  originalDraftVersion: 'V1',
};

// The one offer: its code is redeemable once; its credentials are issued once.
const preAuthorizedCode = randomBytes(24).toString('base64url');
const txCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
const grants = { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': preAuthorizedCode, tx_code: { input_mode: 'numeric', length: 6, description: 'The code from the e-mail' } } };
const byValue = await issuer.createCredentialOffer({ issuerMetadata, credentialConfigurationIds: [configurationId], grants });
const byReference = await issuer.createCredentialOffer({ issuerMetadata, credentialConfigurationIds: [configurationId], grants, credentialOfferUri: `${url}/offers/1` });
// The authorization server and the resource server (the credential endpoint) keep their own DPoP nonces, as RFC 9449
// §8 and §9 allow: a wallet's first credential request, with the token endpoint's nonce, is challenged.
const state = { codeRedeemed: false, issued: false, dpopNonces: new Set(), resourceDpopNonces: new Set(), dpopJtis: new Set(), cNonces: new Set(), provenKeys: new Set() };

const readBody = async (req) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (res, status, body, headers = {}) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
};

const requestLike = (req) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return { method: req.method, url: `${url}${req.url}`, headers };
};

const newDpopNonce = (nonces = state.dpopNonces) => {
  const nonce = randomBytes(16).toString('base64url');
  nonces.add(nonce);
  return nonce;
};

const routes = {
  'GET /.well-known/openid-credential-issuer': async (req, res) => send(res, 200, credentialIssuerMetadata),
  'GET /.well-known/oauth-authorization-server': async (req, res) => send(res, 200, authorizationServerMetadata),
  'GET /jwks': async (req, res) => send(res, 200, { keys: [{ ...tokenKey.publicJwk, use: 'sig', alg: 'ES256' }] }),
  'GET /offers/1': async (req, res) => (state.issued ? send(res, 404, { error: 'not_found' }) : send(res, 200, byReference.credentialOfferObject)),

  'POST /token': async (req, res) => {
    const request = requestLike(req);
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const parsed = authorizationServer.parseAccessTokenRequest({ request, accessTokenRequest: form });
    if (!parsed.dpop?.jwt) throw new Oauth2ServerErrorResponseError({ error: 'invalid_dpop_proof', error_description: 'A DPoP proof is required' });
    const { payload } = decodeJwt({ jwt: parsed.dpop.jwt });
    if (!payload.nonce || !state.dpopNonces.has(payload.nonce)) {
      return send(res, 400, { error: 'use_dpop_nonce', error_description: 'Use the DPoP nonce of the DPoP-Nonce header' }, { 'DPoP-Nonce': newDpopNonce() });
    }
    if (!payload.jti || state.dpopJtis.has(payload.jti)) throw new Oauth2ServerErrorResponseError({ error: 'invalid_dpop_proof', error_description: 'DPoP proof replayed' });
    const verified = await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
      authorizationServerMetadata,
      grant: parsed.grant,
      accessTokenRequest: parsed.accessTokenRequest,
      request,
      expectedPreAuthorizedCode: preAuthorizedCode,
      expectedTxCode: txCode,
      dpop: { required: true, jwt: parsed.dpop.jwt, allowedSigningAlgs: ['ES256'] },
    });
    state.dpopJtis.add(payload.jti);
    if (state.codeRedeemed) throw new Oauth2ServerErrorResponseError({ error: 'invalid_grant', error_description: 'The pre-authorized code was already redeemed' });
    state.codeRedeemed = true;
    const response = await authorizationServer.createAccessTokenResponse({
      authorizationServer: url,
      audience: url,
      subject: 'peer-holder',
      expiresInSeconds: 300,
      signer: { method: 'jwk', alg: 'ES256', publicJwk: tokenKey.publicJwk },
      dpop: { jwk: verified.dpop.jwk },
    });
    send(res, 200, response, { 'DPoP-Nonce': newDpopNonce() });
  },

  'POST /nonce': async (req, res) => {
    const cNonce = randomBytes(16).toString('base64url');
    state.cNonces.add(cNonce);
    send(res, 200, issuer.createNonceResponse({ cNonce, cNonceExpiresIn: 300 }));
  },

  'POST /credential': async (req, res) => {
    const request = requestLike(req);
    const body = await readBody(req);
    try {
      await resourceServer.verifyResourceRequest({ request, resourceServer: url, authorizationServers: [authorizationServerMetadata], allowedAuthenticationSchemes: ['DPoP'] });
    } catch (error) {
      if (error instanceof Oauth2ResourceUnauthorizedError) return send(res, 401, undefined, { 'WWW-Authenticate': error.toHeaderValue() });
      throw error;
    }
    const { jti: dpopJti, nonce: dpopNonce } = decodeJwt({ jwt: request.headers.get('DPoP') }).payload;
    if (!dpopNonce || !state.resourceDpopNonces.has(dpopNonce)) {
      return send(res, 401, undefined, { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="Use the DPoP nonce of the DPoP-Nonce header"', 'DPoP-Nonce': newDpopNonce(state.resourceDpopNonces) });
    }
    if (!dpopJti || state.dpopJtis.has(dpopJti)) {
      return send(res, 401, undefined, { 'WWW-Authenticate': 'DPoP error="invalid_dpop_proof", error_description="DPoP proof replayed"' });
    }
    state.dpopJtis.add(dpopJti);

    const parsed = issuer.parseCredentialRequest({ issuerMetadata, credentialRequest: JSON.parse(body) });
    if (parsed.credentialConfigurationId !== configurationId) throw new Oauth2ServerErrorResponseError({ error: 'unknown_credential_configuration' });
    const jwts = parsed.proofs?.jwt;
    if (!jwts || jwts.length === 0) throw new Oauth2ServerErrorResponseError({ error: 'invalid_proof', error_description: 'proofs.jwt is required' });
    if (jwts.length > batchSize) throw new Oauth2ServerErrorResponseError({ error: 'invalid_credential_request', error_description: 'More proofs than the batch size' });
    const nonce = decodeJwt({ jwt: jwts[0] }).payload.nonce;
    if (!nonce || !state.cNonces.has(nonce)) throw new Oauth2ServerErrorResponseError({ error: 'invalid_nonce', error_description: 'Unknown or spent c_nonce' });

    const keys = [];
    for (const jwt of jwts) {
      const { signer } = await issuer.verifyCredentialRequestJwtProof({ issuerMetadata, jwt, expectedNonce: nonce });
      if (signer.method !== 'jwk') throw new Oauth2ServerErrorResponseError({ error: 'invalid_proof', error_description: 'A key proof must carry its key as jwk' });
      const thumbprint = await calculateJwkThumbprint({ jwk: signer.publicJwk, hashAlgorithm: 'sha-256', hashCallback: callbacks.hash });
      if (state.provenKeys.has(thumbprint) || keys.some((k) => k.thumbprint === thumbprint)) throw new Oauth2ServerErrorResponseError({ error: 'invalid_proof', error_description: 'A key was proven before' });
      keys.push({ thumbprint, jwk: publicPart(signer.publicJwk) });
    }
    if (state.issued) throw new Oauth2ServerErrorResponseError({ error: 'credential_request_denied', error_description: 'The offer was issued' });
    state.cNonces.delete(nonce);
    state.issued = true;
    for (const { thumbprint } of keys) state.provenKeys.add(thumbprint);

    const now = Math.floor(Date.now() / 1000);
    const credentials = [];
    for (const { jwk } of keys) {
      const claims = { iss: url, iat: now, exp: now + 86_400 * 365, vct, cnf: { jwk }, given_name: '花子', family_name: '山田', employee_number: 'E-2026-0042', department: { name: '人事部', floor: 7 } };
      credentials.push({ credential: await sdJwt.issue(claims, { _sd: ['given_name', 'family_name', 'employee_number', 'department'], department: { _sd: ['floor'] } }) });
    }
    send(res, 200, issuer.createCredentialResponse({ credentialRequest: parsed, credentials, notificationId: 'peer-offer-1' }));
  },
};

server.on('request', async (req, res) => {
  const route = routes[`${req.method} ${req.url}`];
  try {
    if (!route) return send(res, 404, { error: 'not_found' });
    await route(req, res);
  } catch (error) {
    if (error instanceof Oauth2ServerErrorResponseError) return send(res, error.status ?? 400, error.errorResponse);
    process.stderr.write(`${req.method} ${req.url}: ${error?.stack ?? error}\n`);
    send(res, 500, { error: 'server_error', error_description: String(error?.message ?? error) });
  }
});

process.stdout.write(`${JSON.stringify({ issuer: url, offer: byValue.credentialOffer, offer_by_reference: byReference.credentialOffer, tx_code: txCode, configuration_id: configurationId, vct, issuer_jwk: credentialKey.publicJwk })}\n`);

// The test closes stdin to stop the issuer.
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
